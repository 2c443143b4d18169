// make_nic_rtl() for the model this library is built with (NIC_MODEL,
// NIC_MODEL_H, NIC_WIRE_BYTES, NIC_CLK_PERIOD_PS come from CMake).
#include NIC_MODEL_H

#include "verilated_nic.h"

namespace rxsim {

std::unique_ptr<nic_rtl> make_nic_rtl()
{
    return std::make_unique<verilated_nic<NIC_MODEL>>(NIC_WIRE_BYTES, NIC_CLK_PERIOD_PS);
}

} // namespace rxsim
