// e1000_intr and the NAPI poll e1000_clean; the pre-NAPI handler.
#include "driver_fixture.h"

namespace {
// Linux 6.1 e1000.h IMS_ENABLE_MASK.
constexpr uint32_t kEnabledCauses = NIC_ICR_RXT0 | NIC_ICR_TXDW | NIC_ICR_RXDMT0 | NIC_ICR_RXSEQ | NIC_ICR_LSC;
}

// A shared line: ICR reads 0, so the interrupt is not ours; nothing is masked.
TEST_F(DriverTest, IcrZeroIsNotOurs)
{
	open();
	EXPECT_EQ(IRQ_HANDLED, interrupt()) << "ifup's own LSC (e1000_up writes ICS)";
	const uint64_t polls = napi().poll_calls;
	nic.clear_log();
	EXPECT_EQ(IRQ_NONE, interrupt());
	EXPECT_EQ(1u, adapter->drv.interrupts_none);
	EXPECT_EQ(1u, adapter->drv.interrupts) << "the LSC one only";
	EXPECT_TRUE(nic.writes(NIC_IMC).empty());
	EXPECT_EQ(kEnabledCauses, nic.reg(NIC_IMS));
	EXPECT_EQ(polls, napi().poll_calls);
}

// The handler reads ICR (clearing it), masks everything (IMC = ~0) and
// schedules NAPI.  A second IRQ while the poll is scheduled sets MISSED and,
// as e1000 does, unmasks again; the poll then runs again instead of unmasking.
TEST_F(DriverTest, InterruptMasksAndSchedulesNapi)
{
	open();
	receive(udp(40));
	nic.clear_log();
	irq_enter(host.n);
	EXPECT_EQ(IRQ_HANDLED, e1000_intr(adapter));
	EXPECT_EQ(0u, nic.reg(NIC_ICR));
	EXPECT_EQ(std::vector<uint32_t>{~0u}, nic.writes(NIC_IMC));
	EXPECT_EQ(0u, nic.reg(NIC_IMS));
	EXPECT_TRUE(napi().state & NAPI_STATE_SCHED);
	EXPECT_EQ(0u, napi().poll_calls) << "the poll runs on irq_exit, not in the handler";

	nic.raise(NIC_ICR_RXT0);
	EXPECT_EQ(IRQ_HANDLED, e1000_intr(adapter));
	EXPECT_EQ(1u, adapter->drv.napi_schedule_missed);
	EXPECT_TRUE(napi().state & NAPI_STATE_MISSED);
	EXPECT_EQ(1u, nic.writes(NIC_IMS).size());
	EXPECT_EQ(kEnabledCauses, nic.reg(NIC_IMS));

	irq_exit(host.n);
	EXPECT_EQ(2u, napi().poll_calls) << "MISSED made napi_complete_done reschedule";
	EXPECT_FALSE(napi().state & (NAPI_STATE_SCHED | NAPI_STATE_MISSED));
	EXPECT_EQ(kEnabledCauses, nic.reg(NIC_IMS));
	EXPECT_EQ(2u, adapter->drv.interrupts);
	EXPECT_EQ(1u, read_all().size());
}

// e1000_intr of Linux 2.6.12 (the kernel 2.6 profile, with its stack's
// netif_rx_schedule_prep that knows no MISSED): schedule first, then
// IMC = ~0 without the flushing read ("the flush of the posted write is
// intentionally left out"); a second interrupt while the poll is scheduled
// writes neither IMC nor IMS.  The poll then completes once and unmasks.
TEST_F(DriverTest, Kernel26InterruptSchedulesFirstAndNeverUnmasksOnAMiss)
{
	auto reads = [this] {
		std::vector<uint32_t> r;
		for (const FakeNic::Access &a : nic.log)
			if (!a.write)
				r.push_back(a.reg);
		return r;
	};
	opt.napi_prep_before_mask = true;
	open();
	net_sysctl(host.n)->napi_missed = false;
	receive(udp(40));
	nic.clear_log();
	irq_enter(host.n);
	EXPECT_EQ(IRQ_HANDLED, e1000_intr(adapter));
	EXPECT_EQ(std::vector<uint32_t>{~0u}, nic.writes(NIC_IMC));
	EXPECT_EQ(std::vector<uint32_t>{NIC_ICR}, reads()) << "no flushing STATUS read after IMC";
	EXPECT_TRUE(napi().state & NAPI_STATE_SCHED);

	nic.raise(NIC_ICR_RXT0);
	EXPECT_EQ(IRQ_HANDLED, e1000_intr(adapter));
	EXPECT_EQ(1u, adapter->drv.napi_schedule_missed);
	EXPECT_FALSE(napi().state & NAPI_STATE_MISSED);
	EXPECT_EQ(1u, nic.writes(NIC_IMC).size());
	EXPECT_TRUE(nic.writes(NIC_IMS).empty());
	EXPECT_EQ(0u, nic.reg(NIC_IMS));

	irq_exit(host.n);
	EXPECT_EQ(1u, napi().poll_calls);
	EXPECT_EQ(kEnabledCauses, nic.reg(NIC_IMS)) << "e1000_clean unmasks after completing";
	EXPECT_EQ(1u, read_all().size());
}

