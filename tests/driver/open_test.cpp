// Probe, open, close and the first e1000_alloc_rx_buffers.
#include <cerrno>

#include "driver_fixture.h"

namespace {
uint32_t field(uint32_t reg, uint32_t mask, uint32_t shift) { return (reg & mask) >> shift; }
}  // namespace

// e1000_reset at probe (Linux 6.6): PBA first (32 KB, rxsim's default),
// then e1000_reset_hw: IMC = ~0, CTRL.RST (which puts the split in effect),
// IMC = ~0 again and an ICR read that clears what was pending; the receiver
// stays off until open.
TEST_F(DriverTest, ProbeResetsWithThePacketBufferSplit)
{
	nic.set_reg(NIC_IMS, NIC_ICR_RXT0);
	nic.raise(NIC_ICR_LSC | NIC_ICR_RXT0);
	probe();
	const std::vector<FakeNic::Access> want = {
		{true, NIC_PBA, E1000_PBA_32K}, {true, NIC_IMC, ~0u},  {false, NIC_CTRL, 0},
		{true, NIC_CTRL, NIC_CTRL_RST}, {true, NIC_IMC, ~0u},  {false, NIC_ICR, 0},
	};
	ASSERT_GE(nic.log.size(), want.size());
	for (size_t i = 0; i < want.size(); i++) {
		EXPECT_EQ(want[i].write, nic.log[i].write) << "access #" << i;
		EXPECT_EQ(want[i].reg, nic.log[i].reg) << "access #" << i;
		if (want[i].write) {
			EXPECT_EQ(want[i].val, nic.log[i].val) << "access #" << i;
		}
	}
	EXPECT_EQ(0u, nic.reg(NIC_IMS));
	EXPECT_EQ(0u, nic.reg(NIC_ICR));
	EXPECT_TRUE(nic.writes(NIC_RCTL).empty());
}

// The split is the pba option when the 8254x takes it (8..64 KB, a multiple
// of 8), else the default, as e1000_check_options treats a bad value.
TEST_F(DriverTest, PbaOptionWritten)
{
	opt.pba = E1000_PBA_8K;
	probe();
	EXPECT_EQ(std::vector<uint32_t>{E1000_PBA_8K}, nic.writes(NIC_PBA));
}
TEST_F(DriverTest, PbaOptionOutOfRangeTakesTheDefault)
{
	opt.pba = 20;
	probe();
	EXPECT_EQ(std::vector<uint32_t>{E1000_PBA_32K}, nic.writes(NIC_PBA));
}

// e1000_configure_rx / e1000_setup_rctl / e1000_init_hw: ring registers
// with the receiver off, then RCTL.EN with broadcasts, 2048-byte buffers and
// SECRC clear (the driver strips the FCS); RAR[0] = our MAC; IMS last.
TEST_F(DriverTest, OpenProgramsRingReceiverFiltersAndInterrupts)
{
	const uint8_t mac[6] = {0x02, 0x11, 0x22, 0x33, 0x44, 0x55};
	std::copy(std::begin(mac), std::end(mac), opt.mac);
	open();
	const e1000_rx_ring &r = adapter->rx_ring;
	EXPECT_EQ(uint32_t(r.dma), nic.reg(NIC_RDBAL));
	EXPECT_EQ(uint32_t(r.dma >> 32), nic.reg(NIC_RDBAH));
	EXPECT_EQ(1u, nic.reg(NIC_RDBAH)) << "host memory sits above 4 GiB";
	EXPECT_EQ(E1000_DEFAULT_RXD * NIC_RXD_SIZE, nic.reg(NIC_RDLEN));
	EXPECT_EQ(std::vector<uint32_t>{0}, nic.writes(NIC_RDH));

	const uint32_t rctl = nic.reg(NIC_RCTL);
	EXPECT_TRUE(rctl & NIC_RCTL_EN);
	EXPECT_TRUE(rctl & NIC_RCTL_BAM);
	EXPECT_EQ(NIC_RCTL_BSIZE_2048, field(rctl, NIC_RCTL_BSIZE_MASK, NIC_RCTL_BSIZE_SHIFT));
	EXPECT_FALSE(rctl & NIC_RCTL_BSEX);
	EXPECT_FALSE(rctl & NIC_RCTL_SECRC);
	EXPECT_FALSE(rctl & (NIC_RCTL_SBP | NIC_RCTL_UPE | NIC_RCTL_MPE | NIC_RCTL_LPE));
	EXPECT_EQ(2048u, nic.rx_buffer_len());

	// Every RCTL write before the ring was set up kept the receiver off.
	const size_t ring_done = nic.last_access(true, NIC_RDH);
	for (size_t i = 0; i < ring_done; i++) {
		if (nic.log[i].write && nic.log[i].reg == NIC_RCTL) {
			EXPECT_FALSE(nic.log[i].val & NIC_RCTL_EN) << "RCTL write #" << i;
		}
	}

	EXPECT_EQ(0x33221102u, nic.reg(NIC_RAL(0)));
	EXPECT_EQ(0x5544u | NIC_RAH_AV, nic.reg(NIC_RAH(0)));
	EXPECT_EQ(0u, nic.reg(NIC_RAH(1)) & NIC_RAH_AV);
	EXPECT_TRUE(nic.reg(NIC_CTRL) & NIC_CTRL_VME);
	EXPECT_EQ(NIC_RXCSUM_IPOFLD | NIC_RXCSUM_TUOFLD, nic.reg(NIC_RXCSUM) & (NIC_RXCSUM_IPOFLD | NIC_RXCSUM_TUOFLD));

	// Linux 6.1 IMS_ENABLE_MASK: RXT0 | TXDW | RXDMT0 | RXSEQ | LSC (no RXO).
	EXPECT_EQ(NIC_ICR_RXT0 | NIC_ICR_TXDW | NIC_ICR_RXDMT0 | NIC_ICR_RXSEQ | NIC_ICR_LSC, nic.reg(NIC_IMS));
	EXPECT_GT(nic.last_access(true, NIC_IMS), nic.last_access(true, NIC_RCTL)) << "interrupts come last";
	EXPECT_FALSE(adapter->down);
}

