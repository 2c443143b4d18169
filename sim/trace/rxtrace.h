/* Trace replay into the modeled wire: a pcap/pcapng file in, one Ethernet
 * frame at a time out, each with the picosecond time its preamble starts.
 *
 *   rxtrace_options_t o;
 *   rxtrace_options_default(&o);            // then change what you need
 *   rxtrace_error_t err;
 *   rxtrace_t *t = rxtrace_open("in.pcap", &o, &err);
 *   if (!t) { fprintf(stderr, "%s\n", err.message); exit(rxtrace_exit_code(err.kind)); }
 *   rxtrace_frame_t f;
 *   int r;
 *   while ((r = rxtrace_next(t, &f)) > 0) drive_wire(f.start_ps, f.data, f.len);
 *   report(rxtrace_report(t));               // what was replayed, even after an error
 *   if (r < 0) { ... rxtrace_error(t) ... }
 *   rxtrace_close(t);
 *
 * Streaming: one record is held at a time, so memory does not grow with the
 * file. Semantics (link types, lengths, FCS, timing) are in sim/trace/README.md. */
#ifndef RXSIM_RXTRACE_H
#define RXSIM_RXTRACE_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Shortest frame a sending NIC puts on the wire, FCS excluded (64 with it). */
#define RXTRACE_MIN_FRAME 60u
/* Longest frame the wire carries, FCS included; longer records are skipped.
 * Covers 9018-byte jumbo frames with room to spare for oversize tests. */
#define RXTRACE_MAX_FRAME 16384u
/* Wire overhead per frame: preamble + SFD before it, inter-frame gap after. */
#define RXTRACE_PREAMBLE_BYTES 8u
#define RXTRACE_IFG_BYTES 12u
/* Times are picoseconds in 64 bits; a frame may not start later than this
 * (2^62 ps, about 53 days of replay): the reader stops with an error at the
 * first that would, and --max-gap shortens the pauses that push it there. */
#define RXTRACE_MAX_TIME_PS (UINT64_C(1) << 62)
/* A frame pushed later by less than this (capture timestamps have 1 ns
 * resolution at best) is not flagged or counted as delayed. */
#define RXTRACE_DELAY_TOLERANCE_PS 1000u

/* Documented defaults, shared with the generator and the simulator: the NIC
 * under test and the host that sends to it. */
#define RXTRACE_NIC_MAC {0x02, 0x00, 0x00, 0x00, 0x00, 0x01}
#define RXTRACE_PEER_MAC {0x02, 0x00, 0x00, 0x00, 0x00, 0x02}
#define RXTRACE_OTHER_MAC {0x02, 0x00, 0x00, 0x00, 0x00, 0x03}
#define RXTRACE_NIC_IP 0x0A000001u  /* 10.0.0.1 */
#define RXTRACE_PEER_IP 0x0A000002u /* 10.0.0.2 */

typedef enum {
    RXTRACE_TIMING_ORIGINAL,   /* capture timestamps relative to the first, / speed */
    RXTRACE_TIMING_PPS,        /* frame i starts at i / pps */
    RXTRACE_TIMING_BPS,        /* wire bits (preamble..IFG) paced at bps */
    RXTRACE_TIMING_LINE_RATE,  /* back to back at the link speed */
} rxtrace_timing_t;

/* Records whose captured length is below their original length (tcpreplay's
 * fixlen idea). */
typedef enum {
    RXTRACE_FIXLEN_AUTO,     /* PAD when the original length fits the wire
                                (RXTRACE_MAX_FRAME), else CAPTURED (default) */
    RXTRACE_FIXLEN_PAD,      /* zero-fill up to the original length; longer than
                                the wire carries: skipped (counted) */
    RXTRACE_FIXLEN_CAPTURED, /* replay only the captured bytes */
    RXTRACE_FIXLEN_SKIP,     /* drop the record (counted) */
} rxtrace_fixlen_t;

typedef struct {
    uint64_t link_bps;        /* link speed; 8e12 / link_bps must be whole ps per byte */
    rxtrace_timing_t timing;
    double speed;             /* ORIGINAL only: 2.0 replays twice as fast */
    uint64_t pps;             /* PPS only */
    uint64_t bps;             /* BPS only: counts preamble, frame, FCS and IFG */
    uint64_t max_gap_ns;      /* ORIGINAL only: longer pauses between records are
                                 shortened to this (capture time); 0 = none */
    uint32_t loops;           /* passes over the file; 0 = until the caller stops */
    rxtrace_fixlen_t fixlen;
    bool pad_short;           /* pad frames below 60 bytes (true) or let runts through */
    double fcs_corrupt;       /* fraction of frames whose FCS is made wrong, 0..1 */
    uint64_t seed;            /* chooses which frames get a corrupted FCS */
    uint8_t local_mac[6];     /* destination of synthetic headers (packets to us) */
    uint8_t peer_mac[6];      /* source of synthetic headers when the capture has none */
} rxtrace_options_t;

