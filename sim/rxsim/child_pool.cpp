#include "child_pool.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>

extern char **environ;

namespace rxsim {

std::string self_path()
{
    std::error_code ec;
    std::filesystem::path p = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec)
        throw std::runtime_error("cannot find the rxsim program (/proc/self/exe): " + ec.message());
    return p.string();
}

std::string find_program(const std::string &name)
{
    const char *path = std::getenv("PATH");
    std::string dirs = path ? path : "/usr/bin:/bin";
    for (size_t at = 0; at <= dirs.size();) {
        size_t end = dirs.find(':', at);
        if (end == std::string::npos)
            end = dirs.size();
        const std::string candidate = (end > at ? dirs.substr(at, end - at) : ".") + "/" + name;
        if (access(candidate.c_str(), X_OK) == 0)
            return candidate;
        at = end + 1;
    }
    return "";
}

void run_children(const std::string &program, std::vector<child_job> &jobs, unsigned parallel,
                  const std::function<void(size_t)> &done, const volatile int *stop)
{
    using clock = std::chrono::steady_clock;
    std::map<pid_t, std::pair<size_t, clock::time_point>> running;
    size_t next = 0;
    while (next < jobs.size() || !running.empty()) {
        if (stop && *stop)
            next = jobs.size();
        while (next < jobs.size() && running.size() < parallel) {
            const size_t i = next++;
            child_job &j = jobs[i];
            std::vector<std::string> args = {program};
            args.insert(args.end(), j.args.begin(), j.args.end());
            std::vector<char *> argv;
            for (std::string &a : args)
                argv.push_back(a.data());
            argv.push_back(nullptr);
            posix_spawn_file_actions_t fa;
            posix_spawn_file_actions_init(&fa);
            posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
            posix_spawn_file_actions_addopen(&fa, 1, j.out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            posix_spawn_file_actions_addopen(&fa, 2, j.err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            pid_t pid;
            const int e = posix_spawn(&pid, program.c_str(), &fa, nullptr, argv.data(), environ);
            posix_spawn_file_actions_destroy(&fa);
            if (e != 0) {
                std::ofstream(j.err_path) << "cannot start " << program << ": " << std::strerror(e) << "\n";
                if (done)
                    done(i);
                continue;
            }
            running[pid] = {i, clock::now()};
        }
        if (running.empty())
            continue;
        int w = 0;
        const pid_t pid = waitpid(-1, &w, 0);
        if (pid < 0 && errno == EINTR)
            continue;
        if (pid < 0)
            break;
        auto it = running.find(pid);
        if (it == running.end())
            continue;
        child_job &j = jobs[it->second.first];
        j.status = WIFEXITED(w) ? WEXITSTATUS(w) : WIFSIGNALED(w) ? 128 + WTERMSIG(w) : -1;
        j.seconds = std::chrono::duration<double>(clock::now() - it->second.second).count();
        const size_t i = it->second.first;
        running.erase(it);
        if (done)
            done(i);
    }
}

} // namespace rxsim
