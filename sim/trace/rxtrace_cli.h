/* Command-line face of the replay: option names shared by rxsim-replay and
 * `rxsim run`, and the report printed after a replay. */
#ifndef RXSIM_RXTRACE_CLI_H
#define RXSIM_RXTRACE_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "rxtrace.h"

#ifdef __cplusplus
extern "C" {
#endif

enum {
    RXTRACE_OPT_LINK_SPEED, RXTRACE_OPT_SPEED, RXTRACE_OPT_PPS, RXTRACE_OPT_BPS,
    RXTRACE_OPT_LINE_RATE, RXTRACE_OPT_LOOPS, RXTRACE_OPT_FIXLEN, RXTRACE_OPT_NO_PAD,
    RXTRACE_OPT_FCS_CORRUPT, RXTRACE_OPT_SEED, RXTRACE_OPT_MAX_GAP, RXTRACE_OPT_COUNT
};

/* A duration: a number and a unit (ns, us, ms, s, m, h, d) -> *ns; 0, or -1
 * when s is not that. */
int rxtrace_parse_duration_ns(const char *s, uint64_t *ns);

/* getopt_long entries; a parsed option comes back as base + RXTRACE_OPT_*. */
#define RXTRACE_LONG_OPTIONS(base)                                        \
    {"link-speed", required_argument, NULL, (base) + RXTRACE_OPT_LINK_SPEED}, \
    {"speed", required_argument, NULL, (base) + RXTRACE_OPT_SPEED},           \
    {"pps", required_argument, NULL, (base) + RXTRACE_OPT_PPS},               \
    {"bps", required_argument, NULL, (base) + RXTRACE_OPT_BPS},               \
    {"line-rate", no_argument, NULL, (base) + RXTRACE_OPT_LINE_RATE},         \
    {"max-gap", required_argument, NULL, (base) + RXTRACE_OPT_MAX_GAP},       \
    {"loops", required_argument, NULL, (base) + RXTRACE_OPT_LOOPS},           \
    {"fixlen", required_argument, NULL, (base) + RXTRACE_OPT_FIXLEN},         \
    {"no-pad", no_argument, NULL, (base) + RXTRACE_OPT_NO_PAD},               \
    {"fcs-corrupt", required_argument, NULL, (base) + RXTRACE_OPT_FCS_CORRUPT}, \
    {"seed", required_argument, NULL, (base) + RXTRACE_OPT_SEED}

#define RXTRACE_OPTIONS_HELP                                                            \
    "Replay (wire) options:\n"                                                          \
    "  --link-speed BPS   link speed in bit/s, k/M/G suffixes (default 10G); must be a\n" \
    "                     whole number of ps per byte (10M..100G all are)\n"            \
    "  --speed F          replay at the capture's timestamps, F times faster (default 1)\n" \
    "  --pps N            instead: one frame every 1/N s\n"                             \
    "  --bps N            instead: N bit/s on the wire, preamble and gap included\n"    \
    "  --line-rate        instead: back to back at the link speed (one of these four)\n" \
    "  --max-gap D        pauses between records longer than D (capture time; ns, us,\n" \
    "                     ms, s, m, h, d: 1s, 2h) are cut to D and counted (default:\n" \
    "                     kept; a replay may last up to 53 days)\n"                    \
    "  --loops N          replay the file N times (default 1; 0 = until stopped, e.g.\n" \
    "                     by Ctrl-C); a pipe or stdin is read once\n"                  \
    "  --fixlen P         records captured shorter than they were (snaplen): auto\n"   \
    "                     (default) zero-fills to the original length when that fits\n" \
    "                     the wire (16384 B), else sends the captured bytes; pad\n"    \
    "                     always zero-fills (too long: skipped, counted); captured\n"  \
    "                     sends the captured bytes; skip drops the record (counted)\n" \
    "  --no-pad           send frames under 60 bytes as they are (runts) instead of\n"  \
    "                     zero-padding them to 60 as a sending NIC would\n"             \
    "  --fcs-corrupt F    make the FCS wrong on a fraction F of frames (default 0)\n"   \
    "  --seed N           chooses those frames (default 1)\n"

/* Applies option code (RXTRACE_OPT_*) with its argument (NULL for flags).
 * 0, or -1 with the reason in why, which does not name the option: the
 * caller's parser does ("--pps: expected a positive packet rate"). */
int rxtrace_apply_option(rxtrace_options_t *opt, int code, const char *arg, char *why,
                         size_t why_len);

/* 1 for the options that choose the timing (--speed, --pps, --bps,
 * --line-rate): a run takes one of them, the parsers refuse two. */
int rxtrace_option_is_timing(int code);

/* The report, one "name value" line per counter, for people and scripts. */
void rxtrace_report_print(FILE *out, const rxtrace_report_t *rep);

#ifdef __cplusplus
}
#endif

#endif /* RXSIM_RXTRACE_CLI_H */
