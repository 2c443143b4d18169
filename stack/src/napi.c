/* NAPI: scheduling, completion with IRQ deferral, and net_rx_action. */
#include "internal.h"

/* ---- poll lists ---- */

static void napi_list_add_tail(struct napi_list *l, struct napi_struct *n)
{
	n->poll_next = NULL;
	n->poll_prev = l->tail;
	if (l->tail)
		l->tail->poll_next = n;
	else
		l->head = n;
	l->tail = n;
	n->on_list = l;
}

static void napi_list_del(struct napi_struct *n)
{
	struct napi_list *l = n->on_list;
	if (!l)
		return;
	if (n->poll_prev)
		n->poll_prev->poll_next = n->poll_next;
	else
		l->head = n->poll_next;
	if (n->poll_next)
		n->poll_next->poll_prev = n->poll_prev;
	else
		l->tail = n->poll_prev;
	n->poll_next = n->poll_prev = NULL;
	n->on_list = NULL;
}

/* Moves every entry of from to the tail of to. */
static void napi_list_splice_tail_init(struct napi_list *from, struct napi_list *to)
{
	while (from->head) {
		struct napi_struct *n = from->head;
		napi_list_del(n);
		napi_list_add_tail(to, n);
	}
}

/* ---- scheduling ---- */

static void napi_watchdog(struct timer_list *t);

void netif_napi_add(struct net_device *dev, struct napi_struct *napi,
		    int (*poll)(struct napi_struct *, int), int weight)
{
	*napi = (struct napi_struct){0};
	napi->dev = dev;
	napi->poll = poll;
	napi->weight = weight;
	napi->state = NAPI_STATE_SCHED; /* held until napi_enable */
	napi->timer.function = napi_watchdog;
	napi->dev_next = dev->napi_list;
	dev->napi_list = napi;
}

void netif_napi_del(struct napi_struct *napi)
{
	napi_gro_purge(napi);
	for (struct napi_struct **link = &napi->dev->napi_list; *link; link = &(*link)->dev_next)
		if (*link == napi) {
			*link = napi->dev_next;
			break;
		}
}

void napi_enable(struct napi_struct *napi) { napi->state &= ~(NAPI_STATE_SCHED | NAPI_STATE_MISSED | NAPI_STATE_DISABLE); }

void napi_disable(struct napi_struct *napi)
{
	if (napi->timer.pending)
		net_timer_cancel(napi->dev->net, &napi->timer);
	napi_list_del(napi);
	napi->state = NAPI_STATE_SCHED | NAPI_STATE_DISABLE;
}

bool napi_schedule_prep(struct napi_struct *n)
{
	if (n->state & NAPI_STATE_DISABLE)
		return false;
	if (n->state & NAPI_STATE_SCHED) {
		/* The running poll must look again before completing. */
		if (n->dev->net->sysctl.napi_missed)
			n->state |= NAPI_STATE_MISSED;
		n->missed++;
		return false;
	}
	n->state |= NAPI_STATE_SCHED;
	return true;
}

/* ____napi_schedule: inside net_rx_action the new entry is picked up by
 * its final splice, so no softirq needs raising. */
static void ____napi_schedule(struct softnet_data *sd, struct napi_struct *n)
{
	struct net *net = sd->net;
	if (n->threaded && net->plat.wake_napi_thread) {
		net->plat.wake_napi_thread(net->plat.ctx, n);
		return;
	}
	napi_list_add_tail(&sd->poll_list, n);
	n->cpu = sd->cpu;
	if (!sd->in_net_rx_action)
		raise_net_rx_softirq(sd);
}

void __napi_schedule(struct napi_struct *n)
{
	struct net *net = n->dev->net;
	net_charge(net, RX_COST_NAPI_SCHEDULE, 1);
	____napi_schedule(this_softnet(net), n);
}

void napi_schedule_backlog(struct softnet_data *sd)
{
	if (!(sd->backlog.state & NAPI_STATE_SCHED)) {
		sd->backlog.state |= NAPI_STATE_SCHED;
		____napi_schedule(sd, &sd->backlog);
	}
}

