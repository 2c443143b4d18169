/* sk_buff allocation, pointer arithmetic, freeing and fate recording. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const char *const drop_names[] = {
#define SKB_DR_NAME(n) #n,
	SKB_DROP_REASON_LIST(SKB_DR_NAME)
#undef SKB_DR_NAME
};

const char *skb_drop_reason_name(enum skb_drop_reason r)
{
	return (unsigned)r < SKB_DROP_REASON_MAX ? drop_names[r] : "?";
}

const char *skb_fate_name(enum skb_fate f)
{
	static const char *const names[] = {"READ", "QUEUED", "OFO_QUEUED", "CONSUMED", "DROPPED"};
	return (unsigned)f < SKB_FATE__COUNT ? names[f] : "?";
}

void __skb_queue_tail(struct sk_buff_head *q, struct sk_buff *skb)
{
	skb->next = NULL;
	if (q->tail)
		q->tail->next = skb;
	else
		q->head = skb;
	q->tail = skb;
	q->qlen++;
}

struct sk_buff *__skb_dequeue(struct sk_buff_head *q)
{
	struct sk_buff *skb = q->head;
	if (!skb)
		return NULL;
	q->head = skb->next;
	if (!q->head)
		q->tail = NULL;
	q->qlen--;
	skb->next = NULL;
	return skb;
}

void skb_queue_splice_tail_init(struct sk_buff_head *from, struct sk_buff_head *to)
{
	if (!from->head)
		return;
	if (to->tail)
		to->tail->next = from->head;
	else
		to->head = from->head;
	to->tail = from->tail;
	to->qlen += from->qlen;
	from->head = from->tail = NULL;
	from->qlen = 0;
}

/* Misuse of skb_put/skb_push is a bug in the caller, as in the kernel. */
static void skb_panic(const struct sk_buff *skb, uint32_t len, const char *what)
{
	fprintf(stderr, "rxstack: %s: len %u, data %u, tail %u, end %u\n", what, len,
		skb_headroom(skb), skb->tail, skb->end);
	abort();
}

unsigned char *skb_put(struct sk_buff *skb, uint32_t len)
{
	unsigned char *old = skb_tail_pointer(skb);
	if (len > skb_tailroom(skb))
		skb_panic(skb, len, "skb_over_panic");
	skb->tail += len;
	skb->len += len;
	return old;
}

unsigned char *skb_push(struct sk_buff *skb, uint32_t len)
{
	if (len > skb_headroom(skb))
		skb_panic(skb, len, "skb_under_panic");
	skb->data -= len;
	skb->len += len;
	return skb->data;
}

unsigned char *skb_pull(struct sk_buff *skb, uint32_t len)
{
	if (len > skb->len)
		return NULL;
	skb->len -= len;
	skb->data += len;
	return skb->data;
}

void skb_reserve(struct sk_buff *skb, uint32_t len)
{
	if (skb->len || len > skb_tailroom(skb))
		skb_panic(skb, len, "skb_reserve");
	skb->data += len;
	skb->tail += len;
}

void skb_trim(struct sk_buff *skb, uint32_t len)
{
	if (len >= skb->len)
		return;
	skb->tail -= skb->len - len;
	skb->len = len;
}

/* ---- the pool ---- */

static uint32_t class_size(int c) { return 256u << c; }

static int size_class(uint32_t size)
{
	for (int c = 0; c < SKB_POOL_CLASSES; c++)
		if (size <= class_size(c))
			return c;
	return -1;
}

static void *buf_get(struct skb_pool *pool, int c)
{
	void *b = pool->free_bufs[c];
	if (b) {
		memcpy(&pool->free_bufs[c], b, sizeof(void *));
		return b;
	}
	return malloc(class_size(c));
}

static void buf_put(struct skb_pool *pool, int c, void *b)
{
	memcpy(b, &pool->free_bufs[c], sizeof(void *));
	pool->free_bufs[c] = b;
}

/* xorshift64*: deterministic, seeded failure injection. */
static uint64_t pool_rand(struct skb_pool *pool)
{
	uint64_t x = pool->rng;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	pool->rng = x;
	return x * 0x2545F4914F6CDD1DULL;
}

static bool pool_should_fail(struct skb_pool *pool)
{
	if (pool->cfg.max_live && pool->st.live >= pool->cfg.max_live)
		return true;
	return pool->cfg.fail_ppm && pool_rand(pool) % 1000000u < pool->cfg.fail_ppm;
}

