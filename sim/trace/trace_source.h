/* The capture file as a stream of records, through libpcap: opening,
 * link-type check, FCS length, and errors that name the file and record. */
#ifndef RXSIM_TRACE_SOURCE_H
#define RXSIM_TRACE_SOURCE_H

#include <stdbool.h>
#include <stdint.h>

#include "rxtrace.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    uint64_t ts_ns;       /* capture timestamp, nanoseconds */
    uint32_t caplen;      /* bytes present at data */
    uint32_t len;         /* bytes the packet had on the capturing link */
    const uint8_t *data;  /* valid until the next trace_source_next */
} trace_record_t;

typedef struct {
    struct pcap *pcap;
    const char *path;
    uint64_t record;          /* number of the last record returned, 1-based */
    int dlt;                  /* libpcap DLT_ value of the file */
    rxtrace_linkkind_t link;
    uint32_t fcs_len;         /* bytes of FCS at the end of each record, 0 if none */
    bool rereadable;          /* a regular file: another pass can open it again */
    bool secs32;              /* pcap (not pcapng): seconds are 32 bits in the file */
    uint32_t last_sec32;      /* pcap: the previous record's seconds field */
    uint64_t sec_wraps;       /* pcap: times those seconds wrapped (2106-02-07) */
} trace_source_t;

/* 0, or -1 with *err filled in. path must outlive the source; "-" is the
 * standard input (named "stdin" in errors). A pipe or FIFO is read once. */
int trace_source_open(trace_source_t *s, const char *path, rxtrace_error_t *err);

/* 1: *rec filled; 0: end of file; -1: *err filled in. */
int trace_source_next(trace_source_t *s, trace_record_t *rec, rxtrace_error_t *err);

void trace_source_close(trace_source_t *s);

/* Fills *err with kind, record and "PATH: [record N: ]text". */
void trace_error_set(rxtrace_error_t *err, rxtrace_errkind_t kind, const char *path,
                     uint64_t record, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

#ifdef __cplusplus
}
#endif

#endif /* RXSIM_TRACE_SOURCE_H */
