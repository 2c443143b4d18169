// The guard against a simulator that stops advancing (a driver or stack loop
// that spends no simulated time, a model stuck in delta cycles): a thread that
// watches a progress mark (the CPU's clock as it last yielded to SystemC) and,
// when it has not moved for `limit` of wall time, calls on_stall once with
// the value it is stuck at. Wall time, not simulated time: a stuck simulation
// has none. The mark is written by the simulation, read here.
#ifndef RXSIM_STALL_WATCH_H
#define RXSIM_STALL_WATCH_H

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

namespace rxsim {

class stall_watch {
public:
    stall_watch(const std::atomic<uint64_t> &progress, std::chrono::milliseconds limit,
                std::function<void(uint64_t stuck_at)> on_stall);
    ~stall_watch();
    stall_watch(const stall_watch &) = delete;
    stall_watch &operator=(const stall_watch &) = delete;

private:
    void watch();

    const std::atomic<uint64_t> &progress_;
    const std::chrono::milliseconds limit_;
    std::function<void(uint64_t)> on_stall_;
    std::mutex m_;
    std::condition_variable cv_;
    bool done_ = false;
    std::thread thread_;
};

} // namespace rxsim

#endif
