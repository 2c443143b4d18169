/* Host CPU model core: contexts, interrupts between charged steps, hrtimers,
 * the thread loop and the CPU split (host_cpu.h). */
#include "host_cpu.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/net.h"
#include "rxsim/netdevice.h"

void host_config_default(struct host_config *c)
{
	c->nr_cpus = 1;
	cost_table_default(&c->costs);
	sched_params_default(&c->sched);
	c->quantum_ps = 250000; /* the platform's default MSI latency */
}

/* ---- accounting ---- */

/* Time passes on cpu in its current context. */
static void account(struct host_cpu *cpu, uint64_t ps)
{
	cpu->local_ps += ps;
	switch (cpu->ctx) {
	case CPU_CTX_HARDIRQ:
		cpu->hardirq_ps += ps;
		break;
	case CPU_CTX_SOFTIRQ:
		cpu->softirq_ps += ps;
		break;
	case CPU_CTX_TASK:
		if (cpu->curr) {
			cpu->curr->exec_ps += ps;
			update_curr(&cpu->rq, ps);
		} else {
			cpu->idle_ps += ps; /* code run outside any thread (set-up) */
		}
		break;
	}
}

void host_cpu_split(const struct host_machine *m, int cpu_id, struct cpu_split *out)
{
	const struct host_cpu *cpu = &m->cpu[cpu_id];
	*out = (struct cpu_split){.hardirq = cpu->hardirq_ps, .softirq = cpu->softirq_ps, .idle = cpu->idle_ps};
	for (unsigned i = 0; i < cpu->nr_threads; i++) {
		const struct cpu_thread *t = &cpu->threads[i];
		switch (t->kind) {
		case THREAD_KSOFTIRQD:
			out->ksoftirqd += t->exec_ps;
			break;
		case THREAD_NAPI:
			out->napi_threads += t->exec_ps;
			break;
		case THREAD_APP:
			out->threads += t->exec_ps;
			break;
		}
	}
}

/* ---- hrtimers ---- */

static void timer_remove(struct host_cpu *cpu, const struct timer_list *t)
{
	for (size_t i = 0; i < cpu->nr_timers; i++) {
		if (cpu->timers[i].t == t) {
			memmove(&cpu->timers[i], &cpu->timers[i + 1], (cpu->nr_timers - i - 1) * sizeof *cpu->timers);
			cpu->nr_timers--;
			return;
		}
	}
}

static void *grow(void *p, size_t *cap, size_t elem)
{
	size_t n = *cap ? *cap * 2 : 16;
	void *q = realloc(p, n * elem);
	if (!q) {
		fprintf(stderr, "rxsim cpu: out of memory\n");
		abort();
	}
	*cap = n;
	return q;
}

static void plat_timer_arm(void *ctx, struct timer_list *t)
{
	struct host_machine *m = ctx;
	struct host_cpu *cpu = m->running ? m->running : &m->cpu[0];
	timer_remove(cpu, t);
	if (cpu->nr_timers == cpu->cap_timers)
		cpu->timers = grow(cpu->timers, &cpu->cap_timers, sizeof *cpu->timers);
	struct cpu_timer e = {.t = t, .expires_ps = t->expires * 1000};
	size_t i = cpu->nr_timers;
	while (i > 0 && cpu->timers[i - 1].expires_ps > e.expires_ps)
		i--;
	memmove(&cpu->timers[i + 1], &cpu->timers[i], (cpu->nr_timers - i) * sizeof *cpu->timers);
	cpu->timers[i] = e;
	cpu->nr_timers++;
}

static void plat_timer_cancel(void *ctx, struct timer_list *t)
{
	struct host_machine *m = ctx;
	for (int c = 0; c < m->nr_cpus; c++)
		timer_remove(&m->cpu[c], t);
}

/* ---- interrupts ---- */

