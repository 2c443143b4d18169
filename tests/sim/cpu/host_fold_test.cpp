// Folding idle periods (host_fold.h): a CPU that runs only a periodic job on
// a timer is, at the same point of each period, where the period before left
// it, moved by one step; skipping k periods in one step leaves it exactly
// where running them does (every clock, CPU-time part, counter and vruntime).
#include <gtest/gtest.h>

#include <vector>

#include "cpu_harness.h"
#include "host_fold.h"

namespace cpu_test {
namespace {

constexpr uint64_t kGrid = 4000000000ull; // 4 ms: the job re-arms on this grid
constexpr uint64_t kPeriod = 500 * kGrid; // 2 s, as the e1000 watchdog

// The job: woken by its timer, charges a little work, re-arms on the grid.
// With fold_to set, it marks the CPU at the start of each run and, after
// three steady marks, skips ahead to the period that starts at fold_to.
struct periodic {
    timer_list t{}; // first: the timer callback finds the job from it
    host_machine *m = nullptr;
    cpu_thread *thread = nullptr;
    uint64_t fold_to = 0;
    std::vector<host_fold_mark> marks;
    uint64_t runs = 0, skipped = 0;

    static void fire(timer_list *t) { host_thread_wake(reinterpret_cast<periodic *>(t)->m, reinterpret_cast<periodic *>(t)->thread); }
    static thread_step step(void *arg)
    {
        auto *p = static_cast<periodic *>(arg);
        if (p->fold_to && p->runs >= 1) {
            p->marks.emplace_back();
            host_fold_take_mark(p->m, &p->marks.back());
            uint64_t period = 0;
            const size_t n = p->marks.size();
            if (n >= 3 && host_fold_steady(&p->marks[n - 3], &p->marks[n - 2], &p->marks[n - 1], &period)) {
                EXPECT_EQ(period, kPeriod);
                const uint64_t now = host_running(p->m)->local_ps;
                const uint64_t k = (p->fold_to - now) / period;
                host_fold_skip(p->m, &p->marks[n - 2], &p->marks[n - 1], k);
                p->skipped += k;
                p->fold_to = 0;
            }
        }
        p->runs++;
        host_charge(p->m, RX_COST_IP_RCV, 3);
        host_spend(p->m, ns(700));
        const uint64_t now = host_running(p->m)->local_ps;
        p->t.expires = (now / kGrid * kGrid + kPeriod) / 1000;
        p->m->plat.timer_arm(p->m->plat.ctx, &p->t);
        return THREAD_BLOCKED;
    }
};

struct run_result {
    host_fold_mark mark;
    cpu_split split;
    uint64_t runs;
};

run_result run_periods(uint64_t until_ps, uint64_t fold_to, uint64_t *skipped)
{
    cost_table c = zero_costs();
    c.ps[RX_COST_IP_RCV] = ns(900);
    c.ps[RX_COST_HARDIRQ_ENTRY] = ns(300);
    c.ps[CPU_COST_CONTEXT_SWITCH] = ns(1500);
    host h(c);
    periodic p;
    p.m = &h.m;
    p.fold_to = fold_to;
    p.t.function = periodic::fire;
    p.thread = host_thread_create(&h.m, 0, "watchdog", periodic::step, &p, nullptr);
    h.run(until_ps);
    run_result r;
    host_fold_take_mark(&h.m, &r.mark);
    host_cpu_split(&h.m, 0, &r.split);
    r.runs = p.runs + p.skipped;
    *skipped = p.skipped;
    return r;
}

TEST(HostFold, SkippingPeriodsLeavesTheCpuWhereRunningThemDoes)
{
    const uint64_t until = 200 * kPeriod + kPeriod / 2;
    uint64_t skipped_plain = 0, skipped = 0;
    const run_result plain = run_periods(until, 0, &skipped_plain);
    const run_result folded = run_periods(until, 150 * kPeriod, &skipped);
    EXPECT_EQ(skipped_plain, 0u);
    EXPECT_GT(skipped, 140u);
    EXPECT_EQ(plain.runs, 201u);
    EXPECT_EQ(folded.runs, plain.runs);
    ASSERT_EQ(folded.mark.n_linear, plain.mark.n_linear);
    for (size_t i = 0; i < plain.mark.n_linear; i++)
        EXPECT_EQ(folded.mark.linear[i], plain.mark.linear[i]) << "moving part " << i;
    for (size_t i = 0; i < plain.mark.n_fixed; i++)
        EXPECT_EQ(folded.mark.fixed[i], plain.mark.fixed[i]) << "fixed part " << i;
    EXPECT_EQ(folded.split.threads, plain.split.threads);
    EXPECT_EQ(folded.split.hardirq, plain.split.hardirq);
    EXPECT_EQ(folded.split.idle, plain.split.idle);
}

// Periods that differ are not steady: no fold from them.
TEST(HostFold, DifferentPeriodsAreNotSteady)
{
    host_fold_mark a{}, b{}, c{};
    a.n_linear = b.n_linear = c.n_linear = 2;
    a.linear[0] = 0, b.linear[0] = 10, c.linear[0] = 20;
    a.linear[1] = 5, b.linear[1] = 7, c.linear[1] = 10; // +2, then +3
    uint64_t period = 0;
    EXPECT_FALSE(host_fold_steady(&a, &b, &c, &period));
    c.linear[1] = 9;
    EXPECT_TRUE(host_fold_steady(&a, &b, &c, &period));
    EXPECT_EQ(period, 10u);
    a.n_fixed = b.n_fixed = c.n_fixed = 1;
    c.fixed[0] = 1; // something that must stay did not
    EXPECT_FALSE(host_fold_steady(&a, &b, &c, &period));
}

} // namespace
} // namespace cpu_test
