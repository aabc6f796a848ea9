#!/usr/bin/env python3
"""dev -i/-p/-d/-D/-V, net -a/-S/-R, sys -c/-i, runq -t/-T/-m/-g/-d and
mod -t/-r/-R/-o/-g on one fixture dump: against the truth, internal
consistency and, where Debian's crash opens the dump, its layout.

Usage: moreopts_check.py CRASH DUMPDIR VMCORE [REFCRASH]"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checklib import Checker, ref_opens, strip_warnings  # noqa: E402

crash, ddir, vmcore = sys.argv[1:4]
refcrash = sys.argv[4] if len(sys.argv) > 4 else ""
C = Checker(crash, ddir, vmcore)
ok, notok, skip, check = C.ok, C.notok, C.skip, C.check
T = C.truth
arm64 = T["uname"].split()[-2] == "aarch64"
files_pid = T.get("workload", {}).get("files")

CMDS = ["sys -c", "sys -c read", "sys -c 1", "sys -i", "sys -c 99999",
        "dev -i", "dev -p", "dev -d", "dev -D", "dev -V", "dev -i -p",
        "net -a", "net -S %s" % files_pid, "net -s -R 15 %s" % files_pid, "net -R 1",
        "runq -t", "runq -T", "runq -m", "runq -g", "runq -d", "runq -t -m", "runq", "ps",
        "mod -t", "mod -r", "mod -R", "mod -o", "mod -g", "mod"]
out = C.session(CMDS)
if out is None:
    notok("session timed out")
    sys.exit(0)
o = dict(zip(CMDS, out))
BAD = ("not supported", "invalid option", "Segmentation", "AddressSanitizer", "runtime error")
for c in CMDS:
    bad = [l for l in o[c] if any(b in l for b in BAD)]
    if bad:
        notok("`%s` prints %r" % (c, bad[0]))

# ---- sys -c ----
ROW = re.compile(r"^ *(\d+)  (\S+) *(.*)$")
rows = [ROW.match(l) for l in o["sys -c"][1:]]
check(o["sys -c"][:1] == ["NUM  SYSTEM CALL                FILE AND LINE NUMBER"] and rows and all(rows),
      "sys -c: crash's header and %d numbered rows" % len(rows), str(o["sys -c"][:3]))
nums = [int(m.group(1)) for m in rows if m]
check(nums == list(range(len(nums))) and len(nums) > 300, "sys -c: entries 0..%d in order" % (len(nums) - 1))
rd = "__arm64_sys_read" if arm64 else "__x64_sys_read"
nr = 63 if arm64 else 0
byname = {int(m.group(1)): m for m in rows if m}
m = byname.get(nr)
check(m and m.group(2) == rd and re.search(r"fs/read_write\.c: \d+$", m.group(3) or ""),
      "sys -c: entry %d is %s in fs/read_write.c" % (nr, rd), m.group(0) if m else "no row")
sel = [ROW.match(l) for l in o["sys -c read"][1:]]
check(sel and all(s and "read" in s.group(2) for s in sel) and any(s.group(2) == rd for s in sel) and
      [s.group(0) for s in sel] == [r.group(0) for r in rows if r and "read" in r.group(2)],
      "sys -c read: the %d rows of sys -c whose function names contain read" % len(sel))
one = o["sys -c 1"][1:]
check(len(one) == 1 and one[0] == byname[1].group(0), "sys -c 1: that row of sys -c alone", str(one))
check(len(o["sys -c 99999"]) == 1 and "invalid system call number" in o["sys -c 99999"][0],
      "sys -c 99999: one line saying the number is out of the table", str(o["sys -c 99999"]))
dmi = o["sys -i"]
if arm64:
    check(len(dmi) >= 1 and (dmi[0].startswith("no DMI") or all(re.match(r"^ *DMI_\w+: ", l) for l in dmi)),
          "sys -i: the DMI strings or one line saying there are none", str(dmi[:2]))
else:
    check(any(re.match(r"^ +DMI_SYS_VENDOR: QEMU$", l) for l in dmi) and
          all(re.match(r"^ *DMI_\w+: ", l) and l.index(":") == 25 for l in dmi),
          "sys -i: QEMU's DMI strings, field names right-aligned", str(dmi[:3]))

# ---- dev ----
di = o["dev -i"]
RES = re.compile(r"^[0-9a-f]{16}  ([0-9a-f]+)-([0-9a-f]+)  (.*)$")
try:
    blank = di.index("")
except ValueError:
    blank = -1
io = [RES.match(l) for l in di[1:blank]] if blank > 0 else []
mem = [RES.match(l) for l in di[blank + 2:]] if blank > 0 else []
check(di[:1] == ["    RESOURCE        RANGE    NAME"] and blank > 0 and
      di[blank + 1] == "    RESOURCE            RANGE        NAME" and io and all(io) and mem and all(mem),
      "dev -i: the I/O port and memory trees in crash's columns (%d, %d resources)" % (len(io), len(mem)),
      str(di[:2]))
if io and all(io) and mem and all(mem):
    check(io[0].group(3) == "PCI IO" and mem[0].group(3) == "PCI mem",
          "dev -i: the roots are ioport_resource (PCI IO) and iomem_resource (PCI mem)")
    check(any(r.group(3) == "System RAM" for r in mem) and any(r.group(3) == "Kernel code" for r in mem),
          "dev -i: I/O memory holds System RAM and Kernel code")
    code = [r for r in mem if r.group(3) == "Kernel code"]
    ram = [r for r in mem if r.group(3) == "System RAM"]
    check(code and any(int(r.group(1), 16) <= int(code[0].group(1), 16) <= int(code[0].group(2), 16)
                       <= int(r.group(2), 16) for r in ram),
          "dev -i: Kernel code lies inside a System RAM range")
dp = o["dev -p"]
PCI = re.compile(r"^  [0-9a-f]{16} ([0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.\d)  ([0-9a-f]{4})  ([0-9a-f]{4}):([0-9a-f]{4})  (\w+) $")
devs = [PCI.match(l) for l in dp if re.match(r"^  [0-9a-f]", l)]
check(dp[:1] == ["    ROOT BUS     BUSNAME"] and devs and all(devs),
      "dev -p: a root bus and %d devices in crash's columns" % len(devs), str(dp[:4]))
host = ("1b36", "0008") if arm64 else ("8086", "1237")
check(any(d and (d.group(3), d.group(4)) == host and d.group(2) == "0600" for d in devs),
      "dev -p: QEMU's host bridge %s:%s, class 0600" % host)
dd = o["dev -d"]
DISK = re.compile(r"^ *(\d+) [0-9a-f]{16}   (\S+) +[0-9a-f]{16} +(\d+|\?) +(\d+|\?) +(\d+|\?) $")
disks = [DISK.match(l) for l in dd[1:]]
check(dd[:1] == ["MAJOR GENDISK            NAME       REQUEST_QUEUE      TOTAL  READ WRITE "] and
      disks and all(disks), "dev -d: %d disks in crash's columns" % len(disks), str(dd[:3]))
zram = [d for d in disks if d and d.group(2) == "zram0"]
check(not any(s["filename"] == "/dev/zram0" for s in T.get("swaps", [])) or
      (zram and zram[0].group(1) == "254"), "dev -d: zram0 (the swap device of the truth), major 254")
busy = [l for l, d in zip(dd[1:], disks) if d and d.group(3) != "0"]
check(o["dev -D"] == dd[:1] + busy, "dev -D: dev -d without its idle disks (%d left)" % len(busy))
check(o["dev -V"] == ["dev: no device dumps found in this dumpfile"], "dev -V: no device dumps, one line",
      str(o["dev -V"]))
check(len(o["dev -i -p"]) == 1, "dev -i -p: one line", str(o["dev -i -p"]))

# ---- net ----
na = o["net -a"]
check(na == ["The ARP cache is empty."] or (na and na[0].startswith("NEIGHBOUR") and
      all(re.match(r"^[0-9a-f]{16}    \d+\.\d+\.\d+\.\d+ ", l) for l in na[1:])),
      "net -a: the ARP cache or one line saying it is empty", str(na[:2]))
if files_pid:
    ns = o["net -S %s" % files_pid]
    rows = [l for l in ns if re.match(r"^ ?\d+  [0-9a-f]{16}  [0-9a-f]{16}$", l)]
    check(ns[1:2] == ["FD      SOCKET            SOCK"] and rows and
          sum(l == "struct socket {" for l in ns) == len(rows) and
          sum(l == "struct sock {" for l in ns) == len(rows),
          "net -S: %d sockets of the files task, each with struct socket and struct sock" % len(rows))
    nr_ = o["net -s -R 15 %s" % files_pid]
    check(len(nr_) == 3 and re.match(r"^15  ", nr_[2]), "net -s -R 15: only fd 15", str(nr_))
check(len(o["net -R 1"]) == 1, "net -R without -s: one line", str(o["net -R 1"]))

# ---- runq ----
ps = o["ps"]
active = {}
for l in ps:
    m = re.match(r"^>\s*(\d+)\s+\d+\s+(\d+)\s+([0-9a-f]+)", l)
    if m:
        active[int(m.group(2))] = (int(m.group(1)), m.group(3))
rt = o["runq -t"]
ncpu = T.get("ncpus", 0)
clocks = {}
for i in range(0, len(rt) - 1, 2):
    a = re.match(r"^ CPU (\d+): (\d+)$", rt[i])
    b = re.match(r"^ +(\d+)  PID: (\d+) +TASK: ([0-9a-f]+)  COMMAND: ", rt[i + 1])
    if a and b:
        clocks[int(a.group(1))] = (int(a.group(2)), int(b.group(1)), int(b.group(2)), b.group(3))
check(len(clocks) == ncpu and len(rt) == 2 * ncpu, "runq -t: a clock and the running task for each of %d CPUs" % ncpu,
      str(rt[:2]))
check(all(active.get(c, (None, None))[1] == v[3] for c, v in clocks.items()),
      "runq -t: each CPU's task is the one ps marks active there")
check(all(v[1] <= v[0] for v in clocks.values()), "runq -t: no task arrived after its CPU's clock")
rm = o["runq -m"]
check(len(rm) == ncpu and all(re.match(r"^ CPU \d+: \[\d+ \d\d:\d\d:\d\d\.\d{3}\]  PID: ", l) for l in rm),
      "runq -m: one [days hh:mm:ss.msec] line per CPU", str(rm[:1]))
for l in rm:
    m = re.match(r"^ CPU (\d+): \[(\d+) (\d\d):(\d\d):(\d\d)\.(\d{3})\]", l)
    if m and int(m.group(1)) in clocks:
        c = clocks[int(m.group(1))]
        ms = ((int(m.group(2)) * 24 + int(m.group(3))) * 60 + int(m.group(4))) * 60000 + \
            int(m.group(5)) * 1000 + int(m.group(6))
        check(ms == (c[0] - c[1]) // 1000000, "runq -m: CPU %s ran its task for clock - arrival of runq -t" % m.group(1))
rT = o["runq -T"]
lag = [re.match(r"^  CPU (\d+): (\d+)\.(\d\d) secs$", l) for l in rT]
check(len(lag) == ncpu and all(lag) and lag[0].group(2, 3) == ("0", "00"),
      "runq -T: one lag per CPU, the latest first with 0.00", str(rT))
rg = o["runq -g"]
check(sum(1 for l in rg if re.match(r"^CPU \d+$", l)) == ncpu and
      sum(1 for l in rg if re.match(r"^  ROOT_TASK_GROUP: [0-9a-f]{16}  CFS_RQ: [0-9a-f]{16}$", l)) == ncpu,
      "runq -g: each CPU with the root group's CFS queue")
cur = [l for l in rg if l.endswith("[CURRENT]")]
check(all(re.search(r"TASK: ([0-9a-f]+)", l).group(1) in [v[1] for v in active.values()] for l in cur),
      "runq -g: the [CURRENT] tasks are active ones (%d)" % len(cur))
rd_ = o["runq -d"]
check(sum(1 for l in rd_ if re.match(r"^CPU \d+$", l)) == ncpu and
      all(any(v[1] in l for l in rd_) for v in active.values()),
      "runq -d: each CPU, the running tasks among the on_rq ones")
check(len(o["runq -t -m"]) == 1, "runq -t -m: one line", str(o["runq -t -m"]))

# ---- mod ----
mt = o["mod -t"]
kind = T.get("kind")
if kind:
    check(mt[:1] == ["NAME      TAINTS"] and any(re.match(r"^crashmod +\S*O", l) for l in mt),
          "mod -t: crashmod with its out-of-tree taint (O)", str(mt))
else:
    check(mt == ["no tainted modules"], "mod -t: no tainted module on a plain fixture", str(mt))
for c in ("mod -r", "mod -R", "mod -g"):
    check(o[c] == o["mod"], "`%s` alone: the module list, as mod" % c)
check(o["mod -o"] == [], "mod -o: nothing, as crash on a kernel without the old module list", str(o["mod -o"]))

# ---- Debian's crash: the same lines ----
if refcrash and not ref_opens(refcrash, ddir):
    skip("reference crash does not open this dump")
elif refcrash:
    RC = ["sys -c", "sys -i", "dev -i", "dev -p", "dev -V", "runq -t", "runq -T", "runq -m", "runq -g",
          "runq -d", "mod -t", "mod -r", "dev -d"]
    ref = C.session(RC + ["ps"], refcrash, 400)
    if not ref:
        skip("reference crash timed out")
    else:
        rr = dict(zip(RC + ["ps"], [strip_warnings(x) for x in ref]))
        # Debian's crash misses tasks of Debian's 6.1 kernels (its PID hash
        # walk): a run-queue row of a task its ps lacks is not compared
        # (which tasks were runnable at the panic is the truth, not crash's)
        known = set(int(m.group(1)) for m in (re.match(r"^>?\s*(\d+)\s", l) for l in rr["ps"]) if m)
        TASKROW = re.compile(r"PID: (\d+) ")

        def ref_knows(line):
            m = TASKROW.search(line)
            return not m or int(m.group(1)) in known
        for c in RC[1:-1]:
            a = [l for l in rr[c] if l.strip()] if c == "dev -V" else rr[c]
            b = o[c] if c != "mod -r" else o["mod"]
            if c in ("runq -g", "runq -d"):
                b = [l for l in b if ref_knows(l)]
            check(a == b, "`%s` prints the %d lines Debian's crash prints" % (c, len(a)),
                  "first difference at line %d" % next((i for i, (x, y) in enumerate(zip(a, b)) if x != y),
                                                        min(len(a), len(b))))
        # gdb names the files from the build directory ("../fs/read_write.c"),
        # and for a function's first address gdb can give the line of its
        # declaration where the line table (libdw, addr2line) has the next
        # one (__do_sys_ni_syscall: 342 against 343): numbers, names and
        # files must agree, lines on every row but those of at most three
        # functions, and there by at most two lines
        a = [l.replace(" ../", " ") for l in rr["sys -c"]]
        LN = re.compile(r"^(.*): (\d+)$")
        cut = [LN.sub(r"\1", l) for l in a]
        ours_cut = [LN.sub(r"\1", l) for l in o["sys -c"]]
        off = {}
        for x, y in zip(a, o["sys -c"]):
            mx, my = LN.match(x), LN.match(y)
            if x != y and mx and my:
                fn = ROW.match(x).group(2) if ROW.match(x) else x
                off[fn] = max(off.get(fn, 0), abs(int(mx.group(2)) - int(my.group(2))))
        check(cut == ours_cut and len(off) <= 3 and all(v <= 2 for v in off.values()),
              "sys -c: Debian's crash's %d rows (files without gdb's ../; lines of %s off by %s)" %
              (len(a), sorted(off) or "none", sorted(set(off.values())) or 0),
              "first difference at line %d" % next((i for i, (x, y) in enumerate(zip(cut, ours_cut)) if x != y), 0))
        # Debian's crash leaves out the blk-mq disks (loop)
        zr = [l for l in rr["dev -d"] if " zram0 " in l or l.startswith("MAJOR")]
        check(zr and all(l in o["dev -d"] for l in zr), "dev -d: Debian crash's header and zram0 row", str(zr))
