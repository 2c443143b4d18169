#include "command_line.h"

#include <cstring>
#include <sstream>

#include <CLI/CLI.hpp>

#include "config.h"
#include "exit_codes.h"
#include "help_format.h"
#include "suggest.h"

namespace rxsim {

namespace {

const char *const run_help = "replay TRACE through the NIC, bus, driver and stack; report where "
                             "every packet went and how long each stage took";

struct args {
    int argc;
    const char *const *argv;
};

// Whether --name was on the command line (as --name VALUE or --name=VALUE).
bool given(const std::string &name, void *ctx)
{
    const auto *a = static_cast<const args *>(ctx);
    const std::string flag = "--" + name;
    for (int i = 1; i < a->argc; i++)
        if (a->argv[i] == flag || std::strncmp(a->argv[i], (flag + "=").c_str(), flag.size() + 1) == 0)
            return true;
    return false;
}

// What rxsim says instead of CLI11 for the errors it can be more precise
// about: a config file's line, an unknown option with the closest known one.
// "" leaves the error to CLI11.
std::string explain(const CLI::App &run, const CLI::ParseError &e, const args &a)
{
    const std::string config = config_file(run);
    if (!config.empty()) {
        std::string where = locate_config_error(run, config, e.what(), given, const_cast<args *>(&a));
        if (!where.empty())
            return "--config " + where;
    }
    if (dynamic_cast<const CLI::ExtrasError *>(&e)) {
        for (const std::string &extra : run.remaining()) {
            if (extra.size() < 2 || extra[0] != '-')
                continue;
            const std::string name = extra.substr(0, extra.find('='));
            const std::string near = closest_name(name, long_option_names(run));
            return "unknown option " + name + (near.empty() ? "" : "; did you mean " + near + "?");
        }
        return "unexpected argument '" + run.remaining().front() +
               "': rxsim run takes one TRACE (options start with --)";
    }
    return "";
}

} // namespace

command_line::command_line()
    : run_(std::make_unique<CLI::App>(run_help, "rxsim run")),
      top_(std::make_unique<CLI::App>(
          "rxsim: a cycle-level simulator of a network card (Verilated RTL) and of the\n"
          "Linux receive path behind it, fed from pcap/pcapng traces.",
          "rxsim"))
{
    CLI::App &run = *run_;
    run.formatter(std::make_shared<help_format>());
    add_run_options(run, opts);
    // A dump shows the --kernel and --cpu defaults the run would use.
    add_config_options(run, &out_, [this] { apply_profile_defaults(*run_, opts); });
    run.footer(exit_codes_help);

    // Listed here for --help; parse() hands `run` to its own App and main()
    // hands `gen` to the generator.
    CLI::App &top = *top_;
    top.require_subcommand(1, 1);
    top.add_subcommand("run", std::string(run_help) + " (rxsim run --help)");
    top.add_subcommand("gen", "write a synthetic pcap trace (rxsim gen --help)");
    top.add_subcommand("check", "run the regression battery: scenarios replayed, checked and compared with "
                                "their recorded results (rxsim check --help)");
    top.add_subcommand("sweep", "run a study: every point of a TOML spec as rxsim run, results in one CSV "
                                "and plots; resumable (rxsim sweep --help)");
    top.add_subcommand("plot", "draw a sweep's figures from its results.csv (rxsim plot --help)");
    top.footer(exit_codes_help);
}

command_line::~command_line() = default;

void command_line::set_version(std::string (*text)())
{
    top_->set_version_flag("--version", std::function<std::string()>(text),
                           "print rxsim's version and git commit, its NIC builds and the Verilator, SystemC and "
                           "libpcap it was built with, and exit");
}

// The report's options of `rxsim run - ARGS`.
std::vector<option_value> options_of(const std::vector<std::string> &args)
{
    std::vector<const char *> argv = {"rxsim", "run", "-"};
    for (const std::string &a : args)
        argv.push_back(a.c_str());
    command_line cl;
    std::ostringstream quiet;
    cl.parse(int(argv.size()), argv.data(), quiet, quiet);
    return options_used(cl.run());
}

std::vector<option_value> command_line::used() const
{
    std::vector<option_value> used = options_used(*run_);
    // Changed: other than its default, which --kernel, --cpu and --nic move
    // (a profile's ITR, a preset's register reads, the link speed): each
    // option against a run given only those, they against a run given
    // nothing. A dump read back (every option given) changes the same ones.
    std::vector<std::string> base_args;
    for (const char *name : {"--kernel", "--cpu", "--nic"})
        if (const CLI::Option *o = run_->get_option(name); o->count())
            base_args.insert(base_args.end(), {name, o->results().back()});
    const std::vector<option_value> base = options_of(base_args), plain = options_of({});
    for (size_t i = 0; i < used.size() && i < base.size(); i++) {
        const option_value &o = used[i];
        const bool mover = o.name == "kernel" || o.name == "cpu" || o.name == "nic";
        // TRACE is no option to change; one not in effect (--speed when
        // --pps is given) is the other's doing.
        used[i].changed = o.name != "TRACE" && (o.list || !o.values.empty()) &&
                          o.values != (mover ? plain : base)[i].values;
    }
    return used;
}

int command_line::parse(int argc, const char *const *argv, std::ostream &out, std::ostream &err)
{
    bool is_run = argc >= 2 && std::strcmp(argv[1], "run") == 0;
    CLI::App &app = is_run ? *run_ : *top_;
    out_ = &out;
    try {
        if (is_run) {
            run_->parse(argc - 1, argv + 1);
            finish_run_options(*run_, opts);
            return -1;
        }
        top_->parse(argc, argv);
    } catch (const CLI::ParseError &e) {
        if (is_run && e.get_exit_code() != 0) {
            const std::string why = explain(*run_, e, {argc - 1, argv + 1});
            if (!why.empty()) {
                err << "rxsim run: " << why << "\nRun with --help for more information.\n";
                return exit_bad_options;
            }
        }
        if (!is_run && argc >= 2 && argv[1][0] != '-') {
            const std::string near = closest_name(argv[1], {"run", "gen", "check", "sweep", "plot"});
            err << "rxsim: unknown subcommand '" << argv[1] << "'"
                << (near.empty() ? "" : "; did you mean " + near + "?") << "\nRun with --help for more information.\n";
            return exit_bad_options;
        }
        return app.exit(e, out, err) == 0 ? exit_done : exit_bad_options;
    }
    // Only `rxsim gen` gets here, which main() handles before parsing.
    err << "rxsim: expected a subcommand: run, gen, check, sweep or plot\n";
    return exit_bad_options;
}

} // namespace rxsim
