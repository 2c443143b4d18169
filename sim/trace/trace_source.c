#include "trace_source.h"

#include <errno.h>
#include <pcap.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "trace_linktype.h"

void trace_error_set(rxtrace_error_t *err, rxtrace_errkind_t kind, const char *path,
                     uint64_t record, const char *fmt, ...)
{
    char text[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    err->kind = kind;
    err->record = record;
    if (record > 0)
        snprintf(err->message, sizeof err->message, "%s: record %llu: %s", path,
                 (unsigned long long)record, text);
    else
        snprintf(err->message, sizeof err->message, "%s: %s", path, text);
}

int trace_source_open(trace_source_t *s, const char *path, rxtrace_error_t *err)
{
    memset(s, 0, sizeof *s);
    bool from_stdin = strcmp(path, "-") == 0;
    s->path = path = from_stdin ? "stdin" : path;
    /* fopen first: a file we cannot open is a different failure (and exit code)
     * from a file libpcap cannot parse. */
    FILE *fp = from_stdin ? stdin : fopen(path, "rb");
    if (!fp) {
        trace_error_set(err, RXTRACE_ERR_UNREADABLE, path, 0, "cannot open: %s",
                        strerror(errno));
        return -1;
    }
    struct stat st;
    s->rereadable = !from_stdin && fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode);
    errno = 0;
    int first = getc(fp);
    if (first == EOF) {
        int read_error = ferror(fp) ? errno : 0;
        fclose(fp);
        if (read_error)
            trace_error_set(err, RXTRACE_ERR_UNREADABLE, path, 0, "cannot read: %s",
                            strerror(read_error));
        else
            trace_error_set(err, RXTRACE_ERR_CORRUPT, path, 0,
                            "empty file (0 bytes): not a pcap or pcapng capture");
        return -1;
    }
    ungetc(first, fp);

    char errbuf[PCAP_ERRBUF_SIZE] = "";
    s->pcap = pcap_fopen_offline_with_tstamp_precision(fp, PCAP_TSTAMP_PRECISION_NANO, errbuf);
    if (!s->pcap) {
        fclose(fp); /* libpcap leaves fp to the caller when it fails */
        trace_error_set(err, RXTRACE_ERR_CORRUPT, path, 0, "%s", errbuf);
        return -1;
    }
    s->dlt = pcap_datalink(s->pcap);
    if (trace_link_kind(s->dlt, &s->link) != 0) {
        char name[64];
        trace_linktype_name(trace_linktype_of_dlt(s->dlt), name, sizeof name);
        trace_error_set(err, RXTRACE_ERR_LINKTYPE, path, 0, "link type %s is not supported; supported: %s",
                        name, trace_link_supported());
        trace_source_close(s);
        return -1;
    }
    /* libpcap gives a pcap file major version 2, a pcapng file its section's 1. */
    s->secs32 = pcap_major_version(s->pcap) == 2;
    int ext = pcap_datalink_ext(s->pcap);
    if (ext != -1 && LT_FCS_LENGTH_PRESENT(ext))
        s->fcs_len = 2u * (uint32_t)LT_FCS_LENGTH(ext); /* field counts 16-bit words */
    return 0;
}

/* Seconds since 1970 of a record. A pcap file's field is an unsigned 32-bit
 * count that libpcap (1.10, sf-pcap.c) reads as signed and sign-extends: from
 * 2038-01-19 03:14:08 UTC it comes out negative, so only its 32 bits are
 * taken. At 2106-02-07 06:28:16 UTC the field wraps to 0: a step back of more
 * than 2^31 s (68 years) from the previous record is taken as that wrap, not
 * as a clock going backwards. pcapng's 64-bit timestamps need neither. */
static uint64_t record_seconds(trace_source_t *s, long long tv_sec)
{
    if (!s->secs32)
        return tv_sec < 0 ? 0 : (uint64_t)tv_sec;
    uint32_t sec = (uint32_t)tv_sec;
    if (s->record > 1 && sec < s->last_sec32 && s->last_sec32 - sec > UINT32_C(0x80000000))
        s->sec_wraps++;
    s->last_sec32 = sec;
    return (s->sec_wraps << 32) + sec;
}

int trace_source_next(trace_source_t *s, trace_record_t *rec, rxtrace_error_t *err)
{
    struct pcap_pkthdr *hdr;
    const u_char *data;
    int r = pcap_next_ex(s->pcap, &hdr, &data);
    if (r == PCAP_ERROR_BREAK)
        return 0;
    s->record++;
    if (r != 1) {
        const char *why = pcap_geterr(s->pcap);
        /* libpcap reads pcapng interfaces lazily and refuses one whose link
         * type differs from the first: that is a link-type limit, not corruption. */
        unsigned other;
        if (sscanf(why, "an interface has a type %u different from the type of the first interface",
                   &other) == 1) {
            char first[64], second[64];
            trace_linktype_name(trace_linktype_of_dlt(s->dlt), first, sizeof first);
            trace_linktype_name((int)other, second, sizeof second);
            trace_error_set(err, RXTRACE_ERR_LINKTYPE, s->path, s->record,
                            "the capture's interfaces have two link types, %s first and then %s; "
                            "rxsim replays one link type per file: split it by interface "
                            "(tshark -r FILE -Y 'frame.interface_id == N' -w PART)",
                            first, second);
            return -1;
        }
        trace_error_set(err, RXTRACE_ERR_CORRUPT, s->path, s->record, "%s", why);
        return -1;
    }
    /* Opened with nanosecond precision: tv_usec holds nanoseconds. */
    rec->ts_ns = record_seconds(s, hdr->ts.tv_sec) * 1000000000u + (uint64_t)hdr->ts.tv_usec;
    rec->caplen = hdr->caplen;
    rec->len = hdr->len;
    rec->data = data;
    return 1;
}

void trace_source_close(trace_source_t *s)
{
    if (s->pcap)
        pcap_close(s->pcap);
    s->pcap = NULL;
}
