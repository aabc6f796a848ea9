#!/usr/bin/env python3
"""Checks vm, files and swap of one fixture dump against its truth.json.

Usage: vmfiles_check.py CRASH DUMPDIR VMCORE
Prints ok/not ok/skip lines for tests/run (see vmfiles.sh)."""
import json
import os
import re
import struct
import subprocess
import sys

crash, ddir, vmcore = sys.argv[1:4]
truth = json.load(open(os.path.join(ddir, "truth.json")))
tag = "%s/%s" % (os.path.basename(ddir), os.path.basename(vmcore))
PAGE = 4096


def ok(msg):
    print("ok - %s: %s" % (tag, msg))


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checklib import lossy_why  # noqa: E402
lossy = lossy_why(ddir, vmcore)


def notok(msg):
    if lossy:  # what the filter dropped cannot match the truth
        print("skip - %s: %s (%s)" % (tag, msg, lossy))
        return
    print("not ok - %s: %s" % (tag, msg))


def skip(msg):
    print("skip - %s: %s" % (tag, msg))


def dump_files():
    if vmcore.endswith(".split.1"):
        return [vmcore, vmcore[:-1] + "2"]
    return [vmcore]


def run(cmds, timeout=600):
    """One crash session with cmds on stdin; its whole output."""
    try:
        p = subprocess.run([crash, "-s", os.path.join(ddir, "vmlinux")] + dump_files(),
                           input="\n".join(cmds) + "\n", capture_output=True, text=True,
                           timeout=timeout, errors="replace")
    except subprocess.TimeoutExpired:
        return None
    return p.stdout + p.stderr


def by_task(out):
    """Split output into {pid: [lines]} at the task header lines."""
    res, cur = {}, None
    for line in out.splitlines():
        m = re.match(r"^PID: (\d+) +TASK: ", line)
        if m:
            cur = int(m.group(1))
            res.setdefault(cur, [])
            continue
        if cur is not None:
            res[cur].append(line)
    return res


def errors(out):
    """Lines that report a failure: "cmd: message" of the shell."""
    return [l for l in out.splitlines()
            if re.match(r"^(vm|files|foreach|crash): ", l)]


pids = sorted(int(p) for p in truth.get("maps", {}))
wl = truth.get("workload", {})
zombies = {t["pid"] for t in truth.get("tasks", []) if t.get("state") == "Z"}

# ---- vm: each workload task's VMAs are its /proc/PID/maps ----
VMA_RE = re.compile(r"^([0-9a-f]+) +([0-9a-f]+) +([0-9a-f]+) +([0-9a-f]+) ?(.*)$")
out = run(["vm %d" % p for p in pids])
if out is None:
    notok("vm of the workload tasks timed out")
else:
    tasks = by_task(out)
    bad = []
    for p in pids:
        want = []
        for m in truth["maps"][str(p)]:
            path = m["path"]
            if path.startswith("[") and path.endswith("]"):
                path = ""  # [heap], [stack], [vdso]: no file
            want.append((int(m["start"], 16), int(m["end"], 16), path))
        got = []
        for line in tasks.get(p, []):
            mm = VMA_RE.match(line)
            if mm:
                got.append((int(mm.group(2), 16), int(mm.group(3), 16), mm.group(5).strip()))
        if p in zombies and not want:
            continue
        if got != want:
            missing = [w for w in want if w not in got][:3]
            extra = [g for g in got if g not in want][:3]
            bad.append("pid %d: missing %s extra %s" % (p, missing, extra))
    if bad:
        notok("vm mappings differ from /proc/PID/maps: " + "; ".join(bad[:4]))
    else:
        ok("vm lists exactly the /proc/PID/maps mappings of %d workload tasks" % len(pids))
    e = errors(out)
    if e:
        notok("vm printed errors: %s" % e[:3])

# ---- files: each workload task's fds are its /proc/PID/fd ----
FD_RE = re.compile(r"^ *(\d+) +([0-9a-f]+) +([0-9a-f]+) +([0-9a-f]+) +(\S+) *(.*)$")
fpids = sorted(int(p) for p in truth.get("fds", {}))
out = run(["files %d" % p for p in fpids])
if out is None:
    notok("files of the workload tasks timed out")
else:
    tasks = by_task(out)
    bad = []
    for p in fpids:
        want = [(f["fd"], f["target"]) for f in truth["fds"][str(p)]]
        got = []
        for line in tasks.get(p, []):
            mm = FD_RE.match(line)
            if mm:
                got.append((int(mm.group(1)), mm.group(6).strip()))
        if got != want:
            missing = [w for w in want if w not in got][:3]
            extra = [g for g in got if g not in want][:3]
            bad.append("pid %d: missing %s extra %s" % (p, missing, extra))
    if bad:
        notok("files differ from /proc/PID/fd: " + "; ".join(bad[:4]))
    else:
        ok("files lists exactly the /proc/PID/fd entries of %d workload tasks" % len(fpids))
    roots = [l for p in fpids for l in tasks.get(p, []) if l.startswith("ROOT: ")]
    if roots and all(l.split()[1] == "/" for l in roots):
        ok("files shows ROOT / for the workload tasks")
    else:
        notok("files ROOT lines: %s" % roots[:2])
    e = errors(out)
    if e:
        notok("files printed errors: %s" % e[:3])

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


