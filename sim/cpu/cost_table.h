/* The CPU cost table: what each charged step of the receive path costs, in
 * picoseconds per unit (per call, or per byte for the byte-counted items).
 * Defaults and their sources: docs/COSTS.md.  Values can be given in ns, ps or
 * CPU cycles at the table's clock, and overridden by name (command line,
 * config file). */
#ifndef RXSIM_COST_TABLE_H
#define RXSIM_COST_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "rxsim/platform.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Steps the CPU model itself charges, numbered after the stack's enum rx_cost. */
#define CPU_COST_LIST(X)                                                      \
	X(CONTEXT_SWITCH)     /* schedule(): switching to another thread */      \
	X(TTWU)               /* try_to_wake_up: waking a blocked thread */

enum cpu_cost {
	CPU_COST__FIRST = RX_COST__COUNT - 1,
#define CPU_COST_ENUM(n) CPU_COST_##n,
	CPU_COST_LIST(CPU_COST_ENUM)
#undef CPU_COST_ENUM
	COST__COUNT
};

struct cost_table {
	uint64_t ps[COST__COUNT]; /* per unit */
	uint32_t cpu_mhz;         /* clock for values given in cycles */
};

/* The documented defaults, 3000 MHz clock: the preset "modern-3ghz". */
void cost_table_default(struct cost_table *t);

/* Host presets (--cpu): a whole table for a clock, and the platform's
 * register read round trip where the preset has its own (docs/COSTS.md). */
struct cost_preset {
	const char *name;          /* "modern-3ghz" */
	const char *summary;       /* for --help */
	uint32_t cpu_mhz;          /* the clock its figures are for */
	uint64_t mmio_read_rtt_ps; /* a device register read; 0: the link's own */
	uint64_t app_cost_ns;      /* the application's own work per packet, at cpu_mhz */
};
/* Presets in order, the default first; NULL past the last. */
const struct cost_preset *cost_preset_at(size_t i);
const struct cost_preset *cost_preset_find(const char *name);
/* The preset's table at its clock: 0, or -1 for an unknown name. */
int cost_table_preset(struct cost_table *t, const char *name);

/* Name of an item ("NETIF_RECEIVE_SKB", "CONTEXT_SWITCH"); NULL if out of range. */
const char *cost_item_name(int item);
/* Item of a name (exact, upper case as listed), or -1. */
int cost_item_lookup(const char *name);

/* Sets one item in nanoseconds: 0, or -1 for an unknown name. */
int cost_table_set(struct cost_table *t, const char *name, uint64_t ns);

/* Applies one "NAME=VALUE[UNIT]" assignment, UNIT one of ns (default), ps,
 * cyc (cycles at t->cpu_mhz, rounded to the nearest ps); "CPU_MHZ=3000" sets
 * the clock for later cycle values.  Returns 0, or -1 with a message in err
 * (e.g. unknown cost item "FOO"). */
int cost_table_assign(struct cost_table *t, const char *spec, char *err, size_t errlen);

/* Cost of `count` units of item, in ps. */
static inline uint64_t cost_ps(const struct cost_table *t, int item, uint32_t count)
{
	return t->ps[item] * count;
}

#ifdef __cplusplus
}
#endif
#endif
