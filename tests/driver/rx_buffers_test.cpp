// Where the receive buffers go (Linux 6.6 drivers/net/ethernet/intel/e1000/
// e1000_main.c): e1000_copybreak copies a short frame and the buffer stays in
// its slot; a longer frame goes up the stack in its buffer (napi_build_skb,
// buffer_info->rxbuf.data = NULL) and e1000_alloc_rx_buffers gives the slot a
// new one (e1000_alloc_frag), whose address it writes into the descriptor.
// And what happens when there is no skb or no buffer: alloc_rx_buff_failed,
// the loop stops, and e1000_watchdog's ICS = RXDMT0 brings the poll back.
#include <set>

#include "driver_fixture.h"

namespace {
// The buffer addresses descriptors [from, from + n) hold.
std::vector<uint64_t> addresses(const e1000_rx_ring &r, uint32_t from, uint32_t n)
{
	std::vector<uint64_t> out;
	for (uint32_t i = from; i < from + n; i++)
		out.push_back(FakeNic::buffer_addr(e1000_rx_desc(&r, i)));
	return out;
}
}  // namespace

// Copybreak 256, 20 frames of 1000 bytes: each goes up in its buffer, and
// after the refill every one of those slots holds a buffer it did not hold
// before (none of them in use elsewhere), but the last, now the ring's one
// empty slot; the socket reads each payload byte for byte.  Then 20 frames of 64 bytes (68 with the FCS): copied, the
// slots keep their buffers.
TEST_F(DriverTest, LongFramesGoUpInTheirBuffersAndSlotsGetNewOnes)
{
	open();
	const e1000_rx_ring &r = adapter->rx_ring;
	ASSERT_EQ(256u, adapter->opt.copybreak);
	const std::vector<uint64_t> before = addresses(r, 0, 20);
	std::vector<Bytes> sent;
	for (int i = 0; i < 20; i++) {
		sent.push_back(udp(958, uint8_t(i)));  // 1000 bytes
		receive(sent.back());
	}
	interrupt();
	EXPECT_EQ(20u, adapter->drv.rx_build_skb);
	EXPECT_EQ(0u, adapter->drv.rx_copybreak);
	EXPECT_EQ(20u, r.pool->up) << "the buffers are in the socket's skbs";
	const std::vector<uint64_t> after = addresses(r, 0, 20);
	std::set<uint64_t> in_use;
	for (uint32_t i = 20; i < r.count - 1; i++)
		in_use.insert(r.buffer_info[i].dma);
	EXPECT_EQ(19u, r.next_to_use);
	EXPECT_EQ(nullptr, r.buffer_info[19].buf);
	for (int i = 0; i < 19; i++) {
		SCOPED_TRACE(i);
		EXPECT_NE(before[i], after[i]);
		EXPECT_EQ(r.buffer_info[i].dma, after[i]);
		EXPECT_EQ(0u, in_use.count(after[i]));
		EXPECT_EQ(0u, std::set<uint64_t>(before.begin(), before.end()).count(after[i]));
	}
	const std::vector<Bytes> got = read_all();
	ASSERT_EQ(20u, got.size());
	for (int i = 0; i < 20; i++)
		EXPECT_EQ(payload_of_udp(sent[i]), got[i]) << i;
	EXPECT_EQ(0u, r.pool->up) << "read and freed: the buffers are back in the pool";

	const std::vector<uint64_t> before64 = addresses(r, 20, 20);
	for (int i = 0; i < 20; i++)
		receive(udp(22, uint8_t(i)));  // 64 bytes
	interrupt();
	EXPECT_EQ(20u, adapter->drv.rx_copybreak);
	EXPECT_EQ(20u, adapter->drv.rx_build_skb);
	EXPECT_EQ(before64, addresses(r, 20, 20));
	EXPECT_EQ(20u, read_all().size());
}

// A buffer up the stack outlives ifdown: the pool is freed with the last
// skb, and then all the host memory is back.
TEST_F(DriverTest, BuffersUpTheStackOutliveClose)
{
	const uint64_t free_before = hostmem_free_bytes(&hm);
	open();
	receive(udp(958));
	interrupt();
	ASSERT_EQ(1u, adapter->rx_ring.pool->up);
	EXPECT_EQ(0, e1000_close(adapter));
	EXPECT_LT(hostmem_free_bytes(&hm), free_before) << "the skb still holds its buffer";
	EXPECT_EQ(1u, read_all().size());
	EXPECT_EQ(free_before, hostmem_free_bytes(&hm));
}

namespace {
// The host stack with at most `live` skbs at a time (the pool's limit).
net_config with_max_live(uint64_t live)
{
	net_config cfg = Host::default_config();
	cfg.pool.max_live = live;
	return cfg;
}
}  // namespace

class DriverSkbLimitTest : public DriverTest {
protected:
	DriverSkbLimitTest() : DriverTest(with_max_live(3)) {}
};

