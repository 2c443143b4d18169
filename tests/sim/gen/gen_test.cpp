// The generator: frames built right, deterministic, read back by the
// reader and by tcpdump with the expected counts.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <sys/wait.h>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

#include "gen_traffic.h"
#include "trace_fixture.h"

using namespace fixture;

namespace {

struct Captured {
    uint64_t ts_ns;
    Bytes frame;
};

int collect(void *ctx, uint64_t ts_ns, const uint8_t *frame, size_t len)
{
    static_cast<std::vector<Captured> *>(ctx)->push_back({ts_ns, Bytes(frame, frame + len)});
    return 0;
}

std::vector<Captured> generate(const gen_config_t &c, gen_counts_t *counts = nullptr)
{
    EXPECT_EQ(gen_config_check(&c), nullptr);
    std::vector<Captured> out;
    gen_counts_t n;
    EXPECT_EQ(gen_run(&c, collect, &out, &n), 0);
    EXPECT_EQ(n.frames, out.size());
    if (counts)
        *counts = n;
    return out;
}

gen_config_t config()
{
    gen_config_t c;
    gen_config_default(&c);
    return c;
}

uint16_t be16(const Bytes &b, size_t off) { return uint16_t(b[off] << 8 | b[off + 1]); }

// One's-complement sum, written here independently of the generator's.
uint16_t inet_sum(const Bytes &b, size_t off, size_t len, uint32_t sum = 0)
{
    for (size_t i = 0; i < len; i++)
        sum += (i % 2 == 0) ? uint32_t(b[off + i]) << 8 : b[off + i];
    while (sum >> 16)
        sum = (sum & 0xFFFF) + (sum >> 16);
    return uint16_t(sum);
}

bool ip_csum_ok(const Bytes &f, size_t ip) { return inet_sum(f, ip, 20) == 0xFFFF; }

bool udp_csum_ok(const Bytes &f, size_t ip)
{
    size_t len = be16(f, ip + 2) - 20u;
    uint32_t pseudo = inet_sum(f, ip + 12, 8) + 17u + uint32_t(len);
    return inet_sum(f, ip + 20, len, pseudo) == 0xFFFF;
}

std::string run(const std::string &cmd)
{
    std::string out;
    FILE *p = popen(cmd.c_str(), "r");
    if (!p)
        return out;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0)
        out.append(buf, n);
    pclose(p);
    return out;
}

int exit_status(const std::string &cmd)
{
    int s = std::system(cmd.c_str());
    return WIFEXITED(s) ? WEXITSTATUS(s) : -1;
}

bool have_tcpdump() { return std::system("command -v tcpdump >/dev/null 2>&1") == 0; }

size_t tcpdump_count(const std::string &path, const std::string &filter = "")
{
    std::string out = run("tcpdump -nn -r '" + path + "' " + filter + " 2>/dev/null");
    return size_t(std::count(out.begin(), out.end(), '\n'));
}

TEST(TraceGenFrames, DefaultUdpFrameIsValid)
{
    gen_config_t c = config();
    c.count = 3;
    std::vector<Captured> f = generate(c);
    ASSERT_EQ(f.size(), 3u);
    const Bytes &b = f[0].frame;
    ASSERT_EQ(b.size(), 60u); // 64 on the wire with the FCS
    EXPECT_EQ(Bytes(b.begin(), b.begin() + 14),
              Bytes({2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, 0x08, 0x00}));
    EXPECT_EQ(be16(b, 14 + 2), 46u);                 // IP total length
    EXPECT_EQ(Bytes(b.begin() + 26, b.begin() + 34), Bytes({10, 0, 0, 2, 10, 0, 0, 1}));
    EXPECT_EQ(be16(b, 34), 10000u);
    EXPECT_EQ(be16(b, 36), 9000u);
    EXPECT_TRUE(ip_csum_ok(b, 14));
    EXPECT_TRUE(udp_csum_ok(b, 14));
    EXPECT_EQ(b[42 + 7], 0u); // packet number 0 in the first payload bytes
    EXPECT_EQ(f[2].frame[42 + 7], 2u);
    EXPECT_EQ(f[1].ts_ns - f[0].ts_ns, 10000u); // 100 kpps
}

