/* Folding idle periods of the host: when a CPU runs nothing but one periodic
 * job (the e1000 watchdog every 2 s) while the devices are quiet, each period
 * leaves it exactly as the one before, moved by a constant step: its clocks,
 * CPU time, counters and CFS vruntimes grow by the same amounts, and the rest
 * (who is runnable, what is pending) stays as it was.  Marks taken at the
 * same point of three periods show it (host_fold_steady); host_fold_skip then
 * makes k more periods in one step, exactly as running them would have,
 * apart from the CPU's waits on the environment (one instead of k). */
#ifndef RXSIM_HOST_FOLD_H
#define RXSIM_HOST_FOLD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "host_cpu.h"

#ifdef __cplusplus
extern "C" {
#endif

#define HOST_FOLD_MAX 160

struct host_fold_mark {
	size_t n_linear, n_fixed;
	uint64_t linear[HOST_FOLD_MAX]; /* what a period moves by a step */
	uint64_t fixed[HOST_FOLD_MAX];  /* what a period must leave as it was */
};

/* The mark of CPU 0 of m now (from the CPU's own thread). */
void host_fold_take_mark(struct host_machine *m, struct host_fold_mark *out);
/* b - a == c - b for every moving part, and a, b, c agree on the rest: the
 * periods a..b and b..c were the same.  The step is then c - b, and its
 * clock step (the period) goes to *period_ps. */
bool host_fold_steady(const struct host_fold_mark *a, const struct host_fold_mark *b,
		      const struct host_fold_mark *c, uint64_t *period_ps);
/* At the point c was marked: moves CPU 0 k periods on (b..c each), then waits
 * for the environment's time to reach the CPU's clock. */
void host_fold_skip(struct host_machine *m, const struct host_fold_mark *b,
		    const struct host_fold_mark *c, uint64_t k);

#ifdef __cplusplus
}
#endif

#endif /* RXSIM_HOST_FOLD_H */
