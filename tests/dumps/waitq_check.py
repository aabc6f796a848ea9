#!/usr/bin/env python3
"""waitq on one dump against its truth.json.

usage: waitq_check.py CRASH TAG DUMPDIR VMCORE...
Runs crash a few times (commands on stdin) and prints ok/not ok/skip lines."""
import json, re, subprocess, sys

crash, tag, d, cores = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
truth = json.load(open(d + "/truth.json"))


def run(cmds):
    p = subprocess.run([crash, "-s", d + "/vmlinux"] + cores, input="\n".join(cmds) + "\n",
                       capture_output=True, text=True, timeout=600)
    return p.stdout + p.stderr


def report(ok, what, why=""):
    print(("ok - " if ok else "not ok - ") + "%s: %s%s" % (tag, what, "" if ok or not why else ": " + why))


# ---- waitq: log_wait holds the /proc/kmsg reader; the pipe's rd_wait the
# pipe reader.
w = truth["workload"]
# The panic's printk wakes the kmsg reader, so whether it is still on
# log_wait when the CPUs stop is a race: either it is there (and nothing
# else is), or the queue is empty and ps shows it woken (not asleep).
o = run(["waitq log_wait"])
pids = [int(p) for p in re.findall(r"^PID: (\d+)\s+TASK: [0-9a-f]+\s+CPU: \d+\s+COMMAND: ", o, re.M)]
if pids:
    report(pids == [w["kmsg_reader"]], "waitq log_wait holds the kmsg reader and nothing else", o[-200:])
else:
    ps = run(["ps %d" % w["kmsg_reader"]])
    st = re.search(r"^>?\s*%d\s+\d+\s+\d+\s+[0-9a-f]+\s+(\S\S)\s" % w["kmsg_reader"], ps, re.M)
    report("is empty" in o and st is not None and st.group(1) != "IN",
           "waitq log_wait empty and the kmsg reader woken by the panic", (o + ps)[-300:])
pr = w["pipe_reader"]
pipes = [f["fd"] for f in truth["fds"].get(str(pr), []) if f["target"].startswith("pipe:")]
o = run(["files %d" % pr])
files = {}
for l in o.splitlines():
    m = re.match(r"^\s*(\d+)\s+([0-9a-f]{16})\s", l)
    if m:
        files[int(m.group(1))] = m.group(2)
if not files:
    print("skip - %s: waitq on the pipe: `files` gives no FILE addresses" % tag)
else:
    found = False
    for fd in pipes:
        if fd not in files:
            continue
        o = run(["struct file.private_data %s" % files[fd]])
        m = re.search(r"private_data = (0x[0-9a-f]+)", o)
        if not m:
            print("skip - %s: waitq on the pipe: `struct file.private_data` unavailable" % tag)
            found = None
            break
        o = run(["waitq pipe_inode_info.rd_wait %s" % m.group(1)[2:]])
        m = re.search(r"^PID: (\d+)\s", o, re.M)
        if m and int(m.group(1)) == pr:
            found = True
            break
    if found is not None:
        report(found, "waitq pipe_inode_info.rd_wait shows the pipe reader")
