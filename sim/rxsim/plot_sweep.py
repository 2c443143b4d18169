#!/usr/bin/python3
"""rxsim plot DIR: a sweep's figures, DIR/plots/NAME.png and NAME.svg.

Reads DIR/spec.toml (written by rxsim sweep: the title, the axes, the
[[plot]] tables) and DIR/results.csv (a row per point). Each plot draws y
against x, one line per series (a column, or every axis but the x one),
one panel per facet value, log axes on request; repeats of a point are
averaged with their spread as error bars. With no [[plot]] in the spec it
draws the defaults: delivered vs offered load, interrupts/s, p99 wire-to-
application latency, and the CPU split as stacked areas. Labels carry
units; the footnote names the spec and rxsim's version. Output is the same
bytes for the same inputs (no dates in the files, fixed SVG ids).
"""
import argparse
import csv
import math
import os
import sys
import tomllib

try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:
    sys.exit("rxsim plot: matplotlib is missing (Debian: apt-get install python3-matplotlib)")

matplotlib.rcParams["svg.hashsalt"] = "rxsim"
matplotlib.rcParams["path.simplify"] = False

# Axes that set the offered load: with one of them, x is the load itself.
LOAD_AXES = {"rate", "size", "count", "line-rate", "burst", "traffic.rate", "traffic.size",
             "traffic.line-rate", "traffic.burst"}

# Column -> (axis label, scale to that unit).
UNITS = {
    "offered_pps": ("offered load (packets/s)", 1),
    "offered_bps": ("offered load (Gb/s)", 1e-9),
    "delivered_pps": ("delivered (packets/s)", 1),
    "app_pps": ("delivered to the application (packets/s)", 1),
    "socket_pps": ("reached the socket layer (packets/s)", 1),
    "dropped_pps": ("dropped (packets/s)", 1),
    "interrupts_per_s": ("interrupts/s", 1),
    "interrupts": ("interrupts in the run", 1),
    "napi_polls": ("NAPI polls in the run", 1),
    "time_squeeze": ("time_squeeze (net_rx_action out of budget)", 1),
    "delivered": ("packets delivered", 1),
    "dropped_total": ("packets dropped", 1),
    "itr": ("InterruptThrottleRate (interrupts/s at most)", 1),
    "ring": ("receive ring (descriptors)", 1),
    "rate": ("generator rate (packets/s)", 1),
    "size": ("frame size (bytes, FCS included)", 1),
    "napi-weight": ("NAPI weight (packets a poll)", 1),
    "napi-budget": ("netdev_budget (packets a softirq)", 1),
}


def label(column):
    """Axis label with its unit, and the factor from the CSV's unit to it."""
    if column in UNITS:
        return UNITS[column]
    if column.startswith("latency_ns."):
        _, stage, stat = column.split(".", 2)
        stat = stat.replace("p99_9", "p99.9")
        return (f"{stat} latency, wire to {stage} (µs)", 1e-3)
    if column.startswith("cpu_share."):
        return (f"CPU share: {column.split('.', 1)[1]}", 1)
    if column.startswith("cpu."):
        return (f"CPU time: {column.split('.', 1)[1]} (ms)", 1e-6)
    if column.startswith("dropped."):
        return (f"dropped at {column.split('.', 1)[1]} (packets)", 1)
    return (column, 1)


def number(text):
    try:
        return float(text)
    except ValueError:
        return None


