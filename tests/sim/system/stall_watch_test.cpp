// stall_watch: a progress mark that stops moving is reported once, with the
// value it stopped at; one that keeps moving never is. Wall-clock bounds
// are generous (this machine is shared): a stall within 5 s of a 100 ms
// limit, none while the mark moves for 1 s.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "stall_watch.h"

using namespace std::chrono_literals;

TEST(StallWatch, AStuckMarkIsReportedOnceWithItsValue)
{
    std::atomic<uint64_t> mark{157376000};
    std::atomic<int> calls{0};
    std::atomic<uint64_t> stuck{0};
    {
        rxsim::stall_watch w(mark, 100ms, [&](uint64_t at) {
            stuck = at;
            calls++;
        });
        for (int i = 0; i < 500 && calls == 0; i++)
            std::this_thread::sleep_for(10ms);
        std::this_thread::sleep_for(300ms); // and only once
    }
    EXPECT_EQ(calls, 1);
    EXPECT_EQ(stuck, 157376000u);
}

TEST(StallWatch, AMovingMarkIsNot)
{
    std::atomic<uint64_t> mark{0};
    std::atomic<int> calls{0};
    {
        rxsim::stall_watch w(mark, 200ms, [&](uint64_t) { calls++; });
        for (int i = 0; i < 100; i++) {
            mark++;
            std::this_thread::sleep_for(10ms);
        }
    }
    EXPECT_EQ(calls, 0);
}
