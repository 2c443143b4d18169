#include "driver_module.h"

#include <dlfcn.h>

#include <utility>

namespace rxsim {

driver_module::~driver_module()
{
    if (handle_)
        dlclose(handle_);
}

bool driver_module::load(const std::string &path)
{
    // A path without a slash would send dlopen to the library search path.
    const std::string where = path.find('/') == std::string::npos ? "./" + path : path;
    handle_ = dlopen(where.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle_) {
        const char *e = dlerror();
        why_ = std::string("cannot load: ") + (e ? e : "unknown error");
        return false;
    }
    using entry_fn = const rxsim_driver_ops *(*)();
    auto entry = reinterpret_cast<entry_fn>(dlsym(handle_, RXSIM_DRIVER_ENTRY));
    if (!entry) {
        why_ = "not an rxsim driver: it has no " RXSIM_DRIVER_ENTRY "() (rxdriver/driver_api.h)";
        return false;
    }
    const rxsim_driver_ops *ops = entry();
    if (!ops || ops->abi_version != RXSIM_DRIVER_ABI_VERSION) {
        why_ = "driver ABI version " + std::to_string(ops ? ops->abi_version : 0) + ", this rxsim has " +
               std::to_string(RXSIM_DRIVER_ABI_VERSION) + ": rebuild it against this rxsim's rxdriver/driver_api.h";
        return false;
    }
    if (ops->adapter_size != sizeof(e1000_adapter)) {
        why_ = "struct e1000_adapter is " + std::to_string(ops->adapter_size) + " bytes in it and " +
               std::to_string(sizeof(e1000_adapter)) + " here: rebuild it against this rxsim's headers";
        return false;
    }
    const char *which = nullptr;
    const std::pair<const char *, const void *> fns[] = {
        {"default_options", reinterpret_cast<const void *>(ops->default_options)},
        {"probe", reinterpret_cast<const void *>(ops->probe)},
        {"remove", reinterpret_cast<const void *>(ops->remove)},
        {"open", reinterpret_cast<const void *>(ops->open)},
        {"close", reinterpret_cast<const void *>(ops->close)},
        {"intr", reinterpret_cast<const void *>(ops->intr)},
        {"watchdog", reinterpret_cast<const void *>(ops->watchdog)},
        {"get_ethtool_stats", reinterpret_cast<const void *>(ops->get_ethtool_stats)},
        {"get_ringparam", reinterpret_cast<const void *>(ops->get_ringparam)},
        {"set_ringparam", reinterpret_cast<const void *>(ops->set_ringparam)},
        {"get_coalesce", reinterpret_cast<const void *>(ops->get_coalesce)},
        {"set_coalesce", reinterpret_cast<const void *>(ops->set_coalesce)},
        {"check_rx_ownership", reinterpret_cast<const void *>(ops->check_rx_ownership)},
        {"check_dma_write", reinterpret_cast<const void *>(ops->check_dma_write)},
    };
    for (const auto &[name, fn] : fns)
        if (!fn && !which)
            which = name;
    if (which) {
        why_ = std::string("its driver table has no ") + which + " function";
        return false;
    }
    ops_ = ops;
    return true;
}

} // namespace rxsim
