#!/usr/bin/env python3
"""Generate every view of the register map from regmap.txt.

    gen_regmap.py regmap.txt --sv nic_regs_pkg.sv --regs-h nic_regs.h \
        --defines-h nic_defines.h --md REGISTERS.md

The table's format is described at its top. Any subset of outputs may be asked
for; an output whose content would not change is not rewritten, so the build
does not recompile what depends on it.
"""

import argparse
import re
import sys

ACCESS = {"RW", "RO", "WO", "RC", "W1C", "W1S", "RC/W1C"}
NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")
VALUE_NAME = re.compile(r"^[A-Z0-9][A-Z0-9_]*$")


class MapError(Exception):
    pass


def parse_int(text, where):
    try:
        return int(text, 0)
    except ValueError:
        raise MapError(f"{where}: '{text}' is not a number") from None


class RegMap:
    def __init__(self):
        self.consts = []    # (name, value, desc)
        self.regs = []      # dicts: name offset access reset count stride layout desc
        self.structs = []   # dicts: name size desc members[]
        self.fields = {}    # owner -> [dict name lsb width desc values[]]
        self.owners = {}    # owner name -> width in bits

    def add_field(self, owner, name, lsb, width, desc, where):
        if owner not in self.owners:
            raise MapError(f"{where}: field of unknown register or member '{owner}'")
        if self.owners[owner] is None:
            raise MapError(f"{where}: '{owner}' takes its fields from its layout register")
        if width < 1 or lsb < 0 or lsb + width > self.owners[owner]:
            raise MapError(f"{where}: {owner}.{name} bits {lsb}+{width} do not fit")
        fields = self.fields.setdefault(owner, [])
        for f in fields:
            if f["name"] == name:
                raise MapError(f"{where}: {owner}.{name} defined twice")
            if lsb < f["lsb"] + f["width"] and f["lsb"] < lsb + width:
                raise MapError(f"{where}: {owner}.{name} overlaps {owner}.{f['name']}")
        fields.append(dict(name=name, lsb=lsb, width=width, desc=desc, values=[]))


def parse(path):
    m = RegMap()
    seen_names = set()
    seen_offsets = {}

    def claim(name, where):
        if not NAME.match(name):
            raise MapError(f"{where}: bad name '{name}'")
        if name in seen_names:
            raise MapError(f"{where}: '{name}' defined twice")
        seen_names.add(name)

    with open(path, encoding="utf-8") as f:
        lines = f.readlines()
    for number, line in enumerate(lines, 1):
        where = f"{path}:{number}"
        words = line.split()
        if not words or words[0].startswith("#"):
            continue
        kind, args = words[0], words[1:]
        if kind == "const":
            if len(args) < 2:
                raise MapError(f"{where}: const NAME VALUE description")
            claim(args[0], where)
            m.consts.append((args[0], parse_int(args[1], where), " ".join(args[2:])))
        elif kind == "reg":
            if len(args) < 4:
                raise MapError(f"{where}: reg NAME OFFSET ACCESS RESET [key=value] description")
            name, offset, access, reset = args[0], parse_int(args[1], where), args[2], parse_int(args[3], where)
            claim(name, where)
            if access not in ACCESS:
                raise MapError(f"{where}: access '{access}' is not one of {sorted(ACCESS)}")
            if offset % 4:
                raise MapError(f"{where}: offset {offset:#x} is not 32-bit aligned")
            opts, rest = {}, args[4:]
            while rest and "=" in rest[0]:
                key, val = rest.pop(0).split("=", 1)
                opts[key] = val
            unknown = set(opts) - {"count", "stride", "layout"}
            if unknown:
                raise MapError(f"{where}: unknown option(s) {sorted(unknown)}")
            count = parse_int(opts.get("count", "1"), where)
            stride = parse_int(opts.get("stride", "4"), where)
            layout = opts.get("layout")
            if layout and (layout not in m.owners or layout in [s["name"] for s in m.structs]):
                raise MapError(f"{where}: layout register '{layout}' must be defined before")
            for i in range(count):
                addr = offset + i * stride
                if addr in seen_offsets:
                    raise MapError(f"{where}: offset {addr:#x} already used by {seen_offsets[addr]}")
                seen_offsets[addr] = name
            m.regs.append(dict(name=name, offset=offset, access=access, reset=reset,
                               count=count, stride=stride, layout=layout, desc=" ".join(rest)))
            m.owners[name] = None if layout else 32
        elif kind == "field":
            if len(args) < 3 or "." not in args[0]:
                raise MapError(f"{where}: field OWNER.NAME LSB WIDTH description")
            owner, name = args[0].split(".", 1)
            if not NAME.match(name):
                raise MapError(f"{where}: bad field name '{name}'")
            m.add_field(owner, name, parse_int(args[1], where), parse_int(args[2], where),
                        " ".join(args[3:]), where)
        elif kind == "value":
            parts = args[0].split(".") if args else []
            if len(parts) != 3 or len(args) < 2:
                raise MapError(f"{where}: value OWNER.FIELD.NAME VALUE description")
            owner, field, name = parts
            if not VALUE_NAME.match(name):
                raise MapError(f"{where}: bad value name '{name}'")
            fl = [f for f in m.fields.get(owner, []) if f["name"] == field]
            if not fl:
                raise MapError(f"{where}: value of unknown field {owner}.{field}")
            val = parse_int(args[1], where)
            if val >= (1 << fl[0]["width"]):
                raise MapError(f"{where}: value {val} does not fit {owner}.{field}")
            fl[0]["values"].append(dict(name=name, value=val, desc=" ".join(args[2:])))
        elif kind == "struct":
            if len(args) < 2:
                raise MapError(f"{where}: struct NAME SIZE description")
            claim(args[0], where)
            m.structs.append(dict(name=args[0], size=parse_int(args[1], where),
                                  desc=" ".join(args[2:]), members=[]))
        elif kind == "member":
            if not m.structs or len(args) < 3:
                raise MapError(f"{where}: member NAME BYTE_OFFSET BYTES description, after a struct")
            s = m.structs[-1]
            name, off, size = args[0], parse_int(args[1], where), parse_int(args[2], where)
            claim(name, where)
            if off + size > s["size"] or size not in (1, 2, 4, 8):
                raise MapError(f"{where}: member {name} does not fit {s['name']}")
            s["members"].append(dict(name=name, offset=off, size=size, desc=" ".join(args[3:])))
            m.owners[name] = size * 8
        else:
            raise MapError(f"{where}: unknown line kind '{kind}'")
    return m


