#!/usr/bin/env python3
"""gdb's commands on the fixture dumps against gdb itself on the fixture's
vmlinux: info symbol, info address, info line, info functions, info
variables, info types, list (on a generated source tree given with --src
and gdb's directory), and the one-line refusal of what is not built in.

gdb sees the vmlinux at its link-time addresses: its addresses are moved
by the KASLR offset of the dump (the difference of schedule's address in
the two) before they are compared.  gdb runs once per vmlinux (its symbol
reading takes a minute or two), and so does our session: on the first
dump of each vmlinux, since the answers are the vmlinux's.

Usage: gdbcmds_check.py CRASH DUMPDIR..."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checklib import Checker, gdb_program, split_marked  # noqa: E402

crash = sys.argv[1]
dirs = sys.argv[2:]

SIMPLE = [
    "info address schedule", "info address jiffies", "info address startup_64", "info address PIDTYPE_PID",
    "info address nosuch_symbol_xyz", "info address init_task", "info address irq_stat",
    "info symbol schedule", "info symbol schedule+4", "info symbol &jiffies", "info symbol &init_task.comm",
    "info symbol init_task", "info symbol &init_task.tasks", "info symbol panic",
    "info line schedule", "info line *schedule+7", "info line kernel/sched/core.c:6654",
    "info line kernel/sched/core.c:99999",
    "info line panic", "info line *panic+1",
    "info functions ^__schedule$", "info functions ^schedule_timeout", "info functions ^startup_",
    "info functions ^do_exit$", "info variables ^panic_on_oops$", "info variables ^jiffies",
    "info variables ^init_task$", "info variables ^nr_cpu_ids$",
]
TYPES = ["info types ^list_head$", "info types ^pid_t$", "info types ^task_struct$"]
LISTS = ["list schedule", "list", "list kernel/sched/core.c:100", "list kernel/sched/core.c:11998"]


def shift(lines, delta):
    """gdb's link-time kernel addresses moved by the KASLR offset."""
    def one(m):
        a = int(m.group(0), 16)
        if a >= 1 << 63:	# the kernel's half, where KASLR moves it
            return "0x%x" % (a + delta) if m.group(0).startswith("0x") else "%016x" % (a + delta)
        return m.group(0)
    return [re.sub(r"0x[0-9a-f]{16}\b|\b[0-9a-f]{16}\b", one, l) for l in lines]


NO_CODE = re.compile(r'^Line (\d+) of "(.*)" is at address 0x[0-9a-f]+ <(\w+)(\+\d+)?> but contains no code\.$')


def normalize(lines):
    return [re.sub(r"^(gdb|info|p|x|whatis|ptype|output): ", "", l) for l in lines]


def gdb_session(vmlinux, cmds, srcdir):
    args = [gdb_program(vmlinux), "-nx", "-batch", "-ex", "directory " + srcdir]
    for i, c in enumerate(cmds):
        args += ["-ex", c, "-ex", "echo @@%d@@\\n" % i]
    try:
        p = subprocess.run(args + [vmlinux], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                           timeout=1800, errors="replace")
    except (OSError, subprocess.TimeoutExpired):
        return None
    res = split_marked(p.stdout, len(cmds), "warning: ")
    return res


def type_entries(lines):
    """(text, line) of info types' entries, without the files they are
    listed under (gdb files some under the wrong compile unit)."""
    return sorted({(l.split(":\t", 1)[1] if ":\t" in l else l.strip(), l.split(":")[0] if ":\t" in l else "")
                   for l in lines if "\t" in l})


if not shutil.which("gdb"):
    print("skip - gdbcmds: gdb is not installed")
    sys.exit(0)

