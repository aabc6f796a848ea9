#!/usr/bin/env python3
"""Issue 16's acceptance test on one fixture dump: every example command
line of crash 8.0.2's help pages (examples.txt), filled with this dump's
addresses, tasks and names, run in one crash session; each must answer
(no "not supported", "invalid option", "command not found", no crash);
on the dumps Debian's crash opens (6.1), the headers and the columns of
the first rows of each answer are compared with its answer.

Usage: examples_check.py CRASH DUMPDIR VMCORE [REFCRASH]"""
import glob
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checklib import Checker, ref_opens, strip_warnings  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
BAD = ("not supported", "invalid option", "command not found", "no such command")
SANITIZER = re.compile(r"(AddressSanitizer|UndefinedBehaviorSanitizer|LeakSanitizer|"
                       r"runtime error: |Segmentation fault|Aborted)")

# The examples that do not work yet (issue 16), by their template in
# examples.txt: each is reported as a skip; one that works is a failure
# until it is taken off.  What is left for the option work to do.
NOT_YET = {
    # struct, mod
    "struct -oh request_queue {queue} | grep sbitmap": "-h",
    "mod -S": "prints nothing",
    "mod -s {module}": "a module without debuginfo: crash loads the .ko found beside the vmlinux",
}

# Examples whose header or columns differ from Debian crash's on 6.1 (an
# option's layout still to be matched): a skip while they differ, a
# failure once they agree, so that the list cannot go stale.
LAYOUT_DIFFERS = {
    "kmem -p {page}": "a page's address taken for a physical one: PAGE and PHYSICAL wrong",
}


# What Debian's crash takes minutes over on a loaded machine: left out of
# the comparison (the tests of those commands compare them).
SLOW_IN_REF = {"kmem -p", "foreach bt", "bt -a", "kmem -s", "foreach files"}


def load_examples(path):
    """[(page, marks, template, why)] of examples.txt, in its order."""
    res, page = [], ""
    for line in open(path):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        m = re.match(r"^\[(.+)\]$", line)
        if m:
            page = m.group(1)
            continue
        f = line.split("\t")
        why = f[2].lstrip("# ") if len(f) > 2 else ""
        res.append((page, set(f[0].split(",")), f[1], why))
    return res


def hexarg(v):
    return "%x" % v


