"""sym in JSON against sym's text on the same dump (the same addresses,
type letters and names) and against the truth (the fixture module's text
address, where the fixture has one)."""
import re

ROW = re.compile(r"^([0-9a-f]+) \((.)\) (\S+?)(?:\+(\d+))?(?: \[(\S+)\])?(?: |$)")


def rows_of(lines):
    return [("0x" + m[1].lstrip("0"), m[2], m[3]) for m in map(ROW.match, lines) if m]


def check(c, docs):
    lines = [l for l in ("sym jiffies", "sym -np jiffies", "sym linux_banner", "sym -q jiffies")
             if l in docs and "symbols" in docs[l]]
    if not lines:
        return
    out = c.session(lines + ["sym -M"])
    if out is None:
        c.skip("sym: the text session timed out")
        return
    for line, text in zip(lines, out):
        js = [(r["address"], r["type"], r["name"]) for r in docs[line]["symbols"]]
        c.check(js and js == rows_of(text), "%s: the JSON symbols are the text's" % line,
                "%s vs %s" % (js[:3], rows_of(text)[:3]))
    d = docs.get("sym -np jiffies")
    if d and "symbols" in d:
        c.check([r.get("relation") for r in d["symbols"]] == ["previous", "match", "next"],
                "sym -np jiffies: previous, match, next")
    d = docs.get("sym -M")
    if d and "modules" in d:
        text = out[-1]
        starts = [("0x" + l.split()[0].lstrip("0"), l.split()[-1]) for l in text if " MODULE START: " in l]
        js = [(m["start"], m["name"]) for m in d["modules"] if m["start"]]
        c.check(starts == js, "sym -M: the JSON modules start where the text's do")
        nsym = sum(len(rows_of([l])) for l in text)
        c.check(nsym == sum(len(m["symbols"]) for m in d["modules"]), "sym -M: as many symbols as the text (%d)" % nsym)
        tm = c.truth.get("module")
        if tm and tm.get("text"):
            m = [x for x in d["modules"] if x["name"] == tm["name"]]
            c.check(m and m[0]["start"] == tm["text"], "sym -M: %s starts at the truth's text address" % tm["name"],
                    "%s vs %s" % (m[0]["start"] if m else None, tm["text"]))
