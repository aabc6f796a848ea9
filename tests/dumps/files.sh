#!/usr/bin/env bash
# files on every fixture dump, against truth.json:
#  - files PID lists exactly the fds of /proc/PID/fd with the same paths,
#    and ROOT / for every workload task;
#  - foreach files runs over all tasks without error lines.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${TOP:=$(dirname "$(dirname "$here")")}"
. "$here/lib.bash"
need_dumps files

# FILES_DUMPS='elf' limits the dump files tried (a glob on the suffix).
pat=${FILES_DUMPS:-*}

for d in $dirs; do
	[ -f "$d/truth.json" ] || { skip "$(basename "$d"): no truth.json"; continue; }
	for v in "$d"/vmcore.$pat; do
		[ -f "$v" ] || continue
		case "$v" in *.split.2) continue ;; esac
		python3 "$here/files_check.py" "$CRASH" "$d" "$v"
	done
done
exit 0
