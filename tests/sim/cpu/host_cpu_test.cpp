// The CPU model's core with the real receive stack: exact charges, interrupts
// between steps, softirq on IRQ exit and its hand-over to ksoftirqd, timers,
// idle, and a CPU split that always adds up.
#include <gtest/gtest.h>

#include <vector>

#include "cpu_harness.h"

namespace cpu_test {
namespace {

// A thread that runs a fixed list of charges once, logging the clock after
// each, then blocks.
struct scripted {
    host_machine *m;
    std::vector<int> items;
    uint64_t spend_ps = 0;
    std::vector<uint64_t> after; // clock after each charge
    static thread_step step(void *arg)
    {
        auto *s = static_cast<scripted *>(arg);
        for (int item : s->items) {
            host_charge(s->m, item, item == RX_COST_CSUM_BYTES ? 100 : 1);
            s->after.push_back(host_running(s->m)->local_ps);
        }
        if (s->spend_ps)
            host_spend(s->m, s->spend_ps);
        return THREAD_BLOCKED;
    }
};

// An application that only computes: each step spends 10 us.
thread_step hog_step(void *arg)
{
    host_spend(static_cast<host_machine *>(arg), us(10));
    return THREAD_RUNNABLE;
}

softnet_stat softnet(const host &h)
{
    softnet_stat st;
    net_softnet_stat(h.n, 0, &st);
    return st;
}

TEST(CpuCore, ChargesAdvanceTheClockExactly)
{
    cost_table c = zero_costs();
    c.ps[RX_COST_IP_RCV] = ns(120);
    c.ps[RX_COST_CSUM_BYTES] = 100;
    c.ps[CPU_COST_CONTEXT_SWITCH] = ns(1500);
    host h(c);
    scripted s{&h.m, {RX_COST_IP_RCV, RX_COST_CSUM_BYTES, RX_COST_IP_RCV}, ns(7), {}};
    cpu_thread *t = host_thread_create(&h.m, 0, "worker", scripted::step, &s, nullptr);
    ASSERT_NE(t, nullptr);
    h.run(us(50));
    // Switch in, 120 ns, 100 bytes at 100 ps, 120 ns, 7 ns.
    ASSERT_EQ(s.after.size(), 3u);
    EXPECT_EQ(s.after[0], ns(1500 + 120));
    EXPECT_EQ(s.after[1], ns(1500 + 120 + 10));
    EXPECT_EQ(s.after[2], ns(1500 + 120 + 10 + 120));
    EXPECT_EQ(t->exec_ps, ns(1500 + 120 + 10 + 120 + 7));
    EXPECT_TRUE(t->blocked);
    cpu_split sp;
    host_cpu_split(&h.m, 0, &sp);
    EXPECT_EQ(sp.threads, ns(1757));
    EXPECT_EQ(sp.idle, us(50) - ns(1757));
    EXPECT_EQ(sp.hardirq + sp.softirq + sp.ksoftirqd, 0u);
    EXPECT_EQ(h.cpu().local_ps, us(50));
    EXPECT_EQ(h.split_sum(), h.elapsed());
}

TEST(CpuCore, AnIrqArrivingMidStepIsTakenAtTheNextBoundary)
{
    cost_table c = zero_costs();
    c.ps[RX_COST_HARDIRQ_ENTRY] = ns(400);
    c.ps[RX_COST_IP_RCV] = ns(1000);
    host h(c);
    scripted s{&h.m, {RX_COST_IP_RCV, RX_COST_IP_RCV}, 0, {}};
    host_thread_create(&h.m, 0, "worker", scripted::step, &s, nullptr);
    host_irq_msi(&h.m, kIrq, ns(500)); // during the first 1000 ns step
    h.run(us(10));
    ASSERT_EQ(h.drv.irqs, 1u);
    // Not at 500 ns: at the end of the step (1000 ns), after irq_enter's 400 ns.
    EXPECT_EQ(h.drv.irq_at_ps[0], ns(1400));
    ASSERT_EQ(s.after.size(), 2u);
    EXPECT_EQ(s.after[0], ns(1400)); // the step's charge returned after the IRQ
    EXPECT_EQ(s.after[1], ns(2400));
    cpu_split sp;
    host_cpu_split(&h.m, 0, &sp);
    EXPECT_EQ(sp.threads, ns(2000));
    EXPECT_EQ(sp.hardirq, ns(400));
    EXPECT_EQ(h.split_sum(), h.elapsed());
}

struct slow_device {
    host_machine *m;
    uint64_t done_ps = 0;
    static int handler(int, void *dev_id)
    {
        auto *d = static_cast<slow_device *>(dev_id);
        host_charge(d->m, RX_COST_IP_RCV, 1); // a handler that takes 1000 ns
        d->done_ps = host_running(d->m)->local_ps;
        return 1;
    }
};

TEST(CpuCore, HardIrqsDoNotNest)
{
    cost_table c = zero_costs();
    c.ps[RX_COST_HARDIRQ_ENTRY] = ns(400);
    c.ps[RX_COST_IP_RCV] = ns(1000);
    host h(c);
    slow_device slow{&h.m};
    ASSERT_EQ(host_request_irq(&h.m, kIrq + 1, slow_device::handler, &slow), 0);
    EXPECT_EQ(host_request_irq(&h.m, kIrq + 1, slow_device::handler, &slow), -1); // taken
    host_irq_msi(&h.m, kIrq + 1, us(1));
    host_irq_msi(&h.m, kIrq, us(1) + ns(100)); // while the slow handler runs
    h.run(us(10));
    EXPECT_EQ(slow.done_ps, us(1) + ns(1400));
    ASSERT_EQ(h.drv.irqs, 1u);
    EXPECT_EQ(h.drv.irq_at_ps[0], slow.done_ps + ns(400)); // after it, not inside it
    EXPECT_EQ(h.cpu().cnt.irqs, 2u);
}

TEST(CpuCore, ApplicationWorkIsInterruptedAtTheExactDeliveryTime)
{
    cost_table c = zero_costs();
    c.ps[RX_COST_HARDIRQ_ENTRY] = ns(400);
    host h(c, ns(250));
    cpu_thread *hog = host_thread_create(&h.m, 0, "app", hog_step, &h.m, nullptr);
    host_irq_msi(&h.m, kIrq, ns(3003)); // in the middle of a 10 us step
    h.run(us(10));
    ASSERT_EQ(h.drv.irqs, 1u);
    EXPECT_EQ(h.drv.irq_at_ps[0], ns(3003 + 400));
    // The step still does its 10 us of work; the interrupt's time is extra.
    EXPECT_EQ(h.cpu().local_ps, us(10) + ns(400));
    EXPECT_EQ(hog->exec_ps, us(10));
    // Known a quantum ahead: one sync per 250 ns.
    EXPECT_EQ(h.cpu().cnt.syncs, 10000u / 250u);
    EXPECT_EQ(h.split_sum(), h.elapsed());
}

TEST(CpuCore, SoftirqRunsOnIrqExit)
{
    cost_table c;
    cost_table_default(&c);
    host h(c);
    h.drv.backlog = 3;
    host_irq_msi(&h.m, kIrq, us(10));
    h.run(us(100));
    const uint64_t *ps = c.ps;
    ASSERT_EQ(h.drv.irqs, 1u);
    EXPECT_EQ(h.drv.irq_at_ps[0], us(10) + ps[RX_COST_HARDIRQ_ENTRY]);
    cpu_split sp;
    host_cpu_split(&h.m, 0, &sp);
    EXPECT_EQ(sp.hardirq, ps[RX_COST_HARDIRQ_ENTRY] + ps[RX_COST_NAPI_SCHEDULE]);
    EXPECT_EQ(sp.softirq, ps[RX_COST_SOFTIRQ_ENTRY] + ps[RX_COST_NET_RX_ACTION] + ps[RX_COST_NAPI_POLL] +
                              3 * ps[RX_COST_DRIVER_POLL_PKT] + ps[RX_COST_NAPI_COMPLETE]);
    EXPECT_EQ(sp.ksoftirqd, 0u);
    EXPECT_EQ(softnet(h).softirq_runs, 1u);
    EXPECT_EQ(softnet(h).ksoftirqd_wakeups, 0u);
    EXPECT_EQ(h.drv.backlog, 0u);
    EXPECT_EQ(h.split_sum(), h.elapsed());
}

TEST(CpuCore, TenRestartsThenKsoftirqd)
{
    cost_table c;
    cost_table_default(&c);
    host h(c);
    h.drv.backlog = 15 * NAPI_POLL_WEIGHT; // 15 full polls, then one that completes
    host_irq_msi(&h.m, kIrq, us(10));
    h.run(ns(1000000));
    const uint64_t *ps = c.ps;
    const uint64_t pass = ps[RX_COST_SOFTIRQ_ENTRY] + ps[RX_COST_NET_RX_ACTION] + ps[RX_COST_NAPI_POLL];
    const uint64_t full = pass + NAPI_POLL_WEIGHT * ps[RX_COST_DRIVER_POLL_PKT];
    const uint64_t last = pass + ps[RX_COST_NAPI_COMPLETE];
    cpu_split sp;
    host_cpu_split(&h.m, 0, &sp);
    // On IRQ exit: 10 passes, then waking ksoftirqd (charged to the softirq).
    EXPECT_EQ(sp.softirq, 10 * full + ps[CPU_COST_TTWU]);
    // ksoftirqd: switched in, the 5 remaining full polls and the last one.
    EXPECT_EQ(sp.ksoftirqd, ps[CPU_COST_CONTEXT_SWITCH] + 5 * full + last);
    EXPECT_EQ(softnet(h).softirq_runs, 16u);
    EXPECT_EQ(softnet(h).ksoftirqd_wakeups, 1u);
    EXPECT_EQ(h.drv.backlog, 0u);
    EXPECT_TRUE(h.cpu().ksoftirqd->blocked);
    EXPECT_EQ(h.split_sum(), h.elapsed());
}

// __do_softirq's MAX_SOFTIRQ_TIME is msecs_to_jiffies(2): 1 jiffy at HZ
// 250, so the restarts run until the 4 ms tick (Linux 6.13).
TEST(CpuCore, TheNextJiffyThenKsoftirqd)
{
    cost_table c;
    cost_table_default(&c);
    c.ps[RX_COST_DRIVER_POLL_PKT] = us(10); // a pass takes 640 us and a bit
    host h(c);
    h.drv.backlog = 100 * NAPI_POLL_WEIGHT;
    host_irq_msi(&h.m, kIrq, us(10));
    h.run(us(5000));
    const uint64_t *ps = c.ps;
    const uint64_t full = ps[RX_COST_SOFTIRQ_ENTRY] + ps[RX_COST_NET_RX_ACTION] + ps[RX_COST_NAPI_POLL] +
                          NAPI_POLL_WEIGHT * ps[RX_COST_DRIVER_POLL_PKT];
    // From 10 us, 6 passes end before the 4 ms tick (6 x 640.13 us), the
    // 7th after it.
    ASSERT_LT(us(10) + 6 * full, us(4000));
    ASSERT_GE(us(10) + 7 * full, us(4000));
    cpu_split sp;
    host_cpu_split(&h.m, 0, &sp);
    EXPECT_EQ(sp.softirq, 7 * full + ps[CPU_COST_TTWU]);
    // Woken once; its own __do_softirq also stops at a tick and asks again
    // (counted by the stack), while it is still running.
    EXPECT_EQ(h.cpu().ksoftirqd->wakeups, 1u);
    EXPECT_GE(softnet(h).ksoftirqd_wakeups, 2u);
    EXPECT_GT(sp.ksoftirqd, 0u);
    EXPECT_EQ(h.split_sum(), h.elapsed());
}

TEST(CpuCore, KsoftirqdSharesTheCpuFairlyWithAnApplication)
{
    cost_table c;
    cost_table_default(&c);
    c.ps[RX_COST_DRIVER_POLL_PKT] = ns(100);
    host h(c);
    h.drv.backlog = UINT64_MAX; // never drains: softirq work forever
    cpu_thread *app = host_thread_create(&h.m, 0, "app", hog_step, &h.m, nullptr);
    host_irq_msi(&h.m, kIrq, us(1000));
    h.run(us(100000));
    cpu_split sp;
    host_cpu_split(&h.m, 0, &sp);
    // From the IRQ on, ksoftirqd and the application each get half of the
    // CPU, within 5% (slices of 3 ms over 99 ms).
    const uint64_t app_after = app->exec_ps - us(1000);
    EXPECT_GT(sp.ksoftirqd, us(40000));
    EXPECT_GT(app_after, us(40000));
    const double share = double(sp.ksoftirqd) / double(sp.ksoftirqd + app_after);
    EXPECT_NEAR(share, 0.5, 0.05);
    EXPECT_GT(h.cpu().cnt.context_switches, 20u);
    EXPECT_EQ(h.split_sum(), h.elapsed());
}

TEST(CpuCore, ThreadedNapiPollsInItsOwnThread)
{
    cost_table c;
    cost_table_default(&c);
    host h(c);
    napi_set_threaded(&h.drv.napi.napi, true);
    h.drv.backlog = 3;
    host_irq_msi(&h.m, kIrq, us(10));
    h.run(us(100));
    h.drv.backlog = 2;
    host_irq_msi(&h.m, kIrq, us(200));
    h.run(us(300));
    const uint64_t *ps = c.ps;
    // One thread for the instance, made on the first wake-up, woken twice.
    ASSERT_EQ(h.cpu().nr_threads, 2u);
    const cpu_thread &t = h.cpu().threads[1];
    EXPECT_STREQ(t.name, "napi/eth0-1");
    EXPECT_EQ(t.kind, THREAD_NAPI);
    EXPECT_EQ(t.wakeups, 2u);
    EXPECT_TRUE(t.blocked);
    cpu_split sp;
    host_cpu_split(&h.m, 0, &sp);
    // No softirq: the handler wakes the thread (TTWU in hard IRQ) ...
    EXPECT_EQ(sp.softirq, 0u);
    EXPECT_EQ(sp.hardirq, 2 * (ps[RX_COST_HARDIRQ_ENTRY] + ps[RX_COST_NAPI_SCHEDULE] + ps[CPU_COST_TTWU]));
    // ... which switches in and polls: 3 packets, then 2, completing each time.
    const uint64_t poll = ps[CPU_COST_CONTEXT_SWITCH] + ps[RX_COST_NAPI_POLL] + ps[RX_COST_NAPI_COMPLETE];
    EXPECT_EQ(sp.napi_threads, 2 * poll + 5 * ps[RX_COST_DRIVER_POLL_PKT]);
    EXPECT_EQ(t.exec_ps, sp.napi_threads);
    EXPECT_EQ(h.drv.napi.napi.poll_calls, 2u);
    EXPECT_EQ(h.split_sum(), h.elapsed());
}

struct recorded_timer {
    timer_list t; // first: the callback finds the record from it
    host_machine *m;
    std::vector<uint64_t> fired_at;
    static void fn(timer_list *t)
    {
        auto *r = reinterpret_cast<recorded_timer *>(t);
        r->fired_at.push_back(host_running(r->m)->local_ps);
    }
};

TEST(CpuCore, TimersFireAtTheirExactNanosecond)
{
    cost_table c = zero_costs();
    c.ps[RX_COST_HARDIRQ_ENTRY] = ns(400);
    host h(c);
    recorded_timer a{{}, &h.m, {}}, b{{}, &h.m, {}}, gone{{}, &h.m, {}};
    a.t.function = b.t.function = gone.t.function = recorded_timer::fn;
    a.t.expires = 5003; // ns
    b.t.expires = 5003; // same time: fires after a (armed later)
    gone.t.expires = 4000;
    h.m.plat.timer_arm(h.m.plat.ctx, &a.t);
    h.m.plat.timer_arm(h.m.plat.ctx, &b.t);
    h.m.plat.timer_arm(h.m.plat.ctx, &gone.t);
    h.m.plat.timer_cancel(h.m.plat.ctx, &gone.t);
    h.run(us(20));
    ASSERT_EQ(a.fired_at.size(), 1u);
    ASSERT_EQ(b.fired_at.size(), 1u);
    EXPECT_EQ(a.fired_at[0], ns(5003 + 400)); // irq_enter ran first
    EXPECT_EQ(b.fired_at[0], ns(5003 + 800));
    EXPECT_TRUE(gone.fired_at.empty());
    EXPECT_EQ(h.cpu().cnt.timers_fired, 2u);
    cpu_split sp;
    host_cpu_split(&h.m, 0, &sp);
    EXPECT_EQ(sp.hardirq, ns(800));
    EXPECT_EQ(h.split_sum(), h.elapsed());
}

TEST(CpuCore, ATimerDueMidStepFiresAtTheBoundary)
{
    cost_table c = zero_costs();
    c.ps[RX_COST_HARDIRQ_ENTRY] = ns(400);
    c.ps[RX_COST_IP_RCV] = ns(1000);
    host h(c);
    scripted s{&h.m, {RX_COST_IP_RCV}, 0, {}};
    host_thread_create(&h.m, 0, "worker", scripted::step, &s, nullptr);
    recorded_timer a{{}, &h.m, {}};
    a.t.function = recorded_timer::fn;
    a.t.expires = 300;
    h.m.plat.timer_arm(h.m.plat.ctx, &a.t);
    h.run(us(5));
    ASSERT_EQ(a.fired_at.size(), 1u);
    EXPECT_EQ(a.fired_at[0], ns(1400));
}

TEST(CpuCore, IdleAdvancesToTheNextInterruptInOneWait)
{
    cost_table c = zero_costs();
    c.ps[RX_COST_HARDIRQ_ENTRY] = ns(400);
    host h(c);
    host_irq_msi(&h.m, kIrq, us(7));
    h.run(us(7));
    EXPECT_EQ(h.env_idles, 1u);
    EXPECT_EQ(h.drv.irqs, 0u); // the clock reached 7 us; the IRQ is next
    h.run(us(20));
    ASSERT_EQ(h.drv.irqs, 1u);
    EXPECT_EQ(h.drv.irq_at_ps[0], us(7) + ns(400));
    EXPECT_EQ(h.env_idles, 2u); // and one more to the end
    cpu_split sp;
    host_cpu_split(&h.m, 0, &sp);
    EXPECT_EQ(sp.idle, us(20) - ns(400));
    EXPECT_EQ(h.split_sum(), h.elapsed());
}

TEST(CpuCore, ALevelInterruptStaysPendingWhileAsserted)
{
    cost_table c = zero_costs();
    c.ps[RX_COST_HARDIRQ_ENTRY] = ns(400);
    host h(c);
    host_irq_intx(&h.m, kIrq, true, us(1));
    host_irq_intx(&h.m, kIrq, false, us(3));
    h.run(us(10));
    // The handler does not quiet the line: taken at 1.0, 1.4, ... 2.6 us;
    // at 3.0 us the deassert has arrived.
    EXPECT_EQ(h.drv.irqs, 5u);
    EXPECT_EQ(h.drv.irq_at_ps.back(), ns(2600 + 400));
}

TEST(CpuCore, QuantumBoundsHowFarTheCpuRunsAhead)
{
    cost_table c = zero_costs();
    c.ps[RX_COST_IP_RCV] = ns(100);
    host h(c, ns(250));
    scripted s{&h.m, std::vector<int>(10, RX_COST_IP_RCV), 0, {}};
    host_thread_create(&h.m, 0, "worker", scripted::step, &s, nullptr);
    h.run(us(1));
    // 1000 ns of charges in 100 ns steps with a 250 ns quantum: syncs at 300,
    // 600, 900 ns.
    EXPECT_EQ(h.cpu().cnt.syncs, 3u);
    EXPECT_EQ(h.env_syncs, 3u);
}

TEST(CpuCore, ALateInterruptIsTakenAtOnceAndCounted)
{
    cost_table c = zero_costs();
    host h(c);
    h.run(us(5));
    host_irq_msi(&h.m, kIrq, us(2));
    h.run(us(6));
    EXPECT_EQ(h.cpu().cnt.late_irqs, 1u);
    ASSERT_EQ(h.drv.irqs, 1u);
    EXPECT_EQ(h.drv.irq_at_ps[0], us(5));
}

} // namespace
} // namespace cpu_test