def header_note(comment):
    return f"{comment} Generated by hw/regmap/gen_regmap.py from hw/regmap/regmap.txt: do not edit.\n"


def gen_sv(m):
    addr_w = dict((n, v) for n, v, _ in m.consts).get("MMIO_ADDR_W", 32)
    out = [header_note("//"), "`default_nettype none\n\n",
           "// A package of every constant: no one module uses them all.\n",
           "/* verilator lint_off UNUSEDPARAM */\n", "package nic_regs_pkg;\n"]
    for name, value, desc in m.consts:
        out.append(f"  localparam int NIC_{name} = {value};  // {desc}\n")
    out.append("\n  // Register offsets (byte addresses); arrays give base, count and stride.\n")
    for r in m.regs:
        out.append(f"  localparam logic [{addr_w - 1}:0] NIC_{r['name']} = {addr_w}'h{r['offset']:04X};\n")
        out.append(f"  localparam logic [31:0] NIC_{r['name']}_RESET = 32'h{r['reset']:08X};\n")
        if r["count"] > 1:
            out.append(f"  localparam int NIC_{r['name']}_COUNT = {r['count']};\n")
            out.append(f"  localparam int NIC_{r['name']}_STRIDE = {r['stride']};\n")
    out.append("\n  // Descriptor layout: byte offsets and sizes.\n")
    for s in m.structs:
        out.append(f"  localparam int NIC_{s['name']}_SIZE = {s['size']};\n")
        for mem in s["members"]:
            out.append(f"  localparam int NIC_{mem['name']}_OFFSET = {mem['offset']};\n")
            out.append(f"  localparam int NIC_{mem['name']}_BYTES = {mem['size']};\n")
    out.append("\n  // Fields: bit position and width; values are unshifted.\n")
    for owner, fields in m.fields.items():
        for f in fields:
            out.append(f"  localparam int NIC_{owner}_{f['name']}_SHIFT = {f['lsb']};\n")
            out.append(f"  localparam int NIC_{owner}_{f['name']}_WIDTH = {f['width']};\n")
            for v in f["values"]:
                out.append(f"  localparam logic [{f['width'] - 1}:0] NIC_{owner}_{f['name']}_{v['name']}"
                           f" = {f['width']}'d{v['value']};\n")
    out.append("endpackage\n/* verilator lint_on UNUSEDPARAM */\n\n`default_nettype wire\n")
    return "".join(out)


def c_guard(name, body):
    return (header_note("/*")[:-1] + " */\n" + f"#ifndef {name}\n#define {name}\n\n" + body
            + f"\n#endif /* {name} */\n")


