#!/usr/bin/env python3
"""Typed reader commands on one fixture dump: p, struct, whatis, sym, rd,
vtop, ptov, ptob, btop, eval, against truth.json and against each other
(what vtop says is at a physical address must be what rd -p reads there).

Usage: typed_check.py CRASH DUMPDIR VMCORE [REFCRASH]
REFCRASH, when given, is Debian's crash: vtop of kernel addresses must
print the same lines (it cannot open every fixture; then it is skipped)."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checklib import Checker, vmcoreinfo  # noqa: E402

crash, ddir, vmcore = sys.argv[1:4]
refcrash = sys.argv[4] if len(sys.argv) > 4 else ""
C = Checker(crash, ddir, vmcore)
truth, tag = C.truth, C.tag
ok, notok, skip, check = C.ok, C.notok, C.skip, C.check


def run(cmds, prog=None, timeout=300):
    return C.session(cmds, prog, timeout)


def words(lines):
    """The hex words of rd lines (address column dropped, ASCII dropped)."""
    w = []
    for l in lines:
        m = re.match(r"^ *[0-9a-f]+:  ((?:[0-9a-f]+ )+)", l)
        if m:
            w += m.group(1).split()
    return w


tasks = {t["pid"]: t for t in truth["tasks"]}
wl = [t for t in truth["tasks"] if t["comm"] == "wl-main"]
main_pid = wl[0]["pid"] if wl else 1
rel = truth["release"]

# ---- first session: names, types and simple values ----
cmds = ["p jiffies", "p init_task.comm", "whatis struct list_head", "sym linux_banner",
        "ps 1 %d" % main_pid, "p/x init_task.pid", "eval 0x100 + 20", "ptob 10", "btop 20000",
        "ptov 0", "p init_task.nosuch", "struct task_struct.nosuch", "whatis struct nosuch_xyz",
        "rd ffffffffffff0000", "sym nosuch_xyz", "rd -32 linux_banner 4",
        "rd -a linux_banner", "rd -8 linux_banner 5", "rd -s init_task 4", "rd -64 -x jiffies 3",
        "rd -d jiffies", "p -x init_task.pid", "vtop -u ffffffffffff0000 -k"]
r = run(cmds)
if r is None:
    notok("typed commands timed out")
    sys.exit(0)
out = dict(zip(cmds, r))

m = re.match(r"^jiffies = \$\d+ = (\d+)$", "\n".join(out["p jiffies"]))
check(m is not None, "p jiffies prints jiffies = $N = value", " / ".join(out["p jiffies"]))
check(out["p init_task.comm"][:1] and re.match(r'^\$\d+ = "swapper/0(\\000)*"$',
                                               out["p init_task.comm"][0]) is not None,
      "p init_task.comm is swapper/0", " / ".join(out["p init_task.comm"]))
check(out["whatis struct list_head"] == ["struct list_head {", "    struct list_head *next;",
                                         "    struct list_head *prev;", "}", "SIZE: 16"],
      "whatis struct list_head", " / ".join(out["whatis struct list_head"]))
m = re.match(r"^([0-9a-f]{16}) \(([DdRr])\) linux_banner$", " ".join(out["sym linux_banner"]))
check(m is not None, "sym linux_banner", " / ".join(out["sym linux_banner"]))
banner = m.group(1) if m else None
# and back: the address (and an address inside it) names linux_banner
if banner:
    r = run(["sym %s" % banner, "sym %x" % (int(banner, 16) + 5)])
    check(r and r[0] and r[0][0].startswith("%s (%s) linux_banner" % (banner, m.group(2))) and
          r[1] and r[1][0].startswith("%x (%s) linux_banner+5" % (int(banner, 16) + 5, m.group(2))),
          "sym of linux_banner's address, and of an address inside it",
          " / ".join((r[0] + r[1]) if r else []))

ps = {}
for l in out["ps 1 %d" % main_pid]:
    f = l.lstrip(">").split()
    if len(f) >= 9 and f[0].isdigit():
        ps[int(f[0])] = f[3]
check(1 in ps and main_pid in ps, "ps gives task addresses of pid 1 and %d" % main_pid)
m = re.match(r"^\$\d+ = 0x0$", " ".join(out["p/x init_task.pid"]))
check(m is not None, "p/x init_task.pid is 0x0", " / ".join(out["p/x init_task.pid"]))
check(out["p -x init_task.pid"] == [re.sub(r"\$\d+", out["p -x init_task.pid"][0].split()[0],
                                           out["p/x init_task.pid"][0])]
      if out["p -x init_task.pid"] else False, "p -x is p/x")
check(out["eval 0x100 + 20"][:2] == ["hexadecimal: 114  ", "    decimal: 276  "],
      "eval 0x100 + 20", " / ".join(out["eval 0x100 + 20"]))
psz = int(vmcoreinfo(ddir, "PAGESIZE") or 4096)
check(out["ptob 10"] == ["a: %x" % (10 * psz)], "ptob 10 (%d-byte pages)" % psz, " / ".join(out["ptob 10"]))
check(out["btop 20000"] == ["20000: %x" % (0x20000 // psz)], "btop 20000", " / ".join(out["btop 20000"]))
pv = out["ptov 0"]
check(len(pv) == 2 and pv[0].split() == ["VIRTUAL", "PHYSICAL"] and
      re.match(r"^[0-9a-f]{16}  0 +$", pv[1]) is not None, "ptov 0", " / ".join(pv))
page_offset = int(pv[1].split()[0], 16) if len(pv) == 2 else None

# errors: one line, "cmd: ..." naming what was wrong
for c, want in (("p init_task.nosuch", r'^p: There is no member named nosuch\.$'),
                ("struct task_struct.nosuch", r'^struct: .*no member "nosuch"'),
                ("whatis struct nosuch_xyz", r"^whatis: .*nosuch_xyz"),
                ("rd ffffffffffff0000", r"^rd: .*ffffffffffff0000"),
                ("sym nosuch_xyz", r"^sym: .*nosuch_xyz"),
                ("vtop -u ffffffffffff0000 -k", r"^vtop: ")):
    o = out[c]
    check(len(o) == 1 and re.match(want, o[0]) is not None, "error of `%s` is one line" % c,
          " / ".join(o))

# rd layouts on the banner, whose bytes are known
b = ("Linux version %s " % rel).encode()
rd32 = out["rd -32 linux_banner 4"]
exp32 = " ".join("%08x" % int.from_bytes(b[i:i + 4], "little") for i in range(0, 16, 4))
check(len(rd32) == 1 and banner and rd32[0] == "%s:  %s   %s" % (banner, exp32, b[:16].decode()),
      "rd -32 linux_banner 4", " / ".join(rd32))
rda = out["rd -a linux_banner"]
text = "".join(l.split(":  ", 1)[1] for l in rda if ":  " in l)
check(rda and text.startswith("Linux version %s " % rel) and all(len(l.split(":  ", 1)[1]) <= 60
                                                                 for l in rda),
      "rd -a linux_banner: the banner, 60 characters to a line", " / ".join(rda[:2]))
rd8 = out["rd -8 linux_banner 5"]
check(rd8 == ["%s:  4c 69 6e 75 78 %s  Linux" % (banner, " " * 33)], "rd -8 pads a short line",
      " / ".join(rd8))
rds = out["rd -s init_task 4"]
check(len(rds) == 2 and all(l.startswith(ps.get(0, "")) or True for l in rds) and
      not any(re.search(r"[.]{4}", l) for l in rds), "rd -s: no ASCII column", " / ".join(rds))
rdx = out["rd -64 -x jiffies 3"]
check(len(rdx) == 2 and len(words(rdx)) == 3 and not any("..." in l for l in rdx),
      "rd -64 -x jiffies 3", " / ".join(rdx))
jv = re.match(r"^jiffies = \$\d+ = (\d+)$", "\n".join(out["p jiffies"]))
rdd = out["rd -d jiffies"]
check(jv and len(rdd) == 1 and rdd[0].split()[-1] == jv.group(1), "rd -d jiffies is p jiffies",
      " / ".join(rdd))

# ---- struct on real tasks ----
cmds = []
for pid in (1, main_pid):
    if pid in ps:
        cmds.append("struct task_struct.pid,comm,tgid %s" % ps[pid])
        cmds.append("struct task_struct.stack %s" % ps[pid])
r = run(cmds)
stacks = {}
for c, o in zip(cmds, r or []):
    addr = c.split()[-1]
    pid = [p for p, a in ps.items() if a == addr][0]
    if ".pid," in c:
        t = tasks.get(pid)
        want = ["  pid = %d," % pid]
        got = o[:1]
        comm_ok = len(o) >= 2 and re.match(r'^  comm = "%s(\\000)*",$' % re.escape(t["comm"][:15]), o[1])
        check(got == want and comm_ok and o[2:3] == ["  tgid = %d," % t["tgid"]],
              "struct task_struct.pid,comm,tgid of pid %d" % pid, " / ".join(o))
    else:
        m = re.match(r"^  stack = (0x[0-9a-f]+),$", " ".join(o))
        check(m is not None, "struct task_struct.stack of pid %d" % pid, " / ".join(o))
        if m:
            stacks[pid] = int(m.group(1), 16)

# ---- vtop: kernel text, direct map, vmalloc (a task's stack), user ----
targets = []
if banner:
    targets.append(("kernel text (linux_banner)", int(banner, 16)))
if 1 in ps:
    targets.append(("direct map (task_struct of pid 1)", int(ps[1], 16)))
if 1 in stacks:
    targets.append(("vmalloc (kernel stack of pid 1)", stacks[1] + 0x100))
cmds = []
for _, a in targets:
    cmds += ["vtop %x" % a, "rd %x 2" % a]
# user: the start of each mapping of wl-main; the first resident one is
# compared with rd -p (a filtered dump may have left user pages out)
ustarts = [int(m["start"], 16) for m in truth.get("maps", {}).get(str(main_pid), [])
           if not m["path"].startswith("[v")][:12]
cmds.append("set %d" % main_pid)
for u in ustarts:
    cmds += ["vtop %x" % u, "rd -u %x 2" % u]
r = run(cmds)
if r is None:
    notok("vtop session timed out")
    sys.exit(0)
out = dict(zip(cmds, r))


def vtop_paddr(lines):
    if len(lines) >= 2 and lines[0].split() == ["VIRTUAL", "PHYSICAL"]:
        f = lines[1].split()
        if len(f) == 2 and re.match(r"^[0-9a-f]+$", f[1]):
            return int(f[1], 16)
    return None


phys_checks = []
for what, a in targets:
    o = out["vtop %x" % a]
    pa = vtop_paddr(o)
    levels = [l.split(":")[0].strip() for l in o if re.match(r"^ +(P4D|PUD|PMD|PTE): ", l)]
    flags = [l for l in o if re.search(r"\((PRESENT|VALID)\|", l)]  # x86_64, arm64
    page = [l for l in o if l.startswith("      PAGE       PHYSICAL")]
    check(pa is not None and "PAGE DIRECTORY" in " ".join(o) and flags and page,
          "vtop of %s: translated, with levels %s, flags and struct page" % (what, "/".join(levels)),
          " / ".join(o[:3]))
    if what.startswith("direct map") and pa is not None and page_offset is not None:
        check(pa == a - page_offset, "vtop of a direct-map address is address - page_offset",
              "%x vs %x" % (pa, a - page_offset))
    if pa is not None:
        phys_checks.append((what, pa, words(out["rd %x 2" % a])))
walked = mapped = 0
for u in ustarts:
    uo = out["vtop %x" % u]
    if uo and uo[0].split() == ["VIRTUAL", "PHYSICAL"] and any(l.startswith("   PGD: ") for l in uo) \
            and any("START" in l and "FLAGS FILE" in l for l in uo):
        walked += 1
    upa = vtop_paddr(uo)
    uw = words(out["rd -u %x 2" % u])
    if upa is not None and uw and not mapped:
        mapped = 1
        phys_checks.append(("user address %x" % u, upa, uw))
        if u == 0x400000:
            check(uw[0].endswith("464c457f"), "rd -u 400000: the ELF header of /workload", uw[0])
check(ustarts and walked == len(ustarts),
      "vtop of %d user addresses of pid %d: page-table walk and VMA" % (len(ustarts), main_pid),
      "%d of %d" % (walked, len(ustarts)))
if not mapped:
    skip("no resident, readable user page among pid %d's mappings: rd -p not compared" % main_pid)

cmds = ["rd -p %x 2" % pa for _, pa, _ in phys_checks]
r = run(cmds) or []
for (what, pa, want), o in zip(phys_checks, r):
    got = words(o)
    check(got and got == want, "rd -p at vtop's physical address of %s reads the same words" % what,
          "%s vs %s" % (got, want))

# ---- Debian crash where it can open the dump: same vtop lines ----
if refcrash and targets:
    # one reference session: vtop of each target, then p in its forms
    pcmds = ["p init_task.mm", "p init_task.stack", "p &init_task", "p init_task.comm",
             "p jiffies", "p/x jiffies", "p -x jiffies", "p -d jiffies", "p/d jiffies",
             "p saved_command_line", "p init_task.sched_class", "p init_task.thread_info",
             "p init_task.tasks", "p linux_banner", "whatis init_task", "struct list_head",
             "struct task_struct.pid,comm,tasks %x" % int(ps.get(1, "0"), 16)]
    cmds = ["vtop %x" % a for _, a in targets] + pcmds
    ref = run(cmds, prog=refcrash, timeout=120)
    ours = run(cmds)
    if not ref or not any(vtop_paddr([l for l in o if l.strip()]) for o in ref):
        skip("reference crash cannot translate on this dump")
    else:
        names = ["vtop of %s" % w for w, _ in targets] + ["`%s`" % c for c in pcmds]
        for what, a, b in zip(names, ref, ours):
            a = [l for l in a if l.strip() and not l.startswith("WARNING")]
            b = [l for l in b if l.strip()]
            # "$N" counters differ between the sessions only by number
            a = [re.sub(r"\$\d+ = ", "$N = ", l) for l in a]
            b = [re.sub(r"\$\d+ = ", "$N = ", l) for l in b]
            check(a == b, "%s prints the lines Debian's crash prints" % what,
                  "\n# ".join(["", "ours:"] + b[:6] + ["theirs:"] + a[:6]))
