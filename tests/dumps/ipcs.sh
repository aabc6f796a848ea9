#!/usr/bin/env bash
# ipcs on every fixture dump, against truth.json: the three sections list
# exactly /proc/sysvipc's objects, -m/-s/-q one section each, -M the pages
# of a segment, -i and -n.  One dump file per fixture (ELF) unless
# IPCS_DUMPS says more.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${TOP:=$(dirname "$(dirname "$here")")}"
. "$here/lib.bash"
need_dumps ipcs
each_dump_file ipcs_check.py "${IPCS_DUMPS:-elf}"
exit 0
