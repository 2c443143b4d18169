#include "trace_file.h"

#include <pcap/pcap.h>

#include <stdexcept>

namespace rxsim {

gen_config_t udp_traffic(uint64_t count, uint32_t size)
{
    gen_config_t cfg;
    gen_config_default(&cfg);
    cfg.count = count;
    cfg.size = size;
    return cfg;
}

namespace {

int dump_frame(void *ctx, uint64_t ts_ns, const uint8_t *frame, size_t len)
{
    pcap_pkthdr h{};
    h.ts.tv_sec = static_cast<time_t>(ts_ns / 1000000000u);
    h.ts.tv_usec = static_cast<suseconds_t>(ts_ns % 1000000000u); // nanoseconds: see open_dead
    h.caplen = h.len = static_cast<bpf_u_int32>(len);
    pcap_dump(static_cast<u_char *>(ctx), &h, frame);
    return 0;
}

} // namespace

void write_trace(const std::string &path, const gen_config_t &cfg)
{
    if (const char *bad = gen_config_check(&cfg))
        throw std::runtime_error(std::string("bad traffic: ") + bad);
    pcap_t *p = pcap_open_dead_with_tstamp_precision(DLT_EN10MB, 65535, PCAP_TSTAMP_PRECISION_NANO);
    pcap_dumper_t *d = p ? pcap_dump_open(p, path.c_str()) : nullptr;
    if (!d) {
        if (p)
            pcap_close(p);
        throw std::runtime_error("cannot write " + path);
    }
    gen_counts_t counts;
    gen_run(&cfg, dump_frame, d, &counts);
    pcap_dump_close(d);
    pcap_close(p);
}

} // namespace rxsim
