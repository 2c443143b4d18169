#include "cli_fixture.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace clitest {

parsed parse(rxsim::command_line &cl, const std::vector<std::string> &args)
{
    std::vector<const char *> argv = {"rxsim"};
    for (const std::string &a : args)
        argv.push_back(a.c_str());
    std::ostringstream out, err;
    int status = cl.parse(static_cast<int>(argv.size()), argv.data(), out, err);
    return {status, out.str(), err.str()};
}

static std::string temp_dir()
{
    static std::string dir;
    if (dir.empty()) {
        char tmpl[] = "/tmp/rxsim-cli-test-XXXXXX";
        dir = mkdtemp(tmpl);
    }
    return dir;
}

std::string temp_file(const std::string &name, const std::string &text)
{
    std::string path = temp_dir() + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

std::string pcap_header(uint32_t linktype)
{
    auto le32 = [](uint32_t v) {
        return std::string{char(v), char(v >> 8), char(v >> 16), char(v >> 24)};
    };
    return le32(0xa1b2c3d4) + std::string{2, 0, 4, 0} + le32(0) + le32(0) + le32(65535) +
           le32(linktype);
}

std::string slurp(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

ran run_shell(const std::string &command)
{
    std::string out = temp_dir() + "/stdout", err = temp_dir() + "/stderr";
    std::string cmd = "{ " + command + "\n} >" + out + " 2>" + err;
    int w = std::system(cmd.c_str());
    return {WIFEXITED(w) ? WEXITSTATUS(w) : -1, slurp(out), slurp(err)};
}

ran run_rxsim(const std::string &args) { return run_shell(rxsim_program() + " " + args); }

std::string rxsim_program() { return RXSIM_BIN; }

std::string option_line(const std::string &help, const std::string &name)
{
    std::istringstream in(help);
    std::string line, first;
    while (std::getline(in, line))
        if (std::istringstream(line) >> first &&
            (first == name || (first.size() > name.size() &&
                                   first.compare(first.size() - name.size() - 1, std::string::npos,
                                                 "," + name) == 0)))
            return line;
    return "";
}

} // namespace clitest