static struct sk_buff *__alloc_skb(struct net *net, struct net_device *dev, uint32_t len, uint32_t headroom)
{
	struct skb_pool *pool = &net->pool;
	net_charge(net, RX_COST_SKB_ALLOC, 1);
	int c = size_class(headroom + len);
	if (c < 0 || pool_should_fail(pool)) {
		pool->st.alloc_failed++;
		return NULL;
	}
	struct sk_buff *skb = pool->free_skbs;
	if (skb)
		pool->free_skbs = skb->next;
	else
		skb = malloc(sizeof(*skb));
	unsigned char *buf = buf_get(pool, c);
	if (!skb || !buf) {
		free(skb);
		free(buf);
		pool->st.alloc_failed++;
		return NULL;
	}
	memset(skb, 0, sizeof(*skb));
	skb->net = net;
	skb->dev = dev;
	skb->head = buf;
	skb->buf_class = (uint8_t)c;
	skb->buf_size = class_size(c);
	skb->end = headroom + len;
	skb->data = buf + headroom;
	skb->tail = headroom;
	skb->truesize = SKB_DATA_ALIGN(headroom + len) + SKB_STRUCT_TRUESIZE + SKB_SHINFO_TRUESIZE;
	skb->id = ++pool->next_id;
	skb->tstamp[SKB_STAGE_ALLOC] = net_now(net);
	pool->st.allocated++;
	if (++pool->st.live > pool->st.live_max)
		pool->st.live_max = pool->st.live;
	return skb;
}

struct sk_buff *build_skb(struct net_device *dev, void *data, uint32_t frag_size,
			  void (*free_head)(void *ctx, unsigned char *head), void *ctx)
{
	struct net *net = dev->net;
	struct skb_pool *pool = &net->pool;
	/* The sk_buff itself still comes from the cache (napi_skb_cache_get). */
	net_charge(net, RX_COST_SKB_ALLOC, 1);
	if (frag_size <= SKB_SHINFO_TRUESIZE || pool_should_fail(pool)) {
		pool->st.alloc_failed++;
		return NULL;
	}
	struct sk_buff *skb = pool->free_skbs;
	if (skb)
		pool->free_skbs = skb->next;
	else if (!(skb = malloc(sizeof(*skb)))) {
		pool->st.alloc_failed++;
		return NULL;
	}
	const uint32_t size = frag_size - SKB_SHINFO_TRUESIZE;
	memset(skb, 0, sizeof(*skb));
	skb->net = net;
	skb->dev = dev;
	skb->head = skb->data = data;
	skb->buf_size = skb->end = size;
	skb->head_free = free_head;
	skb->head_free_ctx = ctx;
	skb->truesize = SKB_DATA_ALIGN(size) + SKB_STRUCT_TRUESIZE + SKB_SHINFO_TRUESIZE;
	skb->id = ++pool->next_id;
	skb->tstamp[SKB_STAGE_ALLOC] = net_now(net);
	pool->st.allocated++;
	if (++pool->st.live > pool->st.live_max)
		pool->st.live_max = pool->st.live;
	return skb;
}

struct sk_buff *alloc_skb(struct net *net, uint32_t len) { return __alloc_skb(net, NULL, len, NET_SKB_PAD); }

struct sk_buff *netdev_alloc_skb(struct net_device *dev, uint32_t len)
{
	return __alloc_skb(dev->net, dev, len, NET_SKB_PAD);
}

struct sk_buff *netdev_alloc_skb_ip_align(struct net_device *dev, uint32_t len)
{
	return __alloc_skb(dev->net, dev, len, NET_SKB_PAD + NET_IP_ALIGN);
}

struct sk_buff *napi_alloc_skb(struct napi_struct *napi, uint32_t len)
{
	return netdev_alloc_skb_ip_align(napi->dev, len);
}

/* skb_free_head: the buffer back to whoever gave it. */
static void skb_free_head(struct sk_buff *skb)
{
	if (skb->head_free)
		skb->head_free(skb->head_free_ctx, skb->head);
	else
		buf_put(&skb->net->pool, skb->buf_class, skb->head);
	skb->head_free = NULL;
}

