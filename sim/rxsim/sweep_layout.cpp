#include "sweep_layout.h"

#include <fstream>
#include <sstream>

namespace rxsim {

namespace fs = std::filesystem;

std::vector<std::string> sweep_layout::run_args(const std::string &hash, const std::string &trace,
                                                const std::vector<std::string> &options) const
{
    std::vector<std::string> a = {"run", trace, "--no-progress", "--json", point(hash, ".json.part").string()};
    a.insert(a.end(), options.begin(), options.end());
    return a;
}

bool sweep_layout::finish(const std::string &hash, int status) const
{
    std::error_code ec;
    const fs::path part = point(hash, ".json.part");
    if (status == 0 && fs::exists(part)) {
        fs::rename(part, point(hash, ".json"), ec);
        if (ec)
            return false;
        for (const char *ext : {".exit", ".err", ".out", ".args"})
            fs::remove(point(hash, ext), ec);
        return true;
    }
    fs::remove(part, ec);
    std::ofstream(point(hash, ".exit")) << (status == 0 ? -1 : status) << "\n";
    return true;
}

std::string sweep_layout::stderr_tail(const std::string &hash, size_t n) const
{
    std::ifstream in(point(hash, ".err"));
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
        if (!line.empty())
            lines.push_back(line);
    std::string tail;
    for (size_t i = lines.size() > n ? lines.size() - n : 0; i < lines.size(); i++)
        tail += "    " + lines[i] + "\n";
    return tail;
}

} // namespace rxsim
