#include "content_hash.h"

#include <cstdio>
#include <fstream>

namespace rxsim {

void content_hash::bytes(const void *p, size_t n)
{
    const auto *b = static_cast<const unsigned char *>(p);
    for (size_t i = 0; i < n; i++)
        h_ = (h_ ^ b[i]) * 0x100000001b3ull;
}

content_hash &content_hash::add(const std::string &s)
{
    bytes(s.data(), s.size());
    bytes("\0", 1); // so that ("ab", "c") and ("a", "bc") differ
    return *this;
}

content_hash &content_hash::add(const std::vector<std::string> &words)
{
    for (const std::string &w : words)
        add(w);
    return add(std::to_string(words.size()));
}

bool content_hash::add_file(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return false;
    char buf[1 << 16];
    while (in.read(buf, sizeof buf) || in.gcount() > 0)
        bytes(buf, size_t(in.gcount()));
    return !in.bad();
}

std::string content_hash::hex() const
{
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h_));
    return buf;
}

} // namespace rxsim