def read(dir_):
    with open(os.path.join(dir_, "spec.toml"), "rb") as f:
        spec = tomllib.load(f)
    with open(os.path.join(dir_, "results.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    return spec, rows


def default_plots(spec):
    axes = [a["name"] for a in spec.get("axis", [])]
    load = [a for a in axes if a in LOAD_AXES]
    if load or not axes:
        x, rest = "offered_pps", [a for a in axes if a not in LOAD_AXES]
    else:
        x, rest = axes[0], axes[1:]
    series = ",".join(rest)
    logx = x == "offered_pps" and len(load) > 0
    plots = [
        {"name": "delivered", "x": x, "y": ["app_pps"], "series": series, "logx": logx,
         "title": "delivered to the application"},
        {"name": "interrupts", "x": x, "y": ["interrupts_per_s"], "series": series, "logx": logx,
         "title": "interrupt rate"},
        {"name": "latency", "x": x, "y": ["latency_ns.app.p99"], "series": series, "logx": logx,
         "title": "p99 latency, wire to application"},
        {"name": "cpu", "x": x, "kind": "stacked", "facet": series, "logx": logx,
         "y": ["cpu_share.hardirq", "cpu_share.softirq", "cpu_share.ksoftirqd", "cpu_share.napi_threads",
               "cpu_share.app", "cpu_share.idle"],
         "title": "CPU split"},
    ]
    return plots


def key_of(row, columns):
    return ", ".join(f"{c}={row[c]}" if len(columns) > 1 else row[c] for c in columns)


def curve(rows, x, y, scale):
    """(xs, means, spreads) over rows, repeats of one x averaged."""
    by_x = {}
    for r in rows:
        xv, yv = number(r.get(x, "")), number(r.get(y, ""))
        if xv is None or yv is None:
            continue
        by_x.setdefault(xv, []).append(yv * scale)
    xs = sorted(by_x)
    means = [sum(by_x[v]) / len(by_x[v]) for v in xs]
    spreads = [math.sqrt(sum((s - m) ** 2 for s in by_x[v]) / len(by_x[v])) for v, m in zip(xs, means)]
    return xs, means, spreads


def draw(plot, spec, rows, out_dir, version):
    rows = [r for r in rows if r.get("status") == "0"]
    x = plot["x"]
    ys = plot["y"] if isinstance(plot["y"], list) else [plot["y"]]
    series_cols = [c for c in plot.get("series", "").split(",") if c]
    facet_cols = [c for c in plot.get("facet", "").split(",") if c]
    for c in [x] + ys + series_cols + facet_cols:
        if rows and c not in rows[0]:
            raise SystemExit(f"rxsim plot: plot {plot['name']}: no column {c} in results.csv")
    facets = []
    for r in rows:
        k = key_of(r, facet_cols) if facet_cols else ""
        if k not in facets:
            facets.append(k)
    facets = facets or [""]
    # Up to 5 panels a row; more wrap (a facet of 2 columns: a row per value).
    ncols = min(len(facets), 5)
    nrows = -(-len(facets) // ncols)
    fig, grid = plt.subplots(nrows, ncols, figsize=(6.4 * ncols if ncols < 4 else 4 * ncols, 4.6 * nrows),
                             squeeze=False, sharey=True)
    axs = [[ax for row in grid for ax in row][:len(facets)]]
    for ax in [ax for row in grid for ax in row][len(facets):]:
        ax.set_visible(False)
    xlabel, xscale = label(x)
    stacked = plot.get("kind") == "stacked"
    for ax, facet in zip(axs[0], facets):
        frows = [r for r in rows if not facet_cols or key_of(r, facet_cols) == facet]
        if stacked:
            curves = [curve(frows, x, y, 1) for y in ys]
            xs = curves[0][0]
            ax.stackplot([v * xscale for v in xs], *[c[1] for c in curves],
                         labels=[label(y)[0].replace("CPU share: ", "") for y in ys], alpha=0.85)
            ax.set_ylim(0, 1)
            ax.set_ylabel("share of the CPU's time")
        else:
            groups = []
            for r in frows:
                k = key_of(r, series_cols) if series_cols else ""
                if k not in groups:
                    groups.append(k)
            for g in groups:
                grows = [r for r in frows if not series_cols or key_of(r, series_cols) == g]
                for y in ys:
                    xs, means, spreads = curve(grows, x, y, label(y)[1])
                    name = " ".join(p for p in (g, label(y)[0] if len(ys) > 1 else "") if p) or label(y)[0]
                    if any(spreads):
                        ax.errorbar([v * xscale for v in xs], means, yerr=spreads, marker="o", ms=4,
                                    capsize=3, label=name)
                    else:
                        ax.plot([v * xscale for v in xs], means, marker="o", ms=4, label=name)
            ax.set_ylabel(label(ys[0])[0] if len(ys) == 1 else "")
            if not plot.get("logy"):
                ax.set_ylim(bottom=0)
        if plot.get("logx"):
            ax.set_xscale("log")
        if plot.get("logy"):
            ax.set_yscale("log")
        ax.set_xlabel(xlabel)
        ax.grid(True, which="major", alpha=0.3)
        if facet:
            ax.set_title(facet, fontsize=10)
        handles, _ = ax.get_legend_handles_labels()
        if handles and stacked and ax is axs[0][-1]:
            # Outside, right of the last panel: the areas fill the plot.
            ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
        elif handles and not stacked:
            ax.legend(fontsize=8, title=",".join(series_cols) or None, title_fontsize=8)
    title = spec.get("title", "")
    if plot.get("title"):
        title = f"{title}: {plot['title']}" if title else plot["title"]
    fig.suptitle(title)
    fig.text(0.01, 0.01, f"spec: {spec.get('source', '?')} · rxsim {version} · {len(rows)} points",
             fontsize=7, color="0.4")
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    os.makedirs(out_dir, exist_ok=True)
    base = os.path.join(out_dir, plot["name"])
    fig.savefig(base + ".png", dpi=110, metadata={"Software": None})
    fig.savefig(base + ".svg", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    return base


def main():
    ap = argparse.ArgumentParser(prog="rxsim plot", description=__doc__.split("\n")[0])
    ap.add_argument("dir")
    ap.add_argument("--rxsim-version", default="?")
    a = ap.parse_args()
    try:
        spec, rows = read(a.dir)
    except (OSError, tomllib.TOMLDecodeError) as e:
        sys.exit(f"rxsim plot: {a.dir}: not a sweep directory: {e}")
    if not any(r.get("status") == "0" for r in rows):
        sys.exit(f"rxsim plot: {a.dir}/results.csv: no point ran to the end")
    plots = spec.get("plot") or default_plots(spec)
    out = os.path.join(a.dir, "plots")
    for p in plots:
        print("rxsim plot: " + draw(p, spec, rows, out, a.rxsim_version) + ".png")


if __name__ == "__main__":
    main()
