#!/usr/bin/env python3
"""kmem on one fixture dump, against truth.json and against Debian's
crash where it opens the dump.

Usage: kmem_check.py CRASH DUMPDIR VMCORE [REFCRASH]"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checklib import Checker  # noqa: E402

crash, ddir, vmcore = sys.argv[1:4]
refcrash = sys.argv[4] if len(sys.argv) > 4 else ""
C = Checker(crash, ddir, vmcore)
truth = C.truth
ok, notok, skip, check = C.ok, C.notok, C.skip, C.check
PAGE_KB = 4


def run(cmds, prog=None):
    r = C.session(cmds, prog, timeout=120)
    if r is None:
        notok("kmem session timed out")
        sys.exit(0)
    return r


def noise(l):
    """Debian's crash warnings about tasks (wrong on these dumps)."""
    return not l.strip() or l.startswith("WARNING:")


def meminfo_rows(lines):
    """{label: pages} of kmem -i."""
    rows = {}
    for l in lines:
        m = re.match(r"^ *([A-Z][A-Z ]+?) +(\d+) +", l)
        if m:
            rows[m.group(1)] = int(m.group(2))
    return rows


def slab_rows(lines):
    """{name: (addr, objsize, allocated, total, slabs)} of kmem -s."""
    rows = {}
    for l in lines:
        m = re.match(r"^([0-9a-f]{16}) +(\d+) +(\d+) +(\d+) +(\d+) +\d+k  (\S+)$", l)
        if m:
            rows[m.group(6)] = (m.group(1),) + tuple(int(m.group(i)) for i in range(2, 6))
    return rows


# pid 1's task_struct and pid 2's stack (vmalloc'ed) come first
pre = run(["ps 1", "ps 2"])
task1 = task2 = None
for l in pre[0] + pre[1]:
    f = l.lstrip(">").split()
    if len(f) >= 9 and f[0] == "1":
        task1 = f[3]
    if len(f) >= 9 and f[0] == "2":
        task2 = f[3]
if not task1 or not task2:
    notok("ps 1 / ps 2: no task address")
    sys.exit(0)
stack = None
r = run(["struct task_struct.stack %s" % task2, "vtop %s" % task1])
m = re.search(r"stack = 0x([0-9a-f]+)", " ".join(r[0]))
stack = m.group(1) if m else None
phys = None
for l in r[1]:
    m = re.match(r"^%s\s+([0-9a-f]+)\s*$" % task1, l)
    if m:
        phys = m.group(1)
# vtop's last line is the struct page line
vtop_page = [l for l in r[1] if l.strip()][-1:]

cmds = ["kmem -i", "kmem -s", "kmem -s task_struct", "kmem %s" % task1,
        "kmem -p %s" % (phys or "0"), "kmem jiffies", "kmem %s" % (stack or "0"),
        "kmem -s nosuch", "kmem -f", "kmem -x", "kmem -S", "kmem nosuch_symbol_xyz",
        "kmem -p zzz", "kmem -s task_struct dentry", "kmem"]
out = dict(zip(cmds, run(cmds)))

# -i against the dump's own counters, exactly, read through `p` (the
# typed reader) rather than kmem's code: vm_zone_stat[NR_FREE_PAGES],
# _totalram_pages, nr_swap_pages.
def counters(lines):
    return [int(x) for x in re.findall(r"counter = (-?\d+)", " ".join(lines))]
def enum_value(lines, name):
    m = re.search(r"\b%s = (\d+)," % name, " ".join(lines))
    return int(m.group(1)) if m else None
rows = meminfo_rows(out["kmem -i"])
own = run(["p -d vm_zone_stat", "whatis enum zone_stat_item", "p -d _totalram_pages",
           "p -d nr_swap_pages"])
zone, idx = counters(own[0]), enum_value(own[1], "NR_FREE_PAGES")
check(idx is not None and idx < len(zone) and rows.get("FREE") == zone[idx],
      "kmem -i FREE = vm_zone_stat[NR_FREE_PAGES] (%s)" % (zone[idx] if idx is not None and idx < len(zone) else "?"),
      "kmem -i says %s" % rows.get("FREE"))
tr = counters(own[2])
check(tr and rows.get("TOTAL MEM") == tr[0], "kmem -i TOTAL MEM = _totalram_pages (%s)" % (tr[:1]),
      "kmem -i says %s" % rows.get("TOTAL MEM"))
sw = counters(own[3])
if "SWAP FREE" in rows:
    check(sw and rows["SWAP FREE"] >= sw[0], "kmem -i SWAP FREE >= nr_swap_pages (%s)" % sw[:1],
          "kmem -i says %s" % rows.get("SWAP FREE"))

