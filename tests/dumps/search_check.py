#!/usr/bin/env python3
"""search on one fixture dump: strings and values found in kernel, user
and physical memory (against linux_banner, rd -p and the workload's
pages), compared with Debian's crash where it opens the dump (6.1); bad
input.

Usage: search_check.py CRASH DUMPDIR VMCORE [REFCRASH]"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checklib import Checker  # noqa: E402

crash, ddir, vmcore = sys.argv[1:4]
refcrash = sys.argv[4] if len(sys.argv) > 4 else ""
C = Checker(crash, ddir, vmcore)
truth, tag = C.truth, C.tag
ok, notok, skip, check = C.ok, C.notok, C.skip, C.check


def run(cmds, prog=None, timeout=120):
    return C.session(cmds, prog, timeout)


cmds = ["sym linux_banner", "search -c \"Linux version\"", "search -p -c \"Linux version\"",
        "search -c -w x", "search -s nosuchsym_xyz 0", "search -w 100000000", "search",
        "search -u -p 0"]
out = run(cmds)
if out is None:
    notok("session timed out")
    sys.exit(0)
symb, sk, sp, sbad1, sbad2, sbad3, sbad4, sbad5 = out

if refcrash:
    rout = run(["search -c \"Linux version\""], prog=refcrash)
    if rout is None:
        skip("Debian crash timed out")
    elif not any(re.match(r"^[0-9a-f]+: ", l) for l in rout[0]):
        skip("Debian crash cannot open this dump: no comparison")
    else:
        rs = [l for l in rout[0] if re.match(r"^[0-9a-f]+: ", l)]
        # Debian crash translates the whole kernel text mapping
        # (__START_KERNEL_map, 0xffffffff80000000 up) by arithmetic, so a
        # page below _text or past _end, which the kernel unmapped at
        # boot (cleanup_highmap), gives it one more hit whenever the
        # string lies in such a page; page tables say it is not mapped.
        ends = run(["sym _text", "sym _end"])
        lims = [int(l.split()[0], 16) for o in (ends or []) for l in o if re.match(r"^[0-9a-f]+ \(", l)]
        def in_gap(line):
            a = int(line.split(":")[0], 16)
            return len(lims) == 2 and 0xffffffff80000000 <= a < 0xffffffffc0000000 and \
                not lims[0] <= a < lims[1]
        gap = [l for l in rs if in_gap(l)]
        check([l for l in rs if not in_gap(l)] == sk,
              "search -c \"Linux version\": same hits as Debian crash (less %d it reads "
              "through unmapped kernel-text addresses)" % len(gap),
              "%d vs %d" % (len(rs) - len(gap), len(sk)))


# ---- search, kernel ----
m = re.match(r"^([0-9a-f]+) ", symb[0]) if symb else None
banner = m.group(1) if m else None
hits = [l.split(":")[0] for l in sk if re.match(r"^[0-9a-f]+: ", l)]
check(banner is not None and banner in hits, "search -c \"Linux version\" finds linux_banner %s"
      % banner, str(hits[:4]))
check(all(re.match(r"^[0-9a-f]+: Linux version ", l) for l in sk),
      "search -c prints only ADDR: string lines", str(sk[:2]))
# the physical hits are the direct-map hits less PAGE_OFFSET
phys = [int(l.split(":")[0], 16) for l in sp if re.match(r"^[0-9a-f]+: Linux version", l)]
check(bool(phys), "search -p -c finds \"Linux version\" in physical memory (%d hits)" % len(phys))

# ---- search -p of a value read with rd -p ----
if phys:
    pa = phys[0] & ~7
    rd = run(["rd -p %x 1" % pa])[0]
    m = re.match(r"^\s*[0-9a-f]+:\s+([0-9a-f]+)", rd[0]) if rd else None
    if not m:
        notok("rd -p %x: %s" % (pa, rd[:1]))
    else:
        v = m.group(1)
        page = pa & ~0xfff
        o = run(["search -p -s %x -l 4096 %s" % (page, v),
                 "search -p -s %x -l 4096 -m ffff %s" % (page, v[:-4] + "1234"),
                 "search -p -s %x -l 4096 -w %s" % (page, v[-8:].lstrip("0") or "0")])
        check("%x: %x " % (pa, int(v, 16)) in o[0],
              "search -p finds the value %s that rd -p reads at %x" % (v, pa), str(o[0][:3]))
        check(any(l.startswith("%x: " % pa) for l in o[1]), "search -p -m ignores masked bits",
              str(o[1][:3]))
        check(any(l.startswith("%x: " % pa) for l in o[2]), "search -p -w finds the low word",
              str(o[2][:3]))

# ---- search -u: the hog's page markers ----
hog = truth.get("workload", {}).get("hog")
maps = truth.get("maps", {}).get(str(hog), []) if hog else []
big = max((mp for mp in maps if mp["path"] == ""),
          key=lambda mp: int(mp["end"], 16) - int(mp["start"], 16), default=None)
if big is None:
    skip("no hog in the workload: search -u not checked")
else:
    lo, hi = int(big["start"], 16), int(big["end"], 16)
    length = min(hi - lo, 0x8000000)
    lo = hi - length  # the hog touched its area in order: the first pages are swapped out
    o = run(["set %d" % hog, "search -u -s %x -l 0x%x -c \"wl-hog page\"" % (lo, length)])
    uh = [l for l in o[1] if re.match(r"^[0-9a-f]+: ", l)]
    good = [l for l in uh if int(l.split(":")[0], 16) % 4096 == 0
            and re.match(r"^[0-9a-f]+: wl-hog page \d+ of \d+", l)
            and lo <= int(l.split(":")[0], 16) < lo + length]
    check(uh and len(good) == len(uh) and len(uh) == len(o[1]),
          "search -u finds \"wl-hog page\" at %d page starts of the hog's area" % len(uh),
          str([l for l in o[1] if l not in good][:2]))

for what, o in (("-c with -w", sbad1), ("a bad start", sbad2), ("a too large -w value", sbad3),
                ("no value", sbad4), ("-u with -p", sbad5)):
    check(len(o) == 1 and o[0].startswith("search: "), "search with %s gives one error line"
          % what, str(o[:3]))
