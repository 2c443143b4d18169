/* rxdriver: an e1000-style receive driver for the rxsim NIC.
 *
 * Modeled on Linux drivers/net/ethernet/intel/e1000 (probe/open/close,
 * e1000_intr, the NAPI poll e1000_clean, e1000_clean_rx_irq, adaptive
 * interrupt throttling, ethtool -g/-c, statistics).  Every register access
 * goes through er32()/ew32() over struct e1000_bus_ops, and rings and buffers
 * come from its DMA calls: whatever platform fills the table runs the driver. */
#ifndef RXDRIVER_E1000_H
#define RXDRIVER_E1000_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rxsim/rxstack.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A bus address, as the NIC sees host memory. */
typedef uint64_t dma_addr_t;

/* What the platform gives the driver, ctx standing for its struct device:
 * MMIO (the only path to the NIC's registers, byte offsets from nic_regs.h)
 * and DMA memory. */
struct e1000_bus_ops {
	void *ctx;
	uint32_t (*read32)(void *ctx, uint32_t reg);
	void (*write32)(void *ctx, uint32_t reg, uint32_t val);
	/* Optional (dma_rmb / dma_sync_*_for_cpu): make the NIC's DMA writes
	 * that are visible by now readable before descriptors are read. */
	void (*dma_sync_for_cpu)(void *ctx);
	/* Linux's dma_alloc_coherent/dma_free_coherent: zeroed, page aligned
	 * (which also meets the 8254x's 128-byte ring alignment); the CPU
	 * pointer, or NULL, and the bus address in *dma_handle.  No gfp_t: the
	 * driver allocates only at ifup (GFP_KERNEL), and no platform sleeps. */
	void *(*dma_alloc_coherent)(void *ctx, size_t size, dma_addr_t *dma_handle);
	void (*dma_free_coherent)(void *ctx, size_t size, void *cpu_addr, dma_addr_t dma_handle);
	/* schedule_delayed_work(&adapter->watchdog_task, delay): the platform
	 * calls e1000_watchdog `delay` jiffies (E1000_HZ a second) from now, in
	 * process context; false, and nothing changes, when it is already
	 * queued. */
	bool (*schedule_delayed_work)(void *ctx, unsigned long delay);
};

/* The kernel's HZ the driver's delays count in (jiffies). */
#define E1000_HZ 250u

typedef enum { IRQ_NONE = 0, IRQ_HANDLED = 1 } irqreturn_t;

/* InterruptThrottleRate (e1000_param.c): these modes, or a fixed rate. */
enum {
	E1000_ITR_OFF = 0,
	E1000_ITR_DYNAMIC = 1,
	E1000_ITR_DYNAMIC_CONSERVATIVE = 3,
	E1000_ITR_SIMPLIFIED = 4,
};
#define E1000_MIN_ITR_RATE 100u
#define E1000_MAX_ITR_RATE 100000u
/* ethtool -C rx-usecs limits (E1000_MIN/MAX_ITR_USECS). */
#define E1000_MIN_ITR_USECS 10u
#define E1000_MAX_ITR_USECS 10000u

/* Ring size limits (ethtool -g) and rounding. */
#define E1000_MIN_RXD 80u
#define E1000_MAX_RXD 4096u
#define E1000_REQ_RX_DESCRIPTOR_MULTIPLE 8u
#define E1000_DEFAULT_RXD 256u
/* Return cleaned descriptors to hardware in groups of this many. */
#define E1000_RX_BUFFER_WRITE 16
#define E1000_DEFAULT_RX_BUFFER_LEN 2048u
#define E1000_DEFAULT_COPYBREAK 256u
/* E1000_HEADROOM (NET_SKB_PAD + NET_IP_ALIGN, the latter 0 on x86): room
 * before the bytes the NIC writes, for the skb napi_build_skb makes around
 * the buffer; the NIC writes at a cache-line boundary. */
#define E1000_HEADROOM NET_SKB_PAD
/* (rxsim) Receive buffers beyond the ring's own by default: what the stack
 * may hold of them (sockets, backlog, reassembly) before a refill fails. */
#define E1000_RX_POOL_SPARE 2048u
/* RxIntDelay / RxAbsIntDelay defaults (e1000_param.c DEFAULT_RDTR/RADV). */
#define E1000_DEFAULT_RDTR 0u
#define E1000_DEFAULT_RADV 8u
/* Pre-NAPI handler: clean passes per interrupt (E1000_MAX_INTR). */
#define E1000_MAX_INTR 10
/* Ethernet FCS the driver strips (RCTL.SECRC stays clear, as in e1000). */
#define E1000_FCS_LEN 4u
/* MTU: ETH_DATA_LEN; above it RCTL.LPE and the jumbo receive path, up to
 * the netdev's max_mtu, MAX_JUMBO_FRAME_SIZE (0x3F00) less header and FCS. */
