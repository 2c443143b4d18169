// The busy-interval timeline each link direction books TLPs on.
#include <gtest/gtest.h>

#include "link_timeline.h"

namespace {

TEST(PlatformLinkTimeline, BooksBackToBackAndFillsGaps)
{
    rxsim::link_timeline t;
    EXPECT_EQ(t.book(0, 10), 10u);
    EXPECT_EQ(t.book(0, 10), 20u);    // queues behind the first
    EXPECT_EQ(t.book(100, 10), 110u); // later, leaves a gap [20, 100)
    EXPECT_EQ(t.book(5, 50), 70u);    // fits the gap after 20
    EXPECT_EQ(t.book(0, 40), 150u);   // gap [70, 100) too short: after 110
    EXPECT_EQ(t.book(0, 30), 100u);   // [70, 100) exactly
    EXPECT_EQ(t.busy_until(), 150u);
    EXPECT_EQ(t.book(150, 0), 150u);  // empty transfer books nothing
}

TEST(PlatformLinkTimeline, ForgetsThePast)
{
    rxsim::link_timeline t;
    t.book(0, 10);
    t.book(50, 10);
    t.forget_before(10);
    EXPECT_EQ(t.busy_until(), 60u);
    t.forget_before(60);
    EXPECT_EQ(t.busy_until(), 0u);
    EXPECT_EQ(t.book(0, 5), 5u);
}

} // namespace
