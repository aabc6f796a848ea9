"""What the python checkers of tests/dumps share: the ok / not ok / skip
lines tests/run counts, and crash sessions whose output is split per
command.

    from checklib import Checker
    c = Checker(crash, dumpdir, vmcore)       # tag "fixture/vmcore.x"
    out = c.session(["ps", "sys"])            # [lines of ps, lines of sys]
    c.check(cond, "what was checked", "why it failed")"""
import json
import os
import re
import subprocess


def lossy_why(ddir, vmcore):
    """Why a dump file lacks pages its dump level keeps, or None: the
    makedumpfile -d files of the kdump route on Linux 6.10 and later, whose
    slab (and page-table) pages makedumpfile before 1.7.7, as Debian's
    1.7.2, takes for free pages (tests/dumps/tasks.sh checks that crash
    reports it).  Their comparisons with the truth are skipped."""
    if os.path.basename(vmcore).startswith("vmcore.elf"):
        return None
    try:
        route = [l.split()[1] for l in open(os.path.join(ddir, "MANIFEST")) if l.startswith("route ")]
        rel = json.load(open(os.path.join(ddir, "truth.json")))["release"]
    except (OSError, ValueError, KeyError, IndexError):
        return None
    m = re.match(r"(\d+)\.(\d+)", rel)
    if route != ["kdump"] or not m or (int(m[1]), int(m[2])) < (6, 10):
        return None
    return "makedumpfile before 1.7.7 dropped slab pages of this %s kernel" % rel


class Checker:
    def __init__(self, crash, ddir, vmcore):
        self.crash, self.ddir, self.vmcore = crash, ddir, vmcore
        self.truth = json.load(open(os.path.join(ddir, "truth.json")))
        self.tag = "%s/%s" % (os.path.basename(ddir), os.path.basename(vmcore))
        self.lossy = lossy_why(ddir, vmcore)

    def ok(self, msg):
        print("ok - %s: %s" % (self.tag, msg))

    def notok(self, msg):
        if self.lossy:  # what the filter dropped cannot match the truth
            self.skip("%s (%s)" % (msg, self.lossy))
            return
        print("not ok - %s: %s" % (self.tag, msg))

    def skip(self, msg):
        print("skip - %s: %s" % (self.tag, msg))

    def check(self, cond, msg, why=""):
        if cond:
            self.ok(msg)
        else:
            self.notok(msg + (": " + why if why else ""))

    def dump_files(self):
        if self.vmcore.endswith(".split.1"):
            return [self.vmcore, self.vmcore[:-1] + "2"]
        return [self.vmcore]

    def session(self, cmds, prog=None, timeout=300):
        """Run cmds in one session (stdin batch); the output lines of each,
        split at `echo` marker lines.  None when it timed out."""
        lines = []
        for i, c in enumerate(cmds):
            lines += [c, "echo @@%d@@" % i]
        try:
            p = subprocess.run([prog or self.crash, "-s", os.path.join(self.ddir, "vmlinux")] +
                               self.dump_files(), input="\n".join(lines) + "\n",
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               timeout=timeout, errors="replace")
        except subprocess.TimeoutExpired:
            return None
        res, cur = [], []
        for line in p.stdout.splitlines():
            if re.match(r"^@@\d+@@$", line):
                res.append(cur)
                cur = []
            else:
                cur.append(line)
        while len(res) < len(cmds):
            res.append(cur)
            cur = []
        return res


