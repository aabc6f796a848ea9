#!/usr/bin/env bash
# gdb's commands (info symbol/address/line/functions/variables/types, list
# with --src, the refusal of the others) on every fixture dump, against gdb
# itself on the fixture's vmlinux (gdbcmds_check.py).
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${TOP:=$(dirname "$(dirname "$here")")}"
. "$here/lib.bash"
need_dumps gdbcmds
command -v gdb >/dev/null || { skip "gdbcmds: gdb is not installed"; exit 0; }
python3 "$here/gdbcmds_check.py" "$CRASH" $dirs
