// The books start at the file: the trace reader's counts of what it read
// (rxtrace_report_t) as run_results' records, skips and changes.
#ifndef RXSIM_TRACE_BOOKS_H
#define RXSIM_TRACE_BOOKS_H

#include "results.h"
#include "rxtrace.h"

namespace rxsim {

// Fills r.records_in, r.skipped (every trace.<reason>, zeros too) and
// r.trace_changes. r.packets_in is the ledger's own count of the frames put
// on the wire, so records_accounted(r) checks the reader against the wire.
void book_trace(const rxtrace_report_t &rep, run_results &r);

} // namespace rxsim

#endif
