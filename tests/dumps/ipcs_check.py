#!/usr/bin/env python3
"""ipcs on one dump against its truth.json.

usage: ipcs_check.py CRASH TAG DUMPDIR VMCORE...
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