# ... and against /proc/meminfo (kB), read by the guest just before the
# panic: sizes exactly; counters that move (reclaim, zram, the truth's own
# files) loosely, to catch a wrong counter or unit, not a drift.
mi = truth["meminfo"]
static = {"MemTotal", "SwapTotal", "CommitLimit", "HugePages_Total"}
pairs = [("TOTAL MEM", "MemTotal"), ("FREE", "MemFree"), ("BUFFERS", "Buffers"),
         ("CACHED", "Cached"), ("SLAB", "Slab"), ("TOTAL SWAP", "SwapTotal"),
         ("SWAP FREE", "SwapFree"), ("COMMIT LIMIT", "CommitLimit"),
         ("COMMITTED", "Committed_AS")]
if "HugePages_Total" in mi:
    pairs.append(("TOTAL HUGE", "HugePages_Total"))
# the kernel's page size (arm64 kernels of 16K pages), from kmem -i's own
# TOTAL MEM line: its pages and its size
for l in out["kmem -i"]:
    m = re.match(r"^ *TOTAL MEM +(\d+) +([\d.]+) (KB|MB|GB)", l)
    if m and int(m.group(1)):
        kb = float(m.group(2)) * {"KB": 1, "MB": 1024, "GB": 1 << 20}[m.group(3)]
        PAGE_KB = min((4, 16, 64), key=lambda p: abs(p - kb / int(m.group(1))))
