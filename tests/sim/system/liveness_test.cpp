// The liveness checks' judgements on plain values (sim/system/liveness.h):
// each trips on the symptom of its driver bug and not on what a correct
// driver does under the same load. (That no correct configuration of the
// test suite trips them is every end-to-end test's exit status 0.)
#include <gtest/gtest.h>

#include "liveness.h"

namespace {

using rxsim::ring_view;
using rxsim::stats_mark;

constexpr uint64_t ms = 1000000000ull;

ring_view ring(uint32_t given, uint32_t unfilled)
{
    ring_view r;
    r.count = 256;
    r.rdt = 0;
    r.next_to_use = 255;
    r.given = given;
    r.unfilled = unfilled;
    return r;
}

// The default bound: twice the longest moderation delay plus 1 ms.
TEST(Liveness, NotPolledBoundFollowsTheModerationOptions)
{
    rxsim::run_config o;                                      // ITR 3 (dynamic: 2000/s at the least), RADV 8
    EXPECT_EQ(rxsim::not_polled_bound_ps(o), 2 * 500000000ull + ms);
    o.itr = 100;                                              // 10 ms between interrupts
    EXPECT_EQ(rxsim::not_polled_bound_ps(o), 2 * 10 * ms + ms);
    o.itr = 0;
    o.rdtr = 65535;                                           // 67.1 ms
    EXPECT_EQ(rxsim::not_polled_bound_ps(o), 2 * 65535ull * 1024000 + ms);
    o.not_polled_us = 250;
    EXPECT_EQ(rxsim::not_polled_bound_ps(o), 250000000u);
}

TEST(Liveness, NotPolledNeedsTheWaitTheIdleCpuAndNoPollScheduled)
{
    const ring_view r = ring(200, 0);
    const uint64_t bound = 2 * ms;
    EXPECT_EQ(rxsim::not_polled(0, 50 * ms, bound, true, false, 0, r), "");            // nothing waits
    EXPECT_EQ(rxsim::not_polled(10 * ms, 11 * ms, bound, true, false, 0, r), "");      // not long enough
    EXPECT_EQ(rxsim::not_polled(10 * ms, 20 * ms, bound, false, false, 0, r), "");     // the CPU is busy
    EXPECT_EQ(rxsim::not_polled(10 * ms, 20 * ms, bound, true, true, 0, r), "");       // a poll is coming
    const std::string v = rxsim::not_polled(10 * ms, 12 * ms, bound, true, false, 0x9d, r);
    EXPECT_NE(v.find("descriptor 0 was written back (DD) at 10.000000 ms and has not been polled for 2.000 ms"),
              std::string::npos)
        << v;
    EXPECT_NE(v.find("IMS as the driver set it 0x0000009d"), std::string::npos) << v;
}

TEST(Liveness, StarvedRingIsMissesWithNoWriteBackOrNoRefill)
{
    const stats_mark was{100, 40, 10, 2000 * ms};
    // Misses, no write-back, descriptors given: RDT written wrong.
    std::string v = rxsim::starved_ring(was, {130, 40, 10, 4000 * ms}, ring(254, 0));
    EXPECT_NE(v.find("the NIC missed 30 frames (MPC + RNBC) between 2000.000000 and 4000.000000 ms and wrote back "
                     "no descriptor although the driver holds 254 of 256"),
              std::string::npos)
        << v;
    // Misses, polls, most of the ring unfilled: no refill.
    v = rxsim::starved_ring(was, {130, 45, 12, 4000 * ms}, ring(3, 240));
    EXPECT_NE(v.find("polled 2 times and left 240 of 256 descriptors unfilled"), std::string::npos) << v;
    // Overload with a correct driver: misses, but write-backs and a full ring.
    EXPECT_EQ(rxsim::starved_ring(was, {130, 900, 60, 4000 * ms}, ring(250, 5)), "");
    // No misses: nothing to say.
    EXPECT_EQ(rxsim::starved_ring(was, {100, 40, 10, 4000 * ms}, ring(254, 0)), "");
    // Misses and no write-back, but the ring is full of done descriptors
    // waiting for a poll (ITR mode 4's first 15 ms interval): not-polled's
    // to judge, with its bound.
    ring_view waiting = ring(254, 0);
    waiting.done_waiting = true;
    EXPECT_EQ(rxsim::starved_ring(was, {130, 40, 10, 4000 * ms}, waiting), "");
}

// Mode 4 holds ITR at 1e9 / (4 * 256) until the first watchdog (Linux 6.1
// e1000_check_options leaves itr = 4): the bound allows the register's
// longest interval, 65535 x 256 ns.
TEST(Liveness, NotPolledBoundCoversModeFoursFirstInterval)
{
    rxsim::run_config o;
    o.itr = 4;
    o.radv = 0;
    EXPECT_EQ(rxsim::not_polled_bound_ps(o), 2 * 65535ull * 256000 + ms);
}

// note_interrupt's rule: > 99,900 unhandled of a window of 100,000.
TEST(Liveness, NoteInterruptReportsAWindowNobodyCaredFor)
{
    rxsim::note_interrupt a;
    std::string v;
    for (int i = 0; i < 100000; i++)
        if (std::string t = a.note(11, i < 99, uint64_t(i) * 1000); !t.empty())
            v = t;
    EXPECT_EQ(v, "irq 11: nobody cared: 99901 of 100000 interrupts had no cause in ICR (read 0, or not read), "
                 "the last at 99999 ns (Linux's note_interrupt would disable the line)");
    rxsim::note_interrupt b; // exactly 99,900 unhandled: within the rule
    for (int i = 0; i < 200000; i++)
        EXPECT_EQ(b.note(11, i % 100000 < 100, 0), "") << i;
}

TEST(Liveness, NapiBudgetNamesTheFirstBadPoll)
{
    EXPECT_EQ(rxsim::napi_budget(0, 0, 0, 0, 0), "");
    const std::string v = rxsim::napi_budget(268, 268, 157376, 65, 64);
    EXPECT_NE(v.find("268 polls did more work than their budget and 268 completed NAPI"), std::string::npos) << v;
    EXPECT_NE(v.find("the first at 0.157376 ms returned 65 with a budget of 64"), std::string::npos) << v;
}

} // namespace
