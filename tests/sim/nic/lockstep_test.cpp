// The lock-step comparer (lockstep_nic.h) on bare models, no SystemC: two
// RTL models never diverge; a model made to differ from a known edge on is
// caught at that edge, on that port, with both values and the events before.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>

#include "lockstep_nic.h"
#include "nic_regs.h"
#include "nic_rtl.h"

using rxsim::lockstep_nic;
using rxsim::nic_divergence;
using rxsim::nic_inputs;
using rxsim::nic_outputs;

namespace {

// The RTL, but from edge `from` on every MMIO read answers one more than
// the register holds.
class off_by_one_reads final : public rxsim::nic_rtl {
public:
    explicit off_by_one_reads(uint64_t from) : rtl_(rxsim::make_nic_rtl("10g")), from_(from) {}
    unsigned wire_bytes() const override { return rtl_->wire_bytes(); }
    uint64_t clk_period_ps() const override { return rtl_->clk_period_ps(); }
    void reset() override { rtl_->reset(); }
    void settle(const nic_inputs &in, nic_outputs &out) override
    {
        rtl_->settle(in, out);
        skew(out);
    }
    rxsim::nic_observed observed() const override { return rtl_->observed(); }
    void rise(uint64_t edge_ps, nic_outputs &out) override
    {
        rtl_->rise(edge_ps, out);
        edge_ = edge_ps / clk_period_ps();
        skew(out);
    }

private:
    void skew(nic_outputs &out) const
    {
        if (edge_ >= from_ && out.mmio_rsp_valid)
            ++out.mmio_rsp_rdata;
    }
    std::unique_ptr<rxsim::nic_rtl> rtl_;
    uint64_t from_, edge_ = 0;
};

// A host that writes and reads registers, one request at a time.
struct host {
    explicit host(std::unique_ptr<rxsim::nic_rtl> m) : nic(std::move(m)) { nic->reset(); }

    void edge()
    {
        nic->settle(in, out);
        if (in.mmio_req_valid && out.mmio_req_ready)
            in.mmio_req_valid = false;
        nic->rise(++edges * nic->clk_period_ps(), out);
        if (watch)
            watch(edges, out);
    }
    void request(bool write, uint32_t addr, uint32_t value)
    {
        in.mmio_req_valid = true;
        in.mmio_req_write = write;
        in.mmio_req_addr = addr;
        in.mmio_req_wdata = value;
        while (in.mmio_req_valid)
            edge();
        edge();
    }
    // Writes and reads back a few registers: `rounds` times.
    void traffic(int rounds)
    {
        for (int i = 0; i < rounds; ++i) {
            request(true, NIC_RDTR, 10u + i);
            request(false, NIC_RDTR, 0);
            request(true, NIC_ITR, 100u + i);
            request(false, NIC_ITR, 0);
            request(false, NIC_STATUS, 0);
        }
    }

    std::unique_ptr<rxsim::nic_rtl> nic;
    std::function<void(uint64_t, const nic_outputs &)> watch; // after each rise
    uint64_t edges = 0;
    nic_inputs in;
    nic_outputs out;
};

} // namespace

TEST(Lockstep, TwoRtlModelsNeverDiverge)
{
    auto pair = std::make_unique<lockstep_nic>(rxsim::make_nic_rtl("10g"), "rtl", rxsim::make_nic_rtl("10g"), "rtl2");
    lockstep_nic *ls = pair.get();
    host h(std::move(pair));
    EXPECT_NO_THROW(h.traffic(20));
    EXPECT_EQ(ls->edges(), h.edges);
}

TEST(Lockstep, BuildsThatDifferAreRefused)
{
    EXPECT_THROW(lockstep_nic(rxsim::make_nic_rtl("10g"), "a", rxsim::make_nic_rtl("1g"), "b"),
                 std::invalid_argument);
}

// The first read answered at or after edge 30 is the first difference: the
// comparer stops at the edge that drives it, naming mmio_rsp_rdata.
TEST(Lockstep, ADifferentModelIsCaughtAtTheFirstEdgeItDiffers)
{
    // Where the first response at or after edge 30 is driven, on the RTL alone.
    uint64_t expected = 0;
    uint32_t value = 0;
    {
        host ref(rxsim::make_nic_rtl("10g"));
        ref.watch = [&](uint64_t edge, const nic_outputs &out) {
            if (!expected && edge >= 30 && out.mmio_rsp_valid) {
                expected = edge;
                value = out.mmio_rsp_rdata;
            }
        };
        for (int i = 0; i < 20; ++i) {
            ref.request(true, NIC_RDTR, 10u + i);
            ref.request(false, NIC_RDTR, 0);
        }
    }
    ASSERT_GE(expected, 30u);

    host h(std::make_unique<lockstep_nic>(rxsim::make_nic_rtl("10g"), "rtl", std::make_unique<off_by_one_reads>(30),
                                          "skewed"));
    try {
        for (int i = 0; i < 20; ++i) {
            h.request(true, NIC_RDTR, 10u + i);
            h.request(false, NIC_RDTR, 0);
        }
        FAIL() << "no divergence reported";
    } catch (const nic_divergence &d) {
        EXPECT_EQ(d.cycle, expected);
        EXPECT_EQ(d.edge_ps, expected * 6400);
        EXPECT_EQ(d.port, "mmio_rsp_rdata");
        const std::string what = d.what();
        char values[64];
        std::snprintf(values, sizeof values, "rtl 0x%x, skewed 0x%x", value, value + 1);
        EXPECT_NE(what.find(values), std::string::npos) << what;
        EXPECT_NE(what.find("driven after it"), std::string::npos) << what;
        EXPECT_NE(what.find("MMIO read 0x02820"), std::string::npos) << what;
        EXPECT_NE(what.find("MMIO write 0x02820"), std::string::npos) << what;
    }
}