TEST(TraceGenFrames, SizesFlowsAndPorts)
{
    gen_config_t c = config();
    c.count = 12;
    c.size = 1518;
    c.flows = 4;
    c.ports[0] = 9000, c.ports[1] = 9001, c.nports = 2;
    std::vector<Captured> f = generate(c);
    ASSERT_EQ(f.size(), 12u);
    for (size_t i = 0; i < f.size(); i++) {
        EXPECT_EQ(f[i].frame.size(), 1514u);
        EXPECT_EQ(be16(f[i].frame, 34), 10000u + i % 4);
        EXPECT_EQ(be16(f[i].frame, 36), 9000u + (i % 4) % 2);
        EXPECT_TRUE(udp_csum_ok(f[i].frame, 14));
    }
}

TEST(TraceGenFrames, ImixMixesTheThreeSizes)
{
    gen_config_t c = config();
    c.count = 1200;
    c.imix = true;
    std::map<size_t, int> sizes;
    for (const Captured &f : generate(c))
        sizes[f.frame.size() + 4]++;
    ASSERT_EQ(sizes.size(), 3u);
    EXPECT_NEAR(sizes[64], 700, 70);
    EXPECT_NEAR(sizes[594], 400, 60);
    EXPECT_NEAR(sizes[1518], 100, 35);
}

struct FragCase {
    const char *name;
    gen_frag_order_t order;
    std::vector<uint16_t> field; // IPv4 flags/offset of each fragment in file order
    std::vector<uint16_t> len;   // IPv4 total length of each
};

const FragCase frag_cases[] = {
    // 1518-byte frame: 1480 bytes of UDP; 3 fragments of 496, 496, 488.
    {"in_order", GEN_FRAG_IN_ORDER, {0x2000, 0x2000 | 62, 124}, {516, 516, 508}},
    {"reverse", GEN_FRAG_REVERSE, {124, 0x2000 | 62, 0x2000}, {508, 516, 516}},
    {"overlap", GEN_FRAG_OVERLAP, {0x2000, 0x2000 | 61, 123}, {516, 524, 516}},
};

class TraceGenFragments : public testing::TestWithParam<FragCase> {};

TEST_P(TraceGenFragments, OffsetsAndLengths)
{
    gen_config_t c = config();
    c.count = 1;
    c.size = 1518;
    c.frag = 3;
    c.frag_order = GetParam().order;
    gen_counts_t n;
    std::vector<Captured> f = generate(c, &n);
    ASSERT_EQ(f.size(), 3u);
    EXPECT_EQ(n.fragments, 3u);
    for (size_t i = 0; i < 3; i++) {
        EXPECT_EQ(be16(f[i].frame, 20), GetParam().field[i]) << i;
        EXPECT_EQ(be16(f[i].frame, 16), GetParam().len[i]) << i;
        EXPECT_EQ(be16(f[i].frame, 18), 1u); // same IP ID
        EXPECT_TRUE(ip_csum_ok(f[i].frame, 14));
    }
}

INSTANTIATE_TEST_SUITE_P(Trace, TraceGenFragments, testing::ValuesIn(frag_cases),
                         [](const testing::TestParamInfo<FragCase> &i) { return i.param.name; });

