#!/usr/bin/env bash
# crash --json on every fixture dump (the ELF form: the documents do not
# depend on the reader): one document per command line, each valid under
# its schema in commands/json/ (python3-jsonschema), agreeing with the
# truth.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${TOP:=$(dirname "$(dirname "$here")")}"
. "$here/lib.bash"
need_dumps json
python3 -c 'import jsonschema' 2>/dev/null || { notok "json: python3-jsonschema is not installed (make deps)"; exit 0; }
each_elf_dump json_check.py
exit 0
