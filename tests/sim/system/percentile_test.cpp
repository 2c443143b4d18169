// Nearest-rank percentiles from the latency histogram: exact below 2048,
// within its bucket (11 leading bits) above, checked against a full sort.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>

#include "percentile.h"

using rxsim::nearest_rank;

namespace {

rxsim::latency_summary summarize(const std::vector<uint64_t> &v)
{
    rxsim::latency_histogram h;
    for (uint64_t x : v)
        h.add(x);
    return h.summarize();
}

} // namespace

TEST(CliPercentile, NearestRanks)
{
    EXPECT_EQ(nearest_rank(100, 500), 50u);
    EXPECT_EQ(nearest_rank(100, 990), 99u);
    EXPECT_EQ(nearest_rank(100, 999), 100u); // ceil(99.9)
    EXPECT_EQ(nearest_rank(1000, 999), 999u);
    EXPECT_EQ(nearest_rank(1001, 999), 1000u); // ceil(999.999)
    EXPECT_EQ(nearest_rank(3, 500), 2u);       // ceil(1.5)
    EXPECT_EQ(nearest_rank(10, 500), 5u);
    EXPECT_EQ(nearest_rank(1, 500), 1u);
    EXPECT_EQ(nearest_rank(7, 1000), 7u);
    EXPECT_EQ(nearest_rank(7, 0), 1u);
}

TEST(CliPercentile, OneToThousandShuffled)
{
    std::vector<uint64_t> v(1000);
    std::iota(v.begin(), v.end(), 1);
    std::shuffle(v.begin(), v.end(), std::mt19937_64(7));
    rxsim::latency_summary s = summarize(v);
    EXPECT_EQ(s.samples, 1000u);
    EXPECT_EQ(s.p50, 500u);
    EXPECT_EQ(s.p99, 990u);
    EXPECT_EQ(s.p999, 999u);
    EXPECT_EQ(s.max, 1000u);
}

// Below 2048 every value has its own bucket: the sorted sample itself.
TEST(CliPercentile, ExactBelow2048)
{
    std::mt19937_64 rng(42);
    for (size_t n : {1u, 2u, 3u, 9u, 10u, 99u, 101u, 999u, 1001u, 4567u}) {
        std::vector<uint64_t> v(n);
        for (uint64_t &x : v)
            x = rng() % 2048;
        std::vector<uint64_t> sorted = v;
        std::sort(sorted.begin(), sorted.end());
        rxsim::latency_summary s = summarize(v);
        EXPECT_EQ(s.p50, sorted[nearest_rank(n, 500) - 1]) << n;
        EXPECT_EQ(s.p99, sorted[nearest_rank(n, 990) - 1]) << n;
        EXPECT_EQ(s.p999, sorted[nearest_rank(n, 999) - 1]) << n;
        EXPECT_EQ(s.max, sorted.back()) << n;
    }
}

// Above, the sorted sample rounded down to its 11 leading bits: under 0.1%
// low, never high; the maximum stays exact.
TEST(CliPercentile, WithinABucketAbove)
{
    std::mt19937_64 rng(5);
    std::vector<uint64_t> v(20000);
    for (uint64_t &x : v)
        x = 1000 + rng() % 50000000; // 1 us .. 50 ms, in ns
    std::vector<uint64_t> sorted = v;
    std::sort(sorted.begin(), sorted.end());
    rxsim::latency_summary s = summarize(v);
    for (auto [got, permille] : {std::pair{s.p50, 500u}, {s.p99, 990u}, {s.p999, 999u}}) {
        const uint64_t want = sorted[nearest_rank(v.size(), permille) - 1];
        EXPECT_EQ(got, rxsim::latency_histogram::bucket_floor(want)) << permille;
        EXPECT_LE(got, want);
        EXPECT_GT(got * 1001, want * 1000) << permille; // under 0.1% low
    }
    EXPECT_EQ(s.max, sorted.back());
}

TEST(CliPercentile, BucketFloors)
{
    using h = rxsim::latency_histogram;
    EXPECT_EQ(h::bucket_floor(0), 0u);
    EXPECT_EQ(h::bucket_floor(2047), 2047u);
    EXPECT_EQ(h::bucket_floor(2048), 2048u);
    EXPECT_EQ(h::bucket_floor(2049), 2048u); // width 2 in [2048, 4096)
    EXPECT_EQ(h::bucket_floor(4097), 4096u); // width 4 in [4096, 8192)
    EXPECT_EQ(h::bucket_floor(4099), 4096u);
    EXPECT_EQ(h::bucket_floor(4100), 4100u);
    EXPECT_EQ(h::bucket_floor(UINT64_MAX), UINT64_MAX - ((uint64_t(1) << 53) - 1));
}

TEST(CliPercentile, NoSamples) { EXPECT_EQ(rxsim::latency_histogram().summarize().samples, 0u); }
