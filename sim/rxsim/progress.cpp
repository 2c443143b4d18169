#include "progress.h"

#include <unistd.h>

#include <cstdio>

namespace rxsim {

double eta_seconds(double elapsed_s, uint64_t done, uint64_t total)
{
    if (done == 0 || total == 0 || elapsed_s <= 0)
        return -1;
    if (done >= total)
        return 0;
    return elapsed_s * static_cast<double>(total - done) / static_cast<double>(done);
}

std::string eta_text(double seconds)
{
    if (seconds < 0)
        return "";
    const unsigned long long s = static_cast<unsigned long long>(seconds + 0.5);
    char buf[48];
    if (s >= 3600)
        std::snprintf(buf, sizeof buf, "ETA %lluh%02llum", s / 3600, s / 60 % 60);
    else if (s >= 60)
        std::snprintf(buf, sizeof buf, "ETA %llum%02llus", s / 60, s % 60);
    else
        std::snprintf(buf, sizeof buf, "ETA %llus", s);
    return buf;
}

progress_line::progress_line(int fd, bool enabled, clock::time_point start, uint64_t total_packets)
    : fd_(fd), on_(enabled && isatty(fd)), start_(start), last_(start), total_(total_packets)
{
}

void progress_line::put(const char *s, size_t n)
{
    // A progress line is best effort: a failed write is not worth stopping for.
    while (n > 0) {
        ssize_t w = write(fd_, s, n);
        if (w <= 0)
            return;
        s += w;
        n -= static_cast<size_t>(w);
    }
}

void progress_line::update(clock::time_point now, uint64_t sim_ns, uint64_t packets)
{
    if (!on_ || now - start_ < first_after || (drawn_ && now - last_ < every))
        return;
    double wall = std::chrono::duration<double>(now - start_).count();
    char of[32] = "", share[16] = "";
    std::string eta;
    if (total_) {
        std::snprintf(of, sizeof of, " of %llu", static_cast<unsigned long long>(total_));
        std::snprintf(share, sizeof share, " (%.0f%%)",
                      100.0 * static_cast<double>(packets) / static_cast<double>(total_));
        eta = eta_text(eta_seconds(wall, packets, total_));
        if (!eta.empty())
            eta = " | " + eta;
    }
    char buf[200];
    // \r and "erase to end of line" redraw in place.
    int n = std::snprintf(buf, sizeof buf,
                          "\r\033[Ksimulated %.3f ms | %llu%s packets%s | %.0f packets/s (wall)%s",
                          static_cast<double>(sim_ns) / 1e6, static_cast<unsigned long long>(packets), of,
                          share, static_cast<double>(packets) / wall, eta.c_str());
    put(buf, static_cast<size_t>(n));
    drawn_ = true;
    last_ = now;
}

void progress_line::finish()
{
    if (drawn_)
        put("\r\033[K", 4);
    drawn_ = false;
}

} // namespace rxsim
