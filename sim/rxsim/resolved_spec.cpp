#include "resolved_spec.h"

#include <sstream>

#include <toml++/toml.h>

namespace rxsim {

namespace {

toml::array strings(const std::vector<std::string> &v)
{
    toml::array a;
    for (const std::string &s : v)
        a.push_back(s);
    return a;
}

} // namespace

std::string resolved_spec_toml(const sweep_spec &spec, const std::string &source, const std::string &version,
                               const std::vector<std::string> &hashes, const std::vector<std::string> &traces)
{
    toml::table t;
    t.insert("title", spec.title);
    t.insert("source", source);
    t.insert("rxsim_version", version);
    t.insert("trace", spec.trace.empty() ? std::string("generated (rxsim gen)") : spec.trace);
    t.insert("repeats", int64_t(spec.repeats));
    toml::array axes;
    for (const sweep_axis &a : spec.axes)
        axes.push_back(toml::table{{"name", a.name}, {"values", strings(a.labels)}});
    t.insert("axis", axes);
    toml::array plots;
    for (const sweep_plot &p : spec.plots)
        plots.push_back(toml::table{{"name", p.name},     {"x", p.x},         {"y", strings(p.y)},
                                    {"series", p.series}, {"facet", p.facet}, {"title", p.title},
                                    {"kind", p.kind},     {"logx", p.logx},   {"logy", p.logy}});
    t.insert("plot", plots);
    toml::array points;
    for (size_t i = 0; i < spec.points.size(); i++) {
        const sweep_point &p = spec.points[i];
        toml::table values;
        for (size_t a = 0; a < spec.axes.size(); a++)
            values.insert(spec.axes[a].name, p.labels[a]);
        toml::table pt{{"index", int64_t(i)}, {"hash", hashes[i]}, {"values", values}, {"trace", traces[i]},
                       {"gen", strings(p.gen)}, {"run", strings(p.run)}};
        if (spec.seeded) {
            pt.insert("repeat", int64_t(p.repeat));
            pt.insert("seed", int64_t(p.seed));
        }
        points.push_back(pt);
    }
    t.insert("point", points);
    std::ostringstream out;
    out << "# Resolved by rxsim sweep from " << source << ": every point, its hash (its result is\n"
        << "# points/HASH.json) and the exact rxsim gen / rxsim run options it was given.\n"
        << t << "\n";
    return out.str();
}

sweep_spec read_resolved_spec(const std::string &text, const std::string &path, std::vector<std::string> &hashes)
{
    sweep_spec s;
    try {
        const toml::table t = toml::parse(text, path);
        s.title = t["title"].value_or(std::string());
        s.repeats = unsigned(t["repeats"].value_or(int64_t(1)));
        if (const toml::array *axes = t["axis"].as_array())
            for (const toml::node &a : *axes)
                s.axes.push_back({a.as_table()->at("name").value_or(std::string()), {}});
        if (const toml::array *points = t["point"].as_array())
            for (const toml::node &n : *points) {
                const toml::table &pt = *n.as_table();
                sweep_point p;
                for (const sweep_axis &a : s.axes)
                    p.labels.push_back(pt.at("values").as_table()->at(a.name).value_or(std::string()));
                s.seeded = pt.contains("seed");
                p.repeat = unsigned(pt["repeat"].value_or(int64_t(0)));
                p.seed = uint64_t(pt["seed"].value_or(int64_t(0)));
                hashes.push_back(pt.at("hash").value_or(std::string()));
                s.points.push_back(p);
            }
    } catch (const std::exception &e) {
        throw spec_error(path + ": not a spec.toml written by rxsim sweep: " + e.what());
    }
    return s;
}

} // namespace rxsim
