// The NIC builds rxsim is built with, by their --nic name. hw/rtl Verilates
// each one (NIC_TOP_BUILDS: nic_top_<name>_model, class Vnic_top_<name>);
// make_nic_rtl.cpp builds them by name and does not compile unless its table
// lists exactly these, in this order. Header-only: the command line checks
// --nic against it without linking the models.
#ifndef RXSIM_NIC_BUILDS_H
#define RXSIM_NIC_BUILDS_H

#include <string>
#include <string_view>
#include <vector>

namespace rxsim {

struct nic_build {
    std::string_view name;    // the --nic value
    std::string_view summary; // what it is, for --help
};

inline constexpr nic_build nic_builds[] = {
    {"10g", "64-bit datapath @ 156.25 MHz"},
    {"1g", "8-bit @ 125 MHz"},
};

// The names, in the table's order.
inline std::vector<std::string> nic_build_names()
{
    std::vector<std::string> names;
    for (const nic_build &b : nic_builds)
        names.emplace_back(b.name);
    return names;
}

// The models of a build, by their --nic-model name (make_nic_model).
inline constexpr nic_build nic_models[] = {
    {"rtl", "the Verilated RTL"},
    {"behavioral", "the behavioral twin in C (sim/nic/twin), cycle-exact at the ports"},
    {"both", "both in lock-step, stopping at the first output that differs"},
};

inline std::vector<std::string> nic_model_names()
{
    std::vector<std::string> names;
    for (const nic_build &m : nic_models)
        names.emplace_back(m.name);
    return names;
}

} // namespace rxsim

#endif