/* napi_complete_done (net/core/dev.c, Linux 6.13): IRQ deferral, and with
 * a prefer-busy poller waiting (NAPI_STATE_PREFER_BUSY_POLL) IRQ
 * suspension's longer timer ("net: Suspend softirq when prefer_busy_poll is
 * set"); completion clears MISSED, SCHED and PREFER_BUSY_POLL.  GRO sends up
 * what it holds, all of it, or (a timer armed, 6.6 as 6.13) what it has
 * held since an earlier jiffy: with gro_flush_timeout set, a poll with work
 * that leaves packets held arms the timer even when the IRQ is unmasked. */
bool napi_complete_done(struct napi_struct *n, int work_done)
{
	struct net *net = n->dev->net;
	uint64_t timeout = 0;
	bool ret = true;

	net_charge(net, RX_COST_NAPI_COMPLETE, 1);
	n->complete_calls++;
	/* A busy poller owns it: the IRQ stays masked until busy_poll_stop. */
	if (n->state & NAPI_STATE_IN_BUSY_POLL)
		return false;
	/* A poll that found work restarts the deferral count. */
	if (work_done) {
		if (n->gro_list)
			timeout = n->dev->gro_flush_timeout;
		n->defer_hard_irqs_count = n->dev->napi_defer_hard_irqs;
	}
	if (n->state & NAPI_STATE_PREFER_BUSY_POLL) {
		timeout = n->dev->irq_suspend_timeout;
		if (timeout)
			ret = false;
	}
	if (ret && n->defer_hard_irqs_count > 0) {
		n->defer_hard_irqs_count--;
		timeout = n->dev->gro_flush_timeout;
		if (timeout)
			ret = false;
	}
	napi_gro_flush(n, timeout != 0);
	napi_list_del(n);
	if (n->state & NAPI_STATE_MISSED) {
		/* An IRQ came while we polled: poll again instead of unmasking. */
		n->state = NAPI_STATE_SCHED;
		__napi_schedule(n);
		return false;
	}
	n->state &= ~(NAPI_STATE_SCHED | NAPI_STATE_MISSED | NAPI_STATE_PREFER_BUSY_POLL);
	if (timeout) {
		n->deferred += !ret;
		net_timer_arm(net, &n->timer, net_now(net) + timeout);
	}
	return ret;
}

/* gro_flush_timeout expired: poll again with the IRQ still masked.  No
 * MISSED here: this is not a device interrupt. */
static void napi_watchdog(struct timer_list *t)
{
	struct napi_struct *n = container_of(t, struct napi_struct, timer);
	if (!(n->state & (NAPI_STATE_DISABLE | NAPI_STATE_SCHED))) {
		n->state = (n->state | NAPI_STATE_SCHED) & ~NAPI_STATE_PREFER_BUSY_POLL;
		__napi_schedule(n);
	}
}

/* A poll's result as __napi_poll (net/core/dev.c, Linux 6.1) judges it:
 * more work than the budget is a driver bug (netdev_err_once "NAPI poll
 * function %pS returned %d, exceeding its budget of %d"; WARN_ON_ONCE(work >
 * weight) in 2.6's net_rx_action), and so is completing NAPI after using the
 * whole budget ("drivers must not modify the NAPI state if they consume the
 * entire weight": the caller still owns the instance).  Counted, the first
 * with its time, for the run's violations. */
static void napi_check_poll(struct napi_struct *n, int work, int budget)
{
	n->polls_full += work >= budget;
	const bool over = work > budget;
	const bool done_full = work >= budget && !(n->state & NAPI_STATE_SCHED);
	if (!over && !done_full)
		return;
	n->over_budget += over;
	n->done_at_full_budget += done_full;
	if (!n->first_bad_poll.budget) { /* budgets are positive: none recorded yet */
		n->first_bad_poll.at_ns = net_now(n->dev->net);
		n->first_bad_poll.work = work;
		n->first_bad_poll.budget = budget;
	}
}

/* __napi_poll (Linux 6.6) after a poll that used its whole weight, the
 * instance staying scheduled: GRO sends up what it has held since an
 * earlier jiffy, or everything when HZ < 1000. */
static void napi_gro_flush_full(struct napi_struct *n)
{
	if (n->gro_list) /* (never the backlog's, which has no device) */
		napi_gro_flush(n, n->dev->net->sysctl.hz >= 1000);
}

