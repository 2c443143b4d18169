#include "check_command.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "child_pool.h"
#include "data_path.h"
#include "driver_module.h"
#include "exit_codes.h"

namespace rxsim {

namespace {

using json = nlohmann::ordered_json;
namespace fs = std::filesystem;

struct scenario {
    std::string name, gen, run;
};

std::vector<std::string> words(const std::string &s)
{
    std::istringstream in(s);
    std::vector<std::string> w;
    for (std::string x; in >> x;)
        w.push_back(x);
    return w;
}

std::string slurp(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// The values that moved from golden to now (nlohmann's JSON Patch diff),
// "dropped.fifo.missed: 12 -> 30", at most max and a line for the rest.
std::vector<std::string> moved(const json &golden, const json &now, size_t max)
{
    const json patch = json::diff(golden, now);
    std::vector<std::string> lines;
    for (const json &op : patch) {
        if (lines.size() == max) {
            lines.push_back("... and " + std::to_string(patch.size() - max) + " more");
            break;
        }
        const std::string path = op["path"].get<std::string>();
        const json::json_pointer at(path);
        std::string dotted = path.substr(1);
        std::replace(dotted.begin(), dotted.end(), '/', '.');
        lines.push_back(dotted + ": " + (golden.contains(at) ? golden[at].dump() : "(none)") + " -> " +
                        (now.contains(at) ? now[at].dump() : "(none)"));
    }
    return lines;
}

std::string xml_escape(const std::string &s)
{
    std::string out;
    for (char c : s) {
        switch (c) {
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '&': out += "&amp;"; break;
        case '"': out += "&quot;"; break;
        default: out += (static_cast<unsigned char>(c) < 0x20 && c != '\n') ? ' ' : c;
        }
    }
    return out;
}

struct verdict {
    bool pass;
    std::string reason;  // one line
    std::string details; // the lines behind it
};

// The first line of stderr that says what went wrong (else its first line).
std::string first_error(const std::string &err)
{
    std::istringstream in(err);
    std::string first;
    for (std::string line; std::getline(in, line);) {
        if (line.find("VIOLATED") != std::string::npos || line.find("error") != std::string::npos)
            return line;
        if (first.empty())
            first = line;
    }
    return first;
}

} // namespace

int check_command(int argc, const char *const *argv)
{
    std::string battery = data_path("battery.json", RXSIM_CHECK_BATTERY), junit, driver;
    unsigned parallel = std::max(1u, std::thread::hardware_concurrency());
    bool update = false;
    std::vector<std::string> only;
    CLI::App app("rxsim check: the regression battery. Each scenario is a trace (written by rxsim gen) "
                 "replayed by rxsim run; it passes when the run exits 0 (conservation, payload, descriptor "
                 "ownership and liveness held) and its JSON report is the recorded one (golden/NAME.json "
                 "beside the battery file). A line per scenario, a summary, exit 0 only when all pass.",
                 "rxsim check");
    app.add_option("--battery", battery, "the battery file (JSON: scenarios with gen and run options)")
        ->capture_default_str()->type_name("FILE");
    app.add_option("--junit", junit, "also write the results as JUnit XML to FILE (for CI systems)")
        ->type_name("FILE");
    app.add_option("-j,--jobs", parallel, "scenarios run at once (processes)")
        ->capture_default_str()->check(CLI::Range(1, 256));
    app.add_option("--driver", driver,
                   "run every scenario with this receive driver module (rxsim run --driver): the recorded "
                   "results are the in-tree e1000's")
        ->type_name("FILE")->check(CLI::ExistingFile);
    app.add_option("--only", only, "run only these scenarios (repeatable)")->type_name("NAME");
    app.add_flag("--update", update, "record each passing run's report as its scenario's golden file");
    app.footer("Exit status: 0 all passed, 2 bad options, battery or driver module, 7 a scenario failed.");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError &e) {
        return app.exit(e) == 0 ? exit_done : exit_bad_options;
    }

    // A module rxsim run refuses would fail every scenario alike: refused once.
    if (!driver.empty()) {
        driver_module module;
        if (!module.load(driver)) {
            std::fprintf(stderr, "rxsim check: --driver %s: %s\n", driver.c_str(), module.why().c_str());
            return exit_bad_options;
        }
    }
    std::ofstream x;
    if (!junit.empty()) {
        x.open(junit);
        if (!x) {
            std::fprintf(stderr, "rxsim check: --junit: cannot write %s: %s\n", junit.c_str(), std::strerror(errno));
            return exit_bad_options;
        }
    }
    std::vector<scenario> scenarios;
    try {
        const json b = json::parse(slurp(battery));
        for (const json &s : b.at("scenarios"))
            scenarios.push_back({s.at("name").get<std::string>(), s.value("gen", ""), s.value("run", "")});
    } catch (const std::exception &e) {
        std::fprintf(stderr, "rxsim check: %s: not a battery file: %s\n", battery.c_str(), e.what());
        return exit_bad_options;
    }
    if (!only.empty()) {
        std::vector<scenario> chosen;
        for (const std::string &name : only) {
            auto it = std::find_if(scenarios.begin(), scenarios.end(), [&](const scenario &s) { return s.name == name; });
            if (it == scenarios.end()) {
                std::fprintf(stderr, "rxsim check: --only: no scenario %s in %s\n", name.c_str(), battery.c_str());
                return exit_bad_options;
            }
            chosen.push_back(*it);
        }
        scenarios = chosen;
    }
    const fs::path golden_dir = fs::path(battery).parent_path() / "golden";
    char tmpl[] = "/tmp/rxsim-check-XXXXXX";
    if (!mkdtemp(tmpl)) {
        std::fprintf(stderr, "rxsim check: cannot make a temporary directory: %s\n", std::strerror(errno));
        return exit_internal;
    }
    const fs::path tmp = tmpl;
    const std::string self = self_path();