static void post_event(struct host_machine *m, int irq, int level, uint64_t at_ps)
{
	struct host_cpu *cpu = &m->cpu[0];
	if (irq < 0 || irq >= HOST_NR_IRQS)
		return;
	if (at_ps < cpu->local_ps) {
		cpu->cnt.late_irqs++;
		if (cpu->local_ps - at_ps > cpu->cnt.late_irq_max_ps)
			cpu->cnt.late_irq_max_ps = cpu->local_ps - at_ps;
		at_ps = cpu->local_ps;
	}
	if (cpu->ev_tail == cpu->cap_events) {
		if (cpu->ev_head > 0) { /* reuse the room taken ones left */
			memmove(cpu->events, cpu->events + cpu->ev_head,
				(cpu->ev_tail - cpu->ev_head) * sizeof *cpu->events);
			cpu->ev_tail -= cpu->ev_head;
			cpu->ev_head = 0;
		} else {
			cpu->events = grow(cpu->events, &cpu->cap_events, sizeof *cpu->events);
		}
	}
	/* Usually the latest: insert from the tail, equal times in arrival order. */
	struct irq_event e = {.at_ps = at_ps, .irq = irq, .level = level};
	size_t i = cpu->ev_tail;
	while (i > cpu->ev_head && cpu->events[i - 1].at_ps > at_ps)
		i--;
	memmove(&cpu->events[i + 1], &cpu->events[i], (cpu->ev_tail - i) * sizeof *cpu->events);
	cpu->events[i] = e;
	cpu->ev_tail++;
}

void host_irq_msi(struct host_machine *m, int irq, uint64_t at_ps) { post_event(m, irq, -1, at_ps); }

void host_irq_intx(struct host_machine *m, int irq, bool asserted, uint64_t at_ps)
{
	post_event(m, irq, asserted ? 1 : 0, at_ps);
}

/* Delivered interrupts whose time the clock has reached become pending. */
static void apply_events(struct host_cpu *cpu)
{
	while (cpu->ev_head < cpu->ev_tail && cpu->events[cpu->ev_head].at_ps <= cpu->local_ps) {
		const struct irq_event *e = &cpu->events[cpu->ev_head++];
		uint32_t bit = 1u << e->irq;
		if (e->level < 0)
			cpu->msi_pending |= bit;
		else if (e->level)
			cpu->intx_level |= bit;
		else
			cpu->intx_level &= ~bit;
	}
}

/* The hard-IRQ path: irq_enter, the handler, irq_exit.  irq_exit runs the
 * pending softirqs (invoke_softirq); their time is softirq time, which the
 * stack's first charge in __do_softirq (SOFTIRQ_ENTRY) marks. */
static void handle_irq(struct host_machine *m, struct host_cpu *cpu, int irq)
{
	enum cpu_context saved = cpu->ctx;
	struct irq_desc *d = &m->irq[irq];
	cpu->ctx = CPU_CTX_HARDIRQ;
	cpu->cnt.irqs++;
	d->count++;
	irq_enter(m->net);
	if (!d->handler || !d->handler(irq, d->dev_id)) {
		d->unhandled++;
		cpu->cnt.irqs_unhandled++;
	}
	irq_exit(m->net);
	cpu->ctx = saved;
}

static void fire_timer(struct host_machine *m, struct host_cpu *cpu)
{
	struct timer_list *t = cpu->timers[0].t;
	timer_remove(cpu, t);
	enum cpu_context saved = cpu->ctx;
	cpu->ctx = CPU_CTX_HARDIRQ;
	cpu->cnt.timers_fired++;
	timer_expire(m->net, t);
	cpu->ctx = saved;
}

static int lowest_bit(uint32_t v) { return __builtin_ctz(v); }

/* Simulated time catches up with the local clock: every interrupt that can
 * reach the CPU within a quantum from here has then been delivered. */
static void catch_up(struct host_machine *m, struct host_cpu *cpu)
{
	cpu->cnt.syncs++;
	m->env.sync(m->env.ctx, cpu->id, cpu->local_ps);
	cpu->sim_ps = cpu->local_ps;
}

/* Between two charged steps: catch up when the quantum is used up, then
 * take what is due: hrtimers first, then device interrupts, lowest line
 * first.  Never in hard IRQ. */
static void step_boundary(struct host_machine *m, struct host_cpu *cpu)
{
	if (cpu->local_ps > cpu->sim_ps + m->cfg.quantum_ps)
		catch_up(m, cpu);
	while (cpu->ctx != CPU_CTX_HARDIRQ) {
		apply_events(cpu);
		uint32_t pending = cpu->msi_pending | cpu->intx_level;
		bool timer_due = cpu->nr_timers && cpu->timers[0].expires_ps <= cpu->local_ps;
		if (timer_due) {
			fire_timer(m, cpu);
		} else if (pending) {
			int irq = lowest_bit(pending);
			cpu->msi_pending &= ~(1u << irq);
			handle_irq(m, cpu, irq);
		} else {
			break;
		}
	}
}

