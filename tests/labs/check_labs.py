#!/usr/bin/env python3
"""Runs every lab of docs/LABS.md as the text gives it and checks the figures
it quotes.

Each lab's commands are its indented code block, run by sh in a scratch
directory (with the repository's traces/ beside them) as written, with $R and
$G set. $R is a wrapper that adds `--json FILE` to a `run` that names none,
so that each run's report is at hand in the order the commands ran. The
figures are read from the lab's own text (its tables, the quoted packet-log
line, the Perfetto table) and compared, as printed there, with what the runs
gave: a figure in the text is a figure this test checks.

  check_labs.py --rxsim R --gen G --labs docs/LABS.md [--print]

--print shows each figure beside the measured one instead of failing
(for refreshing the text).
"""

import argparse
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile

WRAPPER = """#!/bin/sh
# $R for the labs: rxsim, with --json added to a run that names none.
n=$(cat "{dir}/runs" 2>/dev/null | wc -l)
if [ "$1" = run ]; then
  case " $* " in
    *" --json "*) json=$(printf '%s\\n' "$@" | sed -n '/^--json$/{{n;p;}}') ;;
    *) json="{dir}/run-$n.json"; set -- "$@" --json "$json" ;;
  esac
  case "$json" in /*) ;; *) json="$PWD/$json" ;; esac
  echo "$json" >> "{dir}/runs"
fi
exec {rxsim} "$@"
"""


def sections(text):
    """(number, title, body) of each '## N. Title' section."""
    parts = re.split(r"^## (\d+)\. (.*)$", text, flags=re.M)
    return [(int(parts[i]), parts[i + 1].strip(), parts[i + 2]) for i in range(1, len(parts), 3)]


def commands(body):
    """The lab's commands: the first indented block of lines starting with $."""
    lines, started = [], False
    for line in body.splitlines():
        if line.startswith("    ") and (started or line.strip().startswith("$") or line.strip().startswith("for ")):
            started = True
            lines.append(line[4:])
        elif started and line.strip() == "":
            break
        elif started:
            break
    return "\n".join(lines)


def tables(body):
    """Each markdown table as a list of rows (lists of cells), header first."""
    found, cur = [], []
    for line in body.splitlines():
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if not all(re.fullmatch(r":?-+:?", c) for c in cells):
                cur.append(cells)
        elif cur:
            found.append(cur)
            cur = []
    if cur:
        found.append(cur)
    return found


def get(report, path):
    v = report
    for k in path.split("/"):
        v = v[k]
    return v


UNITS = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}


def as_printed(cell, value_ns_or_count):
    """The measured value printed as the cell prints its figure."""
    m = re.fullmatch(r"(-?[\d,]+)(?:\.(\d+))?(?: (ns|us|ms|s))?", cell)
    if not m:
        raise ValueError(f"cannot read the figure '{cell}'")
    decimals = len(m.group(2) or "")
    unit = m.group(3)
    v = value_ns_or_count / UNITS[unit] if unit else value_ns_or_count
    s = f"{v:,.{decimals}f}" if "," in m.group(1) else f"{v:.{decimals}f}"
    return s + (f" {unit}" if unit else "")


class Checker:
    def __init__(self, show):
        self.show = show
        self.failures = []
        self.checked = 0

    def figure(self, where, cell, measured):
        self.checked += 1
        printed = as_printed(cell, measured)
        if self.show:
            print(f"  {where}: text {cell!r}, measured {printed!r}" + ("" if printed == cell else "   <-- differs"))
        elif printed != cell:
            self.failures.append(f"{where}: the text says {cell}, the run gives {printed}")

    def claim(self, where, ok, detail=""):
        self.checked += 1
        if self.show:
            print(f"  {where}: {'yes' if ok else 'NO'} {detail}")
        elif not ok:
            self.failures.append(f"{where}: {detail}")


