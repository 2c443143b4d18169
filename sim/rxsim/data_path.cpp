#include "data_path.h"

#include <filesystem>
#include <system_error>

namespace rxsim {

std::string data_path(const std::string &name, const std::string &source)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path installed = (self.parent_path() / RXSIM_DATA_FROM_BIN / name).lexically_normal();
        if (fs::exists(installed, ec))
            return installed.string();
    }
    return source;
}

} // namespace rxsim
