// The fair scheduler's choices, placement and preemption rules.
#include <gtest/gtest.h>

#include "sched_fair.h"

namespace {

constexpr uint64_t kMs = 1000000000ull; // ps

struct rq_fixture : ::testing::Test {
    cfs_rq rq{};
    sched_entity a{}, b{}, c{};
    void SetUp() override
    {
        sched_params p;
        sched_params_default(&p);
        cfs_rq_init(&rq, &p);
        ASSERT_EQ(sched_add_entity(&rq, &a), 0);
        ASSERT_EQ(sched_add_entity(&rq, &b), 0);
        ASSERT_EQ(sched_add_entity(&rq, &c), 0);
    }
};

using CpuSched = rq_fixture;

TEST_F(CpuSched, DefaultsAreTheKernelsForOneCpu)
{
    EXPECT_EQ(rq.p.latency_ps, 6 * kMs);
    EXPECT_EQ(rq.p.min_granularity_ps, 3 * kMs / 4);
    EXPECT_EQ(rq.p.wakeup_granularity_ps, 1 * kMs);
}

TEST_F(CpuSched, LowestVruntimeRunsAndTiesGoToTheLowerId)
{
    enqueue_entity(&rq, &b, false);
    enqueue_entity(&rq, &c, false);
    EXPECT_EQ(pick_next_entity(&rq), &b); // both at 0: lower id
    update_curr(&rq, 5);
    EXPECT_EQ(pick_next_entity(&rq), &c);
    update_curr(&rq, 7);
    EXPECT_EQ(pick_next_entity(&rq), &b); // 5 < 7
    dequeue_entity(&rq, &b);
    dequeue_entity(&rq, &c);
    EXPECT_EQ(pick_next_entity(&rq), nullptr);
}

TEST_F(CpuSched, AWokenSleeperGetsAtMostHalfALatencyOfCredit)
{
    enqueue_entity(&rq, &a, false);
    pick_next_entity(&rq);
    update_curr(&rq, 20 * kMs);
    EXPECT_EQ(rq.min_vruntime, 20 * kMs);
    enqueue_entity(&rq, &b, true); // slept at 0: placed 3 ms behind
    EXPECT_EQ(b.vruntime, 17 * kMs);
    enqueue_entity(&rq, &c, false); // new: no credit
    EXPECT_EQ(c.vruntime, 20 * kMs);
}

TEST_F(CpuSched, WakeupPreemptsOnlyBeyondTheGranularity)
{
    enqueue_entity(&rq, &a, false);
    pick_next_entity(&rq);
    update_curr(&rq, 3 * kMs);
    b.vruntime = 2 * kMs; // 1 ms behind: not more than the granularity
    enqueue_entity(&rq, &b, false);
    b.vruntime = 2 * kMs;
    check_preempt_wakeup(&rq, &b);
    EXPECT_FALSE(rq.resched);
    c.vruntime = 2 * kMs - 1;
    enqueue_entity(&rq, &c, false);
    c.vruntime = 2 * kMs - 1;
    check_preempt_wakeup(&rq, &c);
    EXPECT_TRUE(rq.resched);
}

TEST_F(CpuSched, IdleYieldsToAnyWokenEntity)
{
    enqueue_entity(&rq, &a, true);
    check_preempt_wakeup(&rq, &a);
    EXPECT_TRUE(rq.resched);
    EXPECT_TRUE(sched_need_resched(&rq));
}

TEST_F(CpuSched, TickPreemptsAfterTheIdealSlice)
{
    enqueue_entity(&rq, &a, false);
    enqueue_entity(&rq, &b, false);
    ASSERT_EQ(pick_next_entity(&rq), &a);
    // Two entities: slice = 6 ms / 2 = 3 ms.
    update_curr(&rq, 3 * kMs);
    EXPECT_FALSE(sched_need_resched(&rq)); // not more than the slice
    update_curr(&rq, 1);
    EXPECT_TRUE(sched_need_resched(&rq));
    EXPECT_EQ(pick_next_entity(&rq), &b);
    EXPECT_FALSE(rq.resched);
    // Alone on the CPU, nothing preempts it.
    dequeue_entity(&rq, &a);
    update_curr(&rq, 100 * kMs);
    EXPECT_FALSE(sched_need_resched(&rq));
}

} // namespace
