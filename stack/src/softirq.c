/* Softirq engine: pending bits per CPU, run on irq_exit, restart at most
 * max_softirq_restart times or until max_softirq_time_ns in jiffies, then
 * ksoftirqd.  The
 * kernel-era choices (net_sysctl.softirq_time_limit, ksoftirqd_defers) pick
 * 2.6's, 4.19's or today's kernel/softirq.c (docs/KERNELS.md). */
#include "internal.h"

static bool in_interrupt(const struct softnet_data *sd) { return sd->hardirq_depth > 0 || sd->softirq_count > 0; }

static void wakeup_softirqd(struct softnet_data *sd)
{
	struct net *net = sd->net;
	sd->st.ksoftirqd_wakeups++;
	sd->ksoftirqd_running = true;
	if (net->plat.wake_ksoftirqd)
		net->plat.wake_ksoftirqd(net->plat.ctx, sd->cpu);
}

void __raise_softirq_irqoff(struct softnet_data *sd, unsigned nr) { sd->softirq_pending |= 1u << nr; }

/* raise_softirq_irqoff: outside interrupt context nobody will run it on
 * irq_exit, so ksoftirqd must. */
static void raise_softirq_sd(struct softnet_data *sd, unsigned nr)
{
	__raise_softirq_irqoff(sd, nr);
	if (!in_interrupt(sd))
		wakeup_softirqd(sd);
}

void raise_net_rx_softirq(struct softnet_data *sd) { raise_softirq_sd(sd, NET_RX_SOFTIRQ); }

unsigned local_softirq_pending(const struct net *net, int cpu)
{
	return (cpu >= 0 && cpu < net->nr_cpus) ? net->softnet[cpu].softirq_pending : 0;
}

static void __do_softirq(struct softnet_data *sd)
{
	struct net *net = sd->net;
	/* end = jiffies + MAX_SOFTIRQ_TIME: the restarts stop at the first
	 * tick that reaches it, 0 to 4 ms on at HZ 250. */
	const uint64_t end = net_jiffies(net) + net_nsecs_to_jiffies(net, net->sysctl.max_softirq_time_ns);
	uint32_t max_restart = net->sysctl.max_softirq_restart;

	sd->softirq_count++;
	for (;;) {
		net_charge(net, RX_COST_SOFTIRQ_ENTRY, 1);
		sd->st.softirq_runs++;
		unsigned pending = sd->softirq_pending;
		sd->softirq_pending = 0;
		if (pending & (1u << NET_RX_SOFTIRQ))
			net_rx_action(sd);
		if (!sd->softirq_pending)
			break;
		/* 2.6.12's __do_softirq: `if (pending && --max_restart) goto
		 * restart`; since 3.8 also time_before(jiffies, end) and
		 * !need_resched(). */
		bool yield = false;
		if (net->sysctl.softirq_time_limit)
			yield = net_jiffies(net) >= end || (net->plat.need_resched && net->plat.need_resched(net->plat.ctx));
		if (!yield && max_restart > 1) {
			max_restart--;
			continue;
		}
		wakeup_softirqd(sd);
		break;
	}
	sd->softirq_count--;
}

/* ksoftirqd_running() of 4.9-6.4 (4.19: the task is TASK_RUNNING; its
 * SOFTIRQ_NOW_MASK exception, HI and TASKLET, never applies here): do_softirq
 * and invoke_softirq then return and leave the pending work to ksoftirqd. */
static bool ksoftirqd_has_it(const struct softnet_data *sd)
{
	return sd->net->sysctl.ksoftirqd_defers && sd->ksoftirqd_running;
}

void local_bh_disable(struct softnet_data *sd) { sd->softirq_count++; }

void local_bh_enable(struct softnet_data *sd)
{
	sd->softirq_count--;
	if (!in_interrupt(sd) && sd->softirq_pending && !ksoftirqd_has_it(sd))
		__do_softirq(sd);
}

void irq_enter(struct net *net)
{
	struct softnet_data *sd = this_softnet(net);
	sd->hardirq_depth++;
	net_charge(net, RX_COST_HARDIRQ_ENTRY, 1);
}

void irq_exit(struct net *net)
{
	struct softnet_data *sd = this_softnet(net);
	if (sd->hardirq_depth > 0)
		sd->hardirq_depth--;
	if (!in_interrupt(sd) && sd->softirq_pending && !ksoftirqd_has_it(sd))
		__do_softirq(sd);
}

bool run_ksoftirqd(struct net *net, int cpu)
{
	if (cpu < 0 || cpu >= net->nr_cpus)
		return false;
	struct softnet_data *sd = &net->softnet[cpu];
	if (sd->softirq_pending && !in_interrupt(sd))
		__do_softirq(sd);
	/* Nothing pending: the thread sleeps (TASK_INTERRUPTIBLE). */
	sd->ksoftirqd_running = sd->softirq_pending != 0;
	return sd->ksoftirqd_running;
}

void timer_expire(struct net *net, struct timer_list *t)
{
	t->pending = false;
	irq_enter(net);
	t->function(t);
	irq_exit(net);
}
