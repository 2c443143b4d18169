/* Sockets: bind/connect, lookup (exact 4-tuple, then bound address, then
 * wildcard), the receive queue charged by truesize against sk_rcvbuf, and
 * the reader API. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static struct sock **sock_bucket(struct net *net, int protocol, uint16_t port)
{
	return &(protocol == IPPROTO_TCP ? net->tcp_hash : net->udp_hash)[port % SOCK_HASH];
}

static void sockaddr_to16(const struct rx_sockaddr *a, int family, uint8_t out[16])
{
	if (family == RX_AF_INET)
		ipv6_addr_set_v4mapped(a->addr4, out);
	else
		memcpy(out, a->addr6, 16);
}

static bool addr_any(const struct sock *sk, const uint8_t *a)
{
	uint8_t any[16];
	if (sk->family == RX_AF_INET)
		ipv6_addr_set_v4mapped(0, any);
	else
		memset(any, 0, 16);
	return !memcmp(a, any, 16);
}

static bool is_v4mapped(const uint8_t *a)
{
	static const uint8_t pfx[12] = {[10] = 0xff, [11] = 0xff};
	return !memcmp(a, pfx, 12);
}

/* Does sk take packets of this family?  An AF_INET6 socket takes IPv4 as
 * ::ffff:a.b.c.d unless IPV6_V6ONLY, when bound to :: or to such an
 * address (its sk_rcv_saddr is then 0 or a.b.c.d). */
static bool sk_family_ok(const struct sock *sk, int family)
{
	if (family == RX_AF_INET6)
		return sk->family == RX_AF_INET6;
	return sk->family == RX_AF_INET || (!sk->ipv6only && (addr_any(sk, sk->laddr) || is_v4mapped(sk->laddr)));
}

/* Would sk and o receive for the same local address?  Within a family only
 * the same address clashes (the model has no wildcard-against-address
 * conflict there); across families, as ipv6_rcv_saddr_equal (Linux 6.6)
 * has it, a dual-stack AF_INET6 socket on :: holds the port for every IPv4
 * address, one on ::ffff:a.b.c.d for a.b.c.d, a V6ONLY one for none. */
static bool sk_rcv_saddr_equal(const struct sock *sk, const struct sock *o)
{
	if (sk->family == o->family)
		return !memcmp(sk->laddr, o->laddr, 16);
	const struct sock *v6 = sk->family == RX_AF_INET6 ? sk : o;
	return !v6->ipv6only && (addr_any(v6, v6->laddr) || !memcmp(sk->laddr, o->laddr, 16));
}

struct sock *sock_create(struct net *net, int family, int type)
{
	if ((family != RX_AF_INET && family != RX_AF_INET6) || (type != RX_SOCK_DGRAM && type != RX_SOCK_STREAM))
		return NULL;
	struct sock *sk = calloc(1, sizeof(*sk));
	if (!sk)
		return NULL;
	sk->net = net;
	sk->id = ++net->next_sock_id;
	sk->family = family;
	sk->type = type;
	sk->protocol = type == RX_SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP;
	sk->rcvbuf = net->sysctl.rmem_default;
	sk->ipv6only = family == RX_AF_INET6 && net->sysctl.bindv6only; /* inet6_create */
	sk->all_next = net->socks;
	net->socks = sk;
	return sk;
}

int sock_bind(struct sock *sk, const struct rx_sockaddr *addr)
{
	if (sk->bound || addr->family != sk->family)
		return -RX_EINVAL;
	sockaddr_to16(addr, sk->family, sk->laddr);
	struct sock **b = sock_bucket(sk->net, sk->protocol, addr->port);
	/* The same port and an overlapping address, neither connected: taken
	 * (no SO_REUSEADDR). */
	for (struct sock *o = *b; o; o = o->hash_next)
		if (o->lport == addr->port && !o->connected && sk_rcv_saddr_equal(sk, o))
			return -RX_EADDRINUSE;
	sk->lport = addr->port;
	sk->bound = true;
	sk->hash_next = *b;
	*b = sk;
	return 0;
}

int sock_connect(struct sock *sk, const struct rx_sockaddr *peer)
{
	if (!sk->bound || peer->family != sk->family)
		return -RX_EINVAL;
	sockaddr_to16(peer, sk->family, sk->raddr);
	sk->rport = peer->port;
	sk->connected = true;
	sk->rcv_nxt_valid = false;
	if (sk->protocol == IPPROTO_TCP)
		sk->net->mib.tcp.CurrEstab++;
	return 0;
}

