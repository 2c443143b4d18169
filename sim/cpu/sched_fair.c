/* CFS-like fair scheduler (kernel/sched/fair.c before EEVDF, nice 0 only). */
#include "sched_fair.h"

#include <stddef.h>

void sched_params_default(struct sched_params *p)
{
	p->latency_ps = 6000000000ull;
	p->min_granularity_ps = 750000000ull;
	p->wakeup_granularity_ps = 1000000000ull;
}

void cfs_rq_init(struct cfs_rq *rq, const struct sched_params *p)
{
	*rq = (struct cfs_rq){.p = *p};
}

int sched_add_entity(struct cfs_rq *rq, struct sched_entity *se)
{
	if (rq->nr >= SCHED_MAX_ENTITIES)
		return -1;
	*se = (struct sched_entity){.id = rq->nr};
	rq->ent[rq->nr++] = se;
	return 0;
}

static struct sched_entity *leftmost(const struct cfs_rq *rq)
{
	struct sched_entity *best = NULL;
	for (unsigned i = 0; i < rq->nr; i++) {
		struct sched_entity *se = rq->ent[i];
		if (se->on_rq && (!best || se->vruntime < best->vruntime))
			best = se; /* ids ascend with i: the first of equals wins */
	}
	return best;
}

static void update_min_vruntime(struct cfs_rq *rq)
{
	struct sched_entity *left = leftmost(rq);
	if (left && left->vruntime > rq->min_vruntime)
		rq->min_vruntime = left->vruntime;
}

void enqueue_entity(struct cfs_rq *rq, struct sched_entity *se, bool wakeup)
{
	if (se->on_rq)
		return;
	uint64_t floor = rq->min_vruntime;
	if (wakeup) /* GENTLE_FAIR_SLEEPERS: half a latency of credit */
		floor = floor > rq->p.latency_ps / 2 ? floor - rq->p.latency_ps / 2 : 0;
	if (se->vruntime < floor)
		se->vruntime = floor;
	se->on_rq = true;
	rq->nr_running++;
}

void dequeue_entity(struct cfs_rq *rq, struct sched_entity *se)
{
	if (!se->on_rq)
		return;
	se->on_rq = false;
	rq->nr_running--;
	if (rq->curr == se)
		rq->curr = NULL;
	update_min_vruntime(rq);
}

void update_curr(struct cfs_rq *rq, uint64_t delta_ps)
{
	struct sched_entity *se = rq->curr;
	if (!se)
		return;
	se->vruntime += delta_ps;
	se->sum_exec += delta_ps;
	update_min_vruntime(rq);
}

void check_preempt_wakeup(struct cfs_rq *rq, const struct sched_entity *se)
{
	if (!rq->curr) {
		rq->resched = true; /* the idle task always yields */
		return;
	}
	if (rq->curr != se && rq->curr->vruntime > se->vruntime &&
	    rq->curr->vruntime - se->vruntime > rq->p.wakeup_granularity_ps)
		rq->resched = true;
}

/* sched_slice for equal weights: the period stretched to nr * min_granularity. */
static uint64_t ideal_slice(const struct cfs_rq *rq)
{
	uint64_t n = rq->nr_running ? rq->nr_running : 1;
	uint64_t period = rq->p.latency_ps;
	if (period < n * rq->p.min_granularity_ps)
		period = n * rq->p.min_granularity_ps;
	return period / n;
}

void check_preempt_tick(struct cfs_rq *rq)
{
	struct sched_entity *curr = rq->curr;
	if (!curr || rq->nr_running < 2)
		return;
	uint64_t ran = curr->sum_exec - curr->slice_start;
	uint64_t ideal = ideal_slice(rq);
	if (ran > ideal) {
		rq->resched = true;
		return;
	}
	if (ran < rq->p.min_granularity_ps)
		return;
	struct sched_entity *left = leftmost(rq);
	if (left != curr && curr->vruntime > left->vruntime && curr->vruntime - left->vruntime > ideal)
		rq->resched = true;
}

bool sched_need_resched(struct cfs_rq *rq)
{
	if (!rq->curr)
		return rq->nr_running > 0;
	if (!rq->resched)
		check_preempt_tick(rq);
	return rq->resched;
}

struct sched_entity *pick_next_entity(struct cfs_rq *rq)
{
	struct sched_entity *next = leftmost(rq);
	rq->curr = next;
	rq->resched = false;
	if (next)
		next->slice_start = next->sum_exec;
	return next;
}
