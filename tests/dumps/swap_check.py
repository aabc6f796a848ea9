#!/usr/bin/env python3
"""Checks swap of one fixture dump against its truth.json.

Usage: swap_check.py CRASH DUMPDIR VMCORE
Prints ok/not ok/skip lines for tests/run (see swap.sh)."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checklib import Checker, error_lines, run_text  # noqa: E402

crash, ddir, vmcore = sys.argv[1:4]
C = Checker(crash, ddir, vmcore)
truth = C.truth
PAGE = 4096
ok, notok = C.ok, C.notok


def run(cmds, timeout=600):
    """One crash session with cmds on stdin; its whole output."""
    return run_text(C, cmds, timeout)


def errors(out):
    """Lines that report a failure: "cmd: message" of the shell."""
    return error_lines(out, ["swap", "crash"])


# ---- swap: /proc/swaps ----
out = run(["swap"])
swaps = truth.get("swaps", [])
if out is None:
    notok("swap timed out")
else:
    rows = [l.split() for l in out.splitlines() if re.match(r"^[0-9a-f]{16} ", l)]
    good = len(rows) == len(swaps)
    for s, r in zip(swaps, rows):
        try:
            typ = "partition" if r[1] == "PARTITION" else "file"
            size, used = int(r[2].rstrip("k")), int(r[3].rstrip("k"))
            prio, name = int(r[5]), r[6]
        except (IndexError, ValueError):
            good = False
            break
        # Used may move by one swap-slot batch (64 pages) between the
        # truth's /proc/swaps and the dump: 6.12's per-CPU slot caches
        # hand back a batch at a time.  The size must match to a page.
        if (typ != s["type"] or abs(size - s["size_kb"]) > PAGE // 1024 or
                abs(used - s["used_kb"]) > 64 * PAGE // 1024 or prio != s["priority"] or
                name != s["filename"]):
            good = False
    if good:
        ok("swap matches /proc/swaps (%d area%s)" % (len(swaps), "" if len(swaps) == 1 else "s"))
    else:
        notok("swap: got %s want %s" % (rows, swaps))
    e = errors(out)
    if e:
        notok("swap printed errors: %s" % e[:3])