    // Traces first, one per distinct set of generator options.
    std::map<std::string, std::string> trace_of;
    std::vector<child_job> gens;
    for (const scenario &s : scenarios) {
        if (trace_of.count(s.gen))
            continue;
        const std::string path = (tmp / ("trace" + std::to_string(trace_of.size()) + ".pcap")).string();
        trace_of[s.gen] = path;
        child_job j;
        j.args = {"gen", "-q", "-o", path};
        for (const std::string &w : words(s.gen))
            j.args.push_back(w);
        j.out_path = path + ".out";
        j.err_path = path + ".err";
        gens.push_back(j);
    }
    run_children(self, gens, parallel);
    std::map<std::string, std::string> gen_error;
    for (const child_job &j : gens)
        if (j.status != 0)
            gen_error[j.args[3]] = first_error(slurp(j.err_path));

    std::vector<child_job> runs;
    for (const scenario &s : scenarios) {
        child_job j;
        const std::string base = (tmp / s.name).string();
        j.args = {"run", trace_of[s.gen], "--no-progress", "--json", base + ".json"};
        for (const std::string &w : words(s.run))
            j.args.push_back(w);
        if (!driver.empty())
            j.args.insert(j.args.end(), {"--driver", fs::absolute(driver).string()});
        j.out_path = base + ".out";
        j.err_path = base + ".err";
        runs.push_back(j);
    }
    run_children(self, runs, parallel);

    size_t passed = 0;
    std::vector<verdict> verdicts;
    for (size_t i = 0; i < scenarios.size(); i++) {
        const scenario &s = scenarios[i];
        const child_job &j = runs[i];
        verdict v{false, "", ""};
        const fs::path golden = golden_dir / (s.name + ".json");
        if (auto g = gen_error.find(trace_of[s.gen]); g != gen_error.end()) {
            v.reason = "the trace could not be written: " + g->second;
        } else if (j.status != 0) {
            v.reason = "rxsim run exited " + std::to_string(j.status) + ": " + first_error(slurp(j.err_path));
            v.details = slurp(j.err_path);
        } else {
            json now = json::parse(slurp(j.args[4]));
            now.erase("options"); // and the header made of them (a --driver shows there)
            now.erase("run");
            if (update) {
                std::ofstream(golden) << now.dump(2) << "\n";
                v = {true, "recorded", ""};
            } else if (!fs::exists(golden)) {
                v.reason = "no recorded results (" + golden.string() + "; rxsim check --update records them)";
            } else {
                const std::vector<std::string> diff = moved(json::parse(slurp(golden.string())), now, 12);
                if (diff.empty()) {
                    v = {true, "", ""};
                } else {
                    v.reason = "results moved from " + golden.filename().string() + ": " + diff.front() +
                               (diff.size() > 1 ? " (+" + std::to_string(diff.size() - 1) + ")" : "");
                    for (const std::string &d : diff)
                        v.details += "  " + d + "\n";
                }
            }
        }
        passed += v.pass;
        std::printf("%s %s%s%s\n", v.pass ? "PASS" : "FAIL", s.name.c_str(), v.reason.empty() ? "" : ": ",
                    v.reason.c_str());
        if (!v.pass && !v.details.empty() && j.status == 0)
            std::fputs(v.details.c_str(), stdout);
        verdicts.push_back(v);
    }
    std::printf("%zu scenarios: %zu passed, %zu failed\n", scenarios.size(), passed, scenarios.size() - passed);

    if (x.is_open()) {
        double total = 0;
        for (const child_job &j : runs)
            total += j.seconds;
        x << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          << "<testsuite name=\"rxsim check\" tests=\"" << scenarios.size() << "\" failures=\""
          << scenarios.size() - passed << "\" time=\"" << total << "\">\n";
        for (size_t i = 0; i < scenarios.size(); i++) {
            x << "  <testcase classname=\"rxsim.check\" name=\"" << xml_escape(scenarios[i].name) << "\" time=\""
              << runs[i].seconds << "\"";
            if (verdicts[i].pass) {
                x << "/>\n";
            } else {
                x << ">\n    <failure message=\"" << xml_escape(verdicts[i].reason) << "\">"
                  << xml_escape(verdicts[i].details) << "</failure>\n  </testcase>\n";
            }
        }
        x << "</testsuite>\n";
        if (!x.flush()) {
            std::fprintf(stderr, "rxsim check: --junit: cannot write %s\n", junit.c_str());
            return exit_bad_options;
        }
    }
    std::error_code ec;
    fs::remove_all(tmp, ec);
    return passed == scenarios.size() ? exit_done : exit_check_failed;
}

} // namespace rxsim
