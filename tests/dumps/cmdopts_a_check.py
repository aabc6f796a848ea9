#!/usr/bin/env python3
"""The options of issue 16 item 2 (dis, sym, struct/union, whatis, rd,
search, log, ps, files, vm, tree, extend) on one fixture dump, checked
against truth.json or against the same command's other forms.

Usage: cmdopts_a_check.py CRASH DUMPDIR VMCORE"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checklib import Checker  # noqa: E402

crash, ddir, vmcore = sys.argv[1:4]
C = Checker(crash, ddir, vmcore)
truth = C.truth
ok, notok, skip, check = C.ok, C.notok, C.skip, C.check

SYM = re.compile(r"^([0-9a-f]+) \((.)\) (\S+)")


def run(cmds):
    r = C.session(cmds)
    if r is None:
        notok("session timed out: " + "; ".join(cmds)[:200])
        sys.exit(0)
    return dict(zip(cmds, r))


def one_line_error(lines, cmd):
    return len(lines) == 1 and lines[0].startswith(cmd.split()[0] + ":")


# ---- sym ----
out = run(["sym -l", "mod", "sym -np linux_banner", "sym -p linux_banner",
           "sym -n linux_banner", "sym -m nosuch_mod", "sym -M"])
syms = [m.groups() for m in map(SYM.match, out["sym -l"]) if m]
idx = [i for i, s in enumerate(syms) if s[2] == "linux_banner"]
if not idx:
    notok("sym -l has no linux_banner")
else:
    a = int(syms[idx[0]][0], 16)
    # the nearest addresses (absolute symbols break sym -l's order), and
    # the first name listed at each
    lo = max((int(s[0], 16) for s in syms if int(s[0], 16) < a), default=None)
    hi = min((int(s[0], 16) for s in syms if int(s[0], 16) > a), default=None)
    prev = next((s for s in syms if int(s[0], 16) == lo), None)
    nxt = next((s for s in syms if int(s[0], 16) == hi), None)
    got = [m.groups() for m in map(SYM.match, out["sym -np linux_banner"]) if m]
    check(len(got) == 3 and got[0] == prev and got[1][2] == "linux_banner" and got[2] == nxt,
          "sym -np linux_banner: the neighbours sym -l lists",
          "%s vs %s %s" % (got, prev, nxt))
    check(out["sym -p linux_banner"] == out["sym -np linux_banner"][:2] and
          out["sym -n linux_banner"] == out["sym -np linux_banner"][1:],
          "sym -p and sym -n are the halves of sym -np")
check(one_line_error(out["sym -m nosuch_mod"], "sym"), "sym -m of no module: one line",
      " / ".join(out["sym -m nosuch_mod"]))
bases = {}
for l in out["mod"]:
    f = l.split()
    if len(f) >= 4 and re.match(r"^[0-9a-f]{8,}$", f[0]):
        bases[f[1]] = f[2]
starts = [re.match(r"^([0-9a-f]+) MODULE START: (\S+)$", l) for l in out["sym -M"]]
starts = {m.group(2): m.group(1) for m in starts if m}
if not bases:
    skip("sym -M: no modules loaded")
else:
    check(starts == bases, "sym -M: a MODULE START at each module's base, as mod shows it",
          "%s vs %s" % (sorted(starts.items())[:3], sorted(bases.items())[:3]))
    m0 = sorted(bases)[0]
    o = run(["sym -m " + m0])["sym -m " + m0]
    inner = [SYM.match(l) for l in o[1:-1]]
    check(o and o[0].endswith("MODULE START: " + m0) and o[-1].endswith("MODULE END: " + m0)
          and all(inner), "sym -m %s: its symbols between START and END" % m0,
          " / ".join(o[:3]))

# ---- dis ----
out = run(["dis sysrq_handle_crash", "dis -f sysrq_handle_crash", "dis -x sysrq_handle_crash",
           "dis -b", "dis -b 2", "dis -b 0", "dis -s sysrq_handle_crash",
           "dis -f nosuch_sym_xyz", "dis -b 99", "set 1", "vm"])
whole = out["dis sysrq_handle_crash"]
INSN = re.compile(r"^0x([0-9a-f]+) <([^>]*)>:\t")
check(whole and out["dis -f sysrq_handle_crash"] == whole,
      "dis -f FUNCTION is the whole function, as dis FUNCTION")
hexed = [re.sub(r"<([^+>]+)\+(\d+)>", lambda m: "<%s+%s>" % (m.group(1), hex(int(m.group(2)))), l)
         for l in whole]
check(out["dis -x sysrq_handle_crash"] == hexed, "dis -x: the offsets in hexadecimal",
      " / ".join(out["dis -x sysrq_handle_crash"][:2]))
check(out["dis -b"] == ["encoded bytes being skipped after ud2a: 0"] or
      out["dis -b"][:1] and out["dis -b"][0].startswith("dis: -b"),
      "dis -b shows the bytes skipped after ud2", " / ".join(out["dis -b"]))
if out["dis -b"][:1] == ["encoded bytes being skipped after ud2a: 0"]:
    check(out["dis -b 2"] == ["encoded bytes being skipped after ud2a: 2"],
          "dis -b 2 sets it for the session", " / ".join(out["dis -b 2"]))
check(one_line_error(out["dis -f nosuch_sym_xyz"], "dis"), "dis -f of no symbol: one line")
check(one_line_error(out["dis -b 99"], "dis"), "dis -b 99: one line")
src = out["dis -s sysrq_handle_crash"]
check(len(src) >= 2 and src[0].startswith("FILE: ") and re.match(r"^LINE: \d+$", src[1]),
      "dis -s: FILE and LINE", " / ".join(src[:4]))
if len(whole) > 2:
    m = INSN.match(whole[1])
    if m:
        a = m.group(1)
        o = run(["dis -f 0x" + a, "dis -f 0x%s 1" % a])
        check(o["dis -f 0x" + a] == whole[1:], "dis -f from the second instruction: the rest")
        check(o["dis -f 0x%s 1" % a] == whole[1:2], "dis -f ADDR 1: one instruction")
# a user address of pid 1: the start of its first mapping
vmas = [l.split() for l in out["vm"] if re.match(r"^[0-9a-f]+ +[0-9a-f]+ +[0-9a-f]+ ", l)]
if vmas:
    start = vmas[0][1]
    o = run(["set 1", "dis -u %s 2" % start])["dis -u %s 2" % start]
    check(len(o) == 2 and o[0].startswith("   0x%x:\t" % int(start, 16)),
          "dis -u: pid 1's code at %s, without symbols" % start, " / ".join(o))
else:
    skip("dis -u: no mappings of pid 1 in vm")

# ---- struct / union ----
o = run(["p &init_task.tasks"])["p &init_task.tasks"]
m = re.search(r"\) (0x[0-9a-f]+)", " ".join(o))
if not m:
    notok("p &init_task.tasks: no address: " + " / ".join(o))
else:
    a = int(m.group(1), 16)
    A, A2, Am = "%x" % a, "%x" % (a + 16), "%x" % (a - 16)
    cmds = ["struct list_head %s" % A, "struct list_head %s" % A2, "struct list_head %s" % Am,
            "struct list_head -c 2 %s" % A, "struct list_head %s -c -2" % A,
            "struct -r list_head %s" % A, "rd -64 %s 2" % A,
            "struct task_struct.pid,comm -l task_struct.tasks %s" % A,
            "struct task_struct.pid,comm init_task", "struct -p list_head %s" % A,
            "struct task_struct.pid,comm -r init_task", "struct -r list_head",
            "struct -l nosuch_type.x list_head %s" % A, "union -r -p list_head %s" % A]
    o = run(cmds)
    one, two, before = o[cmds[0]], o[cmds[1]], o[cmds[2]]
    check(o[cmds[3]] == one + [""] + two, "struct -c 2 list_head: two consecutive reads",
          " / ".join(o[cmds[3]]))
    check(o[cmds[4]] == before + [""] + one, "struct -c -2: the object before and the target")
    check(o[cmds[5]] == o[cmds[6]], "struct -r list_head: the words rd -64 shows",
          " / ".join(o[cmds[5]]) + " vs " + " / ".join(o[cmds[6]]))
    check(o[cmds[7]] == o[cmds[8]] and o[cmds[7]],
          "struct -l task_struct.tasks: the task_struct containing the list_head")
    p = o[cmds[9]]
    nxt = re.match(r"^  struct list_head \*next = 0x([0-9a-f]+)$", p[1]) if len(p) > 2 else None
    if not nxt:
        notok("struct -p list_head: no pointer line: " + " / ".join(p[:3]))
    else:
        t = run(["struct list_head " + nxt.group(1)])["struct list_head " + nxt.group(1)]
        # the target's members, five columns further in
        body = [l[5:] for l in p[3:5]]
        check(p[2].startswith("  ->") and p[2].endswith("{") and body == t[1:3],
              "struct -p: next's target as struct list_head reads it",
              " / ".join(p[2:6]) + " vs " + " / ".join(t))
    for c in cmds[10:]:
        check(one_line_error(o[c], c), "%s: one line" % c, " / ".join(o[c]))

# ---- search -t/-T/-K/-V/-x ----
HIT = re.compile(r"^([0-9a-f]+): ([0-9a-f]+) ")
HDR = re.compile(r"^PID: +(\d+) +TASK: ([0-9a-f]+) +CPU: +(\d+)")
ps = run(["ps"])["ps"]
rows = [l.split() for l in ps if re.match(r"^>?\s*\d+\s+\d+\s+", l)]
active = {(r[4] if r[0] == ">" else r[3]) for r in rows if r[0] == ">"}
wl = [r for r in rows if r[-1] == "wl-main"] or [r for r in rows if r[-1].startswith("wl-")]
if not wl:
    skip("search -t: no wl- task in ps")
else:
    T = wl[0][4] if wl[0][0] == ">" else wl[0][3]
    cmds = ["search -t %s" % T, "search -k %s" % T, "search -K %s" % T, "search -V %s" % T,
            "search -T %s" % T, "struct task_struct.stack %s" % T, "search -t -s 0 %s" % T,
            "search -x 0 %s" % T, "search -c -x 2 abc"]
    o = run(cmds)
    blocks, cur = {}, None
    for l in o[cmds[0]]:
        m = HDR.match(l)
        if m:
            cur = m.group(2)
            blocks[cur] = []
        elif HIT.match(l) and cur:
            blocks[cur].append(int(HIT.match(l).group(1), 16))
    k_hits = {int(HIT.match(l).group(1), 16) for l in o[cmds[1]] if HIT.match(l)}
    K_hits = {int(HIT.match(l).group(1), 16) for l in o[cmds[2]] if HIT.match(l)}
    V_hits = {int(HIT.match(l).group(1), 16) for l in o[cmds[3]] if HIT.match(l)}
    m = re.search(r"stack = (0x[0-9a-f]+)", "\n".join(o[cmds[5]]))
    st = int(m.group(1), 16) if m else None
    own = blocks.get(T, [])
    check(own and st is not None and all(st <= a < st + 0x8000 for a in own),
          "search -t %s: hits under the task's own line, in its stack" % T, str(own[:3]))
    t_all = {a for v in blocks.values() for a in v}
    check(t_all and t_all <= k_hits, "search -t: every stack hit is one search -k finds too",
          str(sorted(t_all - k_hits)[:3]))
    check(k_hits == K_hits | V_hits and not (K_hits & V_hits),
          "search -K and -V split search -k's hits (%d + %d)" % (len(K_hits), len(V_hits)))
    tblocks = [HDR.match(l).group(2) for l in o[cmds[4]] if HDR.match(l)]
    check(set(tblocks) <= active, "search -T: only tasks active on a CPU", str(tblocks))
    for c in cmds[6:]:
        check(one_line_error(o[c], c), "%s: one line" % c, " / ".join(o[c]))
o = run(["sym linux_banner"])["sym linux_banner"]
if o and SYM.match(o[0]):
    b = int(SYM.match(o[0]).group(1), 16)
    cmds = ["rd -64 %x 2" % (b - 16), "rd -64 %x 2" % (b + 8), "rd -64 %x 1" % b]
    o = run(cmds)
    w = re.match(r"^[0-9a-f]+:  ([0-9a-f]+)", o[cmds[2]][0]) if o[cmds[2]] else None
    if w:
        x = run(["search -x 2 -s (linux_banner) -e (linux_banner+8) 0x%s" % w.group(1)])
        x = list(x.values())[0]
        check(len(x) == 4 and x[0] == o[cmds[0]][0] and x[2] == o[cmds[1]][0] and
              x[1] == "%x:  %s " % (b, w.group(1)) and x[3] == "",
              "search -x 2 with an (expression) range: the words around the hit as rd shows them",
              " / ".join(x))

# ---- log -c/-R/-a ----
out = run(["log", "log -c", "log -R", "log -a", "log -t -c"])
plain, withc = out["log"], out["log -c"]
CALLER = re.compile(r"^(\[ *\d+\.\d{6}\] )\[ *[TC]\d+\] (.*)$")
stripped = []
for l in withc:
    m = CALLER.match(l)
    stripped.append(m.group(1) + m.group(2) if m else None)
nrec = sum(1 for l in plain if re.match(r"^\[ *\d+\.\d{6}\] ", l))
check(nrec > 0 and [x for x in stripped if x is not None] ==
      [l for l in plain if re.match(r"^\[ *\d+\.\d{6}\] ", l)],
      "log -c: each record's caller after its time stamp, the text as log prints it",
      str([l for l in withc[:3]]))
pid1 = [l for l in withc if re.match(r"^\[ *\d+\.\d{6}\] \[ *T1\] ", l)]
check(bool(pid1), "log -c: some messages from pid 1 (T1)")
check(out["log -R"] == plain, "log -R: the same text where no Rust symbol is logged")
check(len(out["log -a"]) == 1 and out["log -a"][0].startswith("log: ") or
      all(l.startswith("type=") or l.startswith(" ") for l in out["log -a"][:1]),
      "log -a: queued audit records, or one line", " / ".join(out["log -a"][:2]))
check(all(re.match(r"^\[ *[TC]\d+\] ", l) or not l or l.startswith(" ")
          for l in out["log -t -c"][:50]), "log -t -c: the caller without a time stamp")

# ---- rd -R/-f/-m, vm -M ----
o = run(["sym linux_banner"])["sym linux_banner"]
if o and SYM.match(o[0]):
    b = int(SYM.match(o[0]).group(1), 16)
    cmds = ["rd -R %x 4" % b, "rd %x 4" % (b - 24), "rd -R -32 %x 6" % b, "rd -32 %x 6" % (b - 20),
            "rd -f 0 2", "rd -m 1000", "rd -f -u 0", "rd -R -a %x 2" % b]
    o = run(cmds)
    check(o[cmds[0]] == o[cmds[1]] and o[cmds[0]], "rd -R ADDR 4: the four words ending at ADDR")
    check(o[cmds[2]] == o[cmds[3]] and o[cmds[2]], "rd -R -32: the same with 32-bit words")
    head = open(C.dump_files()[0], "rb").read(16)
    words = ["%016x" % int.from_bytes(head[i:i + 8], "little") for i in (0, 8)]
    got = o[cmds[4]][0].split() if o[cmds[4]] else []
    check(got[1:3] == words and got[0] == "0:", "rd -f 0 2: the dump file's first bytes",
          " / ".join(o[cmds[4]]))
    for c in cmds[5:]:
        check(one_line_error(o[c], c), "%s: one line" % c, " / ".join(o[c]))
o = run(["vm 1"])["vm 1"]
mm = re.match(r"^([0-9a-f]{8,}) ", o[2]) if len(o) > 2 else None
if not mm:
    notok("vm 1: no MM line: " + " / ".join(o[:3]))
else:
    cmds = ["vm -M %s 2" % mm.group(1), "vm -M zz 1", "vm -M %s -v 1" % mm.group(1)]
    m = run(cmds)
    check(m[cmds[0]][1:] == o[1:] and m[cmds[0]][0].startswith("PID: 2 "),
          "vm -M <pid 1's mm> 2: pid 2's header, pid 1's areas", " / ".join(m[cmds[0]][:3]))
    check(one_line_error(m[cmds[1]], "vm"), "vm -M of a bad address: one line")
    check(len(m[cmds[2]]) > 3, "vm -M mm -v: the areas' vm_area_structs")

# ---- tree -t shortcuts ----
cmds = ["tree -t xarray -p &init_pid_ns.idr.idr_rt", "tree -t x -p &init_pid_ns.idr.idr_rt",
        "tree -t ra -p &init_pid_ns.idr.idr_rt", "tree -t rbtree -o vmap_area.rb_node vmap_area_root",
        "tree -t rb -o vmap_area.rb_node vmap_area_root", "tree -t r vmap_area_root"]
o = run(cmds)
check(o[cmds[0]] and o[cmds[1]] == o[cmds[0]] and o[cmds[2]] == o[cmds[0]],
      "tree -t x and -t ra: the xarray walk of -t xarray")
check(o[cmds[3]] and o[cmds[4]] == o[cmds[3]], "tree -t rb: the walk of -t rbtree")
check(one_line_error(o[cmds[5]], "tree"), "tree -t r (ambiguous): one line")

# ---- extend -s ----
import subprocess  # noqa: E402
exdir = os.path.join(os.path.dirname(os.path.abspath(crash)), "build", "release", "extensions",
                     "examples")
if os.path.isdir(exdir):
    p = subprocess.run([crash, "-s", os.path.join(ddir, "vmlinux"), vmcore], input="extend -s\n",
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300,
                       env=dict(os.environ, CRASH_EXTENSIONS=exdir))
    want = sorted(os.path.join(exdir, f) for f in os.listdir(exdir) if f.endswith(".so"))
    got = sorted(l for l in p.stdout.splitlines() if l.startswith(exdir))
    check(want and got == want, "extend -s lists the .so files of $CRASH_EXTENSIONS",
          "%s vs %s" % (got[:2], want[:2]))
else:
    skip("extend -s: no example extensions built at " + exdir)

# ---- whatis -o/-r/-m ----
cmds = ["whatis -o list_head", "struct list_head -o", "whatis -r 16", "whatis -r 1000-2000 -m task_struct",
        "whatis -r x", "whatis -m"]
o = run(cmds)
check(o[cmds[0]] == o[cmds[1]] and o[cmds[0]], "whatis -o list_head: struct -o's offsets")
r16 = [l.split() for l in o[cmds[2]][1:]]
check(o[cmds[2]][:1] == ["SIZE  TYPE"] and ["16", "list_head"] in r16 and
      all(x[0] == "16" for x in r16), "whatis -r 16: 16-byte structures, list_head among them")
rm = [l.split() for l in o[cmds[3]][1:]]
check(rm and all(1000 <= int(x[0]) <= 2000 for x in rm) and
      [int(x[0]) for x in rm] == sorted(int(x[0]) for x in rm),
      "whatis -r 1000-2000 -m task_struct: sizes in range, in order", str(rm[:3]))
for c in cmds[4:]:
    check(one_line_error(o[c], "whatis"), "%s: one line" % c, " / ".join(o[c]))
