/* rx_byte_packer (hw/rtl/rx_byte_packer.sv): a frame's bytes into the RX
 * FIFO's 16-byte words; only a frame's last word is partial, and end comes
 * the cycle after it. The bytes of a word past its count are what the RTL
 * leaves there (the FIFO stores, and the DMA writes, whole words). */
#include <string.h>

#include "twin_blocks.h"

void rx_byte_packer_reset(struct rx_byte_packer *p)
{
    const unsigned n = p->in_bytes_max;
    memset(p, 0, sizeof *p);
    p->in_bytes_max = n;
}

bool rx_byte_packer_idle(const struct rx_byte_packer *p)
{
    return !p->flush_q && !p->end_pend_q && !p->out_valid_q && !p->out_end_q && p->fill_q == 0;
}

void rx_byte_packer_next(struct rx_byte_packer *p, bool in_valid, const uint8_t *in_data, unsigned in_bytes,
                         bool in_retract, bool in_last)
{
    uint8_t ext[24] = {0};
    if (in_valid) { /* the buffer's bytes past fill_q are not part of it */
        memcpy(ext, p->buf_q, p->fill_q);
        memcpy(ext + p->fill_q, in_data, p->in_bytes_max);
    }
    const unsigned total = (p->fill_q + in_bytes - (in_retract ? 4u : 0u)) & 31u;

    const bool was_valid_last = p->out_valid_q && p->out_last_q;
    p->out_valid_q = false;
    p->out_end_q = was_valid_last || p->end_pend_q;
    p->end_pend_q = false;
    if (p->flush_q) {
        p->out_valid_q = true;
        memcpy(p->out_data_q, p->buf_q, 16);
        p->out_bytes_q = p->fill_q;
        p->out_last_q = true;
        memset(p->buf_q, 0, 16);
        p->fill_q = 0;
        p->flush_q = false;
        p->open_q = false;
    } else if (in_valid) {
        if (total >= 16) {
            p->out_valid_q = true;
            memcpy(p->out_data_q, ext, 16);
            p->out_bytes_q = 16;
            p->out_last_q = in_last && total == 16;
            memset(p->buf_q, 0, 16);
            memcpy(p->buf_q, ext + 16, p->in_bytes_max);
            p->fill_q = total & 15u;
            p->flush_q = in_last && total != 16;
            p->open_q = !(in_last && total == 16);
        } else if (in_last) {
            p->out_valid_q = total != 0;
            memcpy(p->out_data_q, ext, 16);
            p->out_bytes_q = total;
            p->out_last_q = true;
            p->end_pend_q = total == 0 && p->open_q;
            memset(p->buf_q, 0, 16);
            p->fill_q = 0;
            p->open_q = false;
        } else {
            memcpy(p->buf_q, ext, 16);
            p->fill_q = total;
        }
    }
}
