#include "fake_nic.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace {
// Statistics registers the hardware clears when they are read.
bool read_to_clear(uint32_t off)
{
	static const uint32_t rc[] = {NIC_CRCERRS, NIC_RXERRC, NIC_MPC,  NIC_PRC64, NIC_PRC127, NIC_PRC255,
				      NIC_PRC511,  NIC_PRC1023, NIC_PRC1522, NIC_GPRC, NIC_BPRC, NIC_MPRC,
				      NIC_GORCH,   NIC_RNBC,   NIC_RUC,  NIC_RFC,   NIC_ROC,    NIC_RJC,
				      NIC_TORH,    NIC_TPR,    NIC_XFLTC, NIC_XDISC};
	return std::find(std::begin(rc), std::end(rc), off) != std::end(rc);
}

void put_le16(uint8_t *p, uint16_t v)
{
	p[0] = uint8_t(v);
	p[1] = uint8_t(v >> 8);
}
}  // namespace

uint64_t FakeNic::buffer_addr(const uint8_t *desc)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | desc[NIC_RXD_ADDR_OFFSET + i];
	return v;
}

FakeNic::FakeNic(host_memory *hm) : hm_(hm)
{
	regs_[NIC_RXDCTL] = NIC_RXDCTL_RESET;
	regs_[NIC_RXCSUM] = NIC_RXCSUM_RESET;
	// Link up at gigabit: the adaptive ITR classes apply only there.
	regs_[NIC_STATUS] = NIC_STATUS_FD | NIC_STATUS_LU | NIC_STATUS_SPEED_1000 << NIC_STATUS_SPEED_SHIFT;
}

e1000_bus_ops FakeNic::bus()
{
	e1000_bus_ops b{};
	b.ctx = this;
	b.read32 = [](void *ctx, uint32_t off) { return static_cast<FakeNic *>(ctx)->read32(off); };
	b.write32 = [](void *ctx, uint32_t off, uint32_t val) { static_cast<FakeNic *>(ctx)->write32(off, val); };
	// DMA memory from the same host memory the fake DMAs into.
	b.dma_alloc_coherent = [](void *ctx, size_t size, dma_addr_t *dma) {
		return hostmem_alloc_coherent(static_cast<FakeNic *>(ctx)->hm_, size, dma);
	};
	b.dma_free_coherent = [](void *ctx, size_t size, void *cpu_addr, dma_addr_t dma) {
		EXPECT_EQ(0, hostmem_free_coherent(static_cast<FakeNic *>(ctx)->hm_, size, cpu_addr, dma));
	};
	b.schedule_delayed_work = [](void *ctx, unsigned long delay) {
		auto *n = static_cast<FakeNic *>(ctx);
		n->work_delays.push_back(delay);
		const bool queued = !n->work_queued;
		n->work_queued = true;
		return queued;
	};
	return b;
}

uint32_t FakeNic::reg(uint32_t off) const
{
	auto it = regs_.find(off);
	return it == regs_.end() ? 0 : it->second;
}

uint32_t FakeNic::read32(uint32_t off)
{
	uint32_t v = reg(off);
	log.push_back({false, off, v});
	if (off == NIC_ICR || read_to_clear(off))
		regs_[off] = 0;
	// A 64-bit octet counter clears both halves when its high half is read.
	if (off == NIC_GORCH)
		regs_[NIC_GORCL] = 0;
	if (off == NIC_TORH)
		regs_[NIC_TORL] = 0;
	return v;
}

void FakeNic::write32(uint32_t off, uint32_t val)
{
	log.push_back({true, off, val});
	switch (off) {
	case NIC_IMS:
		regs_[NIC_IMS] |= val;
		break;
	case NIC_IMC:
		regs_[NIC_IMS] &= ~val;
		break;
	case NIC_ICS:
		regs_[NIC_ICR] |= val;
		break;
	case NIC_ICR:
		regs_[NIC_ICR] &= ~val;
		break;
	case NIC_RDTR:
		regs_[off] = val & ~NIC_RDTR_FPD; // self-clearing
		break;
	case NIC_CTRL:
		regs_[off] = val & ~NIC_CTRL_RST; // self-clearing; the reset itself is not modeled
		break;
	default:
		if (!read_to_clear(off))
			regs_[off] = val;
	}
	if (on_reg_write)
		on_reg_write(off, val);
}

