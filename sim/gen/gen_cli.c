/* The generator's command line (see --help): options in, pcap file out. */
#include "gen_cli.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen_traffic.h"
#include "rxtrace.h"

/* After "usage: PROG -o FILE [options]". */
static const char usage[] =
    "Writes a pcap file (Ethernet, nanosecond timestamps, frames without FCS, short\n"
    "frames zero-padded to 60 bytes as a sending NIC does) for rxsim to replay.\n"
    "The same options and seed always give the same bytes.\n"
    "\n"
    "Defaults: frames go from 02:00:00:00:00:02 / 10.0.0.2 (the peer) to the NIC\n"
    "02:00:00:00:00:01 / host 10.0.0.1; first timestamp 2026-01-01T00:00:00Z.\n"
    "\n"
    "  -o, --output FILE       pcap file to write (required)\n"
    "  -n, --count N           packets to generate (default 1000); a fragmented\n"
    "                          datagram is one packet written as several frames\n"
    "  -s, --size N|imix       frame size on the wire, FCS included, 64..16384\n"
    "                          (default 64); imix: 64/594/1518 at 7:4:1, drawn per packet\n"
    "  -r, --rate PPS          frames per second (default 100000; k/M/G suffixes)\n"
    "      --line-rate         frames back to back at the link speed instead\n"
    "      --link-speed BPS    link speed (default 10G); no frame starts before the\n"
    "                          previous one, with its 8 B preamble and 12 B gap, ends\n"
    "      --burst ON:OFF      send for ON microseconds, then pause OFF microseconds\n"
    "      --flows N           UDP flows, source ports 10000..10000+N-1 (default 1)\n"
    "      --ports P[,P...]    UDP destination ports (default 9000); flow k goes to\n"
    "                          the (k mod count)-th port\n"
    "      --tcp F             fraction of packets that are TCP segments of one\n"
    "                          connection 10.0.0.2:40000 -> 10.0.0.1:PORT (ACK|PSH), in\n"
    "                          sequence order unless --tcp-loss or --tcp-reorder\n"
    "      --tcp-port PORT     TCP destination port (default 5001)\n"
    "      --tcp-psh N         PSH on every Nth TCP segment only, as a sender ends\n"
    "                          each write (default 1: on every segment; GRO ends a\n"
    "                          super-packet at PSH)\n"
    "      --tcp-loss F        fraction of TCP segments never sent: a hole in the\n"
    "                          sequence space that stays (no retransmission)\n"
    "      --tcp-reorder F     fraction of TCP segments sent after the next segment\n"
    "                          instead of before it (drawn with --seed; never the\n"
    "                          first, which a receiver takes for the stream's start)\n"
    "      --ip6 SRC,DST       IPv6: UDP packets (--ip6-fraction of them) and the TCP\n"
    "                          connection go from SRC to DST over IPv6 (no extension\n"
    "                          headers; UDP and TCP checksums over the RFC 8200\n"
    "                          pseudo-header), e.g. --ip6 2001:db8::2,2001:db8::1;\n"
    "                          --multicast goes to DST's solicited-node group\n"
    "                          ff02::1:ffXX:XXXX (33:33:ff:XX:XX:XX), --broadcast to\n"
    "                          all-nodes ff02::1 (33:33:00:00:00:01); IPv6 packets are\n"
    "                          never fragmented, runts or oversize\n"
    "      --ip6-fraction F    fraction of UDP packets sent over IPv6 with --ip6\n"
    "                          (default 1; the others stay IPv4)\n"
    "      --arp F             fraction of packets that are broadcast ARP requests\n"
    "                          who-has 10.0.0.1 tell 10.0.0.2\n"
    "      --frag N            split UDP datagrams into up to N IPv4 fragments (2..16;\n"
    "                          every fragment but the last carries a multiple of 8 bytes)\n"
    "      --frag-order O      in (default), reverse, or overlap (in order, each fragment\n"
    "                          repeating the previous one's last 8 bytes)\n"
    "      --frag-fraction F   fraction of UDP datagrams fragmented (default 1)\n"
    "      --vlan VID          tag frames with an 802.1Q tag (VLAN 0..4095)\n"
    "      --qinq SVID:CVID    tag frames with an 802.1ad outer and an 802.1Q inner tag\n"
    "      --tag-fraction F    fraction of packets tagged, every frame of a fragmented\n"
    "                          one alike (default 1)\n"
    "      --bad-ip-csum F     fraction of IPv4 packets with a wrong header checksum\n"
    "      --bad-l4-csum F     fraction of UDP/TCP packets with a wrong checksum\n"
    "      --other-unicast F   fraction of UDP packets to another host's MAC\n"
    "                          02:00:00:00:00:03 (IP still 10.0.0.1)\n"
    "      --multicast F       fraction of UDP packets to 239.1.1.1 (01:00:5e:01:01:01)\n"
    "      --broadcast F       fraction of UDP packets to 255.255.255.255 (ff:ff:...)\n"
    "      --runt F            fraction of UDP packets sent as 48-byte runts (2-byte\n"
    "                          payload, not padded; they reach the MAC as runts only\n"
    "                          when replayed without padding)\n"
    "      --oversize F        fraction of UDP packets sent as 2000-byte frames\n"
    "      --seed N            random seed for every fraction and IMIX (default 1)\n"
    "  -q, --quiet             do not print the summary\n"
    "  -h, --help              this text\n"
    "\n"
    "Prints a summary of what was written. Exit status: 0 written, 2 bad options,\n"
    "3 the file could not be written.\n";

