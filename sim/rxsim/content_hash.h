// Names for sweep points and traces: 64-bit FNV-1a over words and file
// contents, as 16 hex digits. Not cryptographic: it tells results apart,
// and the same inputs always give the same name.
#ifndef RXSIM_CONTENT_HASH_H
#define RXSIM_CONTENT_HASH_H

#include <cstdint>
#include <string>
#include <vector>

namespace rxsim {

class content_hash {
public:
    content_hash &add(const std::string &s);                // the bytes, then a separator
    content_hash &add(const std::vector<std::string> &words);
    // The file's bytes; false if it cannot be read.
    bool add_file(const std::string &path);
    std::string hex() const;

private:
    void bytes(const void *p, size_t n);
    uint64_t h_ = 0xcbf29ce484222325ull;
};

} // namespace rxsim

#endif
