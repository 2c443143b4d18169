// When one direction of a link is busy: a set of disjoint busy intervals
// (picoseconds). A transfer takes the earliest gap at or after the time it is
// ready that is long enough for it, so a request issued now is not held up by
// completions already booked for later (e.g. the answer to a DMA read, 500 ns
// ahead), while all traffic still shares the bandwidth. Deterministic: the
// result depends only on the sequence of bookings.
#ifndef RXSIM_LINK_TIMELINE_H
#define RXSIM_LINK_TIMELINE_H

#include <cstdint>
#include <map>

namespace rxsim {

class link_timeline {
public:
    // Occupies the link for duration_ps from the earliest free moment >= ready_ps;
    // returns the end of that slot.
    uint64_t book(uint64_t ready_ps, uint64_t duration_ps);
    // Drops intervals that end at or before t: nothing can be booked before the
    // current simulated time, so they no longer matter.
    void forget_before(uint64_t t_ps);
    // End of the last booked interval (0 when none).
    uint64_t busy_until() const;

private:
    std::map<uint64_t, uint64_t> busy_; // start -> end, disjoint, touching ones merged
};

} // namespace rxsim

#endif