// IFF_PROMISC (e1000_set_rx_mode): unicast and multicast promiscuous bits
// on, so the MAC's filter passes every frame; off by default.
TEST_F(DriverTest, PromiscuousSetsUpeAndMpe)
{
	open();
	EXPECT_FALSE(nic.reg(NIC_RCTL) & (NIC_RCTL_UPE | NIC_RCTL_MPE));
	remove();
	opt.promisc = true;
	open();
	EXPECT_EQ(NIC_RCTL_UPE | NIC_RCTL_MPE, nic.reg(NIC_RCTL) & (NIC_RCTL_UPE | NIC_RCTL_MPE));
}

// RCTL.BSIZE/BSEX encode every buffer length the driver accepts (BSEX
// multiplies by 16, as e1000's E1000_RCTL_SZ_4096..16384); others fall back
// to 2048.
TEST_F(DriverTest, OpenEncodesEachBufferSize)
{
	for (uint32_t len : {256u, 512u, 1024u, 2048u, 4096u, 8192u, 16384u, 3000u}) {
		SCOPED_TRACE(len);
		opt.rx_buffer_len = len;
		open();
		EXPECT_EQ(len == 3000 ? 2048u : len, nic.rx_buffer_len());
		remove();
	}
}

// e1000_alloc_rx_buffers(E1000_DESC_UNUSED) at open: every slot but one gets
// its buffer's bus address, then one RDT write of next_to_use - 1.
TEST_F(DriverTest, OpenFillsAllButOneDescriptor)
{
	open();
	const e1000_rx_ring &r = adapter->rx_ring;
	EXPECT_EQ(r.count - 1, r.next_to_use);
	EXPECT_EQ(0u, r.next_to_clean);
	EXPECT_EQ(r.count - 2, nic.reg(NIC_RDT));
	EXPECT_EQ(rdt_expected(), nic.reg(NIC_RDT));
	EXPECT_EQ((std::vector<uint32_t>{0, r.count - 2}), nic.writes(NIC_RDT)) << "one tail write for the lot";
	for (uint32_t i = 0; i < r.count; i++) {
		SCOPED_TRACE(i);
		const uint8_t *d = e1000_rx_desc(&r, i);
		EXPECT_EQ(i == r.count - 1 ? 0 : r.buffer_info[i].dma, FakeNic::buffer_addr(d));
		EXPECT_EQ(0, d[NIC_RXD_STATUS_OFFSET]);
		// The pool's buffers in order, each past its headroom.
		if (i < r.count - 1) {
			EXPECT_EQ(r.pool->dma + uint64_t(i) * r.pool->stride + E1000_HEADROOM, r.buffer_info[i].dma);
		}
	}
}

// e1000_close (e1000_down + free): receiver off, every cause masked, ring
// and buffers back to the allocator.
TEST_F(DriverTest, CloseStopsReceiverAndFreesRing)
{
	const uint64_t free_before = hostmem_free_bytes(&hm);
	open();
	EXPECT_LT(hostmem_free_bytes(&hm), free_before);
	EXPECT_EQ(0, e1000_close(adapter));
	EXPECT_FALSE(nic.reg(NIC_RCTL) & NIC_RCTL_EN);
	EXPECT_EQ(0u, nic.reg(NIC_IMS));
	EXPECT_EQ(free_before, hostmem_free_bytes(&hm));
	EXPECT_EQ(0, nic.receive(udp(64))) << "a closed receiver stores nothing";
}

