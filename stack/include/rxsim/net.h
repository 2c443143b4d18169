/* One simulated host: struct net holds every piece of stack state (no
 * globals), per-CPU softnet_data, sysctls, counters and the fate log. */
#ifndef RXSIM_NET_H
#define RXSIM_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rxsim/platform.h"
#include "rxsim/skbuff.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Tunables, with the kernel defaults net_new() puts in. */
struct net_sysctl {
	int netdev_budget;                /* 300 packets per net_rx_action */
	uint32_t netdev_budget_usecs;     /* 2000 us per net_rx_action */
	int dev_weight;                   /* 64: backlog NAPI weight */
	int netdev_max_backlog;           /* 1000 */
	uint32_t max_softirq_restart;     /* 10 __do_softirq passes ... */
	uint64_t max_softirq_time_ns;     /* ... or 2 ms in jiffies, then ksoftirqd */
	uint32_t hz;                      /* 250: CONFIG_HZ, the jiffy (Debian's) */
	/* Kernel-era choices (docs/KERNELS.md), not sysctls.  true: the
	 * restarts also end at max_softirq_time_ns or need_resched() (since
	 * 3.8, c10d73671ad3); false: only the restart count ends them (2.6). */
	bool softirq_time_limit;
	/* true: while this CPU's ksoftirqd is runnable, irq_exit and
	 * local_bh_enable leave pending softirqs to it ("softirq: Let ksoftirqd
	 * do its job", 4cd13c21b207, v4.9; reverted by d15121be7485, v6.5). */
	bool ksoftirqd_defers;
	/* true: napi_schedule_prep on a scheduled instance sets MISSED, so its
	 * poll runs again before completing (39e6c8208d7b "net: solve a NAPI
	 * race", 2017); false: it only fails (2.6's netif_rx_schedule_prep). */
	bool napi_missed;
	uint64_t ipfrag_time_ns;          /* 30 s */
	uint64_t ipfrag_high_thresh;      /* 4 MiB: new queues refused above */
	uint64_t ipfrag_low_thresh;       /* 3 MiB: reported only */
	int icmp_echo_ignore_broadcasts;  /* 1 */
	uint32_t rmem_default;            /* 212992: new sockets' sk_rcvbuf */
	int bindv6only;                   /* 0: new AF_INET6 sockets take IPv4 too (IPV6_V6ONLY off) */
};

struct skb_pool_config {
	uint64_t seed;        /* PRNG seed for failure injection */
	uint32_t fail_ppm;    /* allocation failure rate, parts per million */
	uint64_t max_live;    /* 0 = no limit on live skbs */
};

struct net_config {
	int nr_cpus;                      /* softnet_data instances (>= 1) */
	struct skb_pool_config pool;
	bool keep_fate_log;               /* keep every skb_fate_record */
	/* Optional: called for every finished skb. */
	void (*fate_cb)(void *arg, const struct skb_fate_record *rec);
	void *fate_arg;
};

/* Create / destroy a host.  plat is copied.  net_free purges what is still
 * queued (net_flush) and frees every pool buffer. */
struct net *net_new(const struct rx_platform *plat, const struct net_config *cfg);
void net_free(struct net *net);
struct net_sysctl *net_sysctl(struct net *net);

/* Local addresses (host byte order for IPv4) and multicast groups. */
int ip_addr_add(struct net *net, uint32_t addr, int prefixlen);
/* ip_mc_join: the group is joined on every Ethernet device registered now
 * (not VLAN devices): its link-layer address (ip_eth_mc_map: 01:00:5e and
 * the group's low 23 bits) goes on the device's list (dev_mc_add), as
 * ip_mc_inc_group -> igmp_group_added -> ip_mc_filter_add do. A group
 * joined already is left as it is; -1 when MAX_ADDRS are joined. */
int ip_mc_join(struct net *net, uint32_t group);
/* ipv6_add_addr (Linux 6.6 addrconf.c): the host's IPv6 address; the first
 * one joins all-nodes ff02::1, each its solicited-node group, on every
 * Ethernet device registered now (33:33:xx:xx:xx:xx through dev_mc_add).
 * -1: ::, multicast, ::1, a prefix over 128, an address held already, or
 * no room (MAX_ADDRS addresses, the device's list full). */
int ipv6_add_addr(struct net *net, const uint8_t addr[16], int prefixlen);

/* ---- contexts the platform enters ---- */
/* Around a hard-IRQ handler: irq_exit runs pending softirqs unless this CPU
 * is already inside one (then they run when that one loops). */
void irq_enter(struct net *net);
void irq_exit(struct net *net);
/* Body of ksoftirqd/cpu: runs pending softirqs; returns true while more are
 * pending (the thread stays runnable). */
