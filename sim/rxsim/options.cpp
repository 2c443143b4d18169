#include "options.h"

#include <arpa/inet.h>

#include <cstddef>
#include <cstdio>
#include <iterator>
#include <set>
#include <sstream>

#include <CLI/CLI.hpp>

#include "cost_table.h"
#include "kernel_profile.h"
#include "nic_builds.h"

#include "replay_options.h"
#include "rxtrace_cli.h"

namespace rxsim {

namespace {

// The NIC builds linked into rxsim, as "10g (...) or 1g (...)".
std::string nic_builds_help()
{
    std::string h;
    for (std::size_t i = 0; i < std::size(nic_builds); ++i) {
        if (i > 0)
            h += i + 1 == std::size(nic_builds) ? " or " : ", ";
        h += std::string(nic_builds[i].name) + " (" + std::string(nic_builds[i].summary) + ")";
    }
    return h;
}

// The receive share of the 64 KB packet buffer, PBA.RXA: whole KB, a
// multiple of 8 (8254x SDM 13.4.16), from 8 KB to all of it (no transmit
// path needs the rest).
CLI::Validator pba_split()
{
    return CLI::Validator(
        [](std::string &v) {
            unsigned long n = 0;
            return CLI::detail::lexical_cast(v, n) && n >= 8192 && n <= 65536 && n % 8192 == 0
                       ? std::string()
                       : "expected 8192..65536 bytes in steps of 8192 (PBA.RXA: 8..64 KB, a multiple of 8 KB), got " +
                             v;
        },
        "8192..65536, step 8192");
}

// RDLEN is a multiple of 128 bytes: 8 descriptors; e1000_check_options
// takes E1000_MIN_RXD..E1000_MAX_RXD (80..4096) and would put the default in
// place of anything else, so a smaller ring is refused here, not run as 256.
CLI::Validator ring_size()
{
    return CLI::Validator(
        [](std::string &v) {
            unsigned long n = 0;
            return CLI::detail::lexical_cast(v, n) && n >= 80 && n <= 4096 && n % 8 == 0
                       ? std::string()
                       : "expected 80..4096 descriptors (e1000's RxDescriptors), a multiple of 8, got " + v;
        },
        "80..4096, multiple of 8");
}

// ethtool -C rx-usecs as e1000_set_coalesce (Linux 6.1) takes it: above
// E1000_MAX_ITR_USECS (10000), between 4 and E1000_MIN_ITR_USECS (10), or 2
// is EINVAL (the driver checks again: a module may take less).
CLI::Validator rx_usecs_value()
{
    return CLI::Validator(
        [](std::string &v) {
            unsigned long n = 0;
            const bool ok = CLI::detail::lexical_cast(v, n) && n <= 10000 && n != 2 && (n <= 4 || n >= 10);
            return ok ? std::string()
                      : "e1000_set_coalesce takes 0, 1, 3, 4 or 10..10000 (Invalid argument otherwise), got " + v;
        },
        "0|1|3|4|10..10000");
}

// "02:00:00:00:00:01" -> 6 bytes; false if it is not that shape.
bool parse_mac(const std::string &v, uint8_t out[6])
{
    unsigned b[6];
    char tail;
    if (std::sscanf(v.c_str(), "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5],
                    &tail) != 6 || v.size() != 17)
        return false;
    for (int i = 0; i < 6; i++)
        out[i] = uint8_t(b[i]);
    return true;
}

// "10.0.0.1/24" (or without /len: /32) -> address in host order and length.
bool parse_ip(const std::string &v, uint32_t &addr, int &len)
{
    unsigned a[4];
    int n = 0;
    len = 32;
    if (std::sscanf(v.c_str(), "%3u.%3u.%3u.%3u%n", &a[0], &a[1], &a[2], &a[3], &n) != 4)
        return false;
    if (v[size_t(n)] == '/') {
        int used = 0;
        if (std::sscanf(v.c_str() + n + 1, "%2d%n", &len, &used) != 1 || size_t(n + 1 + used) != v.size())
            return false;
    } else if (size_t(n) != v.size()) {
        return false;
    }
    if (a[0] > 255 || a[1] > 255 || a[2] > 255 || a[3] > 255 || len < 0 || len > 32)
        return false;
    addr = a[0] << 24 | a[1] << 16 | a[2] << 8 | a[3];
    return true;
}

// "2001:db8::1/64" (or without /len: /128) -> address and length; why it is
// refused, or empty.
std::string parse_ip6(const std::string &v, std::array<uint8_t, 16> &addr, int &len)
{
    const size_t slash = v.find('/');
    len = 128;
    if (inet_pton(AF_INET6, v.substr(0, slash).c_str(), addr.data()) != 1)
        return "expected an IPv6 address like 2001:db8::1/64, got " + v;
    if (slash != std::string::npos) {
        const std::string l = v.substr(slash + 1);
        if (l.empty() || l.size() > 3 || l.find_first_not_of("0123456789") != std::string::npos)
            return "expected a prefix length 0..128 after '/', got " + v;
        len = std::stoi(l);
        if (len > 128)
            return "the prefix length " + l + " is over 128 (" + v + ")";
    }
    // ipv6_add_addr refuses them (EADDRNOTAVAIL).
    static const std::array<uint8_t, 16> any{}, loopback{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    if (addr == any || addr == loopback || addr[0] == 0xff)
        return v + " is not an address a host can hold (::, ::1 and multicast are refused, as ipv6_add_addr "
                   "refuses them)";
    return "";
}

// "5001:10.0.0.2:40000" or "5001:[2001:db8::2]:40000" -> a TCP receiver's
// local port and peer.
bool parse_tcp_flow(const std::string &v, tcp_flow &f)
{
    const size_t a = v.find(':'), b = v.rfind(':');
    unsigned long port = 0, peer_port = 0;
    if (a == std::string::npos || a == b || !CLI::detail::lexical_cast(v.substr(0, a), port) ||
        !CLI::detail::lexical_cast(v.substr(b + 1), peer_port) || port < 1 || port > 65535 || peer_port < 1 ||
        peer_port > 65535)
        return false;
    const std::string peer = v.substr(a + 1, b - a - 1);
    f = {uint16_t(port), 0, uint16_t(peer_port)};
    if (peer.size() > 2 && peer.front() == '[' && peer.back() == ']') {
        f.v6 = true;
        return inet_pton(AF_INET6, peer.substr(1, peer.size() - 2).c_str(), f.peer_ip6.data()) == 1;
    }
    int len = 0;
    return parse_ip(peer, f.peer_ip, len) && len == 32;
}

// Accepts what `ok` accepts; else "expected <shape>, got <value>".
CLI::Validator shaped_as(bool (*ok)(const std::string &), const std::string &shape, const std::string &name)
{
    return CLI::Validator(
        [ok, shape](std::string &v) { return ok(v) ? std::string() : "expected " + shape + ", got " + v; }, name);
}

// "1ms:3ms" or "1ms:3ms:50us": durations (rxtrace's units) split at ':' ->
// picoseconds; false unless there are exactly `n` of them.
bool parse_durations(const std::string &v, size_t n, std::vector<uint64_t> &ps)
{
    ps.clear();
    size_t at = 0;
    for (;;) {
        const size_t colon = v.find(':', at);
        uint64_t ns = 0;
        if (rxtrace_parse_duration_ns(v.substr(at, colon - at).c_str(), &ns) != 0 || ns > UINT64_MAX / 1000)
            return false;
        ps.push_back(ns * 1000);
        if (colon == std::string::npos)
            break;
        at = colon + 1;
    }
    return ps.size() == n;
}

bool is_window(const std::string &v)
{
    std::vector<uint64_t> ps;
    return parse_durations(v, 2, ps) && ps[0] < ps[1];
}

// A FROM:TO option's check (--link-down, --timeline-window, --waveform-window).
CLI::Validator window_shape()
{
    return shaped_as(is_window, "FROM:TO with FROM < TO, like 2ms:5ms", ""); // type_name says the shape
}

// A checked window (--timeline-window, --waveform-window) as picoseconds;
// none given leaves from and to as they are (the whole run).
void parse_window(const std::string &v, uint64_t &from_ps, uint64_t &to_ps)
{
    if (v.empty())
        return;
    std::vector<uint64_t> ps;
    parse_durations(v, 2, ps); // checked while parsing
    from_ps = ps[0];
    to_ps = ps[1];
}

// The waveform writers Verilator has: FST (the traced models') and VCD.
bool is_waveform_file(const std::string &v)
{
    for (const std::string ext : {".fst", ".vcd"})
        if (v.size() > ext.size() && v.compare(v.size() - ext.size(), ext.size(), ext) == 0)
            return true;
    return false;
}

bool is_spike(const std::string &v)
{
    std::vector<uint64_t> ps;
    return parse_durations(v, 3, ps) && ps[0] < ps[1];
}

bool is_mac(const std::string &v)
{
    uint8_t m[6];
    return parse_mac(v, m);
}

bool is_ip(const std::string &v)
{
    uint32_t a;
    int l;
    return parse_ip(v, a, l);
}

// An IPv4 multicast group: 224.0.0.0/4, no prefix.
bool is_mcast_group(const std::string &v)
{
    uint32_t a;
    int l;
    return v.find('/') == std::string::npos && parse_ip(v, a, l) && a >> 28 == 0xe;
}

CLI::Validator ip6_value()
{
    return CLI::Validator(
        [](std::string &v) {
            std::array<uint8_t, 16> a;
            int l;
            return parse_ip6(v, a, l);
        },
        "ADDR[/LEN]");
}

bool is_tcp_flow(const std::string &v)
{
    tcp_flow f;
    return parse_tcp_flow(v, f);
}

// e1000's InterruptThrottleRate: a mode or a fixed rate.
CLI::Validator itr_value()
{
    return CLI::Validator(
        [](std::string &v) {
            unsigned long n = 0;
            bool number = CLI::detail::lexical_cast(v, n);
            return number && (n == 0 || n == 1 || n == 3 || n == 4 || (n >= 100 && n <= 100000))
                       ? std::string()
                       : "expected 0 (off), 1 (dynamic), 3 (dynamic conservative), "
                         "4 (simplified) or a rate 100..100000, got " + v;
        },
        "0|1|3|4|100..100000");
}

// The profiles, the newest (the default) last, and what each lacks.
std::string kernel_help()
{
    std::string h = "kernel profile, the choices that differ between kernel eras (docs/KERNELS.md): ";
    const auto &all = kernel_profiles();
    for (std::size_t i = 0; i < all.size(); ++i)
        h += std::string(i ? "; " : "") + all[i].name + " (" + all[i].summary + ")";
    h += "; default " + std::string(all.back().name) + ". An option of a feature the profile's kernel lacks is refused: ";
    const auto &features = kernel_features();
    std::string list;
    for (const kernel_feature &f : features)
        list += (list.empty() ? "" : ", ") + std::string(f.option) + " (" + f.what + ", " + f.since + ")";
    return h + list;
}

bool cost_name_known(const std::string &name) { return cost_item_lookup(name.c_str()) >= 0; }

std::string cost_names()
{
    std::string all;
    for (int i = 0; i < COST__COUNT; i++)
        all += std::string(i ? ", " : "") + cost_item_name(i);
    return all;
}

// NAME=ns with NAME from the CPU model's cost table: the stack's steps
// (rxsim/platform.h) and the CPU's own (cost_table.h).
CLI::Validator cost_override()
{
    return CLI::Validator(
        [](std::string &v) {
            size_t eq = v.find('=');
            std::string name = v.substr(0, eq);
            if (eq == std::string::npos || !cost_name_known(name))
                return "expected NAME=ns with NAME one of: " + cost_names();
            std::string ns = v.substr(eq + 1);
            if (ns.empty() || ns.find_first_not_of("0123456789") != std::string::npos ||
                ns.size() > 10)
                return "expected a whole number of ns (0..9999999999) after " + name + "=";
            return std::string();
        },
        "");
}

// Fields of pcie_params as options; pcie_params_check() judges them together.
void add_pcie_options(CLI::App &cmd, pcie_params &p)
{
    const std::string g = "PCIe link (docs/PLATFORM.md)";
    cmd.add_option("--pcie-rate-mts", p.rate_mts, "transfers per second per lane (Gen3: 8000)")->group(g);
    cmd.add_option("--pcie-lanes", p.lanes, "link width, 1..32")->group(g);
    cmd.add_option("--pcie-enc-data-bits", p.enc_data_bits, "line code: data bits per block")->group(g);
    cmd.add_option("--pcie-enc-block-bits", p.enc_block_bits, "line code: bits per block")->group(g);
    cmd.add_option("--pcie-dllp-overhead-ppm", p.dllp_overhead_ppm,
                   "link time taken by ACK/flow-control DLLPs and SKP, parts per million")->group(g);
    cmd.add_option("--pcie-tlp-framing-bytes", p.tlp_framing_bytes,
                   "per TLP: framing token, sequence number, LCRC")->group(g);
    cmd.add_option("--pcie-mem-header-bytes", p.mem_header_bytes, "memory request header")->group(g);
    cmd.add_option("--pcie-cpl-header-bytes", p.cpl_header_bytes, "completion header")->group(g);
    cmd.add_option("--pcie-mps", p.mps, "Max Payload Size, a power of two 128..4096")->group(g);
    cmd.add_option("--pcie-mrrs", p.mrrs, "Max Read Request Size, a power of two 128..4096")->group(g);
    cmd.add_option("--pcie-rcb", p.rcb, "Read Completion Boundary, 64 or 128, <= MPS")->group(g);
    cmd.add_option("--pcie-dma-read-latency-ps", p.dma_read_latency_ps,
                   "read request has left the link -> completions ready")->group(g);
    cmd.add_option("--pcie-write-latency-ps", p.write_latency_ps,
                   "write's last TLP has left the link -> data in memory")->group(g);
    cmd.add_option("--pcie-mmio-read-rtt-ps", p.mmio_read_rtt_ps, "MMIO read round trip")->group(g);
    cmd.add_option("--pcie-mmio-write-latency-ps", p.mmio_write_latency_ps,
                   "posted MMIO write has left the link -> device sees it")->group(g);
    cmd.add_option("--pcie-mmio-write-issue-ps", p.mmio_write_issue_ps,
                   "CPU time to issue one posted MMIO write")->group(g);
    cmd.add_option("--pcie-msi-latency-ps", p.msi_latency_ps,
                   "MSI write has left the link -> CPU interrupted")->group(g);
    cmd.add_option("--pcie-intx-latency-ps", p.intx_latency_ps,
                   "INTx message has left the link -> CPU")->group(g);
}

} // namespace

void add_run_options(CLI::App &cmd, run_options &o)
{
    // Every bound option shows its member's initial value as [default].
    cmd.option_defaults()->always_capture_default();
    cmd.add_option("TRACE", o.trace, "pcap or pcapng file replayed into the wire; - reads stdin "
                                     "(a pipe or FIFO is read once, as the run goes)")
        ->type_name("FILE")
        ->required();

    std::string g = "NIC";
    cmd.add_option("--nic", o.nic, "NIC build: " + nic_builds_help() +
                                       "; sets the link speed unless --link-speed is given")
        ->check(CLI::IsMember(nic_build_names()))->group(g);
    cmd.add_option("--nic-model", o.nic_model,
                   "the NIC's model: rtl (the Verilated RTL), behavioral (its twin in C, cycle-exact at "
                   "nic_top's ports) or both (in lock-step: the run stops, exit 1, at the first edge where an "
                   "output differs, naming it)")
        ->check(CLI::IsMember(nic_model_names()))->group(g);
    cmd.add_option("--fifo-bytes", o.fifo_bytes,
                   "RX packet buffer: the receive share of the 64 KB packet buffer that e1000_reset writes "
                   "to PBA (Linux writes 48 KB; the rest is transmit's)")
        ->check(pba_split())->group(g);
    cmd.add_option("--ring", o.ring, "receive descriptors (RDLEN / 16)")->check(ring_size())->group(g);
    cmd.add_option("--rx-buffer", o.rx_buffer,
                   "bytes per receive buffer (RCTL.BSIZE/BSEX); by default what e1000_change_mtu picks for "
                   "--mtu: 2048, or 4096 (a page) when a frame of the MTU needs more. A frame longer "
                   "than a buffer spans several: gathered whole when buffers are under 1522 bytes or "
                   "--mtu is above 1500, else dropped (driver.no_eop)")
        ->check(CLI::IsMember({256, 512, 1024, 2048, 4096, 8192, 16384}))->group(g);
    cmd.add_option("--mtu", o.mtu,
                   "the interface MTU (ip link set eth0 mtu N): above 1500 the driver sets RCTL.LPE, so "
                   "the MAC takes frames up to 16384 bytes, and gathers a frame over several "
                   "descriptors (e1000_clean_jumbo_rx_irq)")
        ->check(CLI::Range(68, 16110))->group(g); // the netdev's min_mtu..max_mtu (E1000_MIN/MAX_MTU)
    cmd.add_option("--itr", o.itr,
                   "InterruptThrottleRate: 0 off, 1 dynamic, 3 dynamic conservative, "
                   "4 simplified, or a fixed rate 100..100000 interrupts/s (--kernel 2.6: 8000 by default)")
        ->check(itr_value())->group(g);
    cmd.add_option("--rdtr", o.rdtr, "RDTR receive delay timer, 1.024 us units")
        ->check(CLI::Range(0, 65535))->group(g);
    cmd.add_option("--radv", o.radv, "RADV absolute delay timer, 1.024 us units (0: off; --kernel 2.6: 128 by default)")
        ->check(CLI::Range(0, 65535))->group(g);
    cmd.add_option("--rx-prefetch", o.rx_pthresh,
                   "RXDCTL.PTHRESH: fetch descriptors when fewer than N are cached")
        ->check(CLI::Range(0, 63))->group(g);
    cmd.add_option("--rx-host-thresh", o.rx_hthresh,
                   "RXDCTL.HTHRESH: ... and at least N are free in host memory")
        ->check(CLI::Range(0, 63))->group(g);
    cmd.add_option("--rx-writeback", o.rx_wthresh,
                   "RXDCTL.WTHRESH: write back descriptors N at a time (0 acts as 1; "
                   "the delay timers' flush writes back what is done)")
        ->check(CLI::Range(0, 63))->group(g);
    cmd.add_option("--irq", o.irq, "interrupt delivery: msi or intx")
        ->check(CLI::IsMember({"msi", "intx"}))->group(g);
    cmd.add_option("--mac", o.mac,
                   "the NIC's station address (RAL/RAH[0]); a capture's receiver, to replay it")
        ->check(shaped_as(is_mac, "a MAC address like 02:00:00:00:00:01", "MAC"))->group(g);
    cmd.add_flag("--promisc", o.promisc,
                 "promiscuous (RCTL.UPE | MPE): the MAC takes every frame; the stack then drops "
                 "those for other hosts (stack.otherhost)")->group(g);

    // Aliases: no default of their own (a dump leaves them out unless given).
    g = "ethtool (as e1000's ethtool_ops take them, between probe and ifup)";
    cmd.add_option("--rx-ring", o.rx_ring,
                   "ethtool -G eth0 rx N (e1000_set_ringparam): raised to 80, rounded up to a multiple of 8; "
                   "the ethtool core refuses more than the 4096 e1000_get_ringparam allows; instead of --ring")
        ->check(CLI::Range(0, 4096))->excludes("--ring")->default_str("")->group(g);
    cmd.add_option("--rx-usecs", o.rx_usecs,
                   "ethtool -C eth0 rx-usecs N (e1000_set_coalesce): 0 off, 1 dynamic, 3 dynamic conservative, "
                   "4 simplified, or 10..10000 us between interrupts (ITR 1e6/N per s); instead of --itr")
        ->check(rx_usecs_value())->excludes("--itr")->default_str("")->group(g);
    cmd.add_option("--adaptive-rx", o.adaptive_rx,
                   "ethtool -C eth0 adaptive-rx: e1000 has no such setting (its only coalescing parameter is "
                   "rx-usecs), so this is refused as ethtool refuses it; its adaptive modes are --rx-usecs 1 or 3")
        ->type_name("on|off")->check(CLI::IsMember({"on", "off"}))->default_str("")->group(g);

    g = "Driver and kernel";
    std::vector<std::string> kernels;
    for (const kernel_profile &k : kernel_profiles())
        kernels.push_back(k.name);
    cmd.add_option("--kernel", o.kernel, kernel_help())
        ->check(CLI::IsMember(kernels))
        ->default_str("") // the report names the profile; options list it when given
        ->group(g);
    cmd.add_flag("--pre-napi", o.pre_napi,
                 "pre-NAPI path: interrupt per packet, netif_rx backlog (for comparison)")->group(g);
    cmd.add_option("--copybreak", o.copybreak,
                   "frames up to this many bytes (FCS included) are copied into a small skb and the ring "
                   "buffer stays; longer ones go up the stack in their buffer and the slot gets a new one "
                   "(e1000_copybreak)")
        ->check(CLI::Range(0, 16384))->group(g);
    cmd.add_option("--napi-budget", o.napi_budget, "netdev_budget: packets per net_rx_action")
        ->check(CLI::Range(1, 1000000))->group(g);
    cmd.add_option("--napi-weight", o.napi_weight, "NAPI weight: packets per poll")
        ->check(CLI::Range(1, 65536))->group(g);
    cmd.add_option("--napi-time-limit-us", o.napi_time_limit_us,
                   "netdev_budget_usecs: time limit of one net_rx_action, counted in jiffies of the "
                   "profile's HZ (usecs_to_jiffies, rounded up: 2000 us ends at the next tick at HZ 250)")
        ->check(CLI::Range(1, 1000000))->group(g);
    cmd.add_option("--max-backlog", o.max_backlog, "netdev_max_backlog (pre-NAPI queue; --kernel 2.6: 300 by default)")
        ->check(CLI::Range(1, 1000000))->group(g);
    cmd.add_option("--defer-hard-irqs", o.defer_hard_irqs, "napi_defer_hard_irqs")
        ->check(CLI::Range(0, 2147483647))->group(g);
    cmd.add_option("--gro-flush-timeout-ns", o.gro_flush_timeout_ns,
                   "gro_flush_timeout: with it, a poll leaves the segments GRO holds from this jiffy to "
                   "a timer of this many ns (napi_complete_done), and IRQ deferral waits as long")
        ->check(CLI::Range(0, 1000000000))->group(g);
    cmd.add_option("--gro", o.gro,
                   "ethtool -K eth0 gro on|off (NETIF_F_GRO): on by default (off in --kernel 2.6, before GRO): "
                   "napi_gro_receive merges a TCP flow's in-order segments into super-packets of up to 64 KB "
                   "that go up the stack once; off: every frame goes up as it came")
        ->type_name("on|off")->check(CLI::IsMember({"on", "off"}))->default_str("")->group(g);
    cmd.add_option("--ip", o.ips,
                   "the host's IPv4 address with its prefix length (repeatable): packets to "
                   "other addresses are not for this host (stack.ip_inaddrerrors)")
        ->check(shaped_as(is_ip, "an IPv4 address like 10.0.0.1/24", "A.B.C.D[/LEN]"))->group(g);
    cmd.add_option("--mcast", o.mcasts,
                   "join an IPv4 multicast group (repeatable): the stack accepts it and the driver "
                   "programs the NIC's filters (e1000_set_rx_mode: RAR[1..14], then the MTA hash)")
        ->check(shaped_as(is_mcast_group, "a multicast group like 239.1.1.1", "GROUP"))->group(g);
    cmd.add_option("--ip6", o.ip6s,
                   "an IPv6 address of the host with its prefix length (repeatable; none by default: then "
                   "IPv6 frames find no address, Ip6InAddrErrors): as ipv6_add_addr does, the first joins all-nodes "
                   "ff02::1 and each its solicited-node group ff02::1:ffXX:XXXX, whose MAC 33:33:xx:xx:xx:xx "
                   "the driver puts in the NIC's filters (e1000_set_rx_mode); no link-local address, DAD or MLD")
        ->check(ip6_value())->group(g);
    cmd.add_option("--vlan", o.vlans,
                   "an 802.1Q device eth0.VID on the NIC (repeatable): its frames reach the stack (the tag "
                   "stripped by CTRL.VME), and the driver turns on the NIC's VLAN filter (RCTL.VFE, VFTA), "
                   "so frames of other VLANs are filtered")
        ->check(CLI::Range(1, 4094))->group(g);
    cmd.add_option("--rcvbuf", o.rcvbuf, "receivers' sk_rcvbuf in bytes")
        ->check(CLI::Range(2304, 2147483647))->group(g);
    cmd.add_option("--skb-fail-ppm", o.skb_fail_ppm,
                   "fault injection: this many skb allocations in a million fail (seeded by "
                   "--seed; the driver's poll stops at the frame and the next poll takes it: driver.alloc_rx_buff_failed)")
        ->check(CLI::Range(0, 1000000))->group(g);
    cmd.add_option("--link-down", o.link_downs,
                   "fault injection: WINDOW = FROM:TO, the cable is out from FROM until TO (simulated time, units ns us ms s; "
                   "ifup is at 0): STATUS.LU drops, LSC fires, the watchdog turns the carrier off and on; "
                   "frames that would start meanwhile are lost (skipped wire.link_down); repeatable, "
                   "in order, apart")
        ->type_name("WINDOW")
        ->check(window_shape())->group(g);
    cmd.add_option("--pcie-read-spike", o.read_spikes,
                   "fault injection: SPIKE = FROM:TO:EXTRA, DMA reads (descriptor fetches) issued from FROM until TO (simulated "
                   "time) complete EXTRA later than --pcie-dma-read-latency-ps says; repeatable")
        ->type_name("SPIKE")
        ->check(shaped_as(is_spike, "FROM:TO:EXTRA with FROM < TO, like 1ms:2ms:20us", ""))
        ->group(g);
    cmd.add_option("--dma-write-error-ppm", o.dma_write_error_ppm,
                   "fault injection: this many NIC writes into receive buffers in a million are refused by "
                   "the host (seeded by --seed; a target abort the NIC sees: the frame is written back "
                   "with RXE and the driver drops it, driver.frame_error)")
        ->check(CLI::Range(0, 1000000))->group(g);
    cmd.add_flag("--threaded-napi", o.threaded_napi,
                 "threaded NAPI: a kernel thread napi/eth0-N polls instead of NET_RX_SOFTIRQ")->group(g);
    cmd.add_option("--busy-poll-us", o.busy_poll_us,
                   "SO_BUSY_POLL of the receivers: on an empty queue, poll the ring this long "
                   "before sleeping (0: off)")
        ->check(CLI::Range(0, 1000000))->group(g);
    cmd.add_flag("--prefer-busy-poll", o.prefer_busy_poll,
                 "prefer busy polling: SO_PREFER_BUSY_POLL with --busy-poll-us, or the epoll context's "
                 "prefer_busy_poll with --app epoll (then epoll_wait polls once even without "
                 "--epoll-busy-poll-us); the softirq hands the NAPI back to the poller, whose IRQ stays masked "
                 "on the NAPI timer (--irq-suspend-timeout-ns, else --gro-flush-timeout-ns with --defer-hard-irqs)")
        ->group(g);
    cmd.add_option("--busy-poll-budget", o.busy_poll_budget,
                   "packets per busy poll: SO_BUSY_POLL_BUDGET, or the epoll context's busy_poll_budget with "
                   "--app epoll (0: BUSY_POLL_BUDGET, 8)")
        ->check(CLI::Range(0, 65535))->group(g);
    cmd.add_option("--irq-suspend-timeout-ns", o.irq_suspend_timeout_ns,
                   "IRQ suspension (irq_suspend_timeout, Linux 6.13): while a --prefer-busy-poll epoll application "
                   "keeps finding packets, the IRQ stays masked up to this long after each epoll_wait that "
                   "returned; when it finds none, --defer-hard-irqs/--gro-flush-timeout-ns take over (0: off)")
        ->check(CLI::Range(uint64_t(0), uint64_t(10000000000)))->group(g);

    g = "CPU and applications";
    std::vector<std::string> cpus;
    std::string cpu_help = "host preset (docs/COSTS.md): the cost table at its clock, a base that --cpu-ghz, "
                           "--cost and --pcie-mmio-read-rtt-ps override: ";
    for (size_t i = 0; const cost_preset *p = cost_preset_at(i); i++) {
        cpus.push_back(p->name);
        cpu_help += std::string(i ? "; " : "") + p->name + " (" + p->summary + ")";
    }
    cmd.add_option("--cpu", o.cpu, cpu_help + "; default " + cpus.front())
        ->check(CLI::IsMember(cpus))
        ->default_str("") // options list it when given
        ->group(g);
    cmd.add_option("--cpu-ghz", o.cpu_ghz,
                   "CPU clock: the --cpu preset's figures are for its own clock (3 GHz, host-2002: 1 GHz) "
                   "and scale with this one")
        ->check(CLI::Range(0.1, 10.0))->group(g);
    cmd.add_option("--cost", o.costs,
                   "override one entry of the CPU cost table, in ns (repeatable); names: " +
                       cost_names())
        ->type_name("NAME=NS")->check(cost_override())
        ->default_str("") // none by default; an empty list would not read back from --dump-config
        ->group(g);
    cmd.add_option("--udp-port", o.udp_ports, "a UDP receiver thread bound to PORT (repeatable)")
        ->check(CLI::Range(1, 65535))->group(g);
    cmd.add_option("--udp6-port", o.udp6_ports,
                   "instead of --udp-port: a UDP receiver thread on an AF_INET6 socket bound to [::]:PORT "
                   "(repeatable); it also receives IPv4, as ::ffff:a.b.c.d, unless --bindv6only")
        ->check(CLI::Range(1, 65535))->excludes("--udp-port")->group(g);
    cmd.add_flag("--bindv6only", o.bindv6only,
                 "net.ipv6.bindv6only = 1: the AF_INET6 receivers (--udp6-port, --tcp-flow with an IPv6 peer) "
                 "are IPV6_V6ONLY and receive no IPv4 (default 0: dual-stack)")->group(g);
    cmd.add_option("--tcp-flow", o.tcp_receivers,
                   "a TCP receiver thread on local PORT, connected to PEER_IP:PEER_PORT, or to [PEER_IP6]:PEER_PORT "
                   "on an AF_INET6 socket (repeatable; no handshake is modeled: in-order segments of that flow are read)")
        ->check(shaped_as(is_tcp_flow, "PORT:PEER_IP:PEER_PORT like 5001:10.0.0.2:40000 or 5001:[2001:db8::2]:40000",
                                    "PORT:PEER_IP:PEER_PORT"))->group(g);
    cmd.add_option("--app-cost-ns", o.app_cost_ns,
                   "application work per packet after recv; by default the --cpu preset's (modern-3ghz: 1000, "
                   "host-2002: 3000) scaled to --cpu-ghz as the cost table is")
        ->check(CLI::Range(0, 1000000000))->group(g);
    cmd.add_option("--app", o.app,
                   "the receivers' loop: recv (a blocking recv, busy polling with --busy-poll-us) or epoll "
                   "(epoll_wait on the socket, busy polling as --epoll-busy-poll-us and --prefer-busy-poll say, "
                   "then nonblocking reads until EAGAIN)")
        ->check(CLI::IsMember({"recv", "epoll"}))->group(g);
    cmd.add_option("--epoll-busy-poll-us", o.epoll_busy_poll_us,
                   "with --app epoll: the epoll context's busy_poll_usecs (EPIOCSPARAMS): epoll_wait polls the "
                   "ring this long for events before sleeping (0: off, or one poll with --prefer-busy-poll)")
        ->check(CLI::Range(0, 1000000))->group(g);

    add_pcie_options(cmd, o.pcie);
    add_replay_options(cmd, "Replay (wire)");

    g = "Run";
    cmd.add_option("--wire-start-us", o.wire_start_us,
                   "when the replay's first frame reaches the wire; the driver brings the "
                   "interface up from time 0 (frames before that meet a disabled receiver)")
        ->check(CLI::Range(0, 1000000000))->group(g);
    cmd.add_option("--drain-us", o.drain_us, "simulated time after the last frame left the wire")
        ->check(CLI::Range(0, 10000000))->group(g);
    cmd.add_flag_callback("--no-idle-fold", [&o] { o.idle_fold = false; },
                 "run every e1000 watchdog period of an idle stretch (every 2 s) instead of folding "
                 "the identical ones into one step; the report is the same, only slower (to check "
                 "the folding)")
        ->group(g);
    cmd.add_option("--json", o.json, "also write the report as JSON to FILE")->type_name("FILE")->group(g);
    cmd.add_option("--csv", o.csv,
                   "also write the report's scalars (every value of --json but its lists, options too, under dotted names "
                   "like dropped.fifo.missed) to FILE as one CSV row under a header, for stacking runs")
        ->type_name("FILE")->group(g);
    cmd.add_option("--packet-log", o.packet_log,
                   "write one JSON line per packet to FILE: where it went (fate) and when it "
                   "reached each stage")
        ->type_name("FILE")->group(g);
    cmd.add_option("--timeline", o.timeline,
                   "write the run as a Chrome trace-event JSON file for Perfetto (ui.perfetto.dev) or "
                   "chrome://tracing: the host's contexts and the receive path's functions, the wire, "
                   "DMA and interrupts, each packet's flow from the wire to the application")
        ->type_name("FILE")->group(g);
    cmd.add_option("--timeline-window", o.timeline_window,
                   "only simulated time WINDOW = FROM:TO in the timeline (whole durations with units, like 1ms:2500us)")
        ->type_name("WINDOW")
        ->check(window_shape())
        ->group(g);
    cmd.add_option("--timeline-max-events", o.timeline_max_events,
                   "at most this many events in the timeline (then stderr and the file's otherData say so; "
                   "about 100 bytes an event)")
        ->check(CLI::Range(uint64_t(1), uint64_t(1) << 40))->group(g);
    cmd.add_option("--pcap-out", o.pcap_out,
                   "write every wire frame to FILE (pcapng, for tshark or Wireshark) as it went on the wire, "
                   "inbound, with a comment: its fate (delivered app udp:9000, dropped nic.not_received) "
                   "and the stage times")
        ->type_name("FILE")->group(g);
    cmd.add_option("--pcap-out-filter", o.pcap_out_filter, "which frames --pcap-out writes")
        ->check(CLI::IsMember({"all", "delivered", "dropped"}))->group(g);
    cmd.add_option("--waveform", o.waveform,
                   "write nic_top's signals to FILE for GTKWave or Surfer, FST or VCD by the name's "
                   "extension (the NIC build's traced variant runs: slower, the same results)")
        ->type_name("FILE.fst|FILE.vcd")
        ->check(shaped_as(is_waveform_file, "a file name ending in .fst or .vcd", ""))
        ->group(g);
    cmd.add_option("--waveform-depth", o.waveform_depth,
                   "only the signals N scope levels deep in the waveform (1: nic_top's ports, 2: and its own signals, ...; 99: all)")
        ->type_name("N")->check(CLI::Range(1, 99))->group(g);
    cmd.add_option("--waveform-window", o.waveform_window,
                   "only simulated time WINDOW = FROM:TO in the waveform (whole durations with units, like 100us:120us)")
        ->type_name("WINDOW")
        ->check(window_shape())
        ->group(g);
    cmd.add_flag("--no-progress", o.no_progress, "no progress line, even on a terminal")->group(g);
    cmd.add_option("--driver", o.driver,
                   "run this receive driver module (a shared object built against rxdriver/driver_api.h, "
                   "e.g. build/driver/librxdriver_e1000.so) instead of the in-tree e1000")
        ->type_name("FILE")->group(g);
    cmd.add_option("--not-polled-us", o.not_polled_us,
                   "liveness check not-polled: how long (simulated us) a descriptor written back (DD) may "
                   "wait for a poll while none is scheduled; 0: twice the longest interrupt moderation "
                   "delay the options allow (ITR interval, RDTR, RADV, gro-flush-timeout) plus 1 ms")
        ->check(CLI::Range(0, 100000000))->group(g);
    {
        std::vector<std::string> names(std::begin(liveness_checks), std::end(liveness_checks));
        std::string list;
        for (const std::string &n : names)
            list += (list.empty() ? "" : ", ") + n;
        cmd.add_option("--warn-only", o.warn_only,
                       "report liveness check CHECK as a warning, not a violation (exit 0): to study a "
                       "pathology on purpose; repeatable; one of " + list)
            ->type_name("CHECK")
            ->check(CLI::IsMember(names))
            ->group(g);
    }
    cmd.add_option("--stall-timeout", o.stall_timeout_s,
                   "wall seconds the simulation may go without simulated time advancing before the "
                   "run stops as a liveness violation (a loop that spends no simulated time: one 1 ms slice "
                   "that never ends; exit 6, no report); 0: never")
        ->check(CLI::Range(0, 86400))->group(g);
    cmd.add_flag("--ethtool", o.ethtool,
                 "after the report, print the interface's ethtool -S statistics (e1000's names: "
                 "rx_missed_errors, rx_no_buffer_count, alloc_rx_buff_failed, ...), and its ethtool -g "
                 "(ring) and -c (coalescing) settings at the end")
        ->group(g);
    cmd.add_flag("--proc-net", o.proc_net,
                 "after the report, print the host's /proc/net/dev, softnet_stat, snmp and netstat")
        ->group(g);
}

rxtrace_options_t replay_in_effect(const CLI::App &cmd)
{
    rxtrace_options_t ro = replay_defaults();
    const CLI::Option *nic = cmd.get_option("--nic");
    if ((nic->count() ? nic->results().back() : nic->get_default_str()) == "1g")
        ro.link_bps = 1000000000u;
    apply_replay_options(cmd, ro);
    return ro;
}

void apply_profile_defaults(CLI::App &cmd, run_options &o)
{
    kernel_apply_defaults(
        kernel_profile_named(o.kernel), o, [&cmd](const std::string &name) { return cmd.get_option(name)->count() > 0; },
        [&cmd](const std::string &name, const std::string &value) { cmd.get_option(name)->default_str(value); });
    // The --cpu preset's clock and register reads, unless given.
    const cost_preset *host = cost_preset_find(o.cpu.c_str()); // checked while parsing
    if (const double ghz = host->cpu_mhz / 1000.0; cmd.get_option("--cpu-ghz")->count() == 0 && ghz != o.cpu_ghz) {
        o.cpu_ghz = ghz;
        cmd.get_option("--cpu-ghz")->default_str(CLI::detail::to_string(ghz));
    }
    // The application's work per packet is clock-bound work like the
    // table's: the preset's figure at its clock, scaled to --cpu-ghz.
    if (cmd.get_option("--app-cost-ns")->count() == 0) {
        o.app_cost_ns = uint64_t(double(host->app_cost_ns) * (host->cpu_mhz / 1000.0) / o.cpu_ghz + 0.5);
        cmd.get_option("--app-cost-ns")->default_str(std::to_string(o.app_cost_ns));
    }
    if (cmd.get_option("--pcie-mmio-read-rtt-ps")->count() == 0 && host->mmio_read_rtt_ps) {
        o.pcie.mmio_read_rtt_ps = host->mmio_read_rtt_ps;
        cmd.get_option("--pcie-mmio-read-rtt-ps")->default_str(std::to_string(host->mmio_read_rtt_ps));
    }
}

void finish_run_options(CLI::App &cmd, run_options &o)
{
    // The profiles' defaults first (the report shows them as the options'
    // defaults), then what the kernel lacks.
    apply_profile_defaults(cmd, o);
    if (const kernel_refusal no = kernel_refuses(kernel_profile_named(o.kernel), o); !no.option.empty())
        throw CLI::ValidationError(no.option, no.why);

    // e1000_change_mtu (Linux 6.1): max_frame = MTU + ETH_HLEN + ETH_FCS_LEN;
    // 2048-byte buffers up to 2048, else PAGE_SIZE. Shown as the default.
    if (CLI::Option *rxb = cmd.get_option("--rx-buffer"); rxb->count() == 0) {
        o.rx_buffer = o.mtu + 14 + 4 <= 2048 ? 2048 : 4096;
        rxb->default_str(std::to_string(o.rx_buffer));
    }
    o.replay = replay_in_effect(cmd);
    o.seed = o.replay.seed; // --seed chooses injected faults of every kind

    parse_mac(o.mac, o.mac_bytes); // checked while parsing
    if (cmd.get_option("--adaptive-rx")->count())
        throw CLI::ValidationError("--adaptive-rx", "e1000 does not support it: its ethtool_ops take rx-usecs only "
                                                    "(supported_coalesce_params = ETHTOOL_COALESCE_RX_USECS), so "
                                                    "`ethtool -C eth0 adaptive-rx " + o.adaptive_rx +
                                                    "` fails with \"Operation not supported\"; e1000's adaptive "
                                                    "moderation is --rx-usecs 1 or 3 (--itr 1 or 3)");
    o.ethtool_rx_ring.reset();
    if (cmd.get_option("--rx-ring")->count())
        o.ethtool_rx_ring = o.rx_ring;
    o.ethtool_rx_usecs.reset();
    if (cmd.get_option("--rx-usecs")->count())
        o.ethtool_rx_usecs = o.rx_usecs;
    o.ip_prefixes.clear();
    for (const std::string &ip : o.ips) {
        uint32_t addr = 0;
        int len = 0;
        parse_ip(ip, addr, len);
        o.ip_prefixes.emplace_back(addr, len);
    }
    o.mcast_groups.clear();
    for (const std::string &m : o.mcasts) {
        uint32_t addr = 0;
        int len = 0;
        parse_ip(m, addr, len); // checked while parsing
        o.mcast_groups.push_back(addr);
    }
    if (o.mcast_groups.size() > 16)
        throw CLI::ValidationError("--mcast", "at most 16 groups (the stack's table of joined groups)");
    o.ip6_prefixes.clear();
    for (const std::string &a : o.ip6s) {
        ip6_prefix p{};
        parse_ip6(a, p.addr, p.len); // checked while parsing
        for (const ip6_prefix &q : o.ip6_prefixes)
            if (q.addr == p.addr)
                throw CLI::ValidationError("--ip6", a + ": the address is given twice");
        o.ip6_prefixes.push_back(p);
    }
    if (o.ip6_prefixes.size() > 16)
        throw CLI::ValidationError("--ip6", "at most 16 addresses (the stack's table)");
    if (!o.waveform.empty() && o.nic_model == "behavioral")
        throw CLI::ValidationError("--waveform", "the waveform is the RTL's signals: --nic-model rtl or both");

    o.link_down.clear();
    for (const std::string &w : o.link_downs) {
        std::vector<uint64_t> ps;
        parse_durations(w, 2, ps); // checked while parsing
        if (!o.link_down.empty() && ps[0] <= o.link_down.back().to_ps)
            throw CLI::ValidationError("--link-down", w + ": the intervals must come in order, apart");
        o.link_down.push_back({ps[0], ps[1]});
    }
    parse_window(o.timeline_window, o.timeline_from_ps, o.timeline_to_ps);
    parse_window(o.waveform_window, o.waveform_from_ps, o.waveform_to_ps);
    o.pcie_read_spikes.clear();
    for (const std::string &w : o.read_spikes) {
        std::vector<uint64_t> ps;
        parse_durations(w, 3, ps); // checked while parsing
        o.pcie_read_spikes.push_back({ps[0], ps[1], ps[2]});
    }

    o.cost_ns.clear();
    for (const std::string &c : o.costs) {
        size_t eq = c.find('=');
        o.cost_ns[c.substr(0, eq)] = std::stoull(c.substr(eq + 1)); // checked while parsing
    }

    // The CPU model has room for 16 threads: ksoftirqd, the control thread,
    // a NAPI thread, and the receivers.
    if (std::set<uint16_t>(o.udp_ports.begin(), o.udp_ports.end()).size() != o.udp_ports.size())
        throw CLI::ValidationError("--udp-port", "a port is given twice");
    if (cmd.get_option("--udp6-port")->count())
        o.udp_ports.clear(); // the default IPv4 receiver is replaced
    if (std::set<uint16_t>(o.udp6_ports.begin(), o.udp6_ports.end()).size() != o.udp6_ports.size())
        throw CLI::ValidationError("--udp6-port", "a port is given twice");
    o.tcp_flows.clear();
    for (const std::string &t : o.tcp_receivers) {
        tcp_flow f{};
        parse_tcp_flow(t, f); // checked while parsing
        o.tcp_flows.push_back(f);
    }
    if (std::set<tcp_flow>(o.tcp_flows.begin(), o.tcp_flows.end()).size() != o.tcp_flows.size())
        throw CLI::ValidationError("--tcp-flow", "a flow is given twice");
    if (o.udp_ports.size() + o.udp6_ports.size() + o.tcp_flows.size() > max_receivers)
        throw CLI::ValidationError(!o.tcp_flows.empty() ? "--tcp-flow" : o.udp6_ports.empty() ? "--udp-port" : "--udp6-port",
                                   "at most " + std::to_string(max_receivers) +
                                       " receivers (one thread each)");
    if (o.pre_napi && (o.threaded_napi || o.busy_poll_us || o.epoll_busy_poll_us || o.prefer_busy_poll))
        throw CLI::ValidationError(o.threaded_napi      ? "--threaded-napi"
                                   : o.busy_poll_us     ? "--busy-poll-us"
                                   : o.prefer_busy_poll ? "--prefer-busy-poll"
                                                        : "--epoll-busy-poll-us",
                                   "needs NAPI: not with --pre-napi");
    // Busy polling is recv's (SO_BUSY_POLL) or epoll_wait's, not both.
    if (o.app == "epoll" && o.busy_poll_us)
        throw CLI::ValidationError("--busy-poll-us", "SO_BUSY_POLL is for --app recv; an epoll application "
                                                     "busy-polls in epoll_wait: --epoll-busy-poll-us");
    if (o.app == "recv" && o.epoll_busy_poll_us)
        throw CLI::ValidationError("--epoll-busy-poll-us", "needs --app epoll");
    if (o.app == "recv" && (o.prefer_busy_poll || o.busy_poll_budget) && !o.busy_poll_us)
        throw CLI::ValidationError(o.prefer_busy_poll ? "--prefer-busy-poll" : "--busy-poll-budget",
                                   "a recv application busy-polls only with --busy-poll-us (SO_BUSY_POLL); "
                                   "or use --app epoll");

    // The message starts with the field name: "mps must be ...".
    if (const char *why = pcie_params_check(&o.pcie)) {
        std::string field(why, std::string(why).find(' '));
        for (char &ch : field)
            if (ch == '_')
                ch = '-';
        throw CLI::ValidationError("--pcie-" + field, why);
    }
}

namespace {

// A value of a number option in JSON's form: "0x10" -> "16", "3.0" -> "3".
std::string canonical_number(const std::string &type, const std::string &v)
{
    if (type == "FLOAT") {
        double d = 0;
        return CLI::detail::lexical_cast(v, d) ? number_text(d) : v;
    }
    if (type == "INT") {
        int64_t n = 0;
        return CLI::detail::lexical_cast(v, n) ? std::to_string(n) : v;
    }
    uint64_t n = 0;
    return CLI::detail::lexical_cast(v, n) ? std::to_string(n) : v;
}

// A list's default as CLI11 shows it: "[9000,9001]", "[]", or "" for none.
std::vector<std::string> default_items(const std::string &d)
{
    if (d.size() < 2 || d.front() != '[' || d.back() != ']')
        return d.empty() ? std::vector<std::string>{} : std::vector<std::string>{d};
    std::vector<std::string> items;
    std::string item;
    std::istringstream in(d.substr(1, d.size() - 2));
    while (std::getline(in, item, ','))
        items.push_back(item);
    return items;
}

} // namespace

std::vector<option_value> option_values(const CLI::App &cmd)
{
    using kind = option_value::kind;
    const rxtrace_options_t replay = replay_in_effect(cmd);
    std::vector<option_value> all;
    for (const CLI::Option *opt : cmd.get_options()) {
        const std::string name = opt->get_name();
        if (name == "--help" || name == "--config" || name == "--dump-config")
            continue;
        if (is_replay_option(opt)) {
            all.push_back(replay_option_value(opt, replay));
            continue;
        }
        option_value v;
        v.name = name.substr(name.find_first_not_of('-'));
        v.given = opt->count() > 0;
        if (opt->get_expected_max() == 0) {
            v.type = kind::flag;
            v.values = {v.given && opt->as<bool>() ? "true" : "false"};
            all.push_back(v);
            continue;
        }
        const std::string type = opt->get_type_name().substr(0, opt->get_type_name().find(':'));
        v.type = type == "INT" || type == "UINT" || type == "FLOAT" ? kind::number : kind::text;
        v.list = opt->get_expected_max() > 1;
        bool excluded = false;
        for (const CLI::Option *other : opt->get_excludes())
            excluded = excluded || other->count() > 0;
        if (v.given)
            v.values = opt->results();
        else if (!excluded)
            v.values = v.list ? default_items(opt->get_default_str())
                              : opt->get_default_str().empty() ? std::vector<std::string>{}
                                                               : std::vector<std::string>{opt->get_default_str()};
        if (v.type == kind::number)
            for (std::string &x : v.values)
                x = canonical_number(type, x);
        all.push_back(v);
    }
    return all;
}

std::vector<option_value> options_used(const CLI::App &cmd)
{
    std::vector<option_value> used;
    for (option_value &v : option_values(cmd)) {
        const std::string &n = v.name;
        if (n == "json" || n == "csv" || n == "packet-log" || n == "no-progress" || n == "timeline" ||
            n == "timeline-window" || n == "timeline-max-events" || n == "pcap-out" || n == "pcap-out-filter" ||
            n == "waveform" || n == "waveform-depth" || n == "waveform-window" ||
            n == "proc-net" || n == "ethtool" || n == "stall-timeout" || n == "no-idle-fold" ||
            n == "not-polled-us" || n == "warn-only")
            continue; // where output goes, how the run goes and is checked: not what was simulated
        if ((n == "TRACE" || n == "driver") && !v.values.empty())
            v.values.front() = v.values.front().substr(v.values.front().find_last_of('/') + 1);
        used.push_back(std::move(v));
    }
    return used;
}

} // namespace rxsim
