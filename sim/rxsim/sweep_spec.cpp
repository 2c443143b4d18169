#include "sweep_spec.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include <CLI/CLI.hpp>
#include <toml++/toml.h>

#include "command_line.h"
#include "gen_cli.h"
#include "suggest.h"

namespace rxsim {

namespace {

// Run options the sweep sets itself, or that only change where output goes
// (every point would write the same file).
const std::set<std::string> run_reserved = {"json", "packet-log", "no-progress", "config", "dump-config",
                                            "help", "proc-net", "csv", "timeline", "timeline-window",
                                            "timeline-max-events", "pcap-out", "pcap-out-filter", "waveform",
                                            "waveform-depth", "waveform-window"};
const std::set<std::string> gen_reserved = {"output", "quiet", "help"};
const std::set<std::string> top_keys = {"title", "repeats", "seeds", "zip", "run", "traffic", "modes", "axes",
                                        "plot"};

// An option and its values as the command line takes them; a flag has none.
struct option_value {
    bool flag = false;
    std::vector<std::string> values;
    std::string origin; // "12: axes.itr": the line and key that set it
};
using option_set = std::map<std::string, option_value>;

class spec_parser {
public:
    spec_parser(const std::string &path) : path_(path) {}
    sweep_spec parse(const std::string &text, const std::vector<std::string> &overrides);

private:
    [[noreturn]] void fail(const toml::node &at, const std::string &key, const std::string &what) const
    {
        fail_line(at.source().begin.line, key, what);
    }
    [[noreturn]] void fail_line(unsigned line, const std::string &key, const std::string &what) const
    {
        throw spec_error(path_ + ":" + std::to_string(line) + ": " + key + ": " + what);
    }
    std::string origin(const toml::node &n, const std::string &key) const
    {
        return std::to_string(n.source().begin.line) + ": " + key;
    }

    std::string scalar_text(const toml::node &v, const std::string &key) const;
    // Adds `name = value` (a table's entry) to set as command-line options.
    void add_option(option_set &set, const std::string &name, const toml::node &v, const std::string &key,
                    bool is_gen) const;
    int kind_of(const std::string &name, bool is_gen, const toml::node &at, const std::string &key) const;
    void add_table(option_set &set, const toml::table &t, const std::string &key, bool is_gen) const;
    double number(const toml::node &v, const std::string &key) const;

    struct axis {
        sweep_axis shown;
        enum { run, gen, mode } target;
        std::string option;                  // the option name (run, gen)
        std::vector<const toml::node *> at;  // per value: its node
        std::vector<std::string> values;     // per value: as the option takes it
        unsigned line;
        std::string key;
        bool flag = false;                   // a flag: values true or false
    };
    void read_axis(const std::string &name, const toml::node &v, const std::string &key, bool forced_run,
                   bool forced_gen);
    void read_plots(const toml::node &n, sweep_spec &s) const;

