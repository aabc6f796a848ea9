#!/usr/bin/env python3
"""mach, bpf, sbitmapq, rustfilt and help on one fixture dump, compared
with the truth, with the dump's own answers through other commands, and
with Debian's crash where it opens the dump (6.1).

Usage: morecmds_check.py CRASH DUMPDIR VMCORE [REFCRASH]"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checklib import Checker, ref_opens, strip_warnings  # noqa: E402

crash, ddir, vmcore = sys.argv[1:4]
refcrash = sys.argv[4] if len(sys.argv) > 4 else ""
C = Checker(crash, ddir, vmcore)
ok, notok, skip, check = C.ok, C.notok, C.skip, C.check

# Crash 8.0.2's `help` list (Debian's crash), a fixed fact of that version.
CRASH_802 = ("* alias ascii bpf bt btop dev dis eval exit extend files foreach fuser gdb help "
             "ipcs irq kmem list log mach mod mount net p ps pte ptob ptov rd repeat runq "
             "sbitmapq search set sig struct swap sym sys task timer tree union vm vtop waitq "
             "whatis wr q").split()
BAD = ("not supported", "invalid option", "command not found", "no such command")

MACH = ["mach", "mach -m", "mach -c", "sys", "dev"]
BPF = ["bpf", "bpf -P", "bpf -M", "bpf -p 1", "bpf -m 1", "bpf -p 1 -j", "bpf -t", "bpf -s",
       "bpf zz"]
RUST = ["rustfilt _RNvCsgWw4ot4zJDK_10rust_panic10area_in_hp",
        "rustfilt _ZN4core3ptr13drop_in_place17h05af221e174051e9E schedule", "rustfilt"]
out = C.session(["help"] + MACH + BPF + RUST)
if out is None:
    notok("session timed out")
    sys.exit(0)
helpl, mach, mach_m, mach_c, sysl, dev = out[0:6]
bo = dict(zip(BPF, out[6:6 + len(BPF)]))
ro = out[6 + len(BPF):]
for c, o in zip(["help"] + MACH + BPF + RUST, out):
    bad = [l for l in o if any(b in l for b in BAD)]
    if bad:
        notok("`%s` prints %r" % (c, bad[0]))

# ---- help: every command crash 8.0.2 lists ----
words = set(w for l in helpl for w in l.split())
missing = [c for c in CRASH_802 if c not in words]
check(not missing, "help lists the %d commands crash 8.0.2 lists (exit, q included)" % len(CRASH_802),
      "missing %s" % missing)

# ---- mach: the summary against sys, the truth and the layout ----
def fields(lines):
    return {m.group(1).strip(): m.group(2) for m in
            (re.match(r"^ *([A-Z(][A-Za-z() /]*?): ?(.*)$", l) for l in lines) if m}


mf, sf = fields(mach), fields(sysl)
check(mf.get("MACHINE TYPE") == C.truth["uname"].split()[-2] if len(C.truth["uname"].split()) > 2
      else False, "mach: MACHINE TYPE is uname -m of the truth (%s)" % mf.get("MACHINE TYPE"),
      str(C.truth["uname"]))
check(mf.get("MEMORY SIZE") == sf.get("MEMORY") and mf.get("CPUS") == sf.get("CPUS"),
      "mach: MEMORY SIZE and CPUS as sys prints them (%s, %s)" % (mf.get("MEMORY SIZE"), mf.get("CPUS")),
      "sys: %s, %s" % (sf.get("MEMORY"), sf.get("CPUS")))
ps = mf.get("PAGE SIZE", "")
check(ps in ("4096", "16384", "65536"), "mach: PAGE SIZE %s" % ps)
check(re.match(r"^\d+$", mf.get("HZ", "")) and int(mf["HZ"]) in (100, 250, 300, 1000),
      "mach: HZ is a kernel's HZ (%s)" % mf.get("HZ"))
lay = ["KERNEL VIRTUAL BASE", "KERNEL VMALLOC BASE", "KERNEL VMEMMAP BASE", "KERNEL START MAP",
       "KERNEL MODULES BASE"]
check(all(re.match(r"^[0-9a-f]{16}$", mf.get(t, "")) for t in lay),
      "mach: the five layout bases, 16 hex digits each", str([mf.get(t) for t in lay]))
check(mf.get("KERNEL STACK SIZE") in ("16384", "32768", "8192"),
      "mach: KERNEL STACK SIZE %s" % mf.get("KERNEL STACK SIZE"))
ncpu = int(re.match(r"\d+", sf.get("CPUS", "0")).group(0))
blocks = [l.split(" STACK SIZE")[0].strip() for l in mach if " STACK SIZE:" in l and
          not l.strip().startswith("KERNEL")]
cpu_rows = [l for l in mach if re.match(r"^ +CPU \d+: [0-9a-f]{16}( \[unavailable\])?$", l)]
check("IRQ" in blocks and len(cpu_rows) == ncpu * len(blocks),
      "mach: IRQ and %d more CPU stack kinds, one base per CPU (%d CPUs)" % (len(blocks) - 1, ncpu),
      "%s / %d rows" % (blocks, len(cpu_rows)))

# ---- mach -m: the boot memory map covers the RAM the kernel manages ----
rows = [re.match(r"^([0-9a-f]{16}) - ([0-9a-f]{16})  (\S+)$", l) for l in mach_m[1:]]
check(mach_m[:1] == ["      PHYSICAL ADDRESS RANGE         TYPE"] and rows and all(rows),
      "mach -m: crash's header, START - END  TYPE rows (%d)" % len(rows), str(mach_m[:3]))
if rows and all(rows):
    ram = sum(int(m.group(2), 16) - int(m.group(1), 16) for m in rows
              if m.group(3) in ("E820_RAM", "MEMBLOCK_NONE"))
    mt = C.truth["meminfo"].get("MemTotal") if isinstance(C.truth.get("meminfo"), dict) else None
    if mt:
        mt = int(str(mt).split()[0]) * 1024
        check(ram >= mt, "mach -m: its RAM (%d MiB) holds the kernel's MemTotal (%d MiB)" %
              (ram >> 20, mt >> 20))
    check(all(int(m.group(1), 16) < int(m.group(2), 16) for m in rows) and
          all(int(a.group(2), 16) <= int(b.group(1), 16) for a, b in zip(rows, rows[1:])),
          "mach -m: regions in order, none overlapping")

# ---- mach -c: one cpuinfo structure per CPU ----
starts = [i for i, l in enumerate(mach_c) if re.match(r"^CPU \d+:$", l)]
check(len(starts) == ncpu and all(mach_c[i + 1].startswith("struct cpuinfo_") and
                                  mach_c[i + 1].endswith(" {") for i in starts),
      "mach -c: CPU N: and its struct cpuinfo_* for each of the %d CPUs" % ncpu,
      str(mach_c[:2]))

# ---- bpf: the workload loads no program: the headers alone ----
PH = " ID     BPF_PROG       BPF_PROG_AUX   BPF_PROG_TYPE       TAG        USED_MAPS"
MH = " ID     BPF_MAP       BPF_MAP_TYPE   MAP_FLAGS"
check(bo["bpf"] == [PH, "", MH], "bpf: crash's two headers and no row (the workload loads no "
      "BPF program or map)", str(bo["bpf"]))
check(bo["bpf -P"] == [PH] and bo["bpf -M"] == [MH], "bpf -P, bpf -M: the header alone",
      str(bo["bpf -P"] + bo["bpf -M"]))
for c, want in (("bpf -p 1", "bpf: invalid program ID: 1"), ("bpf -m 1", "bpf: invalid map ID: 1"),
                ("bpf -p 1 -j", "bpf: invalid program ID: 1")):
    check(bo[c][-1:] == [want] and len(bo[c]) <= 2, "%s: no such program or map, in one line" % c,
          str(bo[c]))
for c in ("bpf -t", "bpf zz"):
    check(len(bo[c]) == 1 and bo[c][0].startswith("bpf: "), "%s: one error line" % c, str(bo[c]))
check(bo["bpf -s"] == [PH, "", MH], "bpf -s alone: the basic listing", str(bo["bpf -s"]))

# ---- rustfilt: the argument alone ----
check(ro[0] == ["rust_panic::area_in_hp"], "rustfilt: a v0 name demangled", str(ro[0]))
check(ro[1] == ["core::ptr::drop_in_place", "schedule"],
      "rustfilt: a legacy name without its hash; a C name as it was", str(ro[1]))
check(len(ro[2]) == 1 and ro[2][0].startswith("rustfilt: "), "rustfilt alone: one error line",
      str(ro[2]))

# ---- sbitmapq: the tags of the first loop device's hardware queue ----
gd = [l.split()[2] for l in dev if re.match(r"^ +7 +loop +[0-9a-f]{16} ", l)]
sbq = None
if not gd:
    skip("sbitmapq: no loop gendisk in `dev`: no sbitmap_queue to read")
else:
    g = "((struct gendisk *)0x%s)->queue->tag_set->tags[0]" % gd[0]
    po = C.session(["p &%s->bitmap_tags" % g, "p %s->nr_tags" % g, "p %s->nr_reserved_tags" % g,
                    "p %s->static_rqs" % g])
    m = po and re.search(r"\(struct sbitmap_queue \*\) 0x([0-9a-f]+)", " ".join(po[0]))
    if not m:
        notok("sbitmapq: no tags of loop's gendisk %s: %s" % (gd[0], po[:1] if po else None))
    else:
        sbq = m.group(1)
        nr = [int(re.search(r"= (\d+)", " ".join(x)).group(1)) for x in po[1:3]]
        rqs = re.search(r"0x([0-9a-f]+)", " ".join(po[3])).group(1)
        SB = ["sbitmapq %s" % sbq, "sbitmapq -s request -a %s -p %s" % (rqs, sbq),
              "sbitmapq -s request.tag,state -a %s -p -v %s" % (rqs, sbq),
              "sbitmapq -s request %s" % sbq, "sbitmapq -v %s" % sbq, "sbitmapq zz",
              "sbitmapq 0"]
        so = C.session(SB)
        s0 = so[0]
        sf = dict(l.split(" = ", 1) for l in s0 if " = " in l and not l.startswith("\t"))
        depth = int(sf.get("depth", "-1"))
        bpw = int(sf.get("bits_per_word", "0") or 0)
        check(depth == nr[0] - nr[1], "sbitmapq: depth %d is the tags' nr_tags less reserved (%d)" %
              (depth, nr[0] - nr[1]))
        check(bpw and int(sf.get("map_nr", -1)) == (depth + bpw - 1) // bpw,
              "sbitmapq: map_nr words of bits_per_word bits hold the depth")
        hint = re.match(r"^\{(.*)\}$", sf.get("alloc_hint", ""))
        check(hint and len(hint.group(1).split(",")) == ncpu, "sbitmapq: one alloc_hint per CPU",
              sf.get("alloc_hint", ""))
        ws = [l for l in s0 if re.match(r"^\t\{ (\.wait_cnt = \d+, )?\.wait = (in)?active \},$", l)]
        check(len(ws) == 8, "sbitmapq: the 8 wait queues", str(ws[:2]))
        dump = [l for l in s0 if re.match(r"^[0-9a-f]{8}:( [0-9a-f]{2,4})+$", l)]
        nbytes = sum(len(l.split(": ")[1].replace(" ", "")) // 2 for l in dump)
        bits = sum(bin(int(l.split(": ")[1].replace(" ", ""), 16)).count("1") for l in dump)
        check(nbytes == (depth + 7) // 8, "sbitmapq: the byte dump holds depth bits (%d bytes)" % nbytes)
        if sf.get("cleared") == "0":
            check(int(sf.get("busy", -1)) == bits, "sbitmapq: busy (%s) is the bits set in the dump"
                  % sf.get("busy"))
        check(len(so[1]) == bits and all(re.match(r"^\d+: 0x[0-9a-f]+$", l) for l in so[1]),
              "sbitmapq -s -a -p: one line per tag in use (%d)" % bits, str(so[1][:2]))
        check(len([l for l in so[2] if re.match(r"^\d+ \(0x[0-9a-f]+\):$", l)]) == bits,
              "sbitmapq -s struct.member,member -v: each tag in use", str(so[2][:3]))
        for c, o in zip(SB[3:], so[3:]):
            check(len(o) == 1 and o[0].startswith("sbitmapq: "), "%s: one error line" % c, str(o))
        for c, o in zip(SB, so):
            bad = [l for l in o if any(b in l for b in BAD)]
            if bad:
                notok("`%s` prints %r" % (c, bad[0]))

# ---- Debian's crash on the 6.1 dumps ----
if refcrash and ref_opens(refcrash, ddir):
    RC = ["mach", "mach -m", "mach -c", "help"] + (["sbitmapq %s" % sbq] if sbq else [])
    rout = C.session(RC, prog=refcrash)
    if rout is None or not any("MACHINE TYPE" in l for l in rout[0]):
        skip("Debian crash timed out or cannot open this dump: no comparison")
    else:
        rm = strip_warnings(rout[0])
        # crash names the stack after DEBUG "(unknown)" with size 0 (it is
        # MCE's, shifted: crash's bug) and omits VC2; the rest must agree
        def stack_blocks(lines):
            b, cur = {}, None
            for l in lines:
                t = re.match(r"^ *(\S.*?) STACK SIZE: (\d+)$", l)
                if t and not t.group(1).startswith("KERNEL"):
                    cur = t.group(1)
                    b[cur] = [t.group(2)]
                elif cur and re.match(r"^ +CPU \d+: ", l):
                    b[cur].append(l)
            return b
        head = [l for l in rm if "STACK" not in l and not re.match(r"^ +CPU \d+:", l)]
        ours_head = [l for l in mach if "STACK" not in l and not re.match(r"^ +CPU \d+:", l)]
        check(head == ours_head, "mach: the %d summary lines Debian's crash prints" % len(head),
              str([(a, b) for a, b in zip(head, ours_head) if a != b][:2]))
        rb, ob = stack_blocks(rm), stack_blocks(mach)
        rb.pop("(unknown)", None)
        check(rb and all(ob.get(t) == v for t, v in rb.items()),
              "mach: Debian crash's stacks (%s) with the same sizes and bases" % ", ".join(rb),
              str([t for t, v in rb.items() if ob.get(t) != v]))
        check(strip_warnings(rout[1]) == mach_m, "mach -m: the lines Debian's crash prints")
        check(strip_warnings(rout[2]) == mach_c, "mach -c: the lines Debian's crash prints",
              "first difference at line %d" % next((i for i, (a, b) in enumerate(
                  zip(strip_warnings(rout[2]), mach_c)) if a != b), 0))
        rwords = set(w for l in strip_warnings(rout[3]) for w in l.split()
                     if re.match(r"^[a-z*]+$", w))
        rcmds = [w for w in rwords if w not in ("help", "for", "on", "any", "command", "above",
                                                "enter", "crash", "version", "gdb", "input",
                                                "options", "output")]
        check(all(w in words for w in rcmds), "help: every command Debian's crash lists",
              str(sorted(w for w in rcmds if w not in words)))
        if sbq:
            # Debian's crash stops at ws on 6.1 (it wants wait_cnt, gone in 6.1)
            rs = [l for l in strip_warnings(rout[4]) if " = " in l and not l.startswith("\t")]
            check(rs and rs == s0[:len(rs)], "sbitmapq: the %d fields Debian's crash prints" % len(rs),
                  str([(a, b) for a, b in zip(rs, s0) if a != b][:2]))
