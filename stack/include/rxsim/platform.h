/* The only door between the receive stack and the rest of the simulator.
 *
 * The stack never sleeps, never reads a clock of its own and keeps no globals:
 * time, CPU cost, timers and thread wake-ups all go through this table, which
 * the SystemC host-CPU model implements (and tests implement with a fake). */
#ifndef RXSIM_PLATFORM_H
#define RXSIM_PLATFORM_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct net;
struct sock;
struct napi_struct;

/* Named steps the stack charges; the CPU model maps each to nanoseconds from
 * its cost table.  `count` is 1 unless the comment says bytes. */
#define RX_COST_LIST(X)                                                       \
	X(HARDIRQ_ENTRY)      /* irq_enter: taking a hard interrupt */           \
	X(SOFTIRQ_ENTRY)      /* __do_softirq: one pass over pending bits */     \
	X(NET_RX_ACTION)      /* net_rx_action: one invocation */               \
	X(NAPI_POLL)          /* napi_poll: calling one instance's poll */       \
	X(DRIVER_POLL_PKT)    /* driver clean_rx loop, per descriptor (driver) */\
	X(SKB_ALLOC)          /* netdev_alloc_skb / napi_alloc_skb */            \
	X(SKB_FREE)           /* kfree_skb_reason / consume_skb */               \
	X(NAPI_SCHEDULE)      /* __napi_schedule */                              \
	X(NAPI_COMPLETE)      /* napi_complete_done */                           \
	X(NETIF_RX)           /* netif_rx: backlog enqueue */                    \
	X(GRO_RECEIVE)        /* napi_gro_receive */                             \
	X(NETIF_RECEIVE_SKB)  /* __netif_receive_skb_core */                     \
	X(PTYPE_TAP)          /* one ptype_all tap delivery */                   \
	X(VLAN_UNTAG)         /* skb_vlan_untag / vlan_do_receive */             \
	X(ARP_RCV)                                                               \
	X(IP_RCV)             /* ip_rcv + ip_rcv_finish */                       \
	X(NF_HOOK)            /* one netfilter hook traversal with rules */      \
	X(IP_DEFRAG)          /* ip_defrag, per fragment */                      \
	X(IP_LOCAL_DELIVER)                                                      \
	X(IPV6_RCV)                                                              \
	X(UDP_RCV)                                                               \
	X(TCP_V4_RCV)                                                            \
	X(ICMP_RCV)                                                              \
	X(CSUM_BYTES)         /* software checksum; count = bytes summed */      \
	X(SOCK_QUEUE_RCV_SKB) /* socket enqueue + sk_data_ready */               \
	X(SOCK_RECV)          /* reader: recv of one datagram/segment */         \
	X(COPY_TO_USER)       /* reader copy; count = bytes */

enum rx_cost {
#define RX_COST_ENUM(n) RX_COST_##n,
	RX_COST_LIST(RX_COST_ENUM)
#undef RX_COST_ENUM
	RX_COST__COUNT
};

/* A one-shot timer.  The stack fills `expires` (absolute ns) and `function`
 * and calls platform->timer_arm; at that time the platform calls
 * timer_expire(net, t), which runs `function` in hard-IRQ context. */
struct timer_list {
	uint64_t expires;
	void (*function)(struct timer_list *t);
	bool pending;     /* armed and not yet fired or cancelled */
	void *plat;       /* free for the platform's bookkeeping */
};

struct rx_platform {
	void *ctx;
	/* Current simulated time in ns. */
	uint64_t (*now_ns)(void *ctx);
	/* CPU the caller runs on (index into the net's softnet_data); NULL = CPU 0. */
	int (*this_cpu)(void *ctx);
	/* Account CPU time for a step.  The platform may take a pending hard IRQ
	 * inside this call (irq_enter ... handler ... irq_exit), so the stack only
	 * charges at points where its state is consistent. */
	void (*charge)(void *ctx, enum rx_cost item, uint32_t count);
	/* Arm (or re-arm) / cancel a timer; t->expires is absolute ns. */
	void (*timer_arm)(void *ctx, struct timer_list *t);
	void (*timer_cancel)(void *ctx, struct timer_list *t);
	/* Make ksoftirqd of `cpu` runnable; the platform later calls
	 * run_ksoftirqd(net, cpu) from that thread, which stays runnable until
	 * that returns false (the stack's ksoftirqd_running() counts on it). */
	void (*wake_ksoftirqd)(void *ctx, int cpu);
	/* Threaded NAPI: make napi's kernel thread runnable; the platform then
	 * calls napi_threaded_poll(napi) from it while that returns true. */
	void (*wake_napi_thread)(void *ctx, struct napi_struct *napi);
	/* A reader blocked on sk (sock_wait) has data or must retry. */
	void (*wake_reader)(void *ctx, struct sock *sk);
	/* Optional: the running softirq should yield (need_resched()). */
	bool (*need_resched)(void *ctx);
	/* Optional (a timeline; NULL when none is written): a function of the
	 * receive path begins / ends on the running CPU; at its end, the work it
	 * did and its budget where it has them (-1: none). */
	void (*fn_begin)(void *ctx, const char *fn);
	void (*fn_end)(void *ctx, const char *fn, int work, int budget);
	/* Optional (a timeline): the running context (CPU and hard IRQ, softirq
	 * or thread) as a number > 0, stamped where a packet joins a socket's
	 * queue, so the timeline can put that stage on the right track. */
	int (*context_id)(void *ctx);
};

#ifdef __cplusplus
}
#endif
#endif
