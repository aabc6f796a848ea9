"""net in JSON: lo with 127.0.0.1, the workload's sockets (truth.json's
socket fds), and the same devices and sockets as the text form."""
import re

from jsonb_session import json_docs, text_out


def check(c, docs):
    d = docs.get("net") or {}
    devs = {x["name"]: x["ipv4"] for x in d.get("devices", [])}
    c.check(devs.get("lo") == ["127.0.0.1"], "net JSON: lo with 127.0.0.1", repr(devs))
    c.check((docs.get("net -n 1") or {}).get("devices") == d.get("devices"),
            "net -n 1 JSON: init_net's devices")
    c.check((docs.get("net -N 16777343") or {}).get("ipv4") == "127.0.0.1", "net -N 16777343 JSON: 127.0.0.1")
    c.check(isinstance((docs.get("net -a") or {}).get("neighbours"), list), "net -a JSON: a list of neighbours")
    text = []
    for l in text_out(c).get("net", [])[1:]:
        m = re.match(r"^([0-9a-f]{16})  (\S+)\s*(.*)$", l)
        if m:
            text.append((int(m.group(1), 16), m.group(2), m.group(3).strip()))
    js = [(int(x["address"], 16), x["name"], ", ".join(x["ipv4"]))
          for x in (json_docs(c).get("net") or {}).get("devices", [])]
    c.check(text and text == js, "net: JSON and text give the same %d devices" % len(text), "%s vs %s" % (text, js))
    fp = c.truth.get("workload", {}).get("files")
    if not fp or str(fp) not in c.truth.get("fds", {}):
        c.skip("net -s JSON: no workload files task in truth.json")
        return
    want = sorted(f["fd"] for f in c.truth["fds"][str(fp)] if f["target"].startswith("socket:"))
    socks = (json_docs(c).get("net -s %d" % fp) or {}).get("sockets", [])
    c.check(sorted(s["fd"] for s in socks) == want, "net -s %d JSON: the socket fds of truth.json %s" % (fp, want),
            "%s" % [s["fd"] for s in socks])
    kinds = sorted((s["family_name"], s["type_name"]) for s in socks)
    c.check(kinds == sorted([("UNIX", "STREAM"), ("UNIX", "STREAM"), ("INET", "STREAM"), ("INET", "DGRAM")]),
            "net -s JSON: a socketpair, a TCP and a UDP socket", repr(kinds))
    text = []
    for l in text_out(c).get("net -s %d" % fp, [])[2:]:
        m = re.match(r"^\s*(\d+)  ([0-9a-f]{16})  ([0-9a-f]{16})  (\S+):(\S+)\s*(?:(\S+)-(\d+) (\S+)-(\d+))?", l)
        if m:
            text.append((int(m.group(1)), int(m.group(2), 16), int(m.group(3), 16), m.group(4), m.group(5),
                         m.group(6), m.group(7) and int(m.group(7)), m.group(8), m.group(9) and int(m.group(9))))
    js = [(s["fd"], int(s["socket"], 16), int(s["sock"] or "0", 16), s["family_name"], s["type_name"],
           s["source"], s["source_port"], s["destination"], s["destination_port"]) for s in socks]
    c.check(text and text == js, "net -s %d: JSON and text give the same %d sockets" % (fp, len(text)),
            "%s vs %s" % (text[:2], js[:2]))
