#!/usr/bin/env python3
"""net on one fixture dump, against truth.json and against
Debian's crash where it opens the dump.

Usage: net_check.py CRASH DUMPDIR VMCORE [REFCRASH]"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checklib import Checker, same_as_ref  # noqa: E402

crash, ddir, vmcore = sys.argv[1:4]
refcrash = sys.argv[4] if len(sys.argv) > 4 else ""
C = Checker(crash, ddir, vmcore)
truth, tag = C.truth, C.tag
ok, notok, skip, check = C.ok, C.notok, C.skip, C.check


def run(cmds, prog=None, timeout=120):
    return C.session(cmds, prog, timeout)


wl = truth.get("workload", {})
files_pid = wl.get("files")
bad = ["net -a 1", "net -R 1", "net -s 999999", "net -Q", "net foo", "net -N 1.2.3"]
cmds = ["net", "net -s %s" % files_pid if files_pid else "net -s", "net -N 16777343",
        "net -n 1"] + bad
res = run(cmds)
if res is None:
    notok("crash timed out")
    sys.exit(0)
out = dict(zip(cmds, res))

# ---- net: the devices of init_net
o = out["net"]
check(o[:1] == ["   NET_DEVICE     NAME   IP ADDRESS(ES)"], "net header", " / ".join(o[:2]))
devs = {}
for l in o[1:]:
    m = re.match(r"^([0-9a-f]{16})  (\S+)\s*(.*)$", l)
    if m:
        devs[m.group(2)] = m.group(3).strip()
check(devs.get("lo") == "127.0.0.1", "net lists lo with 127.0.0.1", repr(devs))
check(len(devs) == len(o) - 1 and len(devs) >= 2, "net lists %d devices, each on one line"
      % len(devs), " / ".join(o[:5]))
check(out["net -n 1"] == o, "net -n 1 (pid 1's namespace) is init_net's list")
check(out["net -N 16777343"] == ["127.0.0.1"], "net -N 16777343 is 127.0.0.1",
      " / ".join(out["net -N 16777343"]))

# ---- net -s: the sockets of the workload's files task
if files_pid and str(files_pid) in truth.get("fds", {}):
    want = sorted(f["fd"] for f in truth["fds"][str(files_pid)]
                  if f["target"].startswith("socket:"))
    o = out["net -s %s" % files_pid]
    check(len(o) >= 2 and o[0].startswith("PID: %d " % files_pid) and
          o[1] == "FD      SOCKET            SOCK       FAMILY:TYPE SOURCE-PORT DESTINATION-PORT",
          "net -s header lines", " / ".join(o[:2]))
    socks = {}
    for l in o[2:]:
        m = re.match(r"^\s*(\d+)  ([0-9a-f]{16})  ([0-9a-f]{16})  (\S+):(\S+)", l)
        if m:
            socks[int(m.group(1))] = (m.group(4), m.group(5))
    check(sorted(socks) == want and len(o) == 2 + len(want),
          "net -s %d: one line per socket fd of truth.json %s" % (files_pid, want),
          "got %s" % sorted(socks))
    kinds = sorted(socks.values())
    check(kinds == sorted([("UNIX", "STREAM"), ("UNIX", "STREAM"), ("INET", "STREAM"),
                           ("INET", "DGRAM")]),
          "net -s: a socketpair (UNIX:STREAM x2), a TCP and a UDP socket", repr(kinds))
    inet = [l for l in o if " INET:" in l]
    check(all(re.search(r" \d+\.\d+\.\d+\.\d+-\d+ \d+\.\d+\.\d+\.\d+-\d+$", l) for l in inet)
          and inet, "net -s: INET lines end in source and destination address-port")
else:
    skip("no workload files task in truth.json: net -s not checked")

# ---- bad input: one error line each, the session goes on
for c in bad:
    o = out[c]
    check(len(o) == 1 and re.match(r"^net: ", o[0]) is not None,
          "error of `%s` is one line" % c, " / ".join(o[:3]))

# ---- Debian's crash prints the same where it opens the dump
same_as_ref(C, refcrash, ["net"], lambda first: any("NET_DEVICE" in l for l in first))