void sock_set_rcvbuf(struct sock *sk, uint32_t bytes) { sk->rcvbuf = bytes; }

/* Scored as compute_score does (Linux 6.6 udp.c, inet_hashtables.c): a
 * connected socket's exact 4-tuple first, then a socket bound to the
 * address, then one bound to any; on a tie for an IPv4 packet an AF_INET
 * socket before a dual-stack AF_INET6 one. */
struct sock *sk_lookup(struct net *net, int protocol, int family, const uint8_t saddr[16], uint16_t sport,
		       const uint8_t daddr[16], uint16_t dport)
{
	struct sock *best = NULL;
	int best_score = 0;
	for (struct sock *sk = *sock_bucket(net, protocol, dport); sk; sk = sk->hash_next) {
		if (sk->lport != dport || !sk_family_ok(sk, family))
			continue;
		bool laddr_ok = !memcmp(sk->laddr, daddr, 16);
		if (!laddr_ok && !addr_any(sk, sk->laddr))
			continue;
		int score;
		if (sk->connected) {
			if (sk->rport != sport || memcmp(sk->raddr, saddr, 16))
				continue;
			score = 3;
		} else {
			score = laddr_ok ? 2 : 1;
		}
		score = 2 * score + (sk->family == family);
		if (score > best_score) {
			best = sk;
			best_score = score;
		}
	}
	return best;
}

void sock_charge_skb(struct sock *sk, struct sk_buff *skb)
{
	sk->rmem_alloc += skb->truesize;
	skb->sock_id = sk->id;
}

void sock_deliver_skb(struct sock *sk, struct sk_buff *skb)
{
	skb_stamp(skb, SKB_STAGE_SOCKET);
	skb->socket_ctx = net_context_id(sk->net);
	__skb_queue_tail(&sk->queue, skb);
	sk->enqueued++;
	if (sk->reader_waiting) {
		/* sk_data_ready: wake the blocked reader once. */
		sk->reader_waiting = false;
		if (sk->net->plat.wake_reader)
			sk->net->plat.wake_reader(sk->net->plat.ctx, sk);
	}
}

/* __udp_enqueue_schedule_skb's rule: refuse only once rmem_alloc already
 * exceeds sk_rcvbuf, so the last accepted skb may overshoot it. */
int sock_queue_rcv_skb(struct sock *sk, struct sk_buff *skb)
{
	net_charge(sk->net, RX_COST_SOCK_QUEUE_RCV_SKB, 1);
	if (sk->dead)
		return -2;
	if (sk->rmem_alloc > sk->rcvbuf) {
		sk->drops++;
		return -1;
	}
	sock_charge_skb(sk, skb);
	sock_deliver_skb(sk, skb);
	return 0;
}

static bool skb_is_ipv4(const struct sk_buff *skb) { return (skb_network_header(skb)[0] >> 4) == 4; }

/* The sender's address as recvfrom gives it: an IPv4 sender to an AF_INET6
 * socket as ::ffff:a.b.c.d. */
static void skb_source(const struct sock *sk, const struct sk_buff *skb, struct rx_sockaddr *from)
{
	const uint8_t *nh = skb_network_header(skb);
	memset(from, 0, sizeof(*from));
	from->family = sk->family;
	if (sk->family == RX_AF_INET)
		from->addr4 = get_be32(nh + 12);
	else if (skb_is_ipv4(skb))
		ipv6_addr_set_v4mapped(get_be32(nh + 12), from->addr6);
	else
		memcpy(from->addr6, nh + 8, 16);
	from->port = get_be16(skb_transport_header(skb));
}

/* Takes the head skb off the queue, uncharged, and frees it as READ. */
static void sock_consume_head(struct sock *sk)
{
	struct sk_buff *skb = __skb_dequeue(&sk->queue);
	sk->rmem_alloc -= skb->truesize;
	sk->read++;
	skb_free_delivered(skb, SKB_FATE_READ);
}

