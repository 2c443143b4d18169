// The rxsim program itself: subcommands, --help, exit codes.
#include <gtest/gtest.h>

#include <pcap/pcap.h>

#include <regex>

#include "cli_fixture.h"
#include "exit_codes.h"
#include "nic_builds.h"
#include "rxtrace.h"

using clitest::run_rxsim;
using clitest::temp_file;

TEST(CliBinary, HelpListsSubcommandsAndExitCodes)
{
    clitest::ran r = run_rxsim("--help");
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(r.out.find("run"), std::string::npos);
    EXPECT_NE(r.out.find("gen"), std::string::npos);
    EXPECT_NE(r.out.find(rxsim::exit_codes_help), std::string::npos) << r.out;
}

// One line each: rxsim's version and commit, the NIC builds, Verilator,
// SystemC, libpcap (the one this test links too, so the very same line).
TEST(CliBinary, VersionNamesEachComponent)
{
    clitest::ran r = run_rxsim("--version");
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(std::regex_search(r.out, std::regex("^rxsim " RXSIM_PROJECT_VERSION " \\(git [0-9a-f]{7,}(-dirty)?\\)\n|"
                                                    "^rxsim " RXSIM_PROJECT_VERSION " \\(git unknown\\)\n")))
        << r.out;
    for (const rxsim::nic_build &b : rxsim::nic_builds)
        EXPECT_NE(r.out.find(std::string(b.name) + " (" + std::string(b.summary) + ")"), std::string::npos) << r.out;
    EXPECT_TRUE(std::regex_search(r.out, std::regex("\nVerilator [0-9]+\\.[0-9]+ [0-9]{4}-[0-9]{2}-[0-9]{2}\n")))
        << r.out;
    EXPECT_TRUE(std::regex_search(r.out, std::regex("\nSystemC [0-9]+\\.[0-9]+\\.[0-9]+")) ) << r.out;
    EXPECT_NE(r.out.find(std::string("\n") + pcap_lib_version() + "\n"), std::string::npos) << r.out;
    EXPECT_NE(run_rxsim("--help").out.find("--version"), std::string::npos);
}

TEST(CliBinary, RunHelpListsOptionsWithDefaults)
{
    clitest::ran r = run_rxsim("run --help");
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(clitest::option_line(r.out, "--napi-budget").find("[default: 300]"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("--fcs-corrupt"), std::string::npos);
}

TEST(CliBinary, BadOptionExitsTwoNamingIt)
{
    clitest::ran r = run_rxsim("run t.pcap --napi-weight 0");
    EXPECT_EQ(r.status, rxsim::exit_bad_options);
    EXPECT_NE(r.err.find("--napi-weight"), std::string::npos) << r.err;
    EXPECT_EQ(run_rxsim("").status, rxsim::exit_bad_options);
    EXPECT_EQ(run_rxsim("fly").status, rxsim::exit_bad_options);
}

// --nic takes the names of the NIC builds linked into rxsim, and only those.
TEST(CliBinary, UnknownNicBuildIsABadOptionNamingTheBuilds)
{
    clitest::ran r = run_rxsim("run t.pcap --nic bogus");
    EXPECT_EQ(r.status, rxsim::exit_bad_options);
    for (const char *m : {"--nic", "bogus", "10g", "1g"})
        EXPECT_NE(r.err.find(m), std::string::npos) << m << ": " << r.err;
    clitest::ran h = run_rxsim("run --help");
    EXPECT_NE(clitest::option_line(h.out, "--nic").find("10g (64-bit"), std::string::npos) << h.out;
}

TEST(CliBinary, TraceProblemsHaveTheirExitCodes)
{
    clitest::ran r = run_rxsim("run /nonexistent/x.pcap");
    EXPECT_EQ(r.status, rxsim::exit_trace_unreadable);
    EXPECT_NE(r.err.find("/nonexistent/x.pcap"), std::string::npos) << r.err;

    r = run_rxsim("run " + temp_file("user0.pcap", clitest::pcap_header(147)));
    EXPECT_EQ(r.status, rxsim::exit_trace_unsupported) << r.err;
    EXPECT_NE(r.err.find("user0.pcap"), std::string::npos) << r.err;

    r = run_rxsim("run " + temp_file("junk.pcap", std::string(64, 'x')));
    EXPECT_EQ(r.status, rxsim::exit_trace_corrupt) << r.err;
}

TEST(CliBinary, GenIsTheGeneratorsCommandLine)
{
    std::string out = temp_file("gen.pcap", "");
    clitest::ran r = run_rxsim("gen -n 3 -o " + out);
    ASSERT_EQ(r.status, 0) << r.err;
    rxtrace_options_t o;
    rxtrace_options_default(&o);
    rxtrace_error_t err;
    rxtrace_t *t = rxtrace_open(out.c_str(), &o, &err);
    ASSERT_NE(t, nullptr) << err.message;
    rxtrace_frame_t f;
    int frames = 0;
    while (rxtrace_next(t, &f) > 0)
        frames++;
    rxtrace_close(t);
    EXPECT_EQ(frames, 3);
    clitest::ran h = run_rxsim("gen --help");
    EXPECT_EQ(h.status, 0);
    EXPECT_NE(h.out.find("rxsim gen"), std::string::npos) << h.out;
}