    std::string path_;
    CLI::App *run_app_ = nullptr;
    bool generated_ = false;
    const toml::table *modes_ = nullptr;
    std::vector<axis> axes_;
};

// A TOML value as a command-line word: strings as written, numbers as TOML
// spells them (integers exactly, floats in the shortest form that reads back).
std::string spec_parser::scalar_text(const toml::node &v, const std::string &key) const
{
    if (const auto *s = v.as_string())
        return s->get();
    if (const auto *i = v.as_integer())
        return std::to_string(i->get());
    if (const auto *f = v.as_floating_point()) {
        char buf[40];
        for (int p = 1; p <= 17; p++) {
            std::snprintf(buf, sizeof buf, "%.*g", p, f->get());
            if (std::strtod(buf, nullptr) == f->get())
                break;
        }
        return buf;
    }
    if (const auto *b = v.as_boolean())
        return b->get() ? "true" : "false";
    fail(v, key, "expected a string, a number or a boolean");
}

int spec_parser::kind_of(const std::string &name, bool is_gen, const toml::node &at, const std::string &key) const
{
    if (is_gen) {
        if (gen_reserved.count(name))
            fail(at, key, "set by rxsim sweep itself");
        const int k = gen_cli_option_kind(name.c_str());
        if (k < 0)
            fail(at, key, "not an rxsim gen option (rxsim gen --help lists them)");
        return k;
    }
    if (run_reserved.count(name))
        fail(at, key, "set by rxsim sweep itself, or only about output");
    const CLI::Option *o = run_app_->get_option_no_throw("--" + name);
    if (!o || name == "TRACE") {
        const std::string near = closest_name("--" + name, long_option_names(*run_app_));
        fail(at, key, "not an rxsim run option" + (near.empty() ? "" : "; did you mean " + near.substr(2) + "?"));
    }
    return o->get_expected_max() != 0;
}

void spec_parser::add_option(option_set &set, const std::string &name, const toml::node &v, const std::string &key,
                             bool is_gen) const
{
    const int takes_value = kind_of(name, is_gen, v, key);
    option_value o;
    o.origin = origin(v, key);
    if (!takes_value) {
        const auto *b = v.as_boolean();
        if (!b)
            fail(v, key, "a flag: expected true or false");
        if (!b->get()) {
            set.erase(name);
            return;
        }
        o.flag = true;
    } else if (const auto *a = v.as_array()) {
        for (const toml::node &e : *a)
            o.values.push_back(scalar_text(e, key));
        if (o.values.empty()) {
            set.erase(name);
            return;
        }
    } else {
        if (v.is_boolean())
            fail(v, key, "takes a value, not true or false");
        o.values.push_back(scalar_text(v, key));
    }
    set[name] = o;
}

void spec_parser::add_table(option_set &set, const toml::table &t, const std::string &key, bool is_gen) const
{
    for (auto &&[k, v] : t)
        add_option(set, std::string(k.str()), v, key + "." + std::string(k.str()), is_gen);
}

// A number, or a string with a k, M or G suffix ("10k", "2M").
double spec_parser::number(const toml::node &v, const std::string &key) const
{
    if (const auto *i = v.as_integer())
        return double(i->get());
    if (const auto *f = v.as_floating_point())
        return f->get();
    if (const auto *s = v.as_string()) {
        const std::string &t = s->get();
        char *end = nullptr;
        double x = std::strtod(t.c_str(), &end);
        const std::string rest = end;
        if (end != t.c_str() && (rest.empty() || rest == "k" || rest == "M" || rest == "G"))
            return x * (rest == "k" ? 1e3 : rest == "M" ? 1e6 : rest == "G" ? 1e9 : 1);
    }
    fail(v, key, "expected a number (10000, 2.5, or \"10k\", \"2M\", \"1G\")");
}

void spec_parser::read_axis(const std::string &name, const toml::node &v, const std::string &key, bool forced_run,
                            bool forced_gen)
{
    axis a;
    a.shown.name = forced_run ? "run." + name : forced_gen ? "traffic." + name : name;
    a.key = key;
    a.line = v.source().begin.line;
    a.option = name;
    if (name == "mode" && !forced_run && !forced_gen) {
        a.target = axis::mode;
    } else if (forced_gen || (!forced_run && generated_ && gen_cli_option_kind(name.c_str()) >= 0)) {
        if (!generated_)
            fail(v, key, "the traffic is a trace file: no generator options");
        a.target = axis::gen;
        kind_of(name, true, v, key);
    } else {
        a.target = axis::run;
        kind_of(name, false, v, key);
    }

    if (const auto *list = v.as_array()) {
        for (const toml::node &e : *list) {
            a.at.push_back(&e);
            a.values.push_back(scalar_text(e, key));
        }
    } else if (const auto *r = v.as_table()) {
        for (auto &&[k, _] : *r)
            if (k != "from" && k != "to" && k != "steps" && k != "scale")
                fail(_, key + "." + std::string(k.str()), "a range has from, to, steps and scale only");
        const toml::node *from = r->get("from"), *to = r->get("to"), *steps = r->get("steps");
        if (!from || !to || !steps)
            fail(v, key, "a range needs from, to and steps");
        const double lo = number(*from, key + ".from"), hi = number(*to, key + ".to");
        const auto *n = steps->as_integer();
        if (!n || n->get() < 2 || n->get() > 10000)
            fail(*steps, key + ".steps", "expected a whole number 2..10000");
        std::string scale = "lin";
        if (const toml::node *sc = r->get("scale")) {
            if (!sc->is_string() || (sc->as_string()->get() != "lin" && sc->as_string()->get() != "log"))
                fail(*sc, key + ".scale", "expected \"lin\" or \"log\"");
            scale = sc->as_string()->get();
        }
        if (scale == "log" && (lo <= 0 || hi <= 0))
            fail(v, key, "a log range needs from and to above 0");
        // Whole-number ends give whole-number steps (rates, sizes, counts).
        const bool whole = lo == std::floor(lo) && hi == std::floor(hi);
        for (int64_t i = 0; i < n->get(); i++) {
            const double f = double(i) / double(n->get() - 1);
            double x = scale == "log" ? lo * std::pow(hi / lo, f) : lo + (hi - lo) * f;
            if (i == n->get() - 1)
                x = hi;
            char buf[40];
            if (whole)
                std::snprintf(buf, sizeof buf, "%.0f", std::round(x));
            else
                std::snprintf(buf, sizeof buf, "%.6g", x);
            a.at.push_back(&v);
            a.values.push_back(buf);
        }
    } else {
        fail(v, key, "expected a list of values or a range {from, to, steps, scale}");
    }
    if (a.values.empty())
        fail(v, key, "no values");
    a.flag = a.target != axis::mode && kind_of(name, a.target == axis::gen, v, key) == 0;
    for (size_t i = 0; i < a.values.size(); i++) {
        if (a.target == axis::mode && (!modes_ || !modes_->get(a.values[i])))
            fail(*a.at[i], key, "no mode \"" + a.values[i] + "\" (a [modes." + a.values[i] + "] table)");
        if (a.flag != a.at[i]->is_boolean())
            fail(*a.at[i], key, a.flag ? "a flag: expected true or false" : "takes a value, not true or false");
    }
    a.shown.labels = a.values;
    for (const axis &b : axes_)
        if (b.shown.name == a.shown.name)
            fail(v, key, "given twice");
    axes_.push_back(a);
}

void spec_parser::read_plots(const toml::node &n, sweep_spec &s) const
{
    const auto *list = n.as_array();
    if (!list || !list->is_array_of_tables())
        fail(n, "plot", "expected [[plot]] tables");
    for (const toml::node &e : *list) {
        const toml::table &t = *e.as_table();
        sweep_plot p;
        p.name = "plot" + std::to_string(s.plots.size() + 1);
        p.kind = "line";
        for (auto &&[k, v] : t) {
            const std::string key = "plot." + std::string(k.str());
            if (k == "logx" || k == "logy") {
                if (!v.is_boolean())
                    fail(v, key, "expected true or false");
                (k == "logx" ? p.logx : p.logy) = v.as_boolean()->get();
            } else if (k == "y") {
                if (const auto *ys = v.as_array())
                    for (const toml::node &y : *ys)
                        p.y.push_back(scalar_text(y, key));
                else
                    p.y.push_back(scalar_text(v, key));
            } else if (k == "name" || k == "x" || k == "series" || k == "facet" || k == "title" || k == "kind") {
                if (!v.is_string())
                    fail(v, key, "expected a string");
                const std::string text = v.as_string()->get();
                if (k == "kind" && text != "line" && text != "stacked")
                    fail(v, key, "expected \"line\" or \"stacked\"");
                (k == "name" ? p.name : k == "x" ? p.x : k == "series" ? p.series : k == "facet" ? p.facet
                                                                       : k == "title" ? p.title : p.kind) = text;
            } else {
                fail(v, key, "not a plot key (name, x, y, series, facet, title, kind, logx, logy)");
            }
        }
        if (p.x.empty() || p.y.empty())
            fail(e, "plot", "needs x and y (columns of results.csv)");
        if (p.name.empty() || p.name.find_first_of("/\\. ") != std::string::npos)
            fail(e, "plot.name", "a file name: letters, digits, - and _");
        s.plots.push_back(p);
    }
}

// KEY=VALUE into doc (rxsim sweep --set).
void apply_override(toml::table &doc, const std::string &o)
{
    const size_t eq = o.find('=');
    if (eq == std::string::npos || eq == 0)
        throw spec_error("--set " + o + ": expected KEY=VALUE, e.g. traffic.count=2000");
    const std::string key = o.substr(0, eq), text = o.substr(eq + 1);
    toml::table value;
    try {
        value = toml::parse(std::string_view("v = " + text), std::string_view("--set"));
    } catch (const toml::parse_error &) {
        value = toml::table{{"v", text}}; // a bare word: a string
    }
    toml::table *t = &doc;
    size_t at = 0;
    for (size_t dot; (dot = key.find('.', at)) != std::string::npos; at = dot + 1) {
        const std::string part = key.substr(at, dot - at);
        if (!t->contains(part))
            t->insert(part, toml::table{});
        t = t->get_as<toml::table>(part);
        if (!t)
            throw spec_error("--set " + o + ": " + key.substr(0, dot) + " is not a table");
    }
    value.get("v")->visit([&](auto &&v) { t->insert_or_assign(key.substr(at), v); });
}

sweep_spec spec_parser::parse(const std::string &text, const std::vector<std::string> &overrides)
{
    toml::table doc;
    try {
        doc = toml::parse(text, path_);
    } catch (const toml::parse_error &e) {
        // The key is not known yet: the line's text shows it.
        const unsigned line = e.source().begin.line;
        std::istringstream in(text);
        std::string at;
        for (unsigned i = 0; i < line && std::getline(in, at); i++) {
        }
        throw spec_error(path_ + ":" + std::to_string(line) + ": " + std::string(e.description()) + ": " + at);
    }
    for (const std::string &o : overrides)
        apply_override(doc, o);
    for (auto &&[k, v] : doc)
        if (!top_keys.count(std::string(k.str())))
            fail(v, std::string(k.str()), "not a spec key (title, repeats, seeds, zip, run, traffic, modes, axes, plot)");

    sweep_spec s;
    const toml::node *title = doc.get("title");
    if (!title || !title->is_string())
        fail_line(title ? title->source().begin.line : 1, "title", "expected a string: the sweep's title");
    s.title = title->as_string()->get();

    command_line cl;
    run_app_ = &cl.run();
    option_set base_run, base_gen;
    if (const toml::node *r = doc.get("run")) {
        if (!r->is_table())
            fail(*r, "run", "expected a table of rxsim run options");
        add_table(base_run, *r->as_table(), "run", false);
    }
    const toml::node *traffic = doc.get("traffic");
    if (!traffic || !traffic->is_table())
        fail_line(traffic ? traffic->source().begin.line : 1, "traffic",
                  "expected a [traffic] table: trace = FILE, or rxsim gen options");
    const toml::table &tt = *traffic->as_table();
    if (const toml::node *trace = tt.get("trace")) {
        if (!trace->is_string())
            fail(*trace, "traffic.trace", "expected a file name");
        if (tt.size() > 1)
            fail(*trace, "traffic", "a trace file takes no generator options (replay options go in [run])");
        std::filesystem::path p = trace->as_string()->get();
        if (p.is_relative())
            p = std::filesystem::absolute(std::filesystem::path(path_).parent_path() / p);
        s.trace = p.lexically_normal().string();
    } else {
        generated_ = true;
        add_table(base_gen, tt, "traffic", true);
    }
    if (const toml::node *m = doc.get("modes")) {
        if (!m->is_table())
            fail(*m, "modes", "expected [modes.NAME] tables of rxsim run options");
        modes_ = m->as_table();
        for (auto &&[k, v] : *modes_)
            if (!v.is_table())
                fail(v, "modes." + std::string(k.str()), "expected a table of rxsim run options");
    }

    if (const toml::node *ax = doc.get("axes")) {
        if (!ax->is_table())
            fail(*ax, "axes", "expected an [axes] table");
        for (auto &&[k, v] : *ax->as_table()) {
            const std::string name(k.str());
            if ((name == "run" || name == "traffic") && v.is_table() && !v.as_table()->contains("from")) {
                for (auto &&[k2, v2] : *v.as_table())
                    read_axis(std::string(k2.str()), v2, "axes." + name + "." + std::string(k2.str()),
                              name == "run", name == "traffic");
            } else {
                read_axis(name, v, "axes." + name, false, false);
            }
        }
    }
    // toml++ keeps keys sorted; the spec's order is the order of its lines.
    std::stable_sort(axes_.begin(), axes_.end(), [](const axis &a, const axis &b) { return a.line < b.line; });
    for (const axis &a : axes_)
        s.axes.push_back(a.shown);

    // Dimensions: each zip group varies together; every other axis alone.
    std::vector<std::vector<size_t>> dims;
    std::vector<bool> zipped(axes_.size(), false);
    if (const toml::node *z = doc.get("zip")) {
        const auto *groups = z->as_array();
        if (!groups)
            fail(*z, "zip", "expected a list of lists of axis names: zip = [[\"size\", \"rate\"]]");
        for (const toml::node &g : *groups) {
            const auto *names = g.as_array();
            if (!names || names->size() < 2)
                fail(g, "zip", "each group is a list of two or more axis names");
            std::vector<size_t> dim;
            for (const toml::node &n : *names) {
                const std::string name = n.is_string() ? n.as_string()->get() : "";
                auto it = std::find_if(axes_.begin(), axes_.end(), [&](const axis &a) { return a.shown.name == name; });
                if (it == axes_.end())
                    fail(n, "zip", "no axis named " + (name.empty() ? n.is_string() ? "\"\"" : "that" : name));
                const size_t i = size_t(it - axes_.begin());
                if (zipped[i])
                    fail(n, "zip", name + " is zipped twice");
                if (it->values.size() != axes_[dim.empty() ? i : dim[0]].values.size())
                    fail(n, "zip", "zipped axes need as many values each: " + name + " has " +
                                       std::to_string(it->values.size()) + ", " + axes_[dim[0]].shown.name +
                                       " " + std::to_string(axes_[dim[0]].values.size()));
                zipped[i] = true;
                dim.push_back(i);
            }
            dims.push_back(dim);
        }
    }
    for (size_t i = 0; i < axes_.size(); i++)
        if (!zipped[i])
            dims.push_back({i});
    std::sort(dims.begin(), dims.end(), [&](const auto &a, const auto &b) {
        return *std::min_element(a.begin(), a.end()) < *std::min_element(b.begin(), b.end());
    });

    std::vector<uint64_t> seeds;
    const toml::node *rep = doc.get("repeats"), *sd = doc.get("seeds");
    if (rep && sd)
        fail(*sd, "seeds", "give repeats or seeds, not both");
    if (rep) {
        const auto *n = rep->as_integer();
        if (!n || n->get() < 1 || n->get() > 1000)
            fail(*rep, "repeats", "expected a whole number 1..1000");
        for (int64_t i = 1; i <= n->get(); i++)
            seeds.push_back(uint64_t(i));
    }
    if (sd) {
        const auto *list = sd->as_array();
        if (!list || list->empty())
            fail(*sd, "seeds", "expected a list of whole numbers");
        for (const toml::node &e : *list) {
            if (!e.is_integer() || e.as_integer()->get() < 1)
                fail(e, "seeds", "expected whole numbers above 0");
            seeds.push_back(uint64_t(e.as_integer()->get()));
        }
    }
    s.seeded = !seeds.empty();
    const std::string seeds_origin = rep ? origin(*rep, "repeats") : sd ? origin(*sd, "seeds") : "";
    if (seeds.empty())
        seeds.push_back(0);
    s.repeats = unsigned(seeds.size());

    size_t total = seeds.size();
    for (const auto &d : dims) {
        total *= axes_[d[0]].values.size();
        if (total > 100000)
            fail(*doc.get("axes"), "axes", "more than 100000 points");
    }

    // Checked once per distinct command line: a rejected value names the
    // key it came from.
    std::set<std::vector<std::string>> checked;
    auto words = [](const option_set &set) {
        std::vector<std::string> w;
        for (const auto &[name, o] : set) {
            if (o.flag)
                w.push_back("--" + name);
            for (const std::string &v : o.values)
                w.insert(w.end(), {"--" + name, v});
        }
        return w;
    };
    std::vector<size_t> at(dims.size(), 0);
    for (size_t n = 0; n < total; n++) {
        size_t rest = n / seeds.size();
        for (size_t d = dims.size(); d-- > 0;) {
            const size_t len = axes_[dims[d][0]].values.size();
            at[d] = rest % len;
            rest /= len;
        }
        sweep_point p;
        p.repeat = unsigned(n % seeds.size());
        p.seed = seeds[p.repeat];
        p.labels.resize(axes_.size());
        option_set run = base_run, gen = base_gen;
        for (size_t d = 0; d < dims.size(); d++)
            for (size_t i : dims[d]) {
                const axis &a = axes_[i];
                p.labels[i] = a.values[at[d]];
                if (a.target == axis::mode)
                    add_table(run, *modes_->get(a.values[at[d]])->as_table(), "modes." + a.values[at[d]], false);
                else if (a.flag)
                    add_option(a.target == axis::gen ? gen : run, a.option, *a.at[at[d]], a.key,
                               a.target == axis::gen);
                else
                    (a.target == axis::gen ? gen : run)[a.option] = {false, {a.values[at[d]]},
                                                                     origin(*a.at[at[d]], a.key)};
            }
        if (p.seed) {
            run["seed"] = {false, {std::to_string(p.seed)}, seeds_origin};
            if (generated_)
                gen["seed"] = {false, {std::to_string(p.seed)}, seeds_origin};
        }
        p.gen = words(gen);
        p.run = words(run);
        if (checked.insert(p.run).second) {
            command_line probe;
            std::vector<std::string> args = {"rxsim", "run", "trace.pcap"};
            args.insert(args.end(), p.run.begin(), p.run.end());
            std::vector<const char *> argv;
            for (const std::string &a : args)
                argv.push_back(a.c_str());
            std::ostringstream out, err;
            if (probe.parse(int(argv.size()), argv.data(), out, err) != -1) {
                std::string why = err.str().substr(0, err.str().find('\n'));
                if (why.rfind("rxsim run: ", 0) == 0)
                    why = why.substr(11);
                // The option the message names, longest name first.
                const option_value *culprit = nullptr;
                size_t best = 0;
                for (const auto &[name, o] : run)
                    if (why.find("--" + name) != std::string::npos && name.size() > best) {
                        culprit = &o;
                        best = name.size();
                    }
                throw spec_error(path_ + ":" + (culprit ? culprit->origin : "1: run") + ": rxsim run rejects it: " + why);
            }
        }
        s.points.push_back(std::move(p));
    }
    if (const toml::node *pl = doc.get("plot"))
        read_plots(*pl, s);
    return s;
}

} // namespace

sweep_spec parse_sweep_spec(const std::string &text, const std::string &path,
                            const std::vector<std::string> &overrides)
{
    return spec_parser(path).parse(text, overrides);
}

} // namespace rxsim
