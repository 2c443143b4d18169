// Small helpers shared by the nicsim tests.
#ifndef RXSIM_TESTS_NICSIM_SUPPORT_H
#define RXSIM_TESTS_NICSIM_SUPPORT_H

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>

#include "bus_bench.h"
#include "pcie_params.h"
#include "trace_file.h"

namespace rxsim_test {

// A trace file of its own for this test process, removed with the object.
class temp_trace {
public:
    temp_trace(const std::string &name, const gen_config_t &cfg)
        : path(::testing::TempDir() + "nicsim_" + name + "_" + std::to_string(::getpid()) + ".pcap")
    {
        rxsim::write_trace(path, cfg);
    }
    ~temp_trace() { std::remove(path.c_str()); }
    temp_trace(const temp_trace &) = delete;
    temp_trace &operator=(const temp_trace &) = delete;

    const std::string path;
};

// docs/PLATFORM.md: link time of one TLP of `bytes` link bytes, as the
// platform tests write it out (bus_bench.h), not taken from the platform so
// the test checks it.
inline uint64_t tlp_ps(const pcie_params &p, uint64_t bytes) { return expected_tlp_ps(p, bytes); }

} // namespace rxsim_test

#endif
