// NAPI scheduling, net_rx_action budget/weight/time_squeeze, MISSED,
// IRQ deferral, the softirq restart limit and the netif_rx backlog.
#include <gtest/gtest.h>

#include "stack_harness.h"

// Kernel rule (net_rx_action, 6.x): each instance on the list is polled once
// per invocation; one that used its whole weight goes to the repoll list and
// the softirq is re-raised, so __do_softirq runs net_rx_action again - at
// most 10 passes (MAX_SOFTIRQ_RESTART), then ksoftirqd.  With two devices
// at weight 64 a pass uses 128 of the 300 budget: no time_squeeze.
TEST(StackNapi, TwoDevicesWeight64Budget300)
{
	Host h;
	net_device *eth1 = register_netdev(h.n, "eth1", frames::kPeerMac);
	FakeDriver a(h, h.eth0), b(h, eth1);
	a.bare_work = 1000;
	b.bare_work = 1000;
	hard_irq(h, [&] {
		a.interrupt();
		b.interrupt();
	});
	softnet_stat s = h.softnet();
	EXPECT_EQ(10u, a.napi.poll_calls);
	EXPECT_EQ(10u, b.napi.poll_calls);
	EXPECT_EQ(640u, a.napi.poll_work);
	EXPECT_EQ(10u, s.net_rx_action_calls);
	EXPECT_EQ(10u, s.softirq_runs);
	EXPECT_EQ(0u, s.time_squeeze);
	EXPECT_EQ(1, h.plat.ksoftirqd_wakeups);
	EXPECT_TRUE(local_softirq_pending(h.n, 0) & (1u << NET_RX_SOFTIRQ));
	for (int w : a.poll_log)
		EXPECT_EQ(64, w);

	// ksoftirqd: 360 left each = 5 full polls + one of 40 that completes.
	EXPECT_FALSE(run_ksoftirqd(h.n, 0));
	EXPECT_EQ(16u, a.napi.poll_calls);
	EXPECT_EQ(16u, b.napi.poll_calls);
	EXPECT_EQ(1000u, a.napi.poll_work);
	EXPECT_EQ(1000u, b.napi.poll_work);
	EXPECT_EQ(16u, h.softnet().net_rx_action_calls);
	EXPECT_EQ(std::vector<bool>{true}, a.complete_results);
	EXPECT_TRUE(a.irq_enabled);
	EXPECT_EQ(0u, local_softirq_pending(h.n, 0));
}

// Kernel rule (__napi_poll, net/core/dev.c, 6.1): a poll that returns more
// than its budget is a driver bug ("exceeding its budget"), and so is one that
// completes NAPI having used all of it.  Both are counted with the first
// one's work and budget.  Linux would put the completed instance back on the
// poll list and corrupt it at the next interrupt; the model leaves it off, so
// the run ends and reports the bug (this one looped forever before).
TEST(StackNapi, PollOverItsBudgetIsCountedAndTheListSurvives)
{
	Host h;
	FakeDriver a(h, h.eth0);
	a.over_budget_bug = true;
	a.bare_work = 200; // 65 + 65 + 65 + 5
	for (int i = 0; i < 4; i++)
		hard_irq(h, [&] { a.interrupt(); });
	while (run_ksoftirqd(h.n, 0)) {
	}
	EXPECT_EQ(200u, a.napi.poll_work);
	EXPECT_EQ(4u, a.napi.poll_calls);
	EXPECT_EQ(3u, a.napi.over_budget);
	EXPECT_EQ(3u, a.napi.done_at_full_budget);
	EXPECT_EQ(65, a.napi.first_bad_poll.work);
	EXPECT_EQ(64, a.napi.first_bad_poll.budget);
	EXPECT_EQ(0u, local_softirq_pending(h.n, 0));

	// A correct driver trips neither.
	Host g;
	FakeDriver b(g, g.eth0);
	b.bare_work = 200;
	hard_irq(g, [&] { b.interrupt(); });
	while (run_ksoftirqd(g.n, 0)) {
	}
	EXPECT_EQ(200u, b.napi.poll_work);
	EXPECT_EQ(0u, b.napi.over_budget + b.napi.done_at_full_budget);
}

