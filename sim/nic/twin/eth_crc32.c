/* eth_crc32 (hw/rtl/eth_crc32.sv): IEEE 802.3 CRC-32, reflected, advanced
 * byte by byte, not complemented (a frame and its FCS leave 0xDEBB20E3). */
#include "twin_blocks.h"

uint32_t eth_crc32(uint32_t crc, const uint8_t *data, unsigned bytes)
{
    for (unsigned i = 0; i < bytes; ++i) {
        crc ^= data[i];
        for (int b = 0; b < 8; ++b)
            crc = (crc >> 1) ^ (crc & 1 ? 0xEDB88320u : 0);
    }
    return crc;
}
