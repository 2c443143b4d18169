#!/usr/bin/env python3
"""The bundled studies: run them, check their curves' shape, refresh the docs.

  studies.py --rxsim BIN check [--out DIR] [NAME...]
      every study (or those named) at reduced size, then its shape check;
      exit 1 naming the study and the check that failed (CTest rxsim_studies)
  studies.py --rxsim BIN make [NAME...]
      every study at full size, its figures copied to docs/studies/NAME/
      (what `make studies` runs; the committed PNGs come from here only)

A study is studies/NAME/spec.toml (an rxsim sweep spec). REDUCED holds the
--set overrides that make it small enough for the test suite, CHECKS the
shape its curves must have (a function of results.csv's rows).
"""
import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(os.path.dirname(HERE), "docs", "studies")

REDUCED = {
    # 12 ms of traffic a point instead of 25
    "livelock": ["axes.count={from = 480, to = 16800, steps = 8, scale = \"log\"}"],
    # 10 ms of traffic a point instead of 25
    "itr": ["axes.count=[1000, 10000]"],
    "napi-howto": ["traffic.count=5000"],
    # 10 ms of traffic a point instead of 25
    "deferral": ["axes.count={from = 250, to = 4000, steps = 5, scale = \"log\"}"],
    # 3000 frames: 2 to 8 bursts instead of 5 to 22
    "ring-sizing": ["traffic.count=3000"],
}


def num(row, col):
    return float(row[col])


def curve(rows, y="app_pps", **where):
    """(offered_pps, y) of the rows matching where, by offered load."""
    pts = [(num(r, "offered_pps"), num(r, y)) for r in rows
           if all(r[k] == v for k, v in where.items()) and r["status"] == "0"]
    return sorted(pts)


def peaks_then_collapses(pts, label):
    """All delivered at the lightest load, then at twice the peak's load
    under a third of the peak (Mogul & Ramakrishnan's livelock)."""
    lo_offered, lo_got = pts[0]
    problems = []
    if abs(lo_got - lo_offered) > 0.05 * lo_offered:
        problems.append(f"{label}: at light load {lo_got:.0f} of {lo_offered:.0f} pps delivered")
    peak_x, peak = max(pts, key=lambda p: p[1])
    past = [p for p in pts if p[0] >= 2 * peak_x]
    if not past:
        problems.append(f"{label}: no load at twice the peak's ({peak_x:.0f} pps)")
    elif past[0][1] >= peak / 3:
        problems.append(f"{label}: at {past[0][0]:.0f} pps offered, {past[0][1]:.0f} delivered: "
                        f"not below a third of the peak {peak:.0f} (at {peak_x:.0f})")
    return problems


def check_livelock(rows):
    problems = []
    for nic in ("1g", "10g"):
        for mode in ("pre-napi", "napi-itr0"):
            problems += peaks_then_collapses(curve(rows, nic=nic, mode=mode), f"{nic} {mode}")
        # Under the 2.6 profile, counted where the kernel's work ends (the
        # socket layer): pre-NAPI livelocks; NAPI, once overloaded (losing
        # more than 5%), stays within 10% of its peak at every load.
        problems += peaks_then_collapses(curve(rows, "socket_pps", nic=nic, mode="pre-napi-k26"),
                                         f"{nic} pre-napi-k26 (socket layer)")
        napi = curve(rows, "socket_pps", nic=nic, mode="napi-k26")
        peak = max(got for _, got in napi)
        past = [(x, got) for x, got in napi if got < 0.95 * x]
        if not past:
            problems.append(f"{nic} napi-k26: never overloaded (up to {napi[-1][0]:.0f} pps)")
        for x, got in past:
            if got < 0.9 * peak:
                problems.append(f"{nic} napi-k26: at {x:.0f} pps offered, {got:.0f} reach the socket layer: "
                                f"not within 10% of the peak {peak:.0f}")
        # Polling with ITR beats the per-packet interrupt past the livelock point.
        pre, napi = curve(rows, nic=nic, mode="pre-napi"), curve(rows, nic=nic, mode="napi-itr3")
        peak_x = max(pre, key=lambda p: p[1])[0]
        for (x, a), (_, b) in zip(pre, napi):
            if x > 2 * peak_x and b < 2 * a:
                problems.append(f"{nic}: at {x:.0f} pps NAPI+ITR 3 delivers {b:.0f}, not twice pre-NAPI's {a:.0f}")
    return problems


