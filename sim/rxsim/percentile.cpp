#include "percentile.h"

#include <algorithm>

namespace rxsim {

uint64_t nearest_rank(uint64_t n, unsigned permille)
{
    uint64_t rank = (n * permille + 999) / 1000; // ceil(n * permille / 1000)
    return std::max<uint64_t>(rank, 1);
}

latency_summary summarize(std::vector<uint64_t> &samples)
{
    latency_summary s;
    s.samples = samples.size();
    if (samples.empty())
        return s;
    // Ascending ranks, each nth_element working on the part above the last.
    auto from = samples.begin();
    auto pick = [&](unsigned permille) {
        auto nth = samples.begin() + static_cast<std::ptrdiff_t>(nearest_rank(s.samples, permille) - 1);
        std::nth_element(from, nth, samples.end());
        from = nth;
        return *nth;
    };
    s.p50 = pick(500);
    s.p99 = pick(990);
    s.p999 = pick(999);
    s.max = pick(1000);
    return s;
}

} // namespace rxsim
