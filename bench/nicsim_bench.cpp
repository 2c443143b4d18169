// Speed of the bare NIC path: a trace on the wire, the 10GbE NIC (nic_device
// with the Verilated RTL or the behavioral twin), the PCIe platform and the
// trivial host (sim/testbed), as issue 5's "the same trace on the bare NIC
// model with a trivial host". system_bench runs it as a child process beside
// `rxsim run` on the same trace, so the two compare like for like:
//   nicsim_bench TRACE END_PS MODEL REPORT.json
// replays TRACE with its own timestamps from 100 us on (as rxsim run does),
// stops at END_PS (system_bench passes rxsim's simulated time) and writes the
// figures to REPORT.json. Exits 1 when the host did not finish, saw a payload
// differ, or the trace could not be read whole.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "nic_testbed.h"
#include "ps_time.h"

using namespace rxsim;

int sc_main(int argc, char **argv)
{
    if (argc != 5) {
        std::fprintf(stderr, "usage: nicsim_bench TRACE END_PS rtl|behavioral REPORT.json\n");
        return 2;
    }
    nic_testbed_config cfg;
    cfg.trace = argv[1];
    cfg.nic_model = argv[3];
    cfg.replay.timing = RXTRACE_TIMING_ORIGINAL;
    cfg.wire_offset_ps = 100000000; // rxsim run's wire start
    cfg.host.ring_size = 1024;
    cfg.host.itr = 20; // 5.12 us: about 76 frames per interrupt at line rate
    cfg.host.end_ps = std::strtoull(argv[2], nullptr, 10);
    if (cfg.host.end_ps <= cfg.wire_offset_ps) {
        std::fprintf(stderr, "nicsim_bench: END_PS %s is not after the wire start\n", argv[2]);
        return 2;
    }
    nic_testbed tb("bare", cfg);
    sc_core::sc_start();

    const nic_device_counters &c = tb.nic.counters();
    const nlohmann::json j = {
        {"packets_in", tb.wire.frames()},
        {"delivered", tb.host.delivered()},
        {"mpc", tb.host.statistics().mpc},
        {"sim_time_ns", time_to_ps(sc_core::sc_time_stamp()) / 1000},
        {"edges", c.edges},
        {"skip_edges", c.skip_edges},
        {"waits", c.waits},
    };
    std::ofstream(argv[4]) << j.dump(1) << "\n";
    return tb.host.finished() && tb.host.payload_errors() == 0 && tb.wire.status() == 0 ? 0 : 1;
}