class Resolver:
    """The values of the placeholders on one dump, from truth.json and from
    the dump through our crash (a few short sessions, each answering what
    the next one asks)."""

    def __init__(self, C, tmp, templates):
        self.C, self.tmp, self.v = C, tmp, {}
        t = C.truth
        wl = dict(t.get("workload", {}))
        wl["init"] = 1
        names = set(re.findall(r"\{([^{}]+)\}", " ".join(templates)))
        syms = sorted(set(n.split(":", 1)[1].split("+")[0] for n in names if n.startswith("sym:")))
        offs = sorted(set(n.split(":", 1)[1] for n in names if n.startswith("off:")))
        offs += [o for o in ("task_struct.tasks", "dentry.d_child", "dentry.d_subdirs",
                             "task_struct.rcu_read_unlock_special")
                 if o not in offs]
        roles_fd = wl.get("files")
        cmds = ["ps", "vm", "mount", "kmem -s", "ipcs -m", "dev", "mod", "p file_systems",
                "p vmap_area_root.rb_node"]
        cmds += ["sym %s" % s for s in syms] + ["struct -o %s" % o for o in offs]
        if roles_fd:
            cmds += ["files %d" % roles_fd, "net -s %d" % roles_fd]
        for role in ("mmap", "sleeper"):
            if role in wl:
                cmds += ["vm %d" % wl[role], "bt %d" % wl[role]]
        out = C.session(cmds, timeout=300) or [[] for _ in cmds]
        o = dict(zip(cmds, out))
        # tasks: pid -> task, comm
        tasks = {}
        for line in o["ps"]:
            m = re.match(r"^[> ]\s*(\d+)\s+\d+\s+\S+\s+([0-9a-f]+)\s+\S\S\s+\S+\s+\d+\s+\d+\s+(.*)$", line)
            if m:
                tasks.setdefault(int(m.group(1)), (m.group(2), m.group(3).strip("[]")))
        comm = {x["pid"]: x["comm"] for x in t.get("tasks", [])}
        for role, pid in wl.items():
            if not isinstance(pid, int):
                continue
            self.v["pid:" + role] = str(pid)
            if pid in tasks:
                self.v["task:" + role] = tasks[pid][0]
            if pid in comm:
                self.v["comm:" + role] = comm[pid]
        for s, lines in ((s, o.get("sym " + s, [])) for s in syms):
            m = re.match(r"^([0-9a-f]+) \(.\) " + re.escape(s) + r"$", " ".join(lines[:1]))
            if m:
                self.v["symaddr:" + s] = int(m.group(1), 16)
        for n in names:
            if n.startswith("sym:"):
                s, _, add = n[4:].partition("+")
                if "symaddr:" + s in self.v:
                    self.v[n] = hexarg(self.v["symaddr:" + s] + (int(add, 0) if add else 0))
        offv = {}
        for off in offs:
            m = re.search(r"^\s*\[(\d+)\]", "\n".join(o.get("struct -o " + off, [])), re.M)
            if m:
                offv[off] = int(m.group(1))
                self.v["off:" + off] = m.group(1)
        # the panic task's context: its first VMA and a later one
        vmas = self.vmas(o["vm"])
        if vmas:
            self.v["uvaddr_panic"] = hexarg(vmas[0][1])
            self.v["uvaddr_panic_data"] = hexarg(vmas[-1][1])
        # mmap task: mm, a VMA, a user address
        if "mmap" in wl:
            lines = o.get("vm %d" % wl["mmap"], [])
            vm = self.vmas(lines)
            if vm:
                self.v["vma_mmap"] = "%x" % vm[0][0]
                self.v["uvaddr_mmap"] = hexarg(vm[0][1])
            m = re.search(r"^([0-9a-f]{8,16})\s+[0-9a-f]+\s+\d+k", "\n".join(lines), re.M)
            if m:
                self.v["mm_mmap"] = m.group(1)
        if "sleeper" in wl:
            m = re.search(r"#0 \[([0-9a-f]+)\]", "\n".join(o.get("bt %d" % wl["sleeper"], [])))
            if m:
                self.v["stack_sleeper"] = m.group(1)
        for k, off in (("tasks_init", "task_struct.tasks"),
                       ("rcu_special_init", "task_struct.rcu_read_unlock_special")):
            if "task:init" in self.v and off in offv:
                self.v[k] = hexarg(int(self.v["task:init"], 16) + offv[off])
        # the open file /tmp/roles and a socket of the files task
        if roles_fd:
            for line in o.get("files %d" % roles_fd, []):
                f = line.split()
                if len(f) == 6 and f[5] == "/tmp/roles":
                    self.v["file_roles"], self.v["dentry_roles"], self.v["inode_roles"] = f[1:4]
            for line in o.get("net -s %d" % roles_fd, []):
                f = line.split()
                if len(f) >= 4 and f[0].isdigit() and re.match(r"^[0-9a-f]{8,}$", f[1]):
                    self.v.setdefault("socket", f[1])
        if "dentry_roles" in self.v and "dentry.d_child" in offv:
            self.v["dentry_child_roles"] = hexarg(int(self.v["dentry_roles"], 16) +
                                                  offv["dentry.d_child"])
        for line in o["mount"]:
            f = line.split()
            if len(f) >= 5 and f[-1] == "/tmp":
                self.v["vfsmount_tmp"], self.v["sb_tmp"] = f[0], f[1]
        # slab caches: a kmalloc one, a named one, its address
        caches = [line.split() for line in o["kmem -s"]]
        caches = [c for c in caches if len(c) == 7 and re.match(r"^[0-9a-f]{8,}$", c[0])]
        kmalloc = [c for c in caches if re.match(r"^kmalloc-\d+k?$", c[6])]
        if kmalloc:
            self.v["kmalloc_cache"] = max(kmalloc, key=lambda c: int(c[1]))[6]
        named = [c for c in caches if c[6] == "mm_struct"] or caches
        if named:
            self.v["cache_name"], self.v["cache_addr"] = named[0][6], named[0][0]
        for line in o["ipcs -m"]:
            f = line.split()
            if f and re.match(r"^[0-9a-f]{8,}$", f[0]):
                self.v.setdefault("shm", f[0])
        m = re.search(r"0x([0-9a-f]+)", " ".join(o["p file_systems"]))
        if m:
            self.v["fs_first"] = m.group(1)
        m = re.search(r"0x([0-9a-f]+)", " ".join(o["p vmap_area_root.rb_node"]))
        if m:
            self.v["vmap_root_node"] = m.group(1)
        gendisk = None
        for line in o["dev"]:
            f = line.split()
            if len(f) == 4 and f[1] in ("loop", "zram", "virtblk") and re.match(r"^[0-9a-f]{8,}$", f[2]):
                gendisk = gendisk or f[2]
        mods = [line.split()[1] for line in o["mod"] if re.match(r"^[0-9a-f]{8,}\s", line)]
        mod = "crashmod" if "crashmod" in mods else "dummy" if "dummy" in mods else \
            (mods[0] if mods else None)
        if mod:
            self.v["module"] = mod
            kos = glob.glob(os.path.join(C.ddir, mod + ".ko"))
            top = os.environ.get("TOP", os.path.dirname(os.path.dirname(HERE)))
            kos += glob.glob(os.path.join(top, "build/moddebug-dbg", t.get("release", "-"),
                                          "usr/lib/debug/**", mod + ".ko"), recursive=True)
            # else the package's own (stripped) module: an answer too
            kos += glob.glob(os.path.join(C.ddir, "..", "..", "kernels", t.get("release", "-"),
                                          "modules", mod + ".ko"))
            if kos:
                self.v["module_ko"] = os.path.normpath(kos[0])
            for line in o["mod"]:
                f = line.split()
                if len(f) > 1 and f[1] == mod:
                    self.v["module_sym"] = f[0]	# its struct module, __this_module
        # two interrupts that fired, from the truth
        irqs = [r["irq"] for r in t.get("interrupts", {}).get("rows", [])
                if str(r.get("irq", "")).isdigit() and sum(r.get("counts", [])) > 0]
        for k, irq in zip(("irq1", "irq2"), irqs):
            self.v[k] = irq
        # a second round: what the first one found leads to
        ask = {}
        if "page" in names and "task:init" in self.v:
            ask["vtop"] = "vtop %s" % self.v["task:init"]
        if "sb_tmp" in self.v:
            ask["s_root"] = "p ((struct super_block *)0x%s)->s_root" % self.v["sb_tmp"]
        if "inode_roles" in self.v:
            ask["mapping"] = "p ((struct inode *)0x%s)->i_mapping" % self.v["inode_roles"]
            ask["xa_head"] = "p ((struct inode *)0x%s)->i_mapping->i_pages.xa_head" % \
                self.v["inode_roles"]
        if "task:main" in self.v:
            ask["signal"] = "p ((struct task_struct *)0x%s)->signal" % self.v["task:main"]
        if gendisk:
            g = "((struct gendisk *)0x%s)" % gendisk
            ask["bdev"] = "p %s->part0" % g
            ask["dkstats"] = "p %s->part0->bd_stats" % g
            ask["queue"] = "p %s->queue" % g
            ask["tags"] = "p %s->queue->tag_set->tags[0]" % g
            ask["sbq"] = "p &%s->queue->tag_set->tags[0]->bitmap_tags" % g
            ask["static_rqs"] = "p %s->queue->tag_set->tags[0]->static_rqs" % g
        keys = list(ask)
        out2 = C.session([ask[k] for k in keys], timeout=300) or [[] for _ in keys]
        o2 = dict(zip(keys, out2))
        for k in ("mapping", "xa_head", "signal", "bdev", "dkstats", "queue", "tags", "sbq",
                  "static_rqs"):
            m = re.search(r"(?:= |\) )0x([0-9a-f]+)", " ".join(o2.get(k, [])))
            if m and int(m.group(1), 16):
                key = {"mapping": "mapping_roles", "xa_head": "xa_head_roles",
                       "signal": "signal_main"}.get(k, k)
                self.v[key] = m.group(1)
        m = re.search(r"0x([0-9a-f]+)", " ".join(o2.get("s_root", [])))
        if m:
            self.v["dentry_tmp"] = m.group(1)
            if "dentry.d_subdirs" in offv:
                self.v["subdirs_tmp"] = hexarg(int(m.group(1), 16) + offv["dentry.d_subdirs"])
        lines = o2.get("vtop", [])
        for i, line in enumerate(lines):
            if re.match(r"^\s+PAGE\s+PHYSICAL\s+MAPPING", line) and i + 1 < len(lines):
                f = lines[i + 1].split()
                if len(f) >= 2:
                    self.v["page"], self.v["paddr"] = f[0], f[1]
        # files the shell's examples read, extensions to load
        self.v["tmp"] = tmp
        with open(os.path.join(tmp, "cmdfile"), "w") as f:
            f.write("sym jiffies\n")
        with open(os.path.join(tmp, "pidfile"), "w") as f:
            f.write("".join("%d\n" % wl[r] for r in ("main", "sleeper") if r in wl))
        build = os.environ.get("BUILD", os.path.join(os.path.dirname(os.path.abspath(C.crash)),
                                                     "build", "release"))
        for k, name in (("ext1", "say"), ("ext2", "children")):
            so = os.path.join(build, "extensions", "examples", name + ".so")
            if os.path.exists(so):
                self.v[k] = so

    @staticmethod
    def vmas(lines):
        """[(vma, start)] of a `vm` answer."""
        res = []
        for line in lines:
            m = re.match(r"^([0-9a-f]{8,16})\s+([0-9a-f]+)\s+([0-9a-f]+)\s+[0-9a-f]+\b", line)
            if m:
                res.append((int(m.group(1), 16), int(m.group(2), 16)))
        return res

    def fill(self, template):
        """The command line, or (None, the placeholder that has no value)."""
        missing = []

        def sub(m):
            k = m.group(1)
            if k not in self.v:
                missing.append(k)
                return m.group(0)
            return str(self.v[k])
        line = re.sub(r"\{([^{}]+)\}", sub, template)
        return (None, missing[0]) if missing else (line, None)


