/* A small rule table on the IPv4 PRE_ROUTING and LOCAL_IN hook points. */
#ifndef RXSIM_NETFILTER_H
#define RXSIM_NETFILTER_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct net;

enum nf_inet_hooks { NF_INET_PRE_ROUTING = 0, NF_INET_LOCAL_IN = 1, NF_INET_NUMHOOKS = 2 };
enum { NF_DROP = 0, NF_ACCEPT = 1 };

/* First matching rule decides; no match = ACCEPT.  Fields are host order;
 * protocol 0 and mask 0 match anything; port ranges apply to TCP/UDP only
 * (a rule with a port range never matches another protocol). */
struct nf_rule {
	uint8_t protocol;
	uint32_t saddr, smask, daddr, dmask;
	uint16_t sport_lo, sport_hi, dport_lo, dport_hi; /* 0,0 = any */
	int verdict;                                     /* NF_ACCEPT / NF_DROP */
	uint64_t pkts, bytes;                            /* matches so far */
};

/* Appends a rule; returns its index or -1. */
int nf_rule_append(struct net *net, enum nf_inet_hooks hook, const struct nf_rule *rule);
const struct nf_rule *nf_rule_get(const struct net *net, enum nf_inet_hooks hook, int index);

#ifdef __cplusplus
}
#endif
#endif
