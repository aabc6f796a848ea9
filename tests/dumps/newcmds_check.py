#!/usr/bin/env python3
"""ascii and wr on one fixture dump, compared with Debian's crash where it
opens the dump (6.1).

Usage: newcmds_check.py CRASH DUMPDIR VMCORE [REFCRASH]"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checklib import Checker, clean_ref, is_arm64, vmcoreinfo  # noqa: E402

crash, ddir, vmcore = sys.argv[1:4]
refcrash = sys.argv[4] if len(sys.argv) > 4 else ""
C = Checker(crash, ddir, vmcore)
ok, notok, skip, check = C.ok, C.notok, C.skip, C.check

ASCII = ["ascii 62696c2f7273752f 41 0x0a00414243 ffff 0", "ascii", "ascii zz",
         "ascii 4142434445464748494a"]
WR = ["wr jiffies 0", "wr", "wr -p 1000 5"]
PTE = ["pte d8e067", "pte 8000000002762063", "pte 13f600", "pte 0", "pte zz", "pte"]
out = C.session(ASCII + WR + PTE)
if out is None:
    notok("session timed out")
    sys.exit(0)
val, chart, bad1, bad2 = out[0:4]
wr = out[4:7]

# ---- ascii: bytes lowest first, control characters by name ----
want = ["62696c2f7273752f: /usr/lib", "0000000000000041: A" + "<NUL>" * 7,
        "0000000a00414243: CBA<NUL><LF><NUL><NUL><NUL>",
        "000000000000ffff: <ff><ff>" + "<NUL>" * 6, "0000000000000000: " + "<NUL>" * 8]
check(val == want, "ascii VALUE...: one line each, the bytes lowest first", str(val[:3]))
rows = [l for l in chart if re.match(r"^  [0-9A-F] \|", l)]
cells = {}
for l in rows:
    lo = int(l[2], 16)
    for hi, c in enumerate(re.findall(r"(?:\s([ !-~]{3}))", l[5:] + " ")):
        cells[hi * 16 + lo] = c.strip()
good = len(rows) == 16 and all(cells.get(c) == chr(c) for c in range(0x21, 0x7f))
check(good and cells.get(0) == "NUL" and cells.get(0x20) == "SP" and cells.get(0x7f) == "DEL",
      "ascii: the chart puts every character at its code (16 rows of 8)",
      str([(hex(c), cells.get(c)) for c in range(0x21, 0x7f) if cells.get(c) != chr(c)][:4]))
for what, o in (("a bad value", bad1), ("a value over 64 bits", bad2)):
    check(len(o) == 1 and o[0].startswith("ascii: "), "ascii with %s gives one error line" % what,
          str(o[:2]))

# ---- pte: crash's layout, widths from the values ----
po = dict(zip(PTE, out[7:13]))
if any("cannot be decoded" in l for l in po["pte 0"]):
    skip("pte: this architecture's entries are not decoded yet: %s" % po["pte 0"][:1])
elif is_arm64(os.path.join(ddir, "vmlinux")):
    # arm64's descriptors: bits 0-1 = 3 a page (output address bits 12-47
    # at the page size), else a swap entry (type 0: the first area, the
    # offset from bit 8 in the layout before Linux 6.10, which puts type
    # 24 here, no area)
    ps = int(vmcoreinfo(ddir, "PAGESIZE") or 4096)
    for c, v in (("pte d8e067", 0xd8e067), ("pte 8000000002762063", 0x8000000002762063)):
        o = po[c]
        want = "%x" % (v & 0x0000fffffffff000 & ~(ps - 1))
        check(len(o) == 2 and re.match(r"^ +PTE +PHYSICAL +FLAGS$", o[0]) and o[1].split()[:2] == [c[4:], want] and
              "VALID" in o[1], "%s: arm64 page descriptor at %s with VALID (%d-byte pages)" % (c, want, ps), str(o))
    check(po["pte 0"] == ["PTE  PHYSICAL  FLAGS", " 0       0     (no mapping)"],
          "pte 0: (no mapping)", str(po["pte 0"]))
    sw = po["pte 13f600"]
    check(len(sw) == 2 and re.match(r"^ PTE +SWAP +OFFSET", sw[0]) and
          re.match(r"^13f600  \S+ +5110 *$", sw[1]),
          "pte 13f600: an arm64 swap entry's device and offset", str(sw))
    for c in ("pte zz", "pte"):
        check(len(po[c]) == 1 and po[c][0].startswith("pte: "), "%s: one error line" % c,
              str(po[c]))
else:
    check(po["pte d8e067"] == [" PTE    PHYSICAL  FLAGS",
                               "d8e067   d8e000   (PRESENT|RW|USER|ACCESSED|DIRTY)"],
          "pte d8e067: a present entry's physical address and flags", str(po["pte d8e067"]))
    check(po["pte 8000000002762063"] == ["      PTE         PHYSICAL  FLAGS",
                                         "8000000002762063   2762000  (PRESENT|RW|ACCESSED|DIRTY|NX)"],
          "pte 8000000002762063: NX, columns as wide as the value", str(po["pte 8000000002762063"]))
    check(po["pte 0"] == ["PTE  PHYSICAL  FLAGS", " 0       0     (no mapping)"],
          "pte 0: (no mapping)", str(po["pte 0"]))
    sw = po["pte 13f600"]
    check(len(sw) == 2 and re.match(r"^ PTE +SWAP +OFFSET", sw[0]) and
          re.match(r"^13f600  \S+  1125899906840068$", sw[1]),
          "pte 13f600: a swap entry's device and offset (the offset stored inverted)", str(sw))
    for c in ("pte zz", "pte"):
        check(len(po[c]) == 1 and po[c][0].startswith("pte: "), "%s: one error line" % c,
              str(po[c]))

# ---- wr: refused in one line, and the dump is unchanged ----
check(all(len(o) == 1 and o[0].startswith("wr: not allowed on dumpfiles") for o in wr),
      "wr refuses in one line whatever its arguments", str(wr))

# ---- fuser: against the fds and maps of truth.json ----
truth = C.truth
con = sorted(int(p) for p, fds in truth.get("fds", {}).items()
             if any(f.get("target") == "/dev/console" for f in fds))
wlm = sorted(int(p) for p, ms in truth.get("maps", {}).items()
             if any(m.get("path") == "/workload" for m in ms))
FU = ["fuser /dev/console", "fuser /workload", "fuser /", "fuser /nonexist_xyz", "fuser zz",
      "files 1"]
fo = dict(zip(FU, C.session(FU) or [[]] * len(FU)))
HDR = " PID         TASK        COMM             USAGE"
FU_RE = re.compile(r'^ *(\d+)  ([0-9a-f]{16})  (".*") +((?:(?:root|cwd|fd|mmap) )+)$')


def users(lines):
    return {int(m.group(1)): m.group(4).split() for m in map(FU_RE.match, lines) if m}


u = users(fo["fuser /dev/console"])
check(fo["fuser /dev/console"][:1] == [HDR] and con and all("fd" in u.get(p, []) for p in con),
      "fuser /dev/console: the %d workload tasks with it open (truth.json fds), as fd" % len(con),
      "missing %s" % [p for p in con if "fd" not in u.get(p, [])][:5])
check(all(FU_RE.match(l) for l in fo["fuser /dev/console"][1:]),
      "fuser: PID, TASK, \"COMM\", USAGE words in crash's columns", str(fo["fuser /dev/console"][1:3]))
u = users(fo["fuser /workload"])
check(wlm and all("mmap" in u.get(p, []) for p in wlm),
      "fuser /workload: the %d tasks mapping it (truth.json maps), as mmap" % len(wlm),
      "missing %s" % [p for p in wlm if "mmap" not in u.get(p, [])][:5])
u = users(fo["fuser /"])
check(u.get(1, [])[:2] == ["root", "cwd"], "fuser /: init's root and cwd", str(fo["fuser /"][:3]))
check(fo["fuser /nonexist_xyz"] == ["No users of /nonexist_xyz found"],
      "fuser of a path nobody uses: one line", str(fo["fuser /nonexist_xyz"]))
check(len(fo["fuser zz"]) == 1 and fo["fuser zz"][0].startswith("fuser: "),
      "fuser zz: one error line", str(fo["fuser zz"]))
ino = [l.split()[3] for l in fo["files 1"] if l.endswith(" /dev/console")]
if ino:
    fi = C.session(["fuser %s" % ino[0]])
    check(fi and fi[0] == fo["fuser /dev/console"], "fuser INODE (%s): the same lines as by path"
          % ino[0], str(fi[0][:3] if fi else None))

if refcrash:
    rout = C.session(ASCII[:2] + PTE[:4] + ["fuser /"], prog=refcrash)
    if rout is None or not any(l.startswith("62696c2f7273752f") for l in rout[0]):
        skip("Debian crash timed out or cannot open this dump: no comparison")
    else:
        rv = [l for l in clean_ref(rout[0]) if re.match(r"^[0-9a-f]{16}: ", l)]
        check(rv == val, "ascii VALUE...: the same lines as Debian crash", str(rv[:3]))
        rrows = [l for l in clean_ref(rout[1]) if re.match(r"^  [0-9A-F] \|", l)]
        # crash's chart swaps ' with ` and - with _; the rest is the same
        swap = str.maketrans("'`-_", "`'_-")
        check([l.translate(swap) for l in rrows] == rows and
              [l for l in clean_ref(rout[1]) if l.strip().startswith(("0", "+"))][:2] ==
              [l for l in chart if l.strip().startswith(("0", "+"))][:2],
              "ascii: the chart is Debian crash's, less its two swapped pairs", str(rrows[:2]))
        rp = [clean_ref(x) for x in rout[2:6]]
        check(rp == [po[c] for c in PTE[:4]], "pte: the same lines as Debian crash (present, "
              "NX, swap, empty entries)", str([(a, b) for a, b in zip(rp, [po[c] for c in PTE[:4]])
                                               if a != b][:1]))
        rf = [l for l in clean_ref(rout[6]) if FU_RE.match(l) or l == HDR]
        check(rf and set(rf) <= set(fo["fuser /"]), "fuser /: Debian crash's %d lines are among ours "
              "(it lists only the tasks it finds)" % len(rf),
              str(sorted(set(rf) - set(fo["fuser /"]))[:2]))
