// The whole simulator for one run: a trace on the wire, the Verilated NIC,
// the PCIe platform and host memory, the host CPU with the e1000 driver, the
// receive stack and the application threads, on one simulated time base.
//
//   wire_driver -> nic_device (nic_top) <-PCIe link-> host memory
//                                        \-> interrupts -> cpu_model
//   cpu_model runs: e1000_intr, NET_RX_SOFTIRQ (e1000_clean -> stack),
//                   ksoftirqd, one receiver thread per UDP port, and a
//                   control thread (ifup, the e1000 watchdog, the last
//                   statistics read at the end).
//
// DMA writes become visible in host memory at their completion time, as
// the CPU's clock reaches it (host_memory_target::defer_writes), so the
// driver never sees a descriptor from its future. The packet ledger follows
// every wire frame to its fate.
#ifndef RXSIM_RX_SYSTEM_H
#define RXSIM_RX_SYSTEM_H

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app_receiver.h"
#include "cpu_model.h"
#include "host_fold.h"
#include "kernel_profile.h"
#include "liveness.h"
#include "nic_device.h"
#include "packet_ledger.h"
#include "pcie_platform.h"
#include "results.h"
#include "run_config.h"
#include "rxdriver/driver_api.h"
#include "rxdriver/e1000.h"
#include "pcapng_writer.h"
#include "rxtrace.h"
#include "timeline_writer.h"
#include "wire_driver.h"

namespace rxsim {

class rx_system {
public:
    // The IRQ line / MSI vector the NIC uses.
    static constexpr int irq = 11;
    // The e1000 watchdog period: e1000_watchdog requeues itself 2 * HZ
    // jiffies on (schedule_delayed_work, Linux 6.1 e1000_main.c), from the
    // jiffy it runs in: HZ = 250 (Debian's CONFIG_HZ), a jiffy is 4 ms.
    static constexpr uint64_t jiffy_ps = 1000000000000ull / E1000_HZ;
    static constexpr uint64_t watchdog_ps = 2 * E1000_HZ * jiffy_ps;

    // `trace` (opened by the caller) stays the caller's; it is read once, as
    // the run goes (a pipe works). The run stops drain_us after the replay's
    // last frame has left the wire, at the first control-thread wake from then
    // (the same time, unless drain_us is below the CPU's quantum).
    // `driver`: the receive driver's table (driver_api.h): a module loaded by
    // the caller (driver_module.h), or NULL for the in-tree e1000.
    // `timeline` (the caller's; finish() is the caller's too): what the run
    // does goes there as it happens.
    rx_system(const run_config &o, rxtrace_t *trace, const rxsim_driver_ops *driver = nullptr,
              timeline_writer *timeline = nullptr);
    ~rx_system();
    rx_system(const rx_system &) = delete;
    rx_system &operator=(const rx_system &) = delete;

    // Runs to the end; `tick` is called between slices of simulated time
    // with the time reached and the frames put on the wire so far. Throws
    // std::runtime_error when the host could not be brought up.
    void run(const std::function<void(uint64_t sim_ps, uint64_t packets)> &tick);
    // From `tick`: no more frames go on the wire and the run stops at the
    // time reached, booking what is still in the NIC and the host as at the
    // end (results().interrupted).
    void interrupt();
    // One JSON line per packet to out (packet_ledger::set_packet_log).
    void set_packet_log(std::ostream *out) { ledger_.set_packet_log(out); }
    // Every wire frame with its fate to pcap (stays the caller's).
    void set_pcap_out(pcapng_writer *pcap);
    // Simulated time at the end of the last slice run() completed: read by a
    // stall_watch in another thread (a slice that never ends is a stuck run).
    const std::atomic<uint64_t> &progress() const { return progress_ps_; }
    // After run(): what happened (the options as typed are the caller's to add).
    run_results results();

private:
    static enum thread_step control_step(void *arg);
    static void watchdog_timer(timer_list *t);
    static int irq_handler(int irq, void *dev_id);
    // The driver's bus operations (struct e1000_bus_ops, ctx = this).
    static uint32_t bus_read32(void *ctx, uint32_t reg);
    static void bus_write32(void *ctx, uint32_t reg, uint32_t val);
    static void dma_sync_for_cpu(void *ctx);
    static void *dma_alloc_coherent(void *ctx, size_t size, dma_addr_t *dma_handle);
    static void dma_free_coherent(void *ctx, size_t size, void *cpu_addr, dma_addr_t dma_handle);
    static bool schedule_delayed_work(void *ctx, unsigned long delay);
    static void rx_event(void *ctx, const e1000_rx_event *ev);
    static void fate(void *arg, const skb_fate_record *rec);
    static void app_read(void *arg, const rx_recvinfo *info, const void *data, uint32_t len, uint64_t at_ps);
    void add_receiver(int family, int type, uint16_t port, const rx_sockaddr *peer);
    bool bring_up();
    void arm_control(uint64_t ps);
    void fold_idle_periods();
    void check_not_polled(bool at_end);
    void check_starved_ring();
    void forget_cleaned();
    ring_view ring() const;
    void violation(const char *check, const std::string &text);
    void halt();
    void stop_at(uint64_t ps);
    bool fail(const std::string &why);
    void finish();
    void on_dma_write(const dma_write_record &w);
    void watch(timeline_writer *tl);
    void fate_known(const packet_fate &f);
    std::string proc_views() const;
    std::string ethtool_view() const;
    uint64_t cpu_ps();
    const host_cpu &running_cpu();

