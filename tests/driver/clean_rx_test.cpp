// e1000_clean_rx_irq: the DD loop, refill, FCS, copybreak, checksum offload,
// VLAN, multi-descriptor frames and errored frames.
#include "driver_fixture.h"

namespace {
// A UDP frame whose checksum no longer matches: the last payload byte flipped.
Bytes corrupted(Bytes frame)
{
	frame.back() ^= 0xff;
	return frame;
}
}  // namespace

// The poll's work limit: cleaning stops once work_done reaches the budget
// and the rest stays on the ring (DD set) for the next poll.
TEST_F(DriverTest, CleanStopsAtBudget)
{
	open();
	for (int i = 0; i < 10; i++)
		receive(udp(32, uint8_t(i)));
	EXPECT_EQ(4, clean(4));
	EXPECT_EQ(4u, adapter->rx_ring.next_to_clean);
	EXPECT_EQ(4u, read_all().size());
	EXPECT_TRUE(e1000_rx_desc(&adapter->rx_ring, 4)[NIC_RXD_STATUS_OFFSET] & NIC_RXD_STATUS_DD);
	EXPECT_EQ(6, clean(64));
	EXPECT_EQ(6u, read_all().size());
	EXPECT_EQ(0, clean(64)) << "no DD, no work";
}

// E1000_RX_BUFFER_WRITE: cleaned descriptors go back in groups of 16 and
// once at the end, each time RDT = next_to_use - 1.
TEST_F(DriverTest, RefillEvery16CleanedDescriptors)
{
	open();
	for (int i = 0; i < 40; i++)
		receive(udp(32, uint8_t(i)));
	nic.clear_log();
	EXPECT_EQ(40, clean(64));
	// next_to_use starts at 255: +16 -> 15, +16 -> 31, +8 -> 39.
	EXPECT_EQ((std::vector<uint32_t>{14, 30, 38}), nic.writes(NIC_RDT));
	EXPECT_EQ(rdt_expected(), nic.reg(NIC_RDT));
	EXPECT_EQ(40u, read_all().size());
}

// RCTL.SECRC is clear, so the descriptor length counts the FCS; the driver
// strips it: the skb is the frame, the socket gets the payload byte for byte.
TEST_F(DriverTest, FcsStrippedAndPayloadIntact)
{
	open();
	const Bytes f = udp(300, 7);
	receive(f);
	EXPECT_EQ(IRQ_HANDLED, interrupt());
	ASSERT_EQ(1u, events.size());
	EXPECT_EQ(E1000_RX_PASSED, events[0].fate);
	EXPECT_EQ(f.size() + E1000_FCS_LEN, events[0].length);
	EXPECT_EQ(f.size(), events[0].skb_len);
	EXPECT_EQ(f.size(), adapter->netdev->stats.rx_bytes);
	EXPECT_EQ(1u, adapter->netdev->stats.rx_packets);
	const std::vector<Bytes> got = read_all();
	ASSERT_EQ(1u, got.size());
	EXPECT_EQ(payload_of_udp(f), got[0]);
}

// e1000_copybreak: a frame whose descriptor length (FCS included, SECRC
// being clear) is at most copybreak (256) is copied into a small skb and
// counted in rx_copybreak; longer ones go up in their buffers (Linux 6.6).
TEST_F(DriverTest, CopybreakCountsOnlyShortFrames)
{
	open();
	receive(udp(18));   // 60 bytes
	receive(udp(210));  // 252 bytes: 256 with the FCS
	receive(udp(211));  // 253 bytes
	receive(udp(958));  // 1000 bytes
	interrupt();
	EXPECT_EQ(2u, adapter->drv.rx_copybreak);
	EXPECT_EQ(2u, adapter->drv.rx_build_skb) << "the longer two go up in their buffers";
	EXPECT_EQ(4u, read_all().size());
}

