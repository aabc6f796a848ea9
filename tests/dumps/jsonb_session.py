"""What the json_truth_* checks of vm, files, kmem, mount, net, runq,
irq, ipcs, swap, dev, timer and sig share: one crash session in JSON and
one in text on the dump, each running every command line they compare
(PIDs from truth.json), run once per dump and kept.

    docs = json_docs(c)      # {line: document} of crash --json
    text = text_out(c)       # {line: [output lines]} of the text form"""
import json
import os
import subprocess


def lines(c):
    """The command lines compared: the main forms, and the workload's
    tasks for vm, files and sig."""
    wl = c.truth.get("workload", {})
    ls = ["kmem -i", "kmem -s", "mount", "net", "runq", "irq", "ipcs", "swap", "dev",
          "timer", "irq -s", "dev -d", "net -s", "ipcs -s"]
    for p in sorted(set(int(p) for p in list(c.truth.get("maps", {})) + list(c.truth.get("fds", {})))):
        ls += ["vm %d" % p, "files %d" % p]
    if "files" in wl:
        ls.append("net -s %d" % wl["files"])
    for k in ("main", "stopped"):
        if k in wl:
            ls.append("sig %d" % wl[k])
    return ls


_cache = {}


def _run(c, json_mode):
    key = (c.tag, json_mode)
    if key in _cache:
        return _cache[key]
    ls = lines(c)
    res = {}
    if json_mode:
        p = subprocess.run([c.crash, "--json", os.path.join(c.ddir, "vmlinux")] + c.dump_files(),
                           input=("\n".join(ls) + "\n").encode(), stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL, timeout=900)
        out = p.stdout.decode("utf-8", errors="replace").splitlines()
        for l, t in zip(ls, out):
            try:
                res[l] = json.loads(t)
            except ValueError:
                res[l] = None
    else:
        got = c.session(ls, timeout=900) or []
        res = dict(zip(ls, got))
    _cache[key] = res
    return res


def json_docs(c):
    return _run(c, True)


def text_out(c):
    return _run(c, False)