enum {
    OPT_LINE_RATE = 256, OPT_LINK_SPEED, OPT_BURST, OPT_FLOWS, OPT_PORTS, OPT_TCP,
    OPT_TCP_PORT, OPT_ARP, OPT_FRAG, OPT_FRAG_ORDER, OPT_FRAG_FRACTION, OPT_VLAN, OPT_QINQ,
    OPT_TAG_FRACTION, OPT_BAD_IP, OPT_BAD_L4, OPT_OTHER, OPT_MCAST, OPT_BCAST, OPT_RUNT,
    OPT_OVERSIZE, OPT_SEED, OPT_TCP_LOSS, OPT_TCP_REORDER, OPT_TCP_PSH, OPT_IP6, OPT_IP6_FRACTION,
};

static const struct option long_options[] = {
    {"output", required_argument, NULL, 'o'},
    {"count", required_argument, NULL, 'n'},
    {"size", required_argument, NULL, 's'},
    {"rate", required_argument, NULL, 'r'},
    {"line-rate", no_argument, NULL, OPT_LINE_RATE},
    {"link-speed", required_argument, NULL, OPT_LINK_SPEED},
    {"burst", required_argument, NULL, OPT_BURST},
    {"flows", required_argument, NULL, OPT_FLOWS},
    {"ports", required_argument, NULL, OPT_PORTS},
    {"tcp", required_argument, NULL, OPT_TCP},
    {"tcp-port", required_argument, NULL, OPT_TCP_PORT},
    {"ip6", required_argument, NULL, OPT_IP6},
    {"ip6-fraction", required_argument, NULL, OPT_IP6_FRACTION},
    {"arp", required_argument, NULL, OPT_ARP},
    {"frag", required_argument, NULL, OPT_FRAG},
    {"frag-order", required_argument, NULL, OPT_FRAG_ORDER},
    {"frag-fraction", required_argument, NULL, OPT_FRAG_FRACTION},
    {"vlan", required_argument, NULL, OPT_VLAN},
    {"qinq", required_argument, NULL, OPT_QINQ},
    {"tag-fraction", required_argument, NULL, OPT_TAG_FRACTION},
    {"bad-ip-csum", required_argument, NULL, OPT_BAD_IP},
    {"bad-l4-csum", required_argument, NULL, OPT_BAD_L4},
    {"other-unicast", required_argument, NULL, OPT_OTHER},
    {"multicast", required_argument, NULL, OPT_MCAST},
    {"broadcast", required_argument, NULL, OPT_BCAST},
    {"runt", required_argument, NULL, OPT_RUNT},
    {"oversize", required_argument, NULL, OPT_OVERSIZE},
    {"tcp-loss", required_argument, NULL, OPT_TCP_LOSS},
    {"tcp-reorder", required_argument, NULL, OPT_TCP_REORDER},
    {"tcp-psh", required_argument, NULL, OPT_TCP_PSH},
    {"seed", required_argument, NULL, OPT_SEED},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

int gen_cli_option_kind(const char *name)
{
    for (const struct option *o = long_options; o->name; o++)
        if (strcmp(o->name, name) == 0)
            return o->has_arg == required_argument;
    return -1;
}

static const char *prog;           /* name in messages: rxsim-gen, or rxsim gen */
static const char *current_option;

static _Noreturn void bad(const char *what)
{
    fprintf(stderr, "%s: --%s: %s\nTry '%s --help'.\n", prog, current_option, what, prog);
    exit(2);
}

/* Unsigned number with an optional k/M/G (powers of 1000) suffix. */
static uint64_t parse_count(const char *s, uint64_t max)
{
    char *end;
    errno = 0;
    if (*s == '-')
        bad("must be a non-negative number");
    unsigned long long v = strtoull(s, &end, 10);
    uint64_t scale = 1;
    if (*end == 'k' || *end == 'K') scale = 1000, end++;
    else if (*end == 'M') scale = 1000000, end++;
    else if (*end == 'G') scale = 1000000000, end++;
    if (errno || end == s || *end || v > max / scale)
        bad("not a number in range");
    return v * scale;
}

static double parse_fraction(const char *s)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || !(v >= 0.0 && v <= 1.0))
        bad("must be a fraction between 0 and 1");
    return v;
}

