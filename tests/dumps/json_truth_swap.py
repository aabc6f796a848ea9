"""swap in JSON: /proc/swaps' areas (used within a swap-slot batch), and
the same areas as the text form."""
import re

from jsonb_session import json_docs, text_out


def check(c, docs):
    areas = (docs.get("swap") or {}).get("areas")
    swaps = c.truth.get("swaps")
    if areas is None:
        c.notok("swap JSON: no areas")
        return
    if swaps is not None:
        page_kb = 64 if "aarch64" in c.truth.get("uname", "") else 4  # bound: the largest page
        bad = len(areas) != len(swaps)
        for a, s in zip(areas, swaps):
            if (a["type"] != s["type"] or abs(a["size_kb"] - s["size_kb"]) > page_kb or
                    abs(a["used_kb"] - s["used_kb"]) > 64 * page_kb or a["priority"] != s["priority"] or
                    a["filename"] != s["filename"]):
                bad = True
        c.check(not bad, "swap JSON: /proc/swaps' %d areas" % len(swaps), "%s vs %s" % (areas, swaps))
    text = []
    for l in text_out(c).get("swap", []):
        w = l.split()
        if re.match(r"^[0-9a-f]{16}$", w[0] if w else ""):
            text.append((int(w[0], 16), w[1].lower(), int(w[2].rstrip("k")), int(w[3].rstrip("k")), int(w[5]), w[6]))
    js = [(int(a["address"], 16), a["type"], a["size_kb"], a["used_kb"], a["priority"], a["filename"])
          for a in (json_docs(c).get("swap") or {}).get("areas", [])]
    c.check(text == js, "swap: JSON and text give the same %d areas" % len(text), "%s vs %s" % (text, js))
