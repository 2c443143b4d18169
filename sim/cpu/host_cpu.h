/* The host CPU model's core (C11, no SystemC): per CPU a local clock that
 * charged steps advance, execution contexts hard IRQ > softirq > threads,
 * hard IRQs and hrtimers taken between charged steps, a fair scheduler
 * between threads (ksoftirqd, applications), and the CPU split.  It
 * implements the stack's struct rx_platform.  Waiting for simulated time is
 * the environment's job (struct cpu_env): the SystemC module cpu_model, or a
 * plain clock in tests.  Times are integer picoseconds. */
#ifndef RXSIM_HOST_CPU_H
#define RXSIM_HOST_CPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cost_table.h"
#include "rxsim/platform.h"
#include "sched_fair.h"

#ifdef __cplusplus
extern "C" {
#endif

struct net;

#define HOST_MAX_CPUS 4
#define HOST_NR_IRQS 32
#define HOST_MAX_THREADS 16

/* A hard-IRQ handler as the driver registers it (request_irq): returns
 * nonzero when the interrupt was its device's (IRQ_HANDLED). */
typedef int (*irq_handler_t)(int irq, void *dev_id);

/* What one step of a thread returns. */
enum thread_step { THREAD_RUNNABLE, THREAD_BLOCKED };
typedef enum thread_step (*thread_step_fn)(void *arg);

enum cpu_context { CPU_CTX_TASK, CPU_CTX_HARDIRQ, CPU_CTX_SOFTIRQ };

/* What a thread is, for the CPU split. */
enum thread_kind { THREAD_APP, THREAD_KSOFTIRQD, THREAD_NAPI };

struct cpu_thread {
	char name[24];
	enum thread_kind kind;
	thread_step_fn step;
	void *arg;
	const void *wait_key;   /* what wakes it: its socket, or its NAPI instance */
	bool blocked;
	struct sched_entity se;
	uint64_t exec_ps;       /* CPU time of its steps, context switches in */
	uint64_t steps, wakeups;
};

/* The environment the core runs in. */
struct cpu_env {
	void *ctx;
	/* Simulated time must catch up with local_ps (quantum end); interrupts
	 * delivered meanwhile are posted before it returns. */
	void (*sync)(void *ctx, int cpu, uint64_t local_ps);
	/* Nothing to run: return at until_ps (UINT64_MAX: no limit), or sooner
	 * when an interrupt is posted; returns the time reached. */
	uint64_t (*idle)(void *ctx, int cpu, uint64_t now_ps, uint64_t until_ps);
};

struct cpu_split { /* ps */
	uint64_t hardirq, softirq, ksoftirqd;
	uint64_t napi_threads;  /* threaded NAPI pollers */
	uint64_t threads;       /* application threads */
	uint64_t idle;
};

struct cpu_counters {
	uint64_t irqs, irqs_unhandled, timers_fired, context_switches;
	uint64_t idle_waits, syncs, late_irqs;
	uint64_t late_irq_max_ps;   /* the latest of them, behind the CPU's clock */
};

struct cpu_timer {
	struct timer_list *t;
	uint64_t expires_ps;
};

struct irq_event {
	uint64_t at_ps;
	int irq;
	int level;              /* -1 MSI (edge); 0/1 INTx deassert/assert */
};

struct host_cpu {
	int id;
	struct host_machine *m;
	uint64_t local_ps;      /* this CPU's clock */
	uint64_t start_ps;
	uint64_t sim_ps;        /* simulated (SystemC) time as last seen */
	enum cpu_context ctx;
	struct cpu_thread *curr; /* thread whose step runs; NULL = idle */
	struct cpu_thread *prev; /* last thread on the CPU (NULL after idle) */
	struct cfs_rq rq;
	struct cpu_thread threads[HOST_MAX_THREADS];
	unsigned nr_threads;
	struct cpu_thread *ksoftirqd;
	/* CPU split */
	uint64_t hardirq_ps, softirq_ps, idle_ps;
	struct cpu_counters cnt;
	/* hrtimers, by expiry; equal expiries in arming order */
	struct cpu_timer *timers;
	size_t nr_timers, cap_timers;
	/* interrupts delivered but not yet reached by the local clock: a queue
	 * by time in events[ev_head .. ev_tail) */
	struct irq_event *events;
	size_t ev_head, ev_tail, cap_events;
	uint32_t msi_pending;   /* edge interrupts waiting to be taken */
	uint32_t intx_level;    /* INTx lines asserted */
};

struct irq_desc {
	irq_handler_t handler;
	void *dev_id;
	uint64_t count, unhandled;
};

struct host_config {
	int nr_cpus;            /* 1 for now */
	struct cost_table costs;
	struct sched_params sched;
	/* How far a CPU may run ahead of simulated time: the shortest time from
	 * a device event to an interrupt it causes reaching the CPU. */
	uint64_t quantum_ps;
};

void host_config_default(struct host_config *c);

/* Who watches what the CPUs run (a timeline): the receive path's functions
 * as they begin and end on `cpu`, in its context (ctx, and curr in task
 * context: NULL outside any thread). */
struct host_observer {
	void *ctx;
	void (*fn_begin)(void *ctx, const struct host_cpu *cpu, const char *fn);
	void (*fn_end)(void *ctx, const struct host_cpu *cpu, const char *fn, int work, int budget);
};

struct host_machine {
	struct rx_platform plat; /* hand to net_new */
	const struct host_observer *obs; /* NULL: nobody watches (no cost) */
	struct net *net;
	struct host_config cfg;
	struct cpu_env env;
	struct irq_desc irq[HOST_NR_IRQS];
	int nr_cpus;
	struct host_cpu cpu[HOST_MAX_CPUS];
	struct host_cpu *running; /* CPU whose code executes now */
	bool stopping;            /* host_machine_stop: runs end at the next step */
};

/* Sets up the machine (threads: ksoftirqd/N per CPU, blocked).  0, or -1 on
 * a bad config. */
int host_machine_init(struct host_machine *m, const struct host_config *cfg,
		      const struct cpu_env *env, uint64_t start_ps);
void host_machine_destroy(struct host_machine *m);
/* Watch the CPUs (obs stays the caller's): before the platform is handed
 * to net_new and to the driver, which copy it. */
void host_machine_observe(struct host_machine *m, const struct host_observer *obs);
/* The context cpu runs in as a number > 0 (the platform's context_id, and
 * the timeline's track): 100 per CPU, then 1 hard IRQ, 2 softirq, 3 task
 * context outside any thread, 10 + i thread i. */
int host_context_id(const struct host_cpu *cpu);
/* The stack to call for irq_enter/irq_exit, timers and ksoftirqd. */
void host_machine_attach_net(struct host_machine *m, struct net *net);

/* request_irq: 0, or -1 when the line is taken or out of range. */
int host_request_irq(struct host_machine *m, int irq, irq_handler_t handler, void *dev_id);

/* Interrupts from the platform at their delivery time (never in the CPU's
 * past under the lookahead rule; if one is, it is taken at once and counted
 * in late_irqs).  All lines go to CPU 0. */
void host_irq_msi(struct host_machine *m, int irq, uint64_t at_ps);
void host_irq_intx(struct host_machine *m, int irq, bool asserted, uint64_t at_ps);

/* An application thread on cpu running `step` until it blocks; starts
 * runnable.  Returns it, or NULL when the CPU has no room.  The kernel's
 * threads (ksoftirqd/N, and napi/<dev>-<n> on the first wake_napi_thread of
 * a threaded NAPI instance) are the model's own. */
struct cpu_thread *host_thread_create(struct host_machine *m, int cpu, const char *name,
				      thread_step_fn step, void *arg, const void *wait_key);
/* try_to_wake_up: a blocked thread becomes runnable (TTWU charged to the caller). */
void host_thread_wake(struct host_machine *m, struct cpu_thread *t);

/* Runs cpu until its clock reaches until_ps (at a step boundary: a step
 * that crosses it completes), or until host_machine_stop. */
void host_cpu_run(struct host_machine *m, int cpu, uint64_t until_ps);
/* Ends every host_cpu_run after the step that calls it (the end of a run:
 * shutdown work done). */
static inline void host_machine_stop(struct host_machine *m) { m->stopping = true; }

/* Charges a cost item (stack, CPU or driver) on the running CPU, then takes
 * what is due at the new boundary. */
void host_charge(struct host_machine *m, int item, uint32_t count);
/* The running CPU spends ps of user-mode work (an application's own), which
 * interrupts and timers split at their exact time. */
void host_spend(struct host_machine *m, uint64_t ps);
/* Spends ps in the current context without taking interrupts (the middle of
 * an access: an MMIO stall, a wake-up). */
void host_account(struct host_machine *m, uint64_t ps);

/* The CPU split of cpu since start; the parts add up to local - start. */
void host_cpu_split(const struct host_machine *m, int cpu, struct cpu_split *out);

static inline struct host_cpu *host_running(struct host_machine *m) { return m->running; }

#ifdef __cplusplus
}
#endif
#endif
