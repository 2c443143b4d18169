// The sweep spec: axes crossed or zipped into points, ranges, modes,
// repeats, and errors that name the key and its line.
#include <gtest/gtest.h>

#include "sweep_spec.h"

using rxsim::parse_sweep_spec;
using rxsim::spec_error;

namespace {

const char *const base = "title = \"t\"\n[traffic]\ncount = 100\n";

// The message of the spec_error text raises ("" when it parses).
std::string error_of(const std::string &text)
{
    try {
        parse_sweep_spec(text, "s.toml");
    } catch (const spec_error &e) {
        return e.what();
    }
    return "";
}

std::string joined(const std::vector<std::string> &w)
{
    std::string s;
    for (const std::string &x : w)
        s += (s.empty() ? "" : " ") + x;
    return s;
}

} // namespace

TEST(SweepSpec, AxesAreCrossedFirstAxisSlowest)
{
    const auto s = parse_sweep_spec(std::string(base) + "[axes]\nitr = [0, 3]\nrate = [\"10k\", \"20k\", \"30k\"]\n",
                                    "s.toml");
    ASSERT_EQ(s.axes.size(), 2u);
    EXPECT_EQ(s.axes[0].name, "itr");
    EXPECT_EQ(s.axes[1].name, "rate");
    ASSERT_EQ(s.points.size(), 6u);
    EXPECT_EQ(joined(s.points[0].labels), "0 10k");
    EXPECT_EQ(joined(s.points[1].labels), "0 20k");
    EXPECT_EQ(joined(s.points[3].labels), "3 10k");
    // rate is a generator option, itr a run option.
    EXPECT_EQ(joined(s.points[4].gen), "--count 100 --rate 20k");
    EXPECT_EQ(joined(s.points[4].run), "--itr 3");
}

TEST(SweepSpec, AxesKeepTheSpecsOrderNotAlphabetical)
{
    const auto s = parse_sweep_spec(std::string(base) + "[axes]\nrate = [1000]\nitr = [0]\n", "s.toml");
    EXPECT_EQ(s.axes[0].name, "rate");
    EXPECT_EQ(s.axes[1].name, "itr");
}

TEST(SweepSpec, ZippedAxesVaryTogether)
{
    const auto s = parse_sweep_spec(std::string("title = \"t\"\nzip = [[\"size\", \"rate\"]]\n[traffic]\n"
                                                "count = 10\n[axes]\nsize = [64, 128]\nrate = [890000, 758150]\n"
                                                "itr = [0, 3]\n"),
                                    "s.toml");
    ASSERT_EQ(s.points.size(), 4u);
    EXPECT_EQ(joined(s.points[0].labels), "64 890000 0");
    EXPECT_EQ(joined(s.points[1].labels), "64 890000 3");
    EXPECT_EQ(joined(s.points[2].labels), "128 758150 0");
}

TEST(SweepSpec, LogAndLinearRanges)
{
    auto s = parse_sweep_spec(std::string(base) + "[axes]\nrate = {from = \"10k\", to = \"1M\", steps = 3, "
                                                  "scale = \"log\"}\n",
                              "s.toml");
    EXPECT_EQ(joined(s.axes[0].labels), "10000 100000 1000000");
    s = parse_sweep_spec(std::string(base) + "[axes]\nring = {from = 80, to = 320, steps = 4}\n", "s.toml");
    EXPECT_EQ(joined(s.axes[0].labels), "80 160 240 320");
}

TEST(SweepSpec, ModesAreNamedSetsOfRunOptions)
{
    const auto s = parse_sweep_spec(std::string(base) + "[run]\nitr = 3\n[modes.pre-napi]\npre-napi = true\n"
                                                        "itr = 0\n[modes.napi]\n[axes]\nmode = [\"pre-napi\", "
                                                        "\"napi\"]\n",
                                    "s.toml");
    ASSERT_EQ(s.points.size(), 2u);
    EXPECT_EQ(joined(s.points[0].run), "--itr 0 --pre-napi");
    EXPECT_EQ(joined(s.points[1].run), "--itr 3");
}

TEST(SweepSpec, RepeatsSeedTheGeneratorAndTheRun)
{
    const auto s = parse_sweep_spec(std::string("title = \"t\"\nrepeats = 2\n[traffic]\ncount = 5\n"), "s.toml");
    ASSERT_EQ(s.points.size(), 2u);
    EXPECT_TRUE(s.seeded);
    EXPECT_EQ(s.points[1].seed, 2u);
    EXPECT_EQ(joined(s.points[1].gen), "--count 5 --seed 2");
    EXPECT_EQ(joined(s.points[1].run), "--seed 2");
}