# Per lab: how a table's columns read off a run's JSON report (paths into it),
# and which run each row is (its index among the lab's runs). Columns not named
# here are labels.
COLUMNS = {
    "interrupts": "interrupts",
    "read by the app": "delivered_to/app",
    "read": "delivered_to/app",
    "hardirq": "cpu/hardirq",
    "softirq": "cpu/softirq",
    "app": "cpu/app",
    "idle": "cpu/idle",
    "app p50": "latency_ns/app/p50",
    "app p99": "latency_ns/app/p99",
    "`fifo.missed` (MPC)": "dropped/fifo.missed",
    "`stack.socket_rcvbuff`": "dropped/stack.socket_rcvbuff",
}


def check_table(c, lab, table, reports, row_runs):
    header = table[0]
    if len(table) - 1 != len(row_runs):
        c.claim(f"lab {lab}", False, f"the table has {len(table) - 1} rows for {len(row_runs)} runs")
        return
    for row, runs in zip(table[1:], row_runs):
        for col, cell in zip(header, row):
            if col in COLUMNS:
                c.figure(f"lab {lab}, {row[0]}, {col}", cell, get(reports[runs], COLUMNS[col]))


def check_livelock(c, lab, table, reports):
    # Rows: offered loads; columns NAPI and pre-NAPI, run in that order per load.
    for i, row in enumerate(table[1:]):
        for j, col in enumerate(table[0][1:3]):
            c.figure(f"lab {lab}, {row[0]}, {col}", row[1 + j], get(reports[2 * i + j], "delivered_to/app"))


def check_packet_log(c, lab, body, scratch):
    quoted = re.search(r"^    (\{\"packet\".*?\}\})\s*$", body, flags=re.M | re.S)
    text = " ".join(quoted.group(1).split()) if quoted else ""
    logged = open(os.path.join(scratch, "one.jsonl")).read().strip()
    c.claim(f"lab {lab}, packet log", quoted is not None and json.loads(text) == json.loads(logged),
            f"the text quotes {text}, the run logged {logged}")


def check_coalescing_log(c, lab, body, scratch):
    # The claims about co.jsonl: a frame found by another's poll (its poll
    # time, no irq) and one that waited for its own timer (its irq time).
    lines = [json.loads(l) for l in open(os.path.join(scratch, "co.jsonl"))]
    found = re.search(r"(\d+) of the (\d+) frames", body)
    c.claim(f"lab {lab}, co.jsonl frames without their own irq", bool(found) and
            (sum("irq" not in l["ns"] for l in lines), len(lines)) == (int(found.group(1)), int(found.group(2))),
            f"{sum('irq' not in l['ns'] for l in lines)} of {len(lines)} have no irq")
    poll = re.search(r'`"poll":(\d+)` and no `irq`', body)
    irq = re.search(r'`"irq":(\d+)`', body)
    c.claim(f"lab {lab}, co.jsonl poll without irq", bool(poll) and any(
        l["ns"].get("poll") == int(poll.group(1)) and "irq" not in l["ns"] for l in lines),
        f"no packet has poll {poll.group(1) if poll else '?'} and no irq")
    c.claim(f"lab {lab}, co.jsonl own irq", bool(irq) and any(l["ns"].get("irq") == int(irq.group(1)) for l in lines),
            f"no packet has irq {irq.group(1) if irq else '?'}")


def spans(events, track):
    """(name, from_ns, to_ns, args) of every slice: X events, and B/E pairs
    matched per track (the E's args are the slice's)."""
    out, open_ = [], {}
    for e in events:
        at = round(e.get("ts", 0) * 1000)
        if e["ph"] == "X":
            out.append((e["name"], at, at + round(e["dur"] * 1000), e.get("args", {})))
        elif e["ph"] == "B":
            open_.setdefault(track(e), []).append((e["name"], at))
        elif e["ph"] == "E":
            name, begun = open_[track(e)].pop()
            out.append((name, begun, at, e.get("args", {}), track(e)))
            continue
        else:
            continue
        if e["ph"] == "X":
            out[-1] = out[-1] + (track(e),)
    return out


