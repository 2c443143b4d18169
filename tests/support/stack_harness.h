// Test harness for the receive stack: a fake platform (time, charges,
// timers, wake-ups), a host with one Ethernet device, and a fake NAPI driver;
// frames come from frames.h.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "frames.h"
#include "rxsim/rxstack.h"

using Bytes = frames::Bytes;

// ---- fake platform ----
struct FakePlatform {
	uint64_t now = 0;
	uint64_t cost_ns[RX_COST__COUNT] = {};  // time each charge advances
	uint64_t charges[RX_COST__COUNT] = {};
	std::vector<timer_list *> timers;
	int ksoftirqd_wakeups = 0;
	bool resched = false;          // what need_resched() answers
	std::vector<sock *> woken_readers;
	std::vector<napi_struct *> woken_napi_threads;
	int cpu = 0;
	// Runs after each charge (e.g. to take a hard IRQ); may be empty.
	std::function<void(rx_cost)> on_charge;
	net *n = nullptr;

	rx_platform ops();
	// Moves time forward, firing due timers in expiry order.
	void advance_to(uint64_t t);
	size_t armed_timers() const;
};

// ---- a host: net, eth0 with 10.0.0.1/24 ----
struct Host {
	FakePlatform plat;
	net *n = nullptr;
	net_device *eth0 = nullptr;
	uint32_t alloc_len = 2048;  // buffer the "driver" allocates per frame

	explicit Host(net_config cfg = default_config());
	~Host();
	Host(const Host &) = delete;
	Host &operator=(const Host &) = delete;
	static net_config default_config();

	// Driver-like receive: alloc, copy, eth_type_trans, netif_receive_skb.
	// Returns the skb id, 0 if allocation failed.
	uint64_t rx(const Bytes &frame, uint8_t ip_summed = CHECKSUM_NONE);
	sk_buff *make_skb(const Bytes &frame, uint8_t ip_summed = CHECKSUM_NONE);
	sock *udp_socket(uint16_t port, uint32_t addr = 0);
	uint64_t drops(skb_drop_reason r) const { return net_drop_count(n, r); }
	const struct net_mib &mib() const { return *net_mib(n); }
	softnet_stat softnet(int cpu = 0) const;
	// The fate record of skb id (fails the test if absent or duplicated).
	const skb_fate_record *fate(uint64_t id) const;
	// "Udp:" style /proc table -> {"Udp.NoPorts": value, ...}.
	std::map<std::string, long long> snmp_table() const;
};

// The next datagram queued on sk (empty if none), read with sock_recv into a
// buffer that holds the largest UDP payload.
Bytes recv_one(sock *sk, rx_recvinfo *info = nullptr);

// ---- a NAPI driver over a queue of frames (or of bare work units) ----
struct FakeDriver {
	Host &h;
	net_device *dev;
	napi_struct napi{};
	std::vector<Bytes> ring;       // frames waiting; consumed from the front
	size_t next = 0;
	uint64_t bare_work = 0;        // work units without packets (NAPI arithmetic)
	bool over_budget_bug = false;  // planted: one unit past the budget, then complete
	bool irq_enabled = true;
	std::vector<bool> complete_results;
	std::vector<int> poll_log;     // budget given at each poll
	uint64_t alloc_failed = 0;
	std::string tag;               // name for poll-order logs
	std::vector<std::string> *order = nullptr;

	FakeDriver(Host &host, net_device *d, int weight = NAPI_POLL_WEIGHT);
	~FakeDriver();
	// Hard IRQ: mask and schedule (e1000_intr).
	void interrupt();
	static int poll(napi_struct *napi, int budget);
};

// A hard interrupt as the platform delivers it: handler between irq_enter
// and irq_exit (which runs the softirqs it raised).
void hard_irq(Host &h, const std::function<void()> &handler);
