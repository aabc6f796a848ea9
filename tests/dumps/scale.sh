#!/usr/bin/env bash
# Scale: `ps` on the big fixture (6.1-qemu-big, ~10,000 tasks) lists every
# task of truth.json and, outside the sanitizer build, takes under 1 s of
# CPU time (startup included; CPU, not wall-clock time, so that a busy
# machine does not fail it; bench/ measures wall-clock time).  The dump is built on demand (about a minute of TCG);
# SCALE_BUILD=0 skips the build and the test if it is not cached.
set -u
. "$(dirname "$0")/lib.bash"
here=$(dirname "$0")
NAME=6.1-qemu-big
LIMIT_MS=${SCALE_LIMIT_MS:-1000}

if [ "${SCALE_BUILD:-1}" != 0 ]; then
	"$FIXTURES/mkdumps" --only "$NAME" >/dev/null 2>&1 ||
		{ notok "scale: mkdumps --only $NAME failed"; exit 0; }
fi
dir=$("$FIXTURES/mkdumps" --list-all | awk -v n="$NAME" '$1 == n { print $2 }')
[ -n "$dir" ] || { skip "scale: no $NAME dump (SCALE_BUILD=0)"; exit 0; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

ntruth=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["tasks"]))' "$dir/truth.json")
check "$NAME: truth.json has at least 10,000 tasks ($ntruth)" test "$ntruth" -ge 10000

for f in "$dir"/vmcore.elf "$dir"/vmcore.kdump-flat; do
	[ -f "$f" ] || continue
	fn=$NAME/$(basename "$f")
	# Warm the page cache and the DWARF index first: the budget is for ps.
	printf 'sys\n' | "$CRASH" -s "$dir/vmlinux" "$f" >/dev/null 2>&1
	printf 'ps\n' | /usr/bin/time -o "$tmp/cpu" -f '%U %S' "$CRASH" -s "$dir/vmlinux" "$f" \
		>"$tmp/ps" 2>"$tmp/err"
	rc=$?
	ms=$(awk '{ printf "%d", ($1 + $2) * 1000 }' "$tmp/cpu" 2>/dev/null)
	ms=${ms:-0}
	echo "# $fn: ps of $(grep -c '^[> ] *[0-9]' "$tmp/ps") tasks in $ms ms"
	if [ $rc != 0 ] || ! grep -q 'PID    PPID' "$tmp/ps"; then
		notok "$fn/ps: crash failed ($rc: $(head -1 "$tmp/err"))"
		continue
	fi
	python3 "$here/tasks_check.py" "$dir/truth.json" "$tmp/ps" "$fn/ps"
	if [[ "${BUILD:-}" == *asan* ]]; then
		skip "$fn/ps: time ($ms ms) not checked under the sanitizers"
	elif [ "$ms" -le "$LIMIT_MS" ]; then
		ok "$fn/ps: $ms ms of CPU <= $LIMIT_MS ms"
	else
		notok "$fn/ps: $ms ms of CPU > $LIMIT_MS ms"
	fi
done
