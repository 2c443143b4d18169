#include "cpu_model.h"

#include <algorithm>

#include "ps_time.h"

namespace rxsim {

cpu_model_config cpu_model_config_default(const pcie_params &params)
{
    cpu_model_config c;
    host_config_default(&c.host);
    c.host.quantum_ps = std::min(params.msi_latency_ps, params.intx_latency_ps);
    return c;
}

cpu_model::cpu_model(sc_core::sc_module_name name, cpu_mmio_port &mmio, const pcie_params &params,
                     const cpu_model_config &config)
    : sc_core::sc_module(name), irq_socket("irq_socket"), mmio_(mmio), msi_addr_(params.msi_addr),
      intx_addr_(params.intx_addr), intx_irq_(config.intx_irq), end_ps_(config.end_ps)
{
    cpu_env env{this, env_sync, env_idle};
    if (host_machine_init(&m_, &config.host, &env, time_to_ps(sc_core::sc_time_stamp())) != 0)
        SC_REPORT_FATAL("rxsim/cpu", "bad host configuration");
    irq_socket.register_b_transport(this, &cpu_model::b_transport);
    SC_THREAD(thread);
}

cpu_model::~cpu_model() { host_machine_destroy(&m_); }

void cpu_model::thread()
{
    in_thread_ = true;
    host_cpu_run(&m_, 0, end_ps_);
    finished_ = true;
}

void cpu_model::b_transport(tlm::tlm_generic_payload &trans, sc_core::sc_time &delay)
{
    const uint64_t at = time_to_ps(sc_core::sc_time_stamp() + delay);
    const unsigned char *data = trans.get_data_ptr();
    if (!trans.is_write()) {
        trans.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
        return;
    }
    if (trans.get_address() == msi_addr_ && trans.get_data_length() == 4) {
        uint32_t vector = uint32_t(data[0]) | uint32_t(data[1]) << 8 | uint32_t(data[2]) << 16 |
                          uint32_t(data[3]) << 24;
        host_irq_msi(&m_, int(vector % HOST_NR_IRQS), at);
    } else if (trans.get_address() == intx_addr_ && trans.get_data_length() == 1) {
        host_irq_intx(&m_, intx_irq_, data[0] != 0, at);
    } else {
        trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    // Wakes an idle CPU exactly at the delivery time.
    irq_posted_.notify(delay);
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

void cpu_model::env_sync(void *ctx, int, uint64_t local_ps)
{
    auto *self = static_cast<cpu_model *>(ctx);
    if (!self->in_thread_)
        SC_REPORT_FATAL("rxsim/cpu", "CPU time spent outside the CPU's thread: run driver and stack "
                                     "code from a thread step (host_thread_create)");
    // Outside the simulation (a run cut short, its stack torn down after
    // sc_start returned) no time passes and nothing can be waited for.
    if (sc_core::sc_get_status() != sc_core::SC_RUNNING)
        return;
    const uint64_t now = time_to_ps(sc_core::sc_time_stamp());
    if (local_ps > now) {
        self->waits_++;
        sc_core::wait(ps_to_time(local_ps - now));
    }
}

uint64_t cpu_model::env_idle(void *ctx, int, uint64_t, uint64_t until_ps)
{
    auto *self = static_cast<cpu_model *>(ctx);
    const uint64_t now = time_to_ps(sc_core::sc_time_stamp());
    self->waits_++;
    if (until_ps == UINT64_MAX)
        sc_core::wait(self->irq_posted_);
    else if (until_ps > now)
        sc_core::wait(ps_to_time(until_ps - now), self->irq_posted_);
    else
        sc_core::wait(sc_core::SC_ZERO_TIME);
    return time_to_ps(sc_core::sc_time_stamp());
}

void cpu_model::catch_up()
{
    host_cpu *cpu = host_running(&m_);
    if (cpu->local_ps > cpu->sim_ps + m_.cfg.quantum_ps) {
        env_sync(this, cpu->id, cpu->local_ps);
        cpu->sim_ps = cpu->local_ps;
    }
}

uint32_t cpu_model::bus_read32(void *ctx, uint32_t reg)
{
    auto *self = static_cast<cpu_model *>(ctx);
    host_cpu *cpu = host_running(&self->m_);
    sc_core::sc_time now = ps_to_time(cpu->local_ps);
    const uint32_t value = self->mmio_.mmio_read32(reg, now);
    // The CPU stalls for the round trip, in whatever context it is.
    host_account(&self->m_, time_to_ps(now) - cpu->local_ps);
    env_sync(self, cpu->id, cpu->local_ps);
    cpu->sim_ps = cpu->local_ps;
    return value;
}

void cpu_model::bus_write32(void *ctx, uint32_t reg, uint32_t val)
{
    auto *self = static_cast<cpu_model *>(ctx);
    host_cpu *cpu = host_running(&self->m_);
    sc_core::sc_time now = ps_to_time(cpu->local_ps);
    self->mmio_.mmio_write32(reg, val, now);
    host_account(&self->m_, time_to_ps(now) - cpu->local_ps);
}

} // namespace rxsim
