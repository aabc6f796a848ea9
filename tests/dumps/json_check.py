#!/usr/bin/env python3
"""crash --json on one fixture dump: every command line of LINES prints
exactly one JSON document on one line, each validates against its
command's schema (commands/json/NAME.schema.json, with python3-jsonschema),
the commands that have a JSON form give a document of their own (not
captured "text"), and what the documents say agrees with the truth.

usage: json_check.py CRASH DUMPDIR VMCORE"""
import importlib
import json
import os
import subprocess
import sys
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checklib import Checker  # noqa: E402

warnings.filterwarnings("ignore", category=DeprecationWarning)
import jsonschema  # noqa: E402

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCHEMAS = os.path.join(TOP, "commands", "json")

# (command line, whether it must have a JSON form of its own).  Each
# schema adds its own: the command lines in its "x-crash-lines" must give a
# document of their own that validates against it.  Checks against the
# truth: every json_truth_*.py beside this file has check(c, docs), docs
# mapping each command line run to its document.
LINES = [
    ("sys -c 1", False),		# text, captured
    ("ps -x", False),		# a bad option: an error document
    ("nosuchcommand", False),	# no such command: an error document
    ("bt 999999", False),		# a bad argument
    ("help sys", False),
]


def load_schemas():
    store = {}
    for f in os.listdir(SCHEMAS):
        if f.endswith(".schema.json"):
            s = json.load(open(os.path.join(SCHEMAS, f)))
            store[s["$id"]] = s
            store[f] = s
    return store


def main():
    crash, ddir, vmcore = sys.argv[1:4]
    c = Checker(crash, ddir, vmcore)
    store = load_schemas()
    for s in store.values():
        jsonschema.Draft202012Validator.check_schema(s)
    c.ok("%d schemas are valid JSON Schemas (draft 2020-12)" % (len(store) // 2))
    lines_own = list(LINES)
    for f in sorted(os.listdir(SCHEMAS)):
        if f.endswith(".schema.json"):
            lines_own += [(l, True) for l in store[f].get("x-crash-lines", [])]
    lines = [l for l, _ in lines_own]
    p = subprocess.run([crash, "--json", os.path.join(ddir, "vmlinux"), vmcore],
                       input=("\n".join(lines) + "\n").encode(), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=600)
    out = p.stdout.decode("utf-8", errors="strict").splitlines()
    c.check(len(out) == len(lines), "one line per command line (%d)" % len(lines),
            "%d lines: %r" % (len(out), out[:3]))
    c.check(not p.stderr.strip(), "nothing on the error stream", repr(p.stderr[:200]))
    docs = {}
    for (line, own), text in zip(lines_own, out):
        try:
            doc = json.loads(text)
        except ValueError as e:
            c.notok("%s: not JSON: %s: %r" % (line, e, text[:120]))
            continue
        docs[line] = doc
        name = doc.get("command") or "common"
        schema = store.get("%s.schema.json" % name, store["common.schema.json"])
        resolver = jsonschema.RefResolver(schema["$id"], schema, store=store)
        errs = list(jsonschema.Draft202012Validator(schema, resolver=resolver).iter_errors(doc))
        c.check(not errs, "%s: validates against %s.schema.json" %
                (line, name if schema is not store["common.schema.json"] else "common"),
                "; ".join("%s at %s" % (e.message[:100], list(e.path)) for e in errs[:3]))
        if own:
            c.check("text" not in doc and "error" not in doc, "%s: a document of its own" % line,
                    str(doc)[:200])
    t = c.truth
    if "sys" in docs:
        d = docs["sys"]
        c.check(d.get("release") == t["release"], "sys: release is the truth's",
                "%r vs %r" % (d.get("release"), t["release"]))
        c.check(d.get("cpus", 0) >= t.get("ncpus", 1), "sys: cpus >= the truth's online CPUs")
    for line in ("ps -x", "nosuchcommand", "bt 999999"):
        if line in docs:
            c.check(isinstance(docs[line].get("error"), str),
                    "%s: an error document" % line, str(docs[line])[:200])
    if "help sys" in docs:
        c.check("sys" in docs["help sys"].get("text", ""), "help sys: its text captured")
    # set output json / text switch a session's output between them
    p = subprocess.run([crash, "-s", os.path.join(ddir, "vmlinux"), vmcore],
                       input=b"set output json\nsys -t\nset output text\nsys -t\n",
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
    o = p.stdout.decode(errors="replace").splitlines()
    try:
        d = json.loads(o[1])
        good = d.get("command") == "sys" and "taint_mask" in d and o[3].startswith("TAINTED_MASK:")
    except (ValueError, IndexError):
        good = False
    c.check(good, "set output json, then text: a document, then text again", repr(o[:4]))
    here = os.path.dirname(os.path.abspath(__file__))
    for f in sorted(os.listdir(here)):
        if f.startswith("json_truth_") and f.endswith(".py"):
            mod = importlib.import_module(f[:-3])
            try:
                mod.check(c, docs)
            except Exception as e:  # a checker's bug is a failure, not a crash of the test
                c.notok("%s: %s: %s" % (f, type(e).__name__, e))


main()
