// The nic_top build of this test binary (TOP_MODEL, its parameters from
// CMakeLists.txt) and its harness, the behavioral twin of the same
// parameters as the scoreboard.
#ifndef RXSIM_TESTS_HW_TOP_TOP_NIC_H
#define RXSIM_TESTS_HW_TOP_TOP_NIC_H

#include TOP_MODEL_H

#include "nic_harness.hpp"

using Nic = rxsim_test::NicHarness<TOP_MODEL>;
inline constexpr rxsim_test::NicParams kTop{WIRE_BYTES, CLK_PERIOD_PS, FIFO_BYTES, DESC_CACHE};

#endif
