#!/usr/bin/env bash
# waitq on every fixture dump, against truth.json: log_wait shows the
# /proc/kmsg reader and the pipe's rd_wait the pipe reader.  One dump file
# per fixture (ELF) unless WAITQ_DUMPS says more.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${TOP:=$(dirname "$(dirname "$here")")}"
. "$here/lib.bash"
need_dumps waitq
each_dump_file waitq_check.py "${WAITQ_DUMPS:-elf}"
exit 0
