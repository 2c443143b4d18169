/* The replay pipeline: record -> Ethernet conversion -> length policy ->
 * FCS -> start time. One frame buffer, one record at a time. */
#include "rxtrace.h"

#include <stdlib.h>
#include <string.h>

#include "eth_fcs.h"
#include "trace_fixlen.h"
#include "trace_linktype.h"
#include "trace_source.h"
#include "trace_timing.h"

enum { STATE_RUNNING, STATE_END, STATE_ERROR };

struct rxtrace {
    char *path;
    rxtrace_options_t opt;
    trace_source_t src;
    trace_timing_t timing;
    rxtrace_report_t report;
    rxtrace_error_t error;
    int state;
    uint32_t pass;
    uint64_t pass_frames;   /* frames sent in this pass: an empty pass ends looping */
    uint64_t index;
    uint8_t frame[RXTRACE_MAX_FRAME];
};

void rxtrace_options_default(rxtrace_options_t *opt)
{
    static const uint8_t local[6] = RXTRACE_NIC_MAC;
    static const uint8_t peer[6] = RXTRACE_PEER_MAC;
    *opt = (rxtrace_options_t){
        .link_bps = 10000000000ull,
        .timing = RXTRACE_TIMING_ORIGINAL,
        .speed = 1.0,
        .pps = 0,
        .bps = 0,
        .loops = 1,
        .fixlen = RXTRACE_FIXLEN_AUTO,
        .pad_short = true,
        .fcs_corrupt = 0.0,
        .seed = 1,
    };
    memcpy(opt->local_mac, local, 6);
    memcpy(opt->peer_mac, peer, 6);
}

int rxtrace_exit_code(rxtrace_errkind_t kind)
{
    switch (kind) {
    case RXTRACE_OK: return 0;
    case RXTRACE_ERR_OPTIONS: return 2;
    case RXTRACE_ERR_UNREADABLE: return 3;
    case RXTRACE_ERR_LINKTYPE: return 4;
    case RXTRACE_ERR_CORRUPT: return 5;
    }
    return 1;
}

rxtrace_t *rxtrace_open(const char *path, const rxtrace_options_t *opt, rxtrace_error_t *err)
{
    memset(err, 0, sizeof *err);
    rxtrace_t *t = calloc(1, sizeof *t);
    char *copy = t ? strdup(path) : NULL;
    if (!copy) {
        free(t);
        trace_error_set(err, RXTRACE_ERR_UNREADABLE, path, 0, "out of memory");
        return NULL;
    }
    t->path = copy;
    t->opt = *opt;
    const char *why = NULL;
    if (!(opt->fcs_corrupt >= 0.0 && opt->fcs_corrupt <= 1.0))
        why = "FCS corruption fraction must be between 0 and 1";
    if (why || trace_timing_init(&t->timing, opt, &why) != 0) {
        trace_error_set(err, RXTRACE_ERR_OPTIONS, path, 0, "%s", why);
        rxtrace_close(t);
        return NULL;
    }
    if (trace_source_open(&t->src, t->path, err) != 0) {
        rxtrace_close(t);
        return NULL;
    }
    if (opt->loops != 1 && !t->src.rereadable) {
        trace_error_set(err, RXTRACE_ERR_OPTIONS, t->src.path, 0,
                        "--loops %u needs a file that can be read again; a pipe or stdin is "
                        "read once (--loops 1)", (unsigned)opt->loops);
        rxtrace_close(t);
        return NULL;
    }
    return t;
}