// e1000_rx_checksum: TCPCS without TCPE -> CHECKSUM_UNNECESSARY (hw_csum_good);
// TCPE -> hw_csum_err and the stack verifies; IXSM -> nothing is trusted.
// Each frame carries a wrong UDP checksum, so trust shows as delivery.
TEST_F(DriverTest, ChecksumOffloadTrustsOnlyGoodResults)
{
	struct Case {
		const char *what;
		FakeNic::RxMeta meta;
		uint64_t good, err;
		uint8_t ip_summed, ip_hdr_ok;
		bool delivered;
	};
	const uint8_t ok = NIC_RXD_STATUS_TCPCS | NIC_RXD_STATUS_IPCS;
	const Case cases[] = {
		{"TCPCS, no error", {ok, 0, 0}, 1, 0, CHECKSUM_UNNECESSARY, 1, true},
		{"TCPCS with TCPE", {ok, NIC_RXD_ERRORS_TCPE, 0}, 0, 1, CHECKSUM_NONE, 1, false},
		{"IPE", {ok, NIC_RXD_ERRORS_IPE, 0}, 0, 1, CHECKSUM_NONE, 0, false},
		{"IXSM", {uint8_t(ok | NIC_RXD_STATUS_IXSM), 0, 0}, 0, 0, CHECKSUM_NONE, 0, false},
		{"nothing evaluated", {0, 0, 0}, 0, 0, CHECKSUM_NONE, 0, false},
	};
	open();
	uint64_t csum_errors = 0;
	for (const Case &c : cases) {
		SCOPED_TRACE(c.what);
		const e1000_drv_stats before = adapter->drv;
		events.clear();
		receive(corrupted(udp(100)), c.meta);
		interrupt();
		EXPECT_EQ(c.good, adapter->drv.hw_csum_good - before.hw_csum_good);
		EXPECT_EQ(c.err, adapter->drv.hw_csum_err - before.hw_csum_err);
		ASSERT_EQ(1u, events.size());
		EXPECT_EQ(c.ip_summed, events[0].ip_summed);
		EXPECT_EQ(c.ip_hdr_ok, events[0].ip_hdr_csum_ok);
		EXPECT_EQ(c.delivered ? 1u : 0u, read_all().size());
		csum_errors += c.delivered ? 0 : 1;
		EXPECT_EQ(csum_errors, host.mib().udp.InCsumErrors);
	}
	// A TCPE frame whose checksum is in fact right passes the stack's check.
	receive(udp(100), {ok, NIC_RXD_ERRORS_TCPE, 0});
	interrupt();
	EXPECT_EQ(1u, read_all().size());
}

// CTRL.VME: the NIC strips the 802.1Q tag into the descriptor's special field
// and sets VP; the driver passes the tag up (__vlan_hwaccel_put_tag).
TEST_F(DriverTest, VlanTagFromDescriptorReachesVlanDevice)
{
	probe();
	net_device *vlan100 = register_vlan_dev(adapter->netdev, ETH_P_8021Q, 100, "eth1.100");
	ASSERT_NE(nullptr, vlan100);
	open();
	const uint16_t tci = 3 << 13 | 100;  // priority 3, VID 100
	receive(udp(50), {NIC_RXD_STATUS_VP, 0, tci});
	interrupt();
	ASSERT_EQ(1u, events.size());
	EXPECT_EQ(1, events[0].vlan_present);
	EXPECT_EQ(tci, events[0].vlan_tci);
	EXPECT_EQ(1u, vlan100->stats.rx_packets);
	EXPECT_EQ(1u, read_all().size());
}

