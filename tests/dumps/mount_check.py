#!/usr/bin/env python3
"""mount on the fixture dumps, against the fixture's /init and Debian's
crash.

Usage: mount_check.py CRASH INIT_SH REFCRASH|'' DUMPDIR..."""
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checklib import Checker, ref_opens  # noqa: E402

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
    ~15 s on each, two unless MOUNT_REF_ALL=1."""
    res = []
    for d in ddirs:
        if os.path.exists(os.path.join(d, "vmcore.elf")) and ref_opens(refcrash, d):
            res.append(d)
    return res if os.environ.get("MOUNT_REF_ALL") else res[:2]


REF_CMDS = ["mount"]


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
    pid = C.truth["workload"]["main"]
    cmds = ["mount", "mount -n 1", "mount -n %d" % pid, "mount /proc"] + BAD
    r = C.session(cmds, timeout=120)
    if r is None:
        C.notok("mount session timed out")
        continue
    out = dict(zip(cmds, r))
    check_mount(C, out)
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
    if len(ref) < 1 or not any(l == MOUNT_HDR for l in ref[0]):
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
