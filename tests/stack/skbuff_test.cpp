// sk_buff arithmetic, pool failure injection and leak accounting.
#include <gtest/gtest.h>

#include "stack_harness.h"

// skb_reserve/put/push/pull move data/tail inside [head, end) exactly as the
// kernel's helpers do; truesize = SKB_TRUESIZE(SKB_DATA_ALIGN(pad + len)).
TEST(StackSkb, PointerArithmeticAndHeadroom)
{
	Host h;
	sk_buff *skb = alloc_skb(h.n, 100);
	ASSERT_NE(nullptr, skb);
	EXPECT_EQ(uint32_t(NET_SKB_PAD), skb_headroom(skb));
	EXPECT_EQ(100u, skb_tailroom(skb));
	EXPECT_EQ(0u, skb->len);
	EXPECT_EQ(SKB_DATA_ALIGN(64 + 100) + 256u + 320u, skb->truesize);
	EXPECT_EQ(768u, skb->truesize);

	skb_reserve(skb, 2);
	EXPECT_EQ(66u, skb_headroom(skb));
	EXPECT_EQ(98u, skb_tailroom(skb));
	unsigned char *p = skb_put(skb, 50);
	EXPECT_EQ(skb->data, p);
	EXPECT_EQ(50u, skb->len);
	EXPECT_EQ(48u, skb_tailroom(skb));
	unsigned char *q = skb_push(skb, 14);
	EXPECT_EQ(p - 14, q);
	EXPECT_EQ(64u, skb->len);
	EXPECT_EQ(52u, skb_headroom(skb));
	EXPECT_EQ(p, skb_pull(skb, 14));
	EXPECT_EQ(50u, skb->len);
	EXPECT_EQ(nullptr, skb_pull(skb, 51));  // refused, nothing moved
	EXPECT_EQ(50u, skb->len);
	EXPECT_EQ(p, skb->data);
	skb_trim(skb, 20);
	EXPECT_EQ(20u, skb->len);
	EXPECT_EQ(skb->data + 20, skb_tail_pointer(skb));
	skb_reset_network_header(skb);
	skb_pull(skb, 8);
	EXPECT_EQ(8u, skb_network_offset(skb));
	kfree_skb(skb);
	skb_pool_stats st = net_pool_stats(h.n);
	EXPECT_EQ(1u, st.allocated);
	EXPECT_EQ(1u, st.freed);
	EXPECT_EQ(0u, st.live);
	EXPECT_EQ(1u, h.drops(SKB_DROP_REASON_NOT_SPECIFIED));
}

// skb_put past the end is a caller bug: the stack aborts like skb_over_panic.
TEST(StackSkbDeathTest, PutPastEndAborts)
{
	Host h;
	sk_buff *skb = alloc_skb(h.n, 16);
	EXPECT_DEATH(skb_put(skb, 17), "skb_over_panic");
	kfree_skb(skb);
}

static std::vector<bool> failure_pattern(uint64_t seed, uint32_t ppm, int n)
{
	net_config cfg = Host::default_config();
	cfg.keep_fate_log = false;
	cfg.pool.seed = seed;
	cfg.pool.fail_ppm = ppm;
	Host h(cfg);
	std::vector<bool> v;
	for (int i = 0; i < n; i++) {
		sk_buff *skb = alloc_skb(h.n, 64);
		v.push_back(skb == nullptr);
		kfree_skb(skb);
	}
	skb_pool_stats st = net_pool_stats(h.n);
	EXPECT_EQ(uint64_t(n), st.allocated + st.alloc_failed);
	EXPECT_EQ(st.allocated, st.freed);
	return v;
}

// Failure injection is a seeded PRNG: same seed, same failures; the rate
// is close to fail_ppm.
TEST(StackSkb, AllocFailureInjectionIsSeeded)
{
	std::vector<bool> a = failure_pattern(42, 250000, 10000);
	std::vector<bool> b = failure_pattern(42, 250000, 10000);
	std::vector<bool> c = failure_pattern(43, 250000, 10000);
	EXPECT_EQ(a, b);
	EXPECT_NE(a, c);
	long fails = std::count(a.begin(), a.end(), true);
	EXPECT_GT(fails, 2300);
	EXPECT_LT(fails, 2700);
	std::vector<bool> none = failure_pattern(42, 0, 1000);
	EXPECT_EQ(0, std::count(none.begin(), none.end(), true));
}

// A pool limit (max_live) fails allocations while that many skbs are live.
TEST(StackSkb, MaxLiveLimit)
{
	net_config cfg = Host::default_config();
	cfg.pool.max_live = 3;
	Host h(cfg);
	sk_buff *s[3];
	for (auto &x : s)
		ASSERT_NE(nullptr, x = alloc_skb(h.n, 64));
	EXPECT_EQ(nullptr, alloc_skb(h.n, 64));
	consume_skb(s[0]);
	sk_buff *again = alloc_skb(h.n, 64);
	EXPECT_NE(nullptr, again);
	consume_skb(again);
	consume_skb(s[1]);
	kfree_skb_reason(s[2], SKB_DROP_REASON_PKT_TOO_SMALL);
	skb_pool_stats st = net_pool_stats(h.n);
	EXPECT_EQ(4u, st.allocated);
	EXPECT_EQ(1u, st.alloc_failed);
	EXPECT_EQ(3u, st.live_max);
	EXPECT_EQ(0u, st.live);
	EXPECT_EQ(3u, net_fate_total(h.n, SKB_FATE_CONSUMED));
	EXPECT_EQ(1u, net_fate_total(h.n, SKB_FATE_DROPPED));
	EXPECT_TRUE(net_check_conservation(h.n, nullptr));
}

// build_skb (Linux 6.6 net/core/skbuff.c __build_skb_around): the skb takes
// the caller's buffer as it is; the data area is frag_size less the shared
// info, truesize SKB_TRUESIZE of it; freeing the skb gives the buffer back
// through free_head, once. A pool limit fails it like any allocation, and
// the buffer is then still the caller's.
TEST(StackSkb, BuildSkbAroundACallersBuffer)
{
	net_config cfg = Host::default_config();
	cfg.pool.max_live = 1;
	Host h(cfg);
	struct Given {
		std::vector<unsigned char *> back;
	} given;
	const auto free_head = [](void *ctx, unsigned char *head) { static_cast<Given *>(ctx)->back.push_back(head); };
	alignas(64) static unsigned char buf[2176];
	sk_buff *skb = build_skb(h.eth0, buf, 2176 + SKB_SHINFO_TRUESIZE, free_head, &given);
	ASSERT_NE(nullptr, skb);
	EXPECT_EQ(buf, skb->head);
	EXPECT_EQ(2176u, skb_tailroom(skb));
	EXPECT_EQ(2176u + 256u + 320u, skb->truesize);
	EXPECT_EQ(nullptr, build_skb(h.eth0, buf, 2176 + SKB_SHINFO_TRUESIZE, free_head, &given)) << "max_live 1";
	EXPECT_TRUE(given.back.empty());
	skb_reserve(skb, NET_SKB_PAD + NET_IP_ALIGN);
	skb_put(skb, 100);
	consume_skb(skb);
	EXPECT_EQ(std::vector<unsigned char *>{buf}, given.back);
	const skb_pool_stats st = net_pool_stats(h.n);
	EXPECT_EQ(1u, st.allocated);
	EXPECT_EQ(1u, st.alloc_failed);
	EXPECT_EQ(0u, st.live);
}