// e1000_clean: work < budget -> napi_complete_done, then IMS unmasks.
TEST_F(DriverTest, PollBelowBudgetCompletesAndUnmasks)
{
	open();
	for (int i = 0; i < 3; i++)
		receive(udp(40, uint8_t(i)));
	nic.clear_log();
	interrupt();
	EXPECT_EQ(1u, napi().poll_calls);
	EXPECT_EQ(3u, napi().poll_work);
	EXPECT_EQ(1u, napi().complete_calls);
	EXPECT_EQ(1u, nic.writes(NIC_IMS).size());
	EXPECT_GT(nic.last_access(true, NIC_IMS), nic.last_access(true, NIC_IMC));
	EXPECT_EQ(kEnabledCauses, nic.reg(NIC_IMS));
	EXPECT_EQ(3u, read_all().size());
}

// e1000_clean: work == budget -> return budget without completing; the
// interrupt stays masked and the frames left stay on the ring.
TEST_F(DriverTest, PollUsingWholeBudgetStaysMasked)
{
	open();
	for (int i = 0; i < 10; i++)
		receive(udp(40, uint8_t(i)));
	nic.clear_log();
	EXPECT_EQ(4, e1000_clean(&napi(), 4));
	EXPECT_TRUE(nic.writes(NIC_IMS).empty());
	EXPECT_EQ(0u, napi().complete_calls);
	EXPECT_EQ(4u, read_all().size());
}

// Through net_rx_action with weight 8: polls that use their whole weight are
// repolled with IRQs still masked; only the last one unmasks.
TEST_F(DriverTest, NapiRepollsUntilBelowWeight)
{
	opt.napi_weight = 8;
	open();
	for (int i = 0; i < 20; i++)
		receive(udp(40, uint8_t(i)));
	nic.clear_log();
	interrupt();
	EXPECT_EQ(3u, napi().poll_calls);  // 8 + 8 + 4
	EXPECT_EQ(1u, napi().complete_calls);
	EXPECT_EQ(1u, nic.writes(NIC_IMS).size());
	EXPECT_GT(nic.last_access(true, NIC_IMS), nic.last_access(true, NIC_RDT)) << "unmasked after the last clean";
	EXPECT_EQ(20u, read_all().size());
}

// A device going down has nothing to do: the ICR read acknowledged the cause.
TEST_F(DriverTest, InterruptWhileDownOnlyAcknowledges)
{
	open();
	e1000_close(adapter);
	nic.raise(NIC_ICR_RXT0);
	nic.clear_log();
	EXPECT_EQ(IRQ_HANDLED, interrupt());
	EXPECT_EQ(0u, nic.reg(NIC_ICR));
	EXPECT_TRUE(nic.writes(NIC_IMS).empty());
}

// Pre-NAPI (no CONFIG_E1000_NAPI): the handler cleans the ring itself and
// queues frames with netif_rx; they reach the socket when the backlog
// softirq runs on irq_exit.  It neither masks nor unmasks: the 2.6 e1000's
// non-NAPI e1000_intr wrote IMC/IMS only on the 82547.
TEST_F(DriverTest, PreNapiHandlerCleansIntoBacklog)
{
	opt.napi = false;
	open();
	for (int i = 0; i < 3; i++)
		receive(udp(40, uint8_t(i)));
	nic.clear_log();
	irq_enter(host.n);
	EXPECT_EQ(IRQ_HANDLED, e1000_intr(adapter));
	EXPECT_EQ(3u, host.softnet().backlog_len);
	EXPECT_EQ(kEnabledCauses, nic.reg(NIC_IMS));
	EXPECT_TRUE(nic.writes(NIC_IMC).empty());
	EXPECT_TRUE(nic.writes(NIC_IMS).empty());
	EXPECT_EQ(rdt_expected(), nic.reg(NIC_RDT));
	EXPECT_TRUE(read_all().empty());
	irq_exit(host.n);
	EXPECT_EQ(0u, host.softnet().backlog_len);
	EXPECT_EQ(3u, read_all().size());
	EXPECT_EQ(3u, adapter->netdev->stats.rx_packets);
}