# ---- vm -p of the hog: swap entries and resident pages ----
def elf_reader(path):
    """A function paddr -> 64 bytes (or None) over an ELF core's PT_LOADs."""
    try:
        f = open(path, "rb")
        h = f.read(64)
        if h[:4] != b"\x7fELF" or h[4] != 2:
            return None
        phoff, = struct.unpack_from("<Q", h, 32)
        phentsize, phnum = struct.unpack_from("<HH", h, 54)
        if phnum == 0xffff:
            return None
        segs = []
        for i in range(phnum):
            f.seek(phoff + i * phentsize)
            ph = f.read(56)
            typ, _, off, _, paddr, filesz, _, _ = struct.unpack("<IIQQQQQQ", ph)
            if typ == 1:
                segs.append((paddr, filesz, off))
    except OSError:
        return None

    def read(pa):
        for base, size, off in segs:
            if base <= pa and pa + 64 <= base + size:
                f.seek(off + pa - base)
                return f.read(64)
        return None
    return read


hog = wl.get("hog")
if hog is None:
    skip("no hog in the workload")
else:
    out = run(["vm -p %d" % hog], timeout=900)
    if out is None:
        notok("vm -p of the hog timed out")
    else:
        dev = swaps[0]["filename"] if swaps else None
        swapped, resident, offsets = 0, [], set()
        bad_off = []
        size_pages = swaps[0]["size_kb"] // 4 if swaps else 0
        for line in out.splitlines():
            m = re.match(r"^([0-9a-f]+) +SWAP: (\S+)  OFFSET: (\d+)$", line)
            if m:
                swapped += 1
                off = int(m.group(3))
                if m.group(2) != dev or off == 0 or off > size_pages or off in offsets:
                    bad_off.append(line)
                offsets.add(off)
                continue
            m = re.match(r"^([0-9a-f]+) +([0-9a-f]+)$", line)
            if m:
                resident.append((int(m.group(1), 16), int(m.group(2), 16)))
        if swapped and not bad_off:
            ok("vm -p of the hog shows %d swapped pages on %s with distinct offsets" %
               (swapped, dev))
        else:
            notok("vm -p of the hog: %d swapped pages, bad: %s" % (swapped, bad_off[:3]))
        if resident:
            ok("vm -p of the hog shows %d resident pages" % len(resident))
        else:
            notok("vm -p of the hog shows no resident page")
        e = errors(out)
        if e:
            notok("vm -p printed errors: %s" % e[:3])
        # The hog's big anonymous area: pages start "wl-hog page N of M".
        big = max((m for m in truth["maps"][str(hog)] if m["path"] == ""),
                  key=lambda m: int(m["end"], 16) - int(m["start"], 16), default=None)
        read = elf_reader(vmcore) if not vmcore.endswith("-d31") else None
        if big is None or read is None:
            skip("page contents not checked (no ELF page data)")
        else:
            lo, hi = int(big["start"], 16), int(big["end"], 16)
            cand = [(va, pa) for va, pa in resident if lo <= va < hi]
            step = max(1, len(cand) // 8)
            sample = cand[::step][:8]
            good = [pa for va, pa in sample if (read(pa) or b"").startswith(b"wl-hog page ")]
            if sample and len(good) == len(sample):
                ok("%d sampled resident hog pages hold \"wl-hog page\" at their physical address"
                   % len(sample))
            else:
                notok("resident hog pages: %d of %d sampled hold \"wl-hog page\"" %
                      (len(good), len(sample)))

# ---- foreach ----
for cmd in ("foreach files", "foreach vm"):
    out = run([cmd], timeout=900)
    if out is None:
        notok("%s timed out" % cmd)
        continue
    first = out.splitlines()[0] if out.strip() else ""
    if "PID:" not in out and re.search(r"foreach", first) and \
            re.search(r"(not found|unknown|no such|no command)", first, re.I):
        skip("%s: no foreach command yet (%s)" % (cmd, first))
        continue
    n = len(re.findall(r"^PID: ", out, re.M))
    e = errors(out)
    if n >= len(truth.get("tasks", [])) // 2 and not e:
        ok("%s runs over %d tasks without errors" % (cmd, n))
    else:
        notok("%s: %d task headers, errors: %s" % (cmd, n, e[:3]))
