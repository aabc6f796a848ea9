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
        "kmem -s nosuch", "kmem -x", "kmem nosuch_symbol_xyz",
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

for c in ["kmem -s nosuch", "kmem -x", "kmem nosuch_symbol_xyz",
          "kmem -p zzz", "kmem -s task_struct dentry", "kmem"]:
    check(len(out[c]) == 1 and out[c][0].startswith("kmem: "), "%s: one error line" % c,
          "%s" % out[c][:3])

# ---- the listing options: -V -z -o -h -v -n -f -F -g -c -C
ocmds = ["kmem -V", "kmem -z", "kmem -o", "kmem -h", "kmem -v", "kmem -n", "kmem -f",
         "kmem -F", "kmem -g", "mod", "kmem -c", "kmem -C", "kmem -z x", "kmem -g zz",
         "kmem -v -z", "kmem -f nosuch_symbol_xyz", "kmem -h 1"]
oout = dict(zip(ocmds, run(ocmds)))


def sections(lines):
    """{title: {name: value}} of kmem -V."""
    secs, cur = {}, None
    for l in lines:
        m = re.match(r"^  (VM_[A-Z_]+):$", l)
        if m:
            cur = secs.setdefault(m.group(1), {})
            continue
        m = re.match(r"^ *([A-Z][A-Z0-9_]*): (-?\d+)$", l)
        if m and cur is not None:
            cur[m.group(1)] = int(m.group(2))
    return secs


V = sections(oout["kmem -V"])
zone_free = zone[idx] if idx is not None and idx < len(zone) else None
check(V.get("VM_ZONE_STAT", {}).get("NR_FREE_PAGES") == zone_free == rows.get("FREE"),
      "kmem -V: VM_ZONE_STAT NR_FREE_PAGES = vm_zone_stat[NR_FREE_PAGES] = kmem -i FREE (%s)"
      % zone_free, "%s" % V.get("VM_ZONE_STAT", {}).get("NR_FREE_PAGES"))
check("VM_NODE_STAT" in V and "NR_FILE_PAGES" in V["VM_NODE_STAT"] and
      "PGFAULT" in V.get("VM_EVENT_STATES", {}) and V["VM_EVENT_STATES"]["PGFAULT"] > 0,
      "kmem -V: VM_NODE_STAT (NR_FILE_PAGES) and VM_EVENT_STATES (PGFAULT > 0)",
      "%s" % list(V))

# -z: zones with crash's header lines; populated ones hold at least the
# RAM the kernel manages
zones = []
for l in oout["kmem -z"]:
    m = re.match(r'^NODE: (\d+)  ZONE: (\d+)  ADDR: ([0-9a-f]+)  NAME: "(\w+)"$', l)
    if m:
        zones.append({"name": m.group(4), "size": 0, "present": 0})
        continue
    m = re.match(r"^  SIZE: (\d+)(?:  PRESENT: (\d+))?  MIN/LOW/HIGH: (\d+)/(\d+)/(\d+)$", l)
    if m and zones:
        zones[-1]["size"] = int(m.group(1))
        zones[-1]["present"] = int(m.group(2) or m.group(1))
        zones[-1]["wm"] = tuple(int(m.group(i)) for i in (3, 4, 5))
pop = [z for z in zones if z["size"]]
check(pop and sum(z["present"] for z in pop) >= rows.get("TOTAL MEM", 1 << 62) and
      all(z["present"] <= z["size"] and z["wm"][0] <= z["wm"][1] <= z["wm"][2] for z in pop),
      "kmem -z: %d zones (%s), present pages >= kmem -i TOTAL MEM, MIN <= LOW <= HIGH"
      % (len(zones), ",".join(z["name"] for z in pop)), "%s" % zones)

# -o: a line per possible CPU, at least the guest's online CPUs, distinct
offs = [re.match(r"^  CPU (\d+): ([0-9a-f]+)$", l) for l in oout["kmem -o"][1:]]
check(oout["kmem -o"][:1] == ["PER-CPU OFFSET VALUES:"] and all(offs) and
      len(offs) >= truth["ncpus"] and len(set(m.group(2) for m in offs)) == len(offs),
      "kmem -o: %d distinct per-cpu offsets, >= %d CPUs" % (len(offs), truth["ncpus"]),
      "%s" % oout["kmem -o"][:4])

# -h: the default huge page size's pool holds HugePages_Total
hs = {}
for l in oout["kmem -h"][1:]:
    m = re.match(r"^[0-9a-f]{16} +\S+ +(\d+) +(\d+)  (\S+)$", l)
    if m:
        hs[m.group(3)] = (int(m.group(1)), int(m.group(2)))
