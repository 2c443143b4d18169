// Interrupt throttling: e1000_update_itr's classes, e1000_set_itr's
// smoothing, the InterruptThrottleRate parameter and the simplified mode 4.
#include "driver_fixture.h"

// e1000_update_itr's table (packets and bytes seen since the interrupt).
TEST(E1000UpdateItr, ClassTable)
{
	struct Case {
		e1000_latency_range from;
		uint32_t packets, bytes;
		e1000_latency_range to;
		const char *why;
	};
	const Case cases[] = {
		{low_latency, 5, 12000, bulk_latency, "low: > 10000 bytes in < 10 packets"},
		{low_latency, 10, 13000, bulk_latency, "low: > 10000 bytes, average > 1200"},
		{low_latency, 12, 100000, bulk_latency, "low: > 10000 bytes, jumbo average > 8000"},
		{low_latency, 40, 20000, lowest_latency, "low: > 10000 bytes in > 35 small packets"},
		{low_latency, 20, 12000, low_latency, "low: > 10000 bytes, 10..35 packets of <= 1200"},
		{low_latency, 4, 9000, bulk_latency, "low: <= 10000 bytes, average > 2000"},
		{low_latency, 2, 200, lowest_latency, "low: <= 2 packets under 512 bytes"},
		{low_latency, 5, 2000, low_latency, "low: a few small packets"},
		{low_latency, 9, 10800, bulk_latency, "low: > 10000 bytes in 9 packets"},
		{low_latency, 10, 11000, low_latency, "low: > 10000 bytes in 10 packets of 1100"},
		{low_latency, 36, 12000, lowest_latency, "low: > 10000 bytes in 36 packets"},
		{low_latency, 35, 12000, low_latency, "low: > 10000 bytes in 35 packets"},
		{low_latency, 8, 10000, low_latency, "low: 10000 bytes is not > 10000"},
		{lowest_latency, 2, 18000, bulk_latency, "lowest: jumbo average > 8000"},
		{lowest_latency, 4, 1000, low_latency, "lowest: < 5 packets, > 512 bytes"},
		{lowest_latency, 10, 1000, lowest_latency, "lowest: many small packets"},
		{bulk_latency, 40, 30000, low_latency, "bulk: > 25000 bytes in > 35 packets"},
		{bulk_latency, 20, 30000, bulk_latency, "bulk: > 25000 bytes in <= 35 packets"},
		{bulk_latency, 36, 30000, low_latency, "bulk: > 25000 bytes in 36 packets"},
		{bulk_latency, 35, 30000, bulk_latency, "bulk: > 25000 bytes in 35 packets"},
		{bulk_latency, 40, 25000, bulk_latency, "bulk: 25000 bytes is not > 25000"},
		{bulk_latency, 10, 5999, low_latency, "bulk: 5999 bytes"},
		{bulk_latency, 10, 6000, bulk_latency, "bulk: 6000 bytes is not < 6000"},
		{bulk_latency, 10, 5000, low_latency, "bulk: < 6000 bytes"},
		{bulk_latency, 10, 10000, bulk_latency, "bulk: 6000..25000 bytes"},
		{lowest_latency, 0, 0, lowest_latency, "no packets: unchanged"},
		{low_latency, 0, 50000, low_latency, "no packets: unchanged"},
		{bulk_latency, 0, 0, bulk_latency, "no packets: unchanged"},
	};
	for (const Case &c : cases)
		EXPECT_EQ(c.to, e1000_update_itr(c.from, c.packets, c.bytes)) << c.why;
}

// ITR counts 256 ns units: 1e9 / (rate * 256); 0 turns throttling off.
TEST(E1000ItrReg, RateToInterval)
{
	EXPECT_EQ(976u, e1000_itr_reg(4000));
	EXPECT_EQ(195u, e1000_itr_reg(20000));
	EXPECT_EQ(55u, e1000_itr_reg(70000));
	EXPECT_EQ(488u, e1000_itr_reg(8000));
	EXPECT_EQ(0u, e1000_itr_reg(0));
}

// Mode 4 (e1000_watchdog): one-way traffic 8000 ints/s, symmetric 2000, between in proportion.
TEST(E1000SimpleItr, FromOctets)
{
	EXPECT_EQ(8000u, e1000_simple_itr(1000000, 0));
	EXPECT_EQ(2000u, e1000_simple_itr(1000000, 1000000));
	EXPECT_EQ(5000u, e1000_simple_itr(3000000, 1000000));
	EXPECT_EQ(8000u, e1000_simple_itr(0, 0)) << "an idle period";
}

namespace {
// Sets what the poll measured, then runs e1000_set_itr.
void set_itr_after(e1000_adapter *a, uint32_t packets, uint32_t bytes)
{
	a->total_rx_packets = packets;
	a->total_rx_bytes = bytes;
	e1000_set_itr(a);
}
}  // namespace

