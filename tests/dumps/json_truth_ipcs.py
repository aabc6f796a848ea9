"""ipcs in JSON: exactly /proc/sysvipc's objects, and the same objects as
the text form."""
from jsonb_session import json_docs, text_out

NAMES = {"SHMID_KERNEL": "shm", "SEM_ARRAY": "sem", "MSG_QUEUE": "msg"}


def check(c, docs):
    d = docs.get("ipcs") or {}
    sv = c.truth.get("sysvipc")
    if sv is None:
        c.skip("ipcs JSON: no sysvipc in truth.json")
    else:
        idk = {"shm": "shmid", "sem": "semid", "msg": "msqid"}
        for kind in ("shm", "sem", "msg"):
            want = sorted((o["key"] & 0xffffffff, o[idk[kind]], o["uid"], int(str(o["perms"]), 8)) for o in sv.get(kind, []))
            have = sorted((o["key"], o["id"], o["uid"], o["perms"]) for o in d.get(kind) or [])
            c.check(want == have, "ipcs JSON %s: /proc/sysvipc/%s's %d objects" % (kind, kind, len(want)),
                    "want %r have %r" % (want, have))
        shm = sv.get("shm", [])
        m = [o for o in (docs.get("ipcs -M") or {}).get("shm") or [] if shm and o["id"] == shm[0]["shmid"]]
        if shm:
            c.check(m and m[0]["size_bytes"] == shm[0]["size"] and m[0]["allocated_pages"] > 0,
                    "ipcs -M JSON: the segment's size, and its pages")
    q = docs.get("ipcs -q -n 1") or {}
    c.check(q.get("shm") is None and q.get("sem") is None and q.get("msg") == d.get("msg"),
            "ipcs -q -n 1 JSON: the message queues alone, pid 1's namespace")
    text, kind = {"shm": [], "sem": [], "msg": []}, None
    for l in text_out(c).get("ipcs", []):
        w = l.split()
        if w and w[0] in NAMES:
            kind = NAMES[w[0]]
        elif w and kind and len(w) >= 6:
            text[kind].append((int(w[0], 16), int(w[1], 16), int(w[2]), int(w[3]), int(w[4], 8), int(w[5])))
    jd = json_docs(c).get("ipcs") or {}
    first = {"shm": "size_bytes", "sem": "nsems", "msg": "used_bytes"}
    js = {k: [(int(o["address"], 16), o["key"], o["id"], o["uid"], o["perms"], o[first[k]]) for o in jd.get(k) or []]
          for k in text}
    c.check(text == js, "ipcs: JSON and text give the same objects (%d)" % sum(len(v) for v in text.values()),
            "%s vs %s" % (text, js))
