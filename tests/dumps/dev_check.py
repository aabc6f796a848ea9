#!/usr/bin/env python3
"""dev on the fixture dumps, against truth.json and Debian's crash.

Usage: dev_check.py CRASH REFCRASH|'' DUMPDIR..."""
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checklib import Checker, ref_opens  # noqa: E402

crash, refcrash = sys.argv[1:3]
ddirs = sys.argv[3:]

CHR_HDR = "CHRDEV    NAME                 CDEV        OPERATIONS      "
BLK_HDR = "BLKDEV    NAME                GENDISK      OPERATIONS      "
DEV_RE = re.compile(r"^ ([ \d]{3}\d?)      (.{13}) (?:  +\(none\) +| ([0-9a-f]{16})  (\S+))$")

def clean(lines):
    """Output lines without crash's warnings and outer blank lines."""
    lines = [l.rstrip("\n") for l in lines if not l.startswith("WARNING")]
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def ref_dirs():
    """Dumps Debian's crash is compared on: those it opens, and as it takes
    ~15 s on each, two unless DEV_REF_ALL=1."""
    res = []
    for d in ddirs:
        if os.path.exists(os.path.join(d, "vmcore.elf")) and ref_opens(refcrash, d):
            res.append(d)
    return res if os.environ.get("DEV_REF_ALL") else res[:2]


REF_CMDS = ["dev"]


def start_ref(d):
    lines = []
    for i, c in enumerate(REF_CMDS):
        lines += [c, "echo @@%d@@" % i]
    p = subprocess.Popen([refcrash, "-s", os.path.join(d, "vmlinux"), os.path.join(d, "vmcore.elf")],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True, errors="replace")
    p.stdin.write("\n".join(lines) + "\n")
    p.stdin.close()
    return p


def split_ref(text):
    res, cur = [], []
    for l in text.splitlines():
        if re.match(r"^@@\d+@@$", l):
            res.append(cur)
            cur = []
        else:
            cur.append(l)
    return res


# Debian's crash runs in the background while our checks go on
refs = {d: start_ref(d) for d in (ref_dirs() if refcrash else [])}


def dev_rows(lines):
    rows, bad = {"chr": [], "blk": []}, []
    sec = None
    for l in lines:
        if l == CHR_HDR:
            sec = "chr"
        elif l == BLK_HDR:
            sec = "blk"
        elif not l.strip() or not sec:
            continue
        else:
            m = DEV_RE.match(l)
            if not m:
                bad.append(l)
                continue
            rows[sec].append((int(m.group(1)), m.group(2).strip(), m.group(3), m.group(4)))
    return rows, bad


def check_dev(C, out):
    lines = out["dev"]
    rows, bad = dev_rows(lines)
    ok = CHR_HDR in lines and BLK_HDR in lines and lines.index(CHR_HDR) == 0 and not bad
    C.check(ok and rows["chr"] and rows["blk"], "dev: both headers and %d+%d lines in crash's "
            "columns" % (len(rows["chr"]), len(rows["blk"])), " / ".join((bad or lines)[:3]))
    chr_ = {(r[0], r[1]): r for r in rows["chr"]}
    blk = {r[1]: r for r in rows["blk"]}
    # open files of truth.json are on /dev/console and /dev/null (mem)
    targets = {f["target"] for fl in C.truth.get("fds", {}).values() for f in fl}
    for tgt, key, ops in (("/dev/console", (5, "/dev/console"), "console_fops"),
                          ("/dev/null", (1, "mem"), "memory_fops")):
        if tgt not in targets:
            C.skip("dev: no open %s in truth.json" % tgt)
            continue
        r = chr_.get(key)
        C.check(r is not None and r[2] and r[3] == ops,
                "dev: %s (open in truth.json) is major %d %s with its cdev and %s"
                % (tgt, key[0], key[1], ops), str(r))
    swaps = [s["filename"] for s in C.truth.get("swaps", [])]
    if "/dev/zram0" in swaps:
        r = blk.get("zram")
        C.check(r is not None and r[2] and r[3] == "zram_devops",
                "dev: zram (the swap device of truth.json) has a gendisk and zram_devops "
                "(a module symbol)", str(r))
    else:
        C.skip("dev: no zram swap in truth.json")
    if any(m["name"] == "loop" for m in C.truth.get("modules", [])):
        r = blk.get("loop")
        C.check(r is not None and r[0] == 7 and r[3] == "lo_fops",
                "dev: loop (a module of truth.json) is block major 7 with lo_fops", str(r))


BAD = ["dev -d", "dev -i", "dev -p", "dev foo", "dev -z"]


def check_bad(C, out):
    for c in BAD:
        o = out[c]
        name = c.split()[0]
        C.check(len(o) == 1 and o[0].startswith(name + ": "), "error of `%s` is one line" % c,
                " / ".join(o[:3]))


for d in ddirs:
    v = os.path.join(d, "vmcore.elf")
    if not os.path.exists(os.path.join(d, "truth.json")) or not os.path.exists(v):
        print("skip - %s: no truth.json or vmcore.elf" % os.path.basename(d))
        continue
    C = Checker(crash, d, v)
    cmds = ["dev"] + BAD
    r = C.session(cmds, timeout=120)
    if r is None:
        C.notok("dev session timed out")
        continue
    out = dict(zip(cmds, r))
    check_dev(C, out)
    check_bad(C, out)

    p = refs.get(d)
    if not p:
        continue
    try:
        text = p.stdout.read()
        p.wait(timeout=300)
    except subprocess.TimeoutExpired:
        p.kill()
        C.skip("Debian's crash timed out")
        continue
    ref = split_ref(text)
    if len(ref) < 1 or not any(l == CHR_HDR for l in ref[0]):
        C.skip("Debian's crash cannot open this dump")
        continue
    for c, a in zip(REF_CMDS, ref):
        a, b = clean(a), clean(out[c])
        first = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        C.check(a == b, "`%s` prints the %d lines Debian's crash prints" % (c, len(a)),
                "first difference at line %d: %r vs %r" % (first, a[first:first + 1],
                                                           b[first:first + 1]))
for p in refs.values():
    if p.poll() is None:
        p.kill()
        p.wait()
