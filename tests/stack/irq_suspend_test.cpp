// IRQ suspension (Linux 6.13, net/core/dev.c: napi_complete_done,
// __napi_poll, busy_poll_stop, napi_suspend_irqs, napi_resume_irqs,
// napi_watchdog): a prefer-busy poller keeps the device IRQ masked on the
// NAPI timer, irq_suspend_timeout long, and napi_defer_hard_irqs with
// gro_flush_timeout take over when it finds nothing.
#include <gtest/gtest.h>

#include "stack_harness.h"

namespace {

constexpr uint64_t suspend_ns = 1000000, flush_ns = 20000;

// eth0 as the series' cover letter sets it up ("suspend20"): deferral 100
// polls 20 us apart, irq_suspend_timeout 1 ms here.
void suspend_setup(Host &h)
{
	h.eth0->napi_defer_hard_irqs = 100;
	h.eth0->gro_flush_timeout = flush_ns;
	h.eth0->irq_suspend_timeout = suspend_ns;
}

void push(FakeDriver &d, int frames_)
{
	for (int i = 0; i < frames_; i++)
		d.ring.push_back(frames::udp_frame(1000, 9, frames::payload(18)));
}

} // namespace

// busy_poll_stop with prefer_busy_poll (6.13): the timer is armed for
// irq_suspend_timeout before the last poll; that poll's napi_complete_done
// (deferral count left by the softirq's poll) re-arms it for
// gro_flush_timeout, and epoll's napi_suspend_irqs puts irq_suspend_timeout
// back. The IRQ stays masked throughout, and nothing polls until the timer.
TEST(StackIrqSuspend, BusyPollStopAndEpollKeepTheIrqMaskedOnTheTimer)
{
	Host h;
	suspend_setup(h);
	FakeDriver a(h, h.eth0);
	push(a, 3);
	hard_irq(h, [&] { a.interrupt(); }); // softirq poll: 3 frames, deferral count 100 -> 99
	EXPECT_EQ(std::vector<bool>{false}, a.complete_results);
	ASSERT_EQ(1u, h.plat.armed_timers());
	EXPECT_EQ(h.plat.now + flush_ns, a.napi.timer.expires);

	push(a, 2);
	EXPECT_TRUE(napi_busy_loop(&a.napi, nullptr, nullptr, true, BUSY_POLL_BUDGET)); // one poll: nonblocking
	EXPECT_EQ((std::vector<int>{64, 8, 8}), a.poll_log);
	EXPECT_EQ((std::vector<bool>{false, false, false}), a.complete_results); // busy, then deferred
	EXPECT_FALSE(a.irq_enabled);
	EXPECT_EQ(h.plat.now + flush_ns, a.napi.timer.expires);

	napi_suspend_irqs(&a.napi);
	EXPECT_EQ(h.plat.now + suspend_ns, a.napi.timer.expires);
	h.plat.advance_to(h.plat.now + suspend_ns - 1);
	EXPECT_EQ(3u, a.napi.poll_calls);
	h.plat.advance_to(h.plat.now + 1); // napi_watchdog: the softirq polls again
	EXPECT_EQ(4u, a.napi.poll_calls);
	EXPECT_FALSE(a.irq_enabled);
}

// __napi_poll (6.13): a poll that used its whole weight while a prefer-busy
// poller asked for the instance (NAPI_STATE_PREFER_BUSY_POLL, set by
// __napi_busy_loop finding it scheduled) completes instead of repolling;
// napi_complete_done takes irq_suspend_timeout, not gro_flush_timeout, and
// clears the bit. Without the bit the softirq polls on to the end.
TEST(StackIrqSuspend, SoftirqHandsAFullPollBackToAPreferBusyPoller)
{
	Host h;
	suspend_setup(h);
	FakeDriver a(h, h.eth0);
	a.bare_work = 3 * 64;
	h.plat.on_charge = [&](rx_cost item) {
		if (item != RX_COST_NAPI_POLL)
			return;
		h.plat.on_charge = nullptr;
		// The poller finds the softirq's instance scheduled and backs off.
		EXPECT_FALSE(napi_busy_loop(&a.napi, nullptr, nullptr, true, BUSY_POLL_BUDGET));
		EXPECT_TRUE(a.napi.state & NAPI_STATE_PREFER_BUSY_POLL);
	};
	hard_irq(h, [&] { a.interrupt(); });
	EXPECT_EQ(1u, a.napi.poll_calls);
	EXPECT_TRUE(a.complete_results.empty()); // the stack completed it, not the driver
	EXPECT_EQ(1u, a.napi.complete_calls);
	EXPECT_EQ(0u, a.napi.state);
	EXPECT_FALSE(a.irq_enabled);
	EXPECT_EQ(h.plat.now + suspend_ns, a.napi.timer.expires);
	EXPECT_EQ(0u, local_softirq_pending(h.n, 0));

	Host g;
	suspend_setup(g);
	FakeDriver b(g, g.eth0);
	b.bare_work = 3 * 64;
	hard_irq(g, [&] { b.interrupt(); });
	EXPECT_EQ(4u, b.napi.poll_calls); // 64, 64, 64, then the empty one that completes
}

// napi_resume_irqs (6.13): epoll found nothing, so the instance is
// scheduled at once and its poll, run at local_bh_enable, falls back to the
// deferral (gro_flush_timeout); with irq_suspend_timeout 0 it does nothing.
// napi_watchdog clears NAPI_STATE_PREFER_BUSY_POLL when it schedules.
TEST(StackIrqSuspend, ResumeHandsTheInstanceBackToTheDeferral)
{
	Host h;
	suspend_setup(h);
	FakeDriver a(h, h.eth0);
	push(a, 1);
	hard_irq(h, [&] { a.interrupt(); });
	napi_suspend_irqs(&a.napi);
	EXPECT_EQ(h.plat.now + suspend_ns, a.napi.timer.expires);
	napi_resume_irqs(&a.napi);
	EXPECT_EQ(2u, a.napi.poll_calls);
	EXPECT_EQ(h.plat.now + flush_ns, a.napi.timer.expires);
	EXPECT_EQ(0u, a.napi.state);
	EXPECT_FALSE(a.irq_enabled);

	a.napi.state |= NAPI_STATE_PREFER_BUSY_POLL; // a poller asked meanwhile
	h.plat.advance_to(h.plat.now + flush_ns);
	EXPECT_EQ(3u, a.napi.poll_calls);
	EXPECT_EQ(h.plat.now + flush_ns, a.napi.timer.expires); // not irq_suspend_timeout: the bit is gone

	Host g;
	g.eth0->napi_defer_hard_irqs = 100;
	g.eth0->gro_flush_timeout = flush_ns;
	FakeDriver b(g, g.eth0);
	push(b, 1);
	hard_irq(g, [&] { b.interrupt(); });
	napi_resume_irqs(&b.napi);
	EXPECT_EQ(1u, b.napi.poll_calls);
}
