#!/usr/bin/env python3
"""crash --analyze on fixture dumps against what truth.json knows.

Each dump: KIND is truth.json's kind (sysrq for the default set, which has
none); the CULPRIT is the function the serial console's report names (its
kernel-mode "RIP:" line, else the first frame of crashmod's in its Call
Trace: a hung task's) in truth's module, which the console's "Modules
linked in" shows out-of-tree when it has 'O'; sysrq dumps blame the
kernel's sysrq-c handler (sysrq_handle_crash); KIND's details agree with
the console (the #PF access, BUG's file:line, the soft lockup's CPU and
seconds, the hung task's name and pid); TASK is the console's panic task;
with --mod DIR (the unstripped crashmod.ko) AT names crashmod.c; without
a vmlinux (kallsyms and BTF from the dump) the kind, culprit and
signature are the same; --json gives one document saying what the text
says.  Across dumps: the same signature for the same
bug from different boots (6.1-oops and 6.1-kdump-oops, the sysrq dumps of
6.1-qemu-4l and 6.1-qemu-5l), a different one for each kind.

Usage: analyze_check.py CRASH DUMPDIR..."""
import json
import os
import re
import subprocess
import sys

crash = sys.argv[1]
dirs = sys.argv[2:]
TS = re.compile(r"^\[ *\d+\.\d+\] ")
results = {}


def ok(msg):
    print("ok - " + msg)


def notok(msg):
    print("not ok - " + msg)


def check(cond, msg, why=""):
    (ok if cond else notok)(msg if cond or not why else "%s: %s" % (msg, why))


def analyze(args, timeout=300):
    try:
        p = subprocess.run([crash, "--analyze"] + args, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True, timeout=timeout, errors="replace")
    except subprocess.TimeoutExpired:
        return None, "timed out"
    rep = {}
    last = None
    for l in p.stdout.splitlines():
        m = re.match(r"^ *([A-Z][A-Z-]*): (.*)$", l)
        if m and len(l) - len(l.lstrip()) + len(m.group(1)) == 12:
            last = m.group(1)
            rep[last] = [m.group(2)]
        elif last and l.startswith(" " * 14):
            rep[last].append(l[14:])
    return rep, p.stderr if p.returncode else ""


def expected(truth, console):
    """(kind, culprit function, module, panic pid) from truth.json."""
    kind = truth.get("kind") or "sysrq"
    mod = (truth.get("module") or {}).get("name", "")
    if kind == "sysrq":
        return kind, "sysrq_handle_crash", "", None
    fn = None
    for l in console:
        m = re.match(r"^RIP: 0010:([\w.]+)\+0x", l)
        if m:
            fn = m.group(1)
            break
    if fn is None:  # a hung task: the blocked task's frame in the module
        for l in console:
            m = re.match(r"^ *([\w.]+)\+0x[0-9a-f]+/0x[0-9a-f]+ \[%s\]$" % re.escape(mod), l)
            if m:
                fn = m.group(1)
                break
    pid = None
    pi = next((i for i, l in enumerate(console) if l.startswith("Kernel panic - not syncing")),
              len(console))
    for l in console[pi:] + console[:pi]:
        m = re.match(r"^CPU: \d+ PID: (\d+) ", l)
        if m:
            pid = int(m.group(1))
            break
    return kind, fn, mod, pid


