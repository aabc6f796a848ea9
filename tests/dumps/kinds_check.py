#!/usr/bin/env python3
"""One crash-kind fixture dump against the serial console's oops text in
truth.json (panic_console): sys's PANIC line is the first line the console
printed for the crash, KERNEL says [TAINTED], sys -t and mod -t name the
letters the console's "Tainted:" and "Modules linked in:" show; the panic
task's bt has every frame of the kernel's own trace (not its "?" guesses),
in order, down to the syscall or kthread entry; nothing says "stack scan"
(these kernels have ORC); on the kdump route the panic task starts at
machine_kexec and the NMI-stopped CPU shows its NMI frames; on the hung
task dump both blocked tasks show their mutex_lock / msleep paths.

Where Debian's crash opens the dump, mod -t, the TAINTED_MASK line and
the KERNEL line are compared with its output.  (It prints the "Oops:"
header as the PANIC of an oops; this crash the report's first line, which
the console shows first: not compared.)

Usage: kinds_check.py CRASH DUMPDIR VMCORE [REFCRASH]"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checklib import Checker, by_task, strip_warnings  # noqa: E402

crash, ddir, vmcore = sys.argv[1:4]
refcrash = sys.argv[4] if len(sys.argv) > 4 else ""
C = Checker(crash, ddir, vmcore)
truth = C.truth
check, notok = C.check, C.notok
kind = truth.get("kind")
if not kind or kind == "sysrq":
    C.skip("not a crash-kind dump")
    sys.exit(0)
kdump = any(l.strip() == "route kdump" for l in open(os.path.join(ddir, "MANIFEST")))
console = [re.sub(r"^\[ *\d+\.\d+\] ", "", l) for l in truth.get("panic_console", [])]
FRAME = re.compile(r"^ *(?:#\d+ )?\[[0-9a-f]+\] (\S+) at [0-9a-f]+")


def trace_after(i):
    """The functions of the Call Trace that follows console line i, with
    the kernel-mode RIP lines of exception frames in it; "?" guesses are
    left out.  (pid, [functions])."""
    pid, fns, intrace = None, [], False
    for l in console[i:]:
        m = re.match(r"^CPU: \d+ PID: (\d+) ", l)
        if m and pid is None:
            pid = int(m.group(1))
        if l.startswith("Call Trace:"):
            intrace = True
            continue
        if not intrace:
            continue
        s = l.strip()
        if s == "</TASK>" or s.startswith("Kernel panic"):
            break
        m = re.match(r"^RIP: 0010:([\w.]+)\+0x", s)
        if m:
            fns.append(m.group(1))
            continue
        m = re.match(r"^([\w.]+)\+0x[0-9a-f]+/0x[0-9a-f]+", s)
        if m:
            fns.append(m.group(1))
    return pid, fns


# the report that belongs to the panic task: the panic's own dump_stack when
# it printed one (watchdogs, WARN), else the oops report with its RIP line
pi = next((i for i, l in enumerate(console) if l.startswith("Kernel panic - not syncing")), None)
pid, want = trace_after(pi) if pi is not None else (None, [])
if want and "panic" in want:
    want = want[want.index("panic"):]
else:
    pid, want = trace_after(0)
    rip = next((re.match(r"^RIP: 0010:([\w.]+)\+", l) for l in console
                if l.startswith("RIP: 0010:")), None)
    if rip:
        want.insert(0, rip.group(1))
while want and pi is not None and want[-1] in ("dump_stack_lvl",):
    want.pop()

cmds = ["sys", "sys -t", "mod -t", "bt %d" % pid if pid is not None else "bt", "bt -a"]
hung = truth.get("kind_pids", {}) if kind == "hungtask" else {}
cmds += ["foreach UN bt"] if hung else []
# the other bt options, on the panic task (not in the "stack scan" check:
# -o prints scanned frames by design)
crashing = next((f for f in want if f.startswith("crashmod_") and f != "crashmod_write"), None)
ptask = str(pid) if pid is not None else ""
extra = ["bt -v", "bt -FF " + ptask, "bt -R %s %s" % (crashing or "panic", ptask),
         "bt -R nosuchsym " + ptask, "bt -R schedule_tail " + ptask, "bt -o " + ptask, "bt -g " + ptask, "bt -n nosuch",
         "bt -I zz " + ptask, "bt -E"]
res = C.session(cmds + extra)
if res is None:
    notok("crash timed out")
    sys.exit(0)
out = dict(zip(cmds + extra, res))

# ---- sys
first = console[0].strip() if console else ""
panic = [l for l in out["sys"] if l.startswith("       PANIC: ")]
got = panic[0][len("       PANIC: "):] if panic else ""
check(got in ('"%s"' % first, '"%s" (check log for details)' % first),
      "sys: PANIC is the console's first line for the %s" % kind,
      "%s, console: %r" % (got or "no PANIC line", first))
kern = [l for l in out["sys"] if l.startswith("      KERNEL: ")]
check(kern and kern[0].endswith("  [TAINTED]"), "sys: KERNEL line says [TAINTED]",
      kern[0] if kern else "no KERNEL line")

# ---- sys -t: the letters of the console's last "Tainted:" field, named
tl = [l for l in console if "Tainted: " in l]
letters = set(re.sub(r"[ G]", "", tl[-1].split("Tainted: ", 1)[1][:20])) if tl else set()
t = out["sys -t"]
m = re.match(r"^TAINTED_MASK: ([0-9a-f]+)  ([A-Z]+)$", t[0]) if t else None
check(m and letters <= set(m.group(2)), "sys -t: TAINTED_MASK has the console's letters %s"
      % "".join(sorted(letters)), repr(t[:1]))
named = {l.split()[0] for l in t[1:] if re.match(r"^  [A-Z]  TAINT_[A-Z_]+  ", l)}
check(m and named == set(m.group(2)), "sys -t: each letter named on its own line", repr(t[1:4]))

# ---- mod -t: crashmod with the letters "Modules linked in" shows
ml = next((l for l in console if l.startswith("Modules linked in:")), "")
mm = re.search(r"crashmod\(([A-Z]+)\)", ml)
mt = out["mod -t"]
row = [l.split() for l in mt[1:] if l.split()[:1] == ["crashmod"]]
# (the hung task report prints no module list: the console's letters then)
good = row and len(row[0]) > 1 and (row[0][1] == mm.group(1) if mm else
                                     set(row[0][1]) <= letters)
check(mt[:1] and mt[0].split() == ["NAME", "TAINTS"] and good,
      "mod -t: crashmod is %s" % (mm.group(1) if mm else "of %s" % "".join(sorted(letters))),
      repr(mt[:3]))

# ---- the panic task's bt
b = out[cmds[3]]
frames = [FRAME.match(l).group(1) for l in b if FRAME.match(l)]
k = 0
for f in frames:
    if k < len(want) and f == want[k]:
        k += 1
check(want and k == len(want), "bt %s: every frame of the console's trace, in order (%d)"
      % (pid, len(want)), "missing %s after %s" % (want[k:k + 1], want[:k][-3:]))
mod = next((f for f in want if f.startswith("crashmod_") and f not in ("crashmod_write",)), None)
if mod:  # (a hung task panics in khungtaskd: the module is in the blocked tasks)
    check(mod in frames,       "bt %s: reaches the crashing function %s" % (pid, mod), repr(frames[:8]))
check(frames and frames[-1] in ("entry_SYSCALL_64_after_hwframe", "ret_from_fork"),
      "bt %s: ends at the syscall or kthread entry" % pid, repr(frames[-2:]))
# The one function of these paths without ORC data: the kernel marks
# __crash_kexec STACK_FRAME_NON_STANDARD, so objtool emits none for it and
# its caller can only be found by a stack scan (and must say so).
scan = [l for c in cmds for i, l in enumerate(out[c]) if "stack scan" in l and
        not (i and re.search(r"\] __crash_kexec at ", out[c][i - 1]))]
check(not scan, "no frame says \"stack scan\" where ORC data exists", repr(scan[:2]))
noorc = [(l, out[c][i + 1]) for c in cmds for i, l in enumerate(out[c][:-1])
         if re.search(r"\] __crash_kexec at ", l)]
check(all("(stack scan)" in b for _, b in noorc),
      "the caller of __crash_kexec (no ORC data) is marked \"(stack scan)\"", repr(noorc[:1]))
bad = [l for l in b if l.startswith("bt: ")]
check(not bad, "bt %s: no error" % pid, repr(bad[:2]))

# ---- the kdump route: machine_kexec on top, the NMI-stopped CPU's frames
if kdump:
    check(frames[:2] == ["machine_kexec", "__crash_kexec"],
          "bt %s: a kdump panic task starts at machine_kexec, __crash_kexec" % pid, repr(frames[:3]))
    blocks = by_task("\n".join(out["bt -a"]))
    other = [v for kk, v in blocks.items() if kk != pid]
    nmi = [FRAME.match(l).group(1) for v in other for l in v if FRAME.match(l)]
    want_nmi = ["crash_nmi_callback", "exc_nmi", "asm_exc_nmi"]
    j = 0
    for f in nmi:
        if j < len(want_nmi) and f == want_nmi[j]:
            j += 1
    check(j == len(want_nmi), "bt -a: the NMI-stopped CPU shows %s" % " ... ".join(want_nmi),
          repr(nmi[:6]))

# ---- the hung task dump: both blocked tasks in their paths
if hung:
    blocks = by_task("\n".join(out["foreach UN bt"]))
    for role, path in (("hold", ["msleep", "crashmod_hold"]), ("wait", ["crashmod_wait"])):
        p = hung.get(role)
        fs = [FRAME.match(l).group(1) for l in blocks.get(p, []) if FRAME.match(l)]
        if role == "wait":
            path = [f for f in fs if "mutex_lock" in f][:1] + path
        ok_ = len(path) > (role == "wait") and all(f in fs for f in path) and \
            [f for f in fs if f in path] == path
        check(ok_, "foreach UN bt: crashmod-%s (pid %s) in %s" % (role, p, " -> ".join(path)),
              repr(fs))

# ---- the other bt options
v = out["bt -v"]
if kind == "stackoverflow":
    check(any(re.match(r"^PID: %s +TASK: " % pid, l) for l in v) and
          any(re.match(r"^possible stack overflow: [0-9a-f]+: [0-9a-f]+ != STACK_END_MAGIC$", l)
              for l in v), "bt -v: the panic task's overflowed stack is reported", repr(v[:3]))
else:
    check(v == ["No stack overflows detected"], "bt -v: no stack overflow", repr(v[:3]))
ff = out[extra[1]]
check(any(re.search(r"^    [0-9a-f]{16}:.* \[[0-9a-f]{16}:[\w-]+\]", l) for l in ff) and
      any(re.search(r"^    [0-9a-f]{16}:.* [A-Za-z_][\w.]*\+\d+", l) for l in ff),
      "bt -FF: frame words as [address:cache] and symbol+offset", repr(ff[1:3]))
check([l for l in ff if FRAME.match(l)] == [l for l in b if FRAME.match(l)],
      "bt -FF: the same frames as bt")
check(out[extra[2]] == b, "bt -R %s: the whole trace" % (crashing or "panic"))
check(out[extra[3]][:1] == ["bt: -R nosuchsym: not a symbol or a text address"] and
      len(out[extra[3]]) == 1, "bt -R nosuchsym: one line", repr(out[extra[3]][:2]))
check(out[extra[4]] == [], "bt -R with a function not in the trace prints nothing",
      repr(out[extra[4]][:2]))
o = out[extra[5]]
of = [FRAME.match(l).group(1) for l in o if FRAME.match(l)]
check(o[1:] and all(l.endswith("(stack scan)") for l in o[2:] if FRAME.match(l)) and
      frames[-1] in of, "bt -o: text addresses as (stack scan) frames, down to the entry",
      repr(o[:3]))
check(out[extra[6]][:1] == b[:1], "bt -g: the thread group leader first", repr(out[extra[6]][:1]))
check(out[extra[7]] == ['bt: -n nosuch: only "-n idle" is known'], "bt -n nosuch: one line",
      repr(out[extra[7]]))
check(out[extra[8]] == ["bt: -I zz: not an address"], "bt -I zz: one line", repr(out[extra[8]]))
# -S at the stack slot of the frame below the crashing module's caller: the
# rest of the trace, from that frame on
slots = [(FRAME.match(l).group(1), re.search(r"\[([0-9a-f]+)\]", l).group(1)) for l in b
         if FRAME.match(l)]
tail = next((i for i, (f, _) in enumerate(slots) if f in ("proc_reg_write", "kthread")), None)
if tail is not None and tail > 0:
    r = C.session(["bt -S %s %s" % (slots[tail][1], ptask)])
    got = [FRAME.match(l).group(1) for l in (r[0] if r else []) if FRAME.match(l)]
    check(got == [f for f, _ in slots[tail:]], "bt -S %s: the trace from %s on"
          % (slots[tail][1], slots[tail][0]), repr(got[:4]))

# -E: the per-CPU stacks searched; the double fault's frame on the DF stack
e = out["bt -E"]
heads = [l for l in e if re.match(r"^CPU \d+ [A-Z0-9]+ (EXCEPTION )?STACK:$", l)]
check(len(heads) >= 2 * (truth.get("ncpus") or 1), "bt -E: each CPU's IRQ and exception stacks",
      repr(e[:2]))
if kind == "stackoverflow":
    df = False
    cur = None
    for l in e:
        if l.startswith("CPU "):
            cur = l
        if cur and " DF EXCEPTION STACK" in cur and re.match(
                r"^    \[exception RIP: crashmod_recurse", l):
            df = True
    check(df, "bt -E: the double fault's exception frame (RIP in crashmod_recurse) on the DF stack")

# ---- layouts against Debian's crash, where it opens the dump (asked
# directly: checklib.ref_opens would leave its mark in the fixture cache)
if refcrash:
    ref = C.session(["sys", "sys -t", "mod -t"], refcrash, 600)
    if not ref or not any(l.startswith("     RELEASE: ") for l in ref[0]):
        C.skip("reference crash did not open this dump (or timed out)")
    else:
        rk = [l for l in strip_warnings(ref[0]) if l.startswith("      KERNEL: ")]
        check(rk == kern, "sys: the KERNEL line is Debian crash's", repr(rk))
        check(strip_warnings(ref[1])[:1] == out["sys -t"][:1],
              "sys -t: the TAINTED_MASK line is Debian crash's", repr(strip_warnings(ref[1])[:1]))
        check(strip_warnings(ref[2]) == out["mod -t"], "mod -t prints what Debian's crash prints",
              repr(strip_warnings(ref[2])[:2]))