// e1000_clean_rx_irq (MTU 1500, buffers that hold a full-size frame): "all
// receives must fit in one buffer": a frame spread over several
// descriptors (no EOP on the first) is dropped whole, counted once, and the
// next frame is received normally.
TEST_F(DriverTest, MultiDescriptorFrameDroppedWhole)
{
	open();
	EXPECT_FALSE(adapter->jumbo);
	EXPECT_FALSE(nic.reg(NIC_RCTL) & NIC_RCTL_LPE);
	ASSERT_EQ(2, nic.receive(udp(2100)));  // 2142 bytes + FCS over 2048-byte buffers
	const Bytes next = udp(58, 9);
	receive(next);
	interrupt();
	EXPECT_EQ(1u, adapter->drv.rx_no_eop_drops);
	EXPECT_EQ(1u, adapter->netdev->stats.rx_length_errors);
	ASSERT_EQ(2u, events.size());
	EXPECT_EQ(E1000_RX_NO_EOP, events[0].fate);
	EXPECT_EQ(0u, events[0].desc);
	EXPECT_TRUE(events[0].partial);
	EXPECT_EQ(E1000_RX_PASSED, events[1].fate);
	EXPECT_EQ(2u, events[1].desc);
	EXPECT_EQ(std::vector<Bytes>{payload_of_udp(next)}, read_all());
	EXPECT_FALSE(adapter->discarding);
}

// adapter->discarding outlives the poll: a budget that ends inside a
// multi-descriptor frame still drops the rest of it in the next poll.
TEST_F(DriverTest, MultiDescriptorDropSpansPolls)
{
	open();
	ASSERT_EQ(2, nic.receive(udp(2100)));
	receive(udp(58));
	EXPECT_EQ(1, clean(1));
	EXPECT_TRUE(adapter->discarding);
	EXPECT_EQ(2, clean(64));
	EXPECT_EQ(1u, adapter->drv.rx_no_eop_drops);
	EXPECT_EQ(1u, read_all().size());
}

// e1000_clean_jumbo_rx_irq: buffers smaller than a frame (or an MTU above
// 1500) take the jumbo path, which gathers a frame's descriptors up to its
// EOP into one skb: the frame arrives whole, one descriptor of work each.
TEST_F(DriverTest, JumboChainDeliveredWhole)
{
	opt.rx_buffer_len = 256;
	open();
	EXPECT_TRUE(adapter->jumbo);
	const Bytes big = udp(558, 3);
	ASSERT_EQ(3, nic.receive(big));  // 600 bytes + FCS over 256-byte buffers
	const Bytes next = udp(58, 9);
	receive(next);
	EXPECT_EQ(4, clean(64));
	ASSERT_EQ(2u, events.size());
	EXPECT_EQ(E1000_RX_PASSED, events[0].fate);
	EXPECT_EQ(2u, events[0].desc);  // its EOP descriptor
	EXPECT_EQ(3u, events[0].descs);
	EXPECT_FALSE(events[0].partial);
	EXPECT_EQ(big.size() + E1000_FCS_LEN, events[0].length);
	EXPECT_EQ(big.size(), events[0].skb_len);  // FCS stripped
	EXPECT_EQ(1u, events[1].descs);
	EXPECT_EQ((std::vector<Bytes>{payload_of_udp(big), payload_of_udp(next)}), read_all());
	EXPECT_EQ(0u, adapter->drv.rx_no_eop_drops);
	EXPECT_EQ(1u, adapter->drv.rx_copybreak);  // the short one only
}

// rx_skb_top outlives the poll: a budget that ends inside a chain leaves it
// for the next poll, which completes it.
TEST_F(DriverTest, JumboChainSpansPolls)
{
	opt.rx_buffer_len = 256;
	open();
	const Bytes big = udp(558, 5);
	ASSERT_EQ(3, nic.receive(big));
	EXPECT_EQ(2, clean(2));
	EXPECT_TRUE(events.empty());
	EXPECT_EQ(2u, adapter->rx_ring.chain_descs);
	EXPECT_EQ(1, clean(64));
	EXPECT_EQ(std::vector<Bytes>{payload_of_udp(big)}, read_all());
}