TEST(TraceGenFrames, TagsChecksumsAndDestinations)
{
    gen_config_t c = config();
    c.count = 1000;
    c.ntags = 2, c.vid[0] = 100, c.vid[1] = 200;
    c.tag_fraction = 0.5;
    c.bad_ip = 0.1;
    c.bad_l4 = 0.2;
    c.multicast = 0.1;
    c.broadcast = 0.1;
    c.other_unicast = 0.1;
    gen_counts_t n;
    std::vector<Captured> f = generate(c, &n);
    uint64_t tagged = 0, bad_ip = 0, bad_l4 = 0, mcast = 0, bcast = 0, other = 0;
    for (const Captured &x : f) {
        const Bytes &b = x.frame;
        size_t ip = 14;
        if (be16(b, 12) == 0x88A8) {
            EXPECT_EQ(be16(b, 14), 100u);
            EXPECT_EQ(be16(b, 16), 0x8100u);
            EXPECT_EQ(be16(b, 18), 200u);
            ip = 22;
            tagged++;
        }
        bad_ip += !ip_csum_ok(b, ip);
        bad_l4 += !udp_csum_ok(b, ip);
        mcast += b[0] == 0x01;
        bcast += b[0] == 0xff;
        other += b[5] == 0x03;
    }
    EXPECT_EQ(tagged, n.tagged);
    EXPECT_EQ(bad_ip, n.bad_ip);
    EXPECT_EQ(bad_l4, n.bad_l4);
    EXPECT_EQ(mcast, n.multicast);
    EXPECT_EQ(bcast, n.broadcast);
    EXPECT_EQ(other, n.other_unicast);
    EXPECT_NEAR(double(tagged), 500, 80);
    EXPECT_NEAR(double(bad_l4), 200, 60);
    EXPECT_NEAR(double(mcast), 100, 45);
}

TEST(TraceGenFrames, TcpSegmentsInOrder)
{
    gen_config_t c = config();
    c.count = 5;
    c.tcp = 1.0;
    c.size = 1518;
    std::vector<Captured> f = generate(c);
    ASSERT_EQ(f.size(), 5u);
    for (size_t i = 0; i < f.size(); i++) {
        const Bytes &b = f[i].frame;
        EXPECT_EQ(b[23], 6u);
        uint32_t seq = uint32_t(be16(b, 38)) << 16 | be16(b, 40);
        EXPECT_EQ(seq, 1000u + 1460u * i);
        EXPECT_EQ(be16(b, 36), 5001u);
    }
}

TEST(TraceGenFrames, ArpRequest)
{
    gen_config_t c = config();
    c.count = 1;
    c.arp = 1.0;
    std::vector<Captured> f = generate(c);
    ASSERT_EQ(f.size(), 1u);
    const Bytes &b = f[0].frame;
    EXPECT_EQ(b.size(), 60u);
    EXPECT_EQ(Bytes(b.begin(), b.begin() + 6), Bytes(6, 0xff));
    EXPECT_EQ(be16(b, 12), 0x0806u);
    EXPECT_EQ(be16(b, 20), 1u); // request
    EXPECT_EQ(Bytes(b.begin() + 38, b.begin() + 42), Bytes({10, 0, 0, 1}));
}

TEST(TraceGenTiming, LineRateAndBursts)
{
    gen_config_t c = config();
    c.count = 4;
    c.line_rate = true;
    std::vector<Captured> f = generate(c);
    // 84 wire bytes at 10 Gb/s = 67.2 ns, timestamps truncated to the ns.
    EXPECT_EQ(f[1].ts_ns - f[0].ts_ns, 67u);
    EXPECT_EQ(f[2].ts_ns - f[0].ts_ns, 134u);
    EXPECT_EQ(f[3].ts_ns - f[0].ts_ns, 201u);

    c = config();
    c.count = 25;
    c.rate_pps = 1000000;
    c.burst_on_ns = 10000, c.burst_off_ns = 90000;
    f = generate(c);
    EXPECT_EQ(f[9].ts_ns - f[0].ts_ns, 9000u);
    EXPECT_EQ(f[10].ts_ns - f[0].ts_ns, 100000u);
    EXPECT_EQ(f[20].ts_ns - f[0].ts_ns, 200000u);
}

TEST(TraceGenConfig, RejectsNonsense)
{
    gen_config_t c = config();
    c.size = 63;
    EXPECT_STREQ(gen_config_check(&c), "size must be 64..16384 bytes (FCS included)");
    c = config();
    c.tcp = 0.6, c.arp = 0.5;
    EXPECT_STREQ(gen_config_check(&c), "--tcp and --arp fractions add up to more than 1");
    c = config();
    c.frag = 1;
    EXPECT_STREQ(gen_config_check(&c), "fragments per datagram must be 2..16");
}

