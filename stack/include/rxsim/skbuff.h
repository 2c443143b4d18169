/* struct sk_buff: one buffer descriptor for every layer, its pool, and the
 * record of where each one ended (its fate). */
#ifndef RXSIM_SKBUFF_H
#define RXSIM_SKBUFF_H

#include <stddef.h>
#include <stdint.h>

#include "rxsim/platform.h"

#ifdef __cplusplus
extern "C" {
#endif

struct net_device;
struct napi_struct;

/* Why an skb was freed.  Names follow the kernel's enum skb_drop_reason;
 * those marked (rxsim) have no exact kernel twin. */
#define SKB_DROP_REASON_LIST(X)                                              \
	X(NOT_SPECIFIED)                                                     \
	X(CONSUMED)          /* consume_skb: absorbed, not a drop */         \
	X(NO_SOCKET)                                                         \
	X(PKT_TOO_SMALL)                                                     \
	X(DEV_HDR)           /* shorter than an Ethernet header */           \
	X(UNHANDLED_PROTO)   /* no ptype_base handler for the ethertype */   \
	X(CPU_BACKLOG)       /* netif_rx: backlog above netdev_max_backlog */\
	X(OTHERHOST)                                                         \
	X(NETFILTER_DROP)                                                    \
	X(IP_CSUM)                                                           \
	X(IP_INHDR)                                                          \
	X(IP_INADDRERRORS)   /* not local and forwarding is off */           \
	X(IP_INVALID_SOURCE)                                                 \
	X(IP_INVALID_DEST)                                                   \
	X(IP_NOPROTO)                                                        \
	X(DUP_FRAG)                                                          \
	X(FRAG_REASM_TIMEOUT)                                                \
	X(FRAG_OVERLAP)      /* (rxsim) RFC 5722 overlap: queue killed */    \
	X(FRAG_INVALID)      /* (rxsim) inconsistent length: queue killed */ \
	X(FRAG_TOO_BIG)      /* (rxsim) reassembled datagram > 65535 */      \
	X(NOMEM)             /* reassembly memory above ipfrag_high_thresh */\
	X(IPV6_BAD_EXTHDR)                                                   \
	X(IPV6_FRAG)         /* (rxsim) IPv6 reassembly is not modeled */    \
	X(UDP_CSUM)                                                          \
	X(TCP_CSUM)                                                          \
	X(TCP_OLD_DATA)                                                      \
	X(TCP_OFO_DROP)      /* out-of-order data already received */       \
	X(TCP_OFOMERGE)      /* out-of-order segment the queue already had */ \
	X(TCP_OFO_QUEUE_PRUNE) /* pruned from the out-of-order queue */      \
	X(PROTO_MEM)         /* TCP: receive memory over sk_rcvbuf */        \
	X(ICMP_CSUM)                                                         \
	X(INVALID_PROTO)     /* e.g. ICMP echo to broadcast, ignored */      \
	X(SOCKET_RCVBUFF)                                                    \
	X(SOCKET_CLOSE)                                                      \
	X(QUEUE_PURGE)       /* still queued inside the stack at teardown */

enum skb_drop_reason {
#define SKB_DR_ENUM(n) SKB_DROP_REASON_##n,
	SKB_DROP_REASON_LIST(SKB_DR_ENUM)
#undef SKB_DR_ENUM
	SKB_DROP_REASON_MAX
};
#define SKB_CONSUMED SKB_DROP_REASON_CONSUMED

const char *skb_drop_reason_name(enum skb_drop_reason r);

/* Where an skb ended. */
enum skb_fate {
	SKB_FATE_READ,     /* delivered to a socket and read by the application */
	SKB_FATE_QUEUED,   /* delivered to a socket, still queued at teardown */
	SKB_FATE_OFO_QUEUED, /* in a TCP socket's out-of-order queue at teardown,
				behind a hole that never filled */
	SKB_FATE_CONSUMED, /* absorbed by a protocol (ARP, ICMP, TCP control,
			      fragment merged into its datagram) */
	SKB_FATE_DROPPED,  /* freed with a drop reason */
	SKB_FATE__COUNT
};
const char *skb_fate_name(enum skb_fate f);

/* Timestamps taken as a packet crosses the stack (ns, 0 = not reached). */
enum skb_stage {
	SKB_STAGE_ALLOC,    /* netdev_alloc_skb */
	SKB_STAGE_BACKLOG,  /* netif_rx enqueue */
	SKB_STAGE_RECEIVE,  /* __netif_receive_skb_core */
	SKB_STAGE_L3,       /* ip_rcv / ipv6_rcv / arp_rcv */
	SKB_STAGE_L4,       /* udp_rcv / tcp_v4_rcv / icmp_rcv */
	SKB_STAGE_SOCKET,   /* socket receive queue */
	SKB_STAGE_FREE,     /* read, dropped or consumed */
	SKB_STAGE__COUNT
};

/* ip_summed values from the driver's checksum status. */
enum { CHECKSUM_NONE = 0, CHECKSUM_UNNECESSARY = 1 };

enum { RTCF_BROADCAST = 1, RTCF_MULTICAST = 2 };

/* pkt_type set by eth_type_trans. */
enum { PACKET_HOST = 0, PACKET_BROADCAST, PACKET_MULTICAST, PACKET_OTHERHOST };

#define ETH_P_IP     0x0800
#define ETH_P_ARP    0x0806
#define ETH_P_8021Q  0x8100
#define ETH_P_8021AD 0x88A8
#define ETH_P_IPV6   0x86DD
#define ETH_P_802_3  0x0001
#define ETH_P_802_2  0x0004
#define ETH_HLEN     14
#define VLAN_HLEN    4

/* Headroom netdev_alloc_skb reserves (NET_SKB_PAD) and the x86-64 sizes that
 * make up truesize: SKB_TRUESIZE(X) = X + aligned sk_buff + aligned shinfo. */
#define NET_SKB_PAD             64
#define NET_IP_ALIGN            2
#define SKB_DATA_ALIGN(x)       (((x) + 63u) & ~63u)
#define SKB_STRUCT_TRUESIZE     256u /* SKB_DATA_ALIGN(sizeof(struct sk_buff)) */
#define SKB_SHINFO_TRUESIZE     320u /* SKB_DATA_ALIGN(sizeof(struct skb_shared_info)) */

struct sk_buff {
	struct sk_buff *next;         /* queue link */
	struct net_device *dev;
	struct net *net;

	unsigned char *head;          /* buffer start */
	unsigned char *data;          /* current layer's start */
	uint32_t len;                 /* bytes from data to tail */
	uint32_t tail, end;           /* offsets from head */
	uint16_t mac_header, network_header, transport_header; /* offsets from head */
	uint32_t truesize;            /* memory charged to sockets */

	uint16_t protocol;            /* host order ethertype (eth_type_trans) */
	uint8_t pkt_type;             /* PACKET_* */
	uint8_t ip_summed;            /* CHECKSUM_* for the L4 checksum */
	uint8_t ip_hdr_csum_ok;       /* hardware verified the IPv4 header sum */
	uint8_t vlan_present;         /* vlan_tci/vlan_proto hold a tag */
	uint16_t vlan_proto;
	uint16_t vlan_tci;
	uint8_t rt_flags;             /* RTCF_BROADCAST / RTCF_MULTICAST (ip_rcv_finish) */

	uint64_t id;                  /* stack-wide packet id, from 1 */
	uint64_t trace_id;            /* free for the simulator (wire packet id) */
	uint64_t tstamp[SKB_STAGE__COUNT];
	uint32_t frag_off_bytes;      /* ip_defrag: fragment offset (bytes) */
	uint32_t frag_end;            /* ip_defrag: end offset (bytes) */
	uint32_t rx_len;              /* length when it entered the stack */
	uint32_t sock_id;             /* socket it was queued to, 0 = none */
	int32_t socket_ctx;           /* platform context_id where it was queued, 0 = none */
	uint32_t data_off;            /* reader: bytes already read (TCP) */
	uint32_t buf_size;            /* size of the buffer at head */
	uint8_t buf_class;            /* pool size class */
	/* napi_build_skb: head is the caller's buffer, given back through
	 * head_free(head_free_ctx, head) when the skb is freed; NULL: the
	 * pool's own buffer of buf_class. */
	void (*head_free)(void *ctx, unsigned char *head);
	void *head_free_ctx;
	/* TCP_SKB_CB: sequence space the segment takes (end_seq counts a FIN)
	 * and its flags, set by tcp_v4_rcv for the out-of-order queue. */
	uint32_t seq, end_seq;
	uint8_t tcp_flags;
	/* GRO: the segments merged into this one (skb_shinfo(skb)->frag_list),
	 * and NAPI_GRO_CB (include/net/gro.h, Linux 6.6) while GRO looks at it
	 * or holds it.  Departure: Linux keeps each segment's payload where it
	 * is (frags, frag_list); here it is copied to the end of the first
	 * segment's linear buffer, so every layer above reads one buffer, and
	 * the merged skbs ride on frag_list only to end with the super-packet
	 * (each wire frame keeps its own fate record). */
	struct sk_buff *frag_list;
	struct {
		struct sk_buff *last;  /* the last skb on frag_list (the head while none) */
		uint64_t age;          /* jiffies when it was held */
		uint32_t data_offset;  /* skb_gro_offset: header bytes parsed past data */
		uint32_t gso_size;     /* the first segment's payload: the flow's mss */
		uint16_t count;        /* segments in it */
		uint16_t flush_id;     /* IP ID check, settled by the transport layer */
		uint8_t same_flow, flush, is_atomic;
	} gro;
};

/* Buffer arithmetic. */
static inline unsigned char *skb_tail_pointer(const struct sk_buff *skb) { return skb->head + skb->tail; }
static inline unsigned char *skb_end_pointer(const struct sk_buff *skb) { return skb->head + skb->end; }
static inline uint32_t skb_headroom(const struct sk_buff *skb) { return (uint32_t)(skb->data - skb->head); }
static inline uint32_t skb_tailroom(const struct sk_buff *skb) { return skb->end - skb->tail; }
/* These abort on misuse (like the kernel's skb_over_panic): callers check room. */
unsigned char *skb_put(struct sk_buff *skb, uint32_t len);
unsigned char *skb_push(struct sk_buff *skb, uint32_t len);
/* Returns the new data pointer, or NULL (nothing changed) if len > skb->len. */
unsigned char *skb_pull(struct sk_buff *skb, uint32_t len);
void skb_reserve(struct sk_buff *skb, uint32_t len);
/* Shrink to len bytes (no-op if already shorter). */
void skb_trim(struct sk_buff *skb, uint32_t len);
/* Is there len bytes of data at skb->data? (pskb_may_pull on a linear skb) */
static inline int pskb_may_pull(const struct sk_buff *skb, uint32_t len) { return len <= skb->len; }

static inline void skb_reset_mac_header(struct sk_buff *skb) { skb->mac_header = (uint16_t)(skb->data - skb->head); }
static inline void skb_reset_network_header(struct sk_buff *skb) { skb->network_header = (uint16_t)(skb->data - skb->head); }
static inline void skb_reset_transport_header(struct sk_buff *skb) { skb->transport_header = (uint16_t)(skb->data - skb->head); }
static inline unsigned char *skb_mac_header(const struct sk_buff *skb) { return skb->head + skb->mac_header; }
static inline unsigned char *skb_network_header(const struct sk_buff *skb) { return skb->head + skb->network_header; }
static inline unsigned char *skb_transport_header(const struct sk_buff *skb) { return skb->head + skb->transport_header; }
static inline uint32_t skb_network_offset(const struct sk_buff *skb) { return (uint32_t)(skb->data - skb_network_header(skb)); }

/* Allocation: a linear buffer with NET_SKB_PAD headroom and room for len
 * bytes; NULL on (injected) failure, counted in the pool stats. */
struct sk_buff *netdev_alloc_skb(struct net_device *dev, uint32_t len);
/* Same, plus NET_IP_ALIGN so the IP header lands aligned. */
struct sk_buff *netdev_alloc_skb_ip_align(struct net_device *dev, uint32_t len);
struct sk_buff *napi_alloc_skb(struct napi_struct *napi, uint32_t len);
/* build_skb / napi_build_skb (Linux 6.6 net/core/skbuff.c; the napi
 * variant's per-CPU cache is not modeled), with the device the frame came
 * in on: an skb around a buffer the caller has (a driver's receive buffer, handed up whole instead of copied):
 * frag_size bytes at data, of which the last SKB_SHINFO_TRUESIZE are the
 * shared info (the data area and truesize as build_skb computes them; the
 * caller reserves its headroom).  The buffer is the skb's until it is freed,
 * then free_head(ctx, data) gives it back (skb_free_frag of the page
 * fragment).  NULL on (injected) failure, the buffer still the caller's. */
struct sk_buff *build_skb(struct net_device *dev, void *data, uint32_t frag_size,
			  void (*free_head)(void *ctx, unsigned char *head), void *ctx);
/* Allocation not tied to a device (tests, fuzzer). */
struct sk_buff *alloc_skb(struct net *net, uint32_t len);

/* Free with a reason: records the fate, counts the reason. */
void kfree_skb_reason(struct sk_buff *skb, enum skb_drop_reason reason);
static inline void kfree_skb(struct sk_buff *skb) { kfree_skb_reason(skb, SKB_DROP_REASON_NOT_SPECIFIED); }
/* Free after successful processing (fate CONSUMED). */
void consume_skb(struct sk_buff *skb);

/* Tags set by the driver from the descriptor. */
static inline void __vlan_hwaccel_put_tag(struct sk_buff *skb, uint16_t proto, uint16_t tci)
{
	skb->vlan_proto = proto;
	skb->vlan_tci = tci;
	skb->vlan_present = 1;
}

/* Pool statistics (leak accounting: allocated == freed + live). */
struct skb_pool_stats {
	uint64_t allocated;    /* successful allocations */
	uint64_t freed;
	uint64_t live;
	uint64_t alloc_failed; /* injected or limit failures */
	uint64_t live_max;
};

/* One finished packet, as reported to the simulator. */
struct skb_fate_record {
	uint64_t id, trace_id;
	enum skb_fate fate;
	enum skb_drop_reason reason;  /* CONSUMED unless fate is DROPPED */
	uint32_t ifindex;             /* device it arrived on, 0 = none */
	uint32_t sock_id;             /* socket it reached, 0 = none */
	int32_t socket_ctx;           /* context_id it reached it in, 0 = none */
	uint32_t len;                 /* bytes when it entered the stack */
	uint64_t merged_into;         /* CONSUMED fragment: id of its datagram;
				       * GRO segment: id of its super-packet */
	uint64_t tstamp[SKB_STAGE__COUNT];
};

#ifdef __cplusplus
}
#endif
#endif
