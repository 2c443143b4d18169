// What one run of the assembled simulator is configured with: a plain
// struct, no command line in it. The member initialisers are the defaults
// (the CLI registers each member with CLI11 and shows them in --help), and
// each is usable as it stands: a default run_config is a valid run.
#ifndef RXSIM_RUN_CONFIG_H
#define RXSIM_RUN_CONFIG_H

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "bus_faults.h"
#include "pcie_params.h"

namespace rxsim {

// The liveness checks every run makes (rx_system), by the names --warn-only
// takes: a poll over its budget, a written-back descriptor never polled, a
// ring the NIC finds empty while frames are missed, an interrupt storm nobody
// handles, DMA memory not returned at ifdown.
inline constexpr const char *liveness_checks[] = {"napi-budget", "not-polled", "starved-ring", "irq-storm",
                                                  "leak"};

// Receiver threads a run can have (the CPU model's thread slots, less the
// kernel's and the control thread).
constexpr size_t max_receivers = 12;

// A TCP receiver: local port and the peer it is connected to; an IPv6 peer
// makes it an AF_INET6 socket.
struct tcp_flow {
    uint16_t port;
    uint32_t peer_ip; // host order (IPv4 peer)
    uint16_t peer_port;
    bool v6 = false;  // the peer is peer_ip6
    std::array<uint8_t, 16> peer_ip6{};
    bool operator<(const tcp_flow &o) const
    {
        return std::tie(port, peer_ip, peer_port, v6, peer_ip6) < std::tie(o.port, o.peer_ip, o.peer_port, o.v6, o.peer_ip6);
    }
};

// An IPv6 address and its prefix length.
struct ip6_prefix {
    std::array<uint8_t, 16> addr;
    int len;
};

struct run_config {
    // NIC (the Verilated builds and their registers).
    std::string nic = "10g";        // 10g: 64-bit @ 156.25 MHz; 1g: 8-bit @ 125 MHz
    std::string nic_model = "rtl";  // rtl, behavioral (the C twin) or both (lock-step)
    uint32_t fifo_bytes = 32768;    // RX packet buffer: PBA.RXA (e1000_reset), 8..64 KB in steps of 8
    uint32_t ring = 256;            // receive descriptors (e1000 RxDescriptors)
    uint32_t rx_buffer = 2048;      // bytes per receive buffer (RCTL.BSIZE/BSEX)
    uint32_t mtu = 1500;            // netdev MTU: > 1500 sets RCTL.LPE (e1000_setup_rctl)
    uint32_t itr = 3;               // InterruptThrottleRate: 0, 1, 3, 4 or 100..100000 /s
    uint32_t rdtr = 0;              // RxIntDelay, 1.024 us units
    uint32_t radv = 8;              // RxAbsIntDelay, 1.024 us units
    // RXDCTL: descriptor prefetch and write-back thresholds (the driver's
    // defaults are the register's reset values).
    uint32_t rx_pthresh = 0, rx_hthresh = 0, rx_wthresh = 1;
    std::string irq = "msi";        // msi or intx
    uint8_t mac_bytes[6] = {0x02, 0, 0, 0, 0, 0x01}; // the NIC's station address (RAL/RAH[0])
    bool promisc = false;           // IFF_PROMISC: RCTL.UPE | MPE
    // `ethtool -G eth0 rx N` and `ethtool -C eth0 rx-usecs N` between probe
    // and ifup, as the driver's ethtool hooks take them (over ring / itr)
    std::optional<uint32_t> ethtool_rx_ring, ethtool_rx_usecs;

