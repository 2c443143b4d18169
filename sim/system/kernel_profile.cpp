#include "kernel_profile.h"

#include <stdexcept>

namespace rxsim {

const std::vector<kernel_profile> &kernel_profiles()
{
    // Sources and the commits behind each column: docs/KERNELS.md.
    static const std::vector<kernel_profile> all = {
        // name, read, summary, version,
        //   softirq time limit, ksoftirqd defers, MISSED, HZ, e1000 prep before mask,
        //   InterruptThrottleRate, RxAbsIntDelay, netdev_max_backlog
        {"2.6", "2.6.12",
         "Linux 2.6.12: NAPI e1000 that masks only once scheduled, no MISSED, __do_softirq restarts 10 "
         "times whatever the time; InterruptThrottleRate 8000, RxAbsIntDelay 128 and netdev_max_backlog "
         "300 by default",
         20612, false, false, false, 1000, true, 8000, 128, 300},
        {"4.19", "4.19",
         "Linux 4.19: while ksoftirqd is runnable, irq_exit and local_bh_enable leave softirqs to it",
         41900, true, true, true, 250, false, 3, 8, 1000},
        {"6.6", "6.6",
         "Linux 6.6: busy polling, threaded NAPI, napi_defer_hard_irqs with gro_flush_timeout; softirqs run at "
         "irq_exit again (the deferral was reverted in 6.5)",
         60600, true, false, true, 250, false, 3, 8, 1000},
        {"6.13", "6.13", "Linux 6.13: as 6.6, and IRQ suspension (irq_suspend_timeout, with prefer_busy_poll)", 61300, true, false, true, 250, false, 3, 8, 1000},
    };
    return all;
}

const std::vector<kernel_feature> &kernel_features()
{
    static const std::vector<kernel_feature> all = {
        {"--busy-poll-us", "busy polling (SO_BUSY_POLL)", "3.11", 31100,
         [](const run_config &o) { return o.busy_poll_us != 0; }},
        // "net: Add Generic Receive Offload infrastructure" (Herbert Xu, v2.6.29).
        {"--gro", "GRO (napi_gro_receive)", "2.6.29", 20629, [](const run_config &o) { return o.gro == "on"; }},
        {"--gro-flush-timeout-ns", "gro_flush_timeout", "3.19", 31900,
         [](const run_config &o) { return o.gro_flush_timeout_ns != 0; }},
        {"--defer-hard-irqs", "napi_defer_hard_irqs", "5.8", 50800,
         [](const run_config &o) { return o.defer_hard_irqs != 0; }},
        {"--threaded-napi", "threaded NAPI", "5.12", 51200, [](const run_config &o) { return o.threaded_napi; }},
        // 7fd3253a7de6 "net: Introduce preferred busy-polling" (v5.11): the
        // socket options; 18e2bf0edf4d "eventpoll: Add epoll ioctl for
        // epoll_params" (v6.9): the same for an epoll context.
        {"--prefer-busy-poll", "SO_PREFER_BUSY_POLL, with --app recv", "5.11", 51100,
         [](const run_config &o) { return o.prefer_busy_poll && o.app == "recv"; }},
        {"--busy-poll-budget", "SO_BUSY_POLL_BUDGET, with --app recv", "5.11", 51100,
         [](const run_config &o) { return o.busy_poll_budget != 0 && o.app == "recv"; }},
        {"--prefer-busy-poll", "EPIOCSPARAMS's prefer_busy_poll, with --app epoll", "6.9", 60900,
         [](const run_config &o) { return o.prefer_busy_poll && o.app == "epoll"; }},
        {"--busy-poll-budget", "EPIOCSPARAMS's busy_poll_budget, with --app epoll", "6.9", 60900,
         [](const run_config &o) { return o.busy_poll_budget != 0 && o.app == "epoll"; }},
        {"--epoll-busy-poll-us", "EPIOCSPARAMS's busy_poll_usecs", "6.9", 60900,
         [](const run_config &o) { return o.epoll_busy_poll_us != 0; }},
        // The IRQ suspension series, Martin Karsten and Joe Damato, merged
        // for 6.13 (5dc51ec86df6 "net: Add napi_struct parameter
        // irq_suspend_timeout" and its followers).
        {"--irq-suspend-timeout-ns", "irq_suspend_timeout (IRQ suspension)", "6.13", 61300,
         [](const run_config &o) { return o.irq_suspend_timeout_ns != 0; }},
    };
    return all;
}

const kernel_profile &kernel_profile_named(const std::string &name)
{
    for (const kernel_profile &k : kernel_profiles())
        if (name == k.name)
            return k;
    throw std::invalid_argument("no kernel profile \"" + name + "\"");
}

bool kernel_has(const kernel_profile &k, const kernel_feature &f) { return k.version >= f.since_version; }

kernel_refusal kernel_refuses(const kernel_profile &k, const run_config &o)
{
    for (const kernel_feature &f : kernel_features())
        if (f.option && !kernel_has(k, f) && f.used(o))
            return {f.option, std::string("not in kernel ") + k.name + " (added in " + f.since + ")"};
    return {};
}

void kernel_apply_defaults(const kernel_profile &k, run_config &o,
                           const std::function<bool(const std::string &)> &given,
                           const std::function<void(const std::string &, const std::string &)> &set)
{
    auto apply = [&](const char *name, auto &member, auto value) {
        if (given(name) || member == value)
            return;
        member = value;
        set(name, std::to_string(value));
    };
    apply("--itr", o.itr, k.itr_default);
    apply("--radv", o.radv, k.radv_default);
    apply("--max-backlog", o.max_backlog, k.max_backlog_default);
}

} // namespace rxsim
