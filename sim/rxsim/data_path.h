// Where rxsim's data files are: an installed rxsim's share/rxsim (found from
// the program's own path, RXSIM_DATA_FROM_BIN, so the prefix may move), else
// the source tree's copy (the build tree's program).
#ifndef RXSIM_DATA_PATH_H
#define RXSIM_DATA_PATH_H

#include <string>

namespace rxsim {

// share/rxsim/NAME beside the running program if it is there, else source.
std::string data_path(const std::string &name, const std::string &source);

} // namespace rxsim

#endif
