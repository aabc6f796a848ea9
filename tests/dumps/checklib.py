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


class Checker:
    def __init__(self, crash, ddir, vmcore):
        self.crash, self.ddir, self.vmcore = crash, ddir, vmcore
        self.truth = json.load(open(os.path.join(ddir, "truth.json")))
        self.tag = "%s/%s" % (os.path.basename(ddir), os.path.basename(vmcore))

    def ok(self, msg):
        print("ok - %s: %s" % (self.tag, msg))

    def notok(self, msg):
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
    except (OSError, subprocess.TimeoutExpired):
        opens = False
    try:
        with open(mark, "w") as f:
            f.write("yes\n" if opens else "no\n")
    except OSError:
        pass
    return opens


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
