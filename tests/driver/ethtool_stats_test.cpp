// ethtool -g/-G and -c/-C, and the statistics registers.
#include <cerrno>

#include "driver_fixture.h"

// e1000_set_ringparam: clamp to 80..4096, round up to a multiple of 8; an
// open device gets a new ring (programmed from RDH = 0, all but one slot
// given) and the old one goes back to the allocator.
TEST_F(DriverTest, SetRingparamRoundsClampsAndRebuilds)
{
	const uint64_t free_before = hostmem_free_bytes(&hm);
	open();
	receive(udp(40));  // lost with the old ring, as on a real ifdown
	struct Case {
		uint32_t asked, got;
	};
	for (const Case c : {Case{100, 104}, Case{10, 80}, Case{5000, E1000_MAX_RXD}, Case{256, 256}}) {
		SCOPED_TRACE(c.asked);
		nic.clear_log();
		e1000_ringparam ring{0, c.asked};
		EXPECT_EQ(0, e1000_set_ringparam(adapter, &ring));
		e1000_get_ringparam(adapter, &ring);
		EXPECT_EQ(c.got, ring.rx_pending);
		EXPECT_EQ(E1000_MAX_RXD, ring.rx_max_pending);
		EXPECT_EQ(c.got, adapter->rx_ring.count);
		EXPECT_EQ(c.got * NIC_RXD_SIZE, nic.reg(NIC_RDLEN));
		EXPECT_EQ(std::vector<uint32_t>{0}, nic.writes(NIC_RDH));
		EXPECT_EQ(c.got - 2, nic.reg(NIC_RDT));
		EXPECT_TRUE(nic.reg(NIC_RCTL) & NIC_RCTL_EN);
	}
	const Bytes f = udp(40, 5);
	receive(f);
	interrupt();
	EXPECT_EQ(std::vector<Bytes>{payload_of_udp(f)}, read_all());
	e1000_close(adapter);
	EXPECT_EQ(free_before, hostmem_free_bytes(&hm));
}

// A closed device only remembers the size for the next open.
TEST_F(DriverTest, SetRingparamWhileClosed)
{
	probe();
	e1000_ringparam ring{0, 100};
	EXPECT_EQ(0, e1000_set_ringparam(adapter, &ring));
	EXPECT_TRUE(nic.writes(NIC_RDLEN).empty());
	open();
	EXPECT_EQ(104u * NIC_RXD_SIZE, nic.reg(NIC_RDLEN));
}

// e1000_get/set_coalesce: rx-usecs 0, 1, 3, 4 are the modes, 10..10000 us
// a fixed rate of 1e6/us; 2, 5..9 and above 10000 are -EINVAL and change
// nothing.  As Linux 6.1's e1000_set_coalesce, only ITR is written: the
// delay timers (RDTR/RADV) keep their module-parameter values.
TEST_F(DriverTest, CoalesceRoundTripAndLimits)
{
	open();
	const uint32_t rdtr = nic.reg(NIC_RDTR), radv = nic.reg(NIC_RADV);
	for (uint32_t us : {0u, 1u, 3u, 4u, 10u, 100u, 125u, 10000u}) {
		SCOPED_TRACE(us);
		const e1000_coalesce set{us};
		EXPECT_EQ(0, e1000_set_coalesce(adapter, &set));
		e1000_coalesce got{};
		e1000_get_coalesce(adapter, &got);
		EXPECT_EQ(us, got.rx_coalesce_usecs);
	}
	EXPECT_EQ(e1000_itr_reg(100), nic.reg(NIC_ITR));
	EXPECT_EQ(rdtr, nic.reg(NIC_RDTR));
	EXPECT_EQ(radv, nic.reg(NIC_RADV));
	EXPECT_TRUE(nic.writes(NIC_RDTR).size() == 1 && nic.writes(NIC_RADV).size() == 1) << "at open only";

	const e1000_coalesce fixed{125};
	EXPECT_EQ(0, e1000_set_coalesce(adapter, &fixed));
	EXPECT_EQ(488u, nic.reg(NIC_ITR));
	for (uint32_t us : {2u, 5u, 9u, 10001u}) {
		SCOPED_TRACE(us);
		const e1000_coalesce bad{us};
		EXPECT_EQ(-EINVAL, e1000_set_coalesce(adapter, &bad));
		e1000_coalesce got{};
		e1000_get_coalesce(adapter, &got);
		EXPECT_EQ(125u, got.rx_coalesce_usecs);
	}
	EXPECT_EQ(488u, nic.reg(NIC_ITR));
}

// e1000_update_stats: the counters clear on read, so each update adds what
// came since the last; GORC is read low half first (reading GORCH clears
// both); the netdev gets rx_missed_errors = MPC, rx_crc_errors = CRCERRS,
// rx_length_errors = RUC + ROC.
TEST_F(DriverTest, UpdateStatsAccumulatesReadToClearCounters)
{
	open();
	nic.set_reg(NIC_CRCERRS, 3);
	nic.set_reg(NIC_MPC, 5);
	nic.set_reg(NIC_RUC, 2);
	nic.set_reg(NIC_ROC, 1);
	nic.set_reg(NIC_GPRC, 10);
	nic.set_reg(NIC_GORCL, 0x10);
	nic.set_reg(NIC_GORCH, 1);
	e1000_update_stats(adapter);
	EXPECT_LT(nic.last_access(false, NIC_GORCL), nic.last_access(false, NIC_GORCH));
	EXPECT_EQ(0x100000010u, adapter->stats.gorc);

	nic.set_reg(NIC_MPC, 7);
	nic.set_reg(NIC_CRCERRS, 1);
	nic.set_reg(NIC_GORCL, 0x20);
	e1000_update_stats(adapter);
	e1000_update_stats(adapter);  // nothing new since the last read
	const e1000_hw_stats &s = adapter->stats;
	EXPECT_EQ(12u, s.mpc);
	EXPECT_EQ(4u, s.crcerrs);
	EXPECT_EQ(2u, s.ruc);
	EXPECT_EQ(1u, s.roc);
	EXPECT_EQ(10u, s.gprc);
	EXPECT_EQ(0x100000030u, s.gorc);

	e1000_ethtool_stats st;
	e1000_get_ethtool_stats(adapter, &st);
	EXPECT_EQ(12u, st.net.rx_missed_errors);
	EXPECT_EQ(4u, st.net.rx_crc_errors);
	EXPECT_EQ(3u, st.net.rx_length_errors);
	EXPECT_EQ(12u, st.hw.mpc);
}
