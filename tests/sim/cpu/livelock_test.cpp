// Receive livelock emerges from the costs (Mogul & Ramakrishnan): with one
// interrupt per packet and protocol work in interrupt context (pre-NAPI
// netif_rx), what the reader gets rises with the offered rate, then falls
// as interrupts take the whole CPU.
#include <gtest/gtest.h>

#include "app_receiver.h"
#include "cpu_harness.h"

namespace cpu_test {
namespace {

// Packets the reader got in 20 ms at one interrupt every interval_ps.
uint64_t delivered_at(uint64_t interval_ps)
{
    cost_table c;
    cost_table_default(&c);
    host h(c);
    sock *sk = h.udp_socket(9000);
    app_config cfg;
    app_config_default(&cfg);
    app_receiver app;
    EXPECT_EQ(app_receiver_start(&app, &h.m, 0, "reader", sk, &cfg), 0);
    h.drv.per_irq_frame = udp_frame(9000, 18);
    const uint64_t end = us(20000);
    for (uint64_t t = interval_ps; t < end; t += interval_ps)
        host_irq_msi(&h.m, kIrq, t);
    h.run(end);
    EXPECT_EQ(h.split_sum(), h.elapsed());
    const uint64_t got = app.st.packets;
    app_receiver_free(&app);
    return got;
}

TEST(CpuLivelock, PerPacketInterruptsStarveTheReader)
{
    const uint64_t light = delivered_at(us(10));  // 100 kpps: all of it
    const uint64_t peak = delivered_at(ns(2500)); // 400 kpps: near saturation
    const uint64_t flood = delivered_at(ns(500)); // 2 Mpps: interrupts only
    RecordProperty("delivered_100kpps", int(light));
    RecordProperty("delivered_400kpps", int(peak));
    RecordProperty("delivered_2Mpps", int(flood));
    EXPECT_GE(light, 1990u);
    EXPECT_GT(peak, light);
    EXPECT_LT(flood, peak / 10);
}

} // namespace
} // namespace cpu_test