if "Hugepagesize" in mi and "HugePages_Total" in mi:
    hn = "hugepages-%dkB" % mi["Hugepagesize"]
    check(hn in hs and hs[hn][1] == mi["HugePages_Total"],
          "kmem -h: %s TOTAL = /proc/meminfo HugePages_Total (%d)" % (hn, mi["HugePages_Total"]),
          "%s" % oout["kmem -h"][:4])
else:
    skip("kmem -h: no Hugepagesize/HugePages_Total in truth.json")

# -v: in address order; pid 2's stack and every module's base in one area
areas = []
for l in oout["kmem -v"][1:]:
    m = re.match(r"^([0-9a-f]{16})  ([0-9a-f]{16})  ([0-9a-f]+) - ([0-9a-f]+) +(\d+)$", l)
    if m:
        areas.append((int(m.group(3), 16), int(m.group(4), 16), int(m.group(5))))


def in_area(a):
    return any(s <= a < e for s, e, _ in areas)


bases = []
for l in oout["mod"][1:]:
    f = l.split()
    if len(f) >= 4 and re.match(r"^[0-9a-f]{16}$", f[2]):
        bases.append(int(f[2], 16))
check(areas and areas == sorted(areas) and all(e - s == n for s, e, n in areas),
      "kmem -v: %d areas in address order, SIZE = end - start" % len(areas))
check(stack and in_area(int(stack, 16)), "kmem -v: pid 2's stack %s is in an area" % stack)
if bases:
    check(all(in_area(b) for b in bases),
          "kmem -v: the %d module bases of mod are in vmalloc areas" % len(bases),
          "%s" % [hex(b) for b in bases if not in_area(b)][:3])
else:
    skip("kmem -v: mod lists no modules")

# -n: the sections' PFNs and mem_maps agree with kmem -p of pid 1's page
secs = []
for l in oout["kmem -n"]:
    m = re.match(r"^ *(\d+)  ([0-9a-f]{16})  ([0-9a-f]{16})  ([0-9a-f]{16})  ([PMOED]+) +(\d+) *$", l)
    if m:
        secs.append((int(m.group(1)), int(m.group(4), 16), m.group(5), int(m.group(6))))
nodes = [l for l in oout["kmem -n"] if re.match(r"^ +\d+ +\d+   [0-9a-f]{16}        ----  ", l)]
check(nodes and len(secs) >= 2 and all("P" in s[2] for s in secs),
      "kmem -n: %d node(s), %d present sections" % (len(nodes), len(secs)), "%s" % oout["kmem -n"][:3])
blocks = [re.match(r"^ [0-9a-f]{16}   memory(\d+) +([0-9a-f]+) - +([0-9a-f]+)  \d+ +(\w+) +(\d+) *$", l)
          for l in oout["kmem -n"]]
blocks = [b for b in blocks if b]
if any(l.strip().startswith("MEM_BLOCK") for l in oout["kmem -n"]):
    check(blocks and all(int(b.group(2), 16) < int(b.group(3), 16) for b in blocks) and
          {int(b.group(5)) for b in blocks} <= {s[0] for s in secs},
          "kmem -n: %d memory blocks, each starting at a present section" % len(blocks),
          "%s" % [b.group(0) for b in blocks][:3])
pg_line = p[1] if len(p) == 2 else ""
mp = re.match(r"^([0-9a-f]{16}) +([0-9a-f]+) ", pg_line)
if len(secs) >= 2 and mp:
    per = secs[1][3] - secs[0][3]
    psz = (secs[1][1] - secs[0][1]) // per if per else 0
    pfn = int(mp.group(2), 16) // (PAGE_KB * 1024)
    sec = [s for s in secs if s[3] <= pfn < s[3] + per]
    check(sec and psz and sec[0][1] + (pfn - sec[0][3]) * psz == int(mp.group(1), 16),
          "kmem -n: pid 1's page %s = its section's MEM_MAP + (pfn - PFN) * %d" % (mp.group(1), psz),
          "%s" % sec)

# -f: each row's PAGES = BLOCKS << order; the pages sum to NR_FREE_PAGES
# but for the per-cpu deltas not yet folded (at most 125 a CPU)
tot, bad, zrows = 0, [], 0
for l in oout["kmem -f"]:
    m = re.match(r"^ *(\d+) +(\d+)k  ([0-9a-f]{16}) +(\d+) +(\d+)$", l)
    if m:
        order, b, n = int(m.group(1)), int(m.group(4)), int(m.group(5))
        tot += n
        if n != b << order:
            bad.append(l)
    if l.startswith("ZONE  NAME        SIZE    FREE"):
        zrows += 1
