"""runq in JSON: one run queue per CPU, each running a task of the task
table, and the same queues, running tasks and queued tasks as the text
form."""
import re

from jsonb_session import json_docs, text_out


def check(c, docs):
    cpus = (docs.get("runq") or {}).get("cpus", [])
    n = int(c.truth.get("ncpus", 1))
    c.check(len(cpus) >= n and [x["cpu"] for x in cpus] == list(range(len(cpus))),
            "runq JSON: one run queue per CPU (%d)" % len(cpus))
    c.check(all(x["current"] and x["current"]["pid"] is not None for x in cpus if x["cpu"] < n),
            "runq JSON: each online CPU runs a task of the task table")
    one = (docs.get("runq -c 0") or {}).get("cpus", [])
    c.check(len(one) == 1 and cpus and one[0] == cpus[0], "runq -c 0 JSON: CPU 0's queue alone")
    t = (docs.get("runq -t") or {}).get("cpus", [])
    c.check(len(t) == len(cpus) and all(x["current"]["task"] == y["current"]["task"] for x, y in zip(t, cpus)
                                        if y["current"]), "runq -t JSON: the same running tasks")
    lag = (docs.get("runq -T") or {}).get("cpus", [])
    c.check(lag and lag[0]["lag_ns"] == 0 and all(a["clock_ns"] >= b["clock_ns"] for a, b in zip(lag, lag[1:])),
            "runq -T JSON: latest clock first, with no lag")
    text = []
    for l in text_out(c).get("runq", []):
        m = re.match(r"^CPU (\d+) RUNQUEUE: ([0-9a-f]+)", l)
        if m:
            text.append([int(m.group(1)), int(m.group(2), 16), None, []])
        m = re.match(r"^  CURRENT: PID: (\d+) +TASK: ([0-9a-f]+)", l)
        if m and text:
            text[-1][2] = int(m.group(2), 16)
        m = re.match(r"^ +\[ *(\d+)\] PID: (\d+) +TASK: ([0-9a-f]+)", l)
        if m and text:
            text[-1][3].append((int(m.group(1)), int(m.group(2)), int(m.group(3), 16)))
    js = [[x["cpu"], int(x["runqueue"], 16), x["current"] and int(x["current"]["task"], 16),
           [(e["prio"], e["pid"], int(e["task"], 16)) for e in (x["rt"] or []) + (x["cfs"] or [])
            if e["kind"] == "task"]] for x in (json_docs(c).get("runq") or {}).get("cpus", [])]
    c.check(text and text == js, "runq: JSON and text give the same %d queues and tasks" % len(text),
            "%s vs %s" % (text[:1], js[:1]))
