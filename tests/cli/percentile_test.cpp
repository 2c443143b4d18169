// Nearest-rank percentiles: exact ranks, and summarize() against a full sort.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>

#include "percentile.h"

using rxsim::nearest_rank;

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
    rxsim::latency_summary s = rxsim::summarize(v);
    EXPECT_EQ(s.samples, 1000u);
    EXPECT_EQ(s.p50, 500u);
    EXPECT_EQ(s.p99, 990u);
    EXPECT_EQ(s.p999, 999u);
    EXPECT_EQ(s.max, 1000u);
}

TEST(CliPercentile, MatchesAFullSort)
{
    std::mt19937_64 rng(42);
    for (size_t n : {1u, 2u, 3u, 9u, 10u, 99u, 101u, 999u, 1001u, 4567u}) {
        std::vector<uint64_t> v(n);
        for (uint64_t &x : v)
            x = rng() % 50; // many ties
        std::vector<uint64_t> sorted = v;
        std::sort(sorted.begin(), sorted.end());
        rxsim::latency_summary s = rxsim::summarize(v);
        EXPECT_EQ(s.p50, sorted[nearest_rank(n, 500) - 1]) << n;
        EXPECT_EQ(s.p99, sorted[nearest_rank(n, 990) - 1]) << n;
        EXPECT_EQ(s.p999, sorted[nearest_rank(n, 999) - 1]) << n;
        EXPECT_EQ(s.max, sorted.back()) << n;
    }
}

TEST(CliPercentile, NoSamples)
{
    std::vector<uint64_t> none;
    EXPECT_EQ(rxsim::summarize(none).samples, 0u);
}