/* One poll with softirqs held off, as a busy poller or NAPI thread runs it. */
static int busy_poll_once(struct softnet_data *sd, struct napi_struct *napi, int budget)
{
	local_bh_disable(sd);
	net_charge(sd->net, RX_COST_NAPI_POLL, 1);
	int work = napi->poll(napi, budget);
	napi->poll_calls++;
	napi->poll_work += (uint64_t)work;
	napi_check_poll(napi, work, budget);
	local_bh_enable(sd);
	return work;
}

/* busy_poll_stop (Linux 6.13): a device IRQ meanwhile only set MISSED,
 * which this last poll covers; it may complete and let the driver unmask.
 * A prefer-busy poller instead keeps the IRQ masked on the NAPI timer:
 * irq_suspend_timeout, else gro_flush_timeout if napi_defer_hard_irqs is
 * set, and a last poll that used its whole budget then waits for that timer
 * (__busy_poll_stop's skip_schedule) instead of raising the softirq. */
static void busy_poll_stop(struct softnet_data *sd, struct napi_struct *napi, bool prefer_busy_poll, int budget)
{
	struct net_device *dev = napi->dev;
	bool skip_schedule = false;

	napi->state &= ~(NAPI_STATE_MISSED | NAPI_STATE_IN_BUSY_POLL);
	local_bh_disable(sd);
	if (prefer_busy_poll) {
		uint64_t timeout = dev->irq_suspend_timeout;
		if (!timeout) {
			napi->defer_hard_irqs_count = dev->napi_defer_hard_irqs;
			if (napi->defer_hard_irqs_count)
				timeout = dev->gro_flush_timeout;
		}
		if (timeout) {
			net_timer_arm(sd->net, &napi->timer, net_now(sd->net) + timeout);
			skip_schedule = true;
		}
	}
	if (busy_poll_once(sd, napi, budget) == budget) {
		/* __busy_poll_stop: the timer will poll; GRO flushes as a full
		 * poll does.  Otherwise the softirq's poll will. */
		if (skip_schedule) {
			napi_gro_flush_full(napi);
			napi->state &= ~NAPI_STATE_SCHED;
		} else {
			__napi_schedule(napi);
		}
	}
	local_bh_enable(sd);
}

bool napi_busy_loop(struct napi_struct *napi, bool (*loop_end)(void *arg), void *arg, bool prefer_busy_poll,
		    int budget)
{
	struct softnet_data *sd = this_softnet(napi->dev->net);
	if (napi->state & (NAPI_STATE_DISABLE | NAPI_STATE_SCHED | NAPI_STATE_IN_BUSY_POLL)) {
		/* The softirq (or its timer) owns it: ask for it back. */
		if (prefer_busy_poll)
			napi->state |= NAPI_STATE_PREFER_BUSY_POLL;
		return false;
	}
	napi->state |= NAPI_STATE_SCHED | NAPI_STATE_IN_BUSY_POLL;
	do {
		napi->busy_polls++;
		busy_poll_once(sd, napi, budget);
	} while (loop_end && !loop_end(arg));
	busy_poll_stop(sd, napi, prefer_busy_poll, budget);
	return true;
}

/* napi_suspend_irqs (Linux 6.13): keep the IRQ masked for another
 * irq_suspend_timeout. */
void napi_suspend_irqs(struct napi_struct *napi)
{
	struct net *net = napi->dev->net;
	if (napi->dev->irq_suspend_timeout)
		net_timer_arm(net, &napi->timer, net_now(net) + napi->dev->irq_suspend_timeout);
}

/* napi_resume_irqs (Linux 6.13): napi_schedule with softirqs held off, so
 * NET_RX runs at local_bh_enable and its completion applies the deferral. */
void napi_resume_irqs(struct napi_struct *napi)
{
	struct softnet_data *sd = this_softnet(napi->dev->net);
	if (!napi->dev->irq_suspend_timeout)
		return;
	local_bh_disable(sd);
	napi_schedule(napi);
	local_bh_enable(sd);
}

void napi_set_threaded(struct napi_struct *napi, bool threaded) { napi->threaded = threaded; }

