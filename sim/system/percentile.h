// Latency percentiles by the nearest-rank method: the p-th percentile of N
// samples is the sample of 1-based rank ceil(p/100 * N) in ascending order.
// p is given in per mille so that p99.9 is exact: 500 = p50, 990 = p99,
// 999 = p99.9, 1000 = max.
//
// Samples are counted in a log-linear histogram, so memory does not grow
// with the number of packets (a 10 M-packet run keeps no per-packet list):
// values below 2048 have a bucket each and come back exact; larger ones
// share a bucket with the values that agree in their 11 leading bits and
// come back rounded down to them (under 0.1% low). The maximum is exact.
#ifndef RXSIM_PERCENTILE_H
#define RXSIM_PERCENTILE_H

#include <cstddef>
#include <cstdint>
#include <vector>

namespace rxsim {

struct latency_summary {
    uint64_t samples = 0;
    uint64_t p50 = 0, p99 = 0, p999 = 0, max = 0; // meaningless when samples == 0
};

// 1-based nearest rank of the permille-th percentile among n > 0 samples.
uint64_t nearest_rank(uint64_t n, unsigned permille);

class latency_histogram {
public:
    static constexpr unsigned exact_bits = 11; // values below 2^11 are exact

    void add(uint64_t v);
    // The value a sample v comes back as (v itself below 2^exact_bits).
    static uint64_t bucket_floor(uint64_t v);
    latency_summary summarize() const;

private:
    static size_t index(uint64_t v);
    static uint64_t floor_of(size_t index);
    std::vector<uint64_t> counts_; // grows to the highest bucket used
    uint64_t samples_ = 0, max_ = 0;
};

} // namespace rxsim

#endif