static struct host_cpu *running(struct host_machine *m) { return m->running ? m->running : &m->cpu[0]; }

void host_account(struct host_machine *m, uint64_t ps) { account(running(m), ps); }

static uint64_t next_event_ps(const struct host_cpu *cpu)
{
	uint64_t t = UINT64_MAX;
	if (cpu->ev_head < cpu->ev_tail)
		t = cpu->events[cpu->ev_head].at_ps;
	if (cpu->nr_timers && cpu->timers[0].expires_ps < t)
		t = cpu->timers[0].expires_ps;
	return t;
}

/* User-mode work is interruptible anywhere: advance to each interrupt or
 * timer due within it (known up to a quantum ahead), take it, go on. */
void host_spend(struct host_machine *m, uint64_t ps)
{
	struct host_cpu *cpu = running(m);
	const uint64_t q = m->cfg.quantum_ps;
	while (ps > 0) {
		if (cpu->local_ps >= cpu->sim_ps + q)
			catch_up(m, cpu);
		uint64_t step = ps;
		const uint64_t room = cpu->sim_ps + q - cpu->local_ps;
		if (room && step > room)
			step = room;
		const uint64_t next = next_event_ps(cpu);
		if (next > cpu->local_ps && next - cpu->local_ps < step)
			step = next - cpu->local_ps;
		account(cpu, step);
		ps -= step;
		step_boundary(m, cpu);
	}
}

void host_charge(struct host_machine *m, int item, uint32_t count)
{
	struct host_cpu *cpu = running(m);
	if (item < 0 || item >= COST__COUNT)
		return;
	if (item == RX_COST_SOFTIRQ_ENTRY && cpu->ctx == CPU_CTX_HARDIRQ)
		cpu->ctx = CPU_CTX_SOFTIRQ; /* __do_softirq from irq_exit */
	account(cpu, cost_ps(&m->cfg.costs, item, count));
	step_boundary(m, cpu);
}

/* ---- threads ---- */

/* kthread_create: a new thread, blocked until woken. */
static struct cpu_thread *thread_new(struct host_cpu *cpu, enum thread_kind kind, const char *name,
				     thread_step_fn step, void *arg, const void *wait_key)
{
	if (cpu->nr_threads >= HOST_MAX_THREADS)
		return NULL;
	struct cpu_thread *t = &cpu->threads[cpu->nr_threads];
	*t = (struct cpu_thread){.kind = kind, .step = step, .arg = arg, .wait_key = wait_key, .blocked = true};
	snprintf(t->name, sizeof t->name, "%s", name);
	if (sched_add_entity(&cpu->rq, &t->se) < 0)
		return NULL;
	cpu->nr_threads++;
	return t;
}

struct cpu_thread *host_thread_create(struct host_machine *m, int cpu_id, const char *name,
				      thread_step_fn step, void *arg, const void *wait_key)
{
	if (cpu_id < 0 || cpu_id >= m->nr_cpus)
		return NULL;
	struct host_cpu *cpu = &m->cpu[cpu_id];
	struct cpu_thread *t = thread_new(cpu, THREAD_APP, name, step, arg, wait_key);
	if (t) {
		t->blocked = false;
		enqueue_entity(&cpu->rq, &t->se, false);
	}
	return t;
}

static struct host_cpu *thread_cpu(struct host_machine *m, const struct cpu_thread *t)
{
	for (int c = 0; c < m->nr_cpus; c++)
		if (t >= m->cpu[c].threads && t < m->cpu[c].threads + HOST_MAX_THREADS)
			return &m->cpu[c];
	return NULL;
}

