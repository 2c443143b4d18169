// The application model: a receiver thread that blocks on an empty socket,
// is woken by the stack, and reports when it had each packet.
#include <gtest/gtest.h>

#include <vector>

#include "app_receiver.h"
#include "rxsim/sock.h"
#include "cpu_harness.h"

namespace cpu_test {
namespace {

struct delivery {
    uint64_t pkt_id;
    uint32_t len;
    uint64_t at_ps;
};

void record(void *arg, const rx_recvinfo *info, const void *, uint32_t len, uint64_t at_ps)
{
    static_cast<std::vector<delivery> *>(arg)->push_back({info->pkt_id, len, at_ps});
}

// Only the reader's own costs, so the expected times are the app's alone.
cost_table reader_costs()
{
    cost_table c = zero_costs();
    c.ps[RX_COST_SOCK_RECV] = ns(300);
    c.ps[RX_COST_COPY_TO_USER] = 10; // ps per byte
    c.ps[CPU_COST_CONTEXT_SWITCH] = ns(1000);
    return c;
}

TEST(CpuApp, BlocksOnAnEmptySocketAndIsWokenByTheStack)
{
    host h(reader_costs());
    sock *sk = h.udp_socket(9000);
    app_config cfg;
    app_config_default(&cfg);
    cfg.per_packet_ps = us(2);
    app_receiver app;
    ASSERT_EQ(app_receiver_start(&app, &h.m, 0, "reader", sk, &cfg), 0);
    std::vector<delivery> got;
    app.on_packet = record;
    app.on_packet_arg = &got;
    h.drv.frames.push_back(udp_frame(9000, 100));
    h.drv.frames.push_back(udp_frame(9000, 100));
    host_irq_msi(&h.m, kIrq, us(10));
    h.run(us(50));

    // 0: switched in (1 us), empty recv (300 ns), asleep. 10 us: the IRQ's
    // softirq queues both and wakes it; switched in at 11 us; each recv
    // 300 ns + 100 bytes x 10 ps, then 2 us of work per packet.
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0].at_ps, us(10) + ns(1000 + 300 + 1));
    EXPECT_EQ(got[1].at_ps, got[0].at_ps + us(2) + ns(300 + 1));
    EXPECT_EQ(got[0].len, 100u);
    EXPECT_NE(got[0].pkt_id, got[1].pkt_id);
    EXPECT_EQ(app.st.packets, 2u);
    EXPECT_EQ(app.st.bytes, 200u);
    EXPECT_EQ(app.st.reads, 2u);
    EXPECT_EQ(app.st.blocks, 2u); // at the start, and after the two packets
    EXPECT_EQ(app.thread->wakeups, 1u);
    EXPECT_TRUE(app.thread->blocked);
    // Its CPU time: 1.3 us before the IRQ; after it, switch-in, 2 x (recv +
    // copy + work) and the final empty recv.
    EXPECT_EQ(app.thread->exec_ps, ns(1300) + ns(1000) + 2 * (ns(300 + 1) + us(2)) + ns(300));
    EXPECT_EQ(h.split_sum(), h.elapsed());
    app_receiver_free(&app);
}

TEST(CpuApp, RecvmmsgHandsOverABatchAtOnce)
{
    host h(reader_costs());
    sock *sk = h.udp_socket(9000);
    app_config cfg;
    app_config_default(&cfg);
    cfg.batch = 8;
    cfg.per_packet_ps = ns(500);
    cfg.per_byte_ps = 2;
    app_receiver app;
    ASSERT_EQ(app_receiver_start(&app, &h.m, 0, "reader", sk, &cfg), 0);
    std::vector<delivery> got;
    app.on_packet = record;
    app.on_packet_arg = &got;
    for (int i = 0; i < 3; i++)
        h.drv.frames.push_back(udp_frame(9000, 200));
    host_irq_msi(&h.m, kIrq, us(10));
    h.run(us(50));
    ASSERT_EQ(got.size(), 3u);
    // One recvmmsg: 3 datagrams (300 ns + 2 ns copy each) and the empty 4th.
    const uint64_t back = us(10) + ns(1000) + 3 * ns(302) + ns(300);
    for (const delivery &d : got)
        EXPECT_EQ(d.at_ps, back);
    EXPECT_EQ(app.st.reads, 1u);
    EXPECT_EQ(app.st.packets, 3u);
    // Then the work: 3 x (500 ns + 200 bytes x 2 ps), then an empty read.
    EXPECT_EQ(app.thread->exec_ps, ns(1300) + (back - us(10)) + 3 * (ns(500) + 400) + ns(300));
    EXPECT_EQ(h.split_sum(), h.elapsed());
    app_receiver_free(&app);
}

