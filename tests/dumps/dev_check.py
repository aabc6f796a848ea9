#!/usr/bin/env python3
"""dev on the fixture dumps, against truth.json and Debian's crash.

Usage: dev_check.py CRASH REFCRASH|'' DUMPDIR..."""
import glob
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checklib import Checker, RefSessions, check_one_line_errors  # noqa: E402

crash, refcrash = sys.argv[1:3]
ddirs = sys.argv[3:]

CHR_HDR = "CHRDEV    NAME                 CDEV        OPERATIONS      "
BLK_HDR = "BLKDEV    NAME                GENDISK      OPERATIONS      "
DEV_RE = re.compile(r"^ ([ \d]{3}\d?)      (.{13}) (?:  +\(none\) +| ([0-9a-f]{16})  (\S+))$")

# Debian's crash runs in the background while our checks go on
refs = RefSessions(refcrash, ddirs, ["dev"], "DEV_REF_ALL")


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


# dump directory -> the directory of its kernel's debug modules
# (lib/modules/KREL under dev.sh's module_debug_dir), where there is one
MODDBG = {}
if os.environ.get("MODDBG_MAP"):
    with open(os.environ["MODDBG_MAP"]) as f:
        for line in f:
            dd, _, dbg = line.rstrip("\n").partition("\t")
            mods = glob.glob(os.path.join(dbg, "lib", "modules", "*"))
            if mods:
                MODDBG[dd] = mods[0]

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
    loaded = False

    def with_debuginfo(name, r):
        # the module's data symbols are not in this kernel's kallsyms
        # (arm64 6.1 keeps only text symbols of modules): after mod -S
        # with Debian's debug .ko, its own symbol table names them
        nonlocal blk, loaded
        mdir = MODDBG.get(C.ddir)
        if not mdir:
            C.skip("dev: %s's block_device_operations %s: no module data symbols to name it, "
                   "and no debug .ko to load" % (name, r[3]))
            return None
        if not loaded:
            s = C.session(["mod -S " + mdir, "dev"], timeout=300)
            blk = {x[1]: x for x in (dev_rows(s[1])[0]["blk"] if s else [])}
            loaded = True
        return blk.get(name)

    if "/dev/zram0" in swaps:
        r = blk.get("zram")
        if r is not None and r[3] and re.fullmatch(r"[0-9a-f]{16}", r[3]):
            r = with_debuginfo("zram", r)
            if r is not None or MODDBG.get(C.ddir):
                C.check(r is not None and r[3] == "zram_devops",
                        "dev: after mod -S, zram's operations are zram_devops, from the debug .ko's "
                        "symbols (kallsyms has no module data symbols here)", str(r))
        else:
            C.check(r is not None and r[2] and r[3] == "zram_devops",
                    "dev: zram (the swap device of truth.json) has a gendisk and zram_devops "
                    "(a module symbol)", str(r))
    else:
        C.skip("dev: no zram swap in truth.json")
    if any(m["name"] == "loop" for m in C.truth.get("modules", [])):
        r = blk.get("loop")
        if r is not None and r[0] == 7 and r[3] and re.fullmatch(r"[0-9a-f]{16}", r[3]):
            r = with_debuginfo("loop", r)
            if r is not None or MODDBG.get(C.ddir):
                C.check(r is not None and r[0] == 7 and r[3] == "lo_fops",
                        "dev: after mod -S, loop's operations are lo_fops, from the debug .ko's symbols",
                        str(r))
        else:
            C.check(r is not None and r[0] == 7 and r[3] == "lo_fops",
                    "dev: loop (a module of truth.json) is block major 7 with lo_fops", str(r))


BAD = ["dev -i -p", "dev -d -V", "dev -V", "dev foo", "dev -z"]


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
    check_one_line_errors(C, out, BAD)

    refs.compare(C, d, out, CHR_HDR)
refs.close()
