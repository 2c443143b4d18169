/* Cost table defaults, names and overrides (docs/COSTS.md). */
#include "cost_table.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const names[COST__COUNT] = {
#define COST_NAME(n) #n,
	RX_COST_LIST(COST_NAME)
	CPU_COST_LIST(COST_NAME)
#undef COST_NAME
};

/* Defaults in ps per unit; justification for each figure in docs/COSTS.md. */
static const uint64_t default_ps[COST__COUNT] = {
	[RX_COST_HARDIRQ_ENTRY] = 400000,
	[RX_COST_SOFTIRQ_ENTRY] = 50000,
	[RX_COST_NET_RX_ACTION] = 50000,
	[RX_COST_NAPI_POLL] = 30000,
	[RX_COST_DRIVER_POLL_PKT] = 80000,
	[RX_COST_SKB_ALLOC] = 60000,
	[RX_COST_SKB_FREE] = 40000,
	[RX_COST_NAPI_SCHEDULE] = 20000,
	[RX_COST_NAPI_COMPLETE] = 30000,
	[RX_COST_NETIF_RX] = 60000,
	[RX_COST_GRO_RECEIVE] = 80000,
	[RX_COST_NETIF_RECEIVE_SKB] = 100000,
	[RX_COST_PTYPE_TAP] = 150000,
	[RX_COST_VLAN_UNTAG] = 30000,
	[RX_COST_ARP_RCV] = 200000,
	[RX_COST_IP_RCV] = 120000,
	[RX_COST_NF_HOOK] = 100000,
	[RX_COST_IP_DEFRAG] = 300000,
	[RX_COST_IP_LOCAL_DELIVER] = 40000,
	[RX_COST_IPV6_RCV] = 150000,
	[RX_COST_UDP_RCV] = 150000,
	[RX_COST_TCP_V4_RCV] = 600000,
	[RX_COST_ICMP_RCV] = 200000,
	[RX_COST_CSUM_BYTES] = 100,
	[RX_COST_SOCK_QUEUE_RCV_SKB] = 150000,
	[RX_COST_SOCK_RECV] = 500000,
	[RX_COST_COPY_TO_USER] = 100,
	[CPU_COST_CONTEXT_SWITCH] = 1500000,
	[CPU_COST_TTWU] = 300000,
};

/* A 2002 host of NAPI_HOWTO's and Mogul's era: a 1 GHz Pentium III on
 * 33 MHz PCI.  Estimates, how each was chosen in docs/COSTS.md: work bound
 * by the clock is the default's cycles at 1 GHz (x3); work bound by cache
 * misses takes 150 ns a miss (no DDIO: the NIC's writes go to memory); the
 * byte costs are that era's memory bandwidth. */
static const uint64_t host2002_ps[COST__COUNT] = {
	[RX_COST_HARDIRQ_ENTRY] = 1500000,
	[RX_COST_SOFTIRQ_ENTRY] = 150000,
	[RX_COST_NET_RX_ACTION] = 150000,
	[RX_COST_NAPI_POLL] = 90000,
	[RX_COST_DRIVER_POLL_PKT] = 350000,
	[RX_COST_SKB_ALLOC] = 180000,
	[RX_COST_SKB_FREE] = 120000,
	[RX_COST_NAPI_SCHEDULE] = 60000,
	[RX_COST_NAPI_COMPLETE] = 90000,
	[RX_COST_NETIF_RX] = 180000,
	[RX_COST_GRO_RECEIVE] = 240000,
	[RX_COST_NETIF_RECEIVE_SKB] = 450000,
	[RX_COST_PTYPE_TAP] = 450000,
	[RX_COST_VLAN_UNTAG] = 90000,
	[RX_COST_ARP_RCV] = 600000,
	[RX_COST_IP_RCV] = 360000,
	[RX_COST_NF_HOOK] = 300000,
	[RX_COST_IP_DEFRAG] = 900000,
	[RX_COST_IP_LOCAL_DELIVER] = 120000,
	[RX_COST_IPV6_RCV] = 450000,
	[RX_COST_UDP_RCV] = 600000,
	[RX_COST_TCP_V4_RCV] = 1950000,
	[RX_COST_ICMP_RCV] = 600000,
	[RX_COST_CSUM_BYTES] = 500,
	[RX_COST_SOCK_QUEUE_RCV_SKB] = 450000,
	[RX_COST_SOCK_RECV] = 1000000,
	[RX_COST_COPY_TO_USER] = 2000,
	[CPU_COST_CONTEXT_SWITCH] = 3000000,
	[CPU_COST_TTWU] = 900000,
};

