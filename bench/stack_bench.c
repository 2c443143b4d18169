/* stack_bench: host CPU per 64 B UDP packet through the receive stack, from
 * the driver's hand-off (netif_receive_skb) to the socket queue, then with a
 * reader draining it, then through the whole NAPI/softirq round trip.
 * Not a test: prints figures for docs/PERFORMANCE.md. */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rxsim/rxstack.h"

#define BATCH 64
#define PACKETS 2000000
#define REPEAT 3

static uint64_t zero_clock(void *ctx)
{
	(void)ctx;
	return 0;
}

static double cpu_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts); /* host CPU, not wall time: the machine is shared */
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static uint16_t csum16(const uint8_t *p, size_t n, uint32_t sum)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* 60 bytes on the wire without FCS (64 with it): 14 + 20 + 8 + 18. */
static void build_frame(uint8_t f[60])
{
	static const uint8_t hdr[34] = {
		0x02, 0, 0, 0, 0, 0x01, 0x02, 0, 0, 0, 0, 0x02, 0x08, 0x00,
		0x45, 0, 0, 46, 0, 1, 0, 0, 64, 17, 0, 0, 10, 0, 0, 2, 10, 0, 0, 1,
	};
	memcpy(f, hdr, sizeof(hdr));
	uint16_t c = csum16(f + 14, 20, 0);
	f[24] = (uint8_t)(c >> 8);
	f[25] = (uint8_t)c;
	uint8_t *u = f + 34;
	u[0] = 0x10, u[1] = 0x00, u[2] = 0, u[3] = 9, u[4] = 0, u[5] = 26, u[6] = u[7] = 0;
	for (int i = 0; i < 18; i++)
		u[8 + i] = (uint8_t)i;
	uint32_t pseudo = 0x0A00 + 0x0002 + 0x0A00 + 0x0001 + 17 + 26;
	c = csum16(u, 26, pseudo);
	u[6] = (uint8_t)(c >> 8);
	u[7] = (uint8_t)c;
}

struct bench {
	struct net *net;
	struct net_device *dev;
	struct napi_struct napi;
	struct sock *sk;
	uint8_t frame[60];
	int pending; /* frames the fake ring holds */
};

/* What a driver's clean_rx loop does per frame, minus the descriptor. */
static void hand_up(struct bench *b, int via_napi_gro)
{
	struct sk_buff *skb = netdev_alloc_skb_ip_align(b->dev, sizeof(b->frame));
	memcpy(skb_put(skb, sizeof(b->frame)), b->frame, sizeof(b->frame));
	skb->ip_summed = CHECKSUM_UNNECESSARY; /* e1000 with RXCSUM */
	eth_type_trans(skb, b->dev);
	if (via_napi_gro)
		napi_gro_receive(&b->napi, skb);
	else
		netif_receive_skb(skb);
}

static int bench_poll(struct napi_struct *napi, int budget)
{
	struct bench *b = (struct bench *)((char *)napi - offsetof(struct bench, napi));
	int work = 0;
	while (work < budget && b->pending) {
		hand_up(b, 1);
		b->pending--;
		work++;
	}
	if (work < budget)
		napi_complete_done(napi, work);
	return work;
}

static void drain(struct bench *b)
{
	uint8_t buf[64];
	struct rx_mmsghdr msgs[BATCH];
	for (int i = 0; i < BATCH; i++) {
		msgs[i].buf = buf;
		msgs[i].size = sizeof(buf);
	}
	while (sock_recv_batch(b->sk, msgs, BATCH) > 0) {
	}
}

static void setup(struct bench *b)
{
	static const uint8_t mac[6] = {0x02, 0, 0, 0, 0, 0x01};
	struct rx_platform plat = {.now_ns = zero_clock};
	struct net_config cfg = {.nr_cpus = 1};
	memset(b, 0, sizeof(*b));
	b->net = net_new(&plat, &cfg);
	b->dev = register_netdev(b->net, "eth0", mac);
	ip_addr_add(b->net, 0x0A000001, 24);
	b->sk = sock_create(b->net, RX_AF_INET, RX_SOCK_DGRAM);
	struct rx_sockaddr a = {.family = RX_AF_INET, .port = 9};
	sock_bind(b->sk, &a);
	sock_set_rcvbuf(b->sk, 1u << 30);
	netif_napi_add(b->dev, &b->napi, bench_poll, NAPI_POLL_WEIGHT);
	napi_enable(&b->napi);
	build_frame(b->frame);
}

enum mode { TO_QUEUE, WITH_READER, NAPI_ROUND_TRIP };

/* ns per packet, best of REPEAT runs. */
static double run(enum mode m)
{
	double best = 1e30;
	for (int r = 0; r < REPEAT; r++) {
		struct bench b;
		setup(&b);
		double timed = 0;
		for (int done = 0; done < PACKETS; done += BATCH) {
			double t0 = cpu_ns();
			if (m == NAPI_ROUND_TRIP) {
				b.pending = BATCH;
				irq_enter(b.net);
				napi_schedule(&b.napi);
				irq_exit(b.net);
			} else {
				for (int i = 0; i < BATCH; i++)
					hand_up(&b, 0);
			}
			if (m != TO_QUEUE)
				drain(&b);
			timed += cpu_ns() - t0;
			if (m == TO_QUEUE)
				drain(&b); /* untimed: keep memory bounded */
		}
		struct sock_stats st;
		sock_get_stats(b.sk, &st);
		if (st.enqueued != PACKETS) {
			fprintf(stderr, "stack_bench: %llu of %d packets reached the socket\n",
				(unsigned long long)st.enqueued, PACKETS);
			exit(1);
		}
		net_free(b.net);
		if (timed / PACKETS < best)
			best = timed / PACKETS;
	}
	return best;
}

int main(void)
{
	printf("stack_bench: %d x 64 B UDP packets, batches of %d, best of %d runs\n", PACKETS, BATCH, REPEAT);
	printf("  netif_receive_skb -> socket queue        %6.1f ns/packet\n", run(TO_QUEUE));
	printf("  ... plus reader (recv batch of %d)       %6.1f ns/packet\n", BATCH, run(WITH_READER));
	printf("  hard IRQ -> net_rx_action -> poll -> read %6.1f ns/packet\n", run(NAPI_ROUND_TRIP));
	return 0;
}
