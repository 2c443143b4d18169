// The behavioral twin in lock-step with the RTL (make_nic_model "both") on
// bare models, no SystemC, driven by a random host: register writes and
// reads anywhere in the map (CTRL.RST and RDH included), frames good and bad
// (preamble, FCS, runts, jumbos, 802.1Q tags, IPv4 with good or bad
// checksums, any destination), a descriptor ring whose fetches answer late
// and in pieces, a DMA write channel that stalls and refuses bursts, MSI
// back-pressure, the link dropping, and idle skips. lockstep_nic throws at
// the first edge where an output differs. And the same host against the
// twin's event path (event_checked_nic.h, checked against the per-edge twin):
// every frame handed over whole, random stretches clocked by run_quiet.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "eth_fcs.h"
#include "event_checked_nic.h"
#include "lockstep_nic.h"
#include "nic_defines.h"
#include "nic_regs.h"
#include "nic_rtl.h"

using rxsim::nic_inputs;
using rxsim::nic_outputs;

namespace {

class random_host {
public:
    // `event_path`: the twin's event path checked against the per-edge twin
    // instead of RTL and twin in lock-step.
    random_host(const std::string &build, uint32_t seed, bool event_path = false)
        : nic_(event_path ? checked(build) : rxsim::make_nic_model(build, "both")), n_(nic_->wire_bytes()),
          rng_(seed), event_path_(event_path)
    {
        nic_->reset();
    }

    // `edges` evaluated edges (a skip edge counts once) after the driver's
    // setup: a ring of 64 at 0x10000, receive on, the station address,
    // every cause unmasked.
    void run(uint64_t edges)
    {
        const uint32_t setup[][2] = {
            {NIC_CTRL, NIC_CTRL_SLU}, {NIC_RDBAL, 0x10000}, {NIC_RDBAH, 0}, {NIC_RDLEN, 64 * 16},
            {NIC_RDH, 0}, {NIC_RDT, 63}, {NIC_RAL(0), 0x00000002}, {NIC_RAH(0), 0x01000000 | NIC_RAH_AV},
            {NIC_IMS, 0xffffffff}, {NIC_ITR, 20}, {NIC_RCTL, NIC_RCTL_EN | NIC_RCTL_BAM}};
        for (const auto &w : setup) {
            in_.mmio_req_valid = true;
            in_.mmio_req_write = true;
            in_.mmio_req_addr = w[0];
            in_.mmio_req_wdata = w[1];
            while (in_.mmio_req_valid)
                step(false);
        }
        for (uint64_t i = 0; i < edges; ++i)
            step(true);
    }

    uint64_t frames = 0, data_bursts = 0, writebacks = 0, mmio_requests = 0, skips = 0, quiet_runs = 0;

private:
    static std::unique_ptr<rxsim::nic_rtl> checked(const std::string &build)
    {
        const auto rtl = rxsim::make_nic_rtl(build);
        return std::make_unique<rxsim_test::event_checked>(rtl->wire_bytes(), rtl->clk_period_ps());
    }

    uint32_t pick(uint32_t n) { return std::uniform_int_distribution<uint32_t>(0, n - 1)(rng_); }
    bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }

