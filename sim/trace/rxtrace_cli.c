#include "rxtrace_cli.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Unsigned number with an optional k/M/G (powers of 1000) suffix. */
static int parse_u64(const char *s, uint64_t *v)
{
    char *end;
    if (!s || *s < '0' || *s > '9')
        return -1;
    errno = 0;
    unsigned long long n = strtoull(s, &end, 10);
    uint64_t scale = 1;
    if (*end == 'k' || *end == 'K') scale = 1000, end++;
    else if (*end == 'M') scale = 1000000, end++;
    else if (*end == 'G') scale = 1000000000, end++;
    if (errno || *end || n > UINT64_MAX / scale)
        return -1;
    *v = n * scale;
    return 0;
}

int rxtrace_parse_duration_ns(const char *s, uint64_t *ns)
{
    static const struct { const char *unit; uint64_t ns; } units[] = {
        {"ns", 1}, {"us", 1000}, {"ms", 1000000}, {"s", 1000000000},
        {"m", 60000000000}, {"h", 3600000000000}, {"d", 86400000000000},
    };
    char *end;
    if (!s || *s < '0' || *s > '9')
        return -1;
    errno = 0;
    unsigned long long n = strtoull(s, &end, 10);
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (strcmp(end, units[i].unit) == 0) {
            if (errno || n > UINT64_MAX / units[i].ns)
                return -1;
            *ns = n * units[i].ns;
            return 0;
        }
    return -1;
}

static int parse_double(const char *s, double *v)
{
    char *end;
    if (!s)
        return -1;
    *v = strtod(s, &end);
    return end == s || *end || !isfinite(*v) ? -1 : 0;
}

int rxtrace_option_is_timing(int code)
{
    return code == RXTRACE_OPT_SPEED || code == RXTRACE_OPT_PPS || code == RXTRACE_OPT_BPS ||
           code == RXTRACE_OPT_LINE_RATE;
}

int rxtrace_apply_option(rxtrace_options_t *opt, int code, const char *arg, char *why,
                         size_t why_len)
{
    uint64_t u;
    double d;
    const char *err = NULL;
    switch (code) {
    case RXTRACE_OPT_LINK_SPEED:
        if (parse_u64(arg, &u) || u == 0 || 8000000000000ull % u)
            err = "expected bit/s giving whole picoseconds per byte, e.g. 10G";
        else
            opt->link_bps = u;
        break;
    case RXTRACE_OPT_SPEED:
        if (parse_double(arg, &d) || d <= 0)
            err = "expected a positive factor";
        else
            opt->timing = RXTRACE_TIMING_ORIGINAL, opt->speed = d;
        break;
    case RXTRACE_OPT_PPS:
        if (parse_u64(arg, &u) || u == 0)
            err = "expected a positive packet rate";
        else
            opt->timing = RXTRACE_TIMING_PPS, opt->pps = u;
        break;
    case RXTRACE_OPT_BPS:
        if (parse_u64(arg, &u) || u == 0)
            err = "expected a positive bit rate";
        else
            opt->timing = RXTRACE_TIMING_BPS, opt->bps = u;
        break;
    case RXTRACE_OPT_LINE_RATE: opt->timing = RXTRACE_TIMING_LINE_RATE; break;
    case RXTRACE_OPT_LOOPS:
        if (parse_u64(arg, &u) || u > UINT32_MAX)
            err = "expected a count (0 = until stopped)";
        else
            opt->loops = (uint32_t)u;
        break;
    case RXTRACE_OPT_FIXLEN:
        if (arg && strcmp(arg, "auto") == 0) opt->fixlen = RXTRACE_FIXLEN_AUTO;
        else if (arg && strcmp(arg, "pad") == 0) opt->fixlen = RXTRACE_FIXLEN_PAD;
        else if (arg && strcmp(arg, "captured") == 0) opt->fixlen = RXTRACE_FIXLEN_CAPTURED;
        else if (arg && strcmp(arg, "skip") == 0) opt->fixlen = RXTRACE_FIXLEN_SKIP;
        else err = "expected auto, pad, captured or skip";
        break;
    case RXTRACE_OPT_MAX_GAP:
        if (rxtrace_parse_duration_ns(arg, &u) || u == 0)
            err = "expected a positive duration with its unit, e.g. 500us, 1s, 2h";
        else
            opt->max_gap_ns = u;
        break;
    case RXTRACE_OPT_NO_PAD: opt->pad_short = false; break;
    case RXTRACE_OPT_FCS_CORRUPT:
        if (parse_double(arg, &d) || d < 0 || d > 1)
            err = "expected a fraction between 0 and 1";
        else
            opt->fcs_corrupt = d;
        break;
    case RXTRACE_OPT_SEED:
        if (parse_u64(arg, &u))
            err = "expected a number";
        else
            opt->seed = u;
        break;
    default: err = "unknown replay option"; break;
    }
    if (err) {
        snprintf(why, why_len, "%s", err);
        return -1;
    }
    return 0;
}

void rxtrace_report_print(FILE *out, const rxtrace_report_t *r)
{
    const struct { const char *name; uint64_t value; } rows[] = {
        {"records", r->records},
        {"frames", r->frames},
        {"bytes", r->bytes},
        {"from_ethernet", r->by_link[RXTRACE_LT_ETHERNET]},
        {"from_raw_ip", r->by_link[RXTRACE_LT_RAW_IP]},
        {"from_null", r->by_link[RXTRACE_LT_NULL]},
        {"from_sll", r->by_link[RXTRACE_LT_SLL]},
        {"from_sll2", r->by_link[RXTRACE_LT_SLL2]},
        {"truncated_padded", r->trunc_padded},
        {"truncated_captured", r->trunc_captured},
        {"truncated_skipped", r->trunc_skipped},
        {"caplen_over_len", r->caplen_over_len},
        {"short_padded", r->short_padded},
        {"runts", r->runts},
        {"skipped_no_header", r->skip_no_header},
        {"skipped_too_long", r->skip_too_long},
        {"skipped_unknown_proto", r->skip_unknown_proto},
        {"skipped_outgoing", r->skip_outgoing},
        {"fcs_captured", r->fcs_captured},
        {"fcs_appended", r->fcs_appended},
        {"fcs_corrupted", r->fcs_corrupted},
        {"timestamps_clamped", r->ts_clamped},
        {"delayed_by_wire", r->delayed},
        {"passes", r->passes},
        {"end_ps", r->end_ps},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        fprintf(out, "%-22s %" PRIu64 "\n", rows[i].name, rows[i].value);
}
