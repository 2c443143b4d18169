#include "link_timeline.h"

#include <algorithm>
#include <iterator>

namespace rxsim {

uint64_t link_timeline::book(uint64_t ready_ps, uint64_t duration_ps)
{
    uint64_t start = ready_ps;
    // The interval that may cover `start`, then every later one until a gap fits.
    auto it = busy_.upper_bound(start);
    if (it != busy_.begin() && std::prev(it)->second > start)
        start = std::prev(it)->second;
    while (it != busy_.end() && it->first < start + duration_ps) {
        start = std::max(start, it->second);
        ++it;
    }
    uint64_t end = start + duration_ps;
    if (duration_ps == 0)
        return end;
    // Insert [start, end) and merge it with touching neighbours.
    uint64_t lo = start, hi = end;
    auto next = busy_.lower_bound(start);
    if (next != busy_.begin() && std::prev(next)->second == start) {
        lo = std::prev(next)->first;
        busy_.erase(std::prev(next));
    }
    next = busy_.find(end);
    if (next != busy_.end()) {
        hi = next->second;
        busy_.erase(next);
    }
    busy_[lo] = hi;
    return end;
}

void link_timeline::forget_before(uint64_t t_ps)
{
    while (!busy_.empty() && busy_.begin()->second <= t_ps)
        busy_.erase(busy_.begin());
}

uint64_t link_timeline::busy_until() const
{
    return busy_.empty() ? 0 : busy_.rbegin()->second;
}

} // namespace rxsim
