#include "eth_fcs.h"

/* One table of 256 entries, built on first use: 1 KiB, and the byte-at-a-time
 * loop is fast enough for trace replay. */
static uint32_t fcs_table[256];
static int fcs_table_ready;

static void fcs_table_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c & 1u) ? (c >> 1) ^ 0xEDB88320u : c >> 1;
        fcs_table[i] = c;
    }
    fcs_table_ready = 1;
}

uint32_t eth_fcs(const uint8_t *data, size_t len)
{
    if (!fcs_table_ready)
        fcs_table_init();
    uint32_t crc = 0xFFFFFFFFu;
    for (size_t i = 0; i < len; i++)
        crc = fcs_table[(crc ^ data[i]) & 0xFFu] ^ (crc >> 8);
    return crc ^ 0xFFFFFFFFu;
}

void eth_fcs_append(uint8_t *frame, size_t len)
{
    uint32_t fcs = eth_fcs(frame, len);
    for (int i = 0; i < 4; i++)
        frame[len + (size_t)i] = (uint8_t)(fcs >> (8 * i));
}