void host_thread_wake(struct host_machine *m, struct cpu_thread *t)
{
	struct host_cpu *cpu = thread_cpu(m, t);
	if (!cpu || !t->blocked)
		return;
	t->blocked = false;
	t->wakeups++;
	enqueue_entity(&cpu->rq, &t->se, true);
	check_preempt_wakeup(&cpu->rq, &t->se);
	/* Charged to the waker, without taking interrupts: the stack calls
	 * this from the middle of an enqueue. */
	account(running(m), cost_ps(&m->cfg.costs, CPU_COST_TTWU, 1));
}

static enum thread_step ksoftirqd_step(void *arg)
{
	struct host_cpu *cpu = arg;
	return run_ksoftirqd(cpu->m->net, cpu->id) ? THREAD_RUNNABLE : THREAD_BLOCKED;
}

static enum thread_step napi_thread_step(void *arg)
{
	return napi_threaded_poll(arg) ? THREAD_RUNNABLE : THREAD_BLOCKED;
}

/* schedule(): pick the next thread; switching costs the incoming thread. */
static void schedule(struct host_machine *m, struct host_cpu *cpu)
{
	struct sched_entity *se = pick_next_entity(&cpu->rq);
	cpu->curr = se ? &cpu->threads[se->id] : NULL;
	if (cpu->curr && cpu->curr != cpu->prev) {
		cpu->cnt.context_switches++;
		cpu->prev = cpu->curr;
		host_charge(m, CPU_COST_CONTEXT_SWITCH, 1);
	}
}

static void idle(struct host_machine *m, struct host_cpu *cpu, uint64_t until_ps)
{
	uint64_t next = next_event_ps(cpu);
	if (next > until_ps)
		next = until_ps;
	cpu->prev = NULL;
	if (next <= cpu->local_ps)
		return;
	cpu->cnt.idle_waits++;
	uint64_t reached = m->env.idle(m->env.ctx, cpu->id, cpu->local_ps, next);
	if (reached > next)
		reached = next;
	if (reached > cpu->local_ps) {
		cpu->idle_ps += reached - cpu->local_ps;
		cpu->local_ps = reached;
	}
	cpu->sim_ps = cpu->local_ps;
}

void host_cpu_run(struct host_machine *m, int cpu_id, uint64_t until_ps)
{
	struct host_cpu *cpu = &m->cpu[cpu_id];
	if (!m->net) {
		fprintf(stderr, "rxsim cpu: host_cpu_run before host_machine_attach_net\n");
		abort();
	}
	m->running = cpu;
	while (cpu->local_ps < until_ps && !m->stopping) {
		cpu->ctx = CPU_CTX_TASK;
		step_boundary(m, cpu);
		if (cpu->local_ps >= until_ps)
			break; /* an interrupt took the CPU past the end */
		if (!cpu->curr || sched_need_resched(&cpu->rq))
			schedule(m, cpu);
		if (!cpu->curr) {
			idle(m, cpu, until_ps);
			continue;
		}
		struct cpu_thread *t = cpu->curr;
		t->steps++;
		if (t->step(t->arg) == THREAD_BLOCKED) {
			t->blocked = true;
			dequeue_entity(&cpu->rq, &t->se);
			cpu->curr = NULL;
		}
	}
}

/* ---- struct rx_platform ---- */

static uint64_t plat_now_ns(void *ctx) { return running(ctx)->local_ps / 1000; }
static int plat_this_cpu(void *ctx) { return running(ctx)->id; }
static void plat_charge(void *ctx, enum rx_cost item, uint32_t count) { host_charge(ctx, (int)item, count); }

static void plat_wake_ksoftirqd(void *ctx, int cpu)
{
	struct host_machine *m = ctx;
	if (cpu >= 0 && cpu < m->nr_cpus)
		host_thread_wake(m, m->cpu[cpu].ksoftirqd);
}

static struct cpu_thread *thread_waiting_on(struct host_machine *m, const void *key)
{
	for (int c = 0; c < m->nr_cpus; c++)
		for (unsigned i = 0; i < m->cpu[c].nr_threads; i++)
			if (m->cpu[c].threads[i].wait_key == key)
				return &m->cpu[c].threads[i];
	return NULL;
}

static void plat_wake_reader(void *ctx, struct sock *sk)
{
	struct cpu_thread *t = thread_waiting_on(ctx, sk);
	if (t)
		host_thread_wake(ctx, t);
}

