// results.csv: a row per point in order, failed points kept with their
// status, every scalar of the report, derived rates.
#include <gtest/gtest.h>

#include "results_csv.h"

TEST(ResultsCsv, OneRowPerPointFailuresKept)
{
    rxsim::sweep_spec s;
    s.axes = {{"mode", {"a", "b,c"}}};
    s.points.resize(2);
    s.points[0].labels = {"a"};
    s.points[1].labels = {"b,c"};
    const std::string report = R"({"offered": {"duration_ns": 1000000, "pps": 2000.0, "bps": 1e6},
        "delivered": 1, "delivered_to": {"app": 1, "kernel": 0}, "dropped_total": 1,
        "cpu": {"app": 1, "idle": 3}, "latency_ns": {"app": {"p99": null}}, "violations": [], "options": {"x": 1}})";
    const std::string csv = rxsim::results_csv(s, {{"h0", 0, report}, {"h1", 6, ""}});
    EXPECT_EQ(csv,
              "point,hash,mode,status,offered_pps,offered_bps,delivered_pps,app_pps,socket_pps,dropped_pps,cpu_share.app,"
              "cpu_share.idle,offered.duration_ns,offered.pps,offered.bps,delivered,delivered_to.app,"
              "delivered_to.kernel,dropped_total,cpu.app,cpu.idle,latency_ns.app.p99\n"
              "0,h0,a,0,2000.0,1000000.0,1000.0,1000.0,1000.0,1000.0,0.25,0.75,1000000,2000.0,1000000.0,1,1,0,1,1,3,\n"
              "1,h1,\"b,c\",6,,,,,,,,,,,,,,,,,,\n");
}

// --csv: the same flattening, one row, the options too (a stacked CSV says
// what each run ran), lists left out, text quoted when it must be.
TEST(ResultsCsv, OneReportAsOneRow)
{
    const std::string report = R"({"run": {"trace": "a,b.pcap", "options_changed": ["itr"]}, "delivered": 3,
        "latency_ns": {"app": {"p99": null}}, "violations": [], "options": {"itr": 0, "promisc": false,
        "udp-port": [9000], "pps": null}})";
    EXPECT_EQ(rxsim::report_csv(report), "run.trace,delivered,latency_ns.app.p99,options.itr,options.promisc,options.pps\n"
                                         "\"a,b.pcap\",3,,0,false,\n");
    EXPECT_THROW(rxsim::report_csv("not json"), std::exception);
}