/* "A:B" into two numbers each at most max. */
static void parse_pair(const char *s, uint64_t max, uint64_t *a, uint64_t *b)
{
    const char *colon = strchr(s, ':');
    if (!colon)
        bad("expected A:B");
    char first[32];
    size_t n = (size_t)(colon - s);
    if (n == 0 || n >= sizeof first)
        bad("expected A:B");
    memcpy(first, s, n);
    first[n] = '\0';
    *a = parse_count(first, max);
    *b = parse_count(colon + 1, max);
}

static void parse_ports(const char *s, gen_config_t *c)
{
    char buf[256];
    if (strlen(s) >= sizeof buf)
        bad("list too long");
    strcpy(buf, s);
    c->nports = 0;
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        if (c->nports == GEN_MAX_PORTS)
            bad("at most 16 ports");
        c->ports[c->nports++] = (uint16_t)parse_count(tok, 65535);
    }
    if (c->nports == 0)
        bad("expected a list of ports");
}

/* "SRC,DST": two IPv6 addresses. */
static void parse_ip6_pair(const char *s, uint8_t src[16], uint8_t dst[16])
{
    char buf[2 * INET6_ADDRSTRLEN];
    const char *comma = strchr(s, ',');
    size_t n = comma ? (size_t)(comma - s) : 0;
    if (!comma || n >= sizeof buf)
        bad("expected SRC,DST (two IPv6 addresses)");
    memcpy(buf, s, n);
    buf[n] = '\0';
    if (inet_pton(AF_INET6, buf, src) != 1 || inet_pton(AF_INET6, comma + 1, dst) != 1)
        bad("expected SRC,DST (two IPv6 addresses like 2001:db8::2,2001:db8::1)");
}

static void parse_options(int argc, char **argv, gen_config_t *c, const char **out, int *quiet)
{
    int opt, index = 0;
    uint64_t a, b;
    while ((opt = getopt_long(argc, argv, "o:n:s:r:qh", long_options, &index)) != -1) {
        current_option = "?";
        for (const struct option *o = long_options; o->name; o++)
            if (o->val == opt)
                current_option = o->name;
        switch (opt) {
        case 'o': *out = optarg; break;
        case 'n': c->count = parse_count(optarg, UINT64_MAX); break;
        case 's':
            c->imix = strcmp(optarg, "imix") == 0;
            if (!c->imix)
                c->size = (uint32_t)parse_count(optarg, GEN_MAX_SIZE);
            break;
        case 'r': c->rate_pps = parse_count(optarg, UINT64_MAX); break;
        case OPT_LINE_RATE: c->line_rate = true; break;
        case OPT_LINK_SPEED: c->link_bps = parse_count(optarg, UINT64_MAX); break;
        case OPT_BURST:
            parse_pair(optarg, 1000000000, &a, &b);
            if (a == 0)
                bad("ON must be positive");
            c->burst_on_ns = a * 1000;
            c->burst_off_ns = b * 1000;
            break;
        case OPT_FLOWS: c->flows = (uint32_t)parse_count(optarg, UINT32_MAX); break;
        case OPT_PORTS: parse_ports(optarg, c); break;
        case OPT_TCP: c->tcp = parse_fraction(optarg); break;
        case OPT_TCP_PORT: c->tcp_port = (uint16_t)parse_count(optarg, 65535); break;
        case OPT_TCP_LOSS: c->tcp_loss = parse_fraction(optarg); break;
        case OPT_TCP_REORDER: c->tcp_reorder = parse_fraction(optarg); break;
        case OPT_TCP_PSH: c->tcp_psh = (uint32_t)parse_count(optarg, 1000000); break;
        case OPT_ARP: c->arp = parse_fraction(optarg); break;
        case OPT_IP6:
            c->ip6 = true;
            parse_ip6_pair(optarg, c->peer_ip6, c->nic_ip6);
            break;
        case OPT_IP6_FRACTION: c->ip6_fraction = parse_fraction(optarg); break;
        case OPT_FRAG: c->frag = (unsigned)parse_count(optarg, 16); break;
        case OPT_FRAG_ORDER:
            if (strcmp(optarg, "in") == 0) c->frag_order = GEN_FRAG_IN_ORDER;
            else if (strcmp(optarg, "reverse") == 0) c->frag_order = GEN_FRAG_REVERSE;
            else if (strcmp(optarg, "overlap") == 0) c->frag_order = GEN_FRAG_OVERLAP;
            else bad("expected in, reverse or overlap");
            break;
        case OPT_FRAG_FRACTION: c->frag_fraction = parse_fraction(optarg); break;
        case OPT_VLAN:
            c->ntags = 1;
            c->vid[0] = (uint16_t)parse_count(optarg, 4095);
            break;
        case OPT_QINQ:
            parse_pair(optarg, 4095, &a, &b);
            c->ntags = 2;
            c->vid[0] = (uint16_t)a;
            c->vid[1] = (uint16_t)b;
            break;
        case OPT_TAG_FRACTION: c->tag_fraction = parse_fraction(optarg); break;
        case OPT_BAD_IP: c->bad_ip = parse_fraction(optarg); break;
        case OPT_BAD_L4: c->bad_l4 = parse_fraction(optarg); break;
        case OPT_OTHER: c->other_unicast = parse_fraction(optarg); break;
        case OPT_MCAST: c->multicast = parse_fraction(optarg); break;
        case OPT_BCAST: c->broadcast = parse_fraction(optarg); break;
        case OPT_RUNT: c->runt = parse_fraction(optarg); break;
        case OPT_OVERSIZE: c->oversize = parse_fraction(optarg); break;
        case OPT_SEED: c->seed = parse_count(optarg, UINT64_MAX); break;
        case 'q': *quiet = 1; break;
        case 'h':
            printf("usage: %s -o FILE [options]\n", prog);
            fputs(usage, stdout);
            exit(0);
        default: fprintf(stderr, "Try '%s --help'.\n", prog); exit(2);
        }
    }
    if (optind < argc) {
        fprintf(stderr, "%s: unexpected argument '%s'\nTry '%s --help'.\n", prog, argv[optind], prog);
        exit(2);
    }
    if (!*out) {
        fprintf(stderr, "%s: -o FILE is required\nTry '%s --help'.\n", prog, prog);
        exit(2);
    }
    const char *why = gen_config_check(c);
    if (why) {
        fprintf(stderr, "%s: %s\n", prog, why);
        exit(2);
    }
}