// e1000_clean_rx_irq (Linux 6.6): no skb for a frame -> alloc_rx_buff_failed++
// and break.  The frame is not dropped: its descriptor stays done, counted
// as work, and the next poll takes it once skbs are free again.
TEST_F(DriverSkbLimitTest, NoSkbStopsThePollAndTheFrameWaits)
{
	open();
	std::vector<Bytes> sent;
	for (int i = 0; i < 5; i++) {
		sent.push_back(udp(958, uint8_t(i)));
		receive(sent.back());
	}
	EXPECT_EQ(4, clean(64)) << "three skbs, then the fourth frame counted as work and left";
	EXPECT_EQ(1u, adapter->drv.alloc_rx_buff_failed);
	EXPECT_EQ(3u, adapter->rx_ring.next_to_clean);
	EXPECT_TRUE(e1000_rx_desc(&adapter->rx_ring, 3)[NIC_RXD_STATUS_OFFSET] & NIC_RXD_STATUS_DD);
	EXPECT_EQ(3u, adapter->netdev->stats.rx_packets);
	EXPECT_EQ(0u, adapter->netdev->stats.rx_dropped);
	std::vector<Bytes> got = read_all();
	EXPECT_EQ(2, clean(64));
	for (const Bytes &b : read_all())
		got.push_back(b);
	ASSERT_EQ(5u, got.size());
	for (int i = 0; i < 5; i++)
		EXPECT_EQ(payload_of_udp(sent[i]), got[i]) << i;
	EXPECT_EQ(1u, adapter->drv.alloc_rx_buff_failed);
}

class DriverSmallPoolTest : public DriverTest {
protected:
	DriverSmallPoolTest()
	{
		opt.rx_ring_count = 80;
		opt.rx_pool_count = 85;  // the 79 the ring takes at open, 6 to spare
	}
};

// e1000_alloc_rx_buffers (Linux 6.6): no buffer -> alloc_rx_buff_failed++,
// "better luck next round": the slots from there stay empty (RDT stops
// before them).  e1000_watchdog's ICS = RXDMT0 raises an interrupt whose
// poll refills them once the stack has given buffers back.  On a ring with
// nothing to do the model's watchdog raises none (Linux does, at every run:
// docs/FIDELITY.md).
TEST_F(DriverSmallPoolTest, RefillWithoutBuffersWaitsForTheWatchdog)
{
	open();
	const e1000_rx_ring &r = adapter->rx_ring;
	ASSERT_EQ(85u, r.pool->count);
	for (int i = 0; i < 10; i++)
		receive(udp(958, uint8_t(i)));
	interrupt();
	EXPECT_EQ(10u, r.pool->up);
	EXPECT_EQ(1u, adapter->drv.alloc_rx_buff_failed);
	// next_to_use was 79; six slots got the six spare buffers.
	EXPECT_EQ(5u, r.next_to_use);
	EXPECT_EQ(4u, nic.reg(NIC_RDT));
	EXPECT_EQ(4u, e1000_desc_unused(&r));
	EXPECT_EQ(E1000_OWN_DRIVER, r.buffer_info[5].owner);
	EXPECT_EQ(nullptr, r.buffer_info[5].buf);
	EXPECT_EQ(10u, read_all().size()) << "no frame was lost";

	nic.clear_log();
	nic.work_queued = false;
	e1000_watchdog(adapter);
	EXPECT_EQ((std::vector<uint32_t>{NIC_ICR_RXDMT0}), nic.writes(NIC_ICS));
	EXPECT_EQ(IRQ_HANDLED, interrupt());
	EXPECT_EQ(0u, e1000_desc_unused(&r)) << "every slot has a buffer again";
	EXPECT_EQ(rdt_expected(), nic.reg(NIC_RDT));
	EXPECT_EQ(1u, adapter->drv.alloc_rx_buff_failed);
	EXPECT_EQ(1, nic.receive(udp(958)));

	EXPECT_EQ(IRQ_HANDLED, interrupt());
	EXPECT_EQ(1u, read_all().size());
	nic.clear_log();
	nic.work_queued = false;
	e1000_watchdog(adapter);
	EXPECT_TRUE(nic.writes(NIC_ICS).empty()) << "a full ring with nothing done";
}

// A frame whose poll found no skb is left done in its slot; the watchdog's
// RXDMT0 interrupt brings a poll that takes it once skbs are free.
TEST_F(DriverSkbLimitTest, WatchdogInterruptTakesAFrameLeftForWantOfAnSkb)
{
	open();
	for (int i = 0; i < 4; i++)
		receive(udp(958, uint8_t(i)));
	interrupt();
	EXPECT_EQ(1u, adapter->drv.alloc_rx_buff_failed);
	EXPECT_EQ(3u, read_all().size());
	nic.clear_log();
	nic.work_queued = false;
	e1000_watchdog(adapter);
	EXPECT_EQ((std::vector<uint32_t>{NIC_ICR_RXDMT0}), nic.writes(NIC_ICS));
	EXPECT_EQ(IRQ_HANDLED, interrupt());
	EXPECT_EQ(1u, read_all().size());
	EXPECT_EQ(4u, adapter->rx_ring.next_to_clean);
}
