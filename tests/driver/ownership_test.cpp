// Descriptor ownership: the NIC writes only what the driver gave it (slots
// behind RDT), and software never finds DD on a slot hardware did not own.
#include <string>

#include "driver_fixture.h"

// e1000_check_dma_write: descriptors and buffers of slots given to hardware
// are writable; the slot at RDT (filled, not yet given), a slot never
// filled, a write across two buffers and anything outside are refused.
TEST_F(DriverTest, DmaWriteAllowedOnlyIntoGivenSlots)
{
	open();
	const e1000_rx_ring &r = adapter->rx_ring;
	const uint32_t len = opt.rx_buffer_len;
	const uint32_t tail = nic.reg(NIC_RDT);
	auto desc = [&](uint32_t i) { return r.dma + uint64_t(i) * NIC_RXD_SIZE; };
	auto buf = [&](uint32_t i) { return r.buffer_info[i].dma; };

	EXPECT_TRUE(e1000_check_dma_write(adapter, desc(0), NIC_RXD_SIZE));
	EXPECT_TRUE(e1000_check_dma_write(adapter, buf(0), len));
	EXPECT_TRUE(e1000_check_dma_write(adapter, desc(tail - 1), NIC_RXD_SIZE));
	EXPECT_TRUE(e1000_check_dma_write(adapter, buf(tail - 1) + 100, 64));
	EXPECT_EQ(0u, adapter->violations);

	EXPECT_FALSE(e1000_check_dma_write(adapter, desc(tail), NIC_RXD_SIZE));
	EXPECT_NE(std::string::npos, std::string(adapter->violation).find("descriptor " + std::to_string(tail)))
		<< adapter->violation;
	EXPECT_FALSE(e1000_check_dma_write(adapter, buf(tail), 64));
	EXPECT_FALSE(e1000_check_dma_write(adapter, desc(r.count - 1), NIC_RXD_SIZE));
	EXPECT_FALSE(e1000_check_dma_write(adapter, desc(tail - 1), 2 * NIC_RXD_SIZE)) << "runs into the slot at RDT";
	EXPECT_FALSE(e1000_check_dma_write(adapter, buf(0) + len - 8, 16)) << "crosses into the next buffer";
	EXPECT_FALSE(e1000_check_dma_write(adapter, r.pool->dma + r.pool->size, 64)) << "past the buffers";
	EXPECT_FALSE(e1000_check_dma_write(adapter, kBusBase + kHostMemBytes - 64, 64)) << "not the driver's memory";
	EXPECT_EQ(7u, adapter->violations);
	expected_violations = 7;
}

// A cleaned slot is the driver's again: the refill after one cleaned frame
// gives back the slot before it (the old always-empty one), so slot 0 now
// stays empty and the NIC may not write it.
TEST_F(DriverTest, CleanedSlotIsNotWritable)
{
	open();
	receive(udp(40));
	EXPECT_EQ(1, clean(1));
	EXPECT_EQ(0u, adapter->rx_ring.next_to_use);
	EXPECT_EQ(rdt_expected(), nic.reg(NIC_RDT));
	EXPECT_EQ(E1000_OWN_DRIVER, adapter->rx_ring.buffer_info[0].owner);
	EXPECT_FALSE(e1000_check_dma_write(adapter, adapter->rx_ring.dma, NIC_RXD_SIZE));
	expected_violations = 1;
}

// e1000_check_rx_ownership: a healthy ring after traffic that wraps it
// several times has no violation; DD forged in a slot hardware never owned
// is found.
TEST_F(DriverTest, OwnershipCheckFindsForgedDoneDescriptor)
{
	open();
	const uint32_t count = adapter->rx_ring.count;
	const int batches = 16, batch = 50;  // 800 frames: the ring wraps three times
	ASSERT_GT(uint32_t(batches * batch), 3 * count);
	size_t delivered = 0;
	for (int b = 0; b < batches; b++) {
		for (int i = 0; i < batch; i++)
			receive(udp(40, uint8_t(i)));
		interrupt();
		delivered += read_all().size();
		EXPECT_EQ(rdt_expected(), nic.reg(NIC_RDT));
	}
	EXPECT_EQ(size_t(batches * batch), delivered);
	EXPECT_EQ(0u, e1000_check_rx_ownership(adapter)) << adapter->violation;

	const uint32_t unfilled = adapter->rx_ring.next_to_use;
	e1000_rx_desc(&adapter->rx_ring, unfilled)[NIC_RXD_STATUS_OFFSET] |= NIC_RXD_STATUS_DD;
	EXPECT_EQ(1u, e1000_check_rx_ownership(adapter));
	EXPECT_NE(std::string::npos, std::string(adapter->violation).find("DD")) << adapter->violation;
	// Undone, or the teardown's check would count it again.
	e1000_rx_desc(&adapter->rx_ring, unfilled)[NIC_RXD_STATUS_OFFSET] = 0;
	expected_violations = 1;
}