// Kernel rule: the budget is checked after every poll; when it reaches 0
// time_squeeze++ and the unpolled rest stays at the head of the poll list,
// before the repolled instances (list_splice order).
TEST(StackNapi, BudgetExhaustionSqueezesAndKeepsOrder)
{
	Host h;
	net_sysctl(h.n)->netdev_budget = 100;
	net_sysctl(h.n)->max_softirq_restart = 3;
	net_device *eth1 = register_netdev(h.n, "eth1", frames::kPeerMac);
	net_device *eth2 = register_netdev(h.n, "eth2", frames::kPeerMac);
	std::vector<std::string> order;
	FakeDriver a(h, h.eth0), b(h, eth1), c(h, eth2);
	int i = 0;
	for (FakeDriver *d : {&a, &b, &c}) {
		d->bare_work = 100000;
		d->tag = std::string(1, char('A' + i++));
		d->order = &order;
	}
	hard_irq(h, [&] {
		a.interrupt();
		b.interrupt();
		c.interrupt();
	});
	// Pass 1: A(64) B(64) -> budget -28: squeeze; C unpolled -> list C A B.
	// Pass 2: C A, squeeze -> B C A.  Pass 3: B C, squeeze.
	EXPECT_EQ((std::vector<std::string>{"A", "B", "C", "A", "B", "C"}), order);
	EXPECT_EQ(3u, h.softnet().time_squeeze);
	EXPECT_EQ(3u, h.softnet().softirq_runs);
	EXPECT_EQ(1, h.plat.ksoftirqd_wakeups);
}

// Polls of `poll_us` each on `devices` devices, all scheduled in one hard
// IRQ at `start_ns`: how many were polled before net_rx_action's time limit.
static std::vector<uint64_t> polls_before_time_limit(uint64_t start_ns, uint32_t hz, uint64_t poll_us,
						     int devices, Host &h)
{
	h.plat.now = start_ns;
	net_sysctl(h.n)->netdev_budget = 100000;
	net_sysctl(h.n)->hz = hz;
	h.plat.cost_ns[RX_COST_NAPI_POLL] = poll_us * 1000;
	std::vector<std::unique_ptr<FakeDriver>> d;
	for (int i = 0; i < devices; i++) {
		net_device *dev = i ? register_netdev(h.n, ("eth" + std::to_string(i)).c_str(), frames::kPeerMac) : h.eth0;
		d.emplace_back(new FakeDriver(h, dev));
		d.back()->bare_work = 1000;
	}
	hard_irq(h, [&] {
		for (auto &x : d)
			x->interrupt();
	});
	std::vector<uint64_t> calls;
	for (auto &x : d)
		calls.push_back(x->napi.poll_calls);
	return calls;
}

// Kernel rule (Linux 6.6 net/core/dev.c net_rx_action): time_limit =
// jiffies + usecs_to_jiffies(netdev_budget_usecs), checked after each poll
// with time_after_eq(jiffies, time_limit).  2000 us is one jiffy at HZ 250
// (rounded up), so one net_rx_action ends at the next tick, not 2 ms on.
// Started 1 ms before a tick (at 3 ms; ticks every 4 ms), with 600 us
// polls: the first ends at 3.6 ms (jiffy 0), the second at 4.2 ms (jiffy 1
// = the limit) -> squeeze after two polls (an exact 2 ms would allow four).
// __do_softirq's own limit (the same tick) has passed too, so it hands over
// to ksoftirqd at once.
TEST(StackNapi, TimeLimitEndsAtTheNextJiffy)
{
	Host h;
	EXPECT_EQ((std::vector<uint64_t>{1, 1, 0, 0, 0}), polls_before_time_limit(3000000, 250, 600, 5, h));
	EXPECT_EQ(1u, h.softnet().time_squeeze);
	EXPECT_EQ(1u, h.softnet().softirq_runs);
	EXPECT_EQ(1, h.plat.ksoftirqd_wakeups);
}

// Started on a tick (0 ns) the same limit gives a whole jiffy, 4 ms: 1 ms
// polls end at 1, 2, 3 (jiffy 0) and 4 ms (jiffy 1) -> four polls, where an
// exact 2 ms limit would stop after the second.
TEST(StackNapi, TimeLimitFromATickIsAWholeJiffy)
{
	Host h;
	EXPECT_EQ((std::vector<uint64_t>{1, 1, 1, 1, 0, 0}), polls_before_time_limit(0, 250, 1000, 6, h));
	EXPECT_EQ(1u, h.softnet().time_squeeze);
}

