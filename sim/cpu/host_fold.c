#include "host_fold.h"

#include <stdio.h>
#include <stdlib.h>

/* Visits CPU 0's state: the parts a period moves (lin, by address) and the
 * parts it must not change (fix, by value).  One list serves marking and
 * skipping, so the two cannot disagree.  The clock comes first. */
struct visit {
	struct host_fold_mark *mark; /* marking: values go here */
	const uint64_t *add;         /* skipping: linear[i] += add[i] */
};

static void lin(struct visit *v, uint64_t *p)
{
	struct host_fold_mark *m = v->mark;
	if (m->n_linear == HOST_FOLD_MAX) {
		fprintf(stderr, "rxsim cpu: host_fold: HOST_FOLD_MAX too small\n");
		abort();
	}
	if (v->add)
		*p += v->add[m->n_linear];
	else
		m->linear[m->n_linear] = *p;
	m->n_linear++;
}

static void fix(struct visit *v, uint64_t value)
{
	struct host_fold_mark *m = v->mark;
	if (m->n_fixed == HOST_FOLD_MAX) {
		fprintf(stderr, "rxsim cpu: host_fold: HOST_FOLD_MAX too small\n");
		abort();
	}
	m->fixed[m->n_fixed++] = value;
}

static uint64_t thread_index(const struct host_cpu *cpu, const struct cpu_thread *t)
{
	return t ? (uint64_t)(t - cpu->threads) : UINT64_MAX;
}

static void visit(struct host_machine *m, struct visit *v)
{
	struct host_cpu *cpu = &m->cpu[0];
	lin(v, &cpu->local_ps);
	lin(v, &cpu->sim_ps);
	lin(v, &cpu->hardirq_ps);
	lin(v, &cpu->softirq_ps);
	lin(v, &cpu->idle_ps);
	struct cpu_counters *c = &cpu->cnt;
	uint64_t *counts[] = {&c->irqs, &c->irqs_unhandled, &c->timers_fired, &c->context_switches,
			      &c->idle_waits, &c->syncs, &c->late_irqs};
	for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
		lin(v, counts[i]);
	fix(v, c->late_irq_max_ps);
	for (unsigned i = 0; i < cpu->nr_threads; i++) {
		struct cpu_thread *t = &cpu->threads[i];
		lin(v, &t->exec_ps);
		lin(v, &t->steps);
		lin(v, &t->wakeups);
		lin(v, &t->se.vruntime);
		lin(v, &t->se.sum_exec);
		lin(v, &t->se.slice_start);
		fix(v, t->blocked);
		fix(v, t->se.on_rq);
	}
	lin(v, &cpu->rq.min_vruntime);
	fix(v, cpu->nr_threads);
	fix(v, cpu->rq.nr_running);
	fix(v, cpu->rq.resched);
	fix(v, cpu->rq.curr ? cpu->rq.curr->id : UINT64_MAX);
	fix(v, (uint64_t)cpu->ctx);
	fix(v, thread_index(cpu, cpu->curr));
	fix(v, thread_index(cpu, cpu->prev));
	fix(v, cpu->nr_timers); /* the periodic job's own timer is not pending at the mark */
	fix(v, cpu->ev_tail - cpu->ev_head);
	fix(v, cpu->msi_pending);
	fix(v, cpu->intx_level);
	fix(v, m->stopping);
	for (int i = 0; i < HOST_NR_IRQS; i++) {
		lin(v, &m->irq[i].count);
		lin(v, &m->irq[i].unhandled);
	}
}

void host_fold_take_mark(struct host_machine *m, struct host_fold_mark *out)
{
	*out = (struct host_fold_mark){0};
	struct visit v = {.mark = out};
	visit(m, &v);
}

bool host_fold_steady(const struct host_fold_mark *a, const struct host_fold_mark *b,
		      const struct host_fold_mark *c, uint64_t *period_ps)
{
	if (a->n_linear != b->n_linear || b->n_linear != c->n_linear || a->n_fixed != b->n_fixed ||
	    b->n_fixed != c->n_fixed)
		return false;
	for (size_t i = 0; i < a->n_fixed; i++)
		if (a->fixed[i] != b->fixed[i] || b->fixed[i] != c->fixed[i])
			return false;
	for (size_t i = 0; i < a->n_linear; i++)
		if (b->linear[i] < a->linear[i] || c->linear[i] < b->linear[i] ||
		    b->linear[i] - a->linear[i] != c->linear[i] - b->linear[i])
			return false;
	*period_ps = c->linear[0] - b->linear[0];
	return *period_ps > 0;
}

void host_fold_skip(struct host_machine *m, const struct host_fold_mark *b,
		    const struct host_fold_mark *c, uint64_t k)
{
	uint64_t add[HOST_FOLD_MAX];
	for (size_t i = 0; i < c->n_linear; i++)
		add[i] = k * (c->linear[i] - b->linear[i]);
	struct host_fold_mark scratch = {0};
	struct visit v = {.mark = &scratch, .add = add};
	visit(m, &v);
	/* The environment catches up in one wait, not k; sim_ps stays what the
	 * k periods would have left (the clock it last saw, behind local_ps). */
	struct host_cpu *cpu = &m->cpu[0];
	const uint64_t sim_ps = cpu->sim_ps;
	m->env.sync(m->env.ctx, cpu->id, cpu->local_ps);
	cpu->sim_ps = sim_ps;
}
