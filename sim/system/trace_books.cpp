#include "trace_books.h"

namespace rxsim {

void book_trace(const rxtrace_report_t &rep, run_results &r)
{
    r.records_in = rep.records;
    // Every way rxtrace_next() passes over a record (sim/trace/rxtrace.c).
    r.skipped = {
        {"trace", "no_header", rep.skip_no_header},
        {"trace", "unknown_proto", rep.skip_unknown_proto},
        {"trace", "outgoing", rep.skip_outgoing},
        {"trace", "too_long", rep.skip_too_long},
        {"trace", "truncated_skipped", rep.trunc_skipped},
    };
    r.trace_changes = {
        {"truncated_padded", rep.trunc_padded},     {"truncated_captured", rep.trunc_captured},
        {"caplen_over_len", rep.caplen_over_len},   {"short_padded", rep.short_padded},
        {"runts", rep.runts},                       {"fcs_corrupted", rep.fcs_corrupted},
        {"timestamps_clamped", rep.ts_clamped},     {"delayed_by_wire", rep.delayed},
        {"gaps_shortened", rep.gaps_shortened},
    };
}

} // namespace rxsim
