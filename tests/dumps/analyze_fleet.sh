#!/usr/bin/env bash
# The README's fleet triage, exactly as written there (its "parallel crash
# --analyze --json" and "jq -s" lines, /srv/dumps replaced by a directory
# of one subdirectory per fixture dump, vmlinux and vmcore linked in): one
# JSON document per dump, and the jq grouping puts the two boots of one
# bug (6.1-oops, 6.1-kdump-oops) and of sysrq on one kernel (6.1-qemu-4l,
# 6.1-qemu-5l) into one group, and each kind into its own groups.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${TOP:=$(dirname "$(dirname "$here")")}"
. "$here/lib.bash"
need_dumps analyze_fleet
command -v parallel >/dev/null || { skip "analyze_fleet: GNU parallel not installed"; exit 0; }
command -v jq >/dev/null || { skip "analyze_fleet: jq not installed"; exit 0; }
"$CRASH" -h 2>/dev/null | grep -q -- '--json' ||
	{ skip "analyze_fleet: this crash has no --json"; exit 0; }
kinds=$("$FIXTURES/mkdumps" --list-kinds 2>/dev/null | awk '{print $NF}')
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/dumps" "$tmp/bin"
n=0
for d in $dirs $kinds; do
	[ -f "$d/vmcore.elf" ] && [ -e "$d/vmlinux" ] || continue
	mkdir "$tmp/dumps/$(basename "$d")"
	ln -s "$(readlink -f "$d/vmlinux")" "$tmp/dumps/$(basename "$d")/vmlinux"
	ln -s "$d/vmcore.elf" "$tmp/dumps/$(basename "$d")/vmcore"
	n=$((n + 1))
done
[ "$n" -gt 1 ] || { skip "analyze_fleet: fewer than two fixture dumps"; exit 0; }
# the README's lines: from "parallel crash --analyze --json" to the blank
# line after the jq command
cmds=$(awk '/^    parallel crash --analyze --json /{p=1} p&&/^$/{exit} p{sub(/^    /,""); print}' \
	"$TOP/README.md")
echo "$cmds" | grep -q '^jq -s' || { notok "analyze_fleet: the README's parallel and jq lines"; exit 0; }
ok "analyze_fleet: the README has the parallel and jq lines"
ln -s "$CRASH" "$tmp/bin/crash"
(cd "$tmp" && PATH="$tmp/bin:$PATH" bash -c "${cmds//\/srv\/dumps/$tmp/dumps}" \
	>"$tmp/groups.json" 2>"$tmp/err")
python3 - "$tmp" "$n" <<'PY'
import json, os, sys
tmp, n = sys.argv[1], int(sys.argv[2])
def check(c, m, why=""):
    print(("ok - " if c else "not ok - ") + m + ("" if c or not why else ": " + why))
docs = []
bad = []
for l in open(os.path.join(tmp, "triage.jsonl")):
    try:
        docs.append(json.loads(l))
    except ValueError:
        bad.append(l[:80])
check(len(docs) == n and not bad, "analyze_fleet: triage.jsonl has one document per dump (%d)" % n,
      "%d documents, %d bad lines %r; stderr %r" % (len(docs), len(bad), bad[:1],
                                                    open(os.path.join(tmp, "err")).read()[:300]))
check(all(d.get("command") == "analyze" and d.get("signature") and d.get("kind") for d in docs),
      "analyze_fleet: each document has its kind and signature")
try:
    groups = json.load(open(os.path.join(tmp, "groups.json")))
except ValueError as e:
    groups = None
check(isinstance(groups, list) and sum(g.get("count", 0) for g in groups or []) == len(docs),
      "analyze_fleet: jq groups every dump by signature", repr(groups)[:300])
groups = groups or []
def group_of(name):
    for i, g in enumerate(groups):
        if any(("/%s/" % name) in (f or "") for f in g.get("dumps", [])):
            return i
    return None
for a, b in (("6.1-oops", "6.1-kdump-oops"), ("6.1-qemu-4l", "6.1-qemu-5l")):
    ga, gb = group_of(a), group_of(b)
    if ga is None or gb is None:
        print("skip - analyze_fleet: %s and %s not both in the fleet" % (a, b))
    else:
        check(ga == gb, "analyze_fleet: %s and %s are in one group" % (a, b))
kinds = {}
for g in groups:
    kinds.setdefault(g.get("kind"), []).append(g)
check(all(len({g.get("kind") for g in groups if g.get("signature") == s}) == 1
          for s in {g.get("signature") for g in groups}) and len(kinds) > 1,
      "analyze_fleet: each group is one kind, %d kinds" % len(kinds))
PY
