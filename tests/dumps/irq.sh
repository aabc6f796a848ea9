#!/usr/bin/env bash
# irq on every fixture dump, against truth.json: irq -u names and irq -s
# counts match /proc/interrupts (counts may only have grown since it was
# read); -s -c, -b and -d.  One dump file per fixture (ELF) unless
# IRQ_DUMPS says more.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${TOP:=$(dirname "$(dirname "$here")")}"
. "$here/lib.bash"
need_dumps irq
each_dump_file irq_check.py "${IRQ_DUMPS:-elf}"
exit 0
