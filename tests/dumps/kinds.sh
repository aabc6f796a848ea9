#!/usr/bin/env bash
# The crash-kind fixtures (mkdumps --list-kinds: oops, BUG, WARN, soft
# lockup, hung task, stack overflow, kdump-route oops): sys's PANIC line,
# [TAINTED], sys -t and mod -t against the serial console in truth.json,
# and the panic task's bt against the kernel's own oops trace.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${TOP:=$(dirname "$(dirname "$here")")}"
. "$here/lib.bash"
need_dumps kinds
dirs=$("$FIXTURES/mkdumps" --list-kinds 2>/dev/null | awk '{print $NF}')
[ -n "$dirs" ] || { skip "kinds: no crash-kind fixture dumps"; exit 0; }
ref=$(ref_crash)
[ -n "$ref" ] || skip "kinds: no layout comparison with Debian's crash (not installed, or the sanitizer pass)"
each_elf_dump kinds_check.py "$ref"