/* Frame flags. */
enum {
    RXTRACE_F_CONVERTED = 1u << 0,   /* Ethernet header synthesized from another link type */
    RXTRACE_F_TRUNC_PADDED = 1u << 1,/* captured short, zero-filled to the original length */
    RXTRACE_F_TRUNC_CAPTURED = 1u << 2, /* captured short, sent as captured (shorter) */
    RXTRACE_F_SHORT_PADDED = 1u << 3, /* below 60 bytes, zero-filled to 60 */
    RXTRACE_F_RUNT = 1u << 4,        /* below 60 bytes + FCS and left so (pad_short off) */
    RXTRACE_F_FCS_CAPTURED = 1u << 5,/* FCS is the one the capture carried */
    RXTRACE_F_FCS_CORRUPTED = 1u << 6,/* FCS deliberately wrong */
    RXTRACE_F_TS_CLAMPED = 1u << 7,  /* capture timestamp went backwards */
    RXTRACE_F_DELAYED = 1u << 8,     /* started >= 1 ns later than scheduled: wire busy */
    RXTRACE_F_GAP_SHORTENED = 1u << 9,/* the pause before it was cut to max_gap_ns */
};

typedef struct {
    uint64_t start_ps;   /* first bit of the preamble */
    uint64_t end_ps;     /* start + (8 + len + 12) bytes at the link speed */
    const uint8_t *data; /* DA .. FCS; valid until the next rxtrace_next/close */
    uint32_t len;        /* bytes at data, FCS included */
    uint64_t record;     /* 1-based record number in the file (per pass) */
    uint64_t index;      /* 0-based replay index over all passes: the packet id */
    uint32_t pass;       /* 0-based pass number (loops) */
    uint32_t flags;      /* RXTRACE_F_* */
} rxtrace_frame_t;

/* Link types the reader accepts. */
typedef enum {
    RXTRACE_LT_ETHERNET,
    RXTRACE_LT_RAW_IP,   /* DLT_RAW, LINKTYPE_IPV4, LINKTYPE_IPV6 */
    RXTRACE_LT_NULL,     /* BSD loopback: DLT_NULL, DLT_LOOP */
    RXTRACE_LT_SLL,      /* Linux cooked v1 */
    RXTRACE_LT_SLL2,     /* Linux cooked v2 */
    RXTRACE_LT_COUNT
} rxtrace_linkkind_t;

typedef struct {
    uint64_t records;            /* records read from the file, all passes */
    uint64_t frames;             /* frames handed to the wire */
    uint64_t bytes;              /* their bytes, FCS included */
    uint64_t by_link[RXTRACE_LT_COUNT]; /* frames per source link type */
    uint64_t trunc_padded;       /* caplen < len, zero-filled (fixlen pad) */
    uint64_t trunc_captured;     /* caplen < len, sent short (fixlen captured) */
    uint64_t trunc_skipped;      /* caplen < len, skipped (fixlen skip) */
    uint64_t caplen_over_len;    /* caplen > len: len taken as caplen */
    uint64_t short_padded;       /* padded to 60 bytes */
    uint64_t runts;              /* below 64 bytes with FCS, left so */
    uint64_t skip_no_header;     /* too short for its link-layer / Ethernet header */
    uint64_t skip_too_long;      /* longer than RXTRACE_MAX_FRAME */
    uint64_t skip_unknown_proto; /* no ethertype for it (address family, SLL protocol) */
    uint64_t skip_outgoing;      /* SLL/SLL2 packets the capturing host sent */
    uint64_t fcs_captured;       /* FCS kept from the capture */
    uint64_t fcs_appended;       /* FCS computed and appended */
    uint64_t fcs_corrupted;      /* FCS deliberately wrong */
    uint64_t ts_clamped;         /* timestamps earlier than the previous one */
    uint64_t delayed;            /* frames the busy wire pushed >= 1 ns later */
    uint64_t gaps_shortened;     /* pauses cut to max_gap_ns */
    uint32_t passes;             /* passes completed */
    uint64_t end_ps;             /* when the last frame's IFG ends */
} rxtrace_report_t;

typedef enum {
    RXTRACE_OK = 0,
    RXTRACE_ERR_OPTIONS,     /* options out of range */
    RXTRACE_ERR_UNREADABLE,  /* cannot open or read the file */
    RXTRACE_ERR_LINKTYPE,    /* link type not supported */
    RXTRACE_ERR_CORRUPT,     /* not a capture, corrupt or truncated */
} rxtrace_errkind_t;

typedef struct {
    rxtrace_errkind_t kind;
    uint64_t record;         /* record number the error is about, 0 = file header */
    char message[512];       /* "FILE: record N: what" */
} rxtrace_error_t;

typedef struct rxtrace rxtrace_t;

void rxtrace_options_default(rxtrace_options_t *opt);

/* NULL on error, with *err filled in (err may not be NULL). */
rxtrace_t *rxtrace_open(const char *path, const rxtrace_options_t *opt,
                        rxtrace_error_t *err);

/* 1: *frame filled; 0: end of replay; -1: error (rxtrace_error). After 0 or -1
 * it keeps returning the same value. */
int rxtrace_next(rxtrace_t *t, rxtrace_frame_t *frame);

const rxtrace_report_t *rxtrace_report(const rxtrace_t *t);
const rxtrace_error_t *rxtrace_error(const rxtrace_t *t);
void rxtrace_close(rxtrace_t *t);

/* Process exit code for an error kind: 0 ok, 2 options, 3 unreadable,
 * 4 unsupported link type, 5 corrupt or truncated file. */
int rxtrace_exit_code(rxtrace_errkind_t kind);

#ifdef __cplusplus
}
#endif

#endif /* RXSIM_RXTRACE_H */
