// The progress line: silent off a terminal, on a terminal only after a
// second, at most every 250 ms, cleared at the end.
#include <gtest/gtest.h>

#include <poll.h>
#include <pty.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "progress.h"

using rxsim::progress_line;
using ms = std::chrono::milliseconds;

namespace {

// Everything written to the pty's slave side since the last call, read from
// its master. The kernel moves bytes from slave to master on its own time, so
// a read right after a write may find nothing yet: a marker byte is written
// after whatever the progress line wrote, and the master is read (poll() with
// a timeout) up to the marker. Order is kept, so "nothing written" is certain
// too, without sleeping.
std::string written(int master, int slave)
{
    const char marker = '\x01'; // never in a progress line
    EXPECT_EQ(write(slave, &marker, 1), 1);
    std::string s;
    for (;;) {
        pollfd p{master, POLLIN, 0};
        if (poll(&p, 1, 10000) != 1) {
            ADD_FAILURE() << "the pty gave nothing for 10 s after: " << s;
            return s;
        }
        char buf[512];
        const ssize_t n = read(master, buf, sizeof buf);
        if (n <= 0) {
            ADD_FAILURE() << "reading the pty master: " << std::strerror(errno);
            return s;
        }
        s.append(buf, static_cast<size_t>(n));
        const size_t end = s.find(marker);
        if (end != std::string::npos) {
            EXPECT_EQ(end + 1, s.size()) << "bytes after the marker";
            s.resize(end);
            return s;
        }
    }
}

} // namespace

TEST(CliProgress, QuietWhenNotATerminal)
{
    FILE *f = std::tmpfile();
    ASSERT_NE(f, nullptr);
    auto t0 = progress_line::clock::now();
    {
        progress_line p(fileno(f), true, t0);
        for (int i = 0; i < 20; i++)
            p.update(t0 + ms(500 * i), 1000u * i, 10u * i);
    }
    EXPECT_EQ(std::ftell(f), 0L);
    EXPECT_EQ(lseek(fileno(f), 0, SEEK_END), 0);
    std::fclose(f);
}

TEST(CliProgress, OnATerminalAfterASecondThrottledAndCleared)
{
    int master, slave;
    ASSERT_EQ(openpty(&master, &slave, nullptr, nullptr, nullptr), 0);
    auto t0 = progress_line::clock::now();
    {
        progress_line p(slave, true, t0);
        p.update(t0 + ms(900), 5000000, 100);
        EXPECT_EQ(written(master, slave), ""); // short runs stay quiet
        p.update(t0 + ms(1000), 12345678, 2000);
        std::string first = written(master, slave);
        EXPECT_NE(first.find("simulated 12.346 ms"), std::string::npos) << first;
        EXPECT_NE(first.find("2000 packets"), std::string::npos) << first;
        EXPECT_NE(first.find("2000 packets/s (wall)"), std::string::npos) << first;
        p.update(t0 + ms(1200), 13000000, 2100);
        EXPECT_EQ(written(master, slave), ""); // < 250 ms since the last one
        p.update(t0 + ms(1250), 14000000, 2200);
        EXPECT_NE(written(master, slave).find("2200 packets"), std::string::npos);
        p.finish();
        EXPECT_EQ(written(master, slave), "\r\033[K");
        p.finish();
        EXPECT_EQ(written(master, slave), ""); // once
    }
    {
        // Knowing the total, it says how far the run is.
        progress_line p(slave, true, t0, 8000);
        p.update(t0 + ms(1000), 12345678, 2000);
        std::string line = written(master, slave);
        EXPECT_NE(line.find("2000 of 8000 packets (25%)"), std::string::npos) << line;
        // A quarter in 1 s: three more seconds at that rate.
        EXPECT_NE(line.find("(wall) | ETA 3s"), std::string::npos) << line;
    }
    EXPECT_EQ(written(master, slave), "\r\033[K"); // cleared when it goes
    {
        progress_line off(slave, false, t0); // --no-progress
        off.update(t0 + ms(5000), 1, 1);
    }
    EXPECT_EQ(written(master, slave), "");
    close(master);
    close(slave);
}

// The estimate: the wall time so far, scaled by what is left over what is done.
TEST(CliProgress, EtaExtrapolatesTheRateSoFar)
{
    EXPECT_DOUBLE_EQ(rxsim::eta_seconds(10, 250, 1000), 30);
    EXPECT_DOUBLE_EQ(rxsim::eta_seconds(2.5, 1, 3), 5);
    EXPECT_DOUBLE_EQ(rxsim::eta_seconds(7, 1000, 1000), 0);
    EXPECT_DOUBLE_EQ(rxsim::eta_seconds(7, 1200, 1000), 0); // a count past the total: done
    EXPECT_LT(rxsim::eta_seconds(10, 0, 1000), 0);          // nothing done yet: no rate
    EXPECT_LT(rxsim::eta_seconds(10, 5, 0), 0);             // no total
    EXPECT_EQ(rxsim::eta_text(-1), "");
    EXPECT_EQ(rxsim::eta_text(0), "ETA 0s");
    EXPECT_EQ(rxsim::eta_text(44.6), "ETA 45s");
    EXPECT_EQ(rxsim::eta_text(59.4), "ETA 59s");
    EXPECT_EQ(rxsim::eta_text(83), "ETA 1m23s");
    EXPECT_EQ(rxsim::eta_text(3599), "ETA 59m59s");
    EXPECT_EQ(rxsim::eta_text(7500), "ETA 2h05m");
}

// Without a total (a pipe, --loops 0) the line has no ETA.
TEST(CliProgress, NoEtaWithoutATotal)
{
    int master, slave;
    ASSERT_EQ(openpty(&master, &slave, nullptr, nullptr, nullptr), 0);
    auto t0 = progress_line::clock::now();
    {
        progress_line p(slave, true, t0);
        p.update(t0 + ms(2000), 1000000, 500);
        std::string line = written(master, slave);
        EXPECT_NE(line.find("500 packets"), std::string::npos) << line;
        EXPECT_EQ(line.find("ETA"), std::string::npos) << line;
    }
    close(master);
    close(slave);
}