TEST(CpuApp, ATcpReaderReadsTheStreamInBufferSizedPieces)
{
    host h(reader_costs());
    sock *sk = h.tcp_socket(80);
    app_config cfg;
    app_config_default(&cfg);
    cfg.buf_size = 150;
    cfg.per_packet_ps = us(1);
    app_receiver app;
    ASSERT_EQ(app_receiver_start(&app, &h.m, 0, "reader", sk, &cfg), 0);
    std::vector<delivery> got;
    app.on_packet = record;
    app.on_packet_arg = &got;
    h.drv.frames.push_back(tcp_frame(80, 1000, 100));
    h.drv.frames.push_back(tcp_frame(80, 1100, 100));
    host_irq_msi(&h.m, kIrq, us(10));
    h.run(us(50));
    // Both segments are queued before the reader runs: 150 bytes, then 50.
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0].len, 150u);
    EXPECT_EQ(got[1].len, 50u);
    EXPECT_EQ(got[0].at_ps, us(10) + ns(1000 + 300) + 150 * 10);
    EXPECT_EQ(got[1].at_ps, got[0].at_ps + us(1) + ns(300) + 50 * 10);
    EXPECT_EQ(app.st.bytes, 200u);
    EXPECT_EQ(app.st.reads, 2u);
    EXPECT_EQ(h.split_sum(), h.elapsed());
    app_receiver_free(&app);
}

TEST(CpuApp, ABusyPollerTakesPacketsWithoutAnInterrupt)
{
    cost_table c = reader_costs();
    c.ps[RX_COST_NAPI_POLL] = ns(50);
    host h(c);
    sock *sk = h.udp_socket(9000);
    app_config cfg;
    app_config_default(&cfg);
    cfg.busy_poll_napi = &h.drv.napi.napi;
    cfg.busy_poll_ps = us(5);
    app_receiver app;
    ASSERT_EQ(app_receiver_start(&app, &h.m, 0, "reader", sk, &cfg), 0);
    std::vector<delivery> got;
    app.on_packet = record;
    app.on_packet_arg = &got;
    h.drv.frames.push_back(udp_frame(9000, 100)); // in the ring, no interrupt
    h.run(us(50));
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(h.drv.irqs, 0u);
    // Switch in, empty recv, one poll that finds it, busy_poll_stop's poll,
    // then the recv that returns it.
    EXPECT_EQ(got[0].at_ps, ns(1000 + 300 + 50 + 50 + 300) + 100 * 10);
    // The next empty recv busy-polls 5 us in 50 ns polls, then sleeps.
    EXPECT_EQ(app.st.busy_loops, 2u);
    EXPECT_EQ(h.drv.napi.napi.busy_polls, 1u + 100u);
    EXPECT_EQ(app.st.blocks, 1u);
    const uint64_t second = got[0].at_ps + us(1) + ns(300);
    EXPECT_EQ(app.thread->exec_ps, second + us(5) + ns(50 + 300));
    EXPECT_EQ(h.split_sum(), h.elapsed());
    app_receiver_free(&app);
}

// The idle task always yields: a softirq that interrupted the idle CPU and
// woke the reader stops restarting (need_resched) and leaves the rest of
// its work to ksoftirqd, which then shares the CPU with the reader.
TEST(CpuApp, WakingAReaderFromIdleHandsTheSoftirqToKsoftirqd)
{
    cost_table c;
    cost_table_default(&c);
    host h(c);
    sock *sk = h.udp_socket(9000);
    app_config cfg;
    app_config_default(&cfg);
    app_receiver app;
    ASSERT_EQ(app_receiver_start(&app, &h.m, 0, "reader", sk, &cfg), 0);
    for (int i = 0; i < 3 * NAPI_POLL_WEIGHT; i++)
        h.drv.frames.push_back(udp_frame(9000, 18));
    host_irq_msi(&h.m, kIrq, us(10));
    h.run(us(2000));
    ASSERT_GE(h.drv.polled_in.size(), 2u);
    EXPECT_EQ(h.drv.polled_in[0].first, CPU_CTX_SOFTIRQ); // on IRQ exit: one pass
    EXPECT_EQ(h.drv.polled_in[1].first, CPU_CTX_TASK);
    EXPECT_EQ(h.drv.polled_in[1].second, h.cpu().ksoftirqd);
    EXPECT_EQ(h.cpu().ksoftirqd->wakeups, 1u);
    EXPECT_EQ(app.st.packets, 3u * NAPI_POLL_WEIGHT);
    EXPECT_EQ(h.split_sum(), h.elapsed());
    app_receiver_free(&app);
}

TEST(CpuApp, ABadConfigurationIsRefused)
{
    host h(reader_costs());
    sock *sk = h.udp_socket(9000);
    app_config cfg;
    app_config_default(&cfg);
    cfg.batch = 0;
    app_receiver app;
    EXPECT_EQ(app_receiver_start(&app, &h.m, 0, "reader", sk, &cfg), -1);
    app_receiver_free(&app);
}

} // namespace
} // namespace cpu_test
