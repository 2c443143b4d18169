// Every NIC build in one process (rxnic_models links them all): the Verilated
// nic_top classes (Vnic_top_10g, Vnic_top_1g, ...) share one Verilator
// runtime, live side by side and keep their own state. No SystemC here: the
// models are driven edge by edge through nic_rtl.
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "eth_fcs.h"
#include "ideal_bus.h"
#include "nic_builds.h"
#include "nic_defines.h"
#include "nic_regs.h"
#include "nic_rtl.h"

using rxsim::nic_inputs;
using rxsim::nic_outputs;

namespace {

// One model with a host that only does MMIO; descriptor reads are never
// answered (nothing asks for them: receive is off).
struct mmio_host {
    explicit mmio_host(const std::string &nic) : rtl(rxsim::make_nic_rtl(nic)) {}

    // One edge: a request leaves when taken, a response is kept when taken.
    void edge()
    {
        rtl->settle(in, out);
        if (in.mmio_req_valid && out.mmio_req_ready)
            in.mmio_req_valid = false;
        if (out.mmio_rsp_valid && in.mmio_rsp_ready)
            answers.push_back(out.mmio_rsp_rdata);
        rtl->rise(++edges * rtl->clk_period_ps(), out);
    }

    void request(bool write, uint32_t addr, uint32_t value = 0)
    {
        in.mmio_req_valid = true;
        in.mmio_req_write = write;
        in.mmio_req_addr = addr;
        in.mmio_req_wdata = value;
    }

    std::unique_ptr<rxsim::nic_rtl> rtl;
    uint64_t edges = 0;
    nic_inputs in;
    nic_outputs out;
    std::vector<uint32_t> answers;
};

// A 64-byte broadcast frame, DA..FCS (ideal_frame adds preamble and SFD).
std::vector<uint8_t> broadcast_frame()
{
    std::vector<uint8_t> f(64, 0);
    for (int i = 0; i < 6; ++i)
        f[i] = 0xff;
    f[12] = 0x08; // IPv4
    eth_fcs_append(f.data(), 60);
    return f;
}

} // namespace

TEST(NicModels, TheBuildsAreTheOnesNamed)
{
    const std::vector<std::string> names = rxsim::nic_build_names();
    ASSERT_EQ(names, (std::vector<std::string>{"10g", "1g"}));
    const auto ten = rxsim::make_nic_rtl("10g");
    const auto one = rxsim::make_nic_rtl("1g");
    EXPECT_EQ(ten->wire_bytes(), 8u);
    EXPECT_EQ(ten->clk_period_ps(), 6400u);
    EXPECT_EQ(one->wire_bytes(), 1u);
    EXPECT_EQ(one->clk_period_ps(), 8000u);
}

TEST(NicModels, AnUnknownNameIsRefusedNamingTheBuilds)
{
    try {
        rxsim::make_nic_rtl("40g");
        FAIL() << "make_nic_rtl(\"40g\") returned";
    } catch (const std::invalid_argument &e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("40g"), std::string::npos) << what;
        EXPECT_NE(what.find("10g|1g"), std::string::npos) << what;
    }
}

// All builds at once, edges interleaved: each answers its own register
// values (a write to one model is not seen by another).
TEST(NicModels, EveryBuildRunsBesideTheOthersInOneProcess)
{
    std::vector<std::unique_ptr<mmio_host>> hosts;
    for (const std::string &name : rxsim::nic_build_names()) {
        hosts.push_back(std::make_unique<mmio_host>(name));
        hosts.back()->rtl->reset();
    }
    for (size_t i = 0; i < hosts.size(); ++i)
        hosts[i]->request(true, NIC_RDTR, 0x100 + uint32_t(i));
    for (int e = 0; e < 50; ++e)
        for (auto &h : hosts)
            h->edge();
    for (auto &h : hosts)
        h->request(false, NIC_RDTR);
    for (int e = 0; e < 50; ++e)
        for (auto &h : hosts)
            h->edge();
    for (auto &h : hosts)
        h->request(false, NIC_STATUS);
    for (int e = 0; e < 50; ++e)
        for (auto &h : hosts)
            h->edge();
    for (size_t i = 0; i < hosts.size(); ++i) {
        const std::string name = rxsim::nic_build_names()[i];
        ASSERT_EQ(hosts[i]->answers.size(), 2u) << name;
        EXPECT_EQ(hosts[i]->answers[0], 0x100 + i) << name;
        EXPECT_EQ(hosts[i]->answers[1] & NIC_STATUS_FD, NIC_STATUS_FD) << name;
    }
}

// A frame through each build in turn, in one process: the same 60 bytes reach
// host memory, later on the 8-bit build (one wire byte an edge) than on the
// 64-bit one (eight).
TEST(NicModels, AFrameCrossesEachBuild)
{
    const std::vector<uint8_t> frame = broadcast_frame();
    const rxsim_test::ideal_frame_timing ten = rxsim_test::ideal_frame("10g", frame, 64);
    const rxsim_test::ideal_frame_timing one = rxsim_test::ideal_frame("1g", frame, 64);
    EXPECT_EQ(ten.data_len, 60u);
    EXPECT_EQ(one.data_len, 60u);
    EXPECT_GT(one.data_last_beat, ten.data_last_beat + 50);
}
