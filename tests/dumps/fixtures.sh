#!/usr/bin/env bash
# Checks the fixture dumps themselves: every dump file carries VMCOREINFO
# and truth.json lists the workload's tasks.  Builds the default set first
# (a no-op when it is cached).
set -u
. "$(dirname "$0")/lib.bash"

if ! "$FIXTURES/mkdumps" >&2; then
	notok "mkdumps builds the default fixture set"
fi
list=$(fixture_dirs) || { notok "mkdumps --list"; exit 0; }
[ -n "$list" ] || { skip "no fixture dumps"; exit 0; }

# VMCOREINFO sits in the ELF notes or in the header area of compressed
# formats, so the first few MB are enough.
has_vmcoreinfo() { head -c 16M "$1" | strings -n 8 | grep -qm1 '^OSRELEASE='; }

while read -r name dir; do
	n=0
	for f in "$dir"/vmcore.*; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		check "$name/$(basename "$f") carries VMCOREINFO" has_vmcoreinfo "$f"
	done
	[ $n -gt 0 ] && ok "$name has $n dump files" || notok "$name has no dump files"
	check "$name/vmlinux exists" test -s "$dir/vmlinux"
	msg=$(python3 - "$dir/truth.json" <<'EOF'
import json, sys
t = json.load(open(sys.argv[1]))
pids = {x["pid"] for x in t["tasks"]}
bad = [r for r, p in t["workload"].items() if p not in pids]
if not t["workload"]:
    bad = ["(no roles)"]
if not any(s["used_kb"] > 0 for s in t["swaps"]):
    bad.append("swap unused")
print(" ".join(bad))
EOF
) || msg="truth.json unreadable"
	if [ -z "$msg" ]; then
		ok "$name/truth.json lists every workload task"
	else
		notok "$name/truth.json: $msg"
	fi
done <<<"$list"