static const struct {
	struct cost_preset p;
	const uint64_t *ps;
} presets[] = {
	{{"modern-3ghz", "one core of a current x86 server at 3 GHz, warm caches, DDIO (the defaults)", 3000, 0, 1000},
	 default_ps},
	{{"host-2002", "a 1 GHz Pentium III on 33 MHz PCI, the era of NAPI_HOWTO and Mogul & Ramakrishnan "
		       "(estimates); MMIO reads 1.2 us",
	  /* The application's work is bound by the clock (docs/COSTS.md rule
	   * 1): the default's 1000 ns at 3 GHz is 3000 ns at 1 GHz. */
	  1000, 1200000, 3000},
	 host2002_ps},
};

void cost_table_default(struct cost_table *t)
{
	memcpy(t->ps, default_ps, sizeof t->ps);
	t->cpu_mhz = 3000;
}

const struct cost_preset *cost_preset_at(size_t i)
{
	return i < sizeof presets / sizeof presets[0] ? &presets[i].p : NULL;
}

const struct cost_preset *cost_preset_find(const char *name)
{
	for (size_t i = 0; cost_preset_at(i); i++)
		if (strcmp(presets[i].p.name, name) == 0)
			return &presets[i].p;
	return NULL;
}

int cost_table_preset(struct cost_table *t, const char *name)
{
	for (size_t i = 0; cost_preset_at(i); i++)
		if (strcmp(presets[i].p.name, name) == 0) {
			memcpy(t->ps, presets[i].ps, sizeof t->ps);
			t->cpu_mhz = presets[i].p.cpu_mhz;
			return 0;
		}
	return -1;
}

const char *cost_item_name(int item)
{
	return (item >= 0 && item < COST__COUNT) ? names[item] : NULL;
}

int cost_item_lookup(const char *name)
{
	for (int i = 0; i < COST__COUNT; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

int cost_table_set(struct cost_table *t, const char *name, uint64_t ns)
{
	int item = cost_item_lookup(name);
	if (item < 0)
		return -1;
	t->ps[item] = ns * 1000;
	return 0;
}

/* Value with an optional unit suffix, in ps; -1 on a malformed value. */
static int parse_value(const struct cost_table *t, const char *s, uint64_t *ps)
{
	errno = 0;
	char *end;
	double v = strtod(s, &end);
	if (end == s || errno || !(v >= 0) || v > 1e15)
		return -1;
	double scale;
	if (*end == '\0' || strcmp(end, "ns") == 0)
		scale = 1000.0;
	else if (strcmp(end, "ps") == 0)
		scale = 1.0;
	else if (strcmp(end, "cyc") == 0)
		scale = 1e6 / t->cpu_mhz;
	else
		return -1;
	*ps = (uint64_t)(v * scale + 0.5);
	return 0;
}

int cost_table_assign(struct cost_table *t, const char *spec, char *err, size_t errlen)
{
	const char *eq = strchr(spec, '=');
	if (!eq || eq == spec) {
		snprintf(err, errlen, "cost \"%s\": expected NAME=VALUE[ns|ps|cyc]", spec);
		return -1;
	}
	char name[64];
	size_t n = (size_t)(eq - spec);
	if (n >= sizeof name) {
		snprintf(err, errlen, "cost \"%s\": name too long", spec);
		return -1;
	}
	memcpy(name, spec, n);
	name[n] = '\0';
	if (strcmp(name, "CPU_MHZ") == 0) {
		char *end;
		errno = 0;
		unsigned long mhz = strtoul(eq + 1, &end, 10);
		if (end == eq + 1 || *end || errno || mhz == 0 || mhz > 100000) {
			snprintf(err, errlen, "cost \"%s\": CPU_MHZ must be 1..100000", spec);
			return -1;
		}
		t->cpu_mhz = (uint32_t)mhz;
		return 0;
	}
	int item = cost_item_lookup(name);
	if (item < 0) {
		snprintf(err, errlen, "unknown cost item \"%s\" (see docs/COSTS.md for the names)", name);
		return -1;
	}
	uint64_t ps;
	if (parse_value(t, eq + 1, &ps) < 0) {
		snprintf(err, errlen, "cost %s: bad value \"%s\" (a number, then ns, ps or cyc)", name, eq + 1);
		return -1;
	}
	t->ps[item] = ps;
	return 0;
}
