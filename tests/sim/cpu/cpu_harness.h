// Test harness for the CPU model's core without SystemC: a plain clock as
// the environment, a host with one Ethernet device and the real receive
// stack, a fake NAPI driver whose interrupts the test posts at given times,
// and a UDP frame builder.
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "host_cpu.h"
#include "rxsim/rxstack.h"

namespace cpu_test {

constexpr uint32_t kHostIp = 0x0A000001; // 10.0.0.1
constexpr uint32_t kPeerIp = 0x0A000002;
constexpr int kIrq = 5;

inline uint64_t ns(uint64_t v) { return v * 1000; }
inline uint64_t us(uint64_t v) { return v * 1000000; }

// Ethernet/IPv4 frames from kPeerIp port 40000 to the host: UDP (checksum
// 0: none), TCP (ACK|PSH; checksum left 0, the fake driver marks TCP frames
// CHECKSUM_UNNECESSARY as an offloading NIC would).
std::vector<uint8_t> udp_frame(uint16_t dport, uint32_t payload_len);
std::vector<uint8_t> tcp_frame(uint16_t dport, uint32_t seq, uint32_t payload_len);
constexpr uint16_t kPeerPort = 40000;

// Cost table with every item 0: tests then set only what they measure.
struct cost_table zero_costs();

// The fake driver: its hard-IRQ handler schedules NAPI; poll "receives" up
// to `budget` packets per call from `backlog`, each charging DRIVER_POLL_PKT,
// and hands real frames from `frames` up the stack (napi_gro_receive).
struct fake_driver;
// The NAPI instance first, so poll finds its driver from the napi pointer.
struct fake_napi {
    napi_struct napi;
    fake_driver *drv;
};
struct fake_driver {
    net_device *dev = nullptr;
    fake_napi napi{};
    uint64_t backlog = 0;                      // packets without a frame
    std::deque<std::vector<uint8_t>> frames;   // real frames, polled first
    // Pre-NAPI mode: each interrupt receives one copy of this frame in the
    // handler and queues it with netif_rx (empty: NAPI mode).
    std::vector<uint8_t> per_irq_frame;
    uint64_t irqs = 0;
    // Where each poll ran: the CPU's context and thread (NULL outside one).
    std::vector<std::pair<cpu_context, const cpu_thread *>> polled_in;
    std::vector<uint64_t> irq_at_ps;           // CPU clock when the handler ran
    host_machine *m = nullptr;
};

// The receive stack on machine m (10.0.0.1/24) with the fake driver's
// device, NAPI instance and IRQ kIrq.
net *new_host_net(host_machine &m, fake_driver &drv);

// A host: machine + net + device + driver, IRQ kIrq registered.
struct host {
    explicit host(const cost_table &costs, uint64_t quantum_ps = 250000);
    ~host();
    host(const host &) = delete;
    host &operator=(const host &) = delete;

    host_machine m{};
    net *n = nullptr;
    fake_driver drv;
    uint64_t env_syncs = 0, env_idles = 0;

    host_cpu &cpu() { return m.cpu[0]; }
    // Runs CPU 0 until t (ps).
    void run(uint64_t t) { host_cpu_run(&m, 0, t); }
    // The CPU split's parts summed, and the CPU's elapsed time.
    uint64_t split_sum() const;
    uint64_t elapsed() const { return m.cpu[0].local_ps - m.cpu[0].start_ps; }
    sock *udp_socket(uint16_t port);
    // Bound to port and connected to kPeerIp:kPeerPort.
    sock *tcp_socket(uint16_t port);
};

} // namespace cpu_test
