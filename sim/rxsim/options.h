// Every knob of `rxsim run`. The member initialisers are the defaults, and the
// only place they are written: add_run_options() registers each member with
// CLI11, which prints it in --help and writes it in --dump-config.
#ifndef RXSIM_OPTIONS_H
#define RXSIM_OPTIONS_H

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

#include "pcie_params.h"
#include "rxtrace.h"

namespace rxsim {

// Receiver threads a run can have (the CPU model's thread slots, less the
// kernel's and the control thread).
constexpr size_t max_receivers = 12;

// A TCP receiver: local port and the peer it is connected to.
struct tcp_flow {
    uint16_t port;
    uint32_t peer_ip; // host order
    uint16_t peer_port;
    bool operator<(const tcp_flow &o) const
    {
        return std::tie(port, peer_ip, peer_port) < std::tie(o.port, o.peer_ip, o.peer_port);
    }
};

struct run_options {
    std::string trace; // TRACE (positional)

    // NIC (the Verilated builds and their registers).
    std::string nic = "10g";        // 10g: 64-bit @ 156.25 MHz; 1g: 8-bit @ 125 MHz
    uint32_t fifo_bytes = 32768;    // Verilog parameter FIFO_BYTES: only built values
    uint32_t ring = 256;            // receive descriptors (e1000 RxDescriptors)
    uint32_t rx_buffer = 2048;      // bytes per receive buffer (RCTL.BSIZE/BSEX)
    uint32_t itr = 3;               // InterruptThrottleRate: 0, 1, 3, 4 or 100..100000 /s
    uint32_t rdtr = 0;              // RxIntDelay, 1.024 us units
    uint32_t radv = 8;              // RxAbsIntDelay, 1.024 us units
    std::string irq = "msi";        // msi or intx
    std::string mac = "02:00:00:00:00:01"; // the NIC's station address (RAL/RAH[0])
    bool promisc = false;           // IFF_PROMISC: RCTL.UPE | MPE

    // Driver and kernel (net/core/dev.c sysctls, sysfs, socket).
    bool pre_napi = false;          // interrupt per packet and netif_rx backlog
    uint32_t copybreak = 256;
    int napi_budget = 300;          // netdev_budget
    int napi_weight = 64;           // dev weight
    uint32_t napi_time_limit_us = 2000; // netdev_budget_usecs
    int max_backlog = 1000;         // netdev_max_backlog
    uint32_t defer_hard_irqs = 0;   // napi_defer_hard_irqs
    uint64_t gro_flush_timeout_ns = 0;
    uint32_t rcvbuf = 212992;       // sk_rcvbuf of the receivers (rmem_default)
    std::vector<std::string> ips = {"10.0.0.1/24"}; // the host's IPv4 addresses
    uint32_t skb_fail_ppm = 0;      // injected skb allocation failures, parts per million
    bool threaded_napi = false;     // dev_set_threaded: a kernel thread polls, not the softirq
    uint64_t busy_poll_us = 0;      // SO_BUSY_POLL of the receivers (0: off)

    // Host CPU and applications.
    double cpu_ghz = 3.0;           // clock for costs given in cycles
    std::vector<std::string> costs; // NAME=ns overrides of the CPU model's cost table
    std::vector<uint16_t> udp_ports = {9000}; // one receiver thread per port (rxsim-gen's default)
    std::vector<std::string> tcp_receivers; // PORT:PEER_IP:PEER_PORT, one thread each
    uint64_t app_cost_ns = 1000;    // application work per packet, after the recv

    // The run.
    uint64_t wire_start_us = 100;   // the replay's time 0 on the wire (ifup runs from time 0)
    uint64_t drain_us = 1000;       // simulated time after the last frame has left the wire
    std::string json;               // --json FILE
    std::string packet_log;         // --packet-log FILE: one JSON line per packet
    bool no_progress = false;
    bool proc_net = false;          // print /proc/net views after the report

    // Filled by finish_run_options() from the options above.
    pcie_params pcie = pcie_params_default();
    rxtrace_options_t replay{};
    std::map<std::string, uint64_t> cost_ns; // parsed --cost, by cost name
    uint8_t mac_bytes[6] = {};               // parsed --mac
    std::vector<std::pair<uint32_t, int>> ip_prefixes; // parsed --ip: address (host order), length
    std::vector<tcp_flow> tcp_flows;                   // parsed --tcp-flow
};

// Registers every option of `run` on cmd (a CLI11 subcommand) bound to o.
// Call on a default-constructed o.
void add_run_options(CLI::App &cmd, run_options &o);

// After parsing: applies the replay options and --cost in order, checks the
// PCIe parameters. Throws CLI::ValidationError naming the option.
void finish_run_options(const CLI::App &cmd, run_options &o);

// The options as the run used them, name -> value, in --help order, for the
// report (paths reduced to their file name, so reports do not depend on where
// files live).
std::vector<std::pair<std::string, std::string>> options_used(const CLI::App &cmd);

} // namespace rxsim

#endif