def ref_opens(refcrash, ddir):
    """Whether Debian's crash (refcrash) opens the ELF dump of ddir: probed
    once (it takes seconds, and fails on some kernels) and remembered in a
    file beside the dump."""
    if not refcrash:
        return False
    mark = os.path.join(ddir, ".refcrash-opens")
    try:
        return open(mark).read().strip() == "yes"
    except OSError:
        pass
    try:
        p = subprocess.run([refcrash, "-s", os.path.join(ddir, "vmlinux"),
                            os.path.join(ddir, "vmcore.elf")], input="sys\n",
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                           timeout=120, errors="replace")
        opens = bool(re.search(r"^ +RELEASE: ", p.stdout, re.M))
    except subprocess.TimeoutExpired:
        return False	# a loaded machine, not an answer: not remembered
    except OSError:
        opens = False
    try:
        with open(mark, "w") as f:
            f.write("yes\n" if opens else "no\n")
    except OSError:
        pass
    return opens


def strip_warnings(lines):
    """Lines of a command's output without Debian crash's WARNING: blocks
    (a warning line and the empty line after it)."""
    res, drop = [], False
    for l in lines:
        if l.startswith("WARNING: "):
            drop = True
            continue
        if drop and not l.strip():
            drop = False
            continue
        drop = False
        res.append(l)
    return res


def same_as_ref(C, refcrash, cmds, opened):
    """Checks that each of cmds prints in our crash the lines Debian's crash
    (refcrash) prints, where it opens the dump; opened(lines) tells from the
    reference's output of the first command whether it could."""
    if not refcrash:
        return
    # Debian's crash 8.0.2 cannot open every dump: probed once, remembered
    if not ref_opens(refcrash, C.ddir):
        C.skip("reference crash does not open this dump")
        return
    ref = C.session(cmds, refcrash, 300)
    ours = C.session(cmds, None, 120)
    if not ref or not opened(ref[0]):
        C.skip("reference crash cannot open this dump")
        return
    for c, a, b in zip(cmds, ref, ours or [[] for _ in cmds]):
        a = strip_warnings(a)
        C.check(a == b, "`%s` prints the %d lines Debian's crash prints" % (c, len(a)),
                "first difference at line %d" % next((i for i, (x, y) in enumerate(zip(a, b))
                                                       if x != y), min(len(a), len(b))))


def run_text(c, cmds, timeout=600):
    """One session of Checker c with cmds on stdin: its whole output
    (stdout then stderr), or None when it timed out."""
    try:
        p = subprocess.run([c.crash, "-s", os.path.join(c.ddir, "vmlinux")] + c.dump_files(),
                           input="\n".join(cmds) + "\n", capture_output=True, text=True,
                           timeout=timeout, errors="replace")
    except subprocess.TimeoutExpired:
        return None
    return p.stdout + p.stderr


def by_task(out):
    """Output split into {pid: [lines]} at crash's task header lines
    ("PID: 1  TASK: ..."): what a command printed for each task."""
    res, cur = {}, None
    for line in out.splitlines():
        m = re.match(r"^PID: (\d+) +TASK: ", line)
        if m:
            cur = int(m.group(1))
            res.setdefault(cur, [])
            continue
        if cur is not None:
            res[cur].append(line)
    return res


def error_lines(out, names):
    """Lines that report a failure: "cmd: message" of the shell, for the
    command names given."""
    return [l for l in out.splitlines()
            if re.match(r"^(%s): " % "|".join(names), l)]


def is_arm64(vmlinux):
    """The vmlinux's ELF machine is AArch64 (e_machine 183)."""
    try:
        with open(vmlinux, "rb") as f:
            h = f.read(20)
    except OSError:
        return False
    return len(h) == 20 and int.from_bytes(h[18:20], "little") == 183


def gdb_program(vmlinux):
    """The gdb that reads this vmlinux: this machine's gdb reads its own
    architecture only, an arm64 vmlinux needs gdb-multiarch
    (tests/deps.txt)."""
    return "gdb-multiarch" if is_arm64(vmlinux) else "gdb"


def split_marked(text, n, drop=None):
    """Output of n commands each followed by an "@@N@@" marker line, as n
    lists of lines (a missing one empty); lines starting with drop are
    left out."""
    res, cur = [], []
    for line in text.splitlines():
        if re.match(r"^@@\d+@@$", line):
            res.append(cur)
            cur = []
        elif not (drop and line.startswith(drop)):
            cur.append(line)
    while len(res) < n:
        res.append([])
    return res


