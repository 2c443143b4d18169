// The softirq choices that differ between kernel eras (net_sysctl's
// softirq_time_limit and ksoftirqd_defers; docs/KERNELS.md), each against
// the kernel/softirq.c of the release named.
#include <gtest/gtest.h>

#include "stack_harness.h"

namespace {

// One __do_softirq pass of the fake driver costs 1 ms (a poll of 64).
void slow_polls(Host &h) { h.plat.cost_ns[RX_COST_NAPI_POLL] = 1000000; }

} // namespace

// Linux 6.13 (and since 3.8, c10d73671ad3 "softirq: reduce latencies"):
// __do_softirq restarts only while time_before(jiffies, end), end = jiffies
// + MAX_SOFTIRQ_TIME, msecs_to_jiffies(2) rounded up to 1 jiffy at HZ 250,
// and !need_resched(). So the limit is the next 4 ms tick: passes of 1 ms
// starting on a tick run four times (0..4 ms); starting 0.5 ms before one,
// once.
TEST(StackKernelEra, SoftirqRestartsStopAtTheNextJiffySince38)
{
	Host h;
	slow_polls(h);
	FakeDriver a(h, h.eth0);
	a.bare_work = 64 * 25;
	hard_irq(h, [&] { a.interrupt(); });
	EXPECT_EQ(4u, h.softnet().softirq_runs);
	EXPECT_EQ(1, h.plat.ksoftirqd_wakeups);

	Host g;
	slow_polls(g);
	g.plat.now = 3500000;
	FakeDriver b(g, g.eth0);
	b.bare_work = 64 * 25;
	hard_irq(g, [&] { b.interrupt(); });
	EXPECT_EQ(1u, g.softnet().softirq_runs);
	EXPECT_EQ(1, g.plat.ksoftirqd_wakeups);
}

// Linux 2.6.12 __do_softirq: `if (pending && --max_restart) goto restart`,
// no time limit and no need_resched(): ten passes of 1 ms whatever the
// scheduler wants, then wakeup_softirqd.
TEST(StackKernelEra, Kernel26SoftirqRestartsTenTimesWhateverTheTime)
{
	Host h;
	net_sysctl(h.n)->softirq_time_limit = false;
	slow_polls(h);
	h.plat.resched = true;
	FakeDriver a(h, h.eth0);
	a.bare_work = 64 * 25;
	hard_irq(h, [&] { a.interrupt(); });
	EXPECT_EQ(10u, h.softnet().softirq_runs);
	EXPECT_EQ(10u, a.napi.poll_calls);
	EXPECT_EQ(1, h.plat.ksoftirqd_wakeups);
}

// The same with need_resched() set and the time limit kept (today): one pass.
TEST(StackKernelEra, NeedReschedEndsTheRestartsSince38)
{
	Host h;
	h.plat.resched = true;
	FakeDriver a(h, h.eth0);
	a.bare_work = 64 * 25;
	hard_irq(h, [&] { a.interrupt(); });
	EXPECT_EQ(1u, h.softnet().softirq_runs);
	EXPECT_EQ(1, h.plat.ksoftirqd_wakeups);
}

// Linux 4.19 invoke_softirq (4cd13c21b207, v4.9 to v6.4): while ksoftirqd is
// TASK_RUNNING, irq_exit does not run softirqs; the work waits for the
// thread.  Once the thread has found nothing pending and slept, irq_exit runs
// them again.
TEST(StackKernelEra, Kernel419IrqExitLeavesTheWorkToARunningKsoftirqd)
{
	Host h;
	net_sysctl(h.n)->ksoftirqd_defers = true;
	net_device *eth1 = register_netdev(h.n, "eth1", frames::kPeerMac);
	FakeDriver a(h, h.eth0), b(h, eth1);
	a.bare_work = 64 * 25;
	hard_irq(h, [&] { a.interrupt(); }); // 10 passes, then ksoftirqd is woken
	ASSERT_EQ(10u, h.softnet().softirq_runs);
	ASSERT_EQ(1, h.plat.ksoftirqd_wakeups);

	b.bare_work = 5;
	hard_irq(h, [&] { b.interrupt(); });
	EXPECT_EQ(10u, h.softnet().softirq_runs); // nothing ran at irq_exit
	EXPECT_EQ(0u, b.napi.poll_calls);

	while (run_ksoftirqd(h.n, 0)) {
	}
	EXPECT_EQ(5u, b.napi.poll_work);
	EXPECT_EQ(1000u + 600u, a.napi.poll_work);
	const uint64_t runs = h.softnet().softirq_runs;

	b.bare_work = 5; // ksoftirqd asleep: irq_exit runs the softirq itself
	hard_irq(h, [&] { b.interrupt(); });
	EXPECT_EQ(runs + 1, h.softnet().softirq_runs);
	EXPECT_EQ(10u, b.napi.poll_work);
}

// Linux 6.13 (the revert d15121be7485, v6.5, and before v4.9): irq_exit runs
// pending softirqs even while ksoftirqd is runnable.
TEST(StackKernelEra, IrqExitRunsSoftirqsBesideARunnableKsoftirqd)
{
	Host h;
	net_device *eth1 = register_netdev(h.n, "eth1", frames::kPeerMac);
	FakeDriver a(h, h.eth0), b(h, eth1);
	a.bare_work = 64 * 25;
	hard_irq(h, [&] { a.interrupt(); });
	ASSERT_EQ(1, h.plat.ksoftirqd_wakeups);
	b.bare_work = 5;
	hard_irq(h, [&] { b.interrupt(); });
	EXPECT_GT(h.softnet().softirq_runs, 10u);
	EXPECT_EQ(5u, b.napi.poll_work);
}

// Linux 2.6.12 netif_rx_schedule_prep: only test_and_set_bit of the
// scheduled state, no MISSED (39e6c8208d7b, 2017): an interrupt during the
// poll fails to schedule and leaves nothing behind, so the poll completes at
// once and the driver unmasks (the NIC's latched ICR cause then interrupts
// again: the "rotting packet" appendix of NAPI_HOWTO).
TEST(StackKernelEra, Kernel26ScheduleWhileScheduledLeavesNoMissed)
{
	Host h;
	net_sysctl(h.n)->napi_missed = false;
	FakeDriver a(h, h.eth0);
	for (int i = 0; i < 10; i++)
		a.ring.push_back(frames::udp_frame(1000, 9, frames::payload(18)));
	bool fired = false;
	h.plat.on_charge = [&](rx_cost item) {
		if (item == RX_COST_DRIVER_POLL_PKT && !fired) {
			fired = true;
			hard_irq(h, [&] { EXPECT_FALSE(napi_schedule_prep(&a.napi)); });
		}
	};
	hard_irq(h, [&] { a.interrupt(); });
	EXPECT_EQ(1u, a.napi.missed); // counted, as the driver's napi_schedule_missed
	EXPECT_EQ(std::vector<bool>{true}, a.complete_results);
	EXPECT_EQ(1u, a.napi.poll_calls);
	EXPECT_EQ(10u, a.napi.poll_work);
	EXPECT_EQ(0u, a.napi.state);
	EXPECT_TRUE(a.irq_enabled);
}