for d in dirs:
    name = os.path.basename(d)
    tpath = os.path.join(d, "truth.json")
    core = os.path.join(d, "vmcore.elf")
    if not os.path.exists(tpath) or not os.path.exists(core):
        print("skip - analyze %s: no truth.json or vmcore.elf" % name)
        continue
    truth = json.load(open(tpath))
    console = [TS.sub("", l) for l in truth.get("panic_console", [])]
    kind, fn, mod, pid = expected(truth, console)
    rep, err = analyze(["--mod", d, os.path.join(d, "vmlinux"), core])
    if rep is None or err or "KIND" not in rep:
        notok("analyze %s: a report (%s)" % (name, (err or "no KIND line").strip()[:200]))
        continue
    got_kind = rep["KIND"][0].split()[0]
    check(got_kind == kind, "analyze %s: KIND is %s" % (name, kind), rep["KIND"][0])
    check("[from the log only]" not in rep["KIND"][0],
          "analyze %s: the kind is read from the frames" % name, rep["KIND"][0])
    cul = rep.get("CULPRIT", [""])[0]
    m = re.match(r"^([\w.]+)\+0x[0-9a-f]+(?: \[([\w-]+)\])?", cul)
    check(m and m.group(1) == fn and (m.group(2) or "") == mod,
          "analyze %s: CULPRIT is %s%s" % (name, fn, " [%s]" % mod if mod else ""), cul)
    if mod:
        ml = next((l for l in console if l.startswith("Modules linked in:")), "")
        letters = re.search(r"\b%s\(([A-Z]+)\)" % re.escape(mod), ml)
        if letters:
            oot = "O" in letters.group(1)
            check(("(out-of-tree" in cul) == oot and "taints %s" % letters.group(1) in cul,
                  "analyze %s: the culprit module's taints are the console's %s"
                  % (name, letters.group(1)), cul)
        at = rep.get("AT", [""])[0]
        # (or in the header of what was inlined into it: cpu_relax())
        check(re.search(r"\b%s\.c: \d+$" % re.escape(mod), at) or
              (kind == "softlockup" and re.search(r"\.h: \d+$", at)),
              "analyze %s: AT is in %s.c (--mod with its .ko)" % (name, mod), at)
    elif kind == "sysrq":
        check(re.search(r"/sysrq\.c: \d+$", rep.get("AT", [""])[0]),
              "analyze %s: AT is in sysrq.c" % name, repr(rep.get("AT")))
    # the kind's details, against the console's report
    k0 = rep["KIND"][0]
    if kind in ("oops",):
        pf = next((re.match(r"^#PF: \w+ ([\w ]+?) access in", l) for l in console
                   if l.startswith("#PF: ")), None)
        null = any("NULL pointer dereference" in l for l in console)
        want = ("NULL pointer dereference, " if null else "") + (pf.group(1) if pf else "")
        check(want and k0.startswith("oops (" + want), "analyze %s: KIND says %s" % (name, want), k0)
    elif kind == "bug":
        b = next((re.match(r"^kernel BUG at (\S+)!$", l) for l in console
                  if l.startswith("kernel BUG at ")), None)
        check(b and k0 == "bug (at %s)" % b.group(1), "analyze %s: KIND says BUG's file:line" % name, k0)
    elif kind == "warn":
        w = next((re.search(r" at (\S+:\d+) ", l) for l in console if l.startswith("WARNING: ")), None)
        check(w and k0 == "warn (at %s)" % w.group(1), "analyze %s: KIND says WARN's file:line" % name, k0)
    elif kind == "stackoverflow":
        g = next((re.match(r"^BUG: (\S+) stack guard page was hit", l) for l in console
                  if re.match(r"^BUG: \S+ stack guard page", l)), None)
        check(g and k0 == "stackoverflow (%s stack guard page hit)" % g.group(1),
              "analyze %s: KIND names the overflowed stack" % name, k0)
    elif kind == "softlockup":
        s = next((re.search(r"CPU#(\d+) stuck for (\d+)s! \[(.*)\]", l) for l in console
                  if "soft lockup" in l), None)
        check(s and k0 == "softlockup (CPU#%s stuck for %ss [%s])" % s.groups(),
              "analyze %s: KIND says the stuck CPU, seconds and task" % name, k0)
    elif kind == "hungtask":
        h = next((re.match(r"^INFO: task (.*:\d+) blocked for more than (\d+) seconds", l)
                  for l in console if l.startswith("INFO: task ")), None)
        check(h and ("%s blocked for more than %ss" % h.groups()) in k0,
              "analyze %s: KIND names the hung task" % name, k0)
        d_ = rep.get("D-STATE", [])
        check(any(h and ('%s "%s"' % (h.group(1).rsplit(":", 1)[1], h.group(1).rsplit(":", 1)[0])) in l
                  and "[%s]" % mod in l for l in d_[1:]),
              "analyze %s: D-STATE lists the hung task waiting in %s" % (name, mod), repr(d_))
    if pid is not None:
        t = rep.get("TASK", [""])[0]
        check(t.startswith("%d " % pid), "analyze %s: TASK is the console's pid %d" % (name, pid), t)
    sig = rep.get("SIGNATURE", [""])[0]
    check(re.match(r"^[0-9a-f]{16}$", sig), "analyze %s: a 16-digit SIGNATURE" % name, sig)
    results[name] = (kind, sig)
    # the JSON document says the same
    try:
        p = subprocess.run([crash, "--analyze", "--json", "--mod", d, os.path.join(d, "vmlinux"), core],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, timeout=300)
        docs = [json.loads(l) for l in p.stdout.splitlines()]
    except (subprocess.TimeoutExpired, ValueError) as e:
        docs = []
    j = docs[0] if len(docs) == 1 else {}
    jc = j.get("culprit") or {}
    check(j.get("kind") == kind and jc.get("function") == fn and (jc.get("module") or "") == mod and
          j.get("signature") == sig and (jc.get("file") or "").endswith(
              rep.get("AT", [""])[0].rsplit(": ", 1)[0].rsplit("/", 1)[-1]),
          "analyze %s --json: one document with the text's kind, culprit, file and signature" % name,
          "%d documents: %r %r" % (len(docs), j.get("kind"), jc))
    # without a vmlinux: the dump's kallsyms and BTF
    rep2, err2 = analyze([core])
    if rep2 is not None and "no types" in err2:
        # (6.1 on arm64: no data symbols in kallsyms, so no BTF: one line)
        e = [l for l in err2.splitlines() if l.startswith("analyze: ")]
        check(not rep2 and len(e) == 1, "analyze %s without vmlinux or types: one error line"
              % name, repr(err2.splitlines()[-2:]))
        continue
    if rep2 is None or err2 or "KIND" not in rep2:
        notok("analyze %s without vmlinux: a report (%s)" % (name, (err2 or "no KIND").strip()[:200]))
        continue
    check(rep2["KIND"][0].split()[0] == kind and rep2.get("CULPRIT") and
          rep2["CULPRIT"][0].split()[:2] == cul.split()[:2] and rep2.get("SIGNATURE") == [sig],
          "analyze %s without vmlinux: the same kind, culprit and signature" % name,
          "%r %r %r" % (rep2.get("KIND"), rep2.get("CULPRIT"), rep2.get("SIGNATURE")))
    check("AT" not in rep2 or mod, "analyze %s without vmlinux: no AT line (no debuginfo)" % name,
          repr(rep2.get("AT")))

# ---- across dumps
def same(a, b, why):
    if a in results and b in results:
        check(results[a][1] == results[b][1], "analyze: %s and %s have one signature (%s)"
              % (a, b, why), "%s != %s" % (results[a][1], results[b][1]))
    else:
        print("skip - analyze: %s and %s not both there" % (a, b))


same("6.1-oops", "6.1-kdump-oops", "one bug, two boots and routes")
same("6.1-qemu-4l", "6.1-qemu-5l", "sysrq, two boots of one kernel")
by_kind = {}
for name, (kind, sig) in results.items():
    by_kind.setdefault(kind, set()).add(sig)
kinds = sorted(by_kind)
clash = [(a, b) for i, a in enumerate(kinds) for b in kinds[i + 1:] if by_kind[a] & by_kind[b]]
check(len(kinds) > 1 and not clash, "analyze: each of the %d kinds (%s) has its own signatures"
      % (len(kinds), " ".join(kinds)), repr(clash))
