#!/usr/bin/env python3
"""Checks vm of one fixture dump against its truth.json.

Usage: vm_check.py CRASH DUMPDIR VMCORE
Prints ok/not ok/skip lines for tests/run (see vm.sh)."""
import os
import re
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checklib import Checker, by_task, error_lines, run_text  # noqa: E402

crash, ddir, vmcore = sys.argv[1:4]
C = Checker(crash, ddir, vmcore)
truth = C.truth
PAGE = 4096
ok, notok, skip = C.ok, C.notok, C.skip


def run(cmds, timeout=600):
    """One crash session with cmds on stdin; its whole output."""
    return run_text(C, cmds, timeout)


def errors(out):
    """Lines that report a failure: "cmd: message" of the shell."""
    return error_lines(out, ["vm", "ps", "foreach", "crash"])


wl = truth.get("workload", {})
pids = sorted(int(p) for p in truth.get("maps", {}))
zombies = {t["pid"] for t in truth.get("tasks", []) if t.get("state") == "Z"}
swaps = truth.get("swaps", [])

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

# ---- foreach vm, and vm's RSS against ps's ----
PS_RE = re.compile(r"^[> ] +(\d+) +\d+ +\d+ +([0-9a-f]+) +\S\S +[\d.]+ +(\d+) +(\d+) +(.*)$")
MM_RE = re.compile(r"^([0-9a-f]{16}) +([0-9a-f]{16}) +(\d+)k +(\d+)k *$")
out = run(["ps", "foreach vm"], timeout=900)
if out is None:
    notok("foreach vm timed out")
else:
    ps, vm_rss, names, cur = {}, {}, {}, None
    for line in out.splitlines():
        m = PS_RE.match(line)
        if m:
            task = int(m.group(2), 16)
            ps.setdefault(task, (int(m.group(4)), int(m.group(3))))
            names[task] = "%s %s" % (m.group(1), m.group(5).strip())
            continue
        m = re.match(r"^PID: +\d+ +TASK: ([0-9a-f]+)", line)
        if m:
            cur = int(m.group(1), 16)
            continue
        m = MM_RE.match(line)
        if m and cur is not None:
            vm_rss[cur] = int(m.group(3))
            cur = None
    n = len(re.findall(r"^PID: ", out, re.M))
    e = errors(out)
    if n >= len(truth.get("tasks", [])) // 2 and not e:
        ok("foreach vm runs over %d tasks without errors" % n)
    else:
        notok("foreach vm: %d task headers, errors: %s" % (n, e[:3]))
    both = [t for t in vm_rss if t in ps]
    bad = ["%s: vm %dk, ps %dk" % (names[t], vm_rss[t], ps[t][0]) for t in both
           if vm_rss[t] != ps[t][0]]
    if len(both) >= len(vm_rss) and both and not bad:
        ok("vm and ps show the same RSS for each of the %d tasks with an mm" % len(both))
    else:
        notok("vm and ps RSS of %d tasks (%d with vm's header): %s" %
              (len(both), len(vm_rss), bad[:4] or "none compared"))
    hog = wl.get("hog")
    if hog is not None:
        t = [t for t in both if names[t].startswith("%d " % hog)]
        C.check(t and vm_rss[t[0]] > 1024,
                "vm shows the hog's resident memory (%sk)" % (vm_rss[t[0]] if t else "?"))
