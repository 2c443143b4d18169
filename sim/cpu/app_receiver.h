/* The application model: a receiver thread bound to one socket (UDP or
 * TCP).  Each step reads one datagram (recv) or up to `batch` (recvmmsg),
 * spends its per-packet (and per-byte) cost on each, and blocks when the
 * queue is empty until the stack's wake_reader (after busy polling, if
 * configured, found nothing).  Or, as an epoll application, it waits in
 * epoll_wait for its socket (busy polling there as the epoll context's
 * EPIOCSPARAMS say, and suspending IRQs while it finds work) and then reads
 * the socket until EAGAIN.  Counts what it read and reports every packet's
 * delivery-to-application time. */
#ifndef RXSIM_APP_RECEIVER_H
#define RXSIM_APP_RECEIVER_H

#include <stdint.h>

#include "host_cpu.h"

#ifdef __cplusplus
extern "C" {
#endif

struct sock;
struct rx_recvinfo;

struct app_config {
	uint64_t per_packet_ps;  /* the application's own work per packet */
	uint64_t per_byte_ps;    /* ... and per byte read */
	int batch;               /* 1: sock_recv; > 1: sock_recv_batch of up to this many */
	uint32_t buf_size;       /* bytes per read buffer (UDP: longer datagrams are truncated) */
	/* Busy polling: the NAPI instance the socket's packets come from, and
	 * how long to poll it on an empty queue before sleeping.  recv:
	 * SO_BUSY_POLL (0 = off), with SO_PREFER_BUSY_POLL and
	 * SO_BUSY_POLL_BUDGET; epoll: the epoll context's busy_poll_usecs,
	 * prefer_busy_poll and busy_poll_budget (EPIOCSPARAMS), where
	 * prefer_busy_poll alone polls once (fs/eventpoll.c, 6.13). */
	struct napi_struct *busy_poll_napi;
	uint64_t busy_poll_ps;
	bool prefer_busy_poll;
	int busy_poll_budget;    /* 0: BUSY_POLL_BUDGET */
	bool epoll;              /* an epoll_wait loop instead of blocking recv */
};

void app_config_default(struct app_config *c); /* 1 us per packet, recv one at a time, 64 KiB */

struct app_stats {
	uint64_t packets, bytes;  /* datagrams (TCP: reads) and bytes read */
	uint64_t reads;           /* recv / recvmmsg calls that returned data */
	uint64_t blocks;          /* times it went to sleep on an empty queue */
	uint64_t busy_loops;      /* napi_busy_loop runs */
	uint64_t epoll_waits;     /* epoll_wait calls (epoll) */
};

/* Called for each packet when the application has it (recv returned):
 * what recv said of it (skb id, socket, TCP sequence number), the bytes
 * read and when. */
typedef void (*app_packet_fn)(void *arg, const struct rx_recvinfo *info, const void *data, uint32_t len,
			      uint64_t at_ps);

struct app_receiver {
	struct host_machine *m;
	struct sock *sk;
	struct app_config cfg;
	struct app_stats st;
	app_packet_fn on_packet; /* optional; set after app_receiver_start */
	void *on_packet_arg;
	struct cpu_thread *thread;
	void *buf;               /* batch * buf_size bytes */
	struct rx_mmsghdr *msgs; /* batch entries */
	uint64_t busy_end_ps;    /* the running busy loop's deadline */
	/* epoll: reading the socket until EAGAIN; the socket's enqueue count
	 * when ep_busy_loop dropped ep->napi_id (it is valid again once the
	 * socket has received since: ep_poll_callback sets it) */
	bool draining;
	uint64_t ep_napi_dropped_at;
};

/* Starts the receiver as a thread on cpu, runnable.  0, or -1 (no memory,
 * no thread slot, bad config). */
int app_receiver_start(struct app_receiver *a, struct host_machine *m, int cpu, const char *name,
		       struct sock *sk, const struct app_config *cfg);
void app_receiver_free(struct app_receiver *a);

/* One step of the thread (exposed for tests). */
enum thread_step app_receiver_step(void *arg);

#ifdef __cplusplus
}
#endif
#endif