// ---- the command-line tool, read back by the reader and tcpdump ----

std::string gen_file(const std::string &name, const std::string &args)
{
    std::string path = write_temp(name, {});
    std::string cmd = std::string(RXSIM_GEN_PATH) + " -q -o '" + path + "' " + args;
    EXPECT_EQ(exit_status(cmd), 0) << cmd;
    return path;
}

Bytes slurp(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(in), {});
}

TEST(TraceGenCli, ReadBackAtTheGeneratedRate)
{
    std::string path = gen_file("rate.pcap", "-n 100 --rate 1M -s 128");
    Replay r = replay(path);
    ASSERT_EQ(r.last, 0) << r.error.message;
    ASSERT_EQ(r.frames.size(), 100u);
    for (size_t i = 0; i < r.frames.size(); i++) {
        EXPECT_EQ(r.frames[i].start_ps, i * 1000000u);
        EXPECT_EQ(r.frames[i].bytes.size(), 128u);
    }
    EXPECT_EQ(r.report.delayed, 0u);
    if (have_tcpdump()) {
        EXPECT_EQ(tcpdump_count(path), 100u);
    }
}

TEST(TraceGenCli, LineRateTraceNeverOvercommitsTheWire)
{
    std::string path = gen_file("line.pcap", "-n 200 --line-rate -s 64");
    Replay r = replay(path);
    ASSERT_EQ(r.frames.size(), 200u);
    EXPECT_EQ(r.report.delayed, 0u);
    for (size_t i = 0; i < r.frames.size(); i++)
        EXPECT_EQ(r.frames[i].start_ps, i * 67200u); // exact line rate comes back
}

TEST(TraceGenCli, MixedTraceCountsAgree)
{
    std::string args = "-n 300 -s imix --flows 3 --ports 9000,9001,9002 --arp 0.1 --tcp 0.2 "
                       "--frag 3 --frag-fraction 0.2 --vlan 7 --tag-fraction 0.3 --seed 5";
    std::string path = gen_file("mixed.pcap", args);
    gen_config_t c = config();
    c.count = 300, c.imix = true, c.flows = 3;
    c.ports[0] = 9000, c.ports[1] = 9001, c.ports[2] = 9002, c.nports = 3;
    c.arp = 0.1, c.tcp = 0.2, c.frag = 3, c.frag_fraction = 0.2;
    c.ntags = 1, c.vid[0] = 7, c.tag_fraction = 0.3, c.seed = 5;
    gen_counts_t n;
    std::vector<Captured> frames = generate(c, &n);
    Replay r = replay(path);
    ASSERT_EQ(r.frames.size(), n.frames);
    for (size_t i = 0; i < frames.size(); i++)
        ASSERT_EQ(Bytes(r.frames[i].bytes.begin(), r.frames[i].bytes.end() - 4), frames[i].frame);
    EXPECT_GT(n.fragments, 0u);
    EXPECT_GT(n.arp, 0u);
    EXPECT_GT(n.tcp, 0u);
    if (!have_tcpdump())
        return;
    EXPECT_EQ(tcpdump_count(path), n.frames);
    EXPECT_EQ(tcpdump_count(path, "'arp or (vlan and arp)'"), n.arp);
    EXPECT_EQ(tcpdump_count(path, "vlan"), n.tagged);
}