total = mi.get("MemTotal", 0) // PAGE_KB
for label, key in pairs:
    if key not in mi:
        skip("kmem -i %s: no %s in truth.json" % (label, key))
        continue
    want = mi[key] // PAGE_KB
    if key.startswith("HugePages"):
        want = mi[key] * mi.get("Hugepagesize", 2048) // PAGE_KB
    got = rows.get(label)
    tol = 1 if key in static else max(want // 20 + total // 50, 512)
    check(got is not None and abs(got - want) <= tol,
          "kmem -i %s = %s pages, /proc/meminfo %s %d pages (+-%d)" % (label, got, key, want, tol))
check(rows.get("USED") == rows.get("TOTAL MEM", 0) - rows.get("FREE", 0),
      "kmem -i USED = TOTAL MEM - FREE")

# -s: the caches every kernel has; counts consistent; a task_struct per task
slabs = slab_rows(out["kmem -s"])
# (kmalloc-128 is the smallest where the DMA alignment is 128: arm64
# before 6.5)
arm64 = "aarch64" in truth.get("uname", "")
small = "kmalloc-128" if arm64 and "kmalloc-64" not in slabs else "kmalloc-64"
need = ["task_struct", small, "dentry", "inode_cache", "mm_struct"]
check(all(n in slabs for n in need), "kmem -s lists %s (%d caches)" % (", ".join(need), len(slabs)),
      "missing %s" % [n for n in need if n not in slabs])
bad = [n for n, v in slabs.items() if v[2] > v[3]]
check(not bad, "kmem -s: ALLOCATED <= TOTAL in every cache", "%s" % bad[:5])
ts = slabs.get("task_struct")
ntasks = len(truth["tasks"])
check(ts and ntasks <= ts[2] <= ts[3],
      "kmem -s: task_struct ALLOCATED %s >= %d tasks of truth.json" % (ts and ts[2], ntasks))
one = slab_rows(out["kmem -s task_struct"])
check(list(one) == ["task_struct"] and ts and one["task_struct"][0] == ts[0],
      "kmem -s task_struct: that one cache")

# kmem of pid 1's task_struct: an allocated object of task_struct
o = out["kmem %s" % task1]
check(any(re.search(r"  task_struct$", l) for l in o) and "  [%s]" % task1 in o and
      "    PID: 1" in o,
      "kmem %s: allocated object [%s] of cache task_struct" % (task1, task1), "%s" % o[:6])
# -p of its physical page: vtop's page line
p = out["kmem -p %s" % (phys or "0")]
if phys and vtop_page:
    check(len(p) == 2 and p[1] == vtop_page[0], "kmem -p %s: vtop's page line" % phys,
          "%s vs %s" % (p, vtop_page))
else:
    notok("vtop %s: no physical address or page line" % task1)
check(any(re.match(r"^[0-9a-f]{16} \([DdBb]\) jiffies$", l) for l in out["kmem jiffies"]),
      "kmem jiffies: a data symbol", "%s" % out["kmem jiffies"][:2])
# a kernel stack is a vmalloc area (CONFIG_VMAP_STACK)
v = out["kmem %s" % (stack or "0")]
rng = [re.match(r"^[0-9a-f]{16}  [0-9a-f]{16}  ([0-9a-f]+) - ([0-9a-f]+) +(\d+)$", l) for l in v]
rng = [x for x in rng if x]
check(stack and rng and int(rng[0].group(1), 16) <= int(stack, 16) < int(rng[0].group(2), 16),
      "kmem %s (pid 2's stack): its vmalloc area" % stack, "%s" % v[:3])

# a struct page address (and one inside it) is that page, not the vmemmap
# page that backs it: the same lines as kmem -p of its physical address
pg = re.match(r"^([0-9a-f]{16}) ", p[1]) if len(p) == 2 else None
if not pg:
    notok("kmem -p %s: no page line to look up" % phys)
else:
    a = int(pg.group(1), 16)
    po = run(["kmem %x" % a, "kmem %x" % (a + 7)])
    check(po is not None and po[0] == p and po[1] == p,
          "kmem %x (a struct page) and kmem %x (inside it): that page's line, as kmem -p %s"
          % (a, a + 7, phys), "%s vs %s" % (po and po[0], p))

for c in ["kmem -s nosuch", "kmem -f", "kmem -x", "kmem -S", "kmem nosuch_symbol_xyz",
          "kmem -p zzz", "kmem -s task_struct dentry", "kmem"]:
    check(len(out[c]) == 1 and out[c][0].startswith("kmem: "), "%s: one error line" % c,
          "%s" % out[c][:3])

# a sanitizer report comes at exit, after the last command's output, which
# the session splitter leaves out: look at the whole output of one run
import subprocess  # noqa: E402
whole = subprocess.run([crash, "-s", os.path.join(ddir, "vmlinux")] + C.dump_files(),
                       input="\n".join(cmds) + "\n", stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, timeout=120, errors="replace").stdout
check("Sanitizer" not in whole, "kmem: no sanitizer report",
      "%s" % [l for l in whole.splitlines() if "Sanitizer" in l][:2])

if not refcrash:
    sys.exit(0)
# layouts against Debian's crash (it opens the 6.1 dumps only)
rcmds = ["kmem -s", "kmem -i", "kmem %s" % task1, "kmem -p %s" % (phys or "0"),
         "kmem %s" % (stack or "0")]
ref = C.session(rcmds, refcrash, timeout=120)
if ref is None or not any(slab_rows(ref[0])):
    skip("Debian's crash does not open this dump: no layout comparison")
    sys.exit(0)
ref = dict(zip(rcmds, [[l for l in x if not noise(l)] for x in ref]))
check(ref["kmem -s"] == out["kmem -s"], "kmem -s: the same as Debian's crash, line for line",
      "first difference %s" % next(((a, b) for a, b in zip(ref["kmem -s"], out["kmem -s"])
                                     if a != b), None))
# -i: same labels in the same order (crash 8.0.2 adds SHARED, a mem_map
# tally); lines equal where the numbers come from the same counters
# (SLAB: crash 8.0.2 reads one of the two slab counters; COMMITTED: it
# leaves out the per-cpu deltas that /proc/meminfo adds)
mine = [l for l in out["kmem -i"] if l.strip()]
theirs = [l for l in ref["kmem -i"] if "SHARED" not in l]
lab = lambda ls: [l[:13] for l in ls]
check(lab(mine) == lab(theirs), "kmem -i: crash's labels, in its order", "%s" % lab(theirs))
same = [a == b for a, b in zip(theirs, mine) if not re.match(r" *(SLAB|COMMITTED) ", a)]
check(same and all(same), "kmem -i: lines equal to Debian's crash (but SLAB, COMMITTED)",
      "%s" % [(a, b) for a, b in zip(theirs, mine) if a != b][:3])
def mine_f(c):
    return [l for l in out[c] if l.strip()]


# kmem TASK: cache line, slab, object, the task, its page
t = ref["kmem %s" % task1]
check(mine_f("kmem %s" % task1) == t, "kmem %s: crash's slab object, task and page" % task1,
      "%s vs %s" % (t, mine_f("kmem %s" % task1)))
check(p == ref["kmem -p %s" % (phys or "0")], "kmem -p: crash's page line")
check(mine_f("kmem %s" % (stack or "0")) == ref["kmem %s" % (stack or "0")], "kmem STACK: crash's vmap area and page lines",
      "%s vs %s" % (ref["kmem %s" % (stack or "0")], v))