// The pre-NAPI handler cleans again (up to E1000_MAX_INTR passes) while a
// pass found work: a frame stored as the first pass returned its buffers
// is handled in the same interrupt.
TEST_F(DriverTest, PreNapiHandlerCleansAgainWhileWorkTurnsUp)
{
	opt.napi = false;
	open();
	receive(udp(40));
	bool arrived = false;
	nic.on_reg_write = [&](uint32_t reg, uint32_t) {
		if (reg == NIC_RDT && !arrived) {
			arrived = true;
			receive(udp(40, 1));
		}
	};
	irq_enter(host.n);
	e1000_intr(adapter);
	EXPECT_TRUE(arrived);
	EXPECT_EQ(2u, host.softnet().backlog_len);
	irq_exit(host.n);
	EXPECT_EQ(2u, read_all().size());
}

// e1000_up fires LSC (ICS) "to start the watchdog": e1000_intr queues it a
// jiffy on (schedule_delayed_work, Linux 6.1 e1000_main.c); it turns the
// carrier on (probe left it off) and queues itself 2 s on. The cable pulled:
// LSC, STATUS.LU 0, the watchdog turns the carrier off and keeps reading
// STATUS on each run until link returns; then the carrier is on again.
// An LSC while the watchdog is queued changes nothing (already pending).
TEST_F(DriverTest, LinkFlapTurnsTheCarrier)
{
	open();
	EXPECT_FALSE(netif_carrier_ok(adapter->netdev)) << "off from probe to the first watchdog";
	EXPECT_EQ(nic.writes(NIC_ICS), std::vector<uint32_t>{NIC_ICR_LSC});
	nic.raise(NIC_ICR_LSC); // what the ICS write does in the NIC
	interrupt();
	EXPECT_EQ(nic.work_delays, std::vector<unsigned long>{1});
	nic.work_queued = false;
	e1000_watchdog(adapter);
	EXPECT_TRUE(netif_carrier_ok(adapter->netdev));
	EXPECT_EQ(nic.work_delays.back(), 2 * E1000_HZ);
	EXPECT_EQ(adapter->netdev->carrier_up_count, 1u);

	const uint32_t up = nic.reg(NIC_STATUS);
	nic.set_reg(NIC_STATUS, up & ~NIC_STATUS_LU);
	nic.raise(NIC_ICR_LSC);
	interrupt();
	EXPECT_EQ(nic.work_delays.size(), 3u);
	EXPECT_TRUE(nic.work_queued) << "still queued: the link is seen at the next period";
	nic.work_queued = false;
	e1000_watchdog(adapter);
	EXPECT_FALSE(netif_carrier_ok(adapter->netdev));
	EXPECT_EQ(adapter->netdev->carrier_down_count, 2u) << "probe's, then the cable's";
	EXPECT_TRUE(adapter->get_link_status) << "no link: read again next time";
	nic.work_queued = false;
	e1000_watchdog(adapter);
	EXPECT_FALSE(netif_carrier_ok(adapter->netdev));
	nic.set_reg(NIC_STATUS, up);
	nic.work_queued = false;
	e1000_watchdog(adapter);
	EXPECT_TRUE(netif_carrier_ok(adapter->netdev));
	EXPECT_EQ(adapter->netdev->carrier_up_count, 2u);
	EXPECT_FALSE(adapter->get_link_status);
}

// Link changes (LSC) make the watchdog reread STATUS: below gigabit the
// adaptive ITR is fixed at 4000 ints/s.
TEST_F(DriverTest, LinkChangeRereadsSpeed)
{
	opt.interrupt_throttle_rate = E1000_ITR_DYNAMIC;
	open();
	EXPECT_TRUE(adapter->link_1000);
	nic.set_reg(NIC_STATUS, NIC_STATUS_FD | NIC_STATUS_LU | NIC_STATUS_SPEED_100 << NIC_STATUS_SPEED_SHIFT);
	nic.raise(NIC_ICR_LSC);
	interrupt();
	EXPECT_TRUE(adapter->get_link_status);
	e1000_watchdog(adapter);
	EXPECT_FALSE(adapter->link_1000);
	EXPECT_FALSE(adapter->get_link_status) << "read once, until the next change";
	receive(udp(40));
	interrupt();
	EXPECT_EQ(4000u, adapter->itr);
	EXPECT_EQ(e1000_itr_reg(4000), nic.reg(NIC_ITR));
}
