// DMA through the PCIe link into host memory: timing against the formulas of
// docs/PLATFORM.md, bandwidth, errors, data integrity.
#include <gtest/gtest.h>

#include <cstdio>
#include <vector>

#include "bus_bench.h"

namespace rxsim_test {
namespace {

using sc_core::sc_time;

std::vector<uint8_t> pattern(size_t n, uint8_t seed)
{
    std::vector<uint8_t> v(n);
    for (size_t i = 0; i < n; i++)
        v[i] = uint8_t(seed + i * 7 + (i >> 8));
    return v;
}

TEST(PlatformBus, DmaWriteTakesTheFormulasTime)
{
    bus_bench b;
    uint64_t handle = 0;
    ASSERT_NE(hostmem_alloc_coherent(&b.memory, 16384, &handle), nullptr);
    // Hand-worked anchor: 64 bytes = one TLP of 88 link bytes = 12163 ps with the
    // default DLLP share, then 250 ns to memory.
    {
        auto data = pattern(64, 1);
        rxsim::pcie_result r = b.device.dma_write(handle, data.data(), 64, ps(1000000));
        ASSERT_TRUE(r.ok());
        EXPECT_EQ(r.link_free, ps(1000000 + 12163));
        EXPECT_EQ(r.done, ps(1000000 + 12163 + 250000));
    }
    uint64_t now = 2000000;
    for (uint64_t n : {1, 64, 256, 257, 1500, 9000}) {
        auto data = pattern(n, uint8_t(n));
        rxsim::pcie_result r = b.device.dma_write(handle, data.data(), uint32_t(n), ps(now));
        ASSERT_TRUE(r.ok()) << n;
        uint64_t link = expected_write_link_ps(b.params, n);
        EXPECT_EQ(r.link_free, ps(now + link)) << n;
        EXPECT_EQ(r.done, ps(now + link + b.params.write_latency_ps)) << n;
        std::printf("DMA write %5llu B: link %8.3f ns, visible after %8.3f ns\n", (unsigned long long)n,
                    link / 1000.0, (link + b.params.write_latency_ps) / 1000.0);
        now += 10000000; // 10 us later: the link is idle again
    }
}

TEST(PlatformBus, BackToBackWritesQueueOnTheLink)
{
    bus_bench b;
    uint64_t handle = 0;
    ASSERT_NE(hostmem_alloc_coherent(&b.memory, 8192, &handle), nullptr);
    auto data = pattern(1500, 3);
    uint64_t link = expected_write_link_ps(b.params, 1500);
    rxsim::pcie_result first = b.device.dma_write(handle, data.data(), 1500, ps(0));
    rxsim::pcie_result second = b.device.dma_write(handle + 4096, data.data(), 1500, ps(0));
    EXPECT_EQ(first.link_free, ps(link));
    // Issued at the same time, the second waits for the first's last TLP.
    EXPECT_EQ(second.link_free, ps(2 * link));
    EXPECT_EQ(second.done, ps(2 * link + b.params.write_latency_ps));
    EXPECT_EQ(b.link.upstream_busy_until_ps(), 2 * link);
    EXPECT_EQ(b.link.upstream_bytes(), 2 * (1500 + 6 * 24u));
}

TEST(PlatformBus, DescriptorFetchLatency)
{
    bus_bench b;
    const pcie_params &p = b.params;
    uint64_t ring = 0;
    auto *host = static_cast<uint8_t *>(hostmem_alloc_aligned(&b.memory, 1024, 16, &ring));
    ASSERT_NE(host, nullptr);
    auto content = pattern(1024, 9);
    std::copy(content.begin(), content.end(), host);

    // One 16-byte descriptor: a 24-byte read request up, the latency, a
    // completion with 16 bytes (8 + 12 + 16 = 36 link bytes) down.
    uint8_t desc[16];
    rxsim::pcie_result r = b.device.dma_read(ring + 16, desc, 16, ps(0));
    ASSERT_TRUE(r.ok());
    uint64_t req = expected_tlp_ps(p, 24);
    EXPECT_EQ(r.link_free, ps(req));
    EXPECT_EQ(r.done, ps(req + p.dma_read_latency_ps + expected_tlp_ps(p, 36)));
    EXPECT_TRUE(std::equal(desc, desc + 16, content.begin() + 16));

    // 64 descriptors (1024 bytes, ring on a 1 KiB boundary): two 512-byte
    // requests (MRRS) sent back to back; each answered by two 256-byte
    // completions (MPS). The second request's completions queue behind the first's.
    std::vector<uint8_t> all(1024);
    uint64_t t0 = 10000000;
    r = b.device.dma_read(ring, all.data(), 1024, ps(t0));
    ASSERT_TRUE(r.ok());
    uint64_t cpl = expected_tlp_ps(p, 256 + 20);
    uint64_t first_ready = t0 + req + p.dma_read_latency_ps;
    uint64_t second_ready = t0 + 2 * req + p.dma_read_latency_ps;
    uint64_t first_done = first_ready + 2 * cpl;
    uint64_t expect = std::max(second_ready, first_done) + 2 * cpl;
    EXPECT_EQ(r.link_free, ps(t0 + 2 * req));
    EXPECT_EQ(r.done, ps(expect));
    EXPECT_EQ(all, content);
    std::printf("descriptor fetch: 16 B in %.3f ns, 1024 B in %.3f ns\n",
                (req + p.dma_read_latency_ps + expected_tlp_ps(p, 36)) / 1000.0, (expect - t0) / 1000.0);
}

// Bandwidth of back-to-back writes of one frame size: measured from the model,
// compared with the formula and with payload / (payload + overhead) of the
// usable link rate.
void check_write_bandwidth(uint32_t frame)
{
    bus_bench b;
    const pcie_params &p = b.params;
    uint64_t handle = 0;
    ASSERT_NE(hostmem_alloc_coherent(&b.memory, 64 * 2048, &handle), nullptr);
    auto data = pattern(frame, 5);
    const int frames = 1000;
    sc_time last;
    for (int i = 0; i < frames; i++) {
        // Each frame in its own 2 KiB buffer, all issued at time 0: the link paces them.
        rxsim::pcie_result r = b.device.dma_write(handle + (i % 64) * 2048, data.data(), frame, ps(0));
        ASSERT_TRUE(r.ok());
        last = r.link_free;
    }
    uint64_t per_frame = expected_write_link_ps(p, frame);
    EXPECT_EQ(last, ps(frames * per_frame));
    double gbps = double(frames) * frame * 8 / last.to_seconds() / 1e9;
    double raw_gbps = p.lanes * p.rate_mts / 1000.0 * p.enc_data_bits / p.enc_block_bits;
    double usable = raw_gbps * (1.0 - p.dllp_overhead_ppm / 1e6);
    uint32_t tlps = (frame + p.mps - 1) / p.mps;
    double efficiency = double(frame) / (frame + tlps * (p.tlp_framing_bytes + p.mem_header_bytes));
    std::printf("DMA write bandwidth, %u B frames: %.3f Gb/s (%.2f Mframes/s); link %.3f Gb/s raw, "
                "%.3f usable, TLP efficiency %.4f\n",
                frame, gbps, frames / last.to_seconds() / 1e6, raw_gbps, usable, efficiency);
    // Per-TLP rounding to whole picoseconds costs less than 1 ps per TLP.
    EXPECT_NEAR(gbps, usable * efficiency, usable * efficiency * 1e-4);
}

TEST(PlatformBus, DmaWriteBandwidth64ByteFrames) { check_write_bandwidth(64); }

TEST(PlatformBus, DmaWriteBandwidth1518ByteFrames) { check_write_bandwidth(1518); }

TEST(PlatformBus, WrittenBytesArriveIntact)
{
    bus_bench b;
    uint64_t handle = 0;
    auto *host = static_cast<uint8_t *>(hostmem_alloc_coherent(&b.memory, 16384, &handle));
    ASSERT_NE(host, nullptr);
    // Odd length at an odd address, across two 4 KiB boundaries.
    auto data = pattern(9001, 77);
    ASSERT_TRUE(b.device.dma_write(handle + 3, data.data(), 9001, ps(0)).ok());
    EXPECT_TRUE(std::equal(data.begin(), data.end(), host + 3));
    EXPECT_EQ(host[2], 0);
    EXPECT_EQ(host[3 + 9001], 0);
    std::vector<uint8_t> back(9001);
    ASSERT_TRUE(b.device.dma_read(handle + 3, back.data(), 9001, ps(0)).ok());
    EXPECT_EQ(back, data);
}

TEST(PlatformBus, OutOfRangeAccessGetsAnAddressError)
{
    bus_bench b;
    uint8_t buf[64] = {1, 2, 3};
    uint64_t end = kMemBase + kMemSize;
    rxsim::pcie_result w = b.device.dma_write(end - 32, buf, 64, ps(0));
    EXPECT_EQ(w.status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    auto *tail = static_cast<uint8_t *>(hostmem_bus_to_virt(&b.memory, end - 32, 32));
    EXPECT_EQ(tail[0], 0); // nothing of the refused write landed
    rxsim::pcie_result r = b.device.dma_read(0x1000, buf, 16, ps(0));
    EXPECT_EQ(r.status, tlm::TLM_ADDRESS_ERROR_RESPONSE);

    // The memory target itself: byte enables and streaming are not supported.
    tlm::tlm_generic_payload trans;
    uint8_t be[4] = {0xFF, 0, 0xFF, 0};
    trans.set_command(tlm::TLM_WRITE_COMMAND);
    trans.set_address(kMemBase);
    trans.set_data_ptr(buf);
    trans.set_data_length(4);
    trans.set_streaming_width(4);
    trans.set_byte_enable_ptr(be);
    trans.set_byte_enable_length(4);
    sc_time delay = sc_core::SC_ZERO_TIME;
    // Straight into the target, past the link (the socket's -> is the backward path).
    auto *memory = dynamic_cast<tlm::tlm_fw_transport_if<> *>(b.memory_target.socket.get_interface());
    ASSERT_NE(memory, nullptr);
    memory->b_transport(trans, delay);
    EXPECT_EQ(trans.get_response_status(), tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
    trans.set_byte_enable_ptr(nullptr);
    trans.set_streaming_width(2);
    memory->b_transport(trans, delay);
    EXPECT_EQ(trans.get_response_status(), tlm::TLM_BURST_ERROR_RESPONSE);
}

} // namespace
} // namespace rxsim_test
