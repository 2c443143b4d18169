/* IPv6 addresses and the multicast groups they bring (net/ipv6/addrconf.c
 * and mcast.c, Linux 6.6).  ipv6_add_addr puts an address on the host; the
 * first one stands for eth0's inet6_dev, which joins all-nodes ff02::1 as
 * ipv6_add_dev does, and every address joins its solicited-node group
 * ff02::1:ffXX:XXXX (addrconf_join_solict).  A group joined for the first
 * time puts its link-layer address (ipv6_eth_mc_map: 33:33 and the group's
 * low 32 bits) on the Ethernet devices' lists, as igmp6_group_added ->
 * dev_mc_add does, and so into the NIC's filters.
 * Not modeled: link-local autoconfiguration, DAD, MLD reports, routes (the
 * prefix length is checked and then unused: a host with a default route and
 * forwarding off counts every destination not its own as Ip6InAddrErrors). */
#include <string.h>

#include "internal.h"

static bool ipv6_addr_any(const uint8_t *a)
{
	static const uint8_t any[16];
	return !memcmp(a, any, 16);
}

bool ipv6_addr_loopback(const uint8_t *a)
{
	static const uint8_t loopback[16] = {[15] = 1};
	return !memcmp(a, loopback, 16);
}

bool ipv6_chk_addr(const struct net *net, const uint8_t *a)
{
	for (int i = 0; i < net->nr_addrs6; i++)
		if (!memcmp(a, net->addrs6[i], 16))
			return true;
	return false;
}

bool ipv6_chk_mcast_addr(const struct net *net, const uint8_t *group)
{
	for (int i = 0; i < net->nr_mc6; i++)
		if (!memcmp(group, net->mc6_groups[i], 16))
			return true;
	return false;
}

/* ipv6_dev_mc_inc: a group joined already only gains a user (not counted). */
static int ipv6_dev_mc_inc(struct net *net, const uint8_t group[16])
{
	if (ipv6_chk_mcast_addr(net, group))
		return 0;
	if (net->nr_mc6 == MAX_MC6)
		return -1;
	memcpy(net->mc6_groups[net->nr_mc6++], group, 16);
	const uint8_t mac[6] = {0x33, 0x33, group[12], group[13], group[14], group[15]};
	return dev_mc_add_ether(net, mac);
}

int ipv6_add_addr(struct net *net, const uint8_t addr[16], int prefixlen)
{
	/* ipv6_add_addr refuses ::, multicast and (off loopback) ::1 with
	 * EADDRNOTAVAIL; inet6_addr_add refuses a prefix over 128. */
	if (prefixlen < 0 || prefixlen > 128 || ipv6_addr_any(addr) || addr[0] == 0xff || ipv6_addr_loopback(addr))
		return -1;
	if (ipv6_chk_addr(net, addr) || net->nr_addrs6 == MAX_ADDRS)
		return -1; /* EEXIST, or the model's table is full */
	static const uint8_t all_nodes[16] = {0xff, 0x02, [15] = 1};
	if (net->nr_addrs6 == 0 && ipv6_dev_mc_inc(net, all_nodes) != 0)
		return -1;
	const uint8_t solicited[16] = {0xff, 0x02, [11] = 1, [12] = 0xff, addr[13], addr[14], addr[15]};
	if (ipv6_dev_mc_inc(net, solicited) != 0)
		return -1;
	memcpy(net->addrs6[net->nr_addrs6++], addr, 16);
	return 0;
}
