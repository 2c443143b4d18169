// The bare NIC path assembled: a trace on the wire, the Verilated NIC, the
// PCIe platform and the trivial host. Tests and the benchmark build one (or
// two side by side, under different names, in one elaboration), then call
// sc_start.
#ifndef RXSIM_NIC_TESTBED_H
#define RXSIM_NIC_TESTBED_H

#include <functional>
#include <memory>
#include <string>

#include "nic_device.h"
#include "pcie_platform.h"
#include "rxtrace.h"
#include "trivial_host.h"
#include "wire_driver.h"

namespace rxsim {

struct nic_testbed_config {
    std::string nic_build = "10g"; // NIC build (nic_builds.h)
    std::string nic_model = "rtl"; // its model (nic_builds.h: rtl, behavioral, both)
    // A model of its own instead (tests); empty: make_nic_model(nic_build, nic_model).
    std::function<std::unique_ptr<nic_rtl>()> model;
    std::string trace;             // pcap/pcapng file
    rxtrace_options_t replay;      // rxtrace_options_default() unless changed
    uint64_t wire_offset_ps = 0;   // the replay's time 0 on the wire
    pcie_params bus = pcie_params_default();
    uint64_t mem_base = 0x100000000ull;
    uint64_t mem_size = 64ull << 20;
    nic_device_config nic;
    trivial_host_config host;

    nic_testbed_config() { rxtrace_options_default(&replay); }
};

class nic_testbed {
public:
    // `prefix` names the modules (unique per elaboration). Throws
    // std::runtime_error when the trace cannot be opened.
    nic_testbed(const std::string &prefix, const nic_testbed_config &config);
    ~nic_testbed();
    nic_testbed(const nic_testbed &) = delete;
    nic_testbed &operator=(const nic_testbed &) = delete;

    rxtrace_t *trace;
    pcie_platform bus;
    nic_device nic;
    wire_driver wire;
    trivial_host host;
};

} // namespace rxsim

#endif
