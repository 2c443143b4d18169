/* Devices, NAPI and the entry points the driver calls. */
#ifndef RXSIM_NETDEVICE_H
#define RXSIM_NETDEVICE_H

#include <stdbool.h>
#include <stdint.h>

#include "rxsim/skbuff.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Subset of struct rtnl_link_stats64 a receive path moves.  The driver
 * updates rx_packets/rx_bytes and its error fields; the core adds rx_dropped,
 * rx_nohandler and rx_otherhost_dropped (the kernel's core_stats). */
struct rtnl_link_stats64 {
	uint64_t rx_packets, rx_bytes, rx_errors, rx_dropped;
	uint64_t multicast;
	uint64_t rx_length_errors, rx_over_errors, rx_crc_errors;
	uint64_t rx_frame_errors, rx_fifo_errors, rx_missed_errors;
	uint64_t rx_compressed, rx_nohandler, rx_otherhost_dropped;
};

#define IFNAMSIZ 16
#define NETIF_F_GRO (1u << 0)
#define GRO_LEGACY_MAX_SIZE 65536u
#define NETDEV_MC_MAX 64 /* link-layer multicast addresses a device holds */

struct net_device {
	struct net *net;
	char name[IFNAMSIZ];
	uint32_t ifindex;
	uint8_t dev_addr[6];
	struct rtnl_link_stats64 stats;
	/* dev->features: NETIF_F_GRO (ethtool -K gro), on from register_netdev
	 * as register_netdevice's NETIF_F_SOFT_FEATURES turn it on. */
	uint32_t features;
	/* gro_ipv4_max_size (Linux 6.6; GRO_LEGACY_MAX_SIZE, 65536, by default):
	 * a super-packet stays below it, headers included. */
	uint32_t gro_max_size;
	struct napi_struct *napi_list;   /* netif_napi_add's instances (dev->napi_list) */
	/* IRQ deferral (sysfs napi_defer_hard_irqs / gro_flush_timeout). */
	uint32_t napi_defer_hard_irqs;
	uint64_t gro_flush_timeout;      /* ns */
	/* IRQ suspension (Linux 6.13, netdev-genl napi-set irq-suspend-timeout,
	 * a per-NAPI setting there; one NAPI per device here). */
	uint64_t irq_suspend_timeout;    /* ns */
	/* 802.1Q device: its lower device and tag, or NULL/0. */
	struct net_device *vlan_real_dev;
	uint16_t vlan_proto, vlan_id;
	/* __LINK_STATE_NOCARRIER and the sysfs carrier_up_count /
	 * carrier_down_count (net/core/dev.c's netif_carrier_on/off). */
	bool nocarrier;
	uint64_t carrier_up_count, carrier_down_count;
	/* Link-layer multicast addresses (dev->mc, dev_mc_add), and the
	 * driver's ndo_set_rx_mode, called when they change; priv is
	 * netdev_priv, the driver's. */
	uint8_t mc_addrs[NETDEV_MC_MAX][6];
	int mc_count;
	void (*ndo_set_rx_mode)(struct net_device *dev);
	/* ndo_vlan_rx_add_vid: an 802.1Q device on this one takes tag vid. */
	int (*ndo_vlan_rx_add_vid)(struct net_device *dev, uint16_t proto, uint16_t vid);
	void *priv;
	struct net_device *next;         /* net's device list */
};

/* NAPI state bits (napi_struct.state). */
enum {
	NAPI_STATE_SCHED = 1u << 0,   /* poll is scheduled or running */
	NAPI_STATE_MISSED = 1u << 1,  /* napi_schedule came while SCHED */
	NAPI_STATE_DISABLE = 1u << 2, /* napi_disable pending */
	NAPI_STATE_IN_BUSY_POLL = 1u << 3, /* owned by a busy-polling reader */
	NAPI_STATE_PREFER_BUSY_POLL = 1u << 4, /* a prefer-busy poller wants it back */
};

/* What GRO did on one instance (rxsim's counters; Linux keeps none). */
struct napi_gro_stats {
	uint64_t merged;        /* segments merged into a held packet */
	uint64_t flushed;       /* held packets sent up (napi_gro_complete) */
	uint64_t super_packets; /* ... of them with two or more segments */
	uint64_t max_segs;      /* most segments in one */
	/* why held packets went up: the flow (the next segment could not
	 * merge, or ended it: PSH, FIN, a short one, 64 KB), napi_gro_flush
	 * (napi_complete_done, a full poll, the gro_flush_timeout timer), or
	 * room for a new flow (gro_flush_oldest, MAX_GRO_SKBS held) */
	uint64_t flush_flow, flush_poll, flush_evict;
};

struct napi_struct {
	struct napi_struct *poll_next, *poll_prev; /* links on a poll list */
	void *on_list;                /* the list it is on, NULL = none */
	unsigned state;
	int weight;
	int (*poll)(struct napi_struct *napi, int budget);
	struct net_device *dev;
	int cpu;                      /* list owner */
	bool threaded;                /* polled by its own thread, not the softirq */
	uint32_t defer_hard_irqs_count;
	struct timer_list timer;      /* gro_flush_timeout deferral (napi_watchdog) */
	struct napi_struct *dev_next; /* dev->napi_list */
	/* GRO (gro.c): the packets held, newest first (Linux hashes flows into
	 * GRO_HASH_BUCKETS lists by skb->hash; e1000 sets none, so every flow
	 * is in bucket 0, the one list here), their number (MAX_GRO_SKBS at
	 * most) and what GRO did (struct napi_gro_stats). */
	struct sk_buff *gro_list;
	int gro_count;
	struct napi_gro_stats gro;
	/* statistics for tests and reports; polls_full: polls that used their
	 * whole budget (NAPI_HOWTO's "not done": the instance stays scheduled) */
	uint64_t poll_calls, poll_work, polls_full, complete_calls, deferred, missed, busy_polls;
	/* driver bugs a poll showed (napi.c: napi_check_poll): polls that did
	 * more work than their budget, polls that completed NAPI after using all
	 * of it; the first of either with its time, work and budget */
	uint64_t over_budget, done_at_full_budget;
	struct {
		uint64_t at_ns;
		int work, budget;
	} first_bad_poll;
};

#define NAPI_POLL_WEIGHT 64

/* Register / unregister a device on net (alloc_etherdev + register_netdev). */
struct net_device *register_netdev(struct net *net, const char *name, const uint8_t mac[6]);
/* The driver saw the link come up / go down (net/sched/sch_generic.c, Linux
 * 6.1): each counts a change only when the state changes. Receive does not
 * look at the carrier (netif_receive_skb does not); frames stop because the
 * wire has none. A device registers with carrier on. */
void netif_carrier_on(struct net_device *dev);
void netif_carrier_off(struct net_device *dev);
bool netif_carrier_ok(const struct net_device *dev);
/* dev_mc_add (net/core/dev_addr_lists.c, 6.1): adds a multicast address to
 * dev's list (once: a second add of the same address changes nothing) and
 * calls ndo_set_rx_mode; -1 when the list is full. */
int dev_mc_add(struct net_device *dev, const uint8_t addr[6]);
/* An 802.1Q (proto ETH_P_8021Q) or 802.1ad (ETH_P_8021AD) device on top of
 * real; real's driver is told its VID (register_vlan_dev -> vlan_vid_add ->
 * ndo_vlan_rx_add_vid, 6.1). NULL when the device or the filter refuses. */
struct net_device *register_vlan_dev(struct net_device *real, uint16_t proto, uint16_t vid, const char *name);

/* NAPI lifecycle: netif_napi_add leaves it disabled (SCHED held), as in the
 * kernel; napi_enable releases it.  napi_disable only when not scheduled. */
void netif_napi_add(struct net_device *dev, struct napi_struct *napi,
		    int (*poll)(struct napi_struct *, int), int weight);
void napi_enable(struct napi_struct *napi);
/* netif_napi_del: off the device's list, what GRO holds freed
 * (flush_gro_hash: QUEUE_PURGE).  Before the instance's memory goes. */
void netif_napi_del(struct napi_struct *napi);
void napi_disable(struct napi_struct *napi);

/* Hard-IRQ side: claim the instance (false if already scheduled: MISSED set). */
bool napi_schedule_prep(struct napi_struct *napi);
/* Put it on this CPU's poll list and raise NET_RX_SOFTIRQ. */
void __napi_schedule(struct napi_struct *napi);
static inline bool napi_schedule(struct napi_struct *napi)
{
	if (napi_schedule_prep(napi)) {
		__napi_schedule(napi);
		return true;
	}
	return false;
}
/* Poll side: done with work_done < budget.  Returns true if the driver may
 * re-enable interrupts; false when MISSED rescheduled it or when IRQ deferral
 * armed the gro_flush_timeout timer. */
bool napi_complete_done(struct napi_struct *napi, int work_done);

/* Busy polling (__napi_busy_loop, net/core/dev.c, Linux 6.13): the reader
 * polls the instance itself with `budget` (BUSY_POLL_BUDGET unless the
 * socket or epoll context sets one) and softirqs held off, until
 * loop_end(arg) returns true (loop_end NULL: one poll, a nonblocking
 * caller); then busy_poll_stop polls once more so the driver can complete
 * and unmask, scheduling the softirq if that poll used its whole budget.
 * With prefer_busy_poll, busy_poll_stop instead arms the NAPI timer for
 * irq_suspend_timeout (or, without it, gro_flush_timeout when
 * napi_defer_hard_irqs is set) and leaves the IRQ masked.  Each iteration
 * charges NAPI_POLL, so loop_end can bound the loop by time.  Returns
 * false, doing nothing, when the instance is scheduled or disabled (the
 * softirq owns it; with prefer_busy_poll it is then marked
 * NAPI_STATE_PREFER_BUSY_POLL, so the softirq hands it back).  Process
 * context only. */
bool napi_busy_loop(struct napi_struct *napi, bool (*loop_end)(void *arg), void *arg, bool prefer_busy_poll,
		    int budget);
/* IRQ suspension (Linux 6.13, net/core/dev.c), which epoll calls with
 * prefer_busy_poll set: napi_suspend_irqs (epoll_wait returned events)
 * re-arms the NAPI timer for irq_suspend_timeout, so the IRQ stays masked
 * while the application works; napi_resume_irqs (epoll found nothing and
 * will sleep) schedules the instance now, handing it back to the softirq
 * and napi_defer_hard_irqs/gro_flush_timeout.  Both do nothing when
 * irq_suspend_timeout is 0. */
void napi_suspend_irqs(struct napi_struct *napi);
void napi_resume_irqs(struct napi_struct *napi);
#define BUSY_POLL_BUDGET 8

/* Threaded NAPI (dev_set_threaded): scheduling wakes the instance's thread
 * through platform->wake_napi_thread instead of raising NET_RX_SOFTIRQ.
 * The thread calls napi_threaded_poll, one poll of `weight` with softirqs
 * held off; true means it used its whole weight and must be called again. */
void napi_set_threaded(struct napi_struct *napi, bool threaded);
bool napi_threaded_poll(struct napi_struct *napi);

/* Handing packets up (from poll, softirq context). */
enum { NET_RX_SUCCESS = 0, NET_RX_DROP = 1 };
int netif_receive_skb(struct sk_buff *skb);
/* gro_result_t (Linux 6.6). */
enum gro_result { GRO_MERGED, GRO_MERGED_FREE, GRO_HELD, GRO_NORMAL, GRO_CONSUMED };
/* GRO (gro.c, Linux 6.6 net/core/gro.c): a TCP/IPv4 segment merges into
 * the packet held for its flow, or is held itself, or (anything else, or
 * NETIF_F_GRO off) goes up now through netif_receive_skb.  Held packets go
 * up at napi_complete_done, at the end of a poll that used its whole
 * weight, and when the flow ends them. */
enum gro_result napi_gro_receive(struct napi_struct *napi, struct sk_buff *skb);
/* Send up the held packets; flush_old: only those held since an earlier
 * jiffy. */
void napi_gro_flush(struct napi_struct *napi, bool flush_old);
/* Pre-NAPI path (from the hard IRQ): per-CPU backlog. */
int netif_rx(struct sk_buff *skb);

/* L2 helpers the driver calls. */
uint16_t eth_type_trans(struct sk_buff *skb, struct net_device *dev);

/* All-protocol taps (ptype_all, e.g. a capture): called for every frame
 * received, read-only; must not keep the skb. */
typedef void (*ptype_tap_fn)(void *arg, const struct sk_buff *skb);
int dev_add_pack_all(struct net *net, ptype_tap_fn fn, void *arg);

#ifdef __cplusplus
}
#endif
#endif
