/* libFuzzer target: arbitrary frames through netif_receive_skb / netif_rx /
 * napi_gro_receive on a host with sockets, VLANs, a netfilter rule and
 * fragments pending;
 * afterwards every skb must have exactly one fate and none may leak.
 *
 * Input: records of [flags:1][len:2 big endian][frame:len].  flags bit 0:
 * CHECKSUM_UNNECESSARY, bit 1: IPv4 header checksum verified by hardware,
 * bit 2: hardware VLAN tag (100) present, bit 3: via netif_rx (backlog),
 * bit 4: advance time 31 s first (expires reassembly queues), bit 5: via
 * napi_gro_receive (GRO holds it or merges it), bit 6: then napi_gro_flush. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/rxstack.h"

#define MAX_TIMERS 1024

struct fuzz_plat {
	uint64_t now;
	struct timer_list *timers[MAX_TIMERS];
	int nr;
	struct net *net;
};

static uint64_t f_now(void *c) { return ((struct fuzz_plat *)c)->now; }
static void f_charge(void *c, enum rx_cost item, uint32_t count)
{
	(void)item;
	(void)count;
	((struct fuzz_plat *)c)->now += 10;
}
static void f_cancel(void *c, struct timer_list *t)
{
	struct fuzz_plat *p = c;
	for (int i = 0; i < p->nr; i++) {
		if (p->timers[i] == t) {
			p->timers[i] = p->timers[--p->nr];
			return;
		}
	}
}
static void f_arm(void *c, struct timer_list *t)
{
	struct fuzz_plat *p = c;
	f_cancel(c, t);
	if (p->nr == MAX_TIMERS)
		abort(); /* the harness is too small, not a stack bug: make it loud */
	p->timers[p->nr++] = t;
}

static void run_timers(struct fuzz_plat *p)
{
	for (;;) {
		struct timer_list *due = NULL;
		for (int i = 0; i < p->nr; i++)
			if (p->timers[i]->expires <= p->now && (!due || p->timers[i]->expires < due->expires))
				due = p->timers[i];
		if (!due)
			return;
		f_cancel(p, due);
		timer_expire(p->net, due);
	}
}

static int no_poll(struct napi_struct *n, int budget)
{
	(void)n;
	(void)budget;
	return 0;
}

static struct sock *bound(struct net *net, int family, int type, uint16_t port)
{
	struct sock *sk = sock_create(net, family, type);
	struct rx_sockaddr a = {.family = family, .port = port};
	sock_bind(sk, &a);
	return sk;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t mac[6] = {0x02, 0, 0, 0, 0, 0x01};
	static const uint8_t ip6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 1};
	struct fuzz_plat p = {0};
	struct rx_platform ops = {.ctx = &p, .now_ns = f_now, .charge = f_charge, .timer_arm = f_arm,
				  .timer_cancel = f_cancel};
	struct net_config cfg = {.nr_cpus = 1};
	struct net *net = net_new(&ops, &cfg);
	p.net = net;
	struct net_device *eth0 = register_netdev(net, "eth0", mac);
	struct net_device *s10 = register_vlan_dev(eth0, ETH_P_8021AD, 10, NULL);
	register_vlan_dev(eth0, ETH_P_8021Q, 100, NULL);
	struct napi_struct napi;
	netif_napi_add(eth0, &napi, no_poll, 64);
	register_vlan_dev(s10, ETH_P_8021Q, 20, NULL);
	ip_addr_add(net, 0x0A000001, 24);
	ipv6_add_addr(net, ip6, 64);
	struct sock *udp = bound(net, RX_AF_INET, RX_SOCK_DGRAM, 9);
	sock_set_rcvbuf(udp, 8192);
	bound(net, RX_AF_INET6, RX_SOCK_DGRAM, 9);
	struct sock *tcp = bound(net, RX_AF_INET, RX_SOCK_STREAM, 80);
	struct rx_sockaddr peer = {.family = RX_AF_INET, .addr4 = 0x0A000002, .port = 3333};
	sock_connect(tcp, &peer);
	struct nf_rule r = {.protocol = 17, .dport_lo = 53, .dport_hi = 53, .verdict = NF_DROP};
	nf_rule_append(net, NF_INET_LOCAL_IN, &r);

	uint8_t buf[256];
	while (size >= 3) {
		uint8_t flags = data[0];
		size_t len = (size_t)data[1] << 8 | data[2];
		data += 3;
		size -= 3;
		if (len > size)
			len = size;
		if (flags & 0x10) {
			p.now += 31000000000ull;
			run_timers(&p);
		}
		struct sk_buff *skb = netdev_alloc_skb(eth0, (uint32_t)len);
		memcpy(skb_put(skb, (uint32_t)len), data, len);
		data += len;
		size -= len;
		skb->ip_summed = (flags & 1) ? CHECKSUM_UNNECESSARY : CHECKSUM_NONE;
		skb->ip_hdr_csum_ok = (flags >> 1) & 1;
		if (flags & 4)
			__vlan_hwaccel_put_tag(skb, ETH_P_8021Q, 100);
		eth_type_trans(skb, eth0);
		if (flags & 8) {
			irq_enter(net);
			netif_rx(skb);
			irq_exit(net);
		} else if (flags & 0x20) {
			napi_gro_receive(&napi, skb);
			if (flags & 0x40)
				napi_gro_flush(&napi, false);
		} else {
			netif_receive_skb(skb);
		}
		sock_recv(udp, buf, sizeof(buf), NULL);
		sock_recv(tcp, buf, sizeof(buf), NULL);
	}
	while (run_ksoftirqd(net, 0)) {
	}
	net_flush(net);
	struct net_conservation c;
	if (!net_check_conservation(net, &c) || c.live != 0)
		abort();
	netif_napi_del(&napi);
	net_free(net);
	return 0;
}