    // Driver and kernel (net/core/dev.c sysctls, sysfs, socket).
    std::string kernel = "6.13";    // kernel profile (kernel_profile.h): 2.6, 4.19, 6.6 or 6.13
    bool pre_napi = false;          // interrupt per packet and netif_rx backlog
    uint32_t copybreak = 256;
    int napi_budget = 300;          // netdev_budget
    int napi_weight = 64;           // dev weight
    uint32_t napi_time_limit_us = 2000; // netdev_budget_usecs
    int max_backlog = 1000;         // netdev_max_backlog
    uint32_t defer_hard_irqs = 0;   // napi_defer_hard_irqs
    uint64_t gro_flush_timeout_ns = 0;
    // ethtool -K eth0 gro on|off (NETIF_F_GRO); empty: the kernel's default
    // (on since GRO came, 2.6.29; none in the 2.6 profile's 2.6.12)
    std::string gro;
    uint32_t rcvbuf = 212992;       // sk_rcvbuf of the receivers (rmem_default)
    // the host's IPv4 addresses: address (host order), prefix length
    std::vector<std::pair<uint32_t, int>> ip_prefixes = {{0x0a000001u, 24}};
    std::vector<uint32_t> mcast_groups; // IPv4 groups joined on eth0 (ip_mc_join) before ifup
    std::vector<ip6_prefix> ip6_prefixes; // IPv6 addresses put on eth0 (ipv6_add_addr) before ifup
    std::vector<uint16_t> vlans;        // 802.1Q devices eth0.VID, registered before ifup
    uint32_t skb_fail_ppm = 0;      // injected skb allocation failures, parts per million
    uint64_t seed = 1;              // chooses the injected failures
    bool threaded_napi = false;     // dev_set_threaded: a kernel thread polls, not the softirq
    uint64_t busy_poll_us = 0;      // SO_BUSY_POLL of the receivers (0: off)
    bool prefer_busy_poll = false;  // SO_PREFER_BUSY_POLL, or the epoll context's prefer_busy_poll
    uint32_t busy_poll_budget = 0;  // SO_BUSY_POLL_BUDGET, or the epoll context's (0: BUSY_POLL_BUDGET, 8)
    uint64_t irq_suspend_timeout_ns = 0; // the NAPI's irq_suspend_timeout (Linux 6.13)

    // Host CPU and applications.
    std::string cpu = "modern-3ghz"; // cost table preset (cost_table.h), at its own clock ...
    double cpu_ghz = 3.0;           // ... scaled to this one
    std::map<std::string, uint64_t> cost_ns; // overrides of the CPU model's cost table, by name
    std::vector<uint16_t> udp_ports = {9000}; // one receiver thread per port (rxsim-gen's default)
    std::vector<uint16_t> udp6_ports; // AF_INET6 receivers on [::]:PORT (instead of udp_ports)
    bool bindv6only = false;        // net.ipv6.bindv6only: AF_INET6 receivers are IPV6_V6ONLY
    std::vector<tcp_flow> tcp_flows; // one receiver thread each
    uint64_t app_cost_ns = 1000;    // application work per packet, after the recv
    std::string app = "recv";       // recv: blocking reads; epoll: an epoll_wait loop, nonblocking reads
    uint64_t epoll_busy_poll_us = 0; // the epoll context's busy_poll_usecs (EPIOCSPARAMS)

    // The bus.
    pcie_params pcie = pcie_params_default();

    // Faults: the cable pulled (sorted, apart), completion latency spikes,
    // writes into receive buffers the host refuses (chosen by seed).
    std::vector<link_down_interval> link_down;
    std::vector<read_latency_spike> pcie_read_spikes;
    uint32_t dma_write_error_ppm = 0;

    // The run.
    uint64_t wire_start_us = 100;   // the replay's time 0 on the wire (ifup runs from time 0)
    uint64_t drain_us = 1000;       // simulated time after the last frame has left the wire
    bool idle_fold = true;          // idle watchdog periods folded into one step (rx_system)
    // Liveness checks (rx_system): how long a descriptor written back may
    // wait for a poll while no poll is scheduled (0: twice the longest
    // interrupt moderation delay the options allow, plus 1 ms); named
    // checks only warn.
    uint64_t not_polled_us = 0;
    std::string driver;             // a driver module (driver_api.h) instead of the in-tree e1000
    std::vector<std::string> warn_only; // of liveness_checks
    bool proc_net = false;          // add the /proc/net views to the results
    bool ethtool = false;           // add `ethtool -S` of the interface to the results
    // nic_top's signals to this .fst or .vcd file (the build's traced
    // variant; empty: none), `waveform_depth` scope levels deep, only the
    // edges from..to
    std::string waveform;
    int waveform_depth = 99;
    uint64_t waveform_from_ps = 0, waveform_to_ps = UINT64_MAX;
};

} // namespace rxsim

#endif
