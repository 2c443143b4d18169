// rxsim sweep as a program: the local engine, resuming, a changed spec,
// a failed point, the same CSV whatever -j or engine.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "cli_fixture.h"
#include "exit_codes.h"

using clitest::run_rxsim;
using clitest::slurp;
using clitest::temp_file;

namespace {

// 2 modes x 2 rates of 64 B UDP, 300 packets each: well under a second a point.
const std::string small_spec = "title = \"small\"\n"
                               "[run]\nnic = \"1g\"\n"
                               "[traffic]\ncount = 300\nsize = 64\n"
                               "[modes.pre-napi]\npre-napi = true\nitr = 0\n"
                               "[modes.napi]\n"
                               "[axes]\nmode = [\"pre-napi\", \"napi\"]\n"
                               "rate = {from = \"100k\", to = \"1M\", steps = 2, scale = \"log\"}\n";

std::string dir_of(const std::string &spec) { return std::filesystem::path(spec).parent_path().string(); }

} // namespace

TEST(SweepBinary, LocalEngineWritesEveryPointAndResumes)
{
    const std::string spec = temp_file("small.toml", small_spec), out = dir_of(spec) + "/out";
    clitest::ran r = run_rxsim("sweep " + spec + " -o " + out + " -j 2 --no-plot");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("4 points, 4 to run (0 done before)"), std::string::npos) << r.out;
    const std::string csv = slurp(out + "/results.csv");
    EXPECT_EQ(csv.substr(0, csv.find('\n')).substr(0, 40), "point,hash,mode,rate,status,offered_pps,");
    EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 5);
    EXPECT_NE(csv.find("dropped.fifo.missed"), std::string::npos);
    EXPECT_NE(csv.find("latency_ns.app.p99"), std::string::npos);
    EXPECT_NE(slurp(out + "/spec.toml").find("[[point]]"), std::string::npos);

    // Nothing left to do; the same CSV.
    r = run_rxsim("sweep " + spec + " -o " + out + " -j 1 --no-plot");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("4 points, 0 to run (4 done before)"), std::string::npos) << r.out;
    EXPECT_EQ(slurp(out + "/results.csv"), csv);

    // One more rate: only its two points run.
    std::string more = small_spec;
    more.replace(more.find("steps = 2"), 9, "steps = 3");
    temp_file("small.toml", more);
    r = run_rxsim("sweep " + spec + " -o " + out + " --no-plot");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("6 points, 2 to run (4 done before)"), std::string::npos) << r.out;
}

TEST(SweepBinary, SameCsvWhateverTheJobs)
{
    const std::string spec = temp_file("small.toml", small_spec), d = dir_of(spec);
    ASSERT_EQ(run_rxsim("sweep " + spec + " -o " + d + "/one -j 1 --no-plot").status, 0);
    ASSERT_EQ(run_rxsim("sweep " + spec + " -o " + d + "/two -j 2 --no-plot").status, 0);
    EXPECT_EQ(slurp(d + "/one/results.csv"), slurp(d + "/two/results.csv"));
}

