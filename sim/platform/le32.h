// 32-bit values as little-endian bytes, the bus byte order (byte 0 in bits 7:0).
#ifndef RXSIM_LE32_H
#define RXSIM_LE32_H

#include <cstdint>

namespace rxsim {

inline void store_le32(uint8_t *bytes, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        bytes[i] = uint8_t(v >> (8 * i));
}

inline uint32_t load_le32(const uint8_t *bytes)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++)
        v |= uint32_t(bytes[i]) << (8 * i);
    return v;
}

} // namespace rxsim

#endif
