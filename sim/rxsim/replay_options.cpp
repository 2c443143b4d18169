#include "replay_options.h"

#include <getopt.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include <CLI/CLI.hpp>

#include "rxtrace_cli.h"

namespace rxsim {

namespace {

const option replay_table[] = {RXTRACE_LONG_OPTIONS(0)};

// Help for one option out of RXTRACE_OPTIONS_HELP: its lines are
// "  --name METAVAR   text" and continuation lines indented further.
struct help_entry {
    std::string metavar, text;
};

help_entry help_for(const std::string &name)
{
    std::istringstream in(RXTRACE_OPTIONS_HELP);
    std::string line, head = "  --" + name;
    help_entry e;
    bool inside = false;
    while (std::getline(in, line)) {
        bool starts = line.compare(0, head.size() + 1, head + " ") == 0;
        if (starts) {
            // Two spaces end the "--name METAVAR" part.
            size_t gap = line.find("  ", head.size());
            std::string spec = line.substr(head.size(), gap - head.size());
            e.metavar = spec.empty() ? spec : spec.substr(spec.find_first_not_of(' '));
            e.text = line.substr(line.find_first_not_of(' ', gap));
            inside = true;
        } else if (inside && line.compare(0, 5, "     ") == 0) {
            e.text += " " + line.substr(line.find_first_not_of(' '));
        } else {
            inside = false;
        }
    }
    return e;
}

int code_of(const CLI::Option *opt)
{
    for (const option &o : replay_table)
        if (opt->check_lname(o.name))
            return o.val;
    return -1;
}

void apply(const CLI::Option *opt, rxtrace_options_t &ro)
{
    int code = code_of(opt);
    bool flag = opt->get_expected_max() == 0;
    char why[160];
    if (flag) {
        if (opt->as<bool>())
            rxtrace_apply_option(&ro, code, nullptr, why, sizeof why);
        return;
    }
    // Values were checked while parsing.
    rxtrace_apply_option(&ro, code, opt->results().front().c_str(), why, sizeof why);
}

} // namespace

rxtrace_options_t replay_defaults()
{
    rxtrace_options_t o;
    rxtrace_options_default(&o);
    return o;
}

void add_replay_options(CLI::App &cmd, const std::string &group)
{
    for (const option &o : replay_table) {
        help_entry h = help_for(o.name);
        std::string name = std::string("--") + o.name;
        CLI::Option *opt;
        if (o.has_arg == no_argument) {
            opt = cmd.add_flag(name);
        } else {
            int code = o.val;
            opt = cmd.add_option(name);
            opt->type_name(h.metavar)->check(CLI::Validator(
                [code](std::string &value) {
                    rxtrace_options_t scratch = replay_defaults();
                    char why[160];
                    return rxtrace_apply_option(&scratch, code, value.c_str(), why, sizeof why)
                               ? std::string(why)
                               : std::string();
                },
                ""));
        }
        opt->description(h.text)->group(group);
    }
}

bool is_replay_option(const CLI::Option *opt) { return code_of(opt) >= 0; }

std::string number_text(double v)
{
    char buf[32];
    for (int digits = 15; digits <= 17; digits++) {
        std::snprintf(buf, sizeof buf, "%.*g", digits, v);
        if (std::strtod(buf, nullptr) == v)
            break;
    }
    return buf;
}

option_value replay_option_value(const CLI::Option *opt, const rxtrace_options_t &ro)
{
    using kind = option_value::kind;
    option_value v;
    v.name = opt->get_name().substr(2);
    v.given = opt->count() > 0;
    v.type = kind::number;
    auto number = [&v](uint64_t n) { v.values = {std::to_string(n)}; };
    auto flag = [&v](bool on) { v.type = kind::flag, v.values = {on ? "true" : "false"}; };
    switch (code_of(opt)) {
    case RXTRACE_OPT_LINK_SPEED: number(ro.link_bps); break;
    case RXTRACE_OPT_SPEED:
        if (ro.timing == RXTRACE_TIMING_ORIGINAL)
            v.values = {number_text(ro.speed)};
        break;
    case RXTRACE_OPT_PPS:
        if (ro.timing == RXTRACE_TIMING_PPS)
            number(ro.pps);
        break;
    case RXTRACE_OPT_BPS:
        if (ro.timing == RXTRACE_TIMING_BPS)
            number(ro.bps);
        break;
    case RXTRACE_OPT_LINE_RATE: flag(ro.timing == RXTRACE_TIMING_LINE_RATE); break;
    case RXTRACE_OPT_MAX_GAP: // a duration with its unit, as given
        v.type = kind::text;
        if (ro.max_gap_ns && v.given)
            v.values = {opt->results().front()};
        break;
    case RXTRACE_OPT_LOOPS: number(ro.loops); break;
    case RXTRACE_OPT_FIXLEN: {
        static const char *const names[] = {"auto", "pad", "captured", "skip"};
        v.type = kind::text;
        v.values = {names[ro.fixlen]};
        break;
    }
    case RXTRACE_OPT_NO_PAD: flag(!ro.pad_short); break;
    case RXTRACE_OPT_FCS_CORRUPT: v.values = {number_text(ro.fcs_corrupt)}; break;
    case RXTRACE_OPT_SEED: number(ro.seed); break;
    default: break;
    }
    return v;
}

void apply_replay_options(const CLI::App &cmd, rxtrace_options_t &ro)
{
    const auto &order = cmd.parse_order();
    // One timing option per source: the command line's overrides the file's,
    // two different ones in one place are refused.
    const CLI::Option *timing = nullptr;
    auto take = [&](const CLI::Option *opt) {
        if (opt->get_expected_max() == 0 && !opt->as<bool>())
            return; // "line-rate = false" (a dump's): not asked for
        if (rxtrace_option_is_timing(code_of(opt))) {
            if (timing && timing != opt)
                throw CLI::ValidationError(opt->get_name(), "cannot be combined with " + timing->get_name() +
                                                                ": give one of --speed, --pps, --bps, --line-rate");
            timing = opt;
        }
        apply(opt, ro);
    };
    // CLI11 reads the config file after the command line and only into options
    // the command line left empty: those are the ones not in parse_order().
    for (const option &o : replay_table) {
        const CLI::Option *opt = cmd.get_option(std::string("--") + o.name);
        if (opt->count() > 0 && std::find(order.begin(), order.end(), opt) == order.end())
            take(opt);
    }
    timing = nullptr;
    for (const CLI::Option *opt : order)
        if (code_of(opt) >= 0)
            take(opt);
}

} // namespace rxsim