// At HZ 1000 (the 2.6 profile) usecs_to_jiffies(2000) is two jiffies, as
// 2.6.12's `jiffies - start_time > 1`: from 0.5 ms, 600 us polls end at
// 1.1, 1.7 (jiffy 1), 2.3 ms (jiffy 2 = the limit) -> three polls.
TEST(StackNapi, TimeLimitAtHz1000IsTwoJiffies)
{
	Host h;
	EXPECT_EQ((std::vector<uint64_t>{1, 1, 1, 0, 0}), polls_before_time_limit(500000, 1000, 600, 5, h));
	EXPECT_EQ(1u, h.softnet().time_squeeze);
}

// Kernel rule: napi_schedule_prep on a SCHED instance sets MISSED;
// napi_complete_done then reschedules (returns false, IRQ stays masked)
// and net_rx_action, finding the poll list refilled, polls it again.
// The IRQ here is taken inside a charge, as the platform would.
TEST(StackNapi, MissedReschedulesInsteadOfUnmask)
{
	Host h;
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
	EXPECT_EQ(1u, a.napi.missed);
	EXPECT_EQ((std::vector<bool>{false, true}), a.complete_results);
	EXPECT_EQ(2u, a.napi.poll_calls);
	EXPECT_EQ(10u, a.napi.poll_work);
	EXPECT_EQ(1u, h.softnet().net_rx_action_calls);
	EXPECT_EQ(0u, a.napi.state);
	EXPECT_TRUE(a.irq_enabled);
	EXPECT_EQ(10u, h.mib().udp.NoPorts);
	EXPECT_EQ(10u, h.softnet().processed);
}

// Kernel rule (napi_complete_done with napi_defer_hard_irqs N and
// gro_flush_timeout T): after a poll with work, up to N timer-driven polls
// T ns apart run with the IRQ masked; only then does complete return true.
TEST(StackNapi, DeferralArmsTimerThenUnmasks)
{
	Host h;
	h.eth0->napi_defer_hard_irqs = 2;
	h.eth0->gro_flush_timeout = 50000;
	FakeDriver a(h, h.eth0);
	for (int i = 0; i < 5; i++)
		a.ring.push_back(frames::udp_frame(1000, 9, frames::payload(18)));
	hard_irq(h, [&] { a.interrupt(); });
	EXPECT_EQ(std::vector<bool>{false}, a.complete_results);
	EXPECT_FALSE(a.irq_enabled);
	ASSERT_EQ(1u, h.plat.armed_timers());
	EXPECT_EQ(h.plat.now + 50000, a.napi.timer.expires);

	h.plat.advance_to(h.plat.now + 49999);
	EXPECT_EQ(1u, a.napi.poll_calls);  // not yet
	h.plat.advance_to(h.plat.now + 1);
	EXPECT_EQ(2u, a.napi.poll_calls);
	EXPECT_EQ((std::vector<bool>{false, false}), a.complete_results);
	h.plat.advance_to(h.plat.now + 50000);
	EXPECT_EQ(3u, a.napi.poll_calls);
	EXPECT_EQ((std::vector<bool>{false, false, true}), a.complete_results);
	EXPECT_TRUE(a.irq_enabled);
	EXPECT_EQ(0u, h.plat.armed_timers());
	EXPECT_EQ(2u, a.napi.deferred);
}

// New work during a deferred poll restarts the count (work_done != 0).
TEST(StackNapi, DeferralCountRestartsOnWork)
{
	Host h;
	h.eth0->napi_defer_hard_irqs = 1;
	h.eth0->gro_flush_timeout = 10000;
	FakeDriver a(h, h.eth0);
	a.bare_work = 3;
	hard_irq(h, [&] { a.interrupt(); });
	a.bare_work = 2;  // arrives while masked
	h.plat.advance_to(h.plat.now + 10000);
	h.plat.advance_to(h.plat.now + 10000);
	EXPECT_EQ((std::vector<bool>{false, false, true}), a.complete_results);
	EXPECT_EQ(3u, a.napi.poll_calls);
}

// Kernel rule (__do_softirq): at most MAX_SOFTIRQ_RESTART = 10 passes, then
// wakeup_softirqd; ksoftirqd keeps running __do_softirq while pending.
TEST(StackSoftirq, RestartLimitThenKsoftirqd)
{
	Host h;
	FakeDriver a(h, h.eth0);
	a.bare_work = 64 * 25;
	hard_irq(h, [&] { a.interrupt(); });
	EXPECT_EQ(10u, h.softnet().softirq_runs);
	EXPECT_EQ(10u, a.napi.poll_calls);
	EXPECT_EQ(1, h.plat.ksoftirqd_wakeups);
	EXPECT_TRUE(run_ksoftirqd(h.n, 0));  // 10 more passes, still work left
	EXPECT_EQ(20u, a.napi.poll_calls);
	EXPECT_EQ(2, h.plat.ksoftirqd_wakeups);
	EXPECT_FALSE(run_ksoftirqd(h.n, 0));  // 5 full polls + the empty one that completes
	EXPECT_EQ(26u, a.napi.poll_calls);
	EXPECT_EQ(std::vector<bool>{true}, a.complete_results);
}

