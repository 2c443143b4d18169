/* Sockets: receive queues charged by truesize against sk_rcvbuf, and the
 * reader API the application model calls. */
#ifndef RXSIM_SOCK_H
#define RXSIM_SOCK_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct net;
struct sock;

enum { RX_AF_INET = 2, RX_AF_INET6 = 10 };
enum { RX_SOCK_STREAM = 1, RX_SOCK_DGRAM = 2 };
enum { RX_EAGAIN = 11, RX_EADDRINUSE = 98, RX_EINVAL = 22 };

struct rx_sockaddr {
	int family;            /* RX_AF_INET / RX_AF_INET6 */
	uint32_t addr4;        /* host order; 0 = any */
	uint8_t addr6[16];     /* all zero = any */
	uint16_t port;         /* host order */
};

struct sock *sock_create(struct net *net, int family, int type);
/* -RX_EADDRINUSE if another socket holds the same family/address/port. */
int sock_bind(struct sock *sk, const struct rx_sockaddr *addr);
/* Fixes the peer: lookups match the exact 4-tuple first.  For TCP the first
 * segment from the peer (or its SYN) sets rcv_nxt. */
int sock_connect(struct sock *sk, const struct rx_sockaddr *peer);
/* sk_rcvbuf in bytes (no doubling, unlike SO_RCVBUF). */
void sock_set_rcvbuf(struct sock *sk, uint32_t bytes);
/* Purges the queue (SOCKET_CLOSE) and frees the socket. */
void sock_close(struct sock *sk);

struct rx_recvinfo {
	struct rx_sockaddr from;
	uint64_t pkt_id;       /* skb id of the (last) packet read */
	uint32_t full_len;     /* datagram length (> returned bytes: truncated) */
	uint32_t sock_id;      /* the socket read (sock_stats.id) */
	uint32_t seq;          /* TCP: sequence number of the first byte returned */
};
/* One datagram (UDP) or up to size stream bytes (TCP).  Returns bytes, or
 * -RX_EAGAIN on an empty queue. */
int sock_recv(struct sock *sk, void *buf, uint32_t size, struct rx_recvinfo *info);
struct rx_mmsghdr {
	void *buf;
	uint32_t size;
	uint32_t len;          /* out: bytes */
	struct rx_recvinfo info;
};
/* recvmmsg: up to n datagrams; returns how many, or -RX_EAGAIN. */
int sock_recv_batch(struct sock *sk, struct rx_mmsghdr *msgs, int n);
/* The reader blocks: the next enqueue calls platform->wake_reader once.
 * Returns true (and wakes nobody) if data is already queued. */
bool sock_wait(struct sock *sk);

struct sock_stats {
	uint32_t id;
	uint32_t rmem_alloc, rcvbuf, qlen;
	uint64_t enqueued, read, drops;
	uint64_t rcv_nxt;      /* TCP */
};
void sock_get_stats(const struct sock *sk, struct sock_stats *out);

#ifdef __cplusplus
}
#endif
#endif