def check_perfetto(c, lab, body, table, scratch):
    """Rows: stage | track | slice | at (us): packet 0's flow has a point at that
    time on that track, inside a slice of that name there; and the poll's
    work and budget the text quotes."""
    doc = json.load(open(os.path.join(scratch, "one.json")))
    events = doc["traceEvents"]
    names = {}
    for e in events:
        if e["ph"] == "M" and e["name"] in ("thread_name", "process_name"):
            names[(e["pid"], e.get("tid", 0) if e["name"] == "thread_name" else None)] = e["args"]["name"]

    def track(e):
        return f"{names[(e['pid'], None)]} / {names.get((e['pid'], e.get('tid', 0)), '?')}"
    slices = spans(events, track)
    flow = {round(e["ts"] * 1000): track(e) for e in events if e.get("cat") == "packet" and e["id"] == 0}
    for stage, where, name, at in table[1:]:
        ns = round(float(at) * 1000)
        c.claim(f"lab {lab}, {stage}: flow point on {where} at {at} us", flow.get(ns) == where,
                f"packet 0's flow points: {sorted(flow.items())}")
        name = name.strip("`")
        c.claim(f"lab {lab}, {stage}: a {name} slice on {where} holds {at} us",
                any(s[0] == name and s[4] == where and s[1] <= ns <= s[2] for s in slices),
                f"{name} on {where}: {[s[1:3] for s in slices if s[0] == name]}")
    quoted = re.search(r"`e1000_clean_rx_irq`\s+\(work (\d+) of budget (\d+)\)", body)
    polls = [s[3] for s in slices if s[0] == "e1000_clean_rx_irq"]
    c.claim(f"lab {lab}, e1000_clean_rx_irq work and budget", bool(quoted) and any(
        a.get("work") == int(quoted.group(1)) and a.get("budget") == int(quoted.group(2)) for a in polls),
        f"its polls: {polls}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rxsim", required=True)
    ap.add_argument("--gen", required=True)
    ap.add_argument("--labs", required=True)
    ap.add_argument("--traces", required=True)
    ap.add_argument("--print", action="store_true", dest="show")
    a = ap.parse_args()
    text = open(a.labs).read()
    c = Checker(a.show)
    with tempfile.TemporaryDirectory(prefix="rxsim-labs-") as scratch:
        os.symlink(os.path.abspath(a.traces), os.path.join(scratch, "traces"))
        for lab, title, body in sections(text):
            runs_dir = os.path.join(scratch, f"lab{lab}")
            os.mkdir(runs_dir)
            wrapper = os.path.join(runs_dir, "R")
            with open(wrapper, "w") as f:
                f.write(WRAPPER.format(dir=runs_dir, rxsim=shlex.quote(os.path.abspath(a.rxsim))))
            os.chmod(wrapper, 0o755)
            script = commands(body)
            if a.show:
                print(f"lab {lab}: {title}\n" + "".join(f"  $ {l}\n" for l in script.splitlines()))
            env = dict(os.environ, R=wrapper, G=os.path.abspath(a.gen))
            done = subprocess.run(["sh", "-e", "-c", script], cwd=scratch, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            if done.returncode != 0:
                c.claim(f"lab {lab}", False, f"its commands exit {done.returncode}: {done.stderr[-2000:]}")
                continue
            paths = open(os.path.join(runs_dir, "runs")).read().split() if os.path.exists(
                os.path.join(runs_dir, "runs")) else []
            reports = [json.load(open(p)) for p in paths]
            for r in reports:
                c.claim(f"lab {lab}: accounted, no violations", r["accounted"] and not r["violations"], str(r["violations"]))
            t = tables(body)
            if title.startswith("Follow one packet in Perfetto"):
                check_perfetto(c, lab, body, t[0], scratch)
            elif title.startswith("Follow one packet"):
                check_packet_log(c, lab, body, scratch)
            elif title.startswith("Receive livelock"):
                check_livelock(c, lab, t[0], reports)
            else:
                check_table(c, lab, t[0], reports, list(range(len(reports))))
                if title.startswith("Coalescing"):
                    check_coalescing_log(c, lab, body, scratch)
    if c.failures:
        print("\n".join(c.failures), file=sys.stderr)
        return 1
    print(f"labs: {c.checked} figures and claims checked")
    return 0


if __name__ == "__main__":
    sys.exit(main())
