#!/usr/bin/env python3
"""The expression language (p, print, output, whatis, ptype, eval, gdb p,
struct/rd/x with symbols, expressions and cpuspecs, the struct and symbol
fall-through) on the fixture dumps:
  - static data against gdb itself on the fixture's vmlinux (gdb -batch):
    constants, literals and their types, enums, sizeof, casts, print/FMT,
    whatis and ptype of types and expressions, gdb's error messages;
  - values in the dump against Debian's crash where it opens the dump;
  - values against truth.json and against what other commands say
    (registers against bt, per-cpu copies against the CPU count).

Usage: expr_check.py CRASH REFCRASH|'' DUMPDIR..."""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checklib import Checker, gdb_program, is_arm64, ref_opens, split_marked  # noqa: E402

crash, refcrash = sys.argv[1], sys.argv[2]
dirs = sys.argv[3:]

# gdb's print settings are the comparison's: crash's own differ (pretty on,
# no repeats, 256 elements)
GDB_SETTINGS = ["gdb set print pretty off", "gdb set print repeats 10", "gdb set print elements 200"]

# (our command, gdb's command): our "gdb p" is gdb's print without crash's
# "symbol = " prefix
STATIC = [
    "p 4294967296", "p 12345678", "p 4294896029 - 4294896000", "p 1 ? 2 : 3", "p ~0UL", "p ~0",
    "p sizeof(struct task_struct)", "p sizeof(init_task)", "p sizeof(struct list_head) * 3",
    "p/c 65", "p/t 10", "p/o 8", "p/x -1", "p/d 0xff", "p/z 5", "p/u -1", "p/x -1L", "p/c 300",
    "p/x 1.5", "p/f 3", "p 10.0/4", "p 1.0/3", "p 100.0/3", "p 1e20", "p 'A'", "p '\\n'", "p '\\0'",
    "p \"abc\"", "p sizeof(\"abc\")", "p \"abc\"[1]", "p (char)65", "p (unsigned char)300",
    "p (short)-1", "p (signed char)200", "p -5/2", "p -5%2", "p 077", "p 0b101", "p 0x7fffffff",
    "p 1==1", "p !5", "p 3 & 5 ^ 1", "p 1 << 2 + 1", "p 7 - 2 - 1", "p 1 ? 2 : 0 ? 3 : 4",
    "p (1, 2)", "p 2147483648", "p 18446744073709551615", "p 9223372036854775808",
    "p PIDTYPE_PGID", "p PIDTYPE_MAX", "p (enum pid_type)1", "p/d PIDTYPE_TGID", "p PIDTYPE_SID + 1",
    "p sizeof(enum pid_type)", "p (long)sizeof(struct page) * 4", "p _Alignof(struct task_struct)",
    "p sizeof(int[10])", "p sizeof(char *)", "p sizeof(long double)", "p $nonexistent",
    "p init_uts_ns.name.sysname", "p sizeof(init_uts_ns.name)", "p init_uts_ns.name.sysname[0]",
    "p init_uts_ns.name.sysname[0]@3", "p/x init_uts_ns.name.sysname", "p/d init_uts_ns.name.sysname",
    "p/c init_uts_ns.name.sysname[1]", "p linux_banner", "p 'panic.c'::panic_on_oops",
    "p $x = 5", "p $x * 2", "p $x++", "p $x", "p $", "p $$2", "p $1",
    "whatis jiffies", "whatis init_task", "whatis &init_task.comm", "whatis init_task.tasks.next",
    "whatis schedule", "whatis &schedule", "whatis pid_t", "whatis struct list_head", "whatis 1+1",
    "whatis 1.0f+1", "whatis jiffies + 1", "whatis init_task.se", "whatis (char)1",
    "whatis sizeof(int)", "whatis irq_stat", "whatis runqueues", "whatis 4294967295", "whatis 1ul",
    "whatis 0xffffffff", "whatis PIDTYPE_PID", "whatis init_task.pid == 0",
    "whatis (struct task_struct *)0", "whatis ((struct task_struct *)0)->se.load",
    "whatis &((struct task_struct *)0)->comm", "whatis *init_task.sched_class",
    "ptype struct list_head", "ptype pid_t", "ptype jiffies", "ptype init_task.tasks.next",
    "ptype struct rb_node", "ptype enum pid_type", "ptype schedule", "ptype struct hlist_node",
    "ptype atomic_t", "ptype init_task.sched_class", "ptype struct callback_head", "ptype 1+1",
    "ptype struct kref", "ptype irq_stat", "ptype u64",
    "p nosuch_symbol_xyz", "p 1 +", "p init_task.nosuch", "p 1/0", "p sizeof(struct nosuch_xyz)",
    "p jiffies.x", "p init_task[0]", "p &1", "p 08", "p 99999999999999999999", "p 'ab'",
    "p $99", "p (struct nosuch_xyz *)0", "p schedule(1)", "ptype struct nosuch_xyz",
]