// Kernel rule (raise_softirq_irqoff): raised outside interrupt context, the
// softirq is left to ksoftirqd; nothing runs until that thread does.
TEST(StackSoftirq, RaiseInProcessContextWakesKsoftirqd)
{
	Host h;
	sock *sk = h.udp_socket(9);
	netif_rx(h.make_skb(frames::udp_frame(1, 9, frames::payload(10))));
	EXPECT_EQ(1, h.plat.ksoftirqd_wakeups);
	EXPECT_EQ(0u, h.softnet().processed);
	EXPECT_FALSE(run_ksoftirqd(h.n, 0));
	EXPECT_EQ(1u, h.softnet().processed);
	sock_stats st;
	sock_get_stats(sk, &st);
	EXPECT_EQ(1u, st.qlen);
}

// Kernel rule (enqueue_to_backlog): accepted while qlen <= netdev_max_backlog,
// so the queue holds 1001; the rest are dropped and counted in softnet
// "dropped".  process_backlog then drains it at dev_weight 64 per poll.
TEST(StackBacklog, OverflowAt1000)
{
	Host h;
	sock *sk = h.udp_socket(9);
	sock_set_rcvbuf(sk, 1u << 30);
	hard_irq(h, [&] {
		for (int i = 0; i < 1100; i++)
			netif_rx(h.make_skb(frames::udp_frame(1, 9, frames::payload(10))));
		softnet_stat s = h.softnet();
		EXPECT_EQ(1001u, s.backlog_len);
		EXPECT_EQ(99u, s.dropped);
		EXPECT_EQ(0u, s.processed);
	});
	EXPECT_EQ(99u, h.drops(SKB_DROP_REASON_CPU_BACKLOG));
	EXPECT_EQ(640u, h.softnet().processed);  // 10 passes x 64
	EXPECT_EQ(1, h.plat.ksoftirqd_wakeups);
	EXPECT_FALSE(run_ksoftirqd(h.n, 0));
	softnet_stat s = h.softnet();
	EXPECT_EQ(1001u, s.processed);
	EXPECT_EQ(0u, s.backlog_len);
	sock_stats st;
	sock_get_stats(sk, &st);
	EXPECT_EQ(1001u, st.enqueued);
	net_flush(h.n);
	EXPECT_TRUE(net_check_conservation(h.n, nullptr));
	EXPECT_EQ(1001u, net_fate_total(h.n, SKB_FATE_QUEUED));
}

// A hard IRQ taken while net_rx_action runs only queues work: softirqs do
// not nest, and the same net_rx_action picks the new packets up.
TEST(StackBacklog, IrqDuringSoftirqDoesNotNest)
{
	Host h;
	h.udp_socket(9);
	int injected = 0;
	h.plat.on_charge = [&](rx_cost item) {
		if (item == RX_COST_UDP_RCV && injected < 5) {
			injected++;
			hard_irq(h, [&] { netif_rx(h.make_skb(frames::udp_frame(1, 9, frames::payload(10)))); });
		}
	};
	hard_irq(h, [&] { netif_rx(h.make_skb(frames::udp_frame(1, 9, frames::payload(10)))); });
	EXPECT_EQ(5, injected);
	EXPECT_EQ(6u, h.softnet().processed);
	EXPECT_EQ(1u, h.softnet().net_rx_action_calls);
	EXPECT_EQ(0, h.plat.ksoftirqd_wakeups);
}