// e1000_setup_rx_resources: without room for the ring and its buffers, open
// fails with -ENOMEM and gives back whatever it had taken.
TEST_F(DriverTest, OpenWithoutMemoryFailsCleanly)
{
	opt.rx_ring_count = E1000_MAX_RXD;
	opt.rx_buffer_len = 16384;  // (4096 + 2048) x 16 KiB buffers: more than the 64 MiB host memory
	probe();
	const uint64_t free_before = hostmem_free_bytes(&hm);
	EXPECT_EQ(-ENOMEM, e1000_open(adapter));
	EXPECT_FALSE(adapter->open);
	EXPECT_EQ(free_before, hostmem_free_bytes(&hm));
	EXPECT_FALSE(nic.reg(NIC_RCTL) & NIC_RCTL_EN);
}

// e1000_set_rx_mode (6.1): multicast addresses fill the exact filters
// RAR[1..14] in the order joined, the rest go to the MTA hash (filter type 0:
// bits 47:36 of the address, e1000_hash_mc_addr); a group joined before ifup
// is programmed by e1000_up, later ones by ndo_set_rx_mode as they come.
TEST_F(DriverTest, MulticastGroupsFillTheExactFiltersThenTheHash)
{
	probe();
	ASSERT_EQ(0, ip_mc_join(host.n, 0xef020001)); // 239.2.0.1, before ifup
	EXPECT_EQ(0u, nic.reg(NIC_RAH(1)) & NIC_RAH_AV) << "a device that is down is not programmed";
	open();
	// 01:00:5e:02:00:01
	EXPECT_EQ(0x025e0001u, nic.reg(NIC_RAL(1)));
	EXPECT_EQ(0x0100u | NIC_RAH_AV, nic.reg(NIC_RAH(1)));
	for (uint32_t g = 2; g <= 16; g++)
		ASSERT_EQ(0, ip_mc_join(host.n, 0xef020000 | g));
	// 239.2.0.14 is the 14th: RAR[14]; 239.2.0.15 and .16 are hashed.
	EXPECT_EQ(0x0e00u | NIC_RAH_AV, nic.reg(NIC_RAH(14)));
	EXPECT_EQ(0u, nic.reg(NIC_RAH(15))) << "RAR[15] is not among e1000's 15 entries";
	// 01:00:5e:02:00:0f: hash = 0x0f << 4 = 0xf0: MTA[7] bit 16; :10 -> 0x100: MTA[8] bit 0.
	for (uint32_t r = 0; r < NIC_MTA_COUNT; r++)
		EXPECT_EQ(r == 7 ? 1u << 16 : r == 8 ? 1u : 0u, nic.reg(NIC_MTA(r))) << "MTA[" << r << "]";
	// Joining a group twice changes nothing.
	const size_t writes = nic.log.size();
	ASSERT_EQ(0, ip_mc_join(host.n, 0xef020001));
	EXPECT_EQ(writes, nic.log.size());
}

// e1000_vlan_rx_add_vid (6.1): a VLAN device's VID gets its VFTA bit (VFTA[VID
// / 32] bit VID % 32), and with the first VLAN e1000_set_rx_mode turns the
// filter on (RCTL.VFE); ifup writes the table again (e1000_restore_vlan); the
// driver filters 802.1Q only (no 802.1ad filter: the device is refused).
TEST_F(DriverTest, VlanDevicesProgramTheFilterTable)
{
	probe();
	ASSERT_NE(nullptr, register_vlan_dev(adapter->netdev, ETH_P_8021Q, 100, nullptr));
	EXPECT_EQ(1u << 4, nic.reg(NIC_VFTA(3)));
	open();
	EXPECT_TRUE(nic.reg(NIC_RCTL) & NIC_RCTL_VFE);
	EXPECT_TRUE(nic.reg(NIC_RCTL) & NIC_RCTL_EN);
	EXPECT_EQ(1u << 4, nic.reg(NIC_VFTA(3)));
	ASSERT_NE(nullptr, register_vlan_dev(adapter->netdev, ETH_P_8021Q, 101, nullptr));
	EXPECT_EQ(1u << 4 | 1u << 5, nic.reg(NIC_VFTA(3)));
	EXPECT_EQ(nullptr, register_vlan_dev(adapter->netdev, 0x88a8, 102, nullptr));
	for (uint32_t r = 0; r < NIC_VFTA_COUNT; r++)
		EXPECT_EQ(r == 3 ? (1u << 4 | 1u << 5) : 0u, nic.reg(NIC_VFTA(r))) << "VFTA[" << r << "]";
}

// No VLAN device: the filter stays off.
TEST_F(DriverTest, NoVlanNoVlanFilter)
{
	open();
	EXPECT_FALSE(nic.reg(NIC_RCTL) & NIC_RCTL_VFE);
}