uint32_t FakeNic::rx_buffer_len() const
{
	const uint32_t rctl = reg(NIC_RCTL);
	const uint32_t len = 2048u >> ((rctl & NIC_RCTL_BSIZE_MASK) >> NIC_RCTL_BSIZE_SHIFT);
	return rctl & NIC_RCTL_BSEX ? len * 16 : len; // BSEX multiplies by 16 (BSIZE 0 reserved)
}

void FakeNic::dma_write(uint64_t addr, const void *src, size_t len)
{
	if (on_dma_write)
		on_dma_write(addr, len);
	if (hostmem_write(hm_, addr, src, len) != HOSTMEM_OK)
		ADD_FAILURE() << "DMA write of " << len << " bytes at 0x" << std::hex << addr << " is outside host memory";
}

int FakeNic::receive(const std::vector<uint8_t> &frame, RxMeta meta)
{
	const uint32_t rctl = reg(NIC_RCTL);
	if (!(rctl & NIC_RCTL_EN))
		return 0;
	// Without SBP the MAC drops a bad-FCS frame and only counts it.
	if ((meta.errors & NIC_RXD_ERRORS_CE) && !(rctl & NIC_RCTL_SBP)) {
		regs_[NIC_CRCERRS]++;
		return 0;
	}
	// The FCS's value does not matter: SECRC is clear, so it is stored and the driver strips it.
	std::vector<uint8_t> wire(frame.size() + E1000_FCS_LEN, 0xfc);
	std::copy(frame.begin(), frame.end(), wire.begin());

	const uint32_t count = reg(NIC_RDLEN) / NIC_RXD_SIZE;
	const uint32_t buf_len = rx_buffer_len();
	const uint32_t needed = uint32_t((wire.size() + buf_len - 1) / buf_len);
	uint32_t head = reg(NIC_RDH);
	// Hardware owns RDH up to, not including, RDT.
	const uint32_t owned = count ? (reg(NIC_RDT) + count - head) % count : 0;
	if (owned < needed) {
		regs_[NIC_RNBC]++;
		return 0;
	}
	const uint64_t ring = uint64_t(reg(NIC_RDBAH)) << 32 | reg(NIC_RDBAL);
	size_t done = 0;
	for (uint32_t k = 0; k < needed; k++) {
		const uint64_t desc_addr = ring + uint64_t(head) * NIC_RXD_SIZE;
		uint8_t desc[NIC_RXD_SIZE];
		EXPECT_EQ(HOSTMEM_OK, hostmem_read(hm_, desc_addr, desc, sizeof(desc)));
		const size_t n = std::min<size_t>(buf_len, wire.size() - done);
		dma_write(buffer_addr(desc), wire.data() + done, n);
		done += n;
		const bool eop = k + 1 == needed;
		put_le16(desc + NIC_RXD_LENGTH_OFFSET, uint16_t(n));
		put_le16(desc + NIC_RXD_CSUM_OFFSET, 0);
		desc[NIC_RXD_STATUS_OFFSET] = uint8_t(NIC_RXD_STATUS_DD | (eop ? NIC_RXD_STATUS_EOP | meta.status : 0));
		desc[NIC_RXD_ERRORS_OFFSET] = eop ? meta.errors : 0;
		put_le16(desc + NIC_RXD_SPECIAL_OFFSET, eop ? meta.special : 0);
		dma_write(desc_addr, desc, sizeof(desc));
		head = head + 1 == count ? 0 : head + 1;
	}
	regs_[NIC_RDH] = head;
	regs_[NIC_ICR] |= NIC_ICR_RXT0; // RDTR = 0: every write-back raises RXT0
	return int(needed);
}

std::vector<uint32_t> FakeNic::writes(uint32_t off) const
{
	std::vector<uint32_t> v;
	for (const Access &a : log)
		if (a.write && a.reg == off)
			v.push_back(a.val);
	return v;
}

size_t FakeNic::last_access(bool write, uint32_t off) const
{
	for (size_t i = log.size(); i-- > 0;)
		if (log[i].write == write && log[i].reg == off)
			return i;
	return kNotFound;
}
