// Writes a pcap trace (nanosecond timestamps) with the generator's traffic
// model: the trace a nic_testbed replays, for tests and the benchmark.
#ifndef RXSIM_TRACE_FILE_H
#define RXSIM_TRACE_FILE_H

#include <string>

#include "gen_traffic.h"

namespace rxsim {

// gen_config_default() with `count` UDP frames of `size` bytes (FCS included).
gen_config_t udp_traffic(uint64_t count, uint32_t size);

// Writes the traffic to `path`; throws std::runtime_error on failure.
void write_trace(const std::string &path, const gen_config_t &cfg);

} // namespace rxsim

#endif
