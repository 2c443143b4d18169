#include "config.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include <CLI/CLI.hpp>

#include "suggest.h"

namespace rxsim {

namespace {

// CLI11 writes an option left empty (a repeatable one given no value, e.g.
// cost = "[]" or "") in a form it then refuses to read back: leave those
// out, with their help line, so that the file reads back as it was.
std::string without_empty_values(const std::string &config)
{
    std::istringstream in(config);
    std::string out, help, line;
    while (std::getline(in, line)) {
        if (!line.empty() && line[0] == '#') {
            out += help;
            help = line + "\n";
            continue;
        }
        const size_t eq = line.find('=');
        const std::string value = eq == std::string::npos ? "" : line.substr(eq + 1);
        if (eq != std::string::npos && (value == "\"\"" || value == "\"[]\"" || value == "[]")) {
            help.clear();
            if (out.size() >= 2 && out.compare(out.size() - 2, 2, "\n\n") == 0)
                out.pop_back(); // and the blank line that led to it
            continue;
        }
        out += help + line + "\n";
        help.clear();
    }
    return out + help;
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
        const CLI::Option *opt = cmd.get_option_no_throw("--" + name);
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
    cmd.set_config("--config", "", "read options from FILE (INI or TOML: name = value); "
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
               **out << without_empty_values(cmd.config_to_str(true, true));
               throw CLI::Success();
           },
           "print the options as a config file (values, defaults, help) and exit")
        ->group("Run")
        ->configurable(false);
}

} // namespace rxsim
