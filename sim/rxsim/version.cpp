#include "version.h"

#include <pcap/pcap.h>

#include <systemc>

#include "nic_builds.h"
#include "nic_rtl.h"

namespace rxsim {

std::string version_text()
{
    std::string builds;
    for (const nic_build &b : nic_builds)
        builds += (builds.empty() ? "" : ", ") + std::string(b.name) + " (" + std::string(b.summary) + ")";
    // RXSIM_GIT_COMMIT is read when CMake configures: a commit made since
    // shows after the next configure (it says "unknown" outside a checkout).
    return std::string("rxsim ") + RXSIM_VERSION + " (git " + RXSIM_GIT_COMMIT + ")\n" +
           "NIC builds: " + builds + "\n" +
           "Verilator " + verilator_version() + "\n" +
           "SystemC " + sc_core::sc_release() + "\n" +
           pcap_lib_version(); // "libpcap version 1.10.3 (...)"
}

} // namespace rxsim
