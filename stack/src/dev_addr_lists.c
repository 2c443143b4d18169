/* A device's multicast address list (net/core/dev_addr_lists.c). */
#include <string.h>

#include "internal.h"

int dev_mc_add(struct net_device *dev, const uint8_t addr[6])
{
	for (int i = 0; i < dev->mc_count; i++)
		if (!memcmp(dev->mc_addrs[i], addr, 6))
			return 0; /* __hw_addr_add: counted once, refcount aside */
	if (dev->mc_count == NETDEV_MC_MAX)
		return -1;
	memcpy(dev->mc_addrs[dev->mc_count++], addr, 6);
	/* __dev_set_rx_mode: the driver programs its filters. */
	if (dev->ndo_set_rx_mode)
		dev->ndo_set_rx_mode(dev);
	return 0;
}

int dev_mc_add_ether(struct net *net, const uint8_t addr[6])
{
	for (struct net_device *d = net->devices; d; d = d->next)
		if (!d->vlan_real_dev && dev_mc_add(d, addr) != 0)
			return -1;
	return 0;
}
