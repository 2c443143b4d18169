#!/usr/bin/env python3
"""The behavioral twin against the RTL, end to end (rxsim run):

  - every bundled trace (traces/*.pcap) on both NIC builds, and a load sweep
    (64-byte frames from 1% of 10 Gb/s to line rate and in line-rate
    bursts, 1518-byte frames at line rate, an IMIX on the 1G build): `--nic-model both` runs without
    divergence (exit 0), and the JSON report of `--nic-model behavioral` is
    the one of `--nic-model rtl`, byte for byte, less the two fields that
    name the model ("options" and "run");
  - the check battery (check/battery.json) with `--nic-model both` and with
    `--nic-model behavioral`: every scenario's report is its recorded one.

    twin_differential.py RXSIM SRC_DIR TMP_DIR
"""
import json
import os
import shutil
import subprocess
import sys

# (name, rxsim gen options, rxsim run options): the load sweep.
SWEEP = [
    ("64B-1pct", "-n 1000 -s 64 --rate 148809", ""),
    ("64B-10pct", "-n 3000 -s 64 --rate 1488000", ""),
    ("64B-50pct", "-n 3000 -s 64 --rate 7440000", ""),
    ("64B-90pct", "-n 3000 -s 64 --rate 13390000", ""),
    ("64B-line-rate", "-n 3000 -s 64 --line-rate", ""),
    ("1518B-line-rate", "-n 1000 -s 1518 --line-rate", ""),
    ("64B-bursts", "-n 3000 -s 64 --line-rate --burst 20:60", ""),
    ("imix-1g-line-rate", "-n 2000 -s imix --line-rate --link-speed 1G", "--nic 1g"),
]


def run(cmd):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def report(rxsim, trace, extra, model, path):
    """The run's JSON report less the fields that name the model; None and
    the error when the run failed."""
    p = run([rxsim, "run", trace, "--no-progress", "--json", path, "--nic-model", model] + extra.split())
    if p.returncode != 0:
        return None, "exit %d: %s" % (p.returncode, p.stderr.strip()[:2000])
    r = json.load(open(path))
    r.pop("options")
    r.pop("run")
    return json.dumps(r, indent=1), ""


def compare(rxsim, name, trace, extra, tmp, failures):
    base = os.path.join(tmp, name)
    both, err = report(rxsim, trace, extra, "both", base + ".both.json")
    if both is None:
        failures.append("%s: --nic-model both: %s" % (name, err))
        return
    rtl, err = report(rxsim, trace, extra, "rtl", base + ".rtl.json")
    beh, err2 = report(rxsim, trace, extra, "behavioral", base + ".behavioral.json")
    if rtl is None or beh is None:
        failures.append("%s: %s" % (name, err or err2))
        return
    if rtl != beh:
        a, b = rtl.splitlines(), beh.splitlines()
        first = next(i for i in range(min(len(a), len(b)) + 1) if i >= min(len(a), len(b)) or a[i] != b[i])
        failures.append("%s: the behavioral report differs from the RTL's at line %d: %s | %s" %
                        (name, first + 1, a[first] if first < len(a) else "(end)",
                         b[first] if first < len(b) else "(end)"))
    if both != rtl:
        failures.append("%s: the lock-step run's report differs from the RTL's" % name)
    print("%-40s %s" % (name, "ok" if not failures or not failures[-1].startswith(name + ":") else "FAIL"))


def battery(rxsim, src, tmp, model, failures):
    b = json.load(open(os.path.join(src, "check", "battery.json")))
    for s in b["scenarios"]:
        s["run"] = (s["run"] + " --nic-model " + model).strip()
    d = os.path.join(tmp, "battery-" + model)
    os.makedirs(d, exist_ok=True)
    json.dump(b, open(os.path.join(d, "battery.json"), "w"), indent=1)
    golden = os.path.join(d, "golden")
    if not os.path.exists(golden):
        os.symlink(os.path.join(src, "check", "golden"), golden)
    p = run([rxsim, "check", "--battery", os.path.join(d, "battery.json"), "-j", "2"])
    print(p.stdout.strip().splitlines()[-1] if p.stdout.strip() else "(no output)", "--", model)
    if p.returncode != 0:
        failures.append("rxsim check --nic-model %s: %s" % (model, p.stdout + p.stderr))


def main():
    rxsim, src, tmp = sys.argv[1:4]
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    failures = []
    traces = sorted(f for f in os.listdir(os.path.join(src, "traces")) if f.endswith(".pcap"))
    for t in traces:
        for nic in ("10g", "1g"):
            compare(rxsim, "%s-%s" % (t[:-5], nic), os.path.join(src, "traces", t), "--nic " + nic, tmp, failures)
    for name, gen, extra in SWEEP:
        trace = os.path.join(tmp, name + ".pcap")
        p = run([rxsim, "gen", "-q", "-o", trace] + gen.split())
        if p.returncode != 0:
            failures.append("%s: rxsim gen: %s" % (name, p.stderr.strip()))
            continue
        compare(rxsim, name, trace, extra, tmp, failures)
    for model in ("both", "behavioral"):
        battery(rxsim, src, tmp, model, failures)
    for f in failures:
        print("FAIL", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
