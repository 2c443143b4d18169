// make_nic_rtl(name): every NIC build of nic_builds.h, Verilated in hw/rtl and
// linked here side by side (different --prefix, one Verilator runtime), each
// with its traced variant for a waveform; make_nic_model(name, model): the
// same, or its behavioral twin, or both in lock-step.
#include "Vnic_top_10g.h"
#include "Vnic_top_10g_trace.h"
#include "Vnic_top_1g.h"
#include "Vnic_top_1g_trace.h"

#include <cstddef>
#include <iterator>
#include <stdexcept>

#include "lockstep_nic.h"
#include "nic_builds.h"
#include "traced_nic.h"
#include "twin_nic.h"
#include "verilated_nic.h"

namespace rxsim {

namespace {

// DATA_W / 8 and CLK_PERIOD_PS come from hw/rtl's table (NIC_TOP_<name>_*),
// the parameters each model was Verilated with.
template <class Model, class Traced, unsigned WireBytes, uint64_t ClkPeriodPs>
std::unique_ptr<nic_rtl> make_verilated(const nic_waveform *waveform)
{
    if (waveform)
        return std::make_unique<traced_nic<Traced>>(WireBytes, ClkPeriodPs, *waveform);
    return std::make_unique<verilated_nic<Model>>(WireBytes, ClkPeriodPs);
}

// The behavioral twin with the same parameters (FIFO_BYTES and DESC_CACHE
// at nic_top's defaults, as hw/rtl builds them).
template <unsigned WireBytes, uint64_t ClkPeriodPs>
std::unique_ptr<nic_rtl> make_twin(bool frames_whole)
{
    auto t = std::make_unique<twin_nic>(WireBytes, ClkPeriodPs);
    t->set_frames_whole(frames_whole);
    return t;
}

struct nic_factory {
    std::string_view name;
    std::unique_ptr<nic_rtl> (*make)(const nic_waveform *);
    std::unique_ptr<nic_rtl> (*make_behavioral)(bool frames_whole);
};

constexpr nic_factory factories[] = {
    {"10g", make_verilated<Vnic_top_10g, Vnic_top_10g_trace, NIC_TOP_10g_WIRE_BYTES, NIC_TOP_10g_CLK_PERIOD_PS>,
     make_twin<NIC_TOP_10g_WIRE_BYTES, NIC_TOP_10g_CLK_PERIOD_PS>},
    {"1g", make_verilated<Vnic_top_1g, Vnic_top_1g_trace, NIC_TOP_1g_WIRE_BYTES, NIC_TOP_1g_CLK_PERIOD_PS>,
     make_twin<NIC_TOP_1g_WIRE_BYTES, NIC_TOP_1g_CLK_PERIOD_PS>},
};

constexpr bool factories_are_the_builds()
{
    if (std::size(factories) != std::size(nic_builds))
        return false;
    for (std::size_t i = 0; i < std::size(factories); ++i)
        if (factories[i].name != nic_builds[i].name)
            return false;
    return true;
}
static_assert(factories_are_the_builds(), "one factory per entry of nic_builds.h, in its order");

const nic_factory &factory(const std::string &name)
{
    for (const nic_factory &f : factories)
        if (f.name == name)
            return f;
    std::string built;
    for (const nic_build &b : nic_builds)
        built += (built.empty() ? "" : "|") + std::string(b.name);
    throw std::invalid_argument("no NIC build '" + name + "' (built: " + built + ")");
}

} // namespace

std::unique_ptr<nic_rtl> make_nic_rtl(const std::string &name, const nic_waveform *waveform)
{
    return factory(name).make(waveform);
}

std::unique_ptr<nic_rtl> make_nic_model(const std::string &name, const std::string &model,
                                        const nic_waveform *waveform)
{
    const nic_factory &f = factory(name);
    if (model == "rtl")
        return f.make(waveform);
    if (model == "behavioral") {
        if (waveform)
            throw std::invalid_argument("a waveform is the RTL's signals: not with --nic-model behavioral");
        return f.make_behavioral(true);
    }
    if (model == "both")
        return std::make_unique<lockstep_nic>(f.make(waveform), "rtl", f.make_behavioral(false), "behavioral");
    throw std::invalid_argument("no NIC model '" + model + "' (rtl|behavioral|both)");
}

const char *verilator_version() { return Verilated::productVersion(); }

} // namespace rxsim