// Busy polling (napi_busy_loop, budget 8): the reader polls the ring with
// the IRQ masked; napi_complete_done returns false while the poller owns
// the instance; busy_poll_stop polls once more and, that poll using its
// whole budget, hands the rest to NET_RX_SOFTIRQ, whose poll completes.
TEST(StackNapi, BusyPollThenSoftirqTakesOver)
{
	Host h;
	sock *sk = h.udp_socket(9);
	FakeDriver a(h, h.eth0);
	for (int i = 0; i < 20; i++)
		a.ring.push_back(frames::udp_frame(1, 9, frames::payload(4)));
	auto has_data = [](void *arg) { return sock_wait(static_cast<sock *>(arg)); };
	EXPECT_TRUE(napi_busy_loop(&a.napi, has_data, sk, false, BUSY_POLL_BUDGET));
	EXPECT_EQ((std::vector<int>{8, 8, 64}), a.poll_log);
	EXPECT_EQ(std::vector<bool>{true}, a.complete_results);
	EXPECT_EQ(1u, a.napi.busy_polls);
	EXPECT_EQ(0u, a.napi.state);
	sock_stats st;
	sock_get_stats(sk, &st);
	EXPECT_EQ(20u, st.qlen);
	EXPECT_EQ(1u, h.softnet().net_rx_action_calls);
	EXPECT_EQ(0, h.plat.ksoftirqd_wakeups);
	// The softirq owns a scheduled instance: the busy poller backs off.
	a.napi.state = NAPI_STATE_SCHED;
	EXPECT_FALSE(napi_busy_loop(&a.napi, has_data, sk, false, BUSY_POLL_BUDGET));
	a.napi.state = 0;
}

// While busy polling, a device IRQ only sets MISSED (the poller holds
// SCHED) and completions return false; busy_poll_stop clears MISSED and its
// last poll completes, so the driver unmasks once.
TEST(StackNapi, BusyPollAbsorbsInterrupts)
{
	Host h;
	FakeDriver a(h, h.eth0);
	a.irq_enabled = false;
	a.ring.push_back(frames::udp_frame(1, 9, frames::payload(4)));
	int iterations = 0;
	auto three = [](void *arg) { return ++*static_cast<int *>(arg) == 3; };
	h.plat.on_charge = [&](rx_cost item) {
		if (item != RX_COST_DRIVER_POLL_PKT)
			return;
		h.plat.on_charge = nullptr;
		hard_irq(h, [&] { a.interrupt(); });
	};
	EXPECT_TRUE(napi_busy_loop(&a.napi, three, &iterations, false, BUSY_POLL_BUDGET));
	EXPECT_EQ(1u, a.napi.missed);
	EXPECT_EQ((std::vector<bool>{false, false, false, true}), a.complete_results);
	EXPECT_EQ(4u, a.napi.poll_calls);
	EXPECT_TRUE(a.irq_enabled);
	EXPECT_EQ(0u, h.softnet().net_rx_action_calls);
	EXPECT_EQ(1u, h.mib().udp.NoPorts);
}

// Threaded NAPI: napi_schedule wakes the instance's thread instead of
// raising NET_RX_SOFTIRQ; the thread polls with the full weight and keeps
// going while a poll uses all of it; the last poll completes and unmasks.
TEST(StackNapi, ThreadedPollsOutsideSoftirq)
{
	Host h;
	FakeDriver a(h, h.eth0);
	napi_set_threaded(&a.napi, true);
	a.bare_work = 100;
	hard_irq(h, [&] { a.interrupt(); });
	EXPECT_EQ(std::vector<napi_struct *>{&a.napi}, h.plat.woken_napi_threads);
	EXPECT_EQ(0u, local_softirq_pending(h.n, 0));
	EXPECT_EQ(0u, a.napi.poll_calls);
	EXPECT_TRUE(napi_threaded_poll(&a.napi));
	EXPECT_FALSE(napi_threaded_poll(&a.napi));
	EXPECT_EQ((std::vector<int>{64, 64}), a.poll_log);
	EXPECT_EQ(std::vector<bool>{true}, a.complete_results);
	EXPECT_FALSE(napi_threaded_poll(&a.napi));  // not scheduled: nothing to do
	EXPECT_EQ(2u, a.napi.poll_calls);
	EXPECT_EQ(0u, h.softnet().net_rx_action_calls);
}

// Per-CPU softnet_data: the instance goes on the poll list of the CPU that
// took the interrupt, and that CPU's counters move.
TEST(StackNapi, PerCpuSoftnet)
{
	net_config cfg = Host::default_config();
	cfg.nr_cpus = 2;
	Host h(cfg);
	FakeDriver a(h, h.eth0);
	a.ring.assign(3, frames::udp_frame(1, 9, frames::payload(4)));
	h.plat.cpu = 1;
	hard_irq(h, [&] { a.interrupt(); });
	EXPECT_EQ(1, a.napi.cpu);
	EXPECT_EQ(3u, h.softnet(1).processed);
	EXPECT_EQ(1u, h.softnet(1).net_rx_action_calls);
	EXPECT_EQ(0u, h.softnet(0).processed);
	EXPECT_EQ(0u, h.softnet(0).net_rx_action_calls);
}