/* The instance's poller thread runs on the CPU that scheduled it first. */
static void plat_wake_napi_thread(void *ctx, struct napi_struct *napi)
{
	struct host_machine *m = ctx;
	struct cpu_thread *t = thread_waiting_on(m, napi);
	if (!t) {
		struct host_cpu *cpu = running(m);
		char name[24];
		snprintf(name, sizeof name, "napi/%s-%u", napi->dev->name, cpu->nr_threads);
		t = thread_new(cpu, THREAD_NAPI, name, napi_thread_step, napi, napi);
		if (!t) {
			fprintf(stderr, "rxsim cpu: no room for thread %s (at most %d per CPU)\n", name,
				HOST_MAX_THREADS);
			abort();
		}
	}
	host_thread_wake(m, t);
}

static bool plat_need_resched(void *ctx) { return sched_need_resched(&running(ctx)->rq); }

static void plat_fn_begin(void *ctx, const char *fn)
{
	struct host_machine *m = ctx;
	m->obs->fn_begin(m->obs->ctx, running(m), fn);
}

static void plat_fn_end(void *ctx, const char *fn, int work, int budget)
{
	struct host_machine *m = ctx;
	m->obs->fn_end(m->obs->ctx, running(m), fn, work, budget);
}

int host_context_id(const struct host_cpu *cpu)
{
	const int base = cpu->id * 100;
	switch (cpu->ctx) {
	case CPU_CTX_HARDIRQ:
		return base + 1;
	case CPU_CTX_SOFTIRQ:
		return base + 2;
	case CPU_CTX_TASK:
		break;
	}
	return base + (cpu->curr ? 10 + (int)(cpu->curr - cpu->threads) : 3);
}

static int plat_context_id(void *ctx) { return host_context_id(running(ctx)); }

void host_machine_observe(struct host_machine *m, const struct host_observer *obs)
{
	m->obs = obs;
	m->plat.fn_begin = obs ? plat_fn_begin : NULL;
	m->plat.fn_end = obs ? plat_fn_end : NULL;
	m->plat.context_id = obs ? plat_context_id : NULL;
}

int host_machine_init(struct host_machine *m, const struct host_config *cfg,
		      const struct cpu_env *env, uint64_t start_ps)
{
	if (cfg->nr_cpus < 1 || cfg->nr_cpus > HOST_MAX_CPUS || !env->sync || !env->idle)
		return -1;
	*m = (struct host_machine){.cfg = *cfg, .env = *env, .nr_cpus = cfg->nr_cpus};
	m->plat = (struct rx_platform){
		.ctx = m,
		.now_ns = plat_now_ns,
		.this_cpu = plat_this_cpu,
		.charge = plat_charge,
		.timer_arm = plat_timer_arm,
		.timer_cancel = plat_timer_cancel,
		.wake_ksoftirqd = plat_wake_ksoftirqd,
		.wake_napi_thread = plat_wake_napi_thread,
		.wake_reader = plat_wake_reader,
		.need_resched = plat_need_resched,
	};
	for (int c = 0; c < m->nr_cpus; c++) {
		struct host_cpu *cpu = &m->cpu[c];
		cpu->id = c;
		cpu->m = m;
		cpu->local_ps = cpu->start_ps = cpu->sim_ps = start_ps;
		cfs_rq_init(&cpu->rq, &cfg->sched);
		char name[24];
		snprintf(name, sizeof name, "ksoftirqd/%d", c);
		cpu->ksoftirqd = thread_new(cpu, THREAD_KSOFTIRQD, name, ksoftirqd_step, cpu, NULL);
	}
	return 0;
}

void host_machine_destroy(struct host_machine *m)
{
	for (int c = 0; c < m->nr_cpus; c++) {
		free(m->cpu[c].timers);
		free(m->cpu[c].events);
		m->cpu[c].timers = NULL;
		m->cpu[c].events = NULL;
	}
}

void host_machine_attach_net(struct host_machine *m, struct net *net) { m->net = net; }

int host_request_irq(struct host_machine *m, int irq, irq_handler_t handler, void *dev_id)
{
	if (irq < 0 || irq >= HOST_NR_IRQS || m->irq[irq].handler || !handler)
		return -1;
	m->irq[irq].handler = handler;
	m->irq[irq].dev_id = dev_id;
	return 0;
}