TEST(TraceGenCli, TcpdumpRewrittenCopyReplaysTheSameFrames)
{
    if (!have_tcpdump())
        GTEST_SKIP() << "tcpdump not installed (scripts/install-deps.sh installs it)";
    std::string path = gen_file("orig.pcap", "-n 50 -s imix --vlan 3 --seed 2");
    std::string copy = write_temp("copy.pcap", {});
    ASSERT_EQ(exit_status("tcpdump -r '" + path + "' -w '" + copy + "' 2>/dev/null"), 0);
    Replay a = replay(path), b = replay(copy);
    ASSERT_EQ(a.frames.size(), 50u);
    ASSERT_EQ(b.frames.size(), 50u) << b.error.message;
    for (size_t i = 0; i < a.frames.size(); i++) {
        EXPECT_EQ(a.frames[i].bytes, b.frames[i].bytes);
        // tcpdump writes microseconds: 10 us apart at the default 100 kpps.
        EXPECT_EQ(b.frames[i].start_ps, i * 10000000u);
    }
}

TEST(TraceGenCli, RuntsReachTheWireOnlyWithoutPadding)
{
    std::string path = gen_file("runts.pcap", "-n 400 --runt 0.25 --oversize 0.25 --seed 3");
    rxtrace_options_t o = defaults();
    o.pad_short = false;
    Replay raw = replay(path, o);
    Replay padded = replay(path);
    uint64_t runts = 0, oversize = 0;
    for (const Frame &f : raw.frames) {
        runts += f.bytes.size() == 48;
        oversize += f.bytes.size() == 2000;
    }
    EXPECT_NEAR(double(runts), 100, 35);
    EXPECT_NEAR(double(oversize), 100, 35);
    EXPECT_EQ(raw.report.runts, runts);
    EXPECT_EQ(padded.report.short_padded, runts);
    EXPECT_EQ(padded.report.runts, 0u);
}

TEST(TraceGenCli, SameSeedSameBytes)
{
    std::string args = "-n 200 -s imix --bad-l4-csum 0.3 --multicast 0.2 ";
    Bytes a = slurp(gen_file("a.pcap", args + "--seed 9"));
    Bytes b = slurp(gen_file("b.pcap", args + "--seed 9"));
    Bytes c = slurp(gen_file("c.pcap", args + "--seed 10"));
    EXPECT_GT(a.size(), 24u);
    EXPECT_EQ(a, b);
    EXPECT_NE(a, c);
}

TEST(TraceGenCli, HelpListsEveryOptionAndBadOptionsExit2)
{
    std::string help = run(std::string(RXSIM_GEN_PATH) + " --help");
    for (const char *opt : {"--output", "--count", "--size", "--rate", "--line-rate", "--link-speed",
                            "--burst", "--flows", "--ports", "--tcp ", "--tcp-port", "--arp",
                            "--frag ", "--frag-order", "--frag-fraction", "--vlan", "--qinq",
                            "--tag-fraction", "--bad-ip-csum", "--bad-l4-csum", "--other-unicast",
                            "--multicast", "--broadcast", "--runt", "--oversize", "--seed", "--ip6 ", "--ip6-fraction",
                            "--quiet", "--help"})
        EXPECT_NE(help.find(opt), std::string::npos) << opt;
    std::string gen = RXSIM_GEN_PATH;
    EXPECT_EQ(exit_status(gen + " --bogus 2>/dev/null"), 2);
    EXPECT_EQ(exit_status(gen + " -n 5 2>/dev/null"), 2); // no -o
    EXPECT_EQ(exit_status(gen + " -o /dev/null --tcp 1.5 2>/dev/null"), 2);
    EXPECT_EQ(exit_status(gen + " -o /nonexistent-dir/x.pcap 2>/dev/null"), 3);
    std::string err = run(gen + " -o /dev/null --size 10 2>&1");
    EXPECT_EQ(err, "rxsim-gen: size must be 64..16384 bytes (FCS included)\n");
}

} // namespace