    // A register write or read, anywhere the map has something (and a few
    // holes).
    void mmio()
    {
        static const uint32_t regs[] = {NIC_CTRL, NIC_STATUS, NIC_CTRL_EXT, NIC_ICR, NIC_ITR, NIC_ICS, NIC_IMS,
                                        NIC_IMC, NIC_IAM, NIC_RCTL, NIC_RDBAL, NIC_RDBAH, NIC_RDLEN, NIC_RDH,
                                        NIC_RDT, NIC_RDTR, NIC_RXDCTL, NIC_RADV, NIC_RXCSUM, NIC_CRCERRS, NIC_MPC,
                                        NIC_GPRC, NIC_GORCL, NIC_GORCH, NIC_TORL, NIC_TORH, NIC_RNBC, NIC_TPR,
                                        NIC_XFLTC, NIC_PRC64, NIC_RUC, NIC_ROC, NIC_PBA, 0x00004, 0x1fffc};
        uint32_t addr = regs[pick(std::size(regs))];
        switch (pick(8)) {
        case 0: addr = NIC_MTA(pick(NIC_MTA_COUNT)); break;
        case 1: addr = NIC_VFTA(pick(NIC_VFTA_COUNT)); break;
        case 2: addr = pick(2) ? NIC_RAL(pick(NIC_RAL_COUNT)) : NIC_RAH(pick(NIC_RAL_COUNT)); break;
        default: break;
        }
        const bool write = chance(0.6);
        uint32_t v = static_cast<uint32_t>(rng_());
        switch (addr) {
        case NIC_CTRL: v = (v & (NIC_CTRL_SLU | NIC_CTRL_VME)) | (chance(0.05) ? NIC_CTRL_RST : 0); break;
        case NIC_RCTL: v = (v & ~NIC_RCTL_EN) | (chance(0.9) ? NIC_RCTL_EN : 0); break;
        case NIC_RDBAL: v = 0x10000; break;
        case NIC_RDBAH: v = 0; break;
        case NIC_RDLEN: v = (8 + 8 * pick(8)) * 16; break;
        case NIC_RDH: if (chance(0.8)) return; v %= 64; break;
        case NIC_RDT: v %= 64; break;
        case NIC_RDTR: v = (v & NIC_RDTR_FPD) | pick(4); break;
        case NIC_RADV: v = pick(8); break;
        case NIC_ITR: v = pick(3) ? pick(40) : 0; break;
        case NIC_RXDCTL: v &= 0x000f0f0f; break;
        case NIC_PBA: if (pick(4)) v = 1 + pick(8); break; // small splits (KB) overrun soon after a CTRL.RST
        default: break;
        }
        in_.mmio_req_valid = true;
        in_.mmio_req_write = write;
        in_.mmio_req_addr = addr;
        in_.mmio_req_wdata = v;
    }

    // A frame's wire bytes: preamble, DA .. payload, FCS; some of it wrong.
    void new_frame()
    {
        std::vector<uint8_t> f;
        static const uint8_t station[6] = {2, 0, 0, 0, 0, 1};
        const uint32_t da = pick(5);
        for (int i = 0; i < 6; ++i)
            f.push_back(da == 0 ? 0xff : da == 1 ? station[i] : da == 2 ? (i == 0 ? 0x01 : uint8_t(rng_())) : uint8_t(rng_()));
        for (int i = 0; i < 6; ++i)
            f.push_back(uint8_t(i));
        if (chance(0.2)) { // 802.1Q
            f.insert(f.end(), {0x81, 0x00, uint8_t(pick(256)), uint8_t(pick(256))});
        }
        f.insert(f.end(), {0x08, 0x00});
        const unsigned ihl = chance(0.8) ? 5 : 5 + pick(11);
        const size_t ip = f.size();
        const uint8_t proto = pick(3) == 0 ? 6 : pick(2) ? 17 : uint8_t(pick(256));
        unsigned payload = pick(10) == 0 ? pick(9000) : pick(200);
        const unsigned l4 = proto == 6 ? 20 : 8;
        const unsigned total = ihl * 4 + l4 + payload;
        f.insert(f.end(), {uint8_t(0x40 | ihl), 0, uint8_t(total >> 8), uint8_t(total), 0, 0,
                           uint8_t(chance(0.1) ? 0x20 : 0x40), 0, 64, proto, 0, 0, 10, 0, 0, 2, 10, 0, 0, 1});
        for (unsigned i = 20; i < ihl * 4; ++i)
            f.push_back(uint8_t(rng_()));
        if (chance(0.8)) { // a good header checksum
            uint32_t s = 0;
            for (unsigned i = 0; i < ihl * 4; i += 2)
                s += f[ip + i] << 8 | f[ip + i + 1];
            s = (s & 0xffff) + (s >> 16);
            s = (s & 0xffff) + (s >> 16);
            f[ip + 10] = uint8_t(~s >> 8);
            f[ip + 11] = uint8_t(~s);
        }
        for (unsigned i = 0; i < l4 + payload; ++i)
            f.push_back(uint8_t(rng_()));
        if (chance(0.1))
            f.resize(pick(unsigned(f.size())) + 1); // cut: runt or a length that lies
        if (f.size() < 60 && chance(0.7))
            f.resize(60, 0);
        f.resize(f.size() + 4);
        eth_fcs_append(f.data(), f.size() - 4);
        if (chance(0.05))
            f[pick(unsigned(f.size()))] ^= 0x10; // bad FCS
        wire_.assign({0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0xd5});
        if (chance(0.02))
            wire_[pick(8)] = 0x54; // bad preamble
        wire_.insert(wire_.end(), f.begin(), f.end());
        if (chance(0.01))
            wire_.resize(pick(8) / n_ * n_ + n_); // cut inside the preamble
        at_ = 0;
    }

