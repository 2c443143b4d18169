// nic_demo: a few sample frames through the Verilated NIC (10GbE build) with a
// trivial host: the behavioral host memory and an e1000-like register setup.
// For each frame it tells where the frame went: written to host memory (with
// its descriptor) or taken by which statistics counter. Exits 0 only if every
// frame is accounted for exactly once.
//
// This is the stand-in for `rxsim run`, which comes with the end-to-end issue
// (SystemC platform, driver and receive stack).
#include "Vnic_top_10g.h"

#include <cstdint>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "frames.hpp"
#include "nic_defines.h"
#include "nic_harness.hpp"
#include "nic_regs.h"

namespace {

using Nic = rxsim_test::NicHarness<Vnic_top_10g>;
constexpr unsigned kWireBytes = 8;  // DATA_W 64
constexpr double kClockNs = 6.4;    // CLK_PERIOD_PS 6400

struct Counter {
  const char* name;
  uint32_t addr;
};
// Where a frame the host never sees is counted.
const Counter kDropCounters[] = {
    {"MPC (RX FIFO full)", NIC_MPC},         {"CRCERRS (bad FCS)", NIC_CRCERRS},
    {"RXERRC (bad preamble/SFD)", NIC_RXERRC}, {"RUC (undersize)", NIC_RUC},
    {"RFC (fragment)", NIC_RFC},             {"ROC (oversize)", NIC_ROC},
    {"RJC (jabber)", NIC_RJC},               {"XFLTC (address filter)", NIC_XFLTC},
    {"XDISC (receiver disabled)", NIC_XDISC},
};

std::string status_bits(uint8_t s) {
  std::string out;
  const std::pair<uint8_t, const char*> bits[] = {
      {NIC_RXD_STATUS_DD, "DD"},       {NIC_RXD_STATUS_EOP, "EOP"}, {NIC_RXD_STATUS_IXSM, "IXSM"},
      {NIC_RXD_STATUS_VP, "VP"},       {NIC_RXD_STATUS_TCPCS, "TCPCS"},
      {NIC_RXD_STATUS_IPCS, "IPCS"},   {NIC_RXD_STATUS_PIF, "PIF"}};
  for (const auto& [mask, name] : bits)
    if (s & mask) out += out.empty() ? name : std::string("|") + name;
  return out;
}

}  // namespace

int main() {
  const std::vector<std::pair<const char*, frames::Bytes>> samples = {
      {"UDP 10.0.0.2:40000 -> 10.0.0.1:9, 100 B payload", frames::udp(100, 1)},
      {"ARP who-has 10.0.0.1 (broadcast)", frames::arp_broadcast()},
      {"UDP with a corrupted FCS", frames::bad_fcs(frames::udp(64, 2))},
  };

  std::printf("rxsim nic_demo: sample frames through the Verilated NIC (nic_top, 64-bit wire at 6.4 ns)\n");
  std::printf("with a trivial host. The full simulator (`rxsim run capture.pcap`: SystemC bus,\n");
  std::printf("driver, receive stack) comes with the end-to-end issue; this is the NIC alone.\n\n");

  Nic nic(kWireBytes);
  nic.bring_up(16);
  nic.write(NIC_IMS, NIC_ICR_RXT0 | NIC_ICR_RXO);

  unsigned accounted = 0;
  unsigned delivered = 0;
  for (const auto& [what, frame] : samples) {
    const uint64_t start = nic.cycle();
    nic.send(frame);
    nic.drain_wire();
    std::vector<rxsim_test::RxFrame> got;
    for (int i = 0; i < 100 && got.empty(); ++i) {
      nic.run(20);
      got = nic.clean();
    }
    std::printf("frame %u: %s, %zu bytes on the wire (+8 preamble/SFD)\n", accounted + delivered + 1,
                what, frame.size());
    unsigned fates = 0;
    for (const auto& f : got) {
      const bool intact = f.bytes == frames::Bytes(frame.begin(), frame.end() - 4);
      std::printf("  -> host memory (found by the driver %.1f ns after the frame began): descriptor length %u, status %s, errors 0x%02x; bytes %s\n",
                  (nic.cycle() - start) * kClockNs, f.desc.length, status_bits(f.desc.status).c_str(),
                  f.desc.errors, intact ? "intact (FCS stripped)" : "DIFFER");
      if (intact) ++fates;
      ++delivered;
    }
    for (const auto& c : kDropCounters) {
      const uint32_t n = nic.read(c.addr);
      if (n == 0) continue;
      std::printf("  -> dropped by the NIC: %s += %u\n", c.name, n);
      fates += n;
      accounted += n;
    }
    const uint32_t icr = nic.read(NIC_ICR);
    std::printf("  ICR 0x%08x, INTx asserted %zu times so far\n", icr, nic.intx_rises().size());
    if (fates != 1) std::printf("  !! this frame ended in %u places\n", fates);
  }

  const uint32_t tpr = nic.read(NIC_TPR);
  const uint32_t gprc = nic.read(NIC_GPRC);
  const uint32_t bprc = nic.read(NIC_BPRC);
  std::printf("\nregisters: STATUS 0x%08x RCTL 0x%08x RDBAH:RDBAL 0x%08x:%08x RDLEN %u RDH %u RDT %u\n",
              nic.read(NIC_STATUS), nic.read(NIC_RCTL), nic.read(NIC_RDBAH), nic.read(NIC_RDBAL),
              nic.read(NIC_RDLEN), nic.read(NIC_RDH), nic.read(NIC_RDT));
  std::printf("counters (read-to-clear): TPR %u GPRC %u BPRC %u\n", tpr, gprc, bprc);
  const unsigned sent = static_cast<unsigned>(samples.size());
  const bool ok = tpr == sent && delivered + accounted == sent && nic.mem().errors().empty();
  std::printf("%u frames sent, %u delivered to host memory, %u counted as drops: %s\n", sent, delivered,
              accounted, ok ? "every frame accounted for" : "NOT every frame accounted for");
  return ok ? 0 : 1;
}
