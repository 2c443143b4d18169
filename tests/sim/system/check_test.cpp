// rxsim check on small batteries of its own: a passing scenario, results
// that moved from the recorded ones (named, exit 7), a run that fails its
// checks, the JUnit file, and bad input, a driver module among it (exit 2).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "cli_fixture.h"
#include "exit_codes.h"

namespace {

namespace fs = std::filesystem;

// A battery directory with its golden/ beside it.
std::string battery(const std::string &name, const std::string &scenarios)
{
    const fs::path dir = fs::path(clitest::temp_file(name + ".dir", "")).replace_extension("");
    fs::remove(dir.string() + ".dir");
    fs::create_directories(dir / "golden");
    const std::string file = (dir / "battery.json").string();
    std::ofstream(file) << "{\"scenarios\": [" << scenarios << "]}\n";
    return file;
}

} // namespace

TEST(SystemCheck, RecordedResultsPassAndMovedOnesAreNamed)
{
    const std::string b = battery("moved", R"({"name": "light", "gen": "-n 50 --rate 20k", "run": ""},
                                           {"name": "ring", "gen": "-n 400 --line-rate", "run": "--ring 80"})");
    clitest::ran r = clitest::run_rxsim("check -j 2 --battery " + b);
    EXPECT_EQ(r.status, rxsim::exit_check_failed);
    EXPECT_NE(r.out.find("FAIL light: no recorded results"), std::string::npos) << r.out;

    r = clitest::run_rxsim("check -j 2 --update --battery " + b);
    EXPECT_EQ(r.status, 0) << r.out << r.err;
    r = clitest::run_rxsim("check -j 2 --battery " + b);
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_EQ(r.out, "PASS light\nPASS ring\n2 scenarios: 2 passed, 0 failed\n");

    // A change that moves a figure: the counters that moved, by name.
    const std::string golden = (fs::path(b).parent_path() / "golden" / "ring.json").string();
    std::string text = clitest::slurp(golden);
    const size_t at = text.find("\"fifo.missed\": ");
    ASSERT_NE(at, std::string::npos) << text;
    const size_t end = text.find_first_of(",\n", at);
    const std::string was = text.substr(at + 15, end - at - 15);
    text.replace(at, end - at, "\"fifo.missed\": 7");
    std::ofstream(golden) << text;
    const std::string xml = clitest::temp_file("check.xml", "");
    r = clitest::run_rxsim("check -j 2 --battery " + b + " --junit " + xml);
    EXPECT_EQ(r.status, rxsim::exit_check_failed);
    EXPECT_NE(r.out.find("FAIL ring: results moved from ring.json: dropped.fifo.missed: 7 -> " + was), std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("2 scenarios: 1 passed, 1 failed"), std::string::npos);
    const std::string junit = clitest::slurp(xml);
    EXPECT_NE(junit.find("<testsuite name=\"rxsim check\" tests=\"2\" failures=\"1\""), std::string::npos) << junit;
    EXPECT_NE(junit.find("<testcase classname=\"rxsim.check\" name=\"light\""), std::string::npos) << junit;
    EXPECT_NE(junit.find("<failure message=\"results moved from ring.json: dropped.fifo.missed: 7 -&gt; " + was),
              std::string::npos)
        << junit;
}

TEST(SystemCheck, ARunThatFailsItsChecksFailsItsScenario)
{
    // --not-polled-us 1 under a 2 ms RDTR: the liveness check trips (exit 6).
    const std::string b = battery("liveness", R"({"name": "late", "gen": "-n 20 --rate 1k",
                                               "run": "--itr 0 --rdtr 2000 --radv 0 --not-polled-us 1"})");
    clitest::ran r = clitest::run_rxsim("check --battery " + b);
    EXPECT_EQ(r.status, rxsim::exit_check_failed);
    EXPECT_NE(r.out.find("FAIL late: rxsim run exited 6: rxsim run: INVARIANT VIOLATED: not-polled:"),
              std::string::npos)
        << r.out;
}

TEST(SystemCheck, BadBatteriesAndOptionsAreRefused)
{
    EXPECT_EQ(clitest::run_rxsim("check --battery " + clitest::temp_file("junk.json", "{\"scen")).status,
              rxsim::exit_bad_options);
    const std::string b = battery("only", R"({"name": "light", "gen": "-n 5", "run": ""})");
    clitest::ran r = clitest::run_rxsim("check --battery " + b + " --only heavy");
    EXPECT_EQ(r.status, rxsim::exit_bad_options);
    EXPECT_NE(r.err.find("--only: no scenario heavy"), std::string::npos) << r.err;
    r = clitest::run_rxsim("check --battery " + b + " --junit /nonexistent/dir/x.xml");
    EXPECT_EQ(r.status, rxsim::exit_bad_options);
    EXPECT_NE(r.err.find("--junit: cannot write /nonexistent/dir/x.xml"), std::string::npos) << r.err;
    // A module rxsim run would refuse, refused once before any scenario.
    r = clitest::run_rxsim("check --battery " + b + " --driver " + clitest::temp_file("not-elf.so", "text"));
    EXPECT_EQ(r.status, rxsim::exit_bad_options);
    EXPECT_NE(r.err.find("rxsim check: --driver"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("cannot load"), std::string::npos) << r.err;
    EXPECT_EQ(r.out.find("light"), std::string::npos) << r.out;
}
