#include "suggest.h"

#include <algorithm>

#include <CLI/CLI.hpp>

namespace rxsim {

namespace {

// Optimal string alignment distance (Damerau-Levenshtein without
// repeated edits of one substring): a swapped pair of letters costs 1.
size_t edit_distance(const std::string &a, const std::string &b)
{
    std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
    for (size_t i = 0; i <= a.size(); i++)
        d[i][0] = i;
    for (size_t j = 0; j <= b.size(); j++)
        d[0][j] = j;
    for (size_t i = 1; i <= a.size(); i++)
        for (size_t j = 1; j <= b.size(); j++) {
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1,
                                d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    return d[a.size()][b.size()];
}

} // namespace

std::string closest_name(const std::string &typed, const std::vector<std::string> &names)
{
    std::string best;
    size_t best_d = SIZE_MAX;
    for (const std::string &n : names) {
        const size_t d = edit_distance(typed, n);
        if (d < best_d) // first of equals: the caller's order decides ties
            best = n, best_d = d;
    }
    const size_t limit = std::max<size_t>(2, std::max(typed.size(), best.size()) / 3);
    return best_d <= limit ? best : "";
}

std::vector<std::string> long_option_names(const CLI::App &cmd)
{
    std::vector<std::string> names;
    for (const CLI::Option *o : cmd.get_options())
        for (const std::string &l : o->get_lnames())
            names.push_back("--" + l);
    return names;
}

} // namespace rxsim