#define E1000_DEFAULT_MTU 1500u
#define E1000_MIN_MTU 68u
#define E1000_MAX_MTU (0x3F00u - 14u - E1000_FCS_LEN)
/* The longest frame the MAC stores with RCTL.LPE (FCS included): what a
 * chain of descriptors can hold. */
#define E1000_MAX_RX_FRAME 16384u
/* MAXIMUM_ETHERNET_VLAN_SIZE: a full-size frame with a tag and FCS. */
#define E1000_MAX_VLAN_FRAME 1522u
/* PBA.RXA, the receive share of the 64 KB packet buffer in KB: a multiple
 * of 8 (8254x SDM 13.4.16).  Linux's e1000_reset starts from E1000_PBA_48K
 * on the 82540/82545/82546 (the register's reset value); rxsim's default is
 * 32 KB. */
#define E1000_PBA_8K 0x0008u
#define E1000_PBA_32K 0x0020u
#define E1000_PBA_48K 0x0030u
#define E1000_PBA_64K 0x0040u

/* Probe-time options: the module parameters and netdev settings. */
struct e1000_options {
	const char *name;               /* "eth0" */
	uint8_t mac[6];                 /* station address -> RAL/RAH[0] */
	uint32_t rx_ring_count;         /* RxDescriptors: 80..4096, rounded up to 8 */
	uint32_t rx_buffer_len;         /* 256, 512, 1024, 2048, 4096, 8192 or 16384 */
	uint32_t mtu;                   /* netdev MTU, 68..16110: > 1500 sets RCTL.LPE */
	uint32_t interrupt_throttle_rate; /* 0, 1, 3, 4 or 100..100000 ints/s */
	uint16_t rx_int_delay;          /* RxIntDelay -> RDTR (1.024 us units) */
	uint16_t rx_abs_int_delay;      /* RxAbsIntDelay -> RADV */
	uint32_t copybreak;             /* frames up to this many bytes are copied */
	uint8_t pthresh, hthresh, wthresh; /* RXDCTL */
	uint32_t pba;                   /* PBA.RXA in KB: E1000_PBA_8K..64K, a multiple of 8 */
	bool rx_csum;                   /* RXCSUM offload (NETIF_F_RXCSUM) */
	bool vlan_rx;                   /* CTRL.VME: tag stripped into the descriptor */
	bool promisc;                   /* IFF_PROMISC: RCTL.UPE | MPE (e1000_set_rx_mode) */
	bool napi;                      /* false: pre-NAPI (netif_rx from the IRQ) */
	/* e1000_intr as in Linux 2.6.12: napi_schedule_prep first, and only
	 * when it succeeds IMC = ~0 (not flushed); an interrupt while the poll
	 * is scheduled changes nothing.  false: today's (6.x) order, mask and
	 * flush first, unmask when the poll was already scheduled. */
	bool napi_prep_before_mask;
	int napi_weight;                /* netif_napi_add weight */
	/* (rxsim) Buffers in the receive pool, the memory e1000_alloc_frag
	 * draws from: 0 = rx_ring_count + E1000_RX_POOL_SPARE; at least
	 * rx_ring_count. */
	uint32_t rx_pool_count;
};
/* Fills the defaults (e1000_param.c's and the netdev's). */
void e1000_default_options(struct e1000_options *o);

/* Adaptive ITR classes (e1000_update_itr). */
enum e1000_latency_range {
	lowest_latency = 0, /* 70000 ints/s */
	low_latency = 1,    /* 20000 ints/s */
	bulk_latency = 2,   /* 4000 ints/s */
};

/* The NIC's read-to-clear counters, accumulated to 64 bits. */
struct e1000_hw_stats {
	uint64_t crcerrs, rxerrc, mpc;
	uint64_t prc64, prc127, prc255, prc511, prc1023, prc1522;
	uint64_t gprc, bprc, mprc, gorc, rnbc, ruc, rfc, roc, rjc, tor, tpr;
	uint64_t xfltc, xdisc;
};

/* The driver's own counters (ethtool -S). */
struct e1000_drv_stats {
	uint64_t alloc_rx_buff_failed; /* a buffer (refill), copybreak or build_skb skb allocation failed */
	uint64_t hw_csum_err;          /* TCPE/IPE: left to the stack to verify */
	uint64_t hw_csum_good;         /* TCPCS without TCPE: CHECKSUM_UNNECESSARY */
	uint64_t rx_frame_err_drops;   /* errors byte had CE/SE/SEQ/CXE/RXE */
	uint64_t rx_no_eop_drops;      /* frames spread over several descriptors (not jumbo) */
	uint64_t rx_copybreak;         /* frames copied into a small skb, the buffer kept */
	uint64_t rx_build_skb;         /* (rxsim) frames handed up in their buffer (napi_build_skb) */
	uint64_t interrupts;           /* e1000_intr calls with a cause */
	uint64_t interrupts_none;      /* e1000_intr calls with ICR = 0 */
	uint64_t napi_schedule_missed; /* IRQ while the poll was scheduled */
	uint64_t itr_changes;          /* ITR register rewrites by e1000_set_itr */
};

