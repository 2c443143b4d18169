#include "rx_system.h"

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <sstream>
#include <stdexcept>

#include "nic_defines.h"
#include "nic_regs.h"
#include "nic_rtl.h"
#include "ps_time.h"
#include "liveness.h"
#include "trace_books.h"

namespace rxsim {

namespace {

constexpr uint64_t ps_per_us = 1000000;

// The CPU runs until the control thread stops it (host_machine_stop).  The
// preset's table is for its own clock: a faster or slower one scales it;
// --cost overrides (ns) are taken as given.
cpu_model_config cpu_config(const run_config &o, const pcie_params &params)
{
    cpu_model_config c = cpu_model_config_default(params);
    if (cost_table_preset(&c.host.costs, o.cpu.c_str()) != 0)
        throw std::invalid_argument("no CPU preset \"" + o.cpu + "\"");
    const double preset_ghz = c.host.costs.cpu_mhz / 1000.0;
    for (uint64_t &ps : c.host.costs.ps)
        ps = uint64_t(double(ps) * preset_ghz / o.cpu_ghz + 0.5);
    c.host.costs.cpu_mhz = uint32_t(o.cpu_ghz * 1000 + 0.5);
    for (const auto &[name, ns] : o.cost_ns)
        cost_table_set(&c.host.costs, name.c_str(), ns);
    c.intx_irq = rx_system::irq;
    return c;
}

nic_device_config nic_config(const run_config &o)
{
    nic_device_config c;
    c.msi = o.irq == "msi";
    c.msi_data = rx_system::irq;
    c.keep_interrupt_times = false; // counted only: memory flat in long runs
    return c;
}

// Host memory: the ring, its buffers, and room to spare.
uint64_t memory_bytes(const run_config &o)
{
    // The pool's buffers (E1000_RX_POOL_SPARE beyond the ring's), each with
    // its headroom and shared info (e1000_frag_len).
    const uint64_t stride = SKB_DATA_ALIGN(E1000_HEADROOM + o.rx_buffer) + SKB_SHINFO_TRUESIZE;
    const uint64_t need = uint64_t(o.ring) * 16 + (o.ring + E1000_RX_POOL_SPARE) * stride + (1u << 20);
    return (need + HOSTMEM_PAGE_SIZE - 1) / HOSTMEM_PAGE_SIZE * HOSTMEM_PAGE_SIZE;
}

constexpr uint64_t mem_bus_base = 0x100000000ull;

// The NIC build as --nic-model, the RTL traced when a waveform is asked for.
std::unique_ptr<nic_rtl> nic_model(const run_config &o)
{
    if (o.waveform.empty())
        return make_nic_model(o.nic, o.nic_model);
    const nic_waveform w{o.waveform, o.waveform_depth, o.waveform_from_ps, o.waveform_to_ps};
    return make_nic_model(o.nic, o.nic_model, &w);
}

} // namespace

rx_system::rx_system(const run_config &o, rxtrace_t *trace, const rxsim_driver_ops *driver,
                     timeline_writer *timeline)
    : o_(o), kernel_(kernel_profile_named(o.kernel)), drv_(driver ? driver : rxsim_driver()), stop_ps_(UINT64_MAX), end_ps_(0),
      params_(o.pcie), bus_("bus", params_, mem_bus_base, memory_bytes(o)),
      nic_("nic", nic_model(o), bus_.device, params_, nic_config(o)),
      wire_(trace, nic_.wire_bytes(), nic_.clk_period_ps(), o.wire_start_us * ps_per_us, o.link_down),
      cpu_("cpu", bus_.cpu, params_, cpu_config(o, params_))
{
    bus_.link.to_device.bind(nic_.mmio_socket);
    bus_.link.to_irq.bind(cpu_.irq_socket);
    bus_.memory_target.defer_writes(true);
    bus_.link.set_read_spikes(o.pcie_read_spikes);
    nic_.attach_wire(&wire_);
    wire_.on_frame = [this](const wire_frame &f) { ledger_.on_wire(f.index, f.start_ps, f.data, f.len); };
    wire_.on_end = [this](uint64_t end_ps) {
        traffic_to_ps_ = end_ps;
        stop_at(end_ps + o_.drain_us * ps_per_us);
    };
    // The traffic window's interrupts: from the first frame's preamble (the
    // replay's time 0) to the end of the last one's IFG, which on_end tells
    // as the last frame leaves, before any interrupt after it.
    nic_.on_interrupt = [this](uint64_t ps) {
        if (ps >= o_.wire_start_us * ps_per_us && ps <= traffic_to_ps_)
            ++traffic_interrupts_;
        if (tl_)
            tl_->interrupt(ps);
    };
    nic_.on_dma_write = [this](const dma_write_record &w) { on_dma_write(w); };
    if (timeline)
        watch(timeline);

    net_config nc{};
    nc.nr_cpus = 1;
    nc.fate_cb = fate;
    nc.fate_arg = this;
    nc.pool.fail_ppm = o.skb_fail_ppm;
    nc.pool.seed = o.seed;
    net_.reset(net_new(cpu_.platform(), &nc));
    if (!net_)
        throw std::runtime_error("cannot create the host's network stack");
    struct net_sysctl *s = net_sysctl(net_.get());
    s->netdev_budget = o.napi_budget;
    s->netdev_budget_usecs = o.napi_time_limit_us;
    s->dev_weight = o.napi_weight;
    s->netdev_max_backlog = o.max_backlog;
    s->rmem_default = o.rcvbuf;
    s->softirq_time_limit = kernel_.softirq_time_limit;
    s->ksoftirqd_defers = kernel_.ksoftirqd_defers;
    s->napi_missed = kernel_.napi_missed;
    s->hz = kernel_.hz;
    s->bindv6only = o.bindv6only;
    for (const auto &[addr, len] : o.ip_prefixes)
        ip_addr_add(net_.get(), addr, len);
    cpu_.attach_net(net_.get());

    for (uint16_t port : o.udp_ports)
        add_receiver(RX_AF_INET, RX_SOCK_DGRAM, port, nullptr);
    for (uint16_t port : o.udp6_ports)
        add_receiver(RX_AF_INET6, RX_SOCK_DGRAM, port, nullptr);
    for (const tcp_flow &f : o.tcp_flows) {
        rx_sockaddr peer{};
        peer.family = f.v6 ? RX_AF_INET6 : RX_AF_INET;
        peer.addr4 = f.peer_ip;
        std::copy(f.peer_ip6.begin(), f.peer_ip6.end(), peer.addr6);
        peer.port = f.peer_port;
        add_receiver(peer.family, RX_SOCK_STREAM, f.port, &peer);
    }
    control_ = host_thread_create(&cpu_.machine(), 0, "ifup", control_step, this, nullptr);
    if (!control_)
        throw std::runtime_error("no room for the control thread");
    watchdog_.sys = this;
    watchdog_.timer.function = watchdog_timer;
}

// A socket bound to port on any address (and connected to peer, for TCP:
// the stack has no handshake) with a receiver thread reading it; named as
// netstat does: udp:9000, udp6:9000, tcp:5001, tcp6:5001.
void rx_system::add_receiver(int family, int type, uint16_t port, const rx_sockaddr *peer)
{
    const std::string name = std::string(type == RX_SOCK_STREAM ? "tcp" : "udp") + (family == RX_AF_INET6 ? "6:" : ":") +
                             std::to_string(port);
    sock *sk = sock_create(net_.get(), family, type);
    rx_sockaddr addr{};
    addr.family = family;
    addr.port = port;
    if (!sk || sock_bind(sk, &addr) != 0 || (peer && sock_connect(sk, peer) != 0))
        throw std::runtime_error("cannot set up the socket of " + name);
    sock_set_rcvbuf(sk, o_.rcvbuf);
    sock_stats st;
    sock_get_stats(sk, &st);
    ledger_.name_socket(st.id, name);
    if (peer) {
        std::array<uint8_t, 16> from{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, uint8_t(peer->addr4 >> 24),
                                     uint8_t(peer->addr4 >> 16), uint8_t(peer->addr4 >> 8), uint8_t(peer->addr4)};
        if (family == RX_AF_INET6)
            std::copy(std::begin(peer->addr6), std::end(peer->addr6), from.begin());
        ledger_.watch_stream(st.id, from, peer->port, port);
    }
    socket_counters_.push_back({sk, "socket " + name + " receive queue (bytes charged)", 0});
    app_config ac;
    app_config_default(&ac);
    ac.per_packet_ps = o_.app_cost_ns * 1000;
    std::unique_ptr<app_receiver, app_free> app(new app_receiver{});
    if (app_receiver_start(app.get(), &cpu_.machine(), 0, name.c_str(), sk, &ac) != 0)
        throw std::runtime_error("no room for the receiver thread of " + name);
    app->on_packet = app_read;
    app->on_packet_arg = this;
    apps_.push_back(std::move(app));
}

rx_system::~rx_system()
{
    // Closed by finish(); a run cut short leaves it (no MMIO outside the CPU).
    if (adapter_ && !adapter_->open)
        drv_->remove(adapter_);
}

uint64_t rx_system::cpu_ps() { return host_running(&cpu_.machine())->local_ps; }

// CPU 0 outside host_cpu_run (set-up, teardown).
const host_cpu &rx_system::running_cpu()
{
    const host_cpu *cpu = host_running(&cpu_.machine());
    return cpu ? *cpu : cpu_.machine().cpu[0];
}

// The control thread: ifup at time 0, the driver's watchdog work when it
// has queued it, and the last statistics read at the stop time. Runs in
// process context (the watchdog is delayed work: a kworker runs it).
enum thread_step rx_system::control_step(void *arg)
{
    auto *self = static_cast<rx_system *>(arg);
    if (!self->up_) {
        if (!self->bring_up())
            return THREAD_BLOCKED;
    } else if (self->cpu_ps() >= self->stop_ps_) {
        self->finish();
    } else if (self->cpu_ps() >= self->work_due_ps_) {
        self->work_due_ps_ = UINT64_MAX; // running: no longer pending
        if (self->o_.idle_fold)
            self->fold_idle_periods();
        self->drv_->watchdog(self->adapter_);
        self->check_starved_ring();
    }
    if (!self->finished_ && std::min(self->work_due_ps_, self->stop_ps_) != UINT64_MAX)
        self->arm_control(std::min(self->work_due_ps_, self->stop_ps_));
    return THREAD_BLOCKED;
}

// schedule_delayed_work(&adapter->watchdog_task, delay): due at the jiffy
// boundary `delay` jiffies on (the timer wheel), unless already pending
// (queue_delayed_work then returns false and changes nothing).
bool rx_system::schedule_delayed_work(void *ctx, unsigned long delay)
{
    auto *self = static_cast<rx_system *>(ctx);
    if (self->work_due_ps_ != UINT64_MAX)
        return false;
    self->work_due_ps_ = (self->cpu_ps() / jiffy_ps + delay) * jiffy_ps;
    // From the interrupt handler the control thread sleeps, until the stop
    // or with no timer at all (the stop not known yet).
    if (!self->control_armed_ || self->watchdog_.timer.expires * 1000 > self->work_due_ps_)
        self->arm_control(self->work_due_ps_);
    return true;
}

// An idle stretch of the capture: the host runs only the watchdog, whose
// periods (on the jiffy grid, so the NIC's clock phase repeats) leave the
// CPU moved by the same step each time and the driver and NIC as they were.
// Three marks in a row that show it (host_fold_steady) let the periods up to
// one before the next frame or the stop be made in one step
// (host_fold_skip): the report is the one running them gives
// (--no-idle-fold runs them; tests compare the two).
void rx_system::fold_idle_periods()
{
    // Nothing but the watchdog may happen for a period: the NIC has nothing in
    // flight and no timer running, and the wire's next frame comes later.
    const uint64_t now = cpu_ps();
    const uint64_t edge = wire_.next_edge();
    const uint64_t next_frame_ps = edge == wire_driver::no_edge ? UINT64_MAX : edge * nic_.clk_period_ps();
    if (!nic_.quiescent() || next_frame_ps <= now + watchdog_ps) {
        marks_.clear();
        return;
    }
    period_mark m;
    host_fold_take_mark(&cpu_.machine(), &m.cpu);
    m.stats = adapter_->stats;
    m.polls = adapter_->napi.poll_calls;
    m.interrupts = nic_.counters().interrupts;
    m.packets = ledger_.packets_in();
    const auto same = [](const period_mark &a, const period_mark &b) {
        return std::memcmp(&a.stats, &b.stats, sizeof a.stats) == 0 && a.polls == b.polls &&
               a.interrupts == b.interrupts && a.packets == b.packets;
    };
    if (!marks_.empty() && !same(marks_.back(), m))
        marks_.clear();
    marks_.push_back(m);
    if (marks_.size() > 3)
        marks_.erase(marks_.begin());
    uint64_t period = 0;
    if (marks_.size() < 3 || !host_fold_steady(&marks_[0].cpu, &marks_[1].cpu, &marks_[2].cpu, &period))
        return;
    // Periods whose start lies a whole period before the next frame or the stop.
    const uint64_t horizon = std::min(stop_ps_, next_frame_ps);
    if (horizon <= now + 2 * period)
        return;
    host_fold_skip(&cpu_.machine(), &marks_[1].cpu, &marks_[2].cpu, (horizon - now) / period - 1);
    marks_.clear();
}

void rx_system::arm_control(uint64_t ps)
{
    watchdog_.timer.expires = (ps + 999) / 1000; // ns, not before `ps`
    const rx_platform *plat = cpu_.platform();
    plat->timer_arm(plat->ctx, &watchdog_.timer);
    control_armed_ = true;
}

// The stop time is learned as the run goes (the wire's end, an interrupt),
// from outside the CPU's thread: a control wake due later is brought forward
// to it, as the control thread would have armed it had it known.
void rx_system::stop_at(uint64_t ps)
{
    if (finished_ || ps >= stop_ps_)
        return;
    stop_ps_ = ps;
    if (up_ && (!control_armed_ || watchdog_.timer.expires * 1000 > ps)) {
        arm_control(ps);
        cpu_.wake_idle();
    }
}

void rx_system::interrupt()
{
    if (interrupted_ || finished_)
        return;
    interrupted_ = true;
    if (!halted_)
        halt();
}

void rx_system::watchdog_timer(timer_list *t)
{
    auto *w = reinterpret_cast<watchdog *>(reinterpret_cast<char *>(t) - offsetof(watchdog, timer));
    w->sys->control_armed_ = false;
    host_thread_wake(&w->sys->cpu_.machine(), w->sys->control_);
}

// Code called from the CPU model's C core must not throw: a failure here
// stops the CPU and run() reports it.
bool rx_system::fail(const std::string &why)
{
    error_ = why;
    host_machine_stop(&cpu_.machine());
    return false;
}

bool rx_system::bring_up()
{
    e1000_options eo;
    drv_->default_options(&eo);
    eo.rx_ring_count = o_.ring;
    eo.rx_buffer_len = o_.rx_buffer;
    eo.mtu = o_.mtu;
    eo.interrupt_throttle_rate = o_.itr;
    eo.rx_int_delay = uint16_t(o_.rdtr);
    eo.rx_abs_int_delay = uint16_t(o_.radv);
    eo.pthresh = uint8_t(o_.rx_pthresh);
    eo.hthresh = uint8_t(o_.rx_hthresh);
    eo.wthresh = uint8_t(o_.rx_wthresh);
    eo.pba = o_.fifo_bytes / 1024;
    eo.copybreak = o_.copybreak;
    eo.napi = !o_.pre_napi;
    eo.napi_weight = o_.napi_weight;
    eo.promisc = o_.promisc;
    eo.napi_prep_before_mask = kernel_.e1000_prep_before_mask;
    std::copy(std::begin(o_.mac_bytes), std::end(o_.mac_bytes), eo.mac);
    const e1000_bus_ops bus{this, bus_read32, bus_write32, dma_sync_for_cpu, dma_alloc_coherent, dma_free_coherent,
                            schedule_delayed_work};
    adapter_ = drv_->probe(&bus, net_.get(), cpu_.platform(), &eo);
    if (!adapter_)
        return fail("e1000_probe failed (out of memory)");
    adapter_->hooks = {this, rx_event};
    for (uint16_t vid : o_.vlans)
        if (!register_vlan_dev(adapter_->netdev, ETH_P_8021Q, vid, nullptr))
            return fail("cannot register the VLAN device eth0." + std::to_string(vid));
    for (uint32_t group : o_.mcast_groups)
        if (ip_mc_join(net_.get(), group) != 0)
            return fail("ip_mc_join: no room for another multicast group");
    for (const ip6_prefix &p : o_.ip6_prefixes)
        if (ipv6_add_addr(net_.get(), p.addr.data(), p.len) != 0)
            return fail("ipv6_add_addr: refused (an address held already, or no room for its group)");
    if (o_.ethtool_rx_ring) {
        e1000_ringparam ring{};
        drv_->get_ringparam(adapter_, &ring);
        ring.rx_pending = *o_.ethtool_rx_ring;
        if (const int err = drv_->set_ringparam(adapter_, &ring); err != 0)
            return fail("ethtool -G eth0 rx " + std::to_string(*o_.ethtool_rx_ring) + ": the driver refused it (" +
                        std::strerror(-err) + ")");
    }
    if (o_.ethtool_rx_usecs) {
        e1000_coalesce ec{};
        drv_->get_coalesce(adapter_, &ec);
        ec.rx_coalesce_usecs = *o_.ethtool_rx_usecs;
        if (const int err = drv_->set_coalesce(adapter_, &ec); err != 0)
            return fail("ethtool -C eth0 rx-usecs " + std::to_string(*o_.ethtool_rx_usecs) +
                        ": the driver refused it (" + std::strerror(-err) + ")");
    }
    // register_netdev turned GRO on; ethtool -K, or a kernel before it, off.
    if (o_.gro == "off" || (o_.gro.empty() && kernel_.version < 20629))
        adapter_->netdev->features &= ~NETIF_F_GRO;
    adapter_->netdev->napi_defer_hard_irqs = o_.defer_hard_irqs;
    adapter_->netdev->gro_flush_timeout = o_.gro_flush_timeout_ns;
    adapter_->netdev->irq_suspend_timeout = o_.irq_suspend_timeout_ns;
    if (o_.threaded_napi)
        napi_set_threaded(&adapter_->napi, true);
    // The NAPI id the receivers' packets carry (sk_napi_id): eth0's instance.
    const bool epoll = o_.app == "epoll";
    const uint64_t busy_us = epoll ? o_.epoll_busy_poll_us : o_.busy_poll_us;
    for (auto &app : apps_) {
        app->cfg.epoll = epoll;
        app->cfg.busy_poll_napi = busy_us || o_.prefer_busy_poll ? &adapter_->napi : nullptr;
        app->cfg.busy_poll_ps = busy_us * ps_per_us;
        app->cfg.prefer_busy_poll = o_.prefer_busy_poll;
        app->cfg.busy_poll_budget = int(o_.busy_poll_budget);
    }
    if (host_request_irq(&cpu_.machine(), irq, irq_handler, this) != 0)
        return fail("request_irq failed");
    free_before_open_ = hostmem_free_bytes(&bus_.memory);
    if (drv_->open(adapter_) != 0)
        return fail("e1000_open failed: host memory too small for the ring");
    if (o_.dma_write_error_ppm)
        bus_.memory_target.refuse_writes(adapter_->rx_ring.pool->dma, adapter_->rx_ring.pool->size,
                                         o_.dma_write_error_ppm, o_.seed);
    up_ = true;
    return true;
}

// The end of the run: read what the NIC counted, check the ring, ifdown
// (a poll still pending is dropped with the frames it would have taken),
// end everything the stack still holds with a fate, and stop the CPU.
void rx_system::finish()
{
    drv_->get_ethtool_stats(adapter_, &ethtool_);
    drv_->get_ringparam(adapter_, &ring_);
    drv_->get_coalesce(adapter_, &coalesce_);
    check_starved_ring();
    check_not_polled(true);
    drv_->check_rx_ownership(adapter_);
    drv_->close(adapter_);
    net_flush(net_.get());
    // After the flush: buffers up the stack in skbs go back as those are freed.
    if (const uint64_t free = hostmem_free_bytes(&bus_.memory); free != free_before_open_)
        violation("leak", "ifdown and the stack's flush left " + std::to_string(free_before_open_ - free) +
                              " bytes of the DMA memory allocated at ifup (ring and buffers) not freed "
                              "(e1000_close -> e1000_free_rx_resources, the skbs' buffers back to the pool)");
    finished_ = true;
    end_ps_ = cpu_ps();
    host_machine_stop(&cpu_.machine());
}

int rx_system::irq_handler(int irq, void *dev_id)
{
    auto *self = static_cast<rx_system *>(dev_id);
    // After a violation the line is off, as note_interrupt disables it: a
    // storm would otherwise keep the CPU from shutting the host down. Off at
    // the device too (IMC, once), or a level-triggered line a cause holds
    // (the watchdog's ICS, say) would be taken again at once, forever.
    if (self->halted_) {
        if (!self->irq_off_) {
            self->irq_off_ = true;
            cpu_model::bus_write32(&self->cpu_, NIC_IMC, ~0u);
        }
        return 1;
    }
    self->ledger_.on_irq(self->cpu_ps());
    self->in_irq_ = true;
    self->irq_icr_read_ = false;
    self->irq_icr_ = 0;
    const bool handled = self->drv_->intr(self->adapter_) == IRQ_HANDLED;
    self->in_irq_ = false;
    // The storm check goes by what the device said (a cause in ICR), not by
    // the handler's claim: a handler that claims an interrupt without reading
    // its cause is caught too (Linux counts only IRQ_NONE).
    const bool had_cause = self->irq_icr_read_ && self->irq_icr_ != 0;
    if (const std::string storm = self->irq_storm_.note(irq, had_cause, self->cpu_ps());
        !storm.empty() && !self->storm_seen_) {
        self->storm_seen_ = true;
        self->violation("irq-storm", storm);
    }
    return handled;
}

uint32_t rx_system::bus_read32(void *ctx, uint32_t reg)
{
    auto *self = static_cast<rx_system *>(ctx);
    const uint32_t value = cpu_model::bus_read32(&self->cpu_, reg);
    if (reg == NIC_ICR && self->in_irq_) {
        self->irq_icr_ |= value, self->irq_icr_read_ = true;
        for (unsigned bit = 0; bit < 32; ++bit)
            self->icr_causes_[bit] += (value >> bit) & 1;
    }
    if (reg == NIC_ICR && self->tl_)
        self->tl_->register_access("ICR read", value, self->cpu_ps());
    return value;
}

void rx_system::bus_write32(void *ctx, uint32_t reg, uint32_t val)
{
    auto *self = static_cast<rx_system *>(ctx);
    if (reg == NIC_IMS)
        self->ims_ |= val;
    else if (reg == NIC_IMC)
        self->ims_ &= ~val;
    if (self->tl_ && (reg == NIC_IMS || reg == NIC_IMC || reg == NIC_RDT))
        self->tl_->register_access(reg == NIC_IMS ? "IMS write (unmask)" : reg == NIC_IMC ? "IMC write (mask)" : "RDT write",
                                   val, self->cpu_ps());
    cpu_model::bus_write32(&self->cpu_, reg, val);
}

// DMA writes the CPU's clock has reached become readable.
void rx_system::dma_sync_for_cpu(void *ctx)
{
    auto *self = static_cast<rx_system *>(ctx);
    self->cpu_.catch_up();
    self->bus_.memory_target.apply_writes_until(self->cpu_ps());
}

// The driver's DMA memory: the platform's host memory allocator.
void *rx_system::dma_alloc_coherent(void *ctx, size_t size, dma_addr_t *dma_handle)
{
    return hostmem_alloc_coherent(&static_cast<rx_system *>(ctx)->bus_.memory, size, dma_handle);
}

void rx_system::dma_free_coherent(void *ctx, size_t size, void *cpu_addr, dma_addr_t dma_handle)
{
    hostmem_free_coherent(&static_cast<rx_system *>(ctx)->bus_.memory, size, cpu_addr, dma_handle);
}

void rx_system::rx_event(void *ctx, const e1000_rx_event *ev)
{
    auto *self = static_cast<rx_system *>(ctx);
    // The descriptors cleaned since the last frame: a jumbo chain's before
    // its EOP, a no_eop frame's discarded rest (never a whole ring: between
    // checks a fast ring may wrap, between frames it cannot).
    if (!self->desc_done_ps_.empty())
        self->forget_cleaned();
    if (ev->desc < self->desc_done_ps_.size() && self->desc_done_ps_[ev->desc]) {
        self->desc_done_ps_[ev->desc] = 0;
        self->not_cleaned_--;
    }
    // The buffer the frame is in: the one the descriptor's address names
    // (buffers move from slot to slot as frames go up in them).
    const e1000_rx_ring &r = self->adapter_->rx_ring;
    const uint8_t *d = r.desc + size_t(ev->desc) * NIC_RXD_SIZE;
    uint64_t addr = 0;
    for (int b = 7; b >= 0; b--)
        addr = addr << 8 | d[NIC_RXD_ADDR_OFFSET + b];
    const int64_t buffer = e1000_rx_pool_buffer(r.pool, addr);
    // The bytes must be in a buffer of the pool or the chain: a driver
    // module that hands up memory it does not hold is stopped, not read.
    auto holds = [ev](const uint8_t *base, size_t size) {
        return base && ev->data >= base && ev->data + ev->length <= base + size;
    };
    if (ev->length && !holds(r.pool ? r.pool->mem : nullptr, r.pool ? r.pool->size : 0) &&
        !holds(r.chain, E1000_MAX_RX_FRAME)) {
        self->violation("descriptor ownership", "the driver handed up descriptor " + std::to_string(ev->desc) +
                                                    "'s frame from memory outside its receive buffers");
        return;
    }
    const uint64_t packet = self->ledger_.on_rx_event(*ev, buffer < 0 ? UINT32_MAX : uint32_t(buffer), self->cpu_ps());
    if (self->tl_) {
        const host_cpu &cpu = self->running_cpu();
        if (packet != UINT64_MAX)
            self->tl_->polled(packet, cpu);
        self->tl_->counter("descriptors written back, not cleaned", cpu.local_ps, self->not_cleaned_);
    }
}

void rx_system::app_read(void *arg, const rx_recvinfo *info, const void *data, uint32_t len, uint64_t)
{
    static_cast<rx_system *>(arg)->ledger_.on_app_read(*info, data, len);
}

void rx_system::fate(void *arg, const skb_fate_record *rec)
{
    static_cast<rx_system *>(arg)->ledger_.on_fate(*rec);
}

// Before the stack and the driver copy the CPU's platform.
void rx_system::watch(timeline_writer *tl)
{
    tl_ = tl;
    tl->set_wire_byte_ps(nic_.clk_period_ps() / nic_.wire_bytes());
    host_machine_observe(&cpu_.machine(), tl->observer());
    nic_.on_dma_read = [tl](uint64_t, uint32_t len, uint64_t issue_ps, uint64_t done_ps) {
        tl->dma_read(len, issue_ps, done_ps);
    };
    nic_.on_observed = [this, tl](uint64_t ps, const nic_observed &was, const nic_observed &o) {
        using timer = timeline_writer::nic_timer;
        const std::pair<timer, bool nic_observed::*> timers[] = {{timer::ITR, &nic_observed::itr_running},
                                                                 {timer::RDTR, &nic_observed::rdtr_running},
                                                                 {timer::RADV, &nic_observed::radv_running}};
        for (const auto &[which, running] : timers)
            if (o.*running != was.*running)
                tl->timer(which, o.*running, ps);
        if (o.fifo_frames != was.fifo_frames)
            tl->counter("packet buffer (RX FIFO) bytes used", ps, o.fifo_bytes);
        const uint32_t count = adapter_ ? adapter_->rx_ring.count : 0;
        if (count && (o.rdh != was.rdh || o.rdt != was.rdt))
            tl->counter("free descriptors (RDT - RDH)", ps, (o.rdt + count - o.rdh) % count);
    };
    backlog_len_.assign(cpu_.machine().nr_cpus, 0);
    tl->set_queue_sampler([this](const host_cpu &cpu) {
        for (socket_counter &c : socket_counters_) {
            sock_stats st;
            sock_get_stats(c.sk, &st);
            if (st.rmem_alloc != c.bytes)
                tl_->counter(c.name.c_str(), cpu.local_ps, c.bytes = st.rmem_alloc);
        }
        softnet_stat st;
        net_softnet_stat(net_.get(), cpu.id, &st);
        if (st.backlog_len != backlog_len_[size_t(cpu.id)])
            tl_->counter(("softnet backlog cpu" + std::to_string(cpu.id) + " (packets)").c_str(), cpu.local_ps,
                         backlog_len_[size_t(cpu.id)] = st.backlog_len);
    });
    ledger_.set_fate_observer([this](const packet_fate &f) { fate_known(f); });
}

void rx_system::set_pcap_out(pcapng_writer *pcap)
{
    pcap_ = pcap;
    ledger_.set_fate_observer([this](const packet_fate &f) { fate_known(f); });
}

void rx_system::fate_known(const packet_fate &f)
{
    if (tl_)
        tl_->packet(f, running_cpu());
    if (pcap_)
        pcap_->packet(f);
}

void rx_system::on_dma_write(const dma_write_record &w)
{
    if (!adapter_ || !adapter_->open)
        return;
    drv_->check_dma_write(adapter_, w.addr, w.len);
    const e1000_rx_ring &r = adapter_->rx_ring;
    if (w.addr >= r.dma && w.addr < r.dma + r.size) {
        writebacks_++;
        desc_done_ps_.resize(r.count, 0);
        for (uint64_t d = (w.addr - r.dma) / 16; d < r.count && d * 16 < w.addr - r.dma + w.len; d++) {
            not_cleaned_ += desc_done_ps_[d] == 0;
            desc_done_ps_[d] = w.done_ps;
        }
        if (tl_) {
            tl_->dma_write("descriptor write-back", w.len, w.issue_ps, w.link_free_ps);
            tl_->counter("descriptors written back, not cleaned", w.done_ps, not_cleaned_);
        }
    }
    if (const int64_t buffer = e1000_rx_pool_buffer(r.pool, w.addr); buffer >= 0) {
        ledger_.on_buffer_written(uint32_t(buffer), w.done_ps, w.refused ? w.data : nullptr, w.len);
        if (tl_)
            tl_->dma_write("data", w.len, w.issue_ps, w.link_free_ps);
    }
}

// A liveness violation found while the run goes ends it there (what follows a
// broken driver proves nothing more, and a storm could last the whole trace);
// one --warn-only names is noted and the run goes on.
void rx_system::violation(const char *check, const std::string &text)
{
    const bool warn = std::find(o_.warn_only.begin(), o_.warn_only.end(), check) != o_.warn_only.end();
    if (warn) {
        warnings_.push_back(std::string(check) + ": " + text);
        return;
    }
    const bool running = up_ && !finished_ && !halted_;
    violations_.push_back(std::string(check) + ": " + text + (running ? " (the run stopped here)" : ""));
    if (running)
        halt();
}

// No more frames on the wire, and the host shuts down at the time reached.
void rx_system::halt()
{
    halted_ = true;
    wire_.stop();
    stop_at(std::max(time_to_ps(sc_core::sc_time_stamp()), cpu_.machine().cpu[0].local_ps));
}

// The descriptor at next_to_clean, written back longer ago than the bound
// while no poll is scheduled (between slices: and the CPU idles).
void rx_system::check_not_polled(bool at_end)
{
    if (!adapter_ || !adapter_->open || not_polled_seen_ || desc_done_ps_.empty())
        return;
    forget_cleaned();
    const e1000_rx_ring &r = adapter_->rx_ring;
    const host_cpu &cpu = cpu_.machine().cpu[0];
    const std::string text =
        not_polled(desc_done_ps_[r.next_to_clean], at_end ? cpu_ps() : time_to_ps(sc_core::sc_time_stamp()),
                   // A poll that found no skb leaves its frame to the next
                   // interrupt or, failing one, to the watchdog's RXDMT0.
                   not_polled_bound_ps(o_) + (adapter_->drv.alloc_rx_buff_failed ? watchdog_ps : 0),
                   at_end || (!cpu.curr && cpu.ctx == CPU_CTX_TASK),
                   !o_.pre_napi && (adapter_->napi.state & NAPI_STATE_SCHED), ims_, ring());
    if (!text.empty()) {
        not_polled_seen_ = true;
        violation("not-polled", text);
    }
}

ring_view rx_system::ring() const
{
    const e1000_rx_ring &r = adapter_->rx_ring;
    ring_view v;
    v.count = r.count;
    v.rdt = r.rdt;
    v.next_to_clean = r.next_to_clean;
    v.next_to_use = r.next_to_use;
    for (uint32_t i = 0; i < r.count; i++) {
        v.given += r.buffer_info[i].owner == E1000_OWN_HW;
        v.unfilled += r.buffer_info[i].owner == E1000_OWN_DRIVER;
    }
    return v;
}

// Descriptors the driver cleaned since the last look wait no more.
void rx_system::forget_cleaned()
{
    const e1000_rx_ring &r = adapter_->rx_ring;
    for (uint32_t i = seen_ntc_; i != r.next_to_clean; i = (i + 1) % r.count) {
        not_cleaned_ -= desc_done_ps_[i] != 0;
        desc_done_ps_[i] = 0;
    }
    seen_ntc_ = r.next_to_clean;
}

// After each statistics read (watchdog, end).
void rx_system::check_starved_ring()
{
    const stats_mark now{adapter_->stats.mpc + adapter_->stats.rnbc, writebacks_, adapter_->napi.poll_calls,
                         cpu_ps()};
    const stats_mark was = last_stats_;
    last_stats_ = now;
    if (starved_seen_)
        return;
    ring_view v = ring();
    if (!desc_done_ps_.empty()) {
        forget_cleaned();
        v.done_waiting = desc_done_ps_[adapter_->rx_ring.next_to_clean] != 0;
    }
    const std::string text = starved_ring(was, now, v);
    if (!text.empty()) {
        starved_seen_ = true;
        violation("starved-ring", text);
    }
}

void rx_system::run(const std::function<void(uint64_t, uint64_t)> &tick)
{
    // Slices of simulated time only bound how often progress is shown; the
    // run ends when the control thread has shut the host down. A slice with
    // nothing in it is not stepped through: it stretches to the next event
    // SystemC has pending (the next frame, MMIO, timer), so an idle stretch
    // of the capture costs one step whatever its length.
    const sc_core::sc_time slice = ps_to_time(1000 * ps_per_us);
    sc_core::sc_start(sc_core::SC_ZERO_TIME); // initialise: the processes' first events are pending
    while (!cpu_.finished()) {
        if (!nic_.model_error().empty())
            throw std::runtime_error(nic_.model_error());
        if (!sc_core::sc_pending_activity())
            throw std::runtime_error("the simulation stalled: nothing is pending and the host has not finished");
        sc_core::sc_start(std::max(slice, sc_core::sc_time_to_pending_activity()));
        progress_ps_.store(time_to_ps(sc_core::sc_time_stamp()), std::memory_order_relaxed);
        check_not_polled(false);
        tick(time_to_ps(sc_core::sc_time_stamp()), ledger_.packets_in());
    }
    if (!error_.empty())
        throw std::runtime_error(error_);
}

// `ethtool -S eth0` as e1000 prints it: the receive side of
// e1000_gstrings_stats (Linux 6.1), in its order, from the last read; then
// `ethtool -g` and `ethtool -c` as ethtool 6.1 prints what e1000's
// get_ringparam and get_coalesce give (n/a: what it leaves at 0 or does not
// support; there is no transmit ring, and rx-usecs is e1000's only
// coalescing parameter, ETHTOOL_COALESCE_RX_USECS).
std::string rx_system::ethtool_view() const
{
    const e1000_ethtool_stats &s = ethtool_;
    const std::pair<const char *, uint64_t> stats[] = {
        {"rx_packets", s.net.rx_packets},
        {"rx_bytes", s.net.rx_bytes},
        {"rx_broadcast", s.hw.bprc},
        {"rx_multicast", s.hw.mprc},
        {"rx_errors", s.net.rx_errors},
        {"multicast", s.net.multicast},
        {"rx_length_errors", s.net.rx_length_errors},
        {"rx_over_errors", s.net.rx_over_errors},
        {"rx_crc_errors", s.net.rx_crc_errors},
        {"rx_frame_errors", s.net.rx_frame_errors},
        {"rx_no_buffer_count", s.hw.rnbc},
        {"rx_missed_errors", s.net.rx_missed_errors},
        {"rx_long_length_errors", s.hw.roc},
        {"rx_short_length_errors", s.hw.ruc},
        {"rx_csum_offload_good", s.drv.hw_csum_good},
        {"rx_csum_offload_errors", s.drv.hw_csum_err},
        {"alloc_rx_buff_failed", s.drv.alloc_rx_buff_failed},
    };
    std::string out = "$ ethtool -S eth0\nNIC statistics:\n";
    for (const auto &[name, value] : stats)
        out += "     " + std::string(name) + ": " + std::to_string(value) + "\n";
    const auto rings = [](uint32_t rx) {
        return "RX:\t\t\t" + std::to_string(rx) + "\nRX Mini:\t\tn/a\nRX Jumbo:\t\tn/a\nTX:\t\t\tn/a\n";
    };
    out += "\n$ ethtool -g eth0\nRing parameters for eth0:\nPre-set maximums:\n" + rings(ring_.rx_max_pending) +
           "Current hardware settings:\n" + rings(ring_.rx_pending);
    out += "\n$ ethtool -c eth0\nCoalesce parameters for eth0:\nAdaptive RX: n/a  TX: n/a\n"
           "stats-block-usecs:\tn/a\nsample-interval:\tn/a\npkt-rate-low:\t\tn/a\npkt-rate-high:\t\tn/a\n\n"
           "rx-usecs:\t" +
           std::to_string(coalesce_.rx_coalesce_usecs) +
           "\nrx-frames:\tn/a\nrx-usecs-irq:\tn/a\nrx-frames-irq:\tn/a\n\n"
           "tx-usecs:\tn/a\ntx-frames:\tn/a\ntx-usecs-irq:\tn/a\ntx-frames-irq:\tn/a\n";
    return out;
}

// The host's /proc/net views, as `cat` would show them.
std::string rx_system::proc_views() const
{
    std::string all;
    const std::pair<const char *, size_t (*)(const net *, char *, size_t)> views[] = {
        {"/proc/net/dev", proc_net_dev},
        {"/proc/net/softnet_stat", proc_net_softnet_stat},
        {"/proc/net/snmp", proc_net_snmp},
        {"/proc/net/netstat", proc_net_netstat},
    };
    for (const auto &[path, view] : views) {
        std::string text(view(net_.get(), nullptr, 0) + 1, '\0');
        text.resize(view(net_.get(), text.data(), text.size()));
        all += std::string("$ cat ") + path + "\n" + text;
    }
    return all;
}

run_results rx_system::results()
{
    run_results r;
    const e1000_hw_stats &hw = adapter_->stats;
    nic_drop_counters nic;
    nic.crcerrs = hw.crcerrs;
    nic.rxerrc = hw.rxerrc;
    nic.ruc = hw.ruc;
    nic.rfc = hw.rfc;
    nic.roc = hw.roc;
    nic.rjc = hw.rjc;
    nic.xfltc = hw.xfltc;
    nic.xdisc = hw.xdisc;
    nic.mpc = hw.mpc;
    ledger_.close(nic, r);
    book_trace(wire_.report(), r);
    r.offered_bytes = wire_.report().bytes;
    r.offered_ns = wire_.report().end_ps / 1000;
    r.skipped.push_back({"trace", "interrupted", wire_.unsent()});
    r.skipped.push_back({"wire", "link_down", wire_.link_down()});
    r.interrupted = interrupted_;
    if (!records_accounted(r))
        violations_.push_back("conservation: the trace's " + std::to_string(r.records_in) +
                              " records are not the " + std::to_string(r.packets_in) +
                              " frames put on the wire + " + std::to_string(total_skipped(r)) + " skipped");

    r.interrupts = nic_.counters().interrupts;
    r.traffic_interrupts = traffic_interrupts_;
    r.interrupts_handled = cpu_.machine().cpu[0].cnt.irqs;
    r.carrier_up = adapter_->netdev->carrier_up_count;
    r.carrier_down = adapter_->netdev->carrier_down_count;
    r.dma_writes_refused = nic_.counters().dma_writes_refused;
    r.dma_reads_delayed = bus_.link.reads_delayed();
    r.napi_polls = adapter_->napi.poll_calls;
    for (const auto &[name, shift] : {std::pair{"TXDW", NIC_ICR_TXDW_SHIFT}, std::pair{"LSC", NIC_ICR_LSC_SHIFT},
                                      std::pair{"RXSEQ", NIC_ICR_RXSEQ_SHIFT}, std::pair{"RXDMT0", NIC_ICR_RXDMT0_SHIFT},
                                      std::pair{"RXO", NIC_ICR_RXO_SHIFT}, std::pair{"RXT0", NIC_ICR_RXT0_SHIFT}})
        r.interrupt_causes.emplace_back(name, icr_causes_[shift]);
    const napi_struct &napi = adapter_->napi;
    r.napi_done = napi.poll_calls - napi.polls_full;
    r.napi_not_done = napi.polls_full;
    r.napi_completions = napi.complete_calls;
    r.napi_missed = napi.missed;
    r.napi_deferred = napi.deferred;
    r.napi_busy_polls = napi.busy_polls;
    r.gro_merged = napi.gro.merged;
    r.gro_flushed = napi.gro.flushed;
    r.gro_super_packets = napi.gro.super_packets;
    r.gro_max_segments = napi.gro.max_segs;
    r.gro_flush_flow = napi.gro.flush_flow;
    r.gro_flush_poll = napi.gro.flush_poll;
    r.gro_flush_evict = napi.gro.flush_evict;
    r.rx_no_buffer_count = ethtool_.hw.rnbc;
    r.copybreak_copies = ethtool_.drv.rx_copybreak;
    r.buffers_handed_up = ethtool_.drv.rx_build_skb;
    r.alloc_rx_buff_failed = ethtool_.drv.alloc_rx_buff_failed;
    r.itr_changes = ethtool_.drv.itr_changes;
    r.interrupts_none = ethtool_.drv.interrupts_none;
    const tcp_mib &tcp = net_mib(net_.get())->tcp;
    r.tcp_ofo_queued = tcp.TCPOFOQueue;
    r.tcp_ofo_drop = tcp.TCPOFODrop;
    r.tcp_ofo_merge = tcp.TCPOFOMerge;
    r.tcp_ofo_pruned = tcp.OfoPruned;
    r.tcp_rcvq_drop = tcp.TCPRcvQDrop;
    r.tcp_ofo_max_segments = tcp.ofo_max_segs;
    r.tcp_ofo_max_bytes = tcp.ofo_max_bytes;
    std::string snmp6(proc_net_snmp6(net_.get(), nullptr, 0) + 1, '\0');
    snmp6.resize(proc_net_snmp6(net_.get(), snmp6.data(), snmp6.size()));
    std::istringstream rows(snmp6);
    std::string name;
    uint64_t value = 0;
    while (rows >> name >> value)
        r.snmp6.emplace_back(name, value);
    softnet_stat sn;
    net_softnet_stat(net_.get(), 0, &sn);
    r.time_squeeze = sn.time_squeeze;
    r.sim_time_ns = end_ps_ / 1000;
    cpu_split split;
    host_cpu_split(&cpu_.machine(), 0, &split);
    r.cpu_ns = {{"hardirq", split.hardirq / 1000},     {"softirq", split.softirq / 1000},
                {"ksoftirqd", split.ksoftirqd / 1000}, {"napi_threads", split.napi_threads / 1000},
                {"app", split.threads / 1000},         {"idle", split.idle / 1000}};

    const napi_struct &n = adapter_->napi;
    if (const std::string text = napi_budget(n.over_budget, n.done_at_full_budget, n.first_bad_poll.at_ns,
                                             n.first_bad_poll.work, n.first_bad_poll.budget);
        !text.empty())
        violation("napi-budget", text);
    if (adapter_->violations)
        violations_.push_back("descriptor ownership: " + std::to_string(adapter_->violations) +
                              " violations, the first: " + adapter_->violation);
    r.irqs_taken_late = cpu_.machine().cpu[0].cnt.late_irqs;
    r.irq_lateness_max_ns = cpu_.machine().cpu[0].cnt.late_irq_max_ps / 1000;
    if (o_.proc_net)
        r.proc_net = proc_views();
    if (o_.ethtool)
        r.ethtool = ethtool_view();
    net_conservation c;
    if (!net_check_conservation(net_.get(), &c))
        violations_.push_back("stack: skb accounting does not add up (allocated " +
                              std::to_string(c.allocated) + ", live " + std::to_string(c.live) + ")");
    // ifdown and net_flush end every skb the stack holds: one still live was
    // lost by a path that neither handed it on nor freed it.
    if (c.live)
        violation("leak", std::to_string(c.live) + " skbs still allocated after ifdown and the stack's flush (of " +
                              std::to_string(c.allocated) + "): a path that neither hands an skb on nor frees it");
    r.violations.insert(r.violations.end(), violations_.begin(), violations_.end());
    r.warnings = warnings_;
    return r;
}

} // namespace rxsim
