#!/usr/bin/env python3
"""mount on the fixture dumps, against the fixture's /init and Debian's
crash.

Usage: mount_check.py CRASH INIT_SH REFCRASH|'' DUMPDIR..."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checklib import Checker, RefSessions, check_one_line_errors  # noqa: E402

crash, init_sh, refcrash = sys.argv[1:4]
ddirs = sys.argv[4:]

MOUNT_HDR = "     MOUNT           SUPERBLK     TYPE   DEVNAME   DIRNAME"
MOUNT_RE = re.compile(r"^([0-9a-f]{16}) ([0-9a-f]{16}) (\S+) +(\S+) +(\S+) *$")

# the mounts /init makes before anything else: "mount -t TYPE DEV DIR"
# at the start of a line (the capture kernel's mounts are indented)
want_mounts = [("rootfs", "rootfs", "/")]
for line in open(init_sh):
    m = re.match(r"^mount -t (\S+) (\S+) (\S+)\s*$", line)
    if m:
        want_mounts.append(m.groups())


# Debian's crash runs in the background while our checks go on
refs = RefSessions(refcrash, ddirs, ["mount"], "MOUNT_REF_ALL")


def check_mount(C, out):
    lines = out["mount"]
    ok = lines[:1] == [MOUNT_HDR] and all(MOUNT_RE.match(l) for l in lines[1:])
    C.check(ok, "mount: header and %d lines in crash's columns" % (len(lines) - 1),
            " / ".join(lines[:3]))
    rows = [MOUNT_RE.match(l).groups() for l in lines[1:] if MOUNT_RE.match(l)]
    got = {(r[2], r[3], r[4]) for r in rows}
    missing = [m for m in want_mounts if tuple(m) not in got]
    C.check(not missing, "mount: the %d mounts of the fixture's /init (%s)"
            % (len(want_mounts), ", ".join(m[2] for m in want_mounts)), "missing %s" % missing)
    C.check(out["mount -n 1"] == lines, "mount -n 1 is the default namespace's listing")
    pid = C.truth["workload"]["main"]
    C.check(out["mount -n %d" % pid] == lines,
            "mount -n %d (the workload, same namespace) lists the same mounts" % pid)
    proc = [l for l in lines[1:] if l.split()[-1:] == ["/proc"]]
    C.check(out["mount /proc"] == [MOUNT_HDR] + proc and len(proc) == 1,
            "mount /proc: the header and the proc line", " / ".join(out["mount /proc"][:3]))
    return rows


BAD = ["mount -n 999999", "mount -n nosuch", "mount -f", "mount -z"]


for d in ddirs:
    v = os.path.join(d, "vmcore.elf")
    if not os.path.exists(os.path.join(d, "truth.json")) or not os.path.exists(v):
        print("skip - %s: no truth.json or vmcore.elf" % os.path.basename(d))
        continue
    C = Checker(crash, d, v)
    pid = C.truth["workload"]["main"]
    cmds = ["mount", "mount -n 1", "mount -n %d" % pid, "mount /proc"] + BAD
    r = C.session(cmds, timeout=120)
    if r is None:
        C.notok("mount session timed out")
        continue
    out = dict(zip(cmds, r))
    check_mount(C, out)
    check_one_line_errors(C, out, BAD)

    refs.compare(C, d, out, MOUNT_HDR)
refs.close()