    void drive_wire()
    {
        in_.wire_valid = in_.wire_sof = in_.wire_eof = false;
        if (at_ >= wire_.size()) {
            if (gap_ > 0) {
                --gap_;
                return;
            }
            if (!chance(0.05))
                return;
            new_frame();
            ++frames;
            if (event_path_) // whole, before the edge of its first word; the host only counts its words
                nic_->take_frame(wire_.data(), static_cast<uint32_t>(wire_.size()));
        }
        in_.wire_valid = true;
        in_.wire_sof = at_ == 0;
        in_.wire_data = 0;
        in_.wire_keep = 0;
        for (unsigned i = 0; i < n_ && at_ < wire_.size(); ++i, ++at_) {
            in_.wire_data |= uint64_t(wire_[at_]) << (8 * i);
            in_.wire_keep |= uint8_t(1u << i);
        }
        in_.wire_eof = at_ >= wire_.size();
        if (in_.wire_eof)
            gap_ = (12 + n_ - 1) / n_; // the inter-frame gap
        if (event_path_)
            in_.wire_valid = in_.wire_sof = in_.wire_eof = false;
    }

    // The edges after this one before a new frame may start: the current
    // frame's words left, then its gap.
    uint64_t wire_budget() const
    {
        if (at_ < wire_.size())
            return (wire_.size() - at_ + n_ - 1) / n_ + (12 + n_ - 1) / n_;
        return gap_;
    }

    // The host's count of an edge the twin clocked itself (no frame starts).
    void count_wire_edge()
    {
        if (at_ < wire_.size()) {
            at_ = std::min(wire_.size(), at_ + n_);
            if (at_ >= wire_.size())
                gap_ = (12 + n_ - 1) / n_;
        } else if (gap_ > 0) {
            --gap_;
        }
    }

    void step(bool random)
    {
        if (random && !in_.mmio_req_valid && chance(0.02))
            mmio();
        if (random)
            drive_wire();
        in_.mmio_rsp_ready = !chance(0.1);
        in_.dmaw_ready = !chance(0.2);
        in_.msi_ready = !chance(0.3);
        if (chance(0.0002))
            in_.phy_link = !in_.phy_link;
        in_.dmar_req_ready = read_beats_ == 0;
        in_.dmar_rsp_valid = read_beats_ > 0 && read_due_ == 0 && !chance(0.2);
        in_.dmar_rsp_last = read_beats_ == 1;
        for (uint32_t &w : in_.dmar_rsp_data)
            w = static_cast<uint32_t>(rng_());

        // The event path: a stretch of up to 60 edges the twin clocks, with
        // these inputs held, when no MMIO request, DMA response or frame is due.
        if (event_path_ && random && !in_.mmio_req_valid && read_beats_ == 0 && chance(0.3)) {
            const uint32_t k = static_cast<uint32_t>(std::min<uint64_t>(1 + pick(60), 1 + wire_budget()));
            std::vector<uint8_t> beats; // checked by event_checked; nothing here takes them
            const uint32_t done = nic_->run_quiet(in_, k, out_, beats);
            if (done > 0) {
                for (uint32_t i = 1; i < done; ++i)
                    count_wire_edge();
                edge_ += done;
                ++quiet_runs;
                return;
            }
        }

        // An idle skip when nothing is due at the next edges.
        const bool quiet = !in_.wire_valid && !in_.mmio_req_valid && read_beats_ == 0 && gap_ == 0 &&
                           at_ >= wire_.size();
        if (quiet && out_.idle_cycles > 1 && chance(0.5)) {
            const uint32_t n = std::min<uint32_t>(out_.idle_cycles, 2 + pick(5000));
            nic_inputs s = in_;
            s.skip_valid = true;
            s.skip_cycles = n;
            nic_->settle(s, out_);
            ++skips;
            edge_ += n;
            nic_->rise(edge_ * nic_->clk_period_ps(), out_);
            return;
        }

        nic_->settle(in_, out_);
        if (in_.mmio_req_valid && out_.mmio_req_ready) {
            in_.mmio_req_valid = false;
            ++mmio_requests;
        }
        if (out_.dmaw_valid && in_.dmaw_ready && out_.dmaw_last)
            ++(out_.dmaw_addr >= 0x10000 && out_.dmaw_addr < 0x10000 + 64 * 16 ? writebacks : data_bursts);
        if (out_.dmar_req_valid && in_.dmar_req_ready) {
            read_beats_ = out_.dmar_req_len / 16;
            read_due_ = 1 + pick(20);
        } else if (in_.dmar_rsp_valid && out_.dmar_rsp_ready) {
            --read_beats_;
        }
        if (read_due_ > 0)
            --read_due_;
        if (out_.dmaw_valid && in_.dmaw_ready && out_.dmaw_last && chance(0.05)) {
            in_.dmaw_err = true;
            nic_->settle(in_, out_);
            in_.dmaw_err = false;
        }
        ++edge_;
        nic_->rise(edge_ * nic_->clk_period_ps(), out_);
    }

