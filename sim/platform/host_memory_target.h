// TLM-2.0 target serving the bus from host memory: reads and writes of any
// length and alignment; accesses outside the region get an address error.
// It adds no time: the PCIe link accounts for all of it.
#ifndef RXSIM_HOST_MEMORY_TARGET_H
#define RXSIM_HOST_MEMORY_TARGET_H

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "host_memory.h"

namespace rxsim {

class host_memory_target : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<host_memory_target> socket;

    host_memory_target(sc_core::sc_module_name name, host_memory &memory);

private:
    void b_transport(tlm::tlm_generic_payload &trans, sc_core::sc_time &delay);
    unsigned int transport_dbg(tlm::tlm_generic_payload &trans);
    // Performs the access; leaves the response status in trans.
    void access(tlm::tlm_generic_payload &trans);

    host_memory &memory_;
};

} // namespace rxsim

#endif
