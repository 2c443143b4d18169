// The progress line: silent off a terminal, on a terminal only after a
// second, at most every 250 ms, cleared at the end.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <pty.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "progress.h"

using rxsim::progress_line;
using ms = std::chrono::milliseconds;

namespace {

// Everything readable now on fd (non-blocking).
std::string drain(int fd)
{
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    std::string s;
    char buf[512];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0)
        s.append(buf, static_cast<size_t>(n));
    return s;
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
        EXPECT_EQ(drain(master), ""); // short runs stay quiet
        p.update(t0 + ms(1000), 12345678, 2000);
        std::string first = drain(master);
        EXPECT_NE(first.find("simulated 12.346 ms"), std::string::npos) << first;
        EXPECT_NE(first.find("2000 packets"), std::string::npos) << first;
        EXPECT_NE(first.find("2000 packets/s (wall)"), std::string::npos) << first;
        p.update(t0 + ms(1200), 13000000, 2100);
        EXPECT_EQ(drain(master), ""); // < 250 ms since the last one
        p.update(t0 + ms(1250), 14000000, 2200);
        EXPECT_NE(drain(master).find("2200 packets"), std::string::npos);
        p.finish();
        EXPECT_EQ(drain(master), "\r\033[K");
        p.finish();
        EXPECT_EQ(drain(master), ""); // once
    }
    {
        // Knowing the total, it says how far the run is.
        progress_line p(slave, true, t0, 8000);
        p.update(t0 + ms(1000), 12345678, 2000);
        std::string line = drain(master);
        EXPECT_NE(line.find("2000 of 8000 packets (25%)"), std::string::npos) << line;
    }
    EXPECT_EQ(drain(master), "\r\033[K"); // cleared when it goes
    {
        progress_line off(slave, false, t0); // --no-progress
        off.update(t0 + ms(5000), 1, 1);
    }
    EXPECT_EQ(drain(master), "");
    close(master);
    close(slave);
}
