#include "percentile.h"

#include <algorithm>

namespace rxsim {

namespace {

constexpr uint64_t exact = uint64_t(1) << latency_histogram::exact_bits; // 2048
constexpr uint64_t half = exact / 2;                                     // buckets per octave above

unsigned msb(uint64_t v) { return 63u - unsigned(__builtin_clzll(v)); }

} // namespace

uint64_t nearest_rank(uint64_t n, unsigned permille)
{
    uint64_t rank = (n * permille + 999) / 1000; // ceil(n * permille / 1000)
    return std::max<uint64_t>(rank, 1);
}

// Buckets 0..2047 hold 0..2047; then each octave [2^k, 2^(k+1)), k >= 11,
// has 1024 buckets of width 2^(k-10).
size_t latency_histogram::index(uint64_t v)
{
    if (v < exact)
        return size_t(v);
    const unsigned shift = msb(v) - (exact_bits - 1);
    return size_t(exact + (shift - 1) * half + ((v >> shift) - half));
}

uint64_t latency_histogram::floor_of(size_t i)
{
    if (i < exact)
        return i;
    const uint64_t shift = (i - exact) / half + 1;
    return ((i - exact) % half + half) << shift;
}

uint64_t latency_histogram::bucket_floor(uint64_t v) { return floor_of(index(v)); }

void latency_histogram::add(uint64_t v)
{
    const size_t i = index(v);
    if (i >= counts_.size())
        counts_.resize(i + 1, 0);
    counts_[i]++;
    samples_++;
    max_ = std::max(max_, v);
}

latency_summary latency_histogram::summarize() const
{
    latency_summary s;
    s.samples = samples_;
    if (!samples_)
        return s;
    // One pass up the buckets, the ranks in ascending order.
    const unsigned permille[] = {500, 990, 999};
    uint64_t *out[] = {&s.p50, &s.p99, &s.p999};
    uint64_t seen = 0;
    size_t k = 0;
    for (size_t i = 0; i < counts_.size() && k < 3; i++) {
        seen += counts_[i];
        while (k < 3 && seen >= nearest_rank(samples_, permille[k]))
            *out[k++] = floor_of(i);
    }
    s.max = max_;
    return s;
}

} // namespace rxsim
