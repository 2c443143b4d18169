/* The e1000 driver's table for the driver ABI (rxdriver/driver_api.h): the
 * same in rxsim and in the driver built as a module. */
#include "rxdriver/driver_api.h"

static const struct rxsim_driver_ops e1000_ops = {
	.abi_version = RXSIM_DRIVER_ABI_VERSION,
	.adapter_size = sizeof(struct e1000_adapter),
	.name = "e1000",
	.default_options = e1000_default_options,
	.probe = e1000_probe,
	.remove = e1000_remove,
	.open = e1000_open,
	.close = e1000_close,
	.intr = e1000_intr,
	.watchdog = e1000_watchdog,
	.get_ethtool_stats = e1000_get_ethtool_stats,
	.get_ringparam = e1000_get_ringparam,
	.set_ringparam = e1000_set_ringparam,
	.get_coalesce = e1000_get_coalesce,
	.set_coalesce = e1000_set_coalesce,
	.check_rx_ownership = e1000_check_rx_ownership,
	.check_dma_write = e1000_check_dma_write,
};

const struct rxsim_driver_ops *rxsim_driver(void) { return &e1000_ops; }