// --tcp-psh N: PSH on every Nth segment (the Nth, 2Nth, ...), ACK on all;
// the default keeps PSH on every one; 0 is refused.
TEST(TraceGenTcp, PshEveryNthSegment)
{
    gen_config_t c = config();
    c.count = 20;
    c.size = 200;
    c.tcp = 1.0;
    EXPECT_EQ(c.tcp_psh, 1u);
    for (const Captured &f : generate(c))
        EXPECT_EQ(f.frame[14 + 20 + 13], 0x18); // ACK|PSH
    c.tcp_psh = 8;
    std::vector<Captured> f = generate(c);
    ASSERT_EQ(f.size(), 20u);
    for (size_t i = 0; i < f.size(); i++)
        EXPECT_EQ(f[i].frame[14 + 20 + 13], (i + 1) % 8 == 0 ? 0x18 : 0x10) << i;
    c.tcp_psh = 0;
    EXPECT_STREQ(gen_config_check(&c), "--tcp-psh must be at least 1");
}

// --tcp-loss / --tcp-reorder: the lost segments leave holes in the sequence
// space, each reordered one comes right after its successor (one step back
// in the sequence numbers), the first segment stays first; the same seed
// gives the same frames.
TEST(TraceGenTcp, LossAndReorderAreSeededAndCounted)
{
    gen_config_t c = config();
    c.count = 1000;
    c.size = 200;
    c.tcp = 1.0;
    c.tcp_loss = 0.05;
    c.tcp_reorder = 0.1;
    c.seed = 7;
    gen_counts_t n;
    std::vector<Captured> f = generate(c, &n);
    EXPECT_EQ(n.tcp + n.tcp_lost, 1000u);
    EXPECT_EQ(f.size(), n.tcp);
    EXPECT_GT(n.tcp_lost, 20u);
    EXPECT_GT(n.tcp_reordered, 50u);
    auto seq = [](const Bytes &b) { return uint32_t(be16(b, 38)) << 16 | be16(b, 40); };
    const uint32_t seg = 200 - 4 - 14 - 20 - 20;
    EXPECT_EQ(seq(f[0].frame), 1000u);
    uint64_t back = 0, holes = 0;
    std::set<uint32_t> seen;
    for (size_t i = 0; i < f.size(); i++) {
        EXPECT_TRUE(seen.insert(seq(f[i].frame)).second) << i;
        if (i && int32_t(seq(f[i].frame) - seq(f[i - 1].frame)) < 0)
            back++;
    }
    for (uint32_t s = 1000; s < 1000 + 1000 * seg; s += seg)
        holes += !seen.count(s);
    EXPECT_EQ(back, n.tcp_reordered);
    EXPECT_EQ(holes, n.tcp_lost);
    std::vector<Captured> again = generate(c);
    ASSERT_EQ(again.size(), f.size());
    for (size_t i = 0; i < f.size(); i++)
        EXPECT_EQ(again[i].frame, f[i].frame) << i;
}

namespace {

// IPv6 payload's UDP/TCP checksum over RFC 8200's pseudo-header, summed here
// independently of the generator.
bool l4_csum6_ok(const Bytes &f, size_t ip)
{
    const size_t len = be16(f, ip + 4);
    uint32_t pseudo = inet_sum(f, ip + 8, 32) + uint32_t(f[ip + 6]) + uint32_t(len);
    return inet_sum(f, ip + 40, len, pseudo) == 0xFFFF;
}

gen_config_t config6()
{
    gen_config_t c = config();
    c.ip6 = true;
    const uint8_t peer[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};
    const uint8_t nic[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xab, 0xcd, 0xef};
    std::copy(std::begin(peer), std::end(peer), c.peer_ip6);
    std::copy(std::begin(nic), std::end(nic), c.nic_ip6);
    return c;
}

} // namespace

