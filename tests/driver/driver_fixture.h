// The driver's test bench: host memory, the fake NIC, a host stack (the
// FakePlatform and Host of tests/support/stack_harness.h) with a UDP socket, and the adapter.
#pragma once

#include <gtest/gtest.h>

#include <vector>

#include "fake_nic.h"
#include "stack_harness.h"

// The internals some tests call directly (e1000_clean_rx_irq); the header
// itself has no extern "C" because only C includes it.
extern "C" {
#include "e1000_hw.h"
}

// One rx_event hook call, copied: the skb is gone by the time a test looks.
struct RxEventRecord {
	e1000_rx_fate fate;
	uint32_t desc;
	uint16_t length;  // bytes the event carries, FCS included
	uint8_t status, errors;
	uint16_t descs;   // descriptors the frame took
	bool partial;     // only the frame's first buffer
	// The skb as the driver handed it up (PASSED only).
	uint32_t skb_len = 0;
	uint8_t ip_summed = 0, ip_hdr_csum_ok = 0, vlan_present = 0;
	uint16_t vlan_tci = 0;
};

class DriverTest : public ::testing::Test {
protected:
	// Above 4 GiB, so RDBAH carries something.
	static constexpr uint64_t kBusBase = 0x120000000ull;
	// Room for the largest buffers' pool (2304 of 16 KiB), not for 4096 + 2048 of them.
	static constexpr uint64_t kHostMemBytes = 64u << 20;
	static constexpr uint16_t kPort = 9000;

	// cfg: the host stack's (its skb pool's limits, say).
	explicit DriverTest(net_config cfg = Host::default_config());
	~DriverTest() override;
	// Every test ends with the ring's ownership intact (or the violations it provoked).
	void TearDown() override;

	void probe();
	void open();  // probes first if needed
	void remove();
	// A hard IRQ as the platform delivers it: the handler, then pending softirqs.
	irqreturn_t interrupt();
	// e1000_clean_rx_irq with a budget; returns work_done.
	int clean(int budget);

	// A UDP frame to the test socket with n payload bytes (42 + n bytes).
	static Bytes udp(size_t n, uint8_t seed = 0);
	// What the socket should read: past the Ethernet, IPv4 and UDP headers.
	static Bytes payload_of_udp(const Bytes &frame) { return Bytes(frame.begin() + 14 + 20 + 8, frame.end()); }
	// The NIC stores one frame (the test fails if it cannot).
	void receive(const Bytes &frame, FakeNic::RxMeta meta = {});
	// Datagrams waiting on the socket, read out.
	std::vector<Bytes> read_all();
	// RDT as e1000_alloc_rx_buffers must leave it: next_to_use - 1 (mod count).
	uint32_t rdt_expected() const;
	napi_struct &napi() { return adapter->napi; }

	Host host;
	host_memory hm{};
	FakeNic nic{&hm};
	e1000_options opt{};
	e1000_adapter *adapter = nullptr;
	sock *sk = nullptr;
	std::vector<RxEventRecord> events;
	uint64_t expected_violations = 0;
};
