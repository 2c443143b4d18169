// A behavioral fake of the NIC for the driver's unit tests: the register
// file the driver sees through struct e1000_bus_ops, and receive DMA into the
// descriptor ring in host memory, as the 8254x does it (no timing, no FIFO).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <vector>

#include "host_memory.h"
#include "nic_defines.h"
#include "nic_regs.h"
#include "rxdriver/e1000.h"

class FakeNic {
public:
	// One register access, in the order the driver made them.
	struct Access {
		bool write;
		uint32_t reg;
		uint32_t val;
	};
	// Write-back fields of a frame's last (EOP) descriptor, beyond DD/EOP/length
	// ({} is all zero).
	struct RxMeta {
		uint8_t status;   // IXSM, VP, TCPCS, IPCS
		uint8_t errors;   // CE ... IPE
		uint16_t special; // VLAN tag control information (with VP)
	};
	static constexpr size_t kNotFound = ~size_t(0);

	explicit FakeNic(host_memory *hm);
	e1000_bus_ops bus();

	// The register as it stands, without a bus access's side effects.
	uint32_t reg(uint32_t off) const;
	// Sets a register behind the driver's back (counters, STATUS, RCTL.SBP).
	void set_reg(uint32_t off, uint32_t val) { regs_[off] = val; }
	// Latches interrupt causes in ICR (what ICS does).
	void raise(uint32_t causes) { regs_[NIC_ICR] |= causes; }
	// The watchdog's delayed work: every delay asked for (jiffies), and
	// whether it is queued (the test runs it and clears this).
	std::vector<unsigned long> work_delays;
	bool work_queued = false;

	// Receives one frame the way the hardware's DMA engine does: appends the
	// 4 FCS bytes, fills the buffers of the descriptors from RDH on (one per
	// rx buffer length, EOP on the last), writes them back and advances RDH.
	// Returns the number of descriptors used; 0 when the frame was not stored
	// (receiver off, too few descriptors owned, or a CRC error without SBP).
	int receive(const std::vector<uint8_t> &frame, RxMeta meta = {});
	// The receive buffer size RCTL.BSIZE/BSEX selects.
	uint32_t rx_buffer_len() const;
	// A descriptor's buffer address (little-endian, as on the bus).
	static uint64_t buffer_addr(const uint8_t *desc);

	// Values written to reg, in order.
	std::vector<uint32_t> writes(uint32_t reg) const;
	// Position in log of the last read (write = false) or write of reg.
	size_t last_access(bool write, uint32_t reg) const;
	void clear_log() { log.clear(); }

	std::vector<Access> log;
	// Sees every DMA write before it lands (the tests check ownership there).
	std::function<void(uint64_t addr, uint64_t len)> on_dma_write;
	// Runs after each register write (e.g. a frame arriving once RDT moves).
	std::function<void(uint32_t reg, uint32_t val)> on_reg_write;

private:
	uint32_t read32(uint32_t off);
	void write32(uint32_t off, uint32_t val);
	void dma_write(uint64_t addr, const void *src, size_t len);

	host_memory *hm_;
	std::map<uint32_t, uint32_t> regs_;
};
