#include "vcd_reader.h"

#include <cctype>
#include <sstream>

namespace vcd {

namespace {

// The tokens of a $keyword ... $end section, after the keyword.
std::vector<std::string> section(std::istringstream &in)
{
    std::vector<std::string> words;
    std::string w;
    while (in >> w && w != "$end")
        words.push_back(w);
    return words;
}

std::string join(const std::vector<std::string> &path)
{
    std::string s;
    for (const std::string &p : path)
        s += (s.empty() ? "" : ".") + p;
    return s;
}

} // namespace

bool file::has_scope(const std::string &name) const
{
    for (const std::string &s : scopes)
        if (s == name)
            return true;
    return false;
}

const std::vector<change> &file::of(const std::string &name) const
{
    static const std::vector<change> none;
    const auto code = id.find(name);
    if (code == id.end())
        return none;
    const auto c = changes.find(code->second);
    return c == changes.end() ? none : c->second;
}

file parse(const std::string &text)
{
    file f;
    std::istringstream in(text);
    std::vector<std::string> path;
    uint64_t now = 0;
    bool timed = false;
    std::string w;
    auto record = [&](const std::string &code, const std::string &value) {
        auto c = f.changes.find(code);
        if (c == f.changes.end()) {
            f.error = "a change of undeclared identifier " + code;
            return;
        }
        c->second.push_back({now, value});
    };
    while (f.error.empty() && in >> w) {
        if (w == "$scope") {
            const std::vector<std::string> s = section(in);
            if (s.size() != 2) {
                f.error = "$scope without type and name";
                break;
            }
            path.push_back(s[1]);
            f.scopes.push_back(join(path));
        } else if (w == "$upscope") {
            section(in);
            if (path.empty()) {
                f.error = "$upscope outside any scope";
                break;
            }
            path.pop_back();
        } else if (w == "$var") {
            const std::vector<std::string> v = section(in); // type size code name [range]
            if (v.size() < 4) {
                f.error = "$var with fewer than 4 fields";
                break;
            }
            std::vector<std::string> full = path;
            full.push_back(v[3]);
            f.id[join(full)] = v[2];
            f.changes[v[2]]; // one code may be several names (aliases)
        } else if (w == "$timescale") {
            std::string ts;
            for (const std::string &p : section(in))
                ts += p;
            f.timescale = ts;
        } else if (w == "$dumpvars" || w == "$dumpall" || w == "$dumpon" || w == "$dumpoff" || w == "$end") {
            // the changes inside are read as any others
        } else if (w[0] == '$') {
            section(in); // $date, $version, $comment, $enddefinitions
        } else if (w[0] == '#') {
            const uint64_t t = std::stoull(w.substr(1));
            if (timed && t < now) {
                f.error = "time goes back at " + w;
                break;
            }
            now = t;
            timed = true;
            f.times.push_back(t);
        } else if (w[0] == 'b' || w[0] == 'B' || w[0] == 'r' || w[0] == 'R') {
            std::string code;
            if (!(in >> code)) {
                f.error = "a vector change without identifier";
                break;
            }
            record(code, w.substr(1));
        } else if (w.size() >= 2 && (w[0] == '0' || w[0] == '1' || w[0] == 'x' || w[0] == 'X' || w[0] == 'z' ||
                                     w[0] == 'Z')) {
            record(w.substr(1), std::string(1, char(std::tolower(static_cast<unsigned char>(w[0])))));
        } else {
            f.error = "unexpected token " + w;
        }
    }
    if (f.error.empty() && !path.empty())
        f.error = "scope " + join(path) + " not closed";
    return f;
}

uint64_t number(const std::string &value)
{
    uint64_t n = 0;
    for (char c : value)
        n = n << 1 | (c == '1');
    return n;
}

} // namespace vcd