/* `ethtool -S`: what the report shows. */
struct e1000_ethtool_stats {
	struct rtnl_link_stats64 net;  /* netdev stats after the mapping */
	struct e1000_hw_stats hw;
	struct e1000_drv_stats drv;
	uint32_t itr;                  /* current interrupts/s (0 = off) */
};

/* Ownership of one descriptor slot, tracked for the invariant checks. */
enum e1000_owner {
	E1000_OWN_DRIVER = 0, /* cleaned or never filled */
	E1000_OWN_READY,      /* filled, not yet behind RDT */
	E1000_OWN_HW,         /* given to hardware by an RDT write */
};

/* A slot's buffer (rxbuf.data): a frame above copybreak goes up the stack
 * in it (napi_build_skb) and the refill gives the slot another from the
 * pool; at or below copybreak the frame is copied and the buffer stays. */
struct e1000_rx_buffer {
	uint8_t *buf;         /* where the NIC writes (past E1000_HEADROOM); NULL: none */
	dma_addr_t dma;       /* its bus address, written into the descriptor */
	uint32_t id;          /* the buffer's index in the pool */
	uint8_t owner;        /* enum e1000_owner */
};

/* The receive buffers' memory, the page fragments e1000_alloc_frag takes in
 * Linux: one DMA region of `count` buffers of `stride` bytes (E1000_HEADROOM,
 * then rx_buffer_len for the NIC).  A buffer is in a ring slot (slot[id]),
 * in an skb up the stack (`up` of them), or free.  Its own allocation: the
 * skbs up the stack outlive ifdown, and the last one frees it. */
struct e1000_rx_pool {
	struct e1000_bus_ops bus;
	uint8_t *mem;
	dma_addr_t dma;
	size_t size;
	uint32_t stride, count;
	uint32_t *free_ids, free_count;
	int32_t *slot;        /* ring slot holding each buffer, -1 for none */
	uint32_t up;
	bool released;        /* the driver let go (ifdown): freed when up is 0 */
};
/* The pool buffer a bus address lies in (anywhere in its stride), or -1. */
static inline int64_t e1000_rx_pool_buffer(const struct e1000_rx_pool *p, uint64_t addr)
{
	if (!p || addr < p->dma || addr >= p->dma + p->size)
		return -1;
	return (int64_t)((addr - p->dma) / p->stride);
}

struct e1000_rx_ring {
	uint8_t *desc;        /* count legacy descriptors in host memory */
	dma_addr_t dma;
	size_t size;          /* bytes */
	uint32_t count;
	uint32_t next_to_use, next_to_clean;
	uint32_t rdt;         /* last value written to RDT */
	struct e1000_rx_buffer *buffer_info;
	struct e1000_rx_pool *pool;
	/* e1000_clean_jumbo_rx_irq's rx_skb_top: a frame over several
	 * descriptors, its buffers' bytes copied here in order until its EOP
	 * (E1000_MAX_RX_FRAME bytes; the kernel chains the pages instead). */
	uint8_t *chain;
	uint32_t chain_len, chain_descs, chain_first, chain_first_len;
};

/* What happened to one received frame, for the simulator's accounting (its
 * bytes tell which wire frame it was: the whole frame, or for a frame
 * dropped over several descriptors its first buffer only, `partial`). */
enum e1000_rx_fate {
	E1000_RX_PASSED,      /* handed to the stack: skb is valid */
	E1000_RX_FRAME_ERROR, /* dropped: frame error bits */
	E1000_RX_NO_EOP,      /* dropped: spread over several descriptors */
	/* No skb for a frame is no drop: the poll stops there and the frame
	 * waits for the next one (alloc_rx_buff_failed). */
};
struct e1000_rx_event {
	enum e1000_rx_fate fate;
	uint32_t desc;        /* descriptor index (a whole chained frame: its EOP's) */
	const uint8_t *data;  /* its bytes in host memory (a chain: as gathered) */
	uint16_t length;      /* bytes at data (FCS included) */
	uint16_t descs;       /* descriptors the frame took */
	bool partial;         /* data is only the frame's first buffer */
	uint8_t status, errors;
	struct sk_buff *skb;  /* PASSED: set trace_id here, before the stack runs */
};
struct e1000_rx_hooks {
	void *ctx;
	void (*rx_event)(void *ctx, const struct e1000_rx_event *ev);
};

