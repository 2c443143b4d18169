/* A driver module of another ABI version than rxsim's: its table is never
 * called, rxsim refuses the module on loading it. */
#include "rxdriver/driver_api.h"

static const struct rxsim_driver_ops wrong_abi_ops = {
	.abi_version = 99, /* not RXSIM_DRIVER_ABI_VERSION */
	.adapter_size = sizeof(struct e1000_adapter),
	.name = "wrong-abi",
};

const struct rxsim_driver_ops *rxsim_driver(void) { return &wrong_abi_ops; }