TEST(SweepSpec, ListValuesRepeatTheOption)
{
    const auto s = parse_sweep_spec(std::string(base) + "[run]\nudp-port = [9000, 9001]\nthreaded-napi = true\n",
                                    "s.toml");
    EXPECT_EQ(joined(s.points[0].run), "--threaded-napi --udp-port 9000 --udp-port 9001");
}

TEST(SweepSpec, ATraceFileIsRelativeToTheSpec)
{
    const auto s = parse_sweep_spec("title = \"t\"\n[traffic]\ntrace = \"x.pcap\"\n", "/some/dir/s.toml");
    EXPECT_EQ(s.trace, "/some/dir/x.pcap");
    EXPECT_TRUE(s.points[0].gen.empty());
}

TEST(SweepSpec, ErrorsNameTheKeyAndLine)
{
    EXPECT_EQ(error_of(std::string(base) + "[run]\nringg = 64\n"),
              "s.toml:5: run.ringg: not an rxsim run option; did you mean ring?");
    EXPECT_EQ(error_of(std::string(base) + "[axes]\nitr = [0, 7]\n").substr(0, 44),
              "s.toml:5: axes.itr: rxsim run rejects it: --");
    EXPECT_EQ(error_of(std::string(base) + "[axes]\nmode = [\"fast\"]\n"),
              "s.toml:5: axes.mode: no mode \"fast\" (a [modes.fast] table)");
    EXPECT_EQ(error_of(std::string(base) + "[axes]\nrate = {from = 1, to = 10}\n"),
              "s.toml:5: axes.rate: a range needs from, to and steps");
    EXPECT_EQ(error_of("title = \"t\"\n[traffic]\ncount = 1\nsizes = 3\n"),
              "s.toml:4: traffic.sizes: not an rxsim gen option (rxsim gen --help lists them)");
    EXPECT_EQ(error_of("[traffic]\ncount = 1\n"), "s.toml:1: title: expected a string: the sweep's title");
    EXPECT_EQ(error_of(std::string(base) + "[run]\njson = \"x\"\n"),
              "s.toml:5: run.json: set by rxsim sweep itself, or only about output");
    for (const char *output : {"timeline", "pcap-out", "waveform", "csv"}) // each point would write the one file
        EXPECT_EQ(error_of(std::string(base) + "[run]\n" + output + " = \"x\"\n"),
                  std::string("s.toml:5: run.") + output + ": set by rxsim sweep itself, or only about output");
    EXPECT_EQ(error_of(std::string(base) + "[run]\npre-napi = 1\n"), "s.toml:5: run.pre-napi: a flag: expected true or false");
    EXPECT_EQ(error_of("title = \"t\"\nzip = [[\"a\", \"b\"]]\n[traffic]\ncount = 1\n"), "s.toml:2: zip: no axis named a");
    EXPECT_EQ(error_of("title = \"t\"\n[traffic]\ncount = = 1\n"),
              "s.toml:3: Error while parsing value: could not determine value type: count = = 1");
    EXPECT_NE(error_of("title = \"t\"\nzip = [[\"size\", \"rate\"]]\n[traffic]\ncount = 1\n[axes]\nsize = [64]\n"
                       "rate = [1, 2]\n")
                  .find("zipped axes need as many values each"),
              std::string::npos);
}

TEST(SweepSpec, OverridesChangeTheSpecBeforeItIsRead)
{
    const auto s = parse_sweep_spec(std::string(base) + "[axes]\nitr = [0, 3]\n", "s.toml",
                                    {"traffic.count=7", "axes.itr=[8000]", "run.nic=1g"});
    ASSERT_EQ(s.points.size(), 1u);
    EXPECT_EQ(joined(s.points[0].gen), "--count 7");
    EXPECT_EQ(joined(s.points[0].run), "--itr 8000 --nic 1g");
    EXPECT_EQ(error_of("title = \"t\"\n[traffic]\ncount = 1\n"), "");
    try {
        parse_sweep_spec(base, "s.toml", {"title.x=1"});
        ADD_FAILURE();
    } catch (const spec_error &e) {
        EXPECT_STREQ(e.what(), "--set title.x=1: title is not a table");
    }
}
