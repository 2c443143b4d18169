#include "results_csv.h"

#include <map>

#include <nlohmann/json.hpp>

namespace rxsim {

namespace {

using json = nlohmann::ordered_json;

// Quoted when it holds a comma, a quote or a line break (RFC 4180).
std::string field(const std::string &s)
{
    if (s.find_first_of(",\"\n\r") == std::string::npos)
        return s;
    std::string q = "\"";
    for (char c : s)
        q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

// Scalars of the report under dotted names, in report order; lists
// (violations, warnings, repeatable options) are not scalars. A sweep's
// options are its axes' business: with_options false leaves them out.
void flatten(const json &j, const std::string &prefix, bool with_options,
             std::vector<std::pair<std::string, std::string>> &out)
{
    for (auto it = j.begin(); it != j.end(); ++it) {
        const std::string name = prefix.empty() ? it.key() : prefix + "." + it.key();
        if (prefix.empty() && it.key() == "options" && !with_options)
            continue;
        if (it->is_object())
            flatten(*it, name, with_options, out);
        else if (it->is_null())
            out.emplace_back(name, "");
        else if (!it->is_array())
            out.emplace_back(name, it->is_string() ? it->get<std::string>() : it->dump());
    }
}

// Figures a plot wants that the report gives only in parts.
void derive(const json &r, std::vector<std::pair<std::string, std::string>> &out)
{
    const double ns = r.at("offered").at("duration_ns").get<double>();
    auto per_s = [ns](uint64_t n) { return json(ns > 0 ? double(n) * 1e9 / ns : 0.0).dump(); };
    out.emplace_back("offered_pps", r.at("offered").at("pps").dump());
    out.emplace_back("offered_bps", r.at("offered").at("bps").dump());
    out.emplace_back("delivered_pps", per_s(r.at("delivered").get<uint64_t>()));
    out.emplace_back("app_pps", per_s(r.at("delivered_to").at("app").get<uint64_t>()));
    // What reached the socket layer: read, still queued at the end, or
    // refused by a full socket (where a livelocked reader's losses land).
    const json dropped = r.value("dropped", json::object());
    out.emplace_back("socket_pps", per_s(r.at("delivered_to").at("app").get<uint64_t>() +
                                         dropped.value("stack.socket_rcvbuff", uint64_t(0)) +
                                         dropped.value("socket.unread_at_end", uint64_t(0))));
    out.emplace_back("dropped_pps", per_s(r.at("dropped_total").get<uint64_t>()));
    double total = 0;
    for (const auto &[context, v] : r.at("cpu").items())
        total += v.get<double>();
    for (const auto &[context, v] : r.at("cpu").items())
        out.emplace_back("cpu_share." + context, json(total > 0 ? v.get<double>() / total : 0.0).dump());
}

} // namespace

std::string results_csv(const sweep_spec &spec, const std::vector<point_outcome> &outcomes)
{
    std::vector<std::string> columns;
    std::map<std::string, size_t> column_of;
    std::vector<std::map<std::string, std::string>> rows(outcomes.size());
    for (size_t i = 0; i < outcomes.size(); i++) {
        if (outcomes[i].status != 0)
            continue;
        const json r = json::parse(outcomes[i].report);
        std::vector<std::pair<std::string, std::string>> cells;
        derive(r, cells);
        flatten(r, "", false, cells);
        for (auto &[name, value] : cells) {
            if (column_of.emplace(name, columns.size()).second)
                columns.push_back(name);
            rows[i][name] = value;
        }
    }

    std::string csv = "point,hash";
    for (const sweep_axis &a : spec.axes)
        csv += "," + field(a.name);
    if (spec.seeded)
        csv += ",repeat,seed";
    csv += ",status";
    for (const std::string &c : columns)
        csv += "," + field(c);
    csv += "\n";
    for (size_t i = 0; i < outcomes.size(); i++) {
        const sweep_point &p = spec.points[i];
        csv += std::to_string(i) + "," + outcomes[i].hash;
        for (const std::string &l : p.labels)
            csv += "," + field(l);
        if (spec.seeded)
            csv += "," + std::to_string(p.repeat) + "," + std::to_string(p.seed);
        csv += "," + std::to_string(outcomes[i].status);
        for (const std::string &c : columns) {
            auto it = rows[i].find(c);
            csv += "," + (it == rows[i].end() ? std::string() : field(it->second));
        }
        csv += "\n";
    }
    return csv;
}

std::string report_csv(const std::string &report)
{
    std::vector<std::pair<std::string, std::string>> cells;
    flatten(json::parse(report), "", true, cells);
    std::string header, row;
    for (size_t i = 0; i < cells.size(); i++) {
        header += (i ? "," : "") + field(cells[i].first);
        row += (i ? "," : "") + field(cells[i].second);
    }
    return header + "\n" + row + "\n";
}

} // namespace rxsim
