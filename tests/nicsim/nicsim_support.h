// Small helpers shared by the nicsim tests.
#ifndef RXSIM_TESTS_NICSIM_SUPPORT_H
#define RXSIM_TESTS_NICSIM_SUPPORT_H

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <string>

#include "pcie_params.h"
#include "trace_file.h"

namespace rxsim_test {

// A trace file of its own for this test process.
inline std::string trace_path(const std::string &name)
{
    return ::testing::TempDir() + "nicsim_" + name + "_" + std::to_string(::getpid()) + ".pcap";
}

inline std::string make_trace(const std::string &name, const gen_config_t &cfg)
{
    const std::string path = trace_path(name);
    write_trace(path, cfg);
    return path;
}

// docs/PLATFORM.md: link time of one TLP of `bytes` link bytes, written out
// here rather than taken from the platform so the test checks it.
inline uint64_t tlp_ps(const pcie_params &p, uint64_t bytes)
{
    const uint64_t num = bytes * 8 * p.enc_block_bits * 1000000000000ull;
    const uint64_t den = uint64_t(p.enc_data_bits) * p.lanes * p.rate_mts * (1000000 - p.dllp_overhead_ppm);
    return (num + den - 1) / den;
}

} // namespace rxsim_test

#endif
