// Child processes of this same program (`rxsim gen`, `rxsim run`), at most N
// at once: posix_spawn, each with its own stdout and stderr files, waitpid.
// Shared by `rxsim check` and the local engine of `rxsim sweep`.
#ifndef RXSIM_CHILD_POOL_H
#define RXSIM_CHILD_POOL_H

#include <functional>
#include <string>
#include <vector>

namespace rxsim {

// One child: its arguments after the program, where its output goes, and how
// it ended.
struct child_job {
    std::vector<std::string> args;
    std::string out_path, err_path;
    int status = -1; // exit status; 128 + N when killed by signal N; -1: not started
    double seconds = 0;
};

// The path of the running program (/proc/self/exe); throws if unknown.
std::string self_path();

// The file that runs as `name` through PATH, or "" when there is none.
std::string find_program(const std::string &name);

// Runs every job as `program args...`, at most `parallel` at a time, in
// order. done(i) is called as job i ends (for a progress line). Once *stop
// is set (by a SIGINT handler), no more jobs start; those running finish.
void run_children(const std::string &program, std::vector<child_job> &jobs, unsigned parallel,
                  const std::function<void(size_t)> &done = {}, const volatile int *stop = nullptr);

} // namespace rxsim

#endif
