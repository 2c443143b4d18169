#!/usr/bin/env python3
"""Sweep overhead per point: what rxsim sweep costs beyond the simulation.

  python3 bench/sweep_overhead.py RXSIM [POINTS]

Runs a sweep of POINTS points (default 10), each 100 ms simulated (10,000
64 B UDP frames at 100 kpps; rcvbuf varied by a byte so that every point is
its own and all cost the same),
with -j 1 in a fresh directory: traces generated, points spawned, hashed,
renamed, the CSV written. Then runs the very same `rxsim run` command lines
(from --dry-run) one after the other from a shell script, as a hand-made
study would: the simulation alone. The
difference per point is the sweep's overhead (trace generation counted in
it); also timed: a rerun with every point done (hashing, spec and CSV only).
Figures for docs/PERFORMANCE.md ("Sweep overhead"); not a test.
"""
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

rxsim = os.path.abspath(sys.argv[1])
points = int(sys.argv[2]) if len(sys.argv) > 2 else 10
tmp = tempfile.mkdtemp(prefix="rxsim-sweep-bench-")
rcvbufs = [212992 + i for i in range(points)]
spec = os.path.join(tmp, "bench.toml")
with open(spec, "w") as f:
    f.write('title = "overhead"\n[traffic]\ncount = 10000\nsize = 64\nrate = "100k"\n'
            f'[axes]\nrcvbuf = {rcvbufs}\n')


def timed(cmd, **kw):
    t = time.monotonic()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, **kw)
    return time.monotonic() - t


def fresh_sweep(name):
    return timed([rxsim, "sweep", spec, "-o", os.path.join(tmp, name), "-j", "1", "--no-plot"])


out = os.path.join(tmp, "out")
sweeps = [fresh_sweep("out")]
resume = timed([rxsim, "sweep", spec, "-o", out, "-j", "1", "--no-plot"])
listing = subprocess.run([rxsim, "sweep", spec, "-o", out, "--dry-run"], check=True,
                         stdout=subprocess.PIPE, text=True).stdout.splitlines()[1:]
assert not listing  # all done: --dry-run of a fresh directory below lists the runs
# The same runs by hand, on the first sweep's trace (same hash, same path
# layout in a directory whose points are not done yet).
again = os.path.join(tmp, "again")
os.makedirs(os.path.join(again, "traces"))
for t in os.listdir(os.path.join(out, "traces")):
    shutil.copy(os.path.join(out, "traces", t), os.path.join(again, "traces", t))
listing = subprocess.run([rxsim, "sweep", spec, "-o", again, "--dry-run"], check=True,
                         stdout=subprocess.PIPE, text=True).stdout.splitlines()[1:]
assert len(listing) == points
# Alternated, best of three each: the machine is shared and load drifts.
script = os.path.join(tmp, "by-hand.sh")
with open(script, "w") as f:
    f.write("".join(" ".join(shlex.quote(w) for w in shlex.split(line)) + " >/dev/null\n" for line in listing))
hand = []
for round_ in range(3):
    for p in os.listdir(os.path.join(again, "points")):
        os.remove(os.path.join(again, "points", p))
    hand.append(timed(["sh", script]))
    if round_ < 2:
        sweeps.append(fresh_sweep(f"out{round_}"))
sweep, runs = min(sweeps), min(hand)
per_run = runs / points
overhead = (sweep - runs) / points
print(f"{points} points of 100 ms simulated, -j 1")
print(f"  rxsim sweep (fresh, best of 3): {sweep:7.2f} s")
print(f"  the same runs by hand (best of 3): {runs:7.2f} s  ({per_run * 1000:.0f} ms a point)")
print(f"  overhead per point:           {overhead * 1000:7.1f} ms = {100 * overhead / per_run:.1f}% of a point's run")
print(f"  rerun, every point done:      {resume:7.2f} s")
shutil.rmtree(tmp)