def clean_ref(lines):
    """Output lines without crash's warnings and outer blank lines."""
    lines = [l.rstrip("\n") for l in lines if not l.startswith("WARNING")]
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


class RefSessions:
    """Debian's crash running cmds on the dumps it opens, in the background
    while our own checks go on (it takes ~15 s on each): two dumps unless
    the environment variable all_env is set."""

    def __init__(self, refcrash, ddirs, cmds, all_env):
        self.cmds = cmds
        dirs = [d for d in ddirs if refcrash and os.path.exists(os.path.join(d, "vmcore.elf"))
                and ref_opens(refcrash, d)]
        dirs = dirs if os.environ.get(all_env) else dirs[:2]
        self.procs = {d: self._start(refcrash, d) for d in dirs}

    def _start(self, refcrash, d):
        lines = []
        for i, c in enumerate(self.cmds):
            lines += [c, "echo @@%d@@" % i]
        p = subprocess.Popen([refcrash, "-s", os.path.join(d, "vmlinux"),
                              os.path.join(d, "vmcore.elf")],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True, errors="replace")
        p.stdin.write("\n".join(lines) + "\n")
        p.stdin.close()
        return p

    def compare(self, C, d, out, header):
        """Checks that each command printed in our session (out: command ->
        lines) the lines Debian's crash printed on dump d; header is a line
        its first output holds when it could open the dump."""
        p = self.procs.get(d)
        if not p:
            return
        try:
            text = p.stdout.read()
            p.wait(timeout=300)
        except subprocess.TimeoutExpired:
            p.kill()
            C.skip("Debian's crash timed out")
            return
        ref = split_marked(text, 0)
        if len(ref) < 1 or not any(l == header for l in ref[0]):
            C.skip("Debian's crash cannot open this dump")
            return
        for c, a in zip(self.cmds, ref):
            a, b = clean_ref(a), clean_ref(out[c])
            first = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            C.check(a == b, "`%s` prints the %d lines Debian's crash prints" % (c, len(a)),
                    "first difference at line %d: %r vs %r" % (first, a[first:first + 1],
                                                               b[first:first + 1]))

    def close(self):
        for p in self.procs.values():
            if p.poll() is None:
                p.kill()
                p.wait()


def check_one_line_errors(C, out, cmds):
    """Each of cmds (bad input) printed one error line naming the command."""
    for c in cmds:
        o = out[c]
        name = c.split()[0]
        C.check(len(o) == 1 and o[0].startswith(name + ": "), "error of `%s` is one line" % c,
                " / ".join(o[:3]))


def vmcoreinfo(ddir, key):
    """A VMCOREINFO value of the fixture's ELF dump (None when absent)."""
    import struct
    try:
        f = open(os.path.join(ddir, "vmcore.elf"), "rb")
    except OSError:
        return None
    with f:
        h = f.read(64)
        phoff, = struct.unpack_from("<Q", h, 32)
        phnum, = struct.unpack_from("<H", h, 56)
        f.seek(phoff)
        ph = f.read(56 * phnum)
        for i in range(phnum):
            t, _, off, _, _, fs, _, _ = struct.unpack_from("<IIQQQQQQ", ph, 56 * i)
            if t != 4:
                continue
            f.seek(off)
            d = f.read(fs)
            p = 0
            while p + 12 <= len(d):
                n, sz, _ = struct.unpack_from("<III", d, p)
                p += 12
                name = d[p:p + n].rstrip(b"\0")
                p += (n + 3) & ~3
                desc = d[p:p + sz]
                p += (sz + 3) & ~3
                if name == b"VMCOREINFO":
                    for l in desc.decode(errors="replace").splitlines():
                        if l.startswith(key + "="):
                            return l.split("=", 1)[1]
    return None