def header_lines(lines):
    """The column headers of an answer: lines of capitalised words
    ("  PID    PPID  CPU  TASK  ST  %MEM ..."), whitespace normalised."""
    res = []
    for line in lines:
        s = line.strip()
        words = s.split()
        if len(words) < 2 or not re.match(r"^[A-Z0-9_%()/:.#&\[\] -]+$", s):
            continue
        if sum(1 for w in words if re.match(r"^[A-Z][A-Z_%()/:-]+$", w)) < 2:
            continue
        if any(re.match(r"^[0-9A-F]{6,}$", w) for w in words):
            continue
        res.append(" ".join(words))
    return res


def first_rows(lines, header, n=3):
    """The field counts of the n lines after the first header line."""
    for i, line in enumerate(lines):
        if " ".join(line.split()) == header:
            rows = [r.lstrip(">") for r in lines[i + 1:i + 1 + n] if r.strip()]
            return [len(r.split()) for r in rows]
    return []


def is_error(lines, cmd):
    """An answer that is one error line (of this command or of the shell)."""
    name = cmd.split()[0].lstrip("*")
    return len(lines) == 1 and re.match(r"^(%s|crash|gdb): " % re.escape(name), lines[0])


def verdict(marks, line, o):
    """Why the answer o of example line is wrong, or "" when it is right."""
    bad = [ln for ln in o if any(b in ln.lower() for b in BAD)]
    if "refuse" in marks:
        # an option of another machine may be unknown here: its error and
        # crash's usage line
        name = line.split()[0]
        if 1 <= len(o) <= 2 and all(ln.startswith(name + ": ") for ln in o) and \
                not [ln for ln in o if "not found" in ln or "not supported" in ln]:
            return ""
        return "not refused in one error: " + " / ".join(o[:3])
    if bad:
        return bad[0]
    red = re.search(r">>? *(\S+)\s*$", line)
    if red:
        f = red.group(1)
        if o or not os.path.exists(f) or not os.path.getsize(f):
            return "not written to its file: " + " / ".join(o[:2])
        return ""
    if not [ln for ln in o if ln.strip()] and "quiet" not in marks:
        return "no answer"
    if "table" in marks and is_error(o, line):
        return o[0]
    return ""