bool napi_threaded_poll(struct napi_struct *napi)
{
	if (!(napi->state & NAPI_STATE_SCHED) || (napi->state & NAPI_STATE_IN_BUSY_POLL))
		return false;
	struct softnet_data *sd = this_softnet(napi->dev->net);
	int work = busy_poll_once(sd, napi, napi->weight);
	if (work < napi->weight || (napi->state & NAPI_STATE_DISABLE))
		return false;
	napi_gro_flush_full(napi); /* __napi_poll, as in the softirq */
	return true;
}

/* ---- net_rx_action ---- */

static int napi_poll(struct softnet_data *sd, struct napi_struct *n, struct napi_list *repoll)
{
	int work = 0;
	napi_list_del(n);
	net_charge(sd->net, RX_COST_NAPI_POLL, 1);
	if (n->state & NAPI_STATE_SCHED) {
		work = n->poll(n, n->weight);
		n->poll_calls++;
		n->poll_work += (uint64_t)work;
		napi_check_poll(n, work, n->weight);
	}
	if (work < n->weight)
		return work;
	/* Departure from Linux: a driver that completed NAPI after using its
	 * whole weight is not put back on the poll list.  Linux would, and the
	 * next interrupt would add it to a second list: the poll list corrupt
	 * (here net_rx_action looped forever).  The run reports the bug instead. */
	if (!(n->state & NAPI_STATE_SCHED))
		return work;
	/* Whole weight used: the driver must not have completed; poll again
	 * later, after the other instances had their turn. */
	if (n->state & NAPI_STATE_DISABLE)
		return work;
	/* __napi_poll (6.13): more work, but a busy poller prefers to take it:
	 * complete (deferral or IRQ suspension keeps the IRQ masked), and
	 * reschedule only if nothing will. */
	if (n->state & NAPI_STATE_PREFER_BUSY_POLL) {
		if (napi_complete_done(n, work))
			napi_schedule(n);
		return work;
	}
	napi_gro_flush_full(n);
	if (n->on_list)
		return work;
	napi_list_add_tail(repoll, n);
	return work;
}

void net_rx_action(struct softnet_data *sd)
{
	struct net *net = sd->net;
	/* Linux 6.6 net_rx_action: time_limit = jiffies +
	 * usecs_to_jiffies(netdev_budget_usecs), ended at time_after_eq: the
	 * next tick at HZ 250 (2.6.12's `jiffies - start_time > 1` is the same
	 * two ticks at its HZ 1000). */
	const uint64_t time_limit =
		net_jiffies(net) + net_nsecs_to_jiffies(net, (uint64_t)net->sysctl.netdev_budget_usecs * 1000u);
	int budget = net->sysctl.netdev_budget;
	struct napi_list list = {0}, repoll = {0};

	net_fn_begin(net, "net_rx_action");
	net_charge(net, RX_COST_NET_RX_ACTION, 1);
	sd->st.net_rx_action_calls++;
start:
	sd->in_net_rx_action = true;
	napi_list_splice_tail_init(&sd->poll_list, &list);
	for (;;) {
		if (!list.head) {
			if (!repoll.head) {
				sd->in_net_rx_action = false;
				/* An IRQ may have scheduled someone without raising. */
				if (sd->poll_list.head)
					goto start;
				net_fn_end(net, "net_rx_action", net->sysctl.netdev_budget - budget,
					   net->sysctl.netdev_budget);
				return;
			}
			break;
		}
		net_fn_begin(net, "napi_poll");
		const int weight = list.head->weight;
		const int work = napi_poll(sd, list.head, &repoll);
		net_fn_end(net, "napi_poll", work, weight);
		budget -= work;
		if (budget <= 0 || net_jiffies(net) >= time_limit) {
			sd->st.time_squeeze++;
			break;
		}
	}
	/* Back on the poll list: unpolled first, then newly scheduled, then
	 * the instances that used their whole weight. */
	napi_list_splice_tail_init(&sd->poll_list, &list);
	napi_list_splice_tail_init(&repoll, &list);
	napi_list_splice_tail_init(&list, &sd->poll_list);
	if (sd->poll_list.head)
		__raise_softirq_irqoff(sd, NET_RX_SOFTIRQ);
	else
		sd->in_net_rx_action = false;
	net_fn_end(net, "net_rx_action", net->sysctl.netdev_budget - budget, net->sysctl.netdev_budget);
}
