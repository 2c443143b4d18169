// A VCD file (IEEE 1364 section 18) as the waveform tests read it: the
// scopes and variables by their dotted names, and every value change in
// time order. Enough of the format for what Verilator's writers and
// gtkwave's fst2vcd produce: scalar, vector (b...) and real (r...) changes,
// $dumpvars/$dumpall/$dumpon/$dumpoff blocks.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace vcd {

struct change {
    uint64_t t;
    std::string value; // "0", "1", "x", "z", or a vector's digits (MSB first), or a real's text
};

struct file {
    std::string error;                     // empty: the file parsed
    std::string timescale;                 // "1ps"
    std::vector<std::string> scopes;       // dotted, in the file's order: "TOP", "TOP.nic_top", ...
    std::map<std::string, std::string> id; // variable (dotted) -> identifier code
    std::map<std::string, std::vector<change>> changes; // identifier code -> changes
    std::vector<uint64_t> times;           // every #time, in order

    bool has_scope(const std::string &name) const;
    // The changes of a variable by dotted name; empty if there is none.
    const std::vector<change> &of(const std::string &name) const;
};

file parse(const std::string &text);

// A change's value as a number (vector digits, or a scalar's 0/1); x and z
// read as 0.
uint64_t number(const std::string &value);

} // namespace vcd
