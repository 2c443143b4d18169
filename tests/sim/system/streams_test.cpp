// Where a run reads and writes: a capture from stdin or a FIFO (read once,
// as it goes), output paths checked before anything is simulated, and
// Ctrl-C, which stops the run and still writes the report.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <thread>

#include <nlohmann/json.hpp>

#include "cli_fixture.h"
#include "exit_codes.h"

extern char **environ;

namespace {

using json = nlohmann::json;

// A 200-packet trace from rxsim-gen, and its report read from a file.
std::string demo_trace()
{
    const std::string path = clitest::temp_file("streams.pcap", "");
    const std::string cmd = std::string(RXSIM_GEN) + " -q -o " + path + " -n 200 --rate 200k";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    return path;
}

uint64_t lines_in(const std::string &path)
{
    const std::string text = clitest::slurp(path);
    return uint64_t(std::count(text.begin(), text.end(), '\n'));
}

// The report without the options and the header made of them (they name the
// trace as typed).
json report_of(const std::string &json_path)
{
    json j = json::parse(clitest::slurp(json_path));
    j.erase("options");
    j.erase("run");
    return j;
}

} // namespace

TEST(SystemStreams, StdinFifoAndDevStdinGiveTheFilesReport)
{
    const std::string trace = demo_trace();
    const std::string ref = clitest::temp_file("ref.json", "");
    ASSERT_EQ(clitest::run_rxsim("run " + trace + " --no-progress --json " + ref).status, 0);
    const json want = report_of(ref);
    EXPECT_EQ(want["records_in"], 200);

    const std::string piped = clitest::temp_file("stdin.json", "");
    clitest::ran r = clitest::run_rxsim("run - --no-progress --json " + piped + " < " + trace);
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(report_of(piped), want);

    // A real pipe (not a redirected file) behind /dev/stdin.
    const std::string dev = clitest::temp_file("devstdin.json", "");
    r = clitest::run_shell("cat " + trace + " | " + RXSIM_BIN + " run /dev/stdin --no-progress --json " + dev);
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(report_of(dev), want);

    // A FIFO opens once: a second opening would wait for a writer forever.
    const std::string fifo = clitest::temp_file("trace.fifo", "");
    std::remove(fifo.c_str());
    ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
    const std::string fifo_json = clitest::temp_file("fifo.json", "");
    r = clitest::run_shell(std::string(RXSIM_BIN) + " run " + fifo + " --no-progress --json " + fifo_json +
                           " & cat " + trace + " > " + fifo + "; wait $!");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(report_of(fifo_json), want);
}

TEST(SystemStreams, APipeIsReadOnceSoLoopsAreRefused)
{
    const std::string trace = demo_trace();
    clitest::ran r = clitest::run_shell("cat " + trace + " | " + RXSIM_BIN + " run - --no-progress --loops 2");
    EXPECT_EQ(r.status, rxsim::exit_bad_options);
    EXPECT_NE(r.err.find("stdin: --loops 2 needs a file that can be read again"), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "");
    r = clitest::run_rxsim("run - --no-progress < /dev/null");
    EXPECT_EQ(r.status, rxsim::exit_trace_corrupt);
    EXPECT_NE(r.err.find("stdin: empty file (0 bytes)"), std::string::npos) << r.err;
}

// An output that cannot be written fails before the run (exit 2, the path and
// why), not after it: nothing is simulated, no report is printed.
TEST(SystemStreams, UnwritableOutputsFailBeforeSimulating)
{
    const std::string trace = demo_trace();
    for (const char *option : {"--json", "--packet-log"}) {
        clitest::ran r = clitest::run_rxsim("run " + trace + " --no-progress " + option + " /nonexistent/dir/x.json");
        EXPECT_EQ(r.status, rxsim::exit_bad_options) << option;
        EXPECT_EQ(r.err, std::string("rxsim run: ") + option +
                             ": cannot write /nonexistent/dir/x.json: No such file or directory\n");
        EXPECT_EQ(r.out, "");
    }
}

// --loops 0 replays until Ctrl-C; SIGINT stops at the next slice, with the
// books of what was simulated: every record read is on the wire or counted
// (the one read ahead and never sent is trace.interrupted), every frame on
// the wire has its fate, and the exit status is 130.
TEST(SystemStreams, SigintStopsAnEndlessReplayWithBalancedBooks)
{
    const std::string trace = demo_trace();
    const std::string out = clitest::temp_file("sigint.json", "");
    const std::string log = clitest::temp_file("sigint.log", "");
    const std::string text = clitest::temp_file("sigint.txt", "");
    const std::string bin = RXSIM_BIN;
    std::vector<std::string> args = {bin, "run", trace, "--no-progress", "--loops", "0",
                                     "--json", out, "--packet-log", log};
    std::vector<char *> argv;
    for (std::string &a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, text.c_str(), O_WRONLY | O_TRUNC, 0);
    pid_t pid;
    ASSERT_EQ(posix_spawn(&pid, bin.c_str(), &fa, nullptr, argv.data(), environ), 0);
    posix_spawn_file_actions_destroy(&fa);
    // More packets than one pass holds have had their fates (the log is
    // written as they end): the replay is past the trace's first end.
    for (int i = 0; i < 1200 && lines_in(log) <= 200; i++)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ASSERT_GT(lines_in(log), 200u) << "not past one pass within a minute";
    ASSERT_EQ(kill(pid, SIGINT), 0);
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), rxsim::exit_interrupted);

    json j = json::parse(clitest::slurp(out));
    EXPECT_TRUE(j["interrupted"].get<bool>());
    EXPECT_TRUE(j["accounted"].get<bool>()) << j.dump(1);
    EXPECT_TRUE(j["violations"].empty());
    const uint64_t records = j["records_in"], packets = j["packets_in"], unsent = j["skipped"]["trace.interrupted"];
    EXPECT_GT(packets, 200u);
    EXPECT_LE(unsent, 1u);
    EXPECT_EQ(records, packets + unsent);
    EXPECT_EQ(j["skipped_total"].get<uint64_t>(), unsent);
    EXPECT_EQ(lines_in(log), packets); // one packet-log line per frame on the wire
    EXPECT_NE(clitest::slurp(text).find("(interrupted: the report covers the time simulated so far)"), std::string::npos);
}
