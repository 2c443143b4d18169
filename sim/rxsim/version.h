// `rxsim --version`: what this program is and what it was built with: its
// version and git commit, the NIC builds linked in, and the Verilator,
// SystemC and libpcap it runs on.
#ifndef RXSIM_VERSION_H
#define RXSIM_VERSION_H

#include <string>

namespace rxsim {

std::string version_text();

} // namespace rxsim

#endif
