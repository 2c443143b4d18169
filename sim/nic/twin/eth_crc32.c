/* eth_crc32 (hw/rtl/eth_crc32.sv): IEEE 802.3 CRC-32, reflected, advanced a
 * byte at a time through a 256-entry table as the RTL does, not complemented
 * (a frame and its FCS leave 0xDEBB20E3). */
#include "twin_blocks.h"

void eth_crc32_table(uint32_t table[256])
{
    for (uint32_t v = 0; v < 256; ++v) {
        uint32_t c = v;
        for (int b = 0; b < 8; ++b)
            c = (c >> 1) ^ (c & 1 ? 0xEDB88320u : 0);
        table[v] = c;
    }
}

uint32_t eth_crc32(const uint32_t table[256], uint32_t crc, const uint8_t *data, unsigned bytes)
{
    for (unsigned i = 0; i < bytes; ++i)
        crc = (crc >> 8) ^ table[(crc ^ data[i]) & 0xff];
    return crc;
}
