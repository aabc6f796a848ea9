#!/usr/bin/env bash
# The task table on every fixture dump against truth.json: pids, comms,
# ppids, thread groups, states, one idle task per CPU, on every dump file.
# Through tests/tools/tasks_dump (readers + arch + its own symbol/DWARF
# lookup), and through `crash` (ps, sys, foreach) once crash opens dumps.
# Also times table builds.
set -u
. "$(dirname "$0")/lib.bash"
here=$(dirname "$0")
tool=$BUILD/tests/tools/tasks_dump
list=$(fixture_dirs 2>/dev/null) || list=""
[ -n "$list" ] || { skip "tasks: no fixture dumps"; exit 0; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

while read -r name dir; do
	[ -f "$dir/truth.json" ] || continue
	for f in "$dir"/vmcore.*; do
		[ -x "$tool" ] || break
		case $f in *.split.[2-9]) continue ;; esac
		arg=$f fn=$name/$(basename "$f")
		case $f in *.split.1) arg=$(ls "$dir"/vmcore.split.* | sort | paste -sd,) ;; esac
		if "$tool" "$dir/vmlinux" "$arg" -n 3 >"$tmp/t" 2>"$tmp/e"; then
			ok "$fn: task table built ($(head -1 "$tmp/t"))"
			python3 "$here/tasks_check.py" "$dir/truth.json" "$tmp/t" "$fn/table"
			# the panic is `echo c` from PID 1
			check "$fn/table: panic task is PID 1" grep -q ' panic 1$' "$tmp/t"
		else
			notok "$fn: task table: $(head -1 "$tmp/e")"
		fi
	done
	for f in "$dir"/vmcore.*; do
		case $f in *.split.[2-9]) continue ;; esac
		fn=$name/$(basename "$f")
		if ! printf 'ps\n' | "$CRASH" -s "$dir/vmlinux" "$f" >"$tmp/ps" 2>"$tmp/err" ||
			! grep -q 'PID    PPID' "$tmp/ps"; then
			skip "$fn: crash cannot open it yet ($(head -1 "$tmp/err"))"
			continue
		fi
		python3 "$here/tasks_check.py" "$dir/truth.json" "$tmp/ps" "$fn/ps"
		printf 'sys\n' | "$CRASH" -s "$dir/vmlinux" "$f" >"$tmp/sys" 2>&1
		rel=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["release"])' "$dir/truth.json")
		check "$fn/sys: RELEASE is uname -r" grep -q "^     RELEASE: $rel\$" "$tmp/sys"
		nc=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["ncpus"])' "$dir/truth.json")
		check "$fn/sys: CPUS" grep -Eq "^        CPUS: $nc( \\[OFFLINE: [0-9]+\\])?\$" "$tmp/sys"
		n=$(grep -c '^[> ] *[0-9]' "$tmp/ps")
		check "$fn/sys: TASKS matches ps" grep -q "^       TASKS: $n\$" "$tmp/sys"
		printf 'foreach wl-sleeper wl-stopped task -R pid\n' | "$CRASH" -s "$dir/vmlinux" "$f" >"$tmp/fe" 2>&1
		check "$fn/foreach: one header per task" test "$(grep -c '^PID: ' "$tmp/fe")" -eq 2
	done
done <<<"$list"
