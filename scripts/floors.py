#!/usr/bin/env python3
"""The floors of rxsim: which folder may include and link which.

    stack <- driver <- sim/{platform,nic,cpu,trace,gen} <- sim/{system,testbed}
          <- sim/rxsim <- bench <- tests

hw/ (the register map and the Verilated models) is the ground floor. A file
or target may use its own floor and those below, never one above; in
addition the program (sim/rxsim) never links the test rigs (sim/testbed),
and CLI11 stays in sim/rxsim and above.

  floors.py --root SRC --targets BUILD/floors/targets.tsv --check
      every #include "..." of our C/C++ sources and every link of our
      targets (targets.tsv, written by cmake/floors.cmake) obeys the floors
  floors.py ... --check-doc docs/ARCHITECTURE.md   the diagram there is current
  floors.py ... --write-doc docs/ARCHITECTURE.md   rewrite it
"""
import argparse
import os
import re
import sys

# Lowest floor first; a folder belongs to the longest prefix that names it.
FLOORS = [
    ("hw", ["hw"]),
    ("stack", ["stack"]),
    ("driver", ["driver"]),
    ("sim core", ["sim/platform", "sim/nic", "sim/cpu", "sim/trace", "sim/gen"]),
    ("sim/system", ["sim/system", "sim/testbed"]),
    ("sim/rxsim", ["sim/rxsim"]),
    ("bench", ["bench"]),
    ("tests", ["tests"]),
]
# (user folder, used folder): never, though the floors alone would allow it.
FORBIDDEN = [("sim/rxsim", "sim/testbed")]
# External targets and the lowest folder that may link them.
EXTERNAL_MIN = {"CLI11::CLI11": "sim/rxsim"}
SOURCE_EXT = (".c", ".h", ".cpp", ".hpp", ".cc")
BEGIN, END = "<!-- floors:begin -->", "<!-- floors:end -->"


def folder_of(path):
    """(floor index, prefix) of a repository-relative path, or None."""
    best = None
    for i, (_, prefixes) in enumerate(FLOORS):
        for p in prefixes:
            if path == p or path.startswith(p + "/"):
                if best is None or len(p) > len(best[1]):
                    best = (i, p)
    return best


def allowed(user, used):
    """Whether a thing in folder `user` may use one in folder `used` (both paths)."""
    u, d = folder_of(user), folder_of(used)
    if u is None or d is None:
        return True
    for a, b in FORBIDDEN:
        if u[1] == a and d[1] == b:
            return False
    return d[0] <= u[0]


def source_files(root):
    for top in ("hw", "stack", "driver", "sim", "bench", "tests"):
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames.sort()
            for f in sorted(filenames):
                if f.endswith(SOURCE_EXT):
                    yield os.path.relpath(os.path.join(dirpath, f), root)


def check_includes(root):
    files = list(source_files(root))
    by_suffix = {}
    for f in files:
        parts = f.split("/")
        for k in range(1, len(parts) + 1):
            by_suffix.setdefault("/".join(parts[-k:]), []).append(f)
    bad = []
    include = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
    for f in files:
        with open(os.path.join(root, f), encoding="utf-8", errors="replace") as fh:
            for n, line in enumerate(fh, 1):
                m = include.match(line)
                if not m:
                    continue
                name = m.group(1)
                local = os.path.normpath(os.path.join(os.path.dirname(f), name))
                targets = [local] if local in files else by_suffix.get(os.path.normpath(name), [])
                # Generated headers (nic_regs.h, V*.h) are not in the tree: hw's.
                if targets and not any(allowed(f, t) for t in targets):
                    bad.append(f"{f}:{n}: includes {name} ({targets[0]}), a floor above")
    return bad


def read_targets(path):
    rows = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            name, kind, folder, links = line.rstrip("\n").split("\t")
            deps = []
            for d in links.split(";"):
                d = re.sub(r"\$<(?:LINK_ONLY|BUILD_INTERFACE):([^>]*)>", r"\1", d)
                if d and not d.startswith("$<") and not d.startswith("-") and d not in deps:
                    deps.append(d)
            rows[name] = (kind, folder, deps)
    return rows


def check_links(rows):
    bad = []
    for name, (_, folder, deps) in sorted(rows.items()):
        for d in deps:
            if d in rows:
                if not allowed(folder, rows[d][1]):
                    bad.append(f"target {name} ({folder}) links {d} ({rows[d][1]}), a floor above")
            elif d in EXTERNAL_MIN and not allowed(folder, EXTERNAL_MIN[d]):
                bad.append(f"target {name} ({folder}) links {d}, allowed from {EXTERNAL_MIN[d]} up")
    return bad


def diagram(rows):
    """Mermaid: our libraries and programs (not tests, not test-only models,
    not the fuzzing build's copies), one box per floor, an arrow from each
    target to what it links."""
    shown = {n: r for n, r in rows.items()
             if folder_of(r[1]) and not r[1].startswith("tests") and not n.endswith("_fuzz")
             and r[0] in ("STATIC_LIBRARY", "SHARED_LIBRARY", "MODULE_LIBRARY",
                          "INTERFACE_LIBRARY", "EXECUTABLE", "OBJECT_LIBRARY")}
    out = ["```mermaid", "flowchart BT"]
    for i, (floor, _) in reversed(list(enumerate(FLOORS))):
        members = sorted(n for n, r in shown.items() if folder_of(r[1])[0] == i)
        if not members:
            continue
        out.append(f'  subgraph f{i}["{floor}"]')
        for n in members:
            out.append(f'    {n.replace("-", "_")}["{n}<br/><small>{shown[n][1]}</small>"]')
        out.append("  end")
    for n in sorted(shown):
        for d in shown[n][2]:
            if d in shown:
                out.append(f'  {n.replace("-", "_")} --> {d.replace("-", "_")}')
    out.append("```")
    return "\n".join(out)


def doc_with(doc, block):
    if BEGIN not in doc or END not in doc:
        raise SystemExit(f"floors: the document has no {BEGIN} ... {END} block")
    head, rest = doc.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{BEGIN}\n{block}\n{END}{tail}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", required=True)
    ap.add_argument("--targets", required=True)
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--check", action="store_true")
    g.add_argument("--check-doc", metavar="MD")
    g.add_argument("--write-doc", metavar="MD")
    a = ap.parse_args()
    rows = read_targets(a.targets)
    if a.check:
        bad = check_includes(a.root) + check_links(rows)
        for b in bad:
            print("floors:", b)
        print(f"floors: {len(bad)} violations in {len(rows)} targets and their sources")
        return 1 if bad else 0
    path = a.check_doc or a.write_doc
    with open(path, encoding="utf-8") as fh:
        doc = fh.read()
    new = doc_with(doc, diagram(rows))
    if a.write_doc:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(new)
        return 0
    if new != doc:
        print(f"floors: the diagram in {path} is stale: cmake --build BUILD --target floors-doc")
        return 1
    print("floors: the diagram is current")
    return 0


if __name__ == "__main__":
    sys.exit(main())