def gdb_form(c):
    """The command our gdb command runs for c, and gdb's own."""
    return "gdb " + c, c


def normalize(lines):
    out = []
    for l in lines:
        l = re.sub(r"\$\d+ = ", "$N = ", l)
        # our errors name the command that failed ("p: ..."), gdb's do not
        l = re.sub(r"^(gdb|p|print|whatis|ptype|output|x|info): ", "", l)
        out.append(l)
    return out


_gdb_cache = {}


def gdb_outputs(vmlinux, cmds):
    """gdb -batch on vmlinux, the output of each command (split at echo
    markers)."""
    key = (os.path.realpath(vmlinux), tuple(cmds))
    if key in _gdb_cache:
        return _gdb_cache[key]
    args = [gdb_program(vmlinux), "-nx", "-batch"]
    for i, c in enumerate(cmds):
        args += ["-ex", c, "-ex", "echo @@%d@@\\n" % i]
    try:
        p = subprocess.run(args + [vmlinux], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, timeout=900, errors="replace")
    except (OSError, subprocess.TimeoutExpired):
        _gdb_cache[key] = None
        return None
    res = split_marked(p.stdout, len(cmds), "warning: ")
    _gdb_cache[key] = res
    return res


def first_frame(lines):
    for l in lines:
        m = re.match(r"^ #0 \[[0-9a-f]+\] (\S+) at ([0-9a-f]+)", l)
        if m:
            return m.group(1), int(m.group(2), 16)
    return None, None


def have(prog):
    return subprocess.run(["sh", "-c", "command -v " + prog], stdout=subprocess.DEVNULL).returncode == 0


# The registers the checks name, as gdb names them on each architecture:
# the stack pointer, a general register, the pc, the flags register, what
# info registers lists and one gdb knows but no dump note saves.
REGS = {
    False: {"sp": "rsp", "gen": "rax", "pc": "rip", "flags": "eflags", "unsaved": "ds",
            "list": ["rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp", "r8", "r9", "r10", "r11",
                     "r12", "r13", "r14", "r15", "rip", "eflags", "cs", "ss", "ds", "es", "fs", "gs"]},
    True: {"sp": "sp", "gen": "x0", "pc": "pc", "flags": "cpsr", "unsaved": "fpsr",
           "list": ["x%d" % i for i in range(31)] + ["sp", "pc", "cpsr", "fpsr", "fpcr"]},
}