    std::unique_ptr<rxsim::nic_rtl> nic_;
    unsigned n_;
    std::mt19937 rng_;
    nic_inputs in_;
    nic_outputs out_;
    uint64_t edge_ = 0;
    std::vector<uint8_t> wire_;
    size_t at_ = 0;
    unsigned gap_ = 0;
    unsigned read_beats_ = 0, read_due_ = 0;
    bool event_path_;
};

} // namespace

struct random_case {
    const char *build;
    uint32_t seed;
};

class TwinRandom : public ::testing::TestWithParam<random_case> {};

TEST_P(TwinRandom, NeverDivergesFromTheRtl)
{
    random_host h(GetParam().build, GetParam().seed);
    try {
        h.run(300000);
    } catch (const rxsim::nic_divergence &d) {
        FAIL() << d.what();
    }
    // The host did what it is for (not a run of idle edges).
    EXPECT_GT(h.frames, 300u);
    EXPECT_GT(h.data_bursts, 100u);
    EXPECT_GT(h.writebacks, 10u);
    EXPECT_GT(h.mmio_requests, 1000u);
    EXPECT_GT(h.skips, 10u);
    std::printf("%llu frames, %llu data bursts, %llu write-backs, %llu MMIO requests, %llu skips\n",
                (unsigned long long)h.frames, (unsigned long long)h.data_bursts, (unsigned long long)h.writebacks,
                (unsigned long long)h.mmio_requests, (unsigned long long)h.skips);
}

// The event path under the same host: no difference from the per-edge twin
// at any edge the host evaluates, none inside a stretch the twin clocked.
TEST_P(TwinRandom, TheEventPathIsThePerEdgeTwin)
{
    random_host h(GetParam().build, GetParam().seed, true);
    try {
        h.run(300000);
    } catch (const std::runtime_error &e) {
        FAIL() << e.what();
    }
    EXPECT_GT(h.frames, 300u);
    EXPECT_GT(h.data_bursts, 100u);
    EXPECT_GT(h.mmio_requests, 1000u);
    EXPECT_GT(h.quiet_runs, 10000u);
    std::printf("%llu frames, %llu data bursts, %llu MMIO requests, %llu quiet stretches, %llu skips\n",
                (unsigned long long)h.frames, (unsigned long long)h.data_bursts,
                (unsigned long long)h.mmio_requests, (unsigned long long)h.quiet_runs, (unsigned long long)h.skips);
}

INSTANTIATE_TEST_SUITE_P(Seeds, TwinRandom,
                         ::testing::Values(random_case{"10g", 1}, random_case{"10g", 2}, random_case{"10g", 3},
                                           random_case{"1g", 1}, random_case{"1g", 2}),
                         [](const ::testing::TestParamInfo<random_case> &i) {
                             return std::string(i.param.build) + "_seed" + std::to_string(i.param.seed);
                         });