static int write_frame(void *ctx, uint64_t ts_ns, const uint8_t *frame, size_t len)
{
    struct pcap_pkthdr h = {0};
    h.ts.tv_sec = (time_t)(ts_ns / 1000000000u);
    h.ts.tv_usec = (suseconds_t)(ts_ns % 1000000000u); /* nanoseconds in a nano pcap */
    h.caplen = h.len = (bpf_u_int32)len;
    pcap_dump(ctx, &h, frame);
    return 0;
}

int gen_cli_main(const char *name, int argc, char **argv)
{
    prog = name;
    optind = 1; /* the caller may have run getopt already */
    gen_config_t cfg;
    gen_config_default(&cfg);
    const char *out = NULL;
    int quiet = 0;
    parse_options(argc, argv, &cfg, &out, &quiet);

    pcap_t *dead = pcap_open_dead_with_tstamp_precision(DLT_EN10MB, 65535, PCAP_TSTAMP_PRECISION_NANO);
    pcap_dumper_t *dump = dead ? pcap_dump_open(dead, out) : NULL;
    if (!dump) {
        fprintf(stderr, "%s: %s: %s\n", prog, out, dead ? pcap_geterr(dead) : "out of memory");
        if (dead)
            pcap_close(dead);
        return 3;
    }
    gen_counts_t n;
    gen_run(&cfg, write_frame, (u_char *)dump, &n);
    int failed = pcap_dump_flush(dump) != 0 || ferror(pcap_dump_file(dump));
    pcap_dump_close(dump);
    pcap_close(dead);
    if (failed) {
        fprintf(stderr, "%s: %s: write failed\n", prog, out);
        return 3;
    }
    if (!quiet)
        printf("%s: %" PRIu64 " frames (%" PRIu64 " bytes without FCS) from %" PRIu64
               " packets: udp %" PRIu64 ", tcp %" PRIu64 ", arp %" PRIu64 ", fragments %" PRIu64
               ", tagged %" PRIu64 ", bad-ip-csum %" PRIu64 ", bad-l4-csum %" PRIu64
               ", other-unicast %" PRIu64 ", multicast %" PRIu64 ", broadcast %" PRIu64
               ", runts %" PRIu64 ", oversize %" PRIu64 "\n",
               out, n.frames, n.bytes, n.packets, n.udp, n.tcp, n.arp, n.fragments, n.tagged,
               n.bad_ip, n.bad_l4, n.other_unicast, n.multicast, n.broadcast, n.runts,
               n.oversize);
    if (!quiet && cfg.ip6)
        printf("%s: over ipv6 %" PRIu64 " (udp and tcp packets)\n", out, n.ip6);
    if (!quiet && (n.tcp_lost || n.tcp_reordered))
        printf("%s: tcp segments lost %" PRIu64 ", reordered %" PRIu64 "\n", out, n.tcp_lost, n.tcp_reordered);
    return 0;
}
