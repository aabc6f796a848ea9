#!/usr/bin/env python3
"""ipcs, irq and waitq on one dump against its truth.json.

usage: ipcirq_check.py CRASH TAG DUMPDIR VMCORE...
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


# ---- ipcs: the three sections hold exactly /proc/sysvipc's objects.
out = run(["ipcs"]).splitlines()
sec, got = None, {"shm": [], "sem": [], "msg": []}
names = {"SHMID_KERNEL": "shm", "SEM_ARRAY": "sem", "MSG_QUEUE": "msg"}
for l in out:
    w = l.split()
    if w and w[0] in names:
        sec = names[w[0]]
    elif sec and len(w) >= 6 and re.fullmatch(r"[0-9a-f]{16}", w[0]):
        got[sec].append(w)
for kind, idk in (("shm", "shmid"), ("sem", "semid"), ("msg", "msqid")):
    want = sorted(
        (int(o["key"]) & 0xffffffff, o[idk], o["uid"], o["perms"],
         o["size"] if kind == "shm" else o["nsems"] if kind == "sem" else o["cbytes"],
         o["nattch"] if kind == "shm" else None if kind == "sem" else o["qnum"])
        for o in truth["sysvipc"][kind])
    have = sorted(
        (int(w[1], 16), int(w[2]), int(w[3]), int(w[4]), int(w[5]),
         int(w[6]) if kind != "sem" and len(w) > 6 else None)
        for w in got[kind])
    report(want == have, "ipcs %s matches /proc/sysvipc/%s (%d objects)" % (kind, kind, len(want)),
           "want %r have %r" % (want, have))

# ipcs -m/-s/-q show one section each; ipcs ID finds the object.
for opt, head in (("-m", "SHMID_KERNEL"), ("-s", "SEM_ARRAY"), ("-q", "MSG_QUEUE")):
    o = run(["ipcs " + opt])
    heads = [h for h in names if re.search(r"^" + h + r"\b", o, re.M)]
    report(heads == [head], "ipcs %s shows only %s" % (opt, head), "sections %r" % heads)
shm = truth["sysvipc"]["shm"]
if shm:
    o = run(["ipcs -M -m %d" % shm[0]["shmid"]])
    m = re.search(r"PAGES ALLOCATED/RESIDENT/SWAPPED: (\d+)/(\d+)/(\d+)", o)
    ok = bool(m) and int(m.group(1)) == (shm[0]["size"] + 4095) // 4096 \
        and int(m.group(2)) * 4096 == shm[0]["rss"] and int(m.group(3)) * 4096 == shm[0]["swap"]
    report(ok, "ipcs -M pages match /proc/sysvipc/shm rss and swap", o.strip()[-200:])
    o = run(["ipcs -m -i %d" % shm[0]["shmid"]])
    rows = [l for l in o.splitlines() if re.match(r"^[0-9a-f]{16} ", l)]
    report(len(rows) == 1 and rows[0].split()[1] == "%08x" % (shm[0]["key"] & 0xffffffff),
           "ipcs -m -i ID shows that segment alone", o.strip()[-200:])
main = truth["workload"].get("main")
if main is not None:
    o = run(["ipcs -n %d" % main])
    report(all(h in o for h in names), "ipcs -n PID of the IPC owner")

# ---- irq: names and per-CPU counts of every numbered /proc/interrupts row.
rows = {r["irq"]: r for r in truth["interrupts"]["rows"] if r["irq"].isdigit()}
o = run(["irq -u"])
named = {}
for l in o.splitlines():
    m = re.match(r"^\s*(\d+)\s+[0-9a-f]{16}\s+[0-9a-f]{16}\s+\"(.*)\"$", l)
    if m:
        named.setdefault(m.group(1), []).append(m.group(2))
bad = [i for i, r in rows.items() if not r["desc"].endswith(", ".join(named.get(i, ["?"])))]
report(rows and not bad and set(named) == set(rows), "irq names match /proc/interrupts (%d IRQs)" % len(rows),
       "differ: %r, irq shows %r" % (bad, sorted(named)))
o = run(["irq -s"])
lines = o.splitlines()
hdr = [l for l in lines if re.match(r"^\s+CPU0\b", l)]
ncpu = len(hdr[0].split()) if hdr else 0
counts = {}
for l in lines:
    m = re.match(r"^\s*(\d+):((?:\s+\d+){%d})\s" % max(ncpu, 1), l)
    if m:
        counts[m.group(1)] = [int(x) for x in m.group(2).split()]
problems = []
for i, r in rows.items():
    c = counts.get(i)
    if c is None or len(c) != len(r["counts"]):
        problems.append("%s missing" % i)
        continue
    # The dump is taken after /proc/interrupts was read: counts only
    # grow, and only the serial console's IRQ by much (it printed the
    # truth block).
    serial = "ttyS" in r["desc"]
    for have, want in zip(c, r["counts"]):
        if have < want or (not serial and have - want > 50):
            problems.append("%s: %r vs %r" % (i, c, r["counts"]))
            break
report(rows and not problems and ncpu == len(truth["interrupts"]["cpus"]),
       "irq -s counts match /proc/interrupts", "; ".join(problems[:4]))
o = run(["irq -s -c 0"])
report(re.search(r"^\s+CPU0 *$", o, re.M) is not None, "irq -s -c 0 shows CPU0 only")
o = run(["irq -b"])
report("SOFTIRQ_VEC" in o and len(re.findall(r"<\w+>", o)) >= 8, "irq -b lists the softirq actions")
o = run(["irq -d"])
report(len(re.findall(r"^\s*\[\s*\d+\] \S+", o, re.M)) == 256 and "asm_exc_page_fault" in o,
       "irq -d lists 256 IDT vectors")

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
