// Every knob of `rxsim run`. The member initialisers (here and in
// run_config) are the defaults, and the only place they are written:
// add_run_options() registers each member with CLI11, which prints it in
// --help and writes it in --dump-config.
#ifndef RXSIM_OPTIONS_H
#define RXSIM_OPTIONS_H

#include <cstdint>
#include <string>
#include <vector>

#include "cli11_fwd.h"
#include "results.h"
#include "run_config.h"
#include "rxtrace.h"

namespace rxsim {

// The command line's view of a run: the run's own configuration (the
// model's, sim/system/run_config.h) and what only the command line has: the
// trace, the output files, and the options as typed before they are parsed
// into the configuration.
struct run_options : run_config {
    std::string trace; // TRACE (positional)

    // As typed; finish_run_options() parses them into run_config's members.
    std::string mac = "02:00:00:00:00:01";           // -> mac_bytes
    std::vector<std::string> ips = {"10.0.0.1/24"};  // -> ip_prefixes
    std::vector<std::string> mcasts;                 // A.B.C.D -> mcast_groups
    std::vector<std::string> ip6s;                   // ADDR[/LEN] -> ip6_prefixes
    std::vector<std::string> costs;                  // NAME=ns -> cost_ns
    std::vector<std::string> link_downs;             // FROM:TO -> link_down
    std::vector<std::string> read_spikes;            // FROM:TO:EXTRA -> pcie_read_spikes
    std::vector<std::string> tcp_receivers;          // PORT:PEER_IP:PEER_PORT -> tcp_flows
    uint32_t rx_ring = 0, rx_usecs = 0;              // ethtool -G rx, -C rx-usecs -> ethtool_rx_*
    std::string adaptive_rx;                         // ethtool -C adaptive-rx: refused, as e1000 does

    std::string json;               // --json FILE
    std::string csv;                // --csv FILE: the JSON's scalars as one CSV row
    std::string packet_log;         // --packet-log FILE: one JSON line per packet
    std::string timeline;           // --timeline FILE: Chrome trace-event JSON
    std::string timeline_window;    // --timeline-window FROM:TO (empty: the whole run)
    uint64_t timeline_max_events = 2000000; // --timeline-max-events
    std::string pcap_out;           // --pcap-out FILE: pcapng, every wire frame with its fate
    std::string pcap_out_filter = "all"; // all, delivered or dropped
    std::string waveform_window;    // --waveform-window FROM:TO -> waveform_from_ps, waveform_to_ps
    bool no_progress = false;
    uint32_t stall_timeout_s = 30;  // --stall-timeout: wall seconds without simulated progress

    // Filled by finish_run_options(): how the trace is replayed (its seed
    // also seeds run_config::seed).
    rxtrace_options_t replay{};
    uint64_t timeline_from_ps = 0, timeline_to_ps = UINT64_MAX; // --timeline-window
};

// Registers every option of `run` on cmd (a CLI11 subcommand) bound to o.
// Call on a default-constructed o.
void add_run_options(CLI::App &cmd, run_options &o);

// The --kernel profile's and the --cpu preset's defaults into o, for the
// options not given, shown as those options' defaults (help, dump, report).
void apply_profile_defaults(CLI::App &cmd, run_options &o);

// After parsing: applies the --kernel profile's defaults to the options not
// given (and shows them as those options' defaults), refuses options the
// profile lacks, applies the replay options and --cost in order, checks the
// PCIe parameters. Throws CLI::ValidationError naming the option.
void finish_run_options(CLI::App &cmd, run_options &o);

// How the trace is replayed: rxtrace's defaults, the link speed of --nic,
// then the replay options given (finish_run_options() fills o.replay so).
rxtrace_options_t replay_in_effect(const CLI::App &cmd);

// Every option of cmd (but --help, --config, --dump-config) in --help order,
// typed, with its value after parsing: as given, else its default; a replay
// option as it is in effect (replay_option_value()); no value for an option
// not in effect: an alias not given, one excluded by an option given
// (--itr when --rx-usecs is). For the report and --dump-config.
std::vector<option_value> option_values(const CLI::App &cmd);

// Of option_values(), the ones that say what was simulated (not where output
// goes, nor how the run goes and is checked), TRACE and --driver reduced to
// their file names (reports do not depend on where files live).
std::vector<option_value> options_used(const CLI::App &cmd);

} // namespace rxsim

#endif
