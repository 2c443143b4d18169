/* Text views shaped like /proc/net/dev, softnet_stat, snmp, netstat (IpExt)
 * and snmp6, written into the caller's buffer snprintf-style. */
#include <stdarg.h>
#include <stdio.h>

#include "internal.h"

struct out {
	char *buf;
	size_t size, len;
};

__attribute__((format(printf, 2, 3))) static void out_printf(struct out *o, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	size_t room = o->len < o->size ? o->size - o->len : 0;
	int n = vsnprintf(room ? o->buf + o->len : NULL, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->len += (size_t)n;
}

static size_t out_done(struct out *o)
{
	if (o->size && o->len >= o->size)
		o->buf[o->size - 1] = '\0';
	return o->len;
}

typedef unsigned long long ull;

size_t proc_net_dev(const struct net *net, char *buf, size_t size)
{
	struct out o = {buf, size, 0};
	out_printf(&o, "Inter-|   Receive                                                |  Transmit\n");
	out_printf(&o, " face |bytes    packets errs drop fifo frame compressed multicast|"
		       "bytes    packets errs drop fifo colls carrier compressed\n");
	/* Devices in registration order (the list is newest first). */
	const struct net_device *devs[64];
	int n = 0;
	for (const struct net_device *d = net->devices; d && n < 64; d = d->next)
		devs[n++] = d;
	while (n--) {
		const struct rtnl_link_stats64 *s = &devs[n]->stats;
		out_printf(&o, "%6s: %7llu %7llu %4llu %4llu %4llu %5llu %10llu %9llu "
			       "%8llu %7llu %4llu %4llu %4llu %5llu %7llu %10llu\n",
			   devs[n]->name, (ull)s->rx_bytes, (ull)s->rx_packets, (ull)s->rx_errors,
			   (ull)(s->rx_dropped + s->rx_missed_errors), (ull)s->rx_fifo_errors,
			   (ull)(s->rx_length_errors + s->rx_over_errors + s->rx_crc_errors + s->rx_frame_errors),
			   (ull)s->rx_compressed, (ull)s->multicast, 0ull, 0ull, 0ull, 0ull, 0ull, 0ull, 0ull, 0ull);
	}
	return out_done(&o);
}

size_t proc_net_softnet_stat(const struct net *net, char *buf, size_t size)
{
	struct out o = {buf, size, 0};
	for (int cpu = 0; cpu < net->nr_cpus; cpu++) {
		struct softnet_stat s;
		net_softnet_stat(net, cpu, &s);
		/* processed dropped time_squeeze, six retired zeros, received_rps,
		 * flow_limit_count, backlog length, cpu index */
		out_printf(&o, "%08x %08x %08x %08x %08x %08x %08x %08x %08x %08x %08x %08x %08x\n",
			   (unsigned)s.processed, (unsigned)s.dropped, (unsigned)s.time_squeeze, 0u, 0u, 0u, 0u,
			   0u, 0u, (unsigned)s.received_rps, (unsigned)s.flow_limit_count, s.backlog_len,
			   (unsigned)cpu);
	}
	return out_done(&o);
}

size_t proc_net_snmp(const struct net *net, char *buf, size_t size)
{
	struct out o = {buf, size, 0};
	const struct net_mib *m = &net->mib;
	const struct ipstats_mib *ip = &m->ip;
	out_printf(&o, "Ip: Forwarding DefaultTTL InReceives InHdrErrors InAddrErrors ForwDatagrams "
		       "InUnknownProtos InDiscards InDelivers OutRequests OutDiscards OutNoRoutes "
		       "ReasmTimeout ReasmReqds ReasmOKs ReasmFails FragOKs FragFails FragCreates\n");
	out_printf(&o, "Ip: 2 64 %llu %llu %llu %llu %llu %llu %llu 0 0 0 %llu %llu %llu %llu 0 0 0\n",
		   (ull)ip->InReceives, (ull)ip->InHdrErrors, (ull)ip->InAddrErrors, (ull)ip->ForwDatagrams,
		   (ull)ip->InUnknownProtos, (ull)ip->InDiscards, (ull)ip->InDelivers, (ull)ip->ReasmTimeout,
		   (ull)ip->ReasmReqds, (ull)ip->ReasmOKs, (ull)ip->ReasmFails);
	const struct icmp_mib *ic = &m->icmp;
	/* The per-type columns are the IcmpMsg counters of those types. */
	static const struct { const char *name; int type; } cols[] = {
		{"DestUnreachs", 3}, {"TimeExcds", 11}, {"ParmProbs", 12}, {"SrcQuenchs", 4},
		{"Redirects", 5}, {"Echos", 8}, {"EchoReps", 0}, {"Timestamps", 13},
		{"TimestampReps", 14}, {"AddrMasks", 17}, {"AddrMaskReps", 18},
	};
	enum { NCOLS = sizeof(cols) / sizeof(cols[0]) };
	out_printf(&o, "Icmp: InMsgs InErrors InCsumErrors");
	for (int i = 0; i < NCOLS; i++)
		out_printf(&o, " In%s", cols[i].name);
	out_printf(&o, " OutMsgs OutErrors");
	for (int i = 0; i < NCOLS; i++)
		out_printf(&o, " Out%s", cols[i].name);
	out_printf(&o, "\nIcmp: %llu %llu %llu", (ull)ic->InMsgs, (ull)ic->InErrors, (ull)ic->InCsumErrors);
	for (int i = 0; i < NCOLS; i++)
		out_printf(&o, " %llu", (ull)ic->InType[cols[i].type]);
	out_printf(&o, " %llu 0", (ull)ic->OutMsgs);
	for (int i = 0; i < NCOLS; i++)
		out_printf(&o, " %llu", (ull)ic->OutType[cols[i].type]);
	out_printf(&o, "\n");
	/* IcmpMsg: only the types seen, as the kernel prints them. */
	int any = 0;
	for (int dir = 0; dir < 2; dir++)
		for (int t = 0; t < 256; t++)
			any += (dir ? ic->OutType[t] : ic->InType[t]) != 0;
	if (any) {
		out_printf(&o, "IcmpMsg:");
		for (int dir = 0; dir < 2; dir++)
			for (int t = 0; t < 256; t++)
				if (dir ? ic->OutType[t] : ic->InType[t])
					out_printf(&o, " %sType%d", dir ? "Out" : "In", t);
		out_printf(&o, "\nIcmpMsg:");
		for (int dir = 0; dir < 2; dir++)
			for (int t = 0; t < 256; t++)
				if (dir ? ic->OutType[t] : ic->InType[t])
					out_printf(&o, " %llu", (ull)(dir ? ic->OutType[t] : ic->InType[t]));
		out_printf(&o, "\n");
	}
	const struct tcp_mib *t = &m->tcp;
	out_printf(&o, "Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails "
		       "EstabResets CurrEstab InSegs OutSegs RetransSegs InErrs OutRsts InCsumErrors\n");
	out_printf(&o, "Tcp: 1 200 120000 -1 0 0 0 0 %llu %llu 0 0 %llu %llu %llu\n", (ull)t->CurrEstab, (ull)t->InSegs, (ull)t->InErrs, (ull)t->OutRsts, (ull)t->InCsumErrors);
	const struct udp_mib *u = &m->udp;
	out_printf(&o, "Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors "
		       "InCsumErrors IgnoredMulti MemErrors\n");
	out_printf(&o, "Udp: %llu %llu %llu 0 %llu 0 %llu %llu 0\n", (ull)u->InDatagrams, (ull)u->NoPorts,
		   (ull)u->InErrors, (ull)u->RcvbufErrors, (ull)u->InCsumErrors, (ull)u->IgnoredMulti);
	return out_done(&o);
}

size_t proc_net_netstat(const struct net *net, char *buf, size_t size)
{
	struct out o = {buf, size, 0};
	const struct ipstats_mib *ip = &net->mib.ip;
	out_printf(&o, "IpExt: InNoRoutes InTruncatedPkts InMcastPkts OutMcastPkts InBcastPkts "
		       "OutBcastPkts InOctets OutOctets InMcastOctets OutMcastOctets InBcastOctets "
		       "OutBcastOctets InCsumErrors InNoECTPkts InECT1Pkts InECT0Pkts InCEPkts ReasmOverlaps\n");
	out_printf(&o, "IpExt: %llu %llu %llu 0 %llu 0 %llu 0 0 0 0 0 %llu 0 0 0 0 %llu\n", (ull)ip->InNoRoutes,
		   (ull)ip->InTruncatedPkts, (ull)ip->InMcastPkts, (ull)ip->InBcastPkts, (ull)ip->InOctets,
		   (ull)ip->InCsumErrors, (ull)ip->ReasmOverlaps);
	return out_done(&o);
}

size_t proc_net_snmp6(const struct net *net, char *buf, size_t size)
{
	struct out o = {buf, size, 0};
	const struct net_mib *m = &net->mib;
	const struct { const char *name; uint64_t v; } rows[] = {
		{"Ip6InReceives", m->ip6.InReceives}, {"Ip6InHdrErrors", m->ip6.InHdrErrors},
		{"Ip6InAddrErrors", m->ip6.InAddrErrors}, {"Ip6InUnknownProtos", m->ip6.InUnknownProtos},
		{"Ip6InTruncatedPkts", m->ip6.InTruncatedPkts}, {"Ip6InDiscards", m->ip6.InDiscards},
		{"Ip6InDelivers", m->ip6.InDelivers}, {"Ip6ReasmReqds", m->ip6.ReasmReqds},
		{"Ip6ReasmFails", m->ip6.ReasmFails}, {"Ip6InMcastPkts", m->ip6.InMcastPkts},
		{"Icmp6InMsgs", m->icmp6.InMsgs}, {"Icmp6InErrors", m->icmp6.InErrors},
		{"Icmp6OutMsgs", m->icmp6.OutMsgs}, {"Icmp6InCsumErrors", m->icmp6.InCsumErrors},
		{"Udp6InDatagrams", m->udp6.InDatagrams}, {"Udp6NoPorts", m->udp6.NoPorts},
		{"Udp6InErrors", m->udp6.InErrors}, {"Udp6RcvbufErrors", m->udp6.RcvbufErrors},
		{"Udp6InCsumErrors", m->udp6.InCsumErrors}, {"Udp6IgnoredMulti", m->udp6.IgnoredMulti},
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		out_printf(&o, "%-32s\t%llu\n", rows[i].name, (ull)rows[i].v);
	return out_done(&o);
}

