#!/usr/bin/env bash
# mach, bpf, sbitmapq, rustfilt and help's list on every fixture dump
# (issue 16's missing commands): their crash help pages' examples adapted
# to the dump, checked against truth.json, against what the dump itself
# says through other commands, and against Debian's crash on 6.1.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${TOP:=$(dirname "$(dirname "$here")")}"
. "$here/lib.bash"
need_dumps morecmds
ref=$(ref_crash)
[ -n "$ref" ] || skip "morecmds: Debian's crash not installed: no layout comparison"
each_elf_dump morecmds_check.py "$ref"
