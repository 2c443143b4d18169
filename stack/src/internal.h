/* Stack-private state and the calls between its files. */
#ifndef RXSIM_STACK_INTERNAL_H
#define RXSIM_STACK_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "rxsim/rxstack.h"

#define container_of(ptr, type, member) ((type *)(void *)((char *)(ptr) - offsetof(type, member)))

/* FIFO of skbs (sk_buff_head without the lock). */
struct sk_buff_head {
	struct sk_buff *head, *tail;
	uint32_t qlen;
};
void __skb_queue_tail(struct sk_buff_head *q, struct sk_buff *skb);
struct sk_buff *__skb_dequeue(struct sk_buff_head *q);
void skb_queue_splice_tail_init(struct sk_buff_head *from, struct sk_buff_head *to);

/* ---- skb pool (skbuff.c) ---- */
#define SKB_POOL_CLASSES 10 /* buffers of 256 << class bytes */
struct skb_pool {
	struct sk_buff *free_skbs;
	void *free_bufs[SKB_POOL_CLASSES];
	uint64_t rng;
	struct skb_pool_config cfg;
	struct skb_pool_stats st;
	uint64_t next_id;
};
void skb_pool_destroy(struct skb_pool *pool);
/* Grows the linear buffer so that `need` more bytes fit after tail (used by
 * reassembly, which copies fragments into the head fragment). */
int skb_grow_tail(struct sk_buff *skb, uint32_t need);

/* ---- per-CPU softnet_data (dev.c, napi.c, softirq.c) ---- */
/* A NAPI list (softnet_data.poll_list, net_rx_action's local lists). */
struct napi_list {
	struct napi_struct *head, *tail;
};
struct softnet_data {
	struct napi_list poll_list;
	struct sk_buff_head input_pkt_queue, process_queue;
	struct napi_struct backlog;      /* process_backlog */
	unsigned softirq_pending;
	int hardirq_depth;
	int softirq_count;               /* softirq running or BHs disabled */
	bool in_net_rx_action;
	/* ksoftirqd_running(): this CPU's ksoftirqd was woken and has not yet
	 * found nothing pending (TASK_RUNNING until it sleeps again). */
	bool ksoftirqd_running;
	struct softnet_stat st;
	int cpu;
	struct net *net;
};

/* ---- sockets (sock.c) ---- */
#define SOCK_HASH 256
struct sock {
	struct net *net;
	uint32_t id;
	int family, type, protocol;       /* protocol: IPPROTO_UDP / IPPROTO_TCP */
	bool bound, connected, reader_waiting, dead;
	bool ipv6only;                    /* IPV6_V6ONLY: an AF_INET6 socket takes no IPv4 */
	uint8_t laddr[16], raddr[16];     /* v4 as ::ffff:a.b.c.d */
	uint16_t lport, rport;
	uint32_t rcvbuf, rmem_alloc;
	struct sk_buff_head queue;
	/* TCP: segments beyond rcv_nxt, in seq order (Linux's rbtree
	 * out_of_order_queue as a sorted list), charged to rmem_alloc */
	struct sk_buff_head ofo_queue;
	uint32_t ofo_bytes;               /* truesize of the ofo queue */
	uint64_t enqueued, read, drops;
	uint64_t rcv_nxt;
	bool rcv_nxt_valid;
	struct sock *hash_next;
	struct sock *all_next;            /* net->socks: every socket, freed by net_free */
};
enum { IPPROTO_ICMP = 1, IPPROTO_TCP = 6, IPPROTO_UDP = 17, IPPROTO_ICMPV6 = 58 };
/* Best socket for a packet of family RX_AF_INET/6: exact 4-tuple, then bound
 * to the address, then bound to any address; dual-stack AF_INET6 sockets
 * take IPv4.  Addresses are 16-byte (v4-mapped for IPv4). */
struct sock *sk_lookup(struct net *net, int protocol, int family, const uint8_t saddr[16], uint16_t sport,
		       const uint8_t daddr[16], uint16_t dport);
/* Charges truesize against sk_rcvbuf.  -1: full; -2: closed meanwhile (a
 * charge lets other CPUs run); the skb is untouched on failure. */
int sock_queue_rcv_skb(struct sock *sk, struct sk_buff *skb);
/* skb_set_owner_r: charge truesize to the socket, no limit checked. */
void sock_charge_skb(struct sock *sk, struct sk_buff *skb);
/* Queue an skb already charged for the reader and wake it (sk_data_ready). */
void sock_deliver_skb(struct sock *sk, struct sk_buff *skb);
/* Free the TCP out-of-order queue (uncharged) with a fate or drop reason. */
void tcp_ofo_purge(struct sock *sk, enum skb_fate fate, enum skb_drop_reason reason);
void sock_flush_all(struct net *net);
void sock_table_destroy(struct net *net);
static inline void ipv6_addr_set_v4mapped(uint32_t a, uint8_t out[16])
{
	for (int i = 0; i < 10; i++)
		out[i] = 0;
	out[10] = out[11] = 0xff;
	out[12] = (uint8_t)(a >> 24);
	out[13] = (uint8_t)(a >> 16);
	out[14] = (uint8_t)(a >> 8);
	out[15] = (uint8_t)a;
}

