/* libFuzzer harness: any bytes as a capture file, replayed to the end with
 * options that exercise every path (conversion, padding, corruption, loops). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rxtrace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    if (!path[0])
        snprintf(path, sizeof path, "/tmp/rxtrace_fuzz_%ld.pcap", (long)getpid());
    FILE *fp = fopen(path, "wb");
    if (!fp)
        abort();
    if (size && fwrite(data, 1, size, fp) != size)
        abort();
    fclose(fp);

    rxtrace_options_t opt;
    rxtrace_options_default(&opt);
    /* The last two input bytes pick the policy, so the fuzzer explores them all. */
    uint8_t knob = size ? data[size - 1] : 0;
    uint8_t knob2 = size > 1 ? data[size - 2] : 0;
    opt.fixlen = (rxtrace_fixlen_t)(knob2 % 4);
    opt.max_gap_ns = (knob2 & 4) ? 1000 : 0;
    opt.pad_short = (knob & 4) != 0;
    opt.timing = (rxtrace_timing_t)((knob >> 3) % 4);
    opt.pps = 1000000;
    opt.bps = 1000000000;
    opt.speed = (knob & 0x20) ? 0.5 : 3.0;
    opt.loops = (knob & 0x40) ? 2 : 1;
    opt.fcs_corrupt = (knob & 0x80) ? 0.5 : 0.0;

    rxtrace_error_t err;
    rxtrace_t *t = rxtrace_open(path, &opt, &err);
    if (!t) {
        if (err.message[0] == '\0' || rxtrace_exit_code(err.kind) < 2)
            abort(); /* every failure must say why */
        return 0;
    }
    rxtrace_frame_t f;
    uint64_t prev_end = 0;
    int r;
    while ((r = rxtrace_next(t, &f)) > 0) {
        if (f.len < 18 || f.len > RXTRACE_MAX_FRAME || f.start_ps < prev_end)
            abort();
        prev_end = f.end_ps;
    }
    if (r < 0 && strstr(rxtrace_error(t)->message, "record") == NULL)
        abort(); /* read errors name the record */
    /* The books: every record read is a frame or one named skip. */
    const rxtrace_report_t *rep = rxtrace_report(t);
    if (rep->records != rep->frames + rep->skip_no_header + rep->skip_unknown_proto +
                            rep->skip_outgoing + rep->skip_too_long + rep->trunc_skipped)
        abort();
    rxtrace_close(t);
    return 0;
}
