"""kmem -i and kmem -s in JSON: the sizes /proc/meminfo gave (loosely
where they move), and the same counts and caches as the text form."""
import re

from jsonb_session import json_docs, text_out


def check(c, docs):
    d = docs.get("kmem -i")
    if not d or "total_pages" not in d:
        c.notok("kmem -i: no document")
        return
    mi = c.truth.get("meminfo", {})
    page_kb = d["page_size_bytes"] // 1024
    if "MemTotal" in mi:
        want = mi["MemTotal"] // page_kb
        c.check(abs(d["total_pages"] - want) <= 1, "kmem -i JSON: total_pages = MemTotal (%d)" % want,
                "%s" % d["total_pages"])
    if "SwapTotal" in mi and d["swap_total_pages"] is not None:
        want = mi["SwapTotal"] // page_kb
        c.check(abs(d["swap_total_pages"] - want) <= 1,
                "kmem -i JSON: swap_total_pages = SwapTotal (%d)" % want, "%s" % d["swap_total_pages"])
    c.check(d["used_pages"] == d["total_pages"] - d["free_pages"], "kmem -i JSON: used = total - free")
    rows = {}
    for l in text_out(c).get("kmem -i", []):
        m = re.match(r"^ *([A-Z][A-Z ]+?) +(\d+) +", l)
        if m:
            rows[m.group(1)] = int(m.group(2))
    j = json_docs(c).get("kmem -i") or {}
    pairs = [("TOTAL MEM", "total_pages"), ("FREE", "free_pages"), ("USED", "used_pages"),
             ("SHARED", "shared_pages"), ("BUFFERS", "buffers_pages"), ("CACHED", "cached_pages"),
             ("SLAB", "slab_pages"), ("TOTAL SWAP", "swap_total_pages"),
             ("SWAP USED", "swap_used_pages"), ("SWAP FREE", "swap_free_pages"),
             ("COMMIT LIMIT", "commit_limit_pages"), ("COMMITTED", "committed_pages")]
    bad = [(t, rows.get(t), j.get(k)) for t, k in pairs if rows.get(t) != j.get(k)]
    c.check(rows and not bad, "kmem -i: JSON and text give the same %d counts" % len(pairs), "%s" % bad[:4])

    s = docs.get("kmem -s") or {}
    caches = s.get("caches", [])
    names = {x["name"] for x in caches}
    c.check({"task_struct", "dentry", "inode_cache", "mm_struct"} <= names,
            "kmem -s JSON: task_struct, dentry, inode_cache, mm_struct (%d caches)" % len(caches))
    bad = [x["name"] for x in caches if not x["ignored"] and x["allocated"] > x["total"]]
    c.check(caches and not bad, "kmem -s JSON: allocated <= total in every cache", "%s" % bad[:4])
    ts = [x for x in caches if x["name"] == "task_struct"]
    n = len(c.truth.get("tasks", []))
    c.check(ts and ts[0]["allocated"] >= n, "kmem -s JSON: task_struct allocated >= %d tasks" % n)
    one = (docs.get("kmem -s task_struct") or {}).get("caches", [])
    c.check(len(one) == 1 and ts and one[0]["address"] == ts[0]["address"],
            "kmem -s task_struct JSON: that one cache")
    text = []
    for l in text_out(c).get("kmem -s", []):
        m = re.match(r"^([0-9a-f]{16}) +(\d+) +(\d+) +(\d+) +(\d+) +(\d+)k  (\S+)$", l)
        if m:
            text.append((int(m.group(1), 16), int(m.group(2)), int(m.group(3)), int(m.group(4)),
                         int(m.group(5)), int(m.group(6)) * 1024, m.group(7)))
    js = [(int(x["address"], 16), x["object_size_bytes"], x["allocated"], x["total"], x["slabs"],
           x["slab_size_bytes"], x["name"]) for x in (json_docs(c).get("kmem -s") or {}).get("caches", [])]
    c.check(text and text == js, "kmem -s: JSON and text list the same %d caches and counts" % len(text),
            "%d vs %d rows; first differing %s" % (len(text), len(js),
                                                    [(a, b) for a, b in zip(text, js) if a != b][:1]))