struct e1000_adapter {
	struct e1000_bus_ops bus;
	struct rx_platform plat;      /* CPU cost of driver steps (charge may be NULL) */
	struct net_device *netdev;
	struct napi_struct napi;
	struct e1000_options opt;     /* validated */
	struct e1000_rx_ring rx_ring;
	struct e1000_rx_hooks hooks;

	uint32_t rctl;                /* RCTL value with EN */
	uint32_t active_vlans[128];   /* VIDs of the VLAN devices above: VFTA's image */
	/* Interrupt throttling: itr_setting is the mode (or the fixed rate with
	 * its two low bits cleared), itr the current rate in ints/s. */
	uint32_t itr_setting, itr;
	uint8_t rx_itr;               /* enum e1000_latency_range */
	uint32_t total_rx_packets, total_rx_bytes; /* since the interrupt */
	bool link_1000;               /* STATUS.SPEED at 1000 Mb/s or above */
	bool get_link_status;         /* LSC/RXSEQ seen, or no link: the watchdog reads STATUS */
	uint64_t gorc_last;           /* simplified mode: octets at the last watchdog */

	bool open, down, discarding;
	bool jumbo;                   /* frames may span descriptors: the jumbo receive path */
	struct e1000_hw_stats stats;
	struct e1000_drv_stats drv;

	/* Invariant violations (descriptor ownership); the first is kept. */
	uint64_t violations;
	char violation[160];
};

/* Probe: validate options, mask and clear interrupts, register the net
 * device (and its NAPI instance unless pre-NAPI).  plat may be NULL.  NULL
 * on allocation failure. */
struct e1000_adapter *e1000_probe(const struct e1000_bus_ops *bus, struct net *net,
				  const struct rx_platform *plat, const struct e1000_options *opt);
/* Closes if open and frees the adapter (the net_device stays with net). */
void e1000_remove(struct e1000_adapter *adapter);
/* ifup: ring and buffers, registers, interrupts.  0 or -ENOMEM. */
int e1000_open(struct e1000_adapter *adapter);
/* ifdown: receiver off, interrupts masked, NAPI off, everything freed. */
int e1000_close(struct e1000_adapter *adapter);

/* The hard-IRQ handler (the platform calls it between irq_enter/irq_exit). */
irqreturn_t e1000_intr(struct e1000_adapter *adapter);
/* The NAPI poll. */
int e1000_clean(struct napi_struct *napi, int budget);
/* The watchdog task: carrier, statistics, ITR mode 4; queues itself 2 s on. */
void e1000_watchdog(struct e1000_adapter *adapter);

/* Adaptive interrupt throttling. */
enum e1000_latency_range e1000_update_itr(enum e1000_latency_range itr_setting,
					  uint32_t packets, uint32_t bytes);
void e1000_set_itr(struct e1000_adapter *adapter);
/* ITR register value for a rate in interrupts/s (1e9 / (rate * 256)). */
uint32_t e1000_itr_reg(uint32_t ints_per_sec);
/* Mode 4: the rate from received and transmitted octets of a period. */
uint32_t e1000_simple_itr(uint64_t gorc, uint64_t gotc);

/* ethtool -g / -G. */
struct e1000_ringparam {
	uint32_t rx_max_pending, rx_pending;
};
void e1000_get_ringparam(const struct e1000_adapter *adapter, struct e1000_ringparam *ring);
int e1000_set_ringparam(struct e1000_adapter *adapter, const struct e1000_ringparam *ring);
/* ethtool -c / -C: rx-usecs (0 off, 1 dynamic, 3 conservative, 4 simplified,
 * 10..10000 us fixed), all that e1000's ethtool hooks handle (the delay
 * timers are module parameters only). */
struct e1000_coalesce {
	uint32_t rx_coalesce_usecs;
};
void e1000_get_coalesce(const struct e1000_adapter *adapter, struct e1000_coalesce *ec);
int e1000_set_coalesce(struct e1000_adapter *adapter, const struct e1000_coalesce *ec);

/* Read the NIC's counters and map them onto the netdev stats as Linux does. */
void e1000_update_stats(struct e1000_adapter *adapter);
/* Updates the statistics, then copies everything out. */
void e1000_get_ethtool_stats(struct e1000_adapter *adapter, struct e1000_ethtool_stats *out);

/* Descriptor ownership: checks the whole ring against the driver's record
 * (a descriptor with DD set that hardware did not own, a given descriptor
 * without a buffer, indices out of order) and returns the number of
 * violations seen so far; the first one's text is in adapter->violation. */
uint64_t e1000_check_rx_ownership(struct e1000_adapter *adapter);
/* A NIC DMA write to [addr, addr + len): allowed only into descriptors and
 * buffers hardware owns.  Returns true when allowed; else records a violation. */
bool e1000_check_dma_write(struct e1000_adapter *adapter, uint64_t addr, uint64_t len);

#ifdef __cplusplus
}
#endif
#endif
