#!/usr/bin/env bash
# crash --analyze (the analyze command's triage report) on the default
# set, the crash kinds (mkdumps --list-kinds) and the arm64 dumps: the
# kind, culprit and module against truth.json, the details against the
# serial console, the same signature for the same bug from other boots,
# different ones across kinds (analyze_check.py).
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${TOP:=$(dirname "$(dirname "$here")")}"
. "$here/lib.bash"
need_dumps analyze
kinds=$("$FIXTURES/mkdumps" --list-kinds 2>/dev/null | awk '{print $NF}')
# shellcheck disable=SC2086
python3 "$here/analyze_check.py" "$CRASH" $dirs $kinds
