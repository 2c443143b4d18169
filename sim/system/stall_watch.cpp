#include "stall_watch.h"

namespace rxsim {

stall_watch::stall_watch(const std::atomic<uint64_t> &progress, std::chrono::milliseconds limit,
                         std::function<void(uint64_t)> on_stall)
    : progress_(progress), limit_(limit), on_stall_(std::move(on_stall)), thread_([this] { watch(); })
{
}

stall_watch::~stall_watch()
{
    {
        std::lock_guard<std::mutex> lock(m_);
        done_ = true;
    }
    cv_.notify_one();
    thread_.join();
}

void stall_watch::watch()
{
    using clock = std::chrono::steady_clock;
    // Looks four times per limit: a stall is reported within 1.25 limits.
    const auto every = std::max(limit_ / 4, std::chrono::milliseconds(1));
    uint64_t seen = progress_.load(std::memory_order_relaxed);
    auto since = clock::now();
    std::unique_lock<std::mutex> lock(m_);
    while (!cv_.wait_for(lock, every, [this] { return done_; })) {
        const uint64_t now = progress_.load(std::memory_order_relaxed);
        if (now != seen) {
            seen = now;
            since = clock::now();
        } else if (clock::now() - since >= limit_) {
            on_stall_(seen);
            return;
        }
    }
}

} // namespace rxsim
