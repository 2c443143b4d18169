// LINKTYPE_ numbers (in files) against libpcap's DLT_ values (in its API).
// Its own translation unit: <pcap.h>'s struct pcap would clash with the
// fixture's pcap() in the unity build.
#include <gtest/gtest.h>

#include <pcap.h>

#include <cstdio>

#include "trace_fixture.h"
#include "trace_linktype.h"

using fixture::Bytes;

// The file's LINKTYPE_ number and libpcap's DLT_ value agree with what the
// installed libpcap does: each number 0..299 is written into a pcap header
// and libpcap's pcap_datalink() read back (LINKTYPE 11..19 are reserved,
// never written by libpcap, so DLT 11..19 name the renumbered types).
TEST(TraceLinkType, FileNumbersAndLibpcapValuesConvertAsLibpcapDoes)
{
    int renumbered = 0;
    for (uint32_t linktype = 0; linktype < 300; linktype++) {
        Bytes header = fixture::pcap(linktype, {});
        FILE *f = fmemopen(header.data(), header.size(), "rb");
        ASSERT_NE(f, nullptr);
        char errbuf[PCAP_ERRBUF_SIZE];
        pcap_t *p = pcap_fopen_offline(f, errbuf);
        ASSERT_NE(p, nullptr) << linktype << ": " << errbuf;
        const int dlt = pcap_datalink(p);
        pcap_close(p);
        EXPECT_EQ(trace_dlt_of_linktype(int(linktype)), dlt) << linktype;
        if (linktype < 11 || linktype > 19) {
            EXPECT_EQ(trace_linktype_of_dlt(dlt), int(linktype)) << linktype;
        }
        renumbered += dlt != int(linktype);
    }
    EXPECT_EQ(renumbered, 5);
    char name[64];
    trace_linktype_name(106, name, sizeof name);
    EXPECT_STREQ(name, "ATM_CLIP (106)");
    trace_linktype_name(101, name, sizeof name);
    EXPECT_STREQ(name, "RAW (101)");
}