// e1000_set_itr: a higher rate is approached in steps, new = min(old +
// new/4, new); a lower rate applies at once; each change rewrites ITR.
TEST_F(DriverTest, SetItrSmoothsRisesNotFalls)
{
	opt.interrupt_throttle_rate = E1000_ITR_DYNAMIC;
	open();
	ASSERT_EQ(20000u, adapter->itr);
	for (uint32_t expect : {37500u, 55000u, 70000u}) {
		set_itr_after(adapter, 10, 640);  // stays lowest_latency: 70000
		EXPECT_EQ(expect, adapter->itr);
		EXPECT_EQ(e1000_itr_reg(expect), nic.reg(NIC_ITR));
	}
	set_itr_after(adapter, 2, 18000);  // jumbo: bulk_latency
	EXPECT_EQ(4000u, adapter->itr);
	EXPECT_EQ(e1000_itr_reg(4000), nic.reg(NIC_ITR));
	EXPECT_EQ(4u, adapter->drv.itr_changes);
	const size_t itr_writes = nic.writes(NIC_ITR).size();
	set_itr_after(adapter, 10, 10000);  // stays bulk: no rewrite
	EXPECT_EQ(itr_writes, nic.writes(NIC_ITR).size());
}

// Conservative mode (3, the default) replaces lowest_latency by low: it
// never asks for 70000 ints/s.
TEST_F(DriverTest, ConservativeModeNeverPicksLowest)
{
	open();
	ASSERT_EQ(uint32_t(E1000_ITR_DYNAMIC_CONSERVATIVE), adapter->itr_setting);
	const size_t itr_writes = nic.writes(NIC_ITR).size();
	for (int i = 0; i < 5; i++)
		set_itr_after(adapter, 10, 640);
	EXPECT_EQ(low_latency, adapter->rx_itr);
	EXPECT_EQ(20000u, adapter->itr);
	EXPECT_EQ(itr_writes, nic.writes(NIC_ITR).size());
	set_itr_after(adapter, 2, 18000);  // from low: > 10000 bytes in < 10 packets
	EXPECT_EQ(4000u, adapter->itr);
}

// e1000_clean: after napi_complete_done, the adaptive update, then the unmask.
TEST_F(DriverTest, AdaptiveItrRunsWhenThePollCompletes)
{
	opt.interrupt_throttle_rate = E1000_ITR_DYNAMIC;
	open();
	receive(udp(18));
	nic.clear_log();
	interrupt();
	EXPECT_EQ(std::vector<uint32_t>{e1000_itr_reg(37500)}, nic.writes(NIC_ITR));
	EXPECT_LT(nic.last_access(true, NIC_ITR), nic.last_access(true, NIC_IMS));
}

// InterruptThrottleRate (e1000_check_options): 0 off (ITR 0); 1, 3, 4 start
// at 20000; 100..100000 is a fixed rate (low two bits of the setting clear);
// anything else falls back to the default mode 3.
TEST_F(DriverTest, InterruptThrottleRateParameter)
{
	struct Case {
		uint32_t param, setting, itr, reg;
	};
	const Case cases[] = {
		{0, 0, 0, 0},
		{1, 1, 20000, 195},
		{3, 3, 20000, 195},
		// Linux 6.1 e1000_check_options keeps itr = 4 for mode 4 until the
		// first watchdog: ITR = 1e9 / (4 * 256) = 976562, low 16 bits kept.
		{4, 4, 4, 976562},
		{8000, 8000, 8000, 488},
		{10001, 10000, 10001, e1000_itr_reg(10001)},
		{50, 3, 20000, 195},
		{2, 3, 20000, 195},
		{100001, 3, 20000, 195},
	};
	for (const Case &c : cases) {
		SCOPED_TRACE(c.param);
		opt.interrupt_throttle_rate = c.param;
		open();
		EXPECT_EQ(c.setting, adapter->itr_setting);
		EXPECT_EQ(c.itr, adapter->itr);
		EXPECT_EQ(c.reg, nic.reg(NIC_ITR));
		e1000_ethtool_stats st;
		e1000_get_ethtool_stats(adapter, &st);
		EXPECT_EQ(c.itr, st.itr);
		remove();
	}
}

// Mode 4 leaves the poll alone; the watchdog sets ITR from the period's
// received octets (no transmit path: 8000 ints/s).
TEST_F(DriverTest, SimplifiedModeSetByWatchdog)
{
	opt.interrupt_throttle_rate = E1000_ITR_SIMPLIFIED;
	open();
	receive(udp(40));
	nic.clear_log();
	interrupt();
	EXPECT_TRUE(nic.writes(NIC_ITR).empty()) << "mode 4 is not adaptive per poll";
	nic.set_reg(NIC_GORCL, 5000000);
	e1000_watchdog(adapter);
	EXPECT_EQ(8000u, adapter->itr);
	EXPECT_EQ(e1000_itr_reg(8000), nic.reg(NIC_ITR));
}