/* ---- IPv4 reassembly (ip_fragment.c) ---- */
struct ipq;
int ip_defrag(struct sk_buff **pskb);  /* 0: *pskb is the whole datagram */
void ip_frag_flush(struct net *net);

/* ---- struct net ---- */
#define MAX_TAPS 8
#define MAX_ADDRS 16
#define MAX_MC6 (MAX_ADDRS + 1) /* all-nodes and a solicited-node group per address */
struct net {
	struct rx_platform plat;
	struct net_config cfg;
	struct net_sysctl sysctl;
	int nr_cpus;
	struct softnet_data *softnet;
	struct skb_pool pool;
	struct net_device *devices;
	uint32_t next_ifindex;
	struct { ptype_tap_fn fn; void *arg; } taps[MAX_TAPS];
	int nr_taps;
	struct { uint32_t addr, mask; } addrs[MAX_ADDRS];
	int nr_addrs;
	uint32_t mc_groups[MAX_ADDRS];
	int nr_mc;
	uint8_t addrs6[MAX_ADDRS][16];
	int nr_addrs6;
	uint8_t mc6_groups[MAX_MC6][16];  /* joined IPv6 groups (addrconf.c) */
	int nr_mc6;
	struct nf_rule *rules[NF_INET_NUMHOOKS];
	int nr_rules[NF_INET_NUMHOOKS];
	struct sock *udp_hash[SOCK_HASH], *tcp_hash[SOCK_HASH];
	struct sock *socks;
	uint32_t next_sock_id;
	struct ipq *ipqs;
	uint64_t frag_mem;
	struct net_mib mib;
	uint64_t drops[SKB_DROP_REASON_MAX];
	uint64_t fates[SKB_FATE__COUNT];
	struct skb_fate_record *fate_log;
	size_t fate_len, fate_cap;
};

/* ---- platform helpers ---- */
static inline uint64_t net_now(const struct net *net) { return net->plat.now_ns(net->plat.ctx); }
static inline void net_charge(struct net *net, enum rx_cost item, uint32_t count)
{
	if (net->plat.charge)
		net->plat.charge(net->plat.ctx, item, count);
}
/* A timeline's view of the receive path's functions (free when none is written). */
static inline void net_fn_begin(struct net *net, const char *fn)
{
	if (net->plat.fn_begin)
		net->plat.fn_begin(net->plat.ctx, fn);
}
static inline void net_fn_end(struct net *net, const char *fn, int work, int budget)
{
	if (net->plat.fn_end)
		net->plat.fn_end(net->plat.ctx, fn, work, budget);
}
/* jiffies: ticks of 1/HZ s since time 0 (INITIAL_JIFFIES is a whole
 * number of ticks, so the phase is the same). */
static inline uint64_t net_jiffies(const struct net *net) { return net_now(net) * net->sysctl.hz / 1000000000u; }
/* __msecs_to_jiffies / __usecs_to_jiffies round up: MAX_SOFTIRQ_TIME,
 * msecs_to_jiffies(2), and net_rx_action's usecs_to_jiffies(2000) are one
 * jiffy at HZ 250, two at HZ 1000.  A deadline of now + this many jiffies is
 * reached when time_after_eq(jiffies, deadline). */
static inline uint64_t net_nsecs_to_jiffies(const struct net *net, uint64_t ns)
{
	return (ns * net->sysctl.hz + 999999999u) / 1000000000u;
}
static inline int net_context_id(struct net *net)
{
	return net->plat.context_id ? net->plat.context_id(net->plat.ctx) : 0;
}
static inline int net_this_cpu(const struct net *net)
{
	int cpu = net->plat.this_cpu ? net->plat.this_cpu(net->plat.ctx) : 0;
	return (cpu >= 0 && cpu < net->nr_cpus) ? cpu : 0;
}
static inline struct softnet_data *this_softnet(struct net *net) { return &net->softnet[net_this_cpu(net)]; }
static inline void skb_stamp(struct sk_buff *skb, enum skb_stage stage) { skb->tstamp[stage] = net_now(skb->net); }
void net_record_fate(struct net *net, struct sk_buff *skb, enum skb_fate fate,
		     enum skb_drop_reason reason, uint64_t merged_into);
/* Frees skb with fate CONSUMED because its data now lives in datagram `into`. */
void skb_free_merged(struct sk_buff *skb, uint64_t into);
/* Frees a delivered skb (fate READ or QUEUED). */
void skb_free_delivered(struct sk_buff *skb, enum skb_fate fate);