src = tempfile.mkdtemp(prefix="crash-src-")
try:
    os.makedirs(os.path.join(src, "kernel", "sched"))
    with open(os.path.join(src, "kernel", "sched", "core.c"), "w") as f:
        for i in range(1, 12001):
            f.write("/* kernel/sched/core.c line %d */\n" % i)
    gdb_cache = {}
    checked = set()
    for d in dirs:
        vmcore = os.path.join(d, "vmcore.elf")
        if not os.path.exists(vmcore):
            cands = [x for x in sorted(os.listdir(d)) if x.startswith("vmcore")]
            if not cands:
                print("skip - %s: no vmcore" % os.path.basename(d))
                continue
            vmcore = os.path.join(d, cands[0])
        vmlinux = os.path.realpath(os.path.join(d, "vmlinux"))
        # what gdb's commands answer is the vmlinux's (the dump only moves
        # it by KASLR): one dump of each vmlinux, for the time of a CI run
        if vmlinux in checked:
            continue
        checked.add(vmlinux)
        C = Checker(crash, d, vmcore)
        if not shutil.which(gdb_program(vmlinux)):
            C.skip("gdb's commands: %s is not installed" % gdb_program(vmlinux))
            continue
        cmds = SIMPLE + TYPES
        if vmlinux not in gdb_cache:
            gdb_cache[vmlinux] = gdb_session(vmlinux, cmds + LISTS, src)
        theirs = gdb_cache[vmlinux]
        if theirs is None:
            C.notok("gdb on the vmlinux timed out")
            continue
        ours = C.session(["gdb " + c for c in cmds] + ["gdb " + c for c in LISTS] +
                         ["gdb frobnicate", "gdb info frame", "gdb help"],
                         prog=None)
        # list needs the source tree: a session of its own with --src
        p = subprocess.run([crash, "-s", "--src", src, os.path.join(d, "vmlinux")] + C.dump_files(),
                           input="".join("gdb %s\necho @@%d@@\n" % (c, i) for i, c in enumerate(LISTS)),
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600,
                           errors="replace")
        lists, cur = [], []
        for line in p.stdout.splitlines():
            if re.match(r"^@@\d+@@$", line):
                lists.append(cur)
                cur = []
            else:
                cur.append(line)
        if ours is None:
            C.notok("session timed out")
            continue
        m1 = re.search(r"at address 0x([0-9a-f]+)", " ".join(ours[0]))
        m2 = re.search(r"at address 0x([0-9a-f]+)", " ".join(theirs[0]))
        if not m1 or not m2:
            C.notok("info address schedule gives an address", " / ".join(ours[0]) + " | " + " / ".join(theirs[0]))
            continue
        delta = int(m1.group(1), 16) - int(m2.group(1), 16)
        C.ok("KASLR offset %#x from info address schedule" % delta)
        for i, c in enumerate(SIMPLE):
            a, b = normalize(ours[i]), shift(theirs[i], delta)
            na, nb = [NO_CODE.match(x) for x in a], [NO_CODE.match(x) for x in b]
            if (a != b and len(a) == len(b) == 1 and na[0] and nb[0] and
                    na[0].group(1, 2, 3) == nb[0].group(1, 2, 3)):
                # a line with no code of its own whose statement rows
                # include its function's first address: gdb names a later
                # row of the same function, we the lowest (README)
                C.skip("gdb %s: the same line and function, another address of it (%s, gdb's %s)" %
                       (c, a[0].split(" address ")[1].split(" but")[0], b[0].split(" address ")[1].split(" but")[0]))
                continue
            C.check(a == b, "gdb %s prints what gdb prints" % c,
                    "\n# ".join(["", "ours:"] + a[:8] + ["gdb's:"] + b[:8]))
        for j, c in enumerate(TYPES):
            i = len(SIMPLE) + j
            a, b = normalize(ours[i]), theirs[i]
            C.check(a[:1] == b[:1] and type_entries(a) == type_entries(b),
                    "gdb %s lists the definitions gdb lists" % c,
                    "\n# ".join(["", "ours:"] + a[:8] + ["gdb's:"] + b[:8]))
        base = len(cmds)
        for j, c in enumerate(LISTS):
            a = lists[j] if j < len(lists) else []
            b = theirs[base + j]
            C.check(normalize(a) == b, "gdb %s with --src lists what gdb lists" % c,
                    "\n# ".join(["", "ours:"] + a[:4] + ["gdb's:"] + b[:4]))
        o = ours[len(cmds) + len(LISTS):]
        no_src = ours[len(cmds)]
        C.check(len(no_src) == 1 and "--src" in no_src[0], "list without --src says so in one line",
                " / ".join(no_src))
        C.check(len(o[0]) == 1 and "not available" in o[0][0], "gdb frobnicate: one line, not available",
                " / ".join(o[0]))
        C.check(len(o[1]) == 1 and "not available" in o[1][0], "gdb info frame: one line, not available",
                " / ".join(o[1]))
        C.check(len(o[2]) >= 1 and "print" in " ".join(o[2]), "gdb help lists the gdb commands", " / ".join(o[2]))
finally:
    shutil.rmtree(src, ignore_errors=True)