for d in dirs:
    vmcore = os.path.join(d, "vmcore.elf")
    if not os.path.exists(vmcore):
        cands = [f for f in sorted(os.listdir(d)) if f.startswith("vmcore")]
        if not cands:
            print("skip - %s: no vmcore" % os.path.basename(d))
            continue
        vmcore = os.path.join(d, cands[0])
    C = Checker(crash, d, vmcore)
    truth = C.truth
    vmlinux = os.path.join(d, "vmlinux")
    R = REGS[is_arm64(vmlinux)]

    # ---- static data: ours against gdb on the vmlinux ----
    if not have(gdb_program(vmlinux)):
        C.skip("%s is not installed: no comparison of static data with gdb" % gdb_program(vmlinux))
    else:
        ours_cmds = GDB_SETTINGS + [gdb_form(c)[0] for c in STATIC]
        ours = C.session(ours_cmds)
        theirs = gdb_outputs(vmlinux, [gdb_form(c)[1] for c in STATIC])
        if ours is None or theirs is None:
            C.notok("static expressions: a session timed out")
        else:
            ours = ours[len(GDB_SETTINGS):]
            bad = []
            for c, a, b in zip(STATIC, ours, theirs):
                if normalize(a) != normalize(b):
                    bad.append("%s:\n#   ours:   %s\n#   gdb's:  %s" % (c, " / ".join(a[:4]),
                                                                       " / ".join(b[:4])))
            C.check(not bad, "%d static expressions print what gdb prints (p, p/FMT, whatis, "
                    "ptype, errors)" % len(STATIC), "\n# ".join([""] + bad[:8]))

    # ---- what C leaves undefined is an error, not gdb's warning and 0 ----
    errs = {"p 1<<64": r"left shift count >= width of type",
            "p 1 << -1": r"left shift count is negative",
            "p 2147483647 + 1": r"Integer overflow in `\+'",
            "p (-9223372036854775807-1)/-1": r"Integer overflow in `/'",
            "p (-9223372036854775807-1)%-1": r"Integer overflow in `%'",
            "p 1000000 * 1000000": r"Integer overflow in `\*'",
            "p 5 % 0": r"Division by zero"}
    r = C.session(list(errs))
    for (c, want), o in zip(errs.items(), r or [[]] * len(errs)):
        C.check(len(o) == 1 and re.match(r"^p: " + want, o[0]) is not None,
                "`%s` is one error line, not a silent value" % c, " / ".join(o))

    # ---- values against truth and against the other commands ----
    tasks = {t["pid"]: t for t in truth["tasks"]}
    main = truth.get("workload", {}).get("main")
    cmds = ["ps 1 %d" % main if main else "ps 1", "p nr_cpu_ids", "p init_uts_ns.name.release",
            "p init_task.pid", "p init_task.comm", "p __cpu_present_mask.bits[0]",
            "p irq_stat:a", "struct rq.cpu runqueues:a", "rd -d nr_cpu_ids 1",
            "p sizeof(init_uts_ns.name.release)", "bt", "p $pc", "p $sp", "p/x $" + R["sp"],
            "p 4294967296", "p 12345678", "p 4294896029 - 4294896000", "eval 4294967296",
            "eval 12345678", "jiffies", "p jiffies", "rd -d jiffies 1", "struct task_struct.pid init_task",
            "task_struct.pid init_task", "p irq_stat:0,1", "p nr_cpu_ids:1", "info registers",
            "info registers %s %s" % (R["pc"], R["flags"]), "p/x $" + R["gen"], "p $" + R["flags"]]
    r = C.session(cmds)
    if r is None:
        C.notok("value session timed out")
        continue
    out = dict(zip(cmds, r))
    ncpus = truth["ncpus"]
    C.check(re.match(r"^nr_cpu_ids = \$\d+ = %d$" % ncpus, " ".join(out["p nr_cpu_ids"])) is not None,
            "p nr_cpu_ids is the CPU count", " / ".join(out["p nr_cpu_ids"]))
    C.check(any('"%s' % truth["release"] in l for l in out["p init_uts_ns.name.release"]),
            "p init_uts_ns.name.release is the release", " / ".join(out["p init_uts_ns.name.release"]))
    C.check(re.match(r"^\$\d+ = 0$", " ".join(out["p init_task.pid"])) is not None, "p init_task.pid")
    C.check(re.match(r'^\$\d+ = "swapper/0(\\000)*"$', " ".join(out["p init_task.comm"])) is not None,
            "p init_task.comm")
    m = re.match(r"^\$\d+ = (\d+)$", " ".join(out["p __cpu_present_mask.bits[0]"]))
    C.check(m is not None and int(m.group(1)) == (1 << ncpus) - 1,
            # not the online mask: panic's smp_send_stop takes the
            # other CPUs offline before the dump, the present ones stay
            "the present mask has the truth's CPUs", " / ".join(out["p __cpu_present_mask.bits[0]"]))
    heads = [l for l in out["p irq_stat:a"] if l.startswith("per_cpu(irq_stat, ")]
    C.check(heads == ["per_cpu(irq_stat, %d) = $%s = {" % (c, h.split("$")[1].split(" ")[0])
                      for c, h in zip(range(ncpus), heads)] and len(heads) == ncpus,
            "p irq_stat:a: one copy per CPU", " / ".join(heads))
    rq = out["struct rq.cpu runqueues:a"]
    want = []
    for c in range(ncpus):
        want += [None, "  cpu = %d," % c]
    C.check(len(rq) == 2 * ncpus and all(w is None or w == l for w, l in zip(want, rq)) and
            all(re.match(r"^\[%d\]: [0-9a-f]+$" % c, rq[2 * c]) for c in range(ncpus)),
            "struct rq.cpu runqueues:a: each CPU's run queue says its CPU", " / ".join(rq))
    C.check(out["p sizeof(init_uts_ns.name.release)"][-1:] and
            out["p sizeof(init_uts_ns.name.release)"][-1].endswith("= 65"), "sizeof of a member")
    fn, addr = first_frame(out["bt"])
    if fn == "machine_kexec":
        # a kdump panic task: bt starts at machine_kexec, found on the
        # stack as crash does; the saved registers are __crash_kexec's
        # (its frame #1)
        fr = [re.match(r"^ #1 \[[0-9a-f]+\] (\S+) at ([0-9a-f]+)", l) for l in out["bt"]]
        fr = [x for x in fr if x]
        if fr:
            fn, addr = fr[0].group(1), None	# the function only: another place in it
    m = re.match(r"^\$\d+ = \(void \(\*\)\(\)\) 0x([0-9a-f]+) <(\S+?)(\+\d+)?>$", " ".join(out["p $pc"]))
    C.check(m is not None and fn is not None and (addr is None or int(m.group(1), 16) == addr) and
            m.group(2) == fn,
            "p $pc of the panic task is where bt starts (%s)" % fn, " / ".join(out["p $pc"]))
    C.check(re.match(r"^\$\d+ = \(void \*\) 0x[0-9a-f]+$", " ".join(out["p $sp"])) is not None, "p $sp")
    C.check(re.match(r"^\$\d+ = 0x[0-9a-f]+$", " ".join(out["p/x $" + R["sp"]])) is not None, "p/x $" + R["sp"])
    for c, v in (("p 4294967296", "4294967296"), ("p 12345678", "12345678"),
                 ("p 4294896029 - 4294896000", "29")):
        C.check(re.match(r"^\$\d+ = %s$" % v, " ".join(out[c])) is not None,
                "`%s` reads the number in decimal" % c, " / ".join(out[c]))
    C.check(out["eval 4294967296"][:2] == ["hexadecimal: 100000000  (4GB)", "    decimal: 4294967296  "],
            "eval 4294967296 is decimal", " / ".join(out["eval 4294967296"]))
    C.check(out["eval 12345678"][:2] == ["hexadecimal: bc614e  ", "    decimal: 12345678  "],
            "eval 12345678 is decimal", " / ".join(out["eval 12345678"]))
    jv = re.match(r"^jiffies = \$\d+ = (\d+)$", " ".join(out["p jiffies"]))
    C.check(jv is not None and re.match(r"^jiffies = \$\d+ = %s$" % jv.group(1), " ".join(out["jiffies"]))
            is not None, "a symbol alone runs p", " / ".join(out["jiffies"]))
    C.check(jv is not None and out["rd -d jiffies 1"] and out["rd -d jiffies 1"][0].split()[-1] == jv.group(1),
            "rd takes a symbol", " / ".join(out["rd -d jiffies 1"]))
    C.check(out["struct task_struct.pid init_task"] == ["  pid = 0,"] and
            out["task_struct.pid init_task"] == ["  pid = 0,"],
            "struct takes a symbol; a struct name alone runs struct",
            " / ".join(out["struct task_struct.pid init_task"] + out["task_struct.pid init_task"]))
    C.check(len([l for l in out["p irq_stat:0,1"] if l.startswith("per_cpu(")]) == min(2, ncpus),
            "a cpu list", " / ".join(out["p irq_stat:0,1"][:2]))
    C.check(out["p nr_cpu_ids:1"][:1] == ["WARNING: nr_cpu_ids is not percpu; cpuspec ignored."],
            "a cpuspec of a symbol that is not per-cpu: crash's warning", " / ".join(out["p nr_cpu_ids:1"]))

    # info registers: gdb's columns (name, hex from 15, natural from 35),
    # the values p prints, a register no note saves unavailable
    regs = out["info registers"]
    names = [l.split()[0] for l in regs if l.strip()]
    C.check(names == R["list"], "info registers lists gdb's registers in gdb's order", " ".join(names))
    C.check(all(len(l) > 15 and l[15] != " " and l[14] == " " for l in regs) and
            all(l[35:36] not in ("", " ") and l[34] == " " for l in regs if "<unavailable>" not in l),
            "info registers: gdb's columns", " / ".join(regs[:2]))
    byname = {l.split()[0]: l for l in regs if l.strip()}
    gen, pcn, fln = R["gen"], R["pc"], R["flags"]
    px = re.match(r"^\$\d+ = (0x[0-9a-f]+)$", " ".join(out["p/x $" + gen]))
    C.check(px is not None and byname.get(gen, "").split()[1:2] == [px.group(1)],
            "info registers %s is p/x $%s" % (gen, gen), byname.get(gen, "") + " / " + " ".join(out["p/x $" + gen]))
    fl = re.match(r"^\$\d+ = (\[ .*\])$", " ".join(out["p $" + fln]))
    C.check(fl is not None and byname.get(fln, "").endswith(fl.group(1)),
            "info registers %s: the flags by name, as p $%s" % (fln, fln), byname.get(fln, ""))
    C.check(m is not None and byname.get(pcn, "").endswith("<%s%s>" % (m.group(2), m.group(3) or "")) and
            [l.split()[0] for l in out["info registers %s %s" % (pcn, fln)]] == [pcn, fln],
            "info registers %s: the pc with its symbol; named registers only" % pcn, byname.get(pcn, ""))
    C.check(byname.get(R["unsaved"], "").split()[1:] == ["<unavailable>"],
            "info registers: %s is <unavailable>" % R["unsaved"])

    # a sleeping task: its switch frame's pc is where bt starts
    ps = {}
    for l in out[cmds[0]]:
        f = l.lstrip(">").split()
        if len(f) >= 9 and f[0].isdigit():
            ps[int(f[0])] = f[3]
    if main and main in ps:
        r2 = C.session(["set %d" % main, "bt", "p $pc", "p $" + R["gen"], "p ((struct task_struct *)0x%s)->comm" % ps[main],
                        "p ((struct task_struct *)0x%s)->real_parent->pid" % ps[main],
                        "p/x ((struct task_struct *)0x%s)->pid" % ps[main],
                        "info registers %s %s" % (R["gen"], R["pc"]),
                        "output ((struct task_struct *)0x%s)->tgid" % ps[main]])
        if r2:
            fn, addr = first_frame(r2[1])
            m = re.match(r"^\$\d+ = \(void \(\*\)\(\)\) 0x([0-9a-f]+) <(\S+?)(\+\d+)?>$", " ".join(r2[2]))
            C.check(m is not None and addr is not None and int(m.group(1), 16) == addr,
                    "p $pc of a sleeping task (pid %d) is where bt starts" % main, " / ".join(r2[2]))
            C.check(len(r2[3]) == 1 and "not running" in r2[3][0],
                    "p $%s of a sleeping task says in one line it is not known" % R["gen"], " / ".join(r2[3]))
            t = tasks.get(main, {})
            C.check(any('"%s' % t.get("comm", "?")[:15] in l for l in r2[4]),
                    "a cast and -> reach the task's comm", " / ".join(r2[4]))
            C.check(re.match(r"^\$\d+ = %d$" % t.get("ppid", -1), " ".join(r2[5])) is not None,
                    "p ->real_parent->pid is the truth's ppid", " / ".join(r2[5]))
            C.check(re.match(r"^\$\d+ = 0x%x$" % main, " ".join(r2[6])) is not None, "p/x of a member")
            # no newline after output's value: the session's marker follows it
            C.check(len(r2[8]) == 1 and re.match(r"^%d(@@\d+@@)?$" % t.get("tgid", -1), r2[8][0]) is not None,
                    "output: the value alone", " / ".join(r2[8]))
            ir = r2[7]
            C.check(len(ir) == 2 and ir[0].split() == [R["gen"], "<unavailable>"] and m is not None and
                    ir[1].split()[1:2] == ["0x" + m.group(1)],
                    "info registers of a sleeping task: the switch frame's pc, the rest <unavailable>",
                    " / ".join(ir))

    # ---- values in the dump: the lines Debian's crash prints ----
    if refcrash and ref_opens(refcrash, d):
        pid1 = ps.get(1, "0")
        rcmds = ["p jiffies", "p/x jiffies", "p -x jiffies", "p irq_stat:1", "p irq_stat:0",
                 "p irq_stat", "struct task_struct.pid init_task", "struct task_struct.pid,comm init_task",
                 "struct irq_cpustat_t irq_stat:1", "struct irq_cpustat_t.__nmi_count irq_stat:a",
                 "struct rq.cpu runqueues:a", "struct rq.cpu,nr_running runqueues:a",
                 "irq_cpustat_t irq_stat:1", "task_struct.pid,tgid %s" % pid1, "jiffies",
                 "x/4xg &jiffies", "x/2dw &init_task.pid", "x/s linux_banner", "x/8cb linux_banner",
                 "x/2a &init_task.tasks", "x/3ub &init_task.comm", "x/2tb &init_task.comm",
                 "gdb p jiffies", "gdb x/2xg &jiffies", "gdb whatis jiffies", "gdb ptype pid_t",
                 "whatis 1+1", "whatis &jiffies", "whatis init_task.comm", "whatis jiffies",
                 "ptype struct list_head", "p sizeof(init_task)", "p &init_task.comm", "p *init_task.sched_class",
                 "p init_task.se.load", "p init_uts_ns", "p &linux_banner", "p/x init_task.comm",
                 "p/c init_task.comm", "p/d init_task.comm", "p init_task.comm[0]@4", "p/x init_task.comm[0]@4",
                 "p schedule", "p &schedule", "p *schedule", "p/a init_task.sched_class", "p (long)&init_task",
                 "p/x (long)&init_task", "p init_task.sched_class", "p panic_notifier_list", "p init_task.stack",
                 "p &linux_banner[0]", "p (char *)&init_task.comm", "p 'panic.c'::panic_on_oops",
                 "p 4294967296", "p 12345678", "p 1 ? 2 : 3", "p ~0UL", "p sizeof(init_task)", "p/c 65",
                 "p/t 10", "p/o 8", "p/x -1", "p 10.0/4", "p 'A'", "p (char)65", "p init_task.pid == 0",
                 "eval 4294967296", "eval 0x100 + 20", "eval -b 5", "eval 128m", "eval ffff8d6b01208000",
                 "eval jiffies", "eval 1536", "eval -1", "eval 3g", "eval 41dc065",
                 "gdb info symbol &jiffies", "gdb info symbol schedule+4", "gdb info address jiffies",
                 "gdb info address schedule", "gdb info address startup_64", "gdb info line schedule",
                 "gdb whatis 1", "p -x irq_stat:0", "p init_task.thread", "p init_task.rt",
                 "p $nonexistent", "p PIDTYPE_PGID", "p (enum pid_type)1", "set radix 16", "p init_task.comm",
                 "p init_task.prio", "p (char)65", "p init_task.se.load", "set radix 10"]
        ref = C.session(rcmds, prog=refcrash, timeout=300)
        ours = C.session(rcmds)
        if not ref or not ours:
            C.notok("Debian crash comparison: a session timed out")
        else:
            bad = []
            for c, a, b in zip(rcmds, ref, ours):
                a = [re.sub(r"\$\d+ = ", "$N = ", l) for l in a if not l.startswith("WARNING: active task")
                     and l.strip()]
                b = [re.sub(r"\$\d+ = ", "$N = ", l) for l in b if l.strip()]
                if a != b:
                    bad.append("%s:\n#   ours:   %s\n#   theirs: %s" % (c, " / ".join(b[:5]), " / ".join(a[:5])))
            C.check(not bad, "%d commands print the lines Debian's crash prints" % len(rcmds),
                    "\n# ".join([""] + bad[:10]))
