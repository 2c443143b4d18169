/* The driver ABI: what rxsim calls in a receive driver, so that a driver
 * built out of tree as a shared object (`rxsim run --driver ./libmydrv.so`)
 * runs in place of the in-tree e1000.
 *
 * A module exports one C function, rxsim_driver(), returning its table.  The
 * module shares rxsim's view of the adapter (struct e1000_adapter in
 * rxdriver/e1000.h: rxsim reads its ring, NAPI instance and statistics for
 * the checks), and calls the stack (rxsim/rxstack.h: NAPI, skbs, netdev)
 * and the platform (struct e1000_bus_ops, struct rx_platform) that rxsim
 * gives it.  rxsim refuses a module whose abi_version or adapter_size is not
 * its own.  Version 7: the table below; e1000_options carries the packet
 * buffer split (pba, which e1000_reset writes to PBA).  6: the receive
 * buffers move (struct e1000_rx_pool, the ring's pool, e1000_rx_buffer.id,
 * e1000_options rx_pool_count) and E1000_RX_ALLOC_FAILED is gone (an skb
 * allocation failure ends the poll, the frame stays).  5: e1000_options
 * carried the kernel profile's driver choice (napi_prep_before_mask) and
 * the MTU, the ring its jumbo chain, e1000_rx_event descs/partial (4 had
 * neither); 4 added the
 * ethtool -g/-G and -c/-C hooks; 3 added struct rx_platform's
 * fn_begin/fn_end (the timeline's view of the driver's functions; 2 had
 * update_stats for get_ethtool_stats, 1 also lacked
 * e1000_bus_ops.schedule_delayed_work: rxsim ran the watchdog every 2 s). */
#ifndef RXDRIVER_DRIVER_API_H
#define RXDRIVER_DRIVER_API_H

#include <stdbool.h>
#include <stdint.h>

#include "rxdriver/e1000.h"

#ifdef __cplusplus
extern "C" {
#endif

#define RXSIM_DRIVER_ABI_VERSION 7u
#define RXSIM_DRIVER_ENTRY "rxsim_driver"

struct rxsim_driver_ops {
	uint32_t abi_version;  /* RXSIM_DRIVER_ABI_VERSION */
	uint32_t adapter_size; /* sizeof(struct e1000_adapter) as built */
	const char *name;
	void (*default_options)(struct e1000_options *o);
	/* NULL on allocation failure; registers the netdev and its NAPI poll. */
	struct e1000_adapter *(*probe)(const struct e1000_bus_ops *bus, struct net *net,
				       const struct rx_platform *plat, const struct e1000_options *opt);
	void (*remove)(struct e1000_adapter *adapter);
	int (*open)(struct e1000_adapter *adapter);   /* ifup: 0 or -1 */
	int (*close)(struct e1000_adapter *adapter);  /* ifdown */
	irqreturn_t (*intr)(struct e1000_adapter *adapter);
	/* when queued by the driver (e1000_bus_ops.schedule_delayed_work) */
	void (*watchdog)(struct e1000_adapter *adapter);
	/* ethtool -S: reads the NIC's statistics (e1000_update_stats) into out */
	void (*get_ethtool_stats)(struct e1000_adapter *adapter, struct e1000_ethtool_stats *out);
	/* ethtool -g/-G and -c/-C (the driver's ethtool_ops): set_* return 0 or
	 * a negative errno, as the kernel's do */
	void (*get_ringparam)(const struct e1000_adapter *adapter, struct e1000_ringparam *ring);
	int (*set_ringparam)(struct e1000_adapter *adapter, const struct e1000_ringparam *ring);
	void (*get_coalesce)(const struct e1000_adapter *adapter, struct e1000_coalesce *ec);
	int (*set_coalesce)(struct e1000_adapter *adapter, const struct e1000_coalesce *ec);
	/* The driver's own checks: descriptors owned by the driver found done,
	 * and a DMA write outside the buffers it gave (descriptor ownership). */
	uint64_t (*check_rx_ownership)(struct e1000_adapter *adapter);
	bool (*check_dma_write)(struct e1000_adapter *adapter, uint64_t addr, uint64_t len);
};

/* The table of the driver this object holds (the in-tree e1000's in rxsim).
 * Exported even from a module built with -fvisibility=hidden: rxsim finds it
 * with dlsym. */
__attribute__((visibility("default"))) const struct rxsim_driver_ops *rxsim_driver(void);

#ifdef __cplusplus
}
#endif

#endif /* RXDRIVER_DRIVER_API_H */