static int sock_recvmsg(struct sock *sk, void *buf, uint32_t size, struct rx_recvinfo *info)
{
	struct net *net = sk->net;
	net_charge(net, RX_COST_SOCK_RECV, 1);
	struct sk_buff *skb = sk->queue.head;
	if (!skb)
		return -RX_EAGAIN;
	if (info) {
		skb_source(sk, skb, &info->from);
		info->pkt_id = skb->id;
		info->full_len = skb->len;
		info->sock_id = sk->id;
		info->seq = skb->seq + skb->data_off;
	}
	if (sk->protocol == IPPROTO_UDP) {
		uint32_t n = skb->len < size ? skb->len : size;
		memcpy(buf, skb->data, n);
		sock_consume_head(sk);
		/* InDatagrams counts datagrams the application received, in the
		 * packet's family's table (udpv6_recvmsg: is_udp4). */
		if (skb_is_ipv4(skb))
			net->mib.udp.InDatagrams++;
		else
			net->mib.udp6.InDatagrams++;
		net_charge(net, RX_COST_COPY_TO_USER, n);
		return (int)n;
	}
	/* Stream: bytes across segments; a segment is freed once fully read. */
	uint32_t copied = 0;
	while (copied < size && (skb = sk->queue.head)) {
		uint32_t avail = skb->len - skb->data_off;
		uint32_t n = avail < size - copied ? avail : size - copied;
		memcpy((uint8_t *)buf + copied, skb->data + skb->data_off, n);
		copied += n;
		skb->data_off += n;
		if (info)
			info->pkt_id = skb->id;
		if (skb->data_off == skb->len)
			sock_consume_head(sk);
	}
	if (info)
		info->full_len = copied;
	net_charge(net, RX_COST_COPY_TO_USER, copied);
	return (int)copied;
}

/* Named as the protocol's recvmsg the application's recv reaches; work: bytes. */
int sock_recv(struct sock *sk, void *buf, uint32_t size, struct rx_recvinfo *info)
{
	const char *fn = sk->protocol == IPPROTO_UDP ? "udp_recvmsg" : "tcp_recvmsg";
	net_fn_begin(sk->net, fn);
	const int ret = sock_recvmsg(sk, buf, size, info);
	net_fn_end(sk->net, fn, ret, -1);
	return ret;
}

int sock_recv_batch(struct sock *sk, struct rx_mmsghdr *msgs, int n)
{
	int got = 0;
	for (; got < n; got++) {
		int r = sock_recv(sk, msgs[got].buf, msgs[got].size, &msgs[got].info);
		if (r < 0)
			break;
		msgs[got].len = (uint32_t)r;
	}
	return got ? got : -RX_EAGAIN;
}

bool sock_wait(struct sock *sk)
{
	if (sk->queue.head)
		return true;
	sk->reader_waiting = true;
	return false;
}

void sock_get_stats(const struct sock *sk, struct sock_stats *out)
{
	out->id = sk->id;
	out->rmem_alloc = sk->rmem_alloc;
	out->rcvbuf = sk->rcvbuf;
	out->qlen = sk->queue.qlen;
	out->enqueued = sk->enqueued;
	out->read = sk->read;
	out->drops = sk->drops;
	out->rcv_nxt = sk->rcv_nxt;
}

static void sock_unhash(struct sock *sk)
{
	if (!sk->bound)
		return;
	for (struct sock **pp = sock_bucket(sk->net, sk->protocol, sk->lport); *pp; pp = &(*pp)->hash_next) {
		if (*pp == sk) {
			*pp = sk->hash_next;
			return;
		}
	}
}

/* The memory stays until net_free: a delivery that looked the socket up
 * before the close may still be on its way (it sees `dead`). */
void sock_close(struct sock *sk)
{
	struct sk_buff *skb;
	sock_unhash(sk);
	sk->dead = true;
	if (sk->protocol == IPPROTO_TCP && sk->connected && sk->net->mib.tcp.CurrEstab)
		sk->net->mib.tcp.CurrEstab--;
	while ((skb = __skb_dequeue(&sk->queue))) {
		sk->rmem_alloc -= skb->truesize;
		kfree_skb_reason(skb, SKB_DROP_REASON_SOCKET_CLOSE);
	}
	tcp_ofo_purge(sk, SKB_FATE_DROPPED, SKB_DROP_REASON_SOCKET_CLOSE);
}

/* Teardown: what is still queued was delivered but never read. */
void sock_flush_all(struct net *net)
{
	for (struct sock *sk = net->socks; sk; sk = sk->all_next) {
		struct sk_buff *skb;
		while ((skb = __skb_dequeue(&sk->queue))) {
			sk->rmem_alloc -= skb->truesize;
			skb_free_delivered(skb, SKB_FATE_QUEUED);
		}
		tcp_ofo_purge(sk, SKB_FATE_OFO_QUEUED, SKB_CONSUMED);
	}
}

void sock_table_destroy(struct net *net)
{
	while (net->socks) {
		struct sock *sk = net->socks;
		net->socks = sk->all_next;
		free(sk);
	}
}