ver = [l for l in oout["kmem -f"] if l.startswith("nr_free_pages: ")]
check(not bad and zrows == len(zones), "kmem -f: a ZONE block per zone (%d), PAGES = BLOCKS << AREA" % zrows,
      "%s" % bad[:2])
slack = len(offs) * 125
check(zone_free is not None and abs(tot - zone_free) <= slack and ver,
      "kmem -f: %d pages on the free lists ~ NR_FREE_PAGES %s (+-%d): %s" % (tot, zone_free, slack,
                                                                           ver[:1]))
# -F: the same lists, every block's first page; kmem -f of one is its block
fpages = [l for l in oout["kmem -F"] if re.match(r"^[0-9a-f]{16}$", l)]
check(len(fpages) == sum(int(re.match(r"^ *\d+ +\d+k  [0-9a-f]{16} +(\d+)", l).group(1))
                         for l in oout["kmem -f"] if re.match(r"^ *\d+ +\d+k  [0-9a-f]{16} +\d+ +\d+$", l)),
      "kmem -F: %d block pages, the BLOCKS of kmem -f" % len(fpages))
if fpages:
    fa = run(["kmem -f %s" % fpages[0]])[0]
    check(fa and re.match(r"^%s  \(%s is 1st of \d+ pages\)$" % (fpages[0], fpages[0]), fa[-1]),
          "kmem -f %s: the 1st page of its free block" % fpages[0], "%s" % fa[-2:])

# -g: every PG_ bit with its value; a flags value decodes to its bits
g = [re.match(r"^(PG_\w+) +(\d+)  ([0-9a-f]+)$", l) for l in oout["kmem -g"][1:]]
check(oout["kmem -g"][:1] and oout["kmem -g"][0].split() == ["PAGE-FLAG", "BIT", "VALUE"] and
      all(g) and g and g[0].group(1) == "PG_locked" and
      all(int(x.group(3), 16) == 1 << int(x.group(2)) for x in g),
      "kmem -g: %d PG_ bits, VALUE = 1 << BIT" % len(g))
if g:
    fl = (1 << int(g[0].group(2))) | (1 << int(g[-1].group(2)))
    gv = run(["kmem -g %x" % fl])[0]
    want = sorted(x.group(1) for x in g if fl & int(x.group(3), 16))
    got = sorted(l.split()[0] for l in gv[2:])
    check(gv[:1] == ["FLAGS: %x" % fl] and got == want, "kmem -g %x: %s" % (fl, ",".join(want)),
          "%s" % gv)

# -m: struct page members of pid 1's page, as -p has them
if mp:
    mm = run(["kmem -m flags,_refcount,_mapcount %s" % mp.group(1), "kmem -m nosuch_member_xyz",
              "kmem -m lru -s"])
    fl = re.match(r"^%s  ([0-9a-f]{16})  ([0-9a-f]{8})  (-?\d+)$" % mp.group(1),
                  mm[0][1] if len(mm[0]) == 2 else "")
    pf = pg_line.split()
    check(mm[0][:1] == ["      PAGE        flags  _refcount  _mapcount"] and fl and
          int(fl.group(1), 16) == int(pf[5], 16) and int(fl.group(2), 16) == int(pf[4]),
          "kmem -m flags,_refcount,_mapcount %s: -p's FLAGS and CNT" % mp.group(1), "%s" % mm[0])
    for i, c in ((1, "kmem -m nosuch_member_xyz"), (2, "kmem -m lru -s")):
        check(len(mm[i]) == 1 and mm[i][0].startswith("kmem: "), "%s: one error line" % c,
              "%s" % mm[i][:3])
    mcmds = ["kmem -m flags,_refcount %s" % mp.group(1), "kmem -m lru,mapping %s" % mp.group(1)]
else:
    mcmds = []

# -S: every cache, its -s line; the FREE of its slabs add up to TOTAL -
# ALLOCATED (the same lists -s counts); -S=0 only CPU 0's lists
scmds = ["kmem -S", "kmem -S=0 task_struct", "kmem -s -I task_struct,dentry", "kmem -r",
         "kmem -P %s" % (phys or "0"), "kmem %s" % (phys or "0"), "kmem -S=999999 dentry",
         "kmem -I dentry", "kmem -S nosuch_cache_xyz"]
sout = dict(zip(scmds, run(scmds)))


