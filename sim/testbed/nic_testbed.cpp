#include "nic_testbed.h"

#include <stdexcept>

namespace rxsim {

namespace {

rxtrace_t *open_trace(const nic_testbed_config &config)
{
    rxtrace_error_t err;
    rxtrace_t *t = rxtrace_open(config.trace.c_str(), &config.replay, &err);
    if (!t)
        throw std::runtime_error(err.message);
    return t;
}

} // namespace

nic_testbed::nic_testbed(const std::string &prefix, const nic_testbed_config &config)
    : trace(open_trace(config)),
      bus((prefix + "_bus").c_str(), config.bus, config.mem_base, config.mem_size),
      nic((prefix + "_nic").c_str(), config.model ? config.model() : make_nic_model(config.nic_build, config.nic_model),
          bus.device, config.bus, config.nic),
      wire(trace, nic.wire_bytes(), nic.clk_period_ps(), config.wire_offset_ps),
      host((prefix + "_host").c_str(), bus, nic, wire, config.host)
{
    bus.link.to_device.bind(nic.mmio_socket);
    bus.link.to_irq.bind(host.irq_socket);
    nic.attach_wire(&wire);
}

nic_testbed::~nic_testbed() { rxtrace_close(trace); }

} // namespace rxsim