    run_config o_;
    const kernel_profile &kernel_; // o_.kernel's
    const rxsim_driver_ops *drv_;
    uint64_t stop_ps_, end_ps_;
    pcie_params params_;
    pcie_platform bus_;
    nic_device nic_;
    wire_driver wire_;
    cpu_model cpu_;
    // Declared before the stack, whose teardown may still report fates to it.
    packet_ledger ledger_;
    // Owned so that a constructor that throws half way frees what it made.
    std::unique_ptr<net, void (*)(net *)> net_{nullptr, net_free};
    e1000_adapter *adapter_ = nullptr;
    struct app_free {
        void operator()(app_receiver *a) const
        {
            app_receiver_free(a);
            delete a;
        }
    };
    std::vector<std::unique_ptr<app_receiver, app_free>> apps_;
    cpu_thread *control_ = nullptr;
    struct watchdog {
        timer_list timer;
        rx_system *sys;
    } watchdog_{};
    bool up_ = false, finished_ = false, interrupted_ = false, halted_ = false;
    bool irq_off_ = false; // IMC written after a violation (irq_handler)
    bool in_irq_ = false, irq_icr_read_ = false; // the handler runs; it read ICR
    uint32_t irq_icr_ = 0;                       // the causes it read
    uint64_t icr_causes_[32] = {};               // handler ICR reads with bit N set
    bool control_armed_ = false; // the control thread's timer is pending
    uint64_t work_due_ps_ = UINT64_MAX; // the driver's watchdog work: queued for then
    std::atomic<uint64_t> progress_ps_{0};
    // Idle folding: marks of the last watchdog periods, taken as each began,
    // with what the driver and NIC showed then (they must not change).
    struct period_mark {
        host_fold_mark cpu;
        e1000_hw_stats stats;
        uint64_t polls, interrupts, packets;
    };
    std::vector<period_mark> marks_;
    // Liveness: when each descriptor was written back (0: cleaned since),
    // next_to_clean when last looked at, IMS as the driver set it, the
    // interrupts of note_interrupt's current window, DMA memory before ifup.
    std::vector<uint64_t> desc_done_ps_;
    uint32_t seen_ntc_ = 0;
    uint32_t ims_ = 0;
    note_interrupt irq_storm_;
    uint64_t free_before_open_ = 0;
    uint64_t writebacks_ = 0; // descriptor write-back bursts
    timeline_writer *tl_ = nullptr;
    uint64_t traffic_to_ps_ = UINT64_MAX; // the last frame's IFG end, once it is known
    uint64_t traffic_interrupts_ = 0;     // interrupts issued in the traffic window
    pcapng_writer *pcap_ = nullptr;
    e1000_ethtool_stats ethtool_{}; // ethtool -S at the end (finish)
    e1000_ringparam ring_{};        // ethtool -g then
    e1000_coalesce coalesce_{};     // ethtool -c then
    // The receivers' sockets, their counters' names and last values (the timeline's).
    struct socket_counter {
        sock *sk;
        std::string name;
        uint32_t bytes;
    };
    std::vector<socket_counter> socket_counters_;
    std::vector<uint32_t> backlog_len_; // per CPU, as the timeline's counter last showed it
    uint64_t not_cleaned_ = 0; // descriptors written back, not yet cleaned (the timeline's counter)
    stats_mark last_stats_;
    bool not_polled_seen_ = false, storm_seen_ = false, starved_seen_ = false;
    std::vector<std::string> warnings_;
    std::vector<std::string> violations_;
    std::string error_; // why the host could not come up
};

} // namespace rxsim

#endif