def gen_regs_h(m):
    out = []
    for name, value, desc in m.consts:
        out.append(f"#define NIC_{name} {value} /* {desc} */\n")
    out.append("\n/* Register offsets (byte addresses in the MMIO BAR). */\n")
    for r in m.regs:
        if r["count"] > 1:
            out.append(f"#define NIC_{r['name']}(i) (0x{r['offset']:05X}u + {r['stride']}u * (unsigned)(i))"
                       f" /* {r['access']} */\n")
            out.append(f"#define NIC_{r['name']}_COUNT {r['count']}u\n")
        else:
            out.append(f"#define NIC_{r['name']} 0x{r['offset']:05X}u /* {r['access']} */\n")
        out.append(f"#define NIC_{r['name']}_RESET 0x{r['reset']:08X}u\n")
    return c_guard("RXSIM_NIC_REGS_H", "".join(out))


def gen_defines_h(m):
    out = ["/* Register bit fields: NAME_SHIFT, NAME_MASK (in place), one-bit fields also\n"
           " * NAME (= the mask); values are unshifted. Descriptor layout: byte offsets. */\n"]
    for s in m.structs:
        out.append(f"\n#define NIC_{s['name']}_SIZE {s['size']}u /* {s['desc']} */\n")
        for mem in s["members"]:
            out.append(f"#define NIC_{mem['name']}_OFFSET {mem['offset']}u /* {mem['size']} bytes */\n")
    for owner, fields in m.fields.items():
        out.append(f"\n/* {owner} */\n")
        for f in fields:
            mask = ((1 << f["width"]) - 1) << f["lsb"]
            base = f"NIC_{owner}_{f['name']}"
            if f["width"] == 1:
                out.append(f"#define {base} 0x{mask:08X}u\n")
            out.append(f"#define {base}_SHIFT {f['lsb']}u\n")
            out.append(f"#define {base}_MASK 0x{mask:08X}u\n")
            for v in f["values"]:
                out.append(f"#define {base}_{v['name']} {v['value']}u\n")
    return c_guard("RXSIM_NIC_DEFINES_H", "".join(out))


def md_escape(text):
    return text.replace("|", "\\|")


def gen_md(m):
    out = ["# Register map\n\n", header_note("<!--")[:-1] + " -->\n\n",
           "Access: RW read/write, RO read-only, WO write-only, RC read-to-clear, "
           "W1C write 1 to clear, W1S write 1 to set, RC/W1C both.\n\n",
           "| offset | register | access | reset | description |\n|---|---|---|---|---|\n"]
    for r in m.regs:
        off = f"0x{r['offset']:05X}"
        if r["count"] > 1:
            off += f" + {r['stride']}*n (n < {r['count']})"
        desc = r["desc"] + (f" (fields as {r['layout']})" if r["layout"] else "")
        out.append(f"| {off} | {r['name']} | {r['access']} | 0x{r['reset']:08X} | {md_escape(desc)} |\n")
    for s in m.structs:
        out.append(f"\n## {s['name']}: {md_escape(s['desc'])} ({s['size']} bytes)\n\n")
        out.append("| byte offset | bytes | member | description |\n|---|---|---|---|\n")
        for mem in s["members"]:
            out.append(f"| {mem['offset']} | {mem['size']} | {mem['name']} | {md_escape(mem['desc'])} |\n")
    out.append("\n## Fields\n")
    for owner, fields in m.fields.items():
        out.append(f"\n### {owner}\n\n| bits | field | description |\n|---|---|---|\n")
        for f in fields:
            hi = f["lsb"] + f["width"] - 1
            bits = f"{f['lsb']}" if hi == f["lsb"] else f"{hi}:{f['lsb']}"
            desc = f["desc"] + "".join(f"<br>{v['value']} = {v['name']}: {v['desc']}" for v in f["values"])
            out.append(f"| {bits} | {f['name']} | {md_escape(desc)} |\n")
    return "".join(out)


def write_if_changed(path, text):
    try:
        with open(path, encoding="utf-8") as f:
            if f.read() == text:
                return
    except FileNotFoundError:
        pass
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("table")
    ap.add_argument("--sv", help="SystemVerilog package to write")
    ap.add_argument("--regs-h", help="C header of register offsets to write")
    ap.add_argument("--defines-h", help="C header of bit fields to write")
    ap.add_argument("--md", help="Markdown table to write")
    ap.add_argument("--check-md", help="exit 1 if this Markdown file is not what the table gives")
    a = ap.parse_args()
    try:
        m = parse(a.table)
    except (MapError, OSError) as e:
        print(f"gen_regmap: {e}", file=sys.stderr)
        return 2
    for path, gen in ((a.sv, gen_sv), (a.regs_h, gen_regs_h), (a.defines_h, gen_defines_h), (a.md, gen_md)):
        if path:
            write_if_changed(path, gen(m))
    if a.check_md:
        with open(a.check_md, encoding="utf-8") as f:
            if f.read() != gen_md(m):
                print(f"gen_regmap: {a.check_md} is out of date: run 'make regmap-doc'", file=sys.stderr)
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
