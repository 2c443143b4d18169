// The progress line on stderr: simulated time, packets and rate, redrawn in
// place at most 4 times a second, only when the file descriptor is a terminal
// and only once the run has lasted a second; cleared at the end so the report
// starts on a clean line. Knowing the total, it adds an ETA: the wall time so
// far, extrapolated at the rate so far. The caller passes the wall clock
// (testable).
#ifndef RXSIM_PROGRESS_H
#define RXSIM_PROGRESS_H

#include <chrono>
#include <cstdint>
#include <string>

namespace rxsim {

// The wall seconds left when `done` of `total` took `elapsed_s`, at that rate;
// < 0 when it cannot be told yet (nothing done, or no total).
double eta_seconds(double elapsed_s, uint64_t done, uint64_t total);
// "ETA 1m23s", "ETA 45s", "ETA 2h05m"; "" for a negative estimate.
std::string eta_text(double seconds);

class progress_line {
public:
    using clock = std::chrono::steady_clock;
    static constexpr std::chrono::milliseconds first_after{1000}, every{250};

    // Silent unless enabled and fd is a terminal. total_packets > 0 adds
    // "of N", the share done and the ETA.
    progress_line(int fd, bool enabled, clock::time_point start, uint64_t total_packets = 0);
    ~progress_line() { finish(); }
    progress_line(const progress_line &) = delete;
    progress_line &operator=(const progress_line &) = delete;

    void update(clock::time_point now, uint64_t sim_ns, uint64_t packets);
    // Clears the line if one was drawn.
    void finish();

private:
    void put(const char *s, size_t n);

    int fd_;
    bool on_;
    clock::time_point start_, last_;
    uint64_t total_;
    bool drawn_ = false;
};

} // namespace rxsim

#endif
