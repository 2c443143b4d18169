/* Netfilter hook points PRE_ROUTING and LOCAL_IN with a first-match rule
 * table (an iptables chain with policy ACCEPT). */
#include <stdlib.h>

#include "internal.h"

int nf_rule_append(struct net *net, enum nf_inet_hooks hook, const struct nf_rule *rule)
{
	if ((unsigned)hook >= NF_INET_NUMHOOKS)
		return -1;
	int n = net->nr_rules[hook];
	struct nf_rule *r = realloc(net->rules[hook], (size_t)(n + 1) * sizeof(*r));
	if (!r)
		return -1;
	r[n] = *rule;
	r[n].pkts = r[n].bytes = 0;
	net->rules[hook] = r;
	net->nr_rules[hook] = n + 1;
	return n;
}

const struct nf_rule *nf_rule_get(const struct net *net, enum nf_inet_hooks hook, int index)
{
	if ((unsigned)hook >= NF_INET_NUMHOOKS || index < 0 || index >= net->nr_rules[hook])
		return NULL;
	return &net->rules[hook][index];
}

static bool port_in(uint16_t p, uint16_t lo, uint16_t hi) { return (!lo && !hi) || (p >= lo && p <= hi); }

int nf_hook_slow(struct net *net, enum nf_inet_hooks hook, struct sk_buff *skb)
{
	int n = net->nr_rules[hook];
	if (!n)
		return NF_ACCEPT; /* no hook registered: no cost */
	net_charge(net, RX_COST_NF_HOOK, 1);
	const uint8_t *iph = skb_network_header(skb);
	uint8_t proto = iph[9];
	uint32_t saddr = get_be32(iph + 12), daddr = get_be32(iph + 16);
	/* Ports exist only in a first fragment holding the whole L4 port pair. */
	const uint8_t *th = skb_transport_header(skb);
	bool has_ports = (proto == IPPROTO_TCP || proto == IPPROTO_UDP) && !(get_be16(iph + 6) & 0x1fff) &&
			 th + 4 <= skb_tail_pointer(skb);
	uint16_t sport = has_ports ? get_be16(th) : 0, dport = has_ports ? get_be16(th + 2) : 0;

	for (int i = 0; i < n; i++) {
		struct nf_rule *r = &net->rules[hook][i];
		bool want_ports = r->sport_lo || r->sport_hi || r->dport_lo || r->dport_hi;
		if (r->protocol && r->protocol != proto)
			continue;
		if ((saddr & r->smask) != (r->saddr & r->smask) || (daddr & r->dmask) != (r->daddr & r->dmask))
			continue;
		if (want_ports && (!has_ports || !port_in(sport, r->sport_lo, r->sport_hi) ||
				   !port_in(dport, r->dport_lo, r->dport_hi)))
			continue;
		r->pkts++;
		r->bytes += skb->len;
		return r->verdict == NF_DROP ? NF_DROP : NF_ACCEPT;
	}
	return NF_ACCEPT;
}
