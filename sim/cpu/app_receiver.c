/* Application receiver thread (app_receiver.h). */
#include "app_receiver.h"

#include <stdlib.h>

#include "rxsim/netdevice.h"
#include "rxsim/sock.h"

void app_config_default(struct app_config *c)
{
	*c = (struct app_config){.per_packet_ps = 1000000, .per_byte_ps = 0, .batch = 1, .buf_size = 65536};
}

int app_receiver_start(struct app_receiver *a, struct host_machine *m, int cpu, const char *name,
		       struct sock *sk, const struct app_config *cfg)
{
	*a = (struct app_receiver){.m = m, .sk = sk, .cfg = *cfg};
	if (cfg->batch < 1 || cfg->buf_size == 0)
		return -1;
	a->buf = malloc((size_t)cfg->batch * cfg->buf_size);
	a->msgs = calloc((size_t)cfg->batch, sizeof *a->msgs);
	if (!a->buf || !a->msgs) {
		app_receiver_free(a);
		return -1;
	}
	for (int i = 0; i < cfg->batch; i++) {
		a->msgs[i].buf = (char *)a->buf + (size_t)i * cfg->buf_size;
		a->msgs[i].size = cfg->buf_size;
	}
	a->thread = host_thread_create(m, cpu, name, app_receiver_step, a, sk);
	if (!a->thread) {
		app_receiver_free(a);
		return -1;
	}
	return 0;
}

void app_receiver_free(struct app_receiver *a)
{
	free(a->buf);
	free(a->msgs);
	a->buf = NULL;
	a->msgs = NULL;
}

/* The application has the packet: count it, report it, do its work. */
static void consume(struct app_receiver *a, const struct rx_recvinfo *info, const void *data, uint32_t len,
		    uint64_t at_ps)
{
	a->st.packets++;
	a->st.bytes += len;
	if (a->on_packet)
		a->on_packet(a->on_packet_arg, info, data, len, at_ps);
	host_spend(a->m, a->cfg.per_packet_ps + a->cfg.per_byte_ps * len);
}

/* One recv or recvmmsg; false when the queue was empty. */
static bool read_once(struct app_receiver *a)
{
	struct host_cpu *cpu = host_running(a->m);
	if (a->cfg.batch == 1) {
		struct rx_recvinfo info;
		int n = sock_recv(a->sk, a->msgs[0].buf, a->cfg.buf_size, &info);
		if (n < 0)
			return false;
		a->st.reads++;
		consume(a, &info, a->msgs[0].buf, (uint32_t)n, cpu->local_ps);
		return true;
	}
	int n = sock_recv_batch(a->sk, a->msgs, a->cfg.batch);
	if (n < 0)
		return false;
	uint64_t at = cpu->local_ps; /* recvmmsg returns them together */
	a->st.reads++;
	for (int i = 0; i < n; i++)
		consume(a, &a->msgs[i].info, a->msgs[i].buf, a->msgs[i].len, at);
	return true;
}

/* sk_busy_loop_end: data queued, or the busy-poll time is up. */
static bool busy_loop_end(void *arg)
{
	struct app_receiver *a = arg;
	struct sock_stats st;
	sock_get_stats(a->sk, &st);
	return st.qlen > 0 || host_running(a->m)->local_ps >= a->busy_end_ps;
}

static int busy_poll_budget(const struct app_receiver *a)
{
	return a->cfg.busy_poll_budget ? a->cfg.busy_poll_budget : BUSY_POLL_BUDGET;
}

/* recv on a blocking socket (udp_recvmsg/tcp_recvmsg). */
static enum thread_step recv_step(struct app_receiver *a)
{
	if (read_once(a))
		return THREAD_RUNNABLE;
	/* Empty: busy poll once (recvmsg's sk_busy_loop), then read again. */
	if (a->cfg.busy_poll_napi && a->cfg.busy_poll_ps) {
		a->busy_end_ps = host_running(a->m)->local_ps + a->cfg.busy_poll_ps;
		if (napi_busy_loop(a->cfg.busy_poll_napi, busy_loop_end, a, a->cfg.prefer_busy_poll,
				   busy_poll_budget(a))) {
			a->st.busy_loops++;
			if (read_once(a))
				return THREAD_RUNNABLE;
		}
	}
	/* Sleep until sk_data_ready, unless data came meanwhile. */
	if (sock_wait(a->sk))
		return THREAD_RUNNABLE;
	a->st.blocks++;
	return THREAD_BLOCKED;
}

static bool readable(const struct app_receiver *a)
{
	struct sock_stats st;
	sock_get_stats(a->sk, &st);
	return st.qlen > 0;
}

/* ep->napi_id is set: the socket received since ep_busy_loop dropped it. */
static bool ep_napi_valid(const struct app_receiver *a)
{
	struct sock_stats st;
	sock_get_stats(a->sk, &st);
	return a->cfg.busy_poll_napi && st.enqueued != a->ep_napi_dropped_at;
}

/* ep_busy_loop (fs/eventpoll.c, 6.13): with busy_poll_usecs or
 * prefer_busy_poll set, poll the epoll set's NAPI until the socket is
 * readable or busy_poll_usecs are up (0: one poll, as ep_busy_loop_end's
 * busy_loop_timeout is at once true); found nothing: napi_resume_irqs
 * (prefer_busy_poll) and forget the NAPI until the socket next receives. */
static bool ep_busy_loop(struct app_receiver *a)
{
	if (!ep_napi_valid(a) || !(a->cfg.busy_poll_ps || a->cfg.prefer_busy_poll))
		return false;
	a->busy_end_ps = host_running(a->m)->local_ps + a->cfg.busy_poll_ps;
	if (napi_busy_loop(a->cfg.busy_poll_napi, busy_loop_end, a, a->cfg.prefer_busy_poll, busy_poll_budget(a)))
		a->st.busy_loops++;
	if (readable(a))
		return true;
	if (a->cfg.prefer_busy_poll)
		napi_resume_irqs(a->cfg.busy_poll_napi);
	struct sock_stats st;
	sock_get_stats(a->sk, &st);
	a->ep_napi_dropped_at = st.enqueued;
	return false;
}

/* One epoll_wait (ep_poll, fs/eventpoll.c, 6.13) on a set holding the one
 * socket, level-triggered; then nonblocking reads until EAGAIN, one a step.
 * epoll_wait itself charges nothing (the cost table has no entry for it);
 * its busy polls and the reads are charged. */
static enum thread_step epoll_step(struct app_receiver *a)
{
	if (a->draining) {
		if (!read_once(a))
			a->draining = false; /* EAGAIN: back to epoll_wait */
		return THREAD_RUNNABLE;
	}
	a->st.epoll_waits++;
	if (!readable(a) && !ep_busy_loop(a) && !sock_wait(a->sk)) {
		/* Asleep until sk_data_ready; the next step harvests. */
		a->st.blocks++;
		return THREAD_BLOCKED;
	}
	/* ep_send_events returned the socket: ep_suspend_napi_irqs. */
	if (a->cfg.prefer_busy_poll && ep_napi_valid(a))
		napi_suspend_irqs(a->cfg.busy_poll_napi);
	a->draining = true;
	return THREAD_RUNNABLE;
}

enum thread_step app_receiver_step(void *arg)
{
	struct app_receiver *a = arg;
	return a->cfg.epoll ? epoll_step(a) : recv_step(a);
}