TEST(SweepBinary, AFailedPointKeepsTheOthers)
{
    const std::string spec = temp_file("fail.toml", "title = \"f\"\n[traffic]\ncount = 50\n[modes.ok]\n"
                                                    "[modes.broken]\ndriver = \"/nonexistent/driver.so\"\n"
                                                    "[axes]\nmode = [\"ok\", \"broken\"]\n");
    const std::string out = dir_of(spec) + "/out";
    clitest::ran r = run_rxsim("sweep " + spec + " -o " + out + " --no-plot");
    EXPECT_EQ(r.status, rxsim::exit_sweep_failed);
    EXPECT_NE(r.err.find("point 1 (mode=broken) failed: rxsim run exited 2"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("/nonexistent/driver.so"), std::string::npos) << r.err; // its stderr
    const std::string csv = slurp(out + "/results.csv");
    EXPECT_NE(csv.find(",ok,0,"), std::string::npos) << csv;
    EXPECT_NE(csv.find(",broken,2,,"), std::string::npos) << csv;
}

TEST(SweepBinary, SpecErrorExitsTwoNamingLineAndKey)
{
    const std::string spec = temp_file("bad.toml", "title = \"b\"\n[traffic]\ncount = 5\n[axes]\nnapi-weight = [64, 0]\n");
    clitest::ran r = run_rxsim("sweep " + spec + " --no-plot");
    EXPECT_EQ(r.status, rxsim::exit_bad_options);
    EXPECT_NE(r.err.find("bad.toml:5: axes.napi-weight: rxsim run rejects it: --napi-weight"), std::string::npos)
        << r.err;
}

// GNU parallel on this machine gives the local engine's CSV, byte for byte.
TEST(SweepBinary, ParallelEngineMatchesLocal)
{
    const std::string spec = temp_file("small.toml", small_spec), d = dir_of(spec);
    ASSERT_EQ(run_rxsim("sweep " + spec + " -o " + d + "/local -j 2 --no-plot").status, 0);
    clitest::ran r = run_rxsim("sweep " + spec + " -o " + d + "/par -j 2 --engine parallel --no-plot "
                               "--engine-args '--sshlogin :'");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(slurp(d + "/local/results.csv"), slurp(d + "/par/results.csv"));
}

// The default figures, PNG and SVG, drawn at the end of a sweep; drawn
// again they are the same bytes.
TEST(SweepBinary, PlotDrawsTheDefaultFigures)
{
    const std::string spec = temp_file("small.toml", small_spec), out = dir_of(spec) + "/out";
    clitest::ran r = run_rxsim("sweep " + spec + " -o " + out + " -j 2");
    ASSERT_EQ(r.status, 0) << r.err;
    for (const char *name : {"delivered", "interrupts", "latency", "cpu"})
        for (const char *ext : {".png", ".svg"}) {
            const std::string path = out + "/plots/" + name + ext;
            EXPECT_GT(slurp(path).size(), 1000u) << path;
        }
    const std::string svg = slurp(out + "/plots/delivered.svg");
    EXPECT_NE(svg.find("small.toml"), std::string::npos); // the footnote names the spec
    r = run_rxsim("plot " + out);
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(slurp(out + "/plots/delivered.svg"), svg);
}

TEST(SweepBinary, PlotOfANonSweepDirectoryFails)
{
    clitest::ran r = run_rxsim("plot " + dir_of(temp_file("x", "")));
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("not a sweep directory"), std::string::npos) << r.err;
}

// Options that cannot change a report do not rename its point.
TEST(SweepBinary, GuardOptionsDoNotChangeTheHash)
{
    const std::string spec = temp_file("small.toml", small_spec), out = dir_of(spec) + "/out";
    ASSERT_EQ(run_rxsim("sweep " + spec + " -o " + out + " --no-plot").status, 0);
    std::string guarded = small_spec;
    guarded.replace(guarded.find("[run]\n"), 6, "[run]\nstall-timeout = 60\nno-idle-fold = true\n");
    temp_file("small.toml", guarded);
    clitest::ran r = run_rxsim("sweep " + spec + " -o " + out + " --no-plot");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("4 points, 0 to run (4 done before)"), std::string::npos) << r.out;
}

// A point's result belongs to the program that made it: another rxsim (here
// a copy with one byte appended, which still runs) reruns every point, while
// the same program's copy elsewhere finds them done.
TEST(SweepBinary, AnotherProgramRerunsEveryPoint)
{
    const std::string spec = temp_file("small.toml", small_spec), d = dir_of(spec), out = d + "/out";
    const std::string same = d + "/rxsim-same", other = d + "/rxsim-other";
    const std::string bin = clitest::rxsim_program();
    ASSERT_EQ(clitest::run_shell("cp " + bin + " " + same + " && cp " + bin + " " + other + " && printf x >> " + other)
                  .status,
              0);
    clitest::ran r = clitest::run_shell(same + " sweep " + spec + " -o " + out + " --no-plot");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("4 points, 4 to run (0 done before)"), std::string::npos) << r.out;
    r = run_rxsim("sweep " + spec + " -o " + out + " --no-plot");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("4 points, 0 to run (4 done before)"), std::string::npos) << r.out;
    r = clitest::run_shell(other + " sweep " + spec + " -o " + out + " --no-plot");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("4 points, 4 to run (0 done before)"), std::string::npos) << r.out;
}
