// TLP splitting and link time, checked against figures worked out by hand from
// the formulas in docs/PLATFORM.md.
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "pcie_params.h"
#include "pcie_tlp.h"

namespace {

std::vector<uint32_t> split(uint64_t addr, uint64_t len, uint32_t max, uint32_t boundary)
{
    std::vector<uint32_t> chunks;
    while (len > 0) {
        uint32_t c = pcie_tlp_chunk(addr, len, max, boundary);
        chunks.push_back(c);
        addr += c;
        len -= c;
    }
    return chunks;
}

TEST(PlatformPcieTlp, WritesSplitByMaxPayloadAndNeverCrossA4KiBPage)
{
    EXPECT_EQ(split(0x1000, 1500, 256, 1), (std::vector<uint32_t>{256, 256, 256, 256, 256, 220}));
    EXPECT_EQ(split(0x1000, 257, 256, 1), (std::vector<uint32_t>{256, 1}));
    // 0x1F80: 128 bytes to the page end, then whole TLPs again.
    EXPECT_EQ(split(0x1F80, 600, 256, 1), (std::vector<uint32_t>{128, 256, 216}));
}

TEST(PlatformPcieTlp, CompletionsEndOnTheReadCompletionBoundary)
{
    // A read at 0x1010 with MPS 256, RCB 64: the first completion stops at 0x1100.
    EXPECT_EQ(split(0x1010, 512, 256, 64), (std::vector<uint32_t>{240, 256, 16}));
    EXPECT_EQ(split(0x1000, 16, 256, 64), (std::vector<uint32_t>{16}));
}

TEST(PlatformPcieTlp, LinkBytesPerTlp)
{
    pcie_params p = pcie_params_default();
    // 8 (framing, sequence, LCRC) + 16 (4-DW header, 64-bit address) + payload.
    EXPECT_EQ(pcie_mem_write_bytes(&p, 64), 88u);
    EXPECT_EQ(pcie_mem_read_bytes(&p), 24u);
    // Completions have a 3-DW header.
    EXPECT_EQ(pcie_completion_bytes(&p, 16), 36u);
    EXPECT_EQ(pcie_message_bytes(&p), 24u);
}

TEST(PlatformPcieTlp, LinkTimeMatchesHandComputedFigures)
{
    pcie_params p = pcie_params_default();
    p.dllp_overhead_ppm = 0;
    // One byte on Gen3 x8: 8 bits * 130/128 / (8 lanes * 8 Gb/s) = 126.953125 ps,
    // so 88 bytes take 11171.875 ps, rounded up.
    EXPECT_EQ(pcie_tlp_ps(&p, 88), 11172u);
    EXPECT_EQ(pcie_tlp_ps(&p, 128), 16250u); // exact: 128 * 126.953125
    // With the default DLLP share (81419 ppm): 11171.875 / 0.918581 = 12162.09.. ps.
    p.dllp_overhead_ppm = 81419;
    EXPECT_EQ(pcie_tlp_ps(&p, 88), 12163u);
    EXPECT_EQ(pcie_tlp_ps(&p, 4120), 569408u); // a 4096-byte TLP
}

TEST(PlatformPcieParams, DefaultsAreGen3x8AndPassTheCheck)
{
    pcie_params p = pcie_params_default();
    EXPECT_EQ(pcie_params_check(&p), nullptr);
    EXPECT_EQ(p.rate_mts, 8000u);
    EXPECT_EQ(p.lanes, 8u);
    EXPECT_EQ(p.mps, 256u);
    EXPECT_EQ(p.mrrs, 512u);
    EXPECT_EQ(p.rcb, 64u);
}

TEST(PlatformPcieParams, CheckNamesTheBadField)
{
    struct {
        void (*spoil)(pcie_params &);
        const char *field;
    } cases[] = {
        {[](pcie_params &p) { p.mps = 300; }, "mps"},
        {[](pcie_params &p) { p.mrrs = 64; }, "mrrs"},
        {[](pcie_params &p) { p.rcb = 256; }, "rcb"},
        {[](pcie_params &p) { p.lanes = 0; }, "lanes"},
        {[](pcie_params &p) { p.dllp_overhead_ppm = 1000000; }, "dllp_overhead_ppm"},
        {[](pcie_params &p) { p.enc_data_bits = 131; }, "enc_data_bits"},
        {[](pcie_params &p) { p.intx_addr = p.msi_addr; }, "msi_addr"},
    };
    for (const auto &c : cases) {
        pcie_params p = pcie_params_default();
        c.spoil(p);
        const char *msg = pcie_params_check(&p);
        ASSERT_NE(msg, nullptr) << c.field;
        EXPECT_EQ(std::strncmp(msg, c.field, std::strlen(c.field)), 0) << msg;
    }
}

} // namespace
