#include "system_run.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "cli_fixture.h"
#include "exit_codes.h"

namespace systest {

std::string gen_trace(const std::string &name, const std::string &args)
{
    const std::string path = clitest::temp_file(name, "");
    const std::string cmd = std::string(RXSIM_GEN) + " -q -o " + path + " " + args;
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    return path;
}

// Runs rxsim on trace; returns the JSON report (asserting a clean run).
json run(const std::string &trace, const std::string &options)
{
    const std::string out = clitest::temp_file("report.json", "");
    clitest::ran r = clitest::run_rxsim("run " + trace + " --no-progress --json " + out + " " + options);
    EXPECT_EQ(r.status, rxsim::exit_done) << r.err << r.out;
    std::ifstream in(out);
    std::stringstream text;
    text << in.rdbuf();
    json j = json::parse(text.str());
    EXPECT_TRUE(j["accounted"].get<bool>()) << text.str();
    EXPECT_TRUE(j["violations"].empty()) << j["violations"];
    // Every datagram the readers got was compared byte for byte with its
    // wire frame's UDP payload, unless it was reassembled from fragments;
    // every TCP segment's bytes with its flow's as the reader read them.
    const json &p = j["payload_checked"];
    EXPECT_EQ(p["socket_datagrams"].get<uint64_t>() + p["tcp_segments"].get<uint64_t>() +
                  p["socket_not_compared"].get<uint64_t>(),
              j["delivered_to"]["app"].get<uint64_t>());
    return j;
}

uint64_t lat_p(const json &j, const std::string &stage, const char *p)
{
    return j["latency_ns"][stage][p].get<uint64_t>();
}

} // namespace systest