// --ip6: UDP over IPv6 (ethertype 86DD, version 6, payload length, next
// header 17, the addresses), its checksum right and spoiled by
// --bad-l4-csum; multicast to the solicited-node group of the destination
// (ff02::1:ffcd:ef.. with MAC 33:33:ff:ab:cd:ef), broadcast to all-nodes;
// no IPv6 packet is fragmented; TCP segments all IPv6 with good checksums.
TEST(TraceGenIpv6, UdpAndTcpOverIpv6)
{
    gen_config_t c = config6();
    c.count = 300;
    c.size = 200;
    c.multicast = 0.2;
    c.broadcast = 0.1;
    c.bad_l4 = 0.1;
    c.frag = 2; // IPv4's only: none of these is fragmented
    gen_counts_t n;
    std::vector<Captured> f = generate(c, &n);
    ASSERT_EQ(f.size(), 300u);
    EXPECT_EQ(n.ip6, 300u);
    EXPECT_EQ(n.fragments, 0u);
    size_t mc = 0, bc = 0, bad = 0;
    for (const Captured &k : f) {
        const Bytes &b = k.frame;
        ASSERT_EQ(be16(b, 12), 0x86DDu);
        EXPECT_EQ(b[14] >> 4, 6);
        EXPECT_EQ(be16(b, 18), 200u - 4 - 14 - 40);
        EXPECT_EQ(b[20], 17u);
        EXPECT_EQ(b[21], 64u);
        EXPECT_TRUE(std::equal(b.begin() + 22, b.begin() + 38, c.peer_ip6));
        bad += !l4_csum6_ok(b, 14);
        if (b[38] == 0xff && b[39] == 0x02 && b[50] == 0xff) {
            mc++;
            EXPECT_EQ(Bytes(b.begin(), b.begin() + 6), (Bytes{0x33, 0x33, 0xff, 0xab, 0xcd, 0xef}));
            EXPECT_EQ(Bytes(b.begin() + 51, b.begin() + 54), (Bytes{0xab, 0xcd, 0xef}));
        } else if (b[38] == 0xff) {
            bc++;
            EXPECT_EQ(Bytes(b.begin(), b.begin() + 6), (Bytes{0x33, 0x33, 0, 0, 0, 1}));
            EXPECT_EQ(b[53], 1u);
        } else {
            EXPECT_TRUE(std::equal(b.begin() + 38, b.begin() + 54, c.nic_ip6));
        }
    }
    EXPECT_EQ(mc, n.multicast);
    EXPECT_EQ(bc, n.broadcast);
    EXPECT_EQ(bad, n.bad_l4);
    EXPECT_GT(mc, 0u);
    EXPECT_GT(bad, 0u);

    gen_config_t t = config6();
    t.count = 5;
    t.tcp = 1.0;
    t.size = 1518;
    std::vector<Captured> s = generate(t);
    ASSERT_EQ(s.size(), 5u);
    for (size_t i = 0; i < s.size(); i++) {
        const Bytes &b = s[i].frame;
        EXPECT_EQ(b[20], 6u);
        EXPECT_TRUE(l4_csum6_ok(b, 14));
        uint32_t seq = uint32_t(be16(b, 58)) << 16 | be16(b, 60);
        EXPECT_EQ(seq, 1000u + 1440u * i); // 1518 - 4 - 14 - 40 - 20
    }
}

// --ip6-fraction: that share of the UDP packets over IPv6, drawn from its
// own stream: the IPv4 packets are those of the same run without --ip6 (the
// other choices are not reshuffled), and a run without --ip6 is unchanged.
TEST(TraceGenIpv6, FractionLeavesTheOtherChoicesAlone)
{
    gen_config_t v4 = config();
    v4.count = 400;
    v4.size = 128;
    v4.multicast = 0.3;
    gen_config_t mixed = config6();
    mixed.count = 400;
    mixed.size = 128;
    mixed.multicast = 0.3;
    mixed.ip6_fraction = 0.5;
    gen_counts_t n4, n;
    std::vector<Captured> a = generate(v4, &n4), b = generate(mixed, &n);
    ASSERT_EQ(a.size(), b.size());
    EXPECT_GT(n.ip6, 150u);
    EXPECT_LT(n.ip6, 250u);
    EXPECT_EQ(n.multicast, n4.multicast);
    size_t same = 0;
    for (size_t i = 0; i < a.size(); i++)
        if (be16(b[i].frame, 12) == 0x0800) {
            EXPECT_EQ(a[i].frame, b[i].frame) << i;
            same++;
        }
    EXPECT_EQ(same, 400u - n.ip6);
}
