// A receive driver loaded from a shared object (`rxsim run --driver FILE`):
// dlopen, its rxsim_driver() table (rxdriver/driver_api.h), and the checks
// that it was built for this rxsim (ABI version, adapter layout). The module
// stays loaded as long as this object lives.
#ifndef RXSIM_DRIVER_MODULE_H
#define RXSIM_DRIVER_MODULE_H

#include <string>

#include "rxdriver/driver_api.h"

namespace rxsim {

class driver_module {
public:
    driver_module() = default;
    ~driver_module();
    driver_module(const driver_module &) = delete;
    driver_module &operator=(const driver_module &) = delete;

    // Loads path; false with why() when it cannot be used.
    bool load(const std::string &path);
    const rxsim_driver_ops *ops() const { return ops_; }
    const std::string &why() const { return why_; }

private:
    void *handle_ = nullptr;
    const rxsim_driver_ops *ops_ = nullptr;
    std::string why_;
};

} // namespace rxsim

#endif