// Errors are valid on the EOP descriptor only, and one drops the whole
// chain ("an error means any chain goes out the window too"), reported at
// its first descriptor with that buffer's bytes.
TEST_F(DriverTest, JumboChainErrorDropsTheChain)
{
	opt.rx_buffer_len = 256;
	open();
	nic.set_reg(NIC_RCTL, nic.reg(NIC_RCTL) | NIC_RCTL_SBP);
	ASSERT_EQ(3, nic.receive(udp(558), {0, NIC_RXD_ERRORS_CE, 0}));
	const Bytes next = udp(300, 2);
	ASSERT_EQ(2, nic.receive(next));
	interrupt();
	ASSERT_EQ(2u, events.size());
	EXPECT_EQ(E1000_RX_FRAME_ERROR, events[0].fate);
	EXPECT_EQ(0u, events[0].desc);
	EXPECT_TRUE(events[0].partial);
	EXPECT_EQ(256u, events[0].length);
	EXPECT_EQ(1u, adapter->drv.rx_frame_err_drops);
	EXPECT_EQ(E1000_RX_PASSED, events[1].fate);
	EXPECT_EQ(std::vector<Bytes>{payload_of_udp(next)}, read_all());
}

// e1000_setup_rctl / e1000_configure_rx: an MTU above ETH_DATA_LEN sets
// RCTL.LPE and the jumbo path.
TEST_F(DriverTest, MtuSetsLongPacketEnable)
{
	opt.mtu = 9000;
	opt.rx_buffer_len = 4096;
	open();
	EXPECT_TRUE(nic.reg(NIC_RCTL) & NIC_RCTL_LPE);
	EXPECT_TRUE(adapter->jumbo);
	const Bytes big = udp(8958, 1);  // 9000 bytes + FCS over three 4096-byte buffers
	ASSERT_EQ(3, nic.receive(big));
	interrupt();
	EXPECT_EQ(std::vector<Bytes>{payload_of_udp(big)}, read_all());
}

// An MTU outside 68..16110 falls back to 1500, as an out-of-range module
// parameter does (e1000_check_options).
TEST_F(DriverTest, MtuOutOfRangeFallsBack)
{
	opt.mtu = E1000_MAX_MTU + 1;
	open();
	EXPECT_EQ(E1000_DEFAULT_MTU, adapter->opt.mtu);
	EXPECT_FALSE(nic.reg(NIC_RCTL) & NIC_RCTL_LPE);
}

// Without RCTL.SBP (as the driver sets it) the MAC drops bad-FCS frames and
// counts CRCERRS; with SBP they are stored with CE, and the driver drops
// every frame with CE/SE/SEQ/CXE/RXE (E1000_RXD_ERR_FRAME_ERR_MASK).
TEST_F(DriverTest, ErroredFramesDropped)
{
	open();
	EXPECT_EQ(0, nic.receive(udp(100), {0, NIC_RXD_ERRORS_CE, 0}));
	e1000_update_stats(adapter);
	EXPECT_EQ(1u, adapter->netdev->stats.rx_crc_errors);

	nic.set_reg(NIC_RCTL, nic.reg(NIC_RCTL) | NIC_RCTL_SBP);
	const uint8_t frame_errors[] = {NIC_RXD_ERRORS_CE, NIC_RXD_ERRORS_SE, NIC_RXD_ERRORS_SEQ, NIC_RXD_ERRORS_CXE,
					NIC_RXD_ERRORS_RXE};
	for (uint8_t e : frame_errors)
		receive(udp(100), {0, e, 0});
	const Bytes good = udp(100, 3);
	receive(good);
	interrupt();
	EXPECT_EQ(5u, adapter->drv.rx_frame_err_drops);
	ASSERT_EQ(6u, events.size());
	for (size_t i = 0; i < 5; i++)
		EXPECT_EQ(E1000_RX_FRAME_ERROR, events[i].fate) << i;
	EXPECT_EQ(E1000_RX_PASSED, events[5].fate);
	EXPECT_EQ(std::vector<Bytes>{payload_of_udp(good)}, read_all());
	EXPECT_EQ(1u, adapter->netdev->stats.rx_packets);
}
