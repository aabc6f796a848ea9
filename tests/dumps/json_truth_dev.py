"""dev in JSON: /dev/console and /dev/null (open in truth.json) with their
cdevs and operations, zram (the swap device) with a gendisk, and the same
rows as the text form."""
import re

from jsonb_session import json_docs, text_out

DEV_RE = re.compile(r"^ +(\d+) +(.{13}) +(?:([0-9a-f]{16})  (\S+)|\(none\))\s*$")


def check(c, docs):
    d = docs.get("dev") or {}
    chr_ = {(r["major"], r["name"]): r for r in d.get("character", [])}
    targets = {f["target"] for fl in c.truth.get("fds", {}).values() for f in fl}
    for tgt, key, ops in (("/dev/console", (5, "/dev/console"), "console_fops"),
                          ("/dev/null", (1, "mem"), "memory_fops")):
        if tgt in targets:
            r = chr_.get(key)
            c.check(r is not None and r["cdev"] and r["operations_symbol"] == ops,
                    "dev JSON: %s is major %d %s with its cdev and %s" % (tgt, key[0], key[1], ops), str(r))
    blk = {r["name"]: r for r in d.get("block", [])}
    if any(s.get("filename") == "/dev/zram0" for s in c.truth.get("swaps", [])):
        c.check(blk.get("zram") and blk["zram"]["gendisk"], "dev JSON: zram (the swap device) has a gendisk",
                str(blk.get("zram")))
    disks = {g["name"] for g in (docs.get("dev -d") or {}).get("disks", [])}
    if any(s.get("filename") == "/dev/zram0" for s in c.truth.get("swaps", [])):
        c.check("zram0" in disks, "dev -d JSON: zram0 among the disks", str(sorted(disks)))
    c.check(all(g["total"] for g in (docs.get("dev -D") or {}).get("disks", []) if g["total"] is not None),
            "dev -D JSON: only disks with requests in flight")
    io = docs.get("dev -i") or {}
    c.check(io.get("iomem") and any(r["name"] == "System RAM" for r in io["iomem"]),
            "dev -i JSON: System RAM in the I/O memory tree")
    text = {"chr": [], "blk": []}
    sec = None
    for l in text_out(c).get("dev", []):
        if l.startswith("CHRDEV "):
            sec = "chr"
        elif l.startswith("BLKDEV "):
            sec = "blk"
        elif sec and DEV_RE.match(l):
            m = DEV_RE.match(l)
            text[sec].append((int(m.group(1)), m.group(2).strip(), m.group(3) and int(m.group(3), 16), m.group(4)))
    jd = json_docs(c).get("dev") or {}

    def ops(r):
        return r["operations_symbol"] or (r["operations"] and "%x" % int(r["operations"], 16))
    js = {"chr": [(r["major"], r["name"], r["cdev"] and int(r["cdev"], 16), ops(r)) for r in jd.get("character", [])],
          "blk": [(r["major"], r["name"], r["gendisk"] and int(r["gendisk"], 16), ops(r)) for r in jd.get("block", [])]}
    c.check(text["chr"] and text == js, "dev: JSON and text give the same %d+%d devices" % (len(text["chr"]), len(text["blk"])),
            "%s vs %s" % ([x for x in text["chr"] if x not in js["chr"]][:2], [x for x in js["chr"] if x not in text["chr"]][:2]))