bool run_ksoftirqd(struct net *net, int cpu);
/* A timer the stack armed is due: runs it in hard-IRQ context. */
void timer_expire(struct net *net, struct timer_list *t);

enum { NET_RX_SOFTIRQ = 3 };
unsigned local_softirq_pending(const struct net *net, int cpu);

/* ---- counters ---- */
struct ipstats_mib {
	uint64_t InReceives, InHdrErrors, InAddrErrors, ForwDatagrams;
	uint64_t InUnknownProtos, InDiscards, InDelivers;
	uint64_t ReasmTimeout, ReasmReqds, ReasmOKs, ReasmFails, ReasmOverlaps;
	uint64_t InNoRoutes, InTruncatedPkts, InMcastPkts, InBcastPkts;
	uint64_t InOctets, InCsumErrors;
};
struct icmp_mib {
	uint64_t InMsgs, InErrors, InCsumErrors;
	uint64_t OutMsgs;             /* replies/errors the host would send */
	uint64_t InType[256], OutType[256];
};
struct tcp_mib {
	uint64_t InSegs, InErrs, InCsumErrors, OutRsts, CurrEstab;
	/* TcpExt (LINUX_MIB_*): segments put in an out-of-order queue
	 * (TCPOFOQueue), refused there for memory (TCPOFODrop), dropped as
	 * already held (TCPOFOMerge), prune passes (OfoPruned), in-order
	 * segments refused for memory (TCPRcvQDrop). */
	uint64_t TCPOFOQueue, TCPOFODrop, TCPOFOMerge, OfoPruned, TCPRcvQDrop;
	/* (rxsim) the most any socket's out-of-order queue held at once:
	 * segments, and bytes charged to it (truesize) */
	uint64_t ofo_max_segs, ofo_max_bytes;
};
struct udp_mib { uint64_t InDatagrams, NoPorts, InErrors, RcvbufErrors, InCsumErrors, IgnoredMulti; };
struct ipv6_mib {
	uint64_t InReceives, InHdrErrors, InAddrErrors, InUnknownProtos, InTruncatedPkts;
	uint64_t InDiscards, InDelivers, ReasmReqds, ReasmFails, InMcastPkts;
};
struct arp_mib { uint64_t InRequests, InReplies, InErrors, OutReplies; }; /* (rxsim) */
struct net_mib {
	struct ipstats_mib ip;
	struct icmp_mib icmp;
	struct tcp_mib tcp;
	struct udp_mib udp;
	struct ipv6_mib ip6;
	struct icmp_mib icmp6;
	struct udp_mib udp6;
	struct arp_mib arp;
	uint64_t eth_unknown_type;        /* frames no ptype_base handler took */
};
const struct net_mib *net_mib(const struct net *net);

struct softnet_stat {
	uint64_t processed, dropped, time_squeeze;
	uint64_t received_rps, flow_limit_count;
	uint32_t backlog_len;             /* input + process queue */
	uint64_t net_rx_action_calls, softirq_runs, ksoftirqd_wakeups; /* (rxsim) */
};
void net_softnet_stat(const struct net *net, int cpu, struct softnet_stat *out);

struct skb_pool_stats net_pool_stats(const struct net *net);
uint64_t net_drop_count(const struct net *net, enum skb_drop_reason reason);
uint64_t net_fate_total(const struct net *net, enum skb_fate fate);

/* /proc-shaped text views, snprintf-style: bytes the full text needs. */
size_t proc_net_dev(const struct net *net, char *buf, size_t size);
size_t proc_net_softnet_stat(const struct net *net, char *buf, size_t size);
size_t proc_net_snmp(const struct net *net, char *buf, size_t size);
size_t proc_net_netstat(const struct net *net, char *buf, size_t size); /* IpExt */
size_t proc_net_snmp6(const struct net *net, char *buf, size_t size);

/* ---- conservation ---- */
/* Ends everything still held inside the stack: socket queues -> fate QUEUED,
 * backlogs and reassembly queues -> dropped QUEUE_PURGE, and cancels timers. */
void net_flush(struct net *net);
struct net_conservation {
	uint64_t allocated, live;
	uint64_t fate[SKB_FATE__COUNT];
	uint64_t dropped_by_reason_total;
};
/* True when every allocated skb is either live or has exactly one fate and
 * the per-reason counters add up to the dropped fates. */
bool net_check_conservation(const struct net *net, struct net_conservation *out);
/* The fate log (when keep_fate_log). */
size_t net_fate_count(const struct net *net);
const struct skb_fate_record *net_fate_log(const struct net *net);

#ifdef __cplusplus
}
#endif
#endif
