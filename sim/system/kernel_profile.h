// Kernel profiles (--kernel): the choices of the driver and the receive
// path that differ between the kernel eras rxsim models, each with the
// release or commit that changed it (docs/KERNELS.md).  A profile picks the
// stack's and the driver's behaviour (rx_system), the defaults of a few
// options, and which options exist at all (the command line refuses the
// others).
#ifndef RXSIM_KERNEL_PROFILE_H
#define RXSIM_KERNEL_PROFILE_H

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "run_config.h"

namespace rxsim {

// A release as major * 10000 + minor * 100 + patch: 2.6.12 is 20612.
using kernel_version = uint32_t;

struct kernel_profile {
    const char *name;          // what --kernel takes: "2.6"
    const char *read;          // the release whose sources it follows: "2.6.12"
    const char *summary;       // for --help
    kernel_version version;
    // kernel/softirq.c and net/core/dev.c (struct net_sysctl's era choices)
    bool softirq_time_limit;   // __do_softirq: 2 ms and need_resched() end restarts
    bool ksoftirqd_defers;     // "let ksoftirqd do its job"
    bool napi_missed;          // napi_schedule_prep sets NAPI_STATE_MISSED
    // e1000 (e1000_main.c, e1000_param.c)
    bool e1000_prep_before_mask; // e1000_intr: schedule, then IMC; no unmask on a miss
    uint32_t itr_default;      // InterruptThrottleRate
    uint32_t radv_default;     // RxAbsIntDelay
    int max_backlog_default;   // netdev_max_backlog
};

// What a release added, by the rxsim option that uses it (none yet: the
// profile records it).
struct kernel_feature {
    const char *option;        // "--busy-poll-us", or nullptr
    const char *what;          // "busy polling (SO_BUSY_POLL)"
    const char *since;         // "3.11"
    kernel_version since_version;
    bool (*used)(const run_config &o); // the options ask for it
};

// Oldest first; the last is the newest, the default.
const std::vector<kernel_profile> &kernel_profiles();
const std::vector<kernel_feature> &kernel_features();
// The profile --kernel NAME names; throws std::invalid_argument for another.
const kernel_profile &kernel_profile_named(const std::string &name);
bool kernel_has(const kernel_profile &k, const kernel_feature &f);

// The first option o uses that profile k does not have, and why, as the
// command line says it: "--threaded-napi: not in kernel 4.19 (added in
// 5.12)".  Empty option when there is none.
struct kernel_refusal {
    std::string option, why;
};
kernel_refusal kernel_refuses(const kernel_profile &k, const run_config &o);

// The profile's option defaults into o, for each of those options that
// given(name) says was not set ("--itr", "--radv", "--max-backlog"); calls
// set(name, value) for each one changed, so the caller can show the value.
void kernel_apply_defaults(const kernel_profile &k, run_config &o,
                           const std::function<bool(const std::string &)> &given,
                           const std::function<void(const std::string &, const std::string &)> &set);

} // namespace rxsim

#endif
