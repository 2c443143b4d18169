// Streaming: replaying a file 100 times longer takes no more memory.
#include <gtest/gtest.h>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "trace_fixture.h"

using namespace fixture;

namespace {

// Peak resident set (KiB) of a child process that replays path to the end;
// -1 if the replay did not give `frames` frames.
long replay_peak_kib(const std::string &path, uint64_t frames)
{
    pid_t pid = fork();
    if (pid == 0) {
        rxtrace_options_t o = defaults();
        rxtrace_error_t err;
        rxtrace_t *t = rxtrace_open(path.c_str(), &o, &err);
        rxtrace_frame_t f;
        uint64_t n = 0;
        while (t && rxtrace_next(t, &f) > 0)
            n++;
        if (t)
            rxtrace_close(t);
        _exit(n == frames ? 0 : 1);
    }
    int status = 0;
    struct rusage ru {};
    if (pid < 0 || wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
        return -1;
    return ru.ru_maxrss;
}

TEST(TraceStreaming, MemoryDoesNotGrowWithFileLength)
{
    auto file = [](const char *name, int n) {
        std::vector<Record> recs;
        Bytes f = ether_ipv4(60);
        for (int i = 0; i < n; i++)
            recs.push_back({uint64_t(i) * 100, f});
        return write_temp(name, pcap(LT_ETHERNET, recs, true));
    };
    std::string small = file("small.pcap", 1000), large = file("large.pcap", 100000);
    long small_kib = replay_peak_kib(small, 1000);
    long large_kib = replay_peak_kib(large, 100000);
    ASSERT_GT(small_kib, 0);
    ASSERT_GT(large_kib, 0);
    // The large file is 7.6 MB; holding it, or a fraction of it, would show.
    EXPECT_LT(large_kib - small_kib, 1024) << small_kib << " KiB vs " << large_kib << " KiB";
    std::remove(large.c_str());
}

} // namespace
