/* A CFS-like fair scheduler for one CPU's threads (all nice 0): the runnable
 * thread with the lowest vruntime runs; ties go to the lower id, so runs are
 * deterministic.  Plain logic, no time source: the CPU model tells it how
 * long the current thread ran. */
#ifndef RXSIM_SCHED_FAIR_H
#define RXSIM_SCHED_FAIR_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SCHED_MAX_ENTITIES 64

struct sched_params {
	uint64_t latency_ps;            /* sysctl_sched_latency: 6 ms */
	uint64_t min_granularity_ps;    /* sysctl_sched_min_granularity: 0.75 ms */
	uint64_t wakeup_granularity_ps; /* sysctl_sched_wakeup_granularity: 1 ms */
};

void sched_params_default(struct sched_params *p);

struct sched_entity {
	uint64_t vruntime;      /* ps of CPU time, nice 0 */
	uint64_t sum_exec;      /* ps run in total */
	uint64_t slice_start;   /* sum_exec when last picked */
	unsigned id;            /* tie-break: lower runs first */
	bool on_rq;             /* runnable (the running entity included) */
};

struct cfs_rq {
	struct sched_params p;
	struct sched_entity *ent[SCHED_MAX_ENTITIES]; /* every entity, by id */
	unsigned nr;
	unsigned nr_running;
	uint64_t min_vruntime;  /* never decreases */
	struct sched_entity *curr; /* running entity, NULL = idle */
	bool resched;           /* TIF_NEED_RESCHED of curr (or of idle) */
};

void cfs_rq_init(struct cfs_rq *rq, const struct sched_params *p);
/* Registers an entity (not runnable); its id is its index.  -1 when full. */
int sched_add_entity(struct cfs_rq *rq, struct sched_entity *se);

/* Makes se runnable.  A new entity starts at min_vruntime; a woken one gets
 * at most half a latency period of sleeper credit (place_entity). */
void enqueue_entity(struct cfs_rq *rq, struct sched_entity *se, bool wakeup);
void dequeue_entity(struct cfs_rq *rq, struct sched_entity *se);

/* Charges delta_ps of run time to curr (update_curr). */
void update_curr(struct cfs_rq *rq, uint64_t delta_ps);

/* A woken entity preempts curr when curr is ahead by more than the wakeup
 * granularity, or when the CPU is idle: sets resched. */
void check_preempt_wakeup(struct cfs_rq *rq, const struct sched_entity *se);
/* Tick-time check: curr used its ideal slice, or ran at least the minimum
 * granularity and is ahead of the leftmost by more than a slice: sets resched. */
void check_preempt_tick(struct cfs_rq *rq);
/* Whether schedule() should run now. */
bool sched_need_resched(struct cfs_rq *rq);

/* schedule()'s choice: the runnable entity with the lowest vruntime (lowest
 * id on ties), or NULL; it becomes curr and resched is cleared. */
struct sched_entity *pick_next_entity(struct cfs_rq *rq);

#ifdef __cplusplus
}
#endif
#endif
