#include "config.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include <CLI/CLI.hpp>

#include "options.h"
#include "suggest.h"

namespace rxsim {

namespace {

// A value as CLI11's reader takes it back: text in "double" quotes, which it
// strips (it knows no escapes), in 'single' ones if it holds a double quote;
// numbers and flags bare; lists in [brackets].
std::string config_value(const option_value &v)
{
    auto one = [&v](const std::string &x) {
        if (v.type != option_value::kind::text)
            return x;
        return x.find('"') == std::string::npos ? "\"" + x + "\"" : "'" + x + "'";
    };
    if (!v.list)
        return one(v.values.front());
    std::string a = "[";
    for (const std::string &x : v.values)
        a += (a.size() > 1 ? ", " : "") + one(x);
    return a + "]";
}

// Every option, in --help order under its group, with its help: as a value
// when it reads back to the same run; as a comment when it has none (not in
// effect, an empty list, which CLI11 cannot read back) or when it is a
// replay option not given (the value in effect: --link-speed follows --nic).
std::string config_text(const CLI::App &cmd)
{
    std::string out = "# " + cmd.get_description() + "\n", group;
    for (const option_value &v : option_values(cmd)) {
        const CLI::Option *opt = cmd.get_option(v.name == "TRACE" ? v.name : "--" + v.name);
        if (opt->get_group() != group) {
            group = opt->get_group();
            out += "\n# " + group + "\n";
        }
        std::string help = opt->get_description();
        for (size_t at = help.find('\n'); at != std::string::npos; at = help.find('\n', at + 3))
            help.replace(at, 1, "\n# ");
        out += "\n# " + help + "\n";
        if (!v.list && v.values.empty())
            out += "# " + v.name + " = (not set)\n";
        else if (v.list && v.values.empty())
            out += "# " + v.name + " = [] (none)\n";
        else if (!v.given && opt->get_default_str().empty() && v.type != option_value::kind::flag)
            out += "# " + v.name + " = " + config_value(v) + " (in effect, not given)\n";
        else
            out += v.name + " = " + config_value(v) + "\n";
    }
    return out;
}

std::string trim(const std::string &s)
{
    const size_t a = s.find_first_not_of(" \t\r"), b = s.find_last_not_of(" \t\r");
    return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

std::string at_line(const std::string &path, size_t line, const std::string &what)
{
    return path + ": line " + std::to_string(line) + ": " + what;
}

} // namespace

std::string config_file(const CLI::App &cmd)
{
    const CLI::Option *c = cmd.get_config_ptr();
    return c && c->count() ? c->results().back() : "";
}

std::string locate_config_error(const CLI::App &cmd, const std::string &path, const std::string &what,
                                bool (*given)(const std::string &name, void *ctx), void *ctx)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return path + ": cannot read: " + std::strerror(errno);
    std::stringstream buf;
    buf << in.rdbuf();
    const std::string text = buf.str();
    size_t line = 1;
    for (unsigned char c : text) {
        if (c == '\n')
            line++;
        else if (c == 0 || (c < 0x20 && c != '\t' && c != '\r') || c == 0x7f) {
            char byte[8];
            std::snprintf(byte, sizeof byte, "0x%02x", c);
            return at_line(path, line, std::string("not a text file (byte ") + byte +
                                           "): --config reads name = value lines (INI or TOML)");
        }
    }
    std::istringstream lines(text);
    std::string raw;
    bool in_array = false; // a TOML array over several lines
    for (line = 1; std::getline(lines, raw); line++) {
        const std::string t = trim(raw);
        if (in_array) {
            in_array = t.find(']') == std::string::npos;
            continue;
        }
        if (t.empty() || t[0] == '#' || t[0] == ';')
            continue;
        if (t[0] == '[') {
            if (t.back() != ']')
                return at_line(path, line, "a section header needs its closing ]: " + t);
            continue;
        }
        const size_t eq = t.find('=');
        if (eq == std::string::npos)
            return at_line(path, line, "expected name = value, got '" + t + "'");
        std::string name = trim(t.substr(0, eq));
        if (name.size() >= 2 && (name[0] == '"' || name[0] == '\'') && name.back() == name[0])
            name = name.substr(1, name.size() - 2);
        const std::string value = trim(t.substr(eq + 1));
        in_array = !value.empty() && value[0] == '[' && value.find(']') == std::string::npos;
        const CLI::Option *opt = cmd.get_option_no_throw(name == "TRACE" ? name : "--" + name);
        if (!opt || !opt->get_configurable()) {
            std::string near = closest_name("--" + name, long_option_names(cmd));
            return at_line(path, line, "unknown option '" + name + "'" +
                                           (near.empty() ? "" : "; did you mean '" + near.substr(2) + "'?"));
        }
        if (what.compare(0, name.size() + 3, "--" + name + ":") == 0 && !given(name, ctx))
            return at_line(path, line, what);
    }
    return "";
}

void add_config_options(CLI::App &cmd, std::ostream *const *out, std::function<void()> before_dump)
{
    cmd.set_config("--config", "", "read options from FILE (INI or TOML: name = value, TRACE too); "
                                   "the command line overrides it")
        ->type_name("FILE")
        ->group("Run");
    // A misspelt name in the file is an error, not silently ignored.
    cmd.allow_config_extras(CLI::config_extras_mode::error);
    // CLI11 runs option callbacks before it checks required options, so this
    // works without TRACE and sees the command line and the file.
    cmd.add_flag_callback(
           "--dump-config",
           [&cmd, out, before_dump] {
               before_dump();
               **out << config_text(cmd);
               throw CLI::Success();
           },
           "print every option as a config file (typed values, help; the trace too) and exit: "
           "--config FILE reads it back to the same run")
        ->group("Run")
        ->configurable(false);
}

} // namespace rxsim