def slab_walk(lines):
    caches, cur = [], None
    for l in lines:
        m = re.match(r"^([0-9a-f]{16}) +(\d+) +(\d+) +(\d+) +(\d+) +\d+k  (\S+)$", l)
        if m:
            cur = {"name": m.group(6), "alloc": int(m.group(3)), "total": int(m.group(4)),
                   "free": 0, "line": l}
            caches.append(cur)
            continue
        m = re.match(r"^  [0-9a-f]{16}  [0-9a-f]{16} +\d+ +(\d+) +(\d+) +(\d+)$", l)
        if m and cur:
            cur["free"] += int(m.group(3))
    return caches


sw = slab_walk(sout["kmem -S"])
sl = [l for l in out["kmem -s"] if re.match(r"^[0-9a-f]{16} ", l)]
bad = [c["name"] for c in sw if c["total"] - c["alloc"] != c["free"]]
check(sw and [c["line"] for c in sw] == sl, "kmem -S: every cache of kmem -s, with its line (%d)" % len(sw),
      "%d vs %d" % (len(sw), len(sl)))
check(sw and not bad, "kmem -S: each cache's slabs' FREE add up to TOTAL - ALLOCATED", "%s" % bad[:5])
s0 = sout["kmem -S=0 task_struct"]
check(any(l == "CPU 0 KMEM_CACHE_CPU:" for l in s0) and
      not any(re.match(r"^CPU [1-9]\d* ", l) for l in s0) and "  [%s]" % task1 in "\n".join(s0) + "\n" or
      any(l == "CPU 0 KMEM_CACHE_CPU:" for l in s0) and not any(re.match(r"^CPU [1-9]", l) for l in s0),
      "kmem -S=0 task_struct: CPU 0's lists only", "%s" % s0[:4])
ign = [l for l in sout["kmem -s -I task_struct,dentry"] if re.match(r"^[0-9a-f]{16} ", l)]
want = [re.sub(r"^([0-9a-f]{16}) .*  (task_struct|dentry)$", r"\1 [IGNORED]%s\2" % (" " * 36), l)
        for l in sl]
check(ign == want, "kmem -s -I task_struct,dentry: kmem -s with those two [IGNORED]")
check(len(sout["kmem -r"]) == 1 and "slab_root_caches" in sout["kmem -r"][0],
      "kmem -r: one line (no slab_root_caches)", "%s" % sout["kmem -r"])
# a physical address is what its direct-map address is: pid 1's task_struct
for c in ["kmem -P %s" % (phys or "0"), "kmem %s" % (phys or "0")]:
    check(phys and sout[c] == o, "%s: what kmem %s shows" % (c, task1), "%s" % sout[c][:3])
# -s/-S ADDR: the slab object an address is in (-S: with every object
# of its slab)
t16 = "%x" % (int(task1, 16) + 16)
so = run(["kmem -s %s" % t16, "kmem -S %s" % t16])
check(so[0][:2] == out["kmem -s task_struct"][:2] and "  [%s]" % task1 in so[0] and
      not any("PID:" in l for l in so[0]),
      "kmem -s %s: task_struct's line and the object [%s]" % (t16, task1), "%s" % so[0][:6])
nobj = [l for l in so[1] if re.match(r"^  \[[0-9a-f]+\]$|^   [0-9a-f]+  ", l)]
srow = [re.match(r"^  [0-9a-f]{16}  [0-9a-f]{16} +\d+ +(\d+) +(\d+) +(\d+)$", l) for l in so[1]]
srow = [x for x in srow if x]
check(srow and len(nobj) == int(srow[0].group(1)) and
      sum(1 for l in nobj if l.startswith("  [")) == int(srow[0].group(2)),
      "kmem -S %s: every object of its slab, ALLOCATED of them in brackets" % t16, "%s" % so[1][:6])
oout["kmem -s %s" % t16], oout["kmem -S %s" % t16] = so[0], so[1]
mcmds += ["kmem -s %s" % t16, "kmem -S %s" % t16]

for c in ["kmem -S=999999 dentry", "kmem -I dentry", "kmem -S nosuch_cache_xyz"]:
    check(len(sout[c]) == 1 and sout[c][0].startswith("kmem: "), "%s: one error line" % c,
          "%s" % sout[c][:3])

for c in ["kmem -c", "kmem -C"]:
    check(len(oout[c]) == 1 and "page_hash_table does not exist" in oout[c][0],
          "%s: page_hash_table does not exist in this kernel" % c, "%s" % oout[c])
