/* struct net: creation with kernel defaults, addresses, timers, teardown
 * and the conservation check. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct net *net_new(const struct rx_platform *plat, const struct net_config *cfg)
{
	if (!plat || !plat->now_ns)
		return NULL;
	struct net *net = calloc(1, sizeof(*net));
	if (!net)
		return NULL;
	net->plat = *plat;
	if (cfg)
		net->cfg = *cfg;
	net->nr_cpus = net->cfg.nr_cpus > 0 ? net->cfg.nr_cpus : 1;
	net->softnet = calloc((size_t)net->nr_cpus, sizeof(*net->softnet));
	if (!net->softnet) {
		free(net);
		return NULL;
	}
	net->sysctl = (struct net_sysctl){
		.netdev_budget = 300,
		.netdev_budget_usecs = 2000,
		.dev_weight = 64,
		.netdev_max_backlog = 1000,
		.max_softirq_restart = 10,
		.max_softirq_time_ns = 2000000,
		.hz = 250,
		.softirq_time_limit = true,
		.ksoftirqd_defers = false,
		.napi_missed = true,
		.ipfrag_time_ns = 30ull * 1000000000ull,
		.ipfrag_high_thresh = 4u << 20,
		.ipfrag_low_thresh = 3u << 20,
		.icmp_echo_ignore_broadcasts = 1,
		.rmem_default = 212992,
	};
	net->pool.cfg = net->cfg.pool;
	net->pool.rng = net->cfg.pool.seed ? net->cfg.pool.seed : 0x9E3779B97F4A7C15ULL;
	for (int i = 0; i < net->nr_cpus; i++) {
		struct softnet_data *sd = &net->softnet[i];
		sd->cpu = i;
		sd->net = net;
		sd->backlog.poll = process_backlog;
		sd->backlog.weight = net->sysctl.dev_weight;
		sd->backlog.cpu = i;
	}
	return net;
}

struct net_sysctl *net_sysctl(struct net *net) { return &net->sysctl; }

void net_timer_arm(struct net *net, struct timer_list *t, uint64_t expires)
{
	t->expires = expires;
	t->pending = true;
	if (net->plat.timer_arm)
		net->plat.timer_arm(net->plat.ctx, t);
}

void net_timer_cancel(struct net *net, struct timer_list *t)
{
	if (!t->pending)
		return;
	t->pending = false;
	if (net->plat.timer_cancel)
		net->plat.timer_cancel(net->plat.ctx, t);
}

int ip_addr_add(struct net *net, uint32_t addr, int prefixlen)
{
	if (net->nr_addrs == MAX_ADDRS || prefixlen < 0 || prefixlen > 32)
		return -1;
	net->addrs[net->nr_addrs].addr = addr;
	net->addrs[net->nr_addrs].mask = prefixlen ? ~0u << (32 - prefixlen) : 0;
	net->nr_addrs++;
	return 0;
}

int ip_mc_join(struct net *net, uint32_t group)
{
	for (int i = 0; i < net->nr_mc; i++)
		if (net->mc_groups[i] == group)
			return 0; /* joined already */
	if (net->nr_mc == MAX_ADDRS)
		return -1;
	net->mc_groups[net->nr_mc++] = group;
	const uint8_t mac[6] = {0x01, 0x00, 0x5e, (uint8_t)(group >> 16 & 0x7f), (uint8_t)(group >> 8), (uint8_t)group};
	return dev_mc_add_ether(net, mac);
}

bool inet_addr_is_local(const struct net *net, uint32_t daddr, bool *bcast, bool *mcast)
{
	*bcast = *mcast = false;
	if (daddr == 0xffffffffu) {
		*bcast = true;
		return true;
	}
	if ((daddr >> 28) == 0xe) {
		*mcast = true;
		for (int i = 0; i < net->nr_mc; i++)
			if (net->mc_groups[i] == daddr)
				return true;
		return false;
	}
	for (int i = 0; i < net->nr_addrs; i++) {
		uint32_t a = net->addrs[i].addr, m = net->addrs[i].mask;
		if (daddr == a)
			return true;
		if (m != ~0u && daddr == ((a & m) | ~m)) {
			*bcast = true;
			return true;
		}
	}
	return false;
}

const struct net_mib *net_mib(const struct net *net) { return &net->mib; }

void net_softnet_stat(const struct net *net, int cpu, struct softnet_stat *out)
{
	*out = (struct softnet_stat){0};
	if (cpu < 0 || cpu >= net->nr_cpus)
		return;
	const struct softnet_data *sd = &net->softnet[cpu];
	*out = sd->st;
	out->backlog_len = sd->input_pkt_queue.qlen + sd->process_queue.qlen;
}

struct skb_pool_stats net_pool_stats(const struct net *net) { return net->pool.st; }
uint64_t net_drop_count(const struct net *net, enum skb_drop_reason r)
{
	return (unsigned)r < SKB_DROP_REASON_MAX ? net->drops[r] : 0;
}
uint64_t net_fate_total(const struct net *net, enum skb_fate f)
{
	return (unsigned)f < SKB_FATE__COUNT ? net->fates[f] : 0;
}
size_t net_fate_count(const struct net *net) { return net->fate_len; }
const struct skb_fate_record *net_fate_log(const struct net *net) { return net->fate_log; }

static void purge_queue(struct sk_buff_head *q)
{
	struct sk_buff *skb;
	while ((skb = __skb_dequeue(q)))
		kfree_skb_reason(skb, SKB_DROP_REASON_QUEUE_PURGE);
}

void net_flush(struct net *net)
{
	for (int i = 0; i < net->nr_cpus; i++) {
		struct softnet_data *sd = &net->softnet[i];
		purge_queue(&sd->process_queue);
		purge_queue(&sd->input_pkt_queue);
	}
	for (struct net_device *d = net->devices; d; d = d->next)
		for (struct napi_struct *n = d->napi_list; n; n = n->dev_next)
			napi_gro_purge(n);
	ip_frag_flush(net);
	sock_flush_all(net);
}

bool net_check_conservation(const struct net *net, struct net_conservation *out)
{
	struct net_conservation c = {0};
	c.allocated = net->pool.st.allocated;
	c.live = net->pool.st.live;
	uint64_t ended = 0;
	for (int f = 0; f < SKB_FATE__COUNT; f++) {
		c.fate[f] = net->fates[f];
		ended += net->fates[f];
	}
	for (int r = 0; r < SKB_DROP_REASON_MAX; r++)
		c.dropped_by_reason_total += net->drops[r];
	if (out)
		*out = c;
	return c.allocated == ended + c.live && c.dropped_by_reason_total == c.fate[SKB_FATE_DROPPED] &&
	       net->pool.st.freed == ended;
}

void net_free(struct net *net)
{
	if (!net)
		return;
	net_flush(net);
	sock_table_destroy(net);
	skb_pool_destroy(&net->pool);
	for (struct net_device *d = net->devices, *n; d; d = n) {
		n = d->next;
		free(d);
	}
	for (int h = 0; h < NF_INET_NUMHOOKS; h++)
		free(net->rules[h]);
	free(net->fate_log);
	free(net->softnet);
	free(net);
}
