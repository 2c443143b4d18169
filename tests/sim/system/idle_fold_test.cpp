// Folding idle watchdog periods (rx_system::fold_idle_periods) changes
// nothing a user sees: over an hour-long pause in the capture (1800
// watchdog periods), the folded run and --no-idle-fold give the same JSON
// report, text report and packet log, byte for byte, whatever the interrupt
// mode, NIC build or poll mode.
#include <gtest/gtest.h>


#include "cli_fixture.h"
#include "exit_codes.h"
#include "frames.h"
#include "trace_fixture.h"

namespace {

// The text report without its last wall-clock line and the JSON without the
// options as typed (which differ by --no-idle-fold, if at all).
std::string without(const std::string &text, const std::string &from)
{
    const size_t at = text.find(from);
    return at == std::string::npos ? text : text.substr(0, at);
}

struct outputs {
    std::string json, text, log;
};

outputs run_outputs(const std::string &trace, const std::string &options)
{
    const std::string json = clitest::temp_file("fold.json", ""), log = clitest::temp_file("fold.log", "");
    clitest::ran r = clitest::run_rxsim("run " + trace + " --no-progress --json " + json + " --packet-log " + log +
                                        " " + options);
    EXPECT_EQ(r.status, rxsim::exit_done) << options << ": " << r.err;
    return {without(clitest::slurp(json), "\"options\""), without(r.out, "\nwall clock"), clitest::slurp(log)};
}

} // namespace

TEST(SystemIdleFold, AnHourOfIdleWatchdogPeriodsFoldsToTheSameReport)
{
    const uint64_t s = 1000000000ull;
    std::vector<fixture::Record> recs;
    for (uint64_t burst : {uint64_t(0), 3600 * s})
        for (uint64_t i = 0; i < 10; i++)
            recs.push_back({burst + i * 1000, frames::udp_frame(40000, 9000, frames::payload(18))});
    const std::string trace = fixture::write_temp("hour.pcap", fixture::pcap(fixture::LT_ETHERNET, recs, true));
    for (const char *options : {"", "--nic 1g", "--itr 4", "--itr 0 --pre-napi", "--threaded-napi",
                                "--irq intx --ring 80", "--busy-poll-us 50", "--link-down 1800s:1801s"}) {
        const outputs folded = run_outputs(trace, options);
        const outputs every = run_outputs(trace, std::string(options) + " --no-idle-fold");
        EXPECT_NE(folded.json.find("\"delivered\": 20"), std::string::npos) << options << folded.json;
        EXPECT_EQ(folded.json, every.json) << options;
        EXPECT_EQ(folded.text, every.text) << options;
        EXPECT_EQ(folded.log, every.log) << options;
    }
}
