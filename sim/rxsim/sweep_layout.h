// Where a sweep keeps its files in DIR, and how a point's run is made final:
// points/HASH.json exists only for a point whose run exited 0 (it is written
// as HASH.json.part and renamed), so a point is done exactly when its JSON is
// there; a failed one leaves HASH.exit (its status), HASH.err and HASH.out.
#ifndef RXSIM_SWEEP_LAYOUT_H
#define RXSIM_SWEEP_LAYOUT_H

#include <filesystem>
#include <string>
#include <vector>

namespace rxsim {

struct sweep_layout {
    std::filesystem::path root;

    std::filesystem::path points() const { return root / "points"; }
    std::filesystem::path traces() const { return root / "traces"; }
    std::filesystem::path point(const std::string &hash, const char *ext) const { return points() / (hash + ext); }
    std::filesystem::path spec() const { return root / "spec.toml"; }
    std::filesystem::path csv() const { return root / "results.csv"; }
    std::filesystem::path pending() const { return root / "pending.txt"; }

    // The `rxsim run` arguments of a point (after the program name).
    std::vector<std::string> run_args(const std::string &hash, const std::string &trace,
                                      const std::vector<std::string> &options) const;
    // After the run of `hash` ended with `status`: keep its JSON (0) or
    // record the failure. False if the files cannot be moved.
    bool finish(const std::string &hash, int status) const;
    // The last `n` lines of a failed point's stderr.
    std::string stderr_tail(const std::string &hash, size_t n) const;
};

} // namespace rxsim

#endif
