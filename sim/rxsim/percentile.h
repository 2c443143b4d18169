// Latency percentiles computed exactly from every recorded sample, by the
// nearest-rank method: the p-th percentile of N samples is the sample of
// 1-based rank ceil(p/100 * N) in ascending order (so it is always one of the
// samples, and p100 is the maximum). p is given in per mille so that p99.9 is
// exact: 500 = p50, 990 = p99, 999 = p99.9, 1000 = max.
#ifndef RXSIM_PERCENTILE_H
#define RXSIM_PERCENTILE_H

#include <cstdint>
#include <vector>

namespace rxsim {

struct latency_summary {
    uint64_t samples = 0;
    uint64_t p50 = 0, p99 = 0, p999 = 0, max = 0; // meaningless when samples == 0
};

// 1-based nearest rank of the permille-th percentile among n > 0 samples.
uint64_t nearest_rank(uint64_t n, unsigned permille);

// Reorders samples (partial sorts) to find the percentiles.
latency_summary summarize(std::vector<uint64_t> &samples);

} // namespace rxsim

#endif