/* ---- receive path ---- */
void __raise_softirq_irqoff(struct softnet_data *sd, unsigned nr);
/* Process context without softirqs (busy polling); enabling again runs
 * what became pending meanwhile. */
void local_bh_disable(struct softnet_data *sd);
void local_bh_enable(struct softnet_data *sd);
/* raise_softirq_irqoff(NET_RX_SOFTIRQ) on sd: wakes ksoftirqd outside interrupts. */
void raise_net_rx_softirq(struct softnet_data *sd);
/* Arms / cancels a stack timer through the platform. */
void net_timer_arm(struct net *net, struct timer_list *t, uint64_t expires);
void net_timer_cancel(struct net *net, struct timer_list *t);
int process_backlog(struct napi_struct *napi, int quota);
/* Schedules sd's backlog NAPI unless it already is. */
void napi_schedule_backlog(struct softnet_data *sd);
void net_rx_action(struct softnet_data *sd);
int __netif_receive_skb(struct sk_buff *skb);
struct sk_buff *skb_vlan_untag(struct sk_buff *skb);
bool vlan_do_receive(struct sk_buff *skb);
int arp_rcv(struct sk_buff *skb);
int ip_rcv(struct sk_buff *skb);
int ip_local_deliver(struct sk_buff *skb);
int ipv6_rcv(struct sk_buff *skb);
int udp_rcv(struct sk_buff *skb);
int udpv6_rcv(struct sk_buff *skb);
int tcp_v4_rcv(struct sk_buff *skb);
int tcp_v6_rcv(struct sk_buff *skb);
int icmp_rcv(struct sk_buff *skb);
int icmpv6_rcv(struct sk_buff *skb);
/* Netfilter: NF_ACCEPT or NF_DROP for an IPv4 packet at a hook. */
int nf_hook_slow(struct net *net, enum nf_inet_hooks hook, struct sk_buff *skb);
/* Counts an ICMP error the host would send (no transmit path). */
void icmp_send(struct net *net, uint8_t type, uint8_t code);
void icmpv6_send(struct net *net, uint8_t type, uint8_t code);

/* Is an IPv4 destination local (unicast, directed or limited broadcast,
 * joined multicast)?  Sets *bcast and *mcast. */
bool inet_addr_is_local(const struct net *net, uint32_t daddr, bool *bcast, bool *mcast);

/* ---- IPv6 addresses (addrconf.c) ---- */
bool ipv6_chk_addr(const struct net *net, const uint8_t *addr);
bool ipv6_chk_mcast_addr(const struct net *net, const uint8_t *group);
bool ipv6_addr_loopback(const uint8_t *addr);
/* dev_mc_add on every Ethernet device registered now (not VLAN devices). */
int dev_mc_add_ether(struct net *net, const uint8_t addr[6]);

/* ---- checksum (checksum.c) ---- */
uint32_t csum_partial(const void *buf, uint32_t len, uint32_t sum);
uint16_t csum_fold(uint32_t sum);
/* Pseudo-header sum for IPv4 (addresses in network order as bytes). */
uint32_t csum_tcpudp_nofold(const uint8_t saddr[4], const uint8_t daddr[4], uint32_t len, uint8_t proto, uint32_t sum);
uint32_t csum_ipv6_nofold(const uint8_t saddr[16], const uint8_t daddr[16], uint32_t len, uint8_t proto, uint32_t sum);
/* Software verification of an L4 checksum, charged as CSUM_BYTES. */
bool skb_l4_csum_ok4(struct sk_buff *skb, const uint8_t *iph, uint8_t proto);
bool skb_l4_csum_ok6(struct sk_buff *skb, const uint8_t *ip6h, uint8_t proto);

/* ---- GRO (gro.c, tcp_offload.c) ---- */
/* inet_gro_receive: the IPv4 (and TCP) checks of skb against the held
 * packets `head` (newest first); returns the held packet to send up now,
 * or NULL; sets skb->gro.same_flow (merged) and skb->gro.flush. */
struct sk_buff *inet_gro_receive(struct sk_buff *head, struct sk_buff *skb);
/* inet_gro_complete + tcp4_gro_complete: the super-packet's headers. */
void inet_gro_complete(struct sk_buff *skb);
/* skb_gro_receive: merge skb's payload into p; -1 (-E2BIG) when it would
 * reach gro_max_size or skb must be flushed. */
int skb_gro_receive(struct sk_buff *p, struct sk_buff *skb);
/* flush_gro_hash (netif_napi_del): free what GRO still holds. */
void napi_gro_purge(struct napi_struct *napi);

static inline uint16_t get_be16(const uint8_t *p) { return (uint16_t)((p[0] << 8) | p[1]); }
static inline void put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}
static inline uint32_t get_be32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

#endif
