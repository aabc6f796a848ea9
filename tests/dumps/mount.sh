#!/usr/bin/env bash
# mount on every fixture dump: the mounts the fixture's /init makes
# (tests/fixtures/init.sh), -n and an argument that names a mount; exact
# output of Debian's crash on the 6.1 dumps it opens; bad input gives one
# error line.  Debian's crash takes ~15 s a dump, so it runs on two 6.1
# dumps (in parallel) unless MOUNT_REF_ALL=1.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${TOP:=$(dirname "$(dirname "$here")")}"
. "$here/lib.bash"
need_dumps mount
ref=$(ref_crash)
[ -n "$ref" ] || skip "mount: Debian's crash not installed: no layout comparison"
python3 "$here/mount_check.py" "$CRASH" "$FIXTURES/init.sh" "${ref:-}" $dirs
exit 0