def check_itr(rows):
    problems = []
    by = {(r["rate"], int(r["itr"])): r for r in rows if r["status"] == "0"}
    itrs = sorted({i for _, i in by})
    for itr in itrs:
        # At 100 kpps a packet always waits: the NIC interrupts at ITR's rate.
        got = num(by[("100k", itr)], "interrupts_per_s")
        if abs(got - itr) > 0.1 * itr:
            problems.append(f"100k, ITR {itr}: {got:.0f} interrupts/s, not within 10% of {itr}")
    lat = [num(by[("100k", i)], "latency_ns.app.p99") for i in itrs]
    if any(b > a for a, b in zip(lat, lat[1:])):
        problems.append(f"100k: p99 latency does not fall as ITR rises: {lat}")
    for itr in itrs:
        # At 1 Mpps NAPI keeps polling with interrupts masked: far fewer
        # interrupts than ITR allows, while the ring is never empty.
        got = num(by[("1M", itr)], "interrupts_per_s")
        if 1000 <= itr <= 4000 and got > 0.5 * itr:
            problems.append(f"1M, ITR {itr}: {got:.0f} interrupts/s, not below half of {itr} (NAPI polling)")
    return problems


def check_napi_howto(rows):
    problems = []
    # Delivered: what reached the socket layer (the HOWTO counted in the
    # kernel; the reader starves on the 2002 host, docs/studies/napi-howto.md).
    pts = sorted((num(r, "offered_pps"), num(r, "interrupts") / num(r, "packets_in"),
                  num(r, "socket_pps") / num(r, "offered_pps")) for r in rows if r["status"] == "0")
    # About one interrupt a packet at the lightest load, far fewer at the
    # heaviest (NAPI keeps polling). Not monotonic in between: at 233 kpps
    # more than one a packet (docs/studies/napi-howto.md).
    per = [p[1] for p in pts]
    if per[0] < 0.8:
        problems.append(f"at {pts[0][0]:.0f} pps, {per[0]:.2f} interrupts a packet, not about one")
    if per[-1] > 0.2:
        problems.append(f"at {pts[-1][0]:.0f} pps, {per[-1]:.2f} interrupts a packet, not far fewer")
    if pts[0][2] < 0.99:
        problems.append(f"at {pts[0][0]:.0f} pps (1028 B), {pts[0][2]:.3f} reach the socket layer, not all "
                        "(published: all delivered)")
    # Delivery falls with the frame size past the host's limit (published:
    # 99%, 77%, 46%, 41% from 512 B down): under 90% at 60 B.
    if pts[-1][2] > 0.9:
        problems.append(f"at {pts[-1][0]:.0f} pps (64 B), {pts[-1][2]:.3f} reach the socket layer: "
                        "the host is not overloaded")
    return problems


def check_deferral(rows):
    problems = []
    by = {(r["mode"], r["rate"]): r for r in rows if r["status"] == "0"}

    def kernel_cpu(r):
        return 1 - num(r, "cpu_share.idle") - num(r, "cpu_share.app")

    for rate in ("25000", "100000"):
        itr0, defer, itr3 = by[("itr0", rate)], by[("defer", rate)], by[("itr3", rate)]
        # Moderate load: deferral leaves the interrupt path almost entirely
        # and costs the kernel less CPU than one IRQ per wake-up.
        if num(defer, "interrupts_per_s") > 0.05 * num(itr0, "interrupts_per_s"):
            problems.append(f"{rate} pps: deferral takes {num(defer, 'interrupts_per_s'):.0f} interrupts/s, "
                            f"not under 5% of ITR 0's {num(itr0, 'interrupts_per_s'):.0f}")
        if kernel_cpu(defer) > 0.5 * kernel_cpu(itr0):
            problems.append(f"{rate} pps: deferral's kernel CPU {kernel_cpu(defer):.3f} not under half of "
                            f"ITR 0's {kernel_cpu(itr0):.3f}")
        # ITR 3 holds its dynamic class's rate.
        if abs(num(itr3, "interrupts_per_s") - 20000) > 2000:
            problems.append(f"{rate} pps: ITR 3 at {num(itr3, 'interrupts_per_s'):.0f} interrupts/s, not about 20000")
        # IRQ suspension at low load: the CPU of interrupt mode (idle within
        # 5 points of ITR 3's), where busy polling spins the CPU.
        suspend = by[("irq-suspend", rate)]
        if num(suspend, "cpu_share.idle") < num(itr3, "cpu_share.idle") - 0.05:
            problems.append(f"{rate} pps: IRQ suspension idle {num(suspend, 'cpu_share.idle'):.3f}, not within 0.05 "
                            f"of ITR 3's {num(itr3, 'cpu_share.idle'):.3f}")
    # IRQ suspension at the heaviest load: everything read, and (the reader
    # always finding work) almost no interrupts: under 1% of ITR 3's.
    top = max((r for _, r in by), key=float)
    suspend, itr3 = by[("irq-suspend", top)], by[("itr3", top)]
    if num(suspend, "app_pps") < 0.99 * num(suspend, "offered_pps"):
        problems.append(f"{top} pps: IRQ suspension reads {num(suspend, 'app_pps'):.0f} of "
                        f"{num(suspend, 'offered_pps'):.0f} pps")
    if num(suspend, "interrupts_per_s") > 0.01 * num(itr3, "interrupts_per_s"):
        problems.append(f"{top} pps: IRQ suspension takes {num(suspend, 'interrupts_per_s'):.0f} interrupts/s, "
                        f"not under 1% of ITR 3's {num(itr3, 'interrupts_per_s'):.0f}")
    return problems


