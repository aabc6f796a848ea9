"""mount in JSON: the mounts the fixture's /init makes, and the same
mounts as the text form."""
import os
import re

from jsonb_session import json_docs, text_out

MOUNT_RE = re.compile(r"^ *([0-9a-f]+) +([0-9a-f]+) +(\S+) +(\S+) +(\S+) *$")


def check(c, docs):
    init = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "init.sh")
    want = [("rootfs", "rootfs", "/")]
    try:
        for line in open(init):
            m = re.match(r"^mount -t (\S+) (\S+) (\S+)\s*$", line)
            if m:
                want.append(m.groups())
    except OSError:
        pass
    d = docs.get("mount") or {}
    got = {(m["type"], m["devname"], m["dirname"]) for m in d.get("mounts", [])}
    missing = [m for m in want if m not in got]
    c.check(not missing, "mount JSON: the %d mounts of the fixture's /init" % len(want), "missing %s" % missing)
    c.check((docs.get("mount -n 1") or {}).get("mounts") == d.get("mounts"),
            "mount -n 1 JSON: the default namespace's mounts")
    p = (docs.get("mount /proc") or {}).get("mounts", [])
    c.check(len(p) == 1 and p[0]["dirname"] == "/proc" and p[0]["type"] == "proc",
            "mount /proc JSON: the proc mount alone")
    text = [tuple(MOUNT_RE.match(l).groups()) for l in text_out(c).get("mount", [])[1:] if MOUNT_RE.match(l)]
    js = [("%x" % int(m["mount"], 16), "%x" % int(m["super_block"], 16), m["type"], m["devname"], m["dirname"])
          for m in (json_docs(c).get("mount") or {}).get("mounts", [])]
    c.check(text and text == js, "mount: JSON and text give the same %d mounts" % len(text),
            "%d vs %d" % (len(text), len(js)))
