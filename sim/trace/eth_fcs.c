#include "eth_fcs.h"

#include <threads.h>

/* Slicing-by-8: table[k][v] is the CRC register after byte v and k zero
 * bytes, so eight bytes take eight lookups and no serial byte loop. 8 KiB,
 * built once (sweeps and checks run simulations on several threads). */
static uint32_t fcs_table[8][256];
static once_flag fcs_table_once = ONCE_FLAG_INIT;

static void fcs_table_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c & 1u) ? (c >> 1) ^ 0xEDB88320u : c >> 1;
        fcs_table[0][i] = c;
    }
    for (uint32_t i = 0; i < 256; i++)
        for (int k = 1; k < 8; k++)
            fcs_table[k][i] = (fcs_table[k - 1][i] >> 8) ^ fcs_table[0][fcs_table[k - 1][i] & 0xFFu];
}

uint32_t eth_crc32_update(uint32_t crc, const uint8_t *data, size_t len)
{
    call_once(&fcs_table_once, fcs_table_init);
    const uint32_t(*t)[256] = fcs_table;
    for (; len >= 8; len -= 8, data += 8) {
        const uint32_t lo = crc ^ ((uint32_t)data[0] | (uint32_t)data[1] << 8 | (uint32_t)data[2] << 16 |
                                   (uint32_t)data[3] << 24);
        crc = t[7][lo & 0xFFu] ^ t[6][(lo >> 8) & 0xFFu] ^ t[5][(lo >> 16) & 0xFFu] ^ t[4][lo >> 24] ^
              t[3][data[4]] ^ t[2][data[5]] ^ t[1][data[6]] ^ t[0][data[7]];
    }
    for (; len > 0; len--, data++)
        crc = t[0][(crc ^ *data) & 0xFFu] ^ (crc >> 8);
    return crc;
}

uint32_t eth_fcs(const uint8_t *data, size_t len)
{
    return eth_crc32_update(0xFFFFFFFFu, data, len) ^ 0xFFFFFFFFu;
}

void eth_fcs_append(uint8_t *frame, size_t len)
{
    uint32_t fcs = eth_fcs(frame, len);
    for (int i = 0; i < 4; i++)
        frame[len + (size_t)i] = (uint8_t)(fcs >> (8 * i));
}