int skb_grow_tail(struct sk_buff *skb, uint32_t need)
{
	if (skb_tailroom(skb) >= need)
		return 0;
	struct skb_pool *pool = &skb->net->pool;
	int c = size_class(skb->tail + need);
	if (c < 0)
		return -1;
	unsigned char *nb = buf_get(pool, c);
	if (!nb)
		return -1;
	memcpy(nb, skb->head, skb->tail);
	skb->data = nb + (skb->data - skb->head);
	skb_free_head(skb);
	skb->head = nb;
	skb->buf_class = (uint8_t)c;
	skb->buf_size = class_size(c);
	skb->end = skb->buf_size;
	return 0;
}

void net_record_fate(struct net *net, struct sk_buff *skb, enum skb_fate fate,
		     enum skb_drop_reason reason, uint64_t merged_into)
{
	skb_stamp(skb, SKB_STAGE_FREE);
	net->fates[fate]++;
	if (fate == SKB_FATE_DROPPED)
		net->drops[reason]++;
	if (!net->cfg.keep_fate_log && !net->cfg.fate_cb)
		return;
	struct skb_fate_record rec = {
		.id = skb->id, .trace_id = skb->trace_id, .fate = fate, .reason = reason,
		.ifindex = skb->dev ? skb->dev->ifindex : 0, .sock_id = skb->sock_id,
		.socket_ctx = skb->socket_ctx, .len = skb->rx_len, .merged_into = merged_into,
	};
	memcpy(rec.tstamp, skb->tstamp, sizeof(rec.tstamp));
	if (net->cfg.keep_fate_log) {
		if (net->fate_len == net->fate_cap) {
			size_t cap = net->fate_cap ? net->fate_cap * 2 : 1024;
			struct skb_fate_record *n = realloc(net->fate_log, cap * sizeof(*n));
			if (!n)
				abort();
			net->fate_log = n;
			net->fate_cap = cap;
		}
		net->fate_log[net->fate_len++] = rec;
	}
	if (net->cfg.fate_cb)
		net->cfg.fate_cb(net->cfg.fate_arg, &rec);
}

static void skb_release(struct sk_buff *skb)
{
	struct skb_pool *pool = &skb->net->pool;
	skb_free_head(skb);
	skb->next = pool->free_skbs;
	pool->free_skbs = skb;
	pool->st.freed++;
	pool->st.live--;
}

static void skb_finish(struct sk_buff *skb, enum skb_fate fate, enum skb_drop_reason reason, uint64_t into)
{
	struct net *net = skb->net;
	net_charge(net, RX_COST_SKB_FREE, 1);
	net_record_fate(net, skb, fate, reason, into);
	/* A GRO super-packet's segments end as it did, each with the stages
	 * it reached as part of it (the socket it reached, when). */
	for (struct sk_buff *seg = skb->frag_list, *next; seg; seg = next) {
		next = seg->next;
		for (int st = SKB_STAGE_RECEIVE; st < SKB_STAGE_FREE; st++)
			if (!seg->tstamp[st])
				seg->tstamp[st] = skb->tstamp[st];
		seg->sock_id = skb->sock_id;
		seg->socket_ctx = skb->socket_ctx;
		net_charge(net, RX_COST_SKB_FREE, 1);
		net_record_fate(net, seg, fate, reason, skb->id);
		skb_release(seg);
	}
	skb_release(skb);
}

void kfree_skb_reason(struct sk_buff *skb, enum skb_drop_reason reason)
{
	if (!skb)
		return;
	if ((unsigned)reason >= SKB_DROP_REASON_MAX)
		reason = SKB_DROP_REASON_NOT_SPECIFIED;
	skb_finish(skb, reason == SKB_CONSUMED ? SKB_FATE_CONSUMED : SKB_FATE_DROPPED, reason, 0);
}

void consume_skb(struct sk_buff *skb)
{
	if (skb)
		skb_finish(skb, SKB_FATE_CONSUMED, SKB_CONSUMED, 0);
}

void skb_free_merged(struct sk_buff *skb, uint64_t into) { skb_finish(skb, SKB_FATE_CONSUMED, SKB_CONSUMED, into); }

void skb_free_delivered(struct sk_buff *skb, enum skb_fate fate) { skb_finish(skb, fate, SKB_CONSUMED, 0); }

void skb_pool_destroy(struct skb_pool *pool)
{
	while (pool->free_skbs) {
		struct sk_buff *s = pool->free_skbs;
		pool->free_skbs = s->next;
		free(s);
	}
	for (int c = 0; c < SKB_POOL_CLASSES; c++) {
		while (pool->free_bufs[c]) {
			void *b = pool->free_bufs[c];
			memcpy(&pool->free_bufs[c], b, sizeof(void *));
			free(b);
		}
	}
}
