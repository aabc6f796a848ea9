"""log in JSON against the truth and log's text on the same dump: the
truth's dmesg lines (time stamp and text) are records, the panic message
is among the last ones, and the records are the text's lines."""
import re

TS = re.compile(r"^\[\s*(\d+)\.(\d{6})\] (.*)$")


def lines_of(recs):
    """[seconds.micros] line, one per line of each record's text, as
    dmesg shows them."""
    out = []
    for r in recs:
        ts = "[%5d.%06d]" % (r["timestamp_ns"] // 10**9, r["timestamp_ns"] % 10**9 // 1000)
        for l in r["text"].split("\n"):
            out.append("%s %s" % (ts, l))
    return out


def check(c, docs):
    d = docs.get("log")
    if not d or "records" not in d:
        return
    recs = d["records"]
    c.check(len(recs) > 50, "log: the JSON has the records (%d)" % len(recs))
    seqs = [r["seq"] for r in recs]
    c.check(seqs == sorted(seqs), "log: the records are oldest first")
    mine = set(lines_of(recs))
    tail = [l for l in c.truth.get("dmesg_tail", []) if TS.match(l)]
    # a line of dmesg the kernel printed with unprintable bytes differs;
    # the truth's lines are the workload's own reading of /dev/kmsg
    missing = [l for l in tail if l not in mine]
    c.check(tail and not missing, "log: the truth's %d dmesg lines are JSON records" % len(tail),
            "missing %r" % missing[:2])
    c.check(any("Kernel panic - not syncing" in r["text"] for r in recs[-60:]),
            "log: the panic message is among the last JSON records")
    c.check(all(0 <= r["level"] <= 7 for r in recs), "log: every level is 0..7")
    out = c.session(["log"])
    if out is None:
        c.skip("log: the text session timed out")
        return
    text = [l for l in out[0] if TS.match(l)]
    c.check(len(text) == len(recs), "log: as many JSON records as text records (%d)" % len(text),
            "%d JSON" % len(recs))
    tss = ["[%5d.%06d]" % (r["timestamp_ns"] // 10**9, r["timestamp_ns"] % 10**9 // 1000) for r in recs]
    c.check([l.split("]")[0] + "]" for l in text] == tss, "log: the JSON time stamps are the text's")
    for line in ("log -T", "log -c", "log -m"):
        x = docs.get(line)
        if x and "records" in x:
            c.check(len(x["records"]) == len(recs), "%s: the same records as log" % line)
    x = docs.get("log -T")
    if x and x.get("records"):
        c.check(all("time" in r for r in x["records"]), "log -T: every record has its wall-clock time")