def check_ring_sizing(rows):
    problems = []
    for burst in ("25:5000", "50:5000", "100:5000"):
        pts = sorted((int(r["ring"]), int(r["dropped.fifo.missed"])) for r in rows
                     if r["burst"] == burst and r["status"] == "0")
        drops = [d for _, d in pts]
        if any(b > a for a, b in zip(drops, drops[1:])):
            problems.append(f"burst {burst}: FIFO drops do not fall as the ring grows: {pts}")
        if drops[-1] != 0:
            problems.append(f"burst {burst}: {drops[-1]} FIFO drops with {pts[-1][0]} descriptors")
        if burst != "25:5000" and drops[0] == 0:
            problems.append(f"burst {burst}: no FIFO drops with {pts[0][0]} descriptors")
    return problems


CHECKS = {
    "livelock": check_livelock,
    "itr": check_itr,
    "napi-howto": check_napi_howto,
    "deferral": check_deferral,
    "ring-sizing": check_ring_sizing,
}


def studies(names):
    found = sorted(d for d in os.listdir(HERE) if os.path.isfile(os.path.join(HERE, d, "spec.toml")))
    for n in names:
        if n not in found:
            sys.exit(f"studies: no study {n} (have: {', '.join(found)})")
    return names or found


def sweep(rxsim, name, out, extra):
    cmd = [rxsim, "sweep", os.path.join(HERE, name, "spec.toml"), "-o", out] + extra
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        sys.exit(f"studies: {name}: rxsim sweep exited {r.returncode}:\n{r.stdout}")
    with open(os.path.join(out, "results.csv"), newline="") as f:
        return list(csv.DictReader(f))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rxsim", required=True)
    ap.add_argument("what", choices=["check", "make"])
    ap.add_argument("--out", help="where the sweeps go (check: a temporary directory)")
    ap.add_argument("names", nargs="*")
    a = ap.parse_intermixed_args()
    failed = False
    out = a.out or tempfile.mkdtemp(prefix="rxsim-studies-")
    for name in studies(a.names):
        if a.what == "check":
            sets = [x for s in REDUCED.get(name, []) for x in ("--set", s)]
            rows = sweep(a.rxsim, name, os.path.join(out, name), sets + ["--no-plot"])
            problems = CHECKS[name](rows)
            for p in problems:
                print(f"FAIL {name}: {p}")
            print(f"{'FAIL' if problems else 'PASS'} {name}: {len(rows)} points")
            failed = failed or bool(problems)
        else:
            # The full study in the build's own directory, kept between runs
            # (a rerun only runs what changed), figures into the docs.
            d = os.path.join(a.out or os.path.join(HERE, "..", "build", "studies"), name)
            rows = sweep(a.rxsim, name, d, [])
            problems = CHECKS[name](rows)
            dest = os.path.join(DOCS, name)
            os.makedirs(dest, exist_ok=True)
            for f in sorted(os.listdir(os.path.join(d, "plots"))):
                if f.endswith(".png"):
                    shutil.copyfile(os.path.join(d, "plots", f), os.path.join(dest, f))
            shutil.copyfile(os.path.join(d, "results.csv"), os.path.join(dest, "results.csv"))
            print(f"{name}: {len(rows)} points, figures in {dest}" + (f"; shape: {problems}" if problems else ""))
    if not a.out and a.what == "check":
        shutil.rmtree(out, ignore_errors=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