/* Same answer for the same (seed, index) whatever else the run does. */
static uint64_t splitmix64(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

static bool corrupt_this(const rxtrace_options_t *opt, uint64_t index)
{
    if (opt->fcs_corrupt <= 0.0)
        return false;
    uint64_t r = splitmix64(opt->seed ^ splitmix64(index));
    return (double)(r >> 11) * 0x1.0p-53 < opt->fcs_corrupt;
}

static int fail(rxtrace_t *t)
{
    t->state = STATE_ERROR;
    return -1;
}

/* End of file: start another pass or finish. */
static int end_of_pass(rxtrace_t *t)
{
    t->report.passes++;
    bool more = t->opt.loops == 0 || t->pass + 1 < t->opt.loops;
    if (!more || t->pass_frames == 0) {
        t->state = STATE_END;
        return 0;
    }
    trace_source_close(&t->src);
    if (trace_source_open(&t->src, t->path, &t->error) != 0)
        return fail(t);
    t->pass++;
    t->pass_frames = 0;
    trace_timing_new_pass(&t->timing);
    return 1;
}

/* Turns one record into t->frame; returns its length, or 0 if it is skipped
 * (counted). */
static uint32_t build_frame(rxtrace_t *t, const trace_record_t *rec, uint32_t *flags)
{
    rxtrace_report_t *rep = &t->report;
    uint8_t eth[ETH_HDR_LEN];
    uint32_t strip = 0;
    switch (trace_to_ethernet(t->src.link, t->src.dlt, rec->data, rec->caplen,
                              t->opt.local_mac, t->opt.peer_mac, eth, &strip)) {
    case TRACE_CONV_OK: break;
    case TRACE_CONV_NO_HEADER: rep->skip_no_header++; return 0;
    case TRACE_CONV_UNKNOWN_PROTO: rep->skip_unknown_proto++; return 0;
    case TRACE_CONV_OUTGOING: rep->skip_outgoing++; return 0;
    }
    /* Lengths as an Ethernet frame: the link header replaced by 14 bytes. */
    uint32_t eth_caplen = rec->caplen - strip + ETH_HDR_LEN;
    uint32_t eth_len = rec->len >= strip ? rec->len - strip : 0;
    eth_len = eth_len > UINT32_MAX - ETH_HDR_LEN ? UINT32_MAX : eth_len + ETH_HDR_LEN;

    trace_fix_t fix;
    switch (trace_fixlen(eth_caplen, eth_len, t->src.fcs_len, t->opt.fixlen,
                         t->opt.pad_short, &fix)) {
    case TRACE_FIX_SEND: break;
    case TRACE_FIX_SKIP_TRUNCATED: rep->trunc_skipped++; return 0;
    case TRACE_FIX_SKIP_NO_HEADER: rep->skip_no_header++; return 0;
    case TRACE_FIX_SKIP_TOO_LONG: rep->skip_too_long++; return 0;
    }
    rep->caplen_over_len += fix.caplen_over_len;

    uint8_t *f = t->frame;
    memcpy(f, eth, ETH_HDR_LEN);
    memcpy(f + ETH_HDR_LEN, rec->data + strip, fix.copy - ETH_HDR_LEN);
    memset(f + fix.copy, 0, fix.data_len - fix.copy);
    uint32_t len = fix.data_len + 4;
    if (fix.fcs_captured)
        memcpy(f + fix.data_len, rec->data + strip + fix.data_len - ETH_HDR_LEN, 4);
    else
        eth_fcs_append(f, fix.data_len);
    *flags = fix.flags;
    if (corrupt_this(&t->opt, t->index)) {
        /* From the correct FCS, so the result is wrong even when the capture's was. */
        eth_fcs_append(f, fix.data_len);
        f[fix.data_len] ^= 0xFF;
        *flags |= RXTRACE_F_FCS_CORRUPTED;
    }
    if (t->src.link != RXTRACE_LT_ETHERNET)
        *flags |= RXTRACE_F_CONVERTED;
    return len;
}

static void count_frame(rxtrace_report_t *rep, rxtrace_linkkind_t link, uint32_t len,
                        uint32_t flags)
{
    rep->frames++;
    rep->bytes += len;
    rep->by_link[link]++;
    rep->trunc_padded += !!(flags & RXTRACE_F_TRUNC_PADDED);
    rep->trunc_captured += !!(flags & RXTRACE_F_TRUNC_CAPTURED);
    rep->short_padded += !!(flags & RXTRACE_F_SHORT_PADDED);
    rep->runts += !!(flags & RXTRACE_F_RUNT);
    rep->fcs_captured += !!(flags & RXTRACE_F_FCS_CAPTURED);
    rep->fcs_appended += !(flags & RXTRACE_F_FCS_CAPTURED);
    rep->fcs_corrupted += !!(flags & RXTRACE_F_FCS_CORRUPTED);
    rep->ts_clamped += !!(flags & RXTRACE_F_TS_CLAMPED);
    rep->delayed += !!(flags & RXTRACE_F_DELAYED);
    rep->gaps_shortened += !!(flags & RXTRACE_F_GAP_SHORTENED);
}

int rxtrace_next(rxtrace_t *t, rxtrace_frame_t *frame)
{
    while (t->state == STATE_RUNNING) {
        trace_record_t rec;
        int r = trace_source_next(&t->src, &rec, &t->error);
        if (r < 0)
            return fail(t);
        if (r == 0) {
            if (end_of_pass(t) <= 0)
                break;
            continue;
        }
        t->report.records++;
        uint32_t flags = 0;
        uint32_t len = build_frame(t, &rec, &flags);
        if (len == 0)
            continue;
        uint64_t start = trace_timing_place(&t->timing, rec.ts_ns, len, &flags);
        if (start >= RXTRACE_MAX_TIME_PS) {
            /* Not in the books: like a corrupt record, it is where reading stopped. */
            t->report.records--;
            trace_error_set(&t->error, RXTRACE_ERR_CORRUPT, t->path, t->src.record,
                            "starts more than %.0f days into the replay, the most rxsim "
                            "simulates (a pause in the capture, or its clock stepped); "
                            "--max-gap shortens pauses, e.g. --max-gap 1s",
                            (double)RXTRACE_MAX_TIME_PS / 86400e12);
            return fail(t);
        }
        *frame = (rxtrace_frame_t){
            .start_ps = start,
            .end_ps = t->timing.wire_free_ps,
            .data = t->frame,
            .len = len,
            .record = t->src.record,
            .index = t->index++,
            .pass = t->pass,
            .flags = flags,
        };
        t->pass_frames++;
        count_frame(&t->report, t->src.link, len, flags);
        t->report.end_ps = t->timing.wire_free_ps;
        return 1;
    }
    return t->state == STATE_ERROR ? -1 : 0;
}

const rxtrace_report_t *rxtrace_report(const rxtrace_t *t) { return &t->report; }

const rxtrace_error_t *rxtrace_error(const rxtrace_t *t) { return &t->error; }

void rxtrace_close(rxtrace_t *t)
{
    if (!t)
        return;
    trace_source_close(&t->src);
    free(t->path);
    free(t);
}
