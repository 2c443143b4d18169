/* rxsim-replay: shows what the wire would carry for a capture file: every
 * frame's start time, length and flags, then the replay report. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "rxtrace.h"
#include "rxtrace_cli.h"

enum { OPT_BASE = 256 };

static const char usage[] =
    "usage: rxsim-replay [options] FILE\n"
    "Replays a pcap or pcapng file into a modeled Ethernet wire and prints the\n"
    "report (counters, one per line). Link types: Ethernet as is; raw IPv4/IPv6,\n"
    "BSD loopback (NULL/LOOP) and Linux cooked (SLL, SLL2) get a synthetic\n"
    "Ethernet header. Every frame gets a correct FCS unless the capture carried one.\n"
    "\n"
    "  -f, --frames       also print each frame: index, record, start_ps, length, flags\n"
    "  -h, --help         this text\n"
    RXTRACE_OPTIONS_HELP
    "\n"
    "Exit status: 0 replayed, 2 bad options, 3 unreadable file, 4 unsupported link\n"
    "type, 5 corrupt or truncated file (the report still shows what was replayed).\n";

static const struct option long_options[] = {
    {"frames", no_argument, NULL, 'f'},
    {"help", no_argument, NULL, 'h'},
    RXTRACE_LONG_OPTIONS(OPT_BASE),
    {NULL, 0, NULL, 0},
};

int main(int argc, char **argv)
{
    rxtrace_options_t opt;
    rxtrace_options_default(&opt);
    int frames = 0, c, index = 0, timing = -1;
    char why[128];
    while ((c = getopt_long(argc, argv, "fh", long_options, &index)) != -1) {
        if (c == 'f') {
            frames = 1;
        } else if (c == 'h') {
            fputs(usage, stdout);
            return 0;
        } else if (c >= OPT_BASE && c < OPT_BASE + RXTRACE_OPT_COUNT) {
            if (rxtrace_option_is_timing(c - OPT_BASE)) {
                if (timing >= 0 && long_options[timing].val != c) {
                    fprintf(stderr, "rxsim-replay: --%s: cannot be combined with --%s: give one "
                            "of --speed, --pps, --bps, --line-rate\n",
                            long_options[index].name, long_options[timing].name);
                    return 2;
                }
                timing = index;
            }
            if (rxtrace_apply_option(&opt, c - OPT_BASE, optarg, why, sizeof why) != 0) {
                fprintf(stderr, "rxsim-replay: --%s: %s\n", long_options[index].name, why);
                return 2;
            }
        } else {
            fputs("Try 'rxsim-replay --help'.\n", stderr);
            return 2;
        }
    }
    if (optind + 1 != argc) {
        fputs("rxsim-replay: expected one FILE\nTry 'rxsim-replay --help'.\n", stderr);
        return 2;
    }
    rxtrace_error_t err;
    rxtrace_t *t = rxtrace_open(argv[optind], &opt, &err);
    if (!t) {
        fprintf(stderr, "rxsim-replay: %s\n", err.message);
        return rxtrace_exit_code(err.kind);
    }
    rxtrace_frame_t f;
    int r;
    while ((r = rxtrace_next(t, &f)) > 0)
        if (frames)
            printf("frame %" PRIu64 " record %" PRIu64 " start_ps %" PRIu64 " len %" PRIu32
                   " flags 0x%03" PRIx32 "\n",
                   f.index, f.record, f.start_ps, f.len, f.flags);
    rxtrace_report_print(stdout, rxtrace_report(t));
    int status = 0;
    if (r < 0) {
        fprintf(stderr, "rxsim-replay: %s\n", rxtrace_error(t)->message);
        status = rxtrace_exit_code(rxtrace_error(t)->kind);
    }
    rxtrace_close(t);
    return status;
}