def main():
    crash, ddir, vmcore = sys.argv[1:4]
    refcrash = sys.argv[4] if len(sys.argv) > 4 else ""
    C = Checker(crash, ddir, vmcore)
    examples = load_examples(os.path.join(HERE, "examples.txt"))
    tmp = tempfile.mkdtemp(prefix="crash-examples-")
    try:
        run(C, refcrash, examples, tmp)
    finally:
        subprocess.run(["rm", "-rf", tmp])


def run(C, refcrash, examples, tmp):
    R = Resolver(C, tmp, [e[2] for e in examples])
    todo = []	# (page, marks, template, line)
    for page, marks, tmpl, why in examples:
        line, missing = R.fill(tmpl)
        if line is None:
            C.skip("`%s`: no %s on this dump" % (tmpl, missing))
            continue
        todo.append((page, marks, tmpl, line))
    cmds = [x[3] for x in todo]
    # one session, the answers split at echo markers; its exit status
    # and the sanitizer's lines are the session's
    lines = []
    for i, c in enumerate(cmds):
        lines += [c, "echo @@%d@@" % i]
    try:
        p = subprocess.run([C.crash, "-s", os.path.join(C.ddir, "vmlinux")] + C.dump_files(),
                           input="\n".join(lines) + "\n", stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, timeout=900, errors="replace")
    except subprocess.TimeoutExpired:
        C.notok("the session of %d examples timed out" % len(cmds))
        return
    outs, cur = [], []
    for ln in p.stdout.splitlines():
        if re.match(r"^@@\d+@@$", ln):
            outs.append(cur)
            cur = []
        else:
            cur.append(ln)
    if len(outs) < len(cmds):
        C.notok("session ended (status %d) in `%s`: %s" % (p.returncode, cmds[len(outs)],
                                                            " / ".join(cur[-3:])))
    # crash's batch exits 1 when a command failed: a signal is a crash
    C.check(p.returncode in (0, 1), "the session of %d examples ends without a crash" % len(cmds),
            "status %d" % p.returncode)
    san = [ln for ln in cur if SANITIZER.search(ln)]
    if san:
        C.notok("after the last example: %s" % san[0])
    passed = 0
    answers = {}
    for (page, marks, tmpl, line), o in zip(todo, outs):
        answers[line] = o
        what = "%s: `%s`" % (page, line)
        san = [ln for ln in o if SANITIZER.search(ln)]
        if san:
            C.notok("%s: %s" % (what, san[0]))
            continue
        why = verdict(marks, line, o)
        if tmpl in NOT_YET:
            if why:
                C.skip("%s: not yet (issue 16): %s" % (what, why))
            else:
                C.notok("%s: now works: take it off the list (NOT_YET)" % what)
            continue
        if why:
            C.notok("%s: %s" % (what, why))
        else:
            passed += 1
    C.ok("%d of %d examples answer" % (passed, len(todo)))
    # help lists every command whose help page the examples come from
    helpw = set(w for x, o in zip(todo, outs) if x[3] == "help" for ln in o for w in ln.split())
    pages = sorted(set(e[0] for e in examples) - {"input"}) + ["exit", "q"]
    missing = [c for c in pages if c not in helpw]
    C.check(helpw and not missing, "help lists the %d commands of the help pages" % len(pages),
            "missing %s" % missing)
    # ---- Debian's crash on the dumps it opens (6.1) ----
    if not refcrash or not ref_opens(refcrash, C.ddir):
        return
    # the tables of our answers, and not the walks Debian's crash takes
    # minutes over (every page, every task's stack)
    cmp = [x for x in todo if not ({"refuse", "nocmp"} & x[1]) and x[2] not in NOT_YET
           and not re.search(r"[<>|]", x[3]) and not x[3].startswith("!")
           and header_lines(answers.get(x[3], [])) and x[3] not in SLOW_IN_REF]
    if os.environ.get("EXAMPLES_DEBUG"):
        with open(os.environ["EXAMPLES_DEBUG"], "w") as f:
            for x in todo:
                f.write("crash> %s\n%s\n" % (x[3], "\n".join(answers.get(x[3], []))))
            f.write("COMPARED: %s\n" % [x[3] for x in cmp])
    ref = C.session([x[3] for x in cmp], prog=refcrash, timeout=600)
    if ref is None:
        C.skip("Debian's crash timed out: no layout comparison")
        return
    same = 0
    for (page, marks, tmpl, line), r in zip(cmp, ref):
        r = strip_warnings(r)
        o = answers.get(line, [])
        rh = header_lines(r)
        name = line.split()[0].lstrip("*")
        if not rh or any(b in " ".join(r).lower() for b in BAD) or \
                [ln for ln in r if re.match(r"^(%s|crash): " % re.escape(name), ln)]:
            continue	# no table in Debian crash's answer, or an error in it
        oh = header_lines(o)
        why = ""
        if [h for h in rh if h not in oh]:
            why = "header %r, ours %r" % ([h for h in rh if h not in oh][0], oh[:1])
        else:
            rc, oc = first_rows(r, rh[0]), first_rows(o, rh[0])
            if rc and oc and rc[0] != oc[0]:
                why = "%d columns under %r, ours %d" % (rc[0], rh[0], oc[0])
        what = "%s: `%s` prints Debian crash's headers and columns" % (page, line)
        if tmpl in LAYOUT_DIFFERS:
            if why:
                C.skip("%s: not yet (issue 16): %s" % (what, why))
            else:
                C.notok("%s: now agrees: take it off the list (LAYOUT_DIFFERS)" % what)
            continue
        if why:
            C.notok("%s: %s" % (what, why))
        else:
            same += 1
    C.ok("%d examples print Debian crash's headers and columns" % same)


main()