for c in ["kmem -z x", "kmem -g zz", "kmem -v -z", "kmem -f nosuch_symbol_xyz", "kmem -h 1"]:
    check(len(oout[c]) == 1 and oout[c][0].startswith("kmem: "), "%s: one error line" % c,
          "%s" % oout[c][:3])

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
         "kmem %s" % (stack or "0"), "kmem -V", "kmem -z", "kmem -o", "kmem -h", "kmem -v",
         "kmem -n", "kmem -f", "kmem -F", "kmem -g", "kmem -S", "kmem -S=0 kmem_cache",
         "kmem -s -I task_struct,dentry"] + mcmds
ref = C.session(rcmds, refcrash, timeout=120)
if ref is None or not any(slab_rows(ref[0])):
    skip("Debian's crash does not open this dump: no layout comparison")
    sys.exit(0)
ref = dict(zip(rcmds, [[l for l in x if not noise(l)] for x in ref]))
check(ref["kmem -s"] == out["kmem -s"], "kmem -s: the same as Debian's crash, line for line",
      "first difference %s" % next(((a, b) for a, b in zip(ref["kmem -s"], out["kmem -s"])
                                     if a != b), None))
# -i: same labels in the same order (SHARED: crash's tally of the mem_map,
# pages not reserved and referenced more than once); lines equal where the numbers come from the same counters
# (SLAB: crash 8.0.2 reads one of the two slab counters; COMMITTED: it
# leaves out the per-cpu deltas that /proc/meminfo adds)
mine = [l for l in out["kmem -i"] if l.strip()]
theirs = [l for l in ref["kmem -i"]]
lab = lambda ls: [l[:13] for l in ls]
check(lab(mine) == lab(theirs), "kmem -i: crash's labels, in its order", "%s" % lab(theirs))
same = [a == b for a, b in zip(theirs, mine) if not re.match(r" *(SLAB|COMMITTED|SHARED) ", a)]
# SHARED: crash's own tally of the memory map (pages not reserved with a
# reference count above 1), which ours repeats: the same number
sh = [(int(a.split()[1]), int(b.split()[1])) for a, b in zip(theirs, mine)
      if re.match(r" *SHARED ", a) and re.match(r" *SHARED ", b)]
check(sh and sh[0][0] == sh[0][1], "kmem -i SHARED: Debian's crash's tally: %s" % sh)
check(same and all(same), "kmem -i: lines equal to Debian's crash (but SLAB, COMMITTED, SHARED)",
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

# the listings, line for line (blank lines aside): -V but for the
# VM_NUMA_EVENT section crash 8.0.2 does not print
def drop_numa(ls):
    out, skipping = [], False
    for l in ls:
        if re.match(r"^  VM_[A-Z_]+:$", l):
            skipping = l.strip() == "VM_NUMA_EVENT:"
        if not skipping:
            out.append(l)
    return out


if mcmds:
    oout.update(zip(mcmds, run(mcmds)))
oout["kmem -S=0 kmem_cache"] = run(["kmem -S=0 kmem_cache"])[0]
oout["kmem -S"] = sout["kmem -S"]
oout["kmem -s -I task_struct,dentry"] = sout["kmem -s -I task_struct,dentry"]


def node_partial_rows(ls):
    """-S as crash 8.0.2 prints it: a node's partial slabs as rows under one
    header, without their objects (this crash lists their objects too)."""
    res, inpart, hdr = [], False, False
    for l in ls:
        if re.match(r"^NODE \d+ PARTIAL:$", l):
            inpart, hdr = True, False
            res.append(l)
            continue
        if inpart and re.match(r"^(NODE \d+ FULL:|CACHE |KMEM_CACHE_NODE )", l):
            inpart = False
        if inpart:
            if l.startswith("  SLAB  "):
                if hdr:
                    continue
                hdr = True
            elif not re.match(r"^  [0-9a-f]{16}  [0-9a-f]{16} ", l) and l != "  (empty)":
                continue
        res.append(l)
    return res
for c in ["kmem -V", "kmem -z", "kmem -o", "kmem -h", "kmem -v", "kmem -n", "kmem -f", "kmem -F",
          "kmem -g", "kmem -S", "kmem -S=0 kmem_cache", "kmem -s -I task_struct,dentry"] + mcmds:
    theirs = [l for l in ref[c] if l.strip()]
    mine = [l for l in (oout[c]) if l.strip()]
    if c == "kmem -V":
        mine = drop_numa(mine)
    if c.startswith("kmem -S"):
        mine = node_partial_rows(mine)
    check(theirs == mine, "%s: the same as Debian's crash, line for line (%d lines)" % (c, len(mine)),
          "first difference %r" % (next(((a, b) for a, b in zip(theirs, mine) if a != b),
                                        (len(theirs), len(mine))),))
