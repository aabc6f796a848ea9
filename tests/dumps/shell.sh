#!/usr/bin/env bash
# End-to-end tests of the shell: options, batch input, -i, pipes,
# redirection, aliases, .crashrc, extensions, and interactive use under
# tmux.  Most run without a dump (--no-dump); the rest need a fixture dump
# that crash can open, and are skipped otherwise.
set -u
. "$(dirname "$0")/lib.bash"
: "${CRASH:?}" "${BUILD:?}"

# Fixture dumps ("NAME DIR" lines), found before HOME is changed below.
dumpdirs=$(fixture_dirs 2>/dev/null | awk '{print $2}')
tmp=$(mktemp -d)
trap 'tmux -L crashtest kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
export HOME=$tmp/home
mkdir -p "$HOME"
cd "$tmp" || exit 1
EXT=$BUILD/extensions/examples

# crashb ARGS...: batch run without a dump, silent, stdin from the caller.
crashb() { timeout 20 "$CRASH" -s --no-dump --no_crashrc "$@"; }

# ---- options ----
out=$("$CRASH" -v 2>&1); rc=$?
[ $rc = 0 ] && [[ $out == crash\ * ]] && ok "-v prints the version" || notok "-v: rc=$rc '$out'"
out=$("$CRASH" --version 2>&1) && [[ $out == crash\ * ]] && ok "--version" || notok "--version"

for bad in "-Z" "--bogus" "-i"; do
	out=$("$CRASH" $bad 2>&1 </dev/null); rc=$?
	[ $rc = 1 ] && [ "$(printf '%s\n' "$out" | wc -l)" = 1 ] && [[ $out == crash:* ]] &&
		ok "bad option $bad: one line, status 1" || notok "bad option $bad: rc=$rc '$out'"
done
out=$("$CRASH" "$tmp/nonexistent" "$tmp/nonexistent2" 2>&1 </dev/null); rc=$?
[ $rc = 1 ] && [ "$(printf '%s\n' "$out" | wc -l)" = 1 ] && ok "missing file: one line, status 1" ||
	notok "missing file: rc=$rc '$out'"
echo "not a dump" >junk
out=$("$CRASH" junk junk 2>&1 </dev/null); rc=$?
[ $rc = 1 ] && [ "$(printf '%s\n' "$out" | wc -l)" = 1 ] && ok "file of unknown kind rejected" ||
	notok "unknown kind: rc=$rc '$out'"
out=$("$CRASH" 2>&1 </dev/null); rc=$?
[ $rc = 1 ] && [ "$(printf '%s\n' "$out" | wc -l)" = 1 ] && ok "no files: one line, status 1" ||
	notok "no files: rc=$rc '$out'"

out=$("$CRASH" -h 2>&1); rc=$?
[ $rc = 0 ] && grep -q '^Usage' <<<"$out" && grep -qw repeat <<<"$out" && ok "-h lists usage and commands" ||
	notok "-h: rc=$rc"
out=$("$CRASH" -h set 2>&1)
grep -q '^NAME' <<<"$out" && grep -q '^SYNOPSIS' <<<"$out" && grep -q '^DESCRIPTION' <<<"$out" &&
	grep -q '^  set - ' <<<"$out" && ok "-h CMD prints the page" || notok "-h set: '$out'"
"$CRASH" -h nosuchcmd >/dev/null 2>&1 && notok "-h unknown command succeeds" || ok "-h unknown command fails"

# ---- batch via stdin ----
out=$(printf 'help q\n' | timeout 20 "$CRASH" --no-dump --no_crashrc 2>&1); rc=$?
[ $rc = 0 ] && grep -q '^crash> help q$' <<<"$out" && grep -q '^  q - ' <<<"$out" &&
	ok "batch: command echoed and run" || notok "batch echo: rc=$rc '$out'"
out=$(printf 'help q\n' | crashb 2>&1)
! grep -q '^crash>' <<<"$out" && grep -q '^NAME' <<<"$out" && ok "-s: no echo, no banner" || notok "-s: '$out'"
out=$(printf 'set silent on\nhelp q\n' | timeout 20 "$CRASH" --no-dump --no_crashrc 2>&1)
! grep -q '^crash> help q' <<<"$out" && ok "set silent on stops the echo" || notok "set silent: '$out'"
printf 'nosuch\n' | crashb >/dev/null 2>err; rc=$?
[ $rc = 1 ] && grep -q 'command not found: nosuch' err && ok "unknown command: message, status 1" ||
	notok "unknown command: rc=$rc $(cat err)"
printf 'set radix 7\nhelp q\n' | crashb >out 2>err; rc=$?
[ $rc = 1 ] && grep -q '^set: ' err && grep -q '^NAME' out && ok "failing command: CMD: message, session goes on" ||
	notok "failing command: rc=$rc $(cat err)"
printf 'q\nnosuch\n' | crashb >/dev/null 2>err; rc=$?
[ $rc = 0 ] && [ ! -s err ] && ok "q ends the session" || notok "q: rc=$rc"
printf 'exit\nnosuch\n' | crashb >/dev/null 2>&1 && ok "exit is an alias of q" || notok "exit alias"
printf '# a comment\n\n   \n' | crashb >out 2>&1 && [ ! -s out ] && ok "comments and blank lines" ||
	notok "comments: $(cat out)"

# ---- pipes, redirection, shell escapes ----
out=$(printf 'help set | grep -c ^NAME\n' | crashb 2>&1)
[ "$out" = 1 ] && ok "pipe to a shell command" || notok "pipe: '$out'"
out=$(printf 'help | head -1 | wc -l\n' | crashb 2>&1)
[ "$out" = 1 ] && ok "pipeline of several programs" || notok "pipeline: '$out'"
out=$(printf 'repeat -c 200 help set | head -1\nhelp q | wc -l\n' | crashb 2>&1); rc=$?
[ $rc = 0 ] && [ "$(tail -1 <<<"$out")" -gt 3 ] && ok "closed pipe does not kill the session" ||
	notok "closed pipe: rc=$rc '$out'"
printf 'help q > f1\nhelp alias >> f1\nhelp q >> f1\n' | crashb >out 2>&1
[ ! -s out ] && [ "$(grep -c '^NAME' f1)" = 3 ] && grep -q '^  alias - ' f1 && ok "> and >> to a file" ||
	notok "redirect: $(cat out)"
printf 'help q > "f 2"\n' | crashb >/dev/null 2>&1 && [ -s "f 2" ] && ok "quoted file name" || notok "quoted file name"
printf 'help q > /nonexistent/dir/f\n' | crashb >/dev/null 2>err; rc=$?
[ $rc = 1 ] && grep -q nonexistent err && ok "unwritable file: error" || notok "unwritable: rc=$rc"
out=$(printf '!echo hello from sh\n' | crashb 2>&1)
[ "$out" = "hello from sh" ] && ok "!cmd runs a shell command" || notok "!cmd: '$out'"
printf '#!/bin/sh\necho in subshell\n' >fakesh && chmod +x fakesh
out=$(printf '!\n' | SHELL=$tmp/fakesh crashb 2>&1)
grep -q 'in subshell' <<<"$out" && ok "! alone starts a shell" || notok "! alone: '$out'"

# ---- aliases ----
out=$(printf 'alias\n' | crashb 2>&1)
grep -Eq '^builtin +dmesg +log' <<<"$out" && grep -Eq '^builtin +man +help' <<<"$out" &&
	ok "alias lists built-in aliases" || notok "alias list: '$out'"
out=$(printf 'alias hs "help set"\nhs | grep -c SYNOPSIS\nalias hs\n' | crashb 2>&1)
[ "$(sed -n 1p <<<"$out")" = "ORIGIN   ALIAS    COMMAND" ] && grep -Eq '^runtime +hs +help set' <<<"$(sed -n 2p <<<"$out")" &&
	[ "$(sed -n 3p <<<"$out")" = 1 ] && grep -Eq '^runtime +hs +help set' <<<"$(sed -n 4p <<<"$out")" &&
	ok "alias NAME CMD defines (and shows), runs, and is listed" || notok "alias define: '$out'"
out=$(printf 'alias hs "help set"\nalias hs ""\nhs\n' | crashb 2>&1)
grep -q '^alias deleted: hs$' <<<"$out" && grep -q 'hs' <<<"$(tail -1 <<<"$out")" && ok 'alias NAME "" deletes it' ||
	notok "alias delete: '$out'"
out=$(printf 'man q\n' | crashb 2>&1)
grep -q '^  q - ' <<<"$out" && ok "built-in alias man -> help" || notok "man alias"
printf 'alias "a b" q\n' | crashb >/dev/null 2>err; rc=$?
[ $rc = 1 ] && [ -s err ] && ok "bad alias name refused" || notok "bad alias name"

# ---- -i FILE ----
printf 'help q\nalias zz "help set"\n' >cmds
out=$(printf 'zz\n' | timeout 20 "$CRASH" --no-dump --no_crashrc -i cmds 2>&1); rc=$?
[ $rc = 0 ] && grep -q '^crash> help q' <<<"$out" && grep -q '^  set - ' <<<"$out" &&
	ok "-i FILE runs the file, then reads input" || notok "-i: rc=$rc '$out'"
printf 'help q\nq\n' >cmdsq
out=$(printf 'nosuch\n' | timeout 20 "$CRASH" -s --no-dump --no_crashrc -i cmdsq 2>&1); rc=$?
[ $rc = 0 ] && ! grep -q nosuch <<<"$out" && ok "-i FILE ending with q exits" || notok "-i q: rc=$rc '$out'"
"$CRASH" --no-dump -i "$tmp/nofile" </dev/null >/dev/null 2>&1 && notok "-i missing file accepted" ||
	ok "-i missing file fails"

# ---- input from a file: "< FILE", "CMD ARGS < FILE" ----
printf 'echo one\necho two\n' >cmds
printf '1\n\n2 3\n' >words
out=$(printf '< cmds\necho A < words\n' | crashb 2>&1)
[ "$out" = "$(printf 'one\ntwo\nA 1\nA 2 3')" ] && ok "< FILE runs its lines; CMD < FILE once per line" ||
	notok "input from a file: '$out'"
echo '< self' >self
out=$(printf '< self\necho after\n' | crashb 2>&1)
[ "$out" = "$(printf 'crash: input files nested too deep\nafter')" ] &&
	ok "a file that feeds itself: one error, the session goes on" || notok "< self: '$out'"
out=$(printf '< nonexistent\necho A < words | cat\n' | crashb 2>&1)
[ "$(grep -c '^crash: ' <<<"$out")" = 2 ] && ok "< with a missing file, or with a pipe: one line each" ||
	notok "bad input redirection: '$out'"

# ---- .crashrc ----
echo 'alias homealias "help q"' >"$HOME/.crashrc"
mkdir -p cwd && echo 'alias cwdalias "help set"' >cwd/.crashrc
out=$(cd cwd && printf 'homealias\ncwdalias\n' | timeout 20 "$CRASH" -s --no-dump 2>&1); rc=$?
[ $rc = 0 ] && grep -q '^  q - ' <<<"$out" && grep -q '^  set - ' <<<"$out" && ok ".crashrc from HOME and cwd" ||
	notok ".crashrc: rc=$rc '$out'"
out=$(printf 'homealias\n' | timeout 20 "$CRASH" -s --no-dump --no_crashrc 2>&1); rc=$?
[ $rc = 1 ] && ok "--no_crashrc skips it" || notok "--no_crashrc: rc=$rc"
chmod o+w cwd/.crashrc
out=$(cd cwd && printf 'cwdalias\n' | timeout 20 "$CRASH" -s --no-dump 2>&1); rc=$?
[ $rc = 1 ] && grep -q 'warning: ignoring .*writable' <<<"$out" && ok "world-writable .crashrc refused" ||
	notok "world-writable: rc=$rc '$out'"
rm -f "$HOME/.crashrc"

# ---- set ----
out=$(printf 'set\n' | crashb 2>&1)
grep -Eq '^ +scroll: ' <<<"$out" && grep -Eq '^ +radix: 10' <<<"$out" && ok "set lists variables" || notok "set: '$out'"
out=$(printf 'set radix 16\nset -v\nset edit emacs\nset scroll on\n' | crashb 2>&1)
grep -Eq '^ +radix: 16' <<<"$out" && grep -q '^edit: emacs' <<<"$out" && ok "set VAR VALUE" || notok "set var: '$out'"
printf 'set 1\n' | crashb >/dev/null 2>err; rc=$?
[ $rc = 1 ] && grep -q '^set: ' err && ok "set PID without task layer: clean error" || notok "set PID: $(cat err)"

# ---- repeat ----
out=$(printf 'repeat -c 3 help q | grep -c ^NAME\n' | crashb 2>&1)
[ "$out" = 3 ] && ok "repeat -c N" || notok "repeat -c: '$out'"
start=$SECONDS
printf 'repeat help q\n' | crashb >/dev/null 2>err; rc=$?
[ $rc = 1 ] && [ $((SECONDS - start)) -lt 10 ] && grep -q '^repeat: ' err && ok "repeat without count in batch cannot hang" ||
	notok "repeat in batch: rc=$rc $(cat err)"
out=$(printf 'repeat -0.1 -c 2 help q | grep -c ^NAME\n' | crashb 2>&1)
[ "$out" = 2 ] && ok "repeat with an interval" || notok "repeat interval: '$out'"

# ---- extensions ----
if [ -f "$EXT/say.so" ] && [ -f "$EXT/pagestate.so" ]; then
	out=$(printf 'extend %s\nsay a "b c"\nextend\nextend %s\nextend -u say.so\nsay x\nextend\n' \
		"$EXT/say.so" "$EXT/say.so" | crashb 2>&1); rc=$?
	grep -q '^a b c$' <<<"$out" && ok "extend loads say.so" || notok "extend: '$out'"
	grep -Eq 'say\.so +say$' <<<"$out" && ok "extend lists objects and commands" || notok "extend list: '$out'"
	grep -q 'already loaded' <<<"$out" && ok "loading twice refused" || notok "twice: '$out'"
	grep -q 'command not found: say' <<<"$out" && grep -q 'no extensions loaded' <<<"$out" &&
		ok "extend -u removes its commands" || notok "unload: '$out'"
	out=$(printf 'extend say.so\nsay via path\n' | CRASH_EXTENSIONS=$EXT crashb 2>&1)
	grep -q '^via path$' <<<"$out" && ok "relative name found in \$CRASH_EXTENSIONS" || notok "CRASH_EXTENSIONS: '$out'"
	out=$(printf 'echo preloaded\npagestate 0\n' | CRASH_EXTENSIONS=$EXT crashb -x 2>&1)
	grep -q '^preloaded$' <<<"$out" && grep -q 'pagestate: no dump is open' <<<"$out" &&
		ok "-x loads every extension of \$CRASH_EXTENSIONS" || notok "-x: '$out'"
	# an extension whose command clashes with a built-in one is refused
	cat >dup.c <<'C'
#include "extensions/crash-api.h"
const int crash_extension_api_version = CRASH_API_VERSION;
static int run(struct crash_session *s, int c, char **v) { (void)s; (void)c; (void)v; return 0; }
static const struct crash_cmd cmd = { .name = "help", .run = run };
int crash_extension_init(struct crash_session *s) { (void)s; return crash_register_command(&cmd); }
C
	cat >oldapi.c <<'C'
#include "extensions/crash-api.h"
const int crash_extension_api_version = (CRASH_API_VERSION_MAJOR + 1) << 16;
int crash_extension_init(struct crash_session *s) { (void)s; return 0; }
C
	if cc -shared -fPIC -I"$TOP" -o dup.so dup.c && cc -shared -fPIC -I"$TOP" -o oldapi.so oldapi.c; then
		out=$(printf 'extend ./dup.so\nextend ./oldapi.so\nextend\nhelp q\n' | crashb 2>&1); rc=$?
		grep -q 'already exists' <<<"$out" && grep -q 'no extensions loaded' <<<"$out" && grep -q '^NAME' <<<"$out" &&
			ok "duplicate command name refused" || notok "duplicate: '$out'"
		grep -q 'API version' <<<"$out" && ok "other API major version refused" || notok "api version: '$out'"
	else
		skip "extension refusal tests: cannot compile"
	fi
	cat >boom.c <<'C'
#include "extensions/crash-api.h"
const int crash_extension_api_version = CRASH_API_VERSION;
static int run(struct crash_session *s, int c, char **v) { (void)s; (void)c; (void)v; return *(volatile int *)0; }
static const struct crash_cmd cmd = { .name = "boom", .run = run };
int crash_extension_init(struct crash_session *s) { (void)s; return crash_register_command(&cmd); }
C
	if [[ $BUILD == *asan* ]]; then
		skip "faulting command: not under ASan (it reports faults itself)"
	elif cc -shared -fPIC -I"$TOP" -o boom.so boom.c; then
		out=$(printf 'extend ./boom.so\nboom\nboom | cat\nhelp q\n' | crashb 2>&1); rc=$?
		[ $rc = 1 ] && [ "$(grep -c 'boom: internal error' <<<"$out")" = 2 ] && grep -q '^NAME' <<<"$out" &&
			ok "a faulting command does not kill the session" || notok "fault: rc=$rc '$out'"
	fi
	printf 'extend ./junk\n' | crashb >/dev/null 2>err; rc=$?
	[ $rc = 1 ] && [ "$(wc -l <err)" = 1 ] && ok "extend of a non-object: one error line" || notok "extend junk: $(cat err)"
else
	skip "extensions: not built (make extensions)"
fi

# ---- interactive, under tmux ----
if command -v tmux >/dev/null; then
	T="tmux -L crashtest"
	pane() { $T capture-pane -p -t t; }
	waitfor() { # waitfor REGEX: up to 15 s (a loaded machine, ASan) for it to show in the pane
		for _ in $(seq 150); do pane | grep -Eq "$1" && return 0; sleep 0.1; done
		return 1
	}
	$T new-session -d -s t -x 120 -y 40 "env HOME=$HOME CRASHPAGER=cat $CRASH --no-dump --no_crashrc; sleep 30"
	if waitfor '^crash> ?$'; then
		ok "interactive: banner and prompt"
		$T send-keys -t t 'help q' Enter
		waitfor '^  q - leave' && ok "interactive: command runs" || notok "interactive: command: $(pane)"
		$T send-keys -t t 'exte' Tab
		waitfor '^crash> extend ?$' && ok "interactive: tab completes a command name" || notok "tab: $(pane)"
		$T send-keys -t t C-u
		$T send-keys -t t 'repeat -1 help q' Enter
		sleep 1.5
		$T send-keys -t t C-c
		sleep 0.5
		$T send-keys -t t 'set radix' Enter
		waitfor '^output radix: 10' && ok "interactive: Ctrl-C stops repeat, session goes on" || notok "C-c: $(pane)"
		$T send-keys -t t 'half-typed' C-c
		$T send-keys -t t 'alias' Enter
		waitfor 'ORIGIN' && ok "interactive: Ctrl-C at the prompt drops the line" || notok "C-c prompt: $(pane)"
		$T send-keys -t t 'q' Enter
		# exiting can take seconds under ASan on a busy machine
		for _ in $(seq 300); do [ -s "$HOME/.crash_history" ] && break; sleep 0.1; done
		grep -q '^help q$' "$HOME/.crash_history" && ok "interactive: history saved in ~/.crash_history" ||
			notok "history: $(cat "$HOME/.crash_history" 2>&1)"
	else
		notok "interactive: no prompt: $(pane)"
	fi
	$T kill-server 2>/dev/null
else
	skip "interactive: tmux not installed"
fi

# ---- with a dump ----
d=$(head -1 <<<"$dumpdirs")
core=$(ls "$d"/vmcore.* 2>/dev/null | head -1)
if [ -n "$d" ] && [ -n "$core" ]; then
	# The kind of each file comes from its bytes.
	out=$("$CRASH" -s "$core" "$core" </dev/null 2>&1); rc=$?
	[ $rc = 1 ] && [ "$(wc -l <<<"$out")" = 1 ] && ok "two dumps, no vmlinux: refused in one line" || notok "dumps only: $out"
	# one dump alone: its own kallsyms and BTF (tests/dumps/nodebuginfo.sh)
	out=$(printf 'sys\n' | CRASH_DEBUGINFO_DIRS=/nonexistent DEBUGINFOD_URLS= "$CRASH" "$core" 2>&1); rc=$?
	[ $rc = 0 ] && grep -q 'KERNEL: (none: kallsyms, BTF)' <<<"$out" && ok "a dump alone: opened with kallsyms and BTF" ||
		notok "a dump alone: rc=$rc $(head -3 <<<"$out" | tr '\n' ';')"
	out=$("$CRASH" -s "$d/vmlinux" "$d/vmlinux" </dev/null 2>&1); rc=$?
	[ $rc = 1 ] && grep -q 'two kernel files' <<<"$out" && ok "vmlinux twice: detected" || notok "vmlinux twice: $out"
fi
if [ -z "$d" ] || [ -z "$core" ]; then
	skip "dump tests: no fixture dump"
elif ! err=$(echo q | timeout 300 "$CRASH" -s "$d/vmlinux" "$core" 2>&1 >/dev/null); then
	skip "dump tests: crash cannot open the fixture yet: $err"
else
	out=$(echo q | timeout 300 "$CRASH" -s "$core" "$d/vmlinux" 2>&1); rc=$?
	[ $rc = 0 ] && ok "files in either order" || notok "either order: rc=$rc $out"
	out=$(printf 'help -D\n' | timeout 300 "$CRASH" -s "$d/vmlinux" "$core" 2>&1); rc=$?
	[ $rc = 0 ] && grep -q '^format: ' <<<"$out" && ok "help -D describes the dump" || notok "help -D: rc=$rc"
	if [ -f "$EXT/pagestate.so" ]; then
		out=$(printf 'extend %s\npagestate 0 2\n' "$EXT/pagestate.so" | timeout 300 "$CRASH" -s "$d/vmlinux" "$core" 2>&1)
		grep -Eq '^0 +(present|excluded|not RAM)' <<<"$out" && ok "pagestate on the dump" || notok "pagestate: $out"
	fi
	out=$(echo | timeout 300 "$CRASH" "$d/vmlinux" "$core" 2>&1)
	grep -q '^crash ' <<<"$out" && ok "startup banner" || notok "banner: $out"
	grep -Eq '^ +RELEASE: ' <<<"$out" && grep -Eq '^ +PANIC: ' <<<"$out" && grep -Eq '^ +STATE: ' <<<"$out" &&
		ok "startup: sys block and current context" || notok "startup block: $out"
	out=$(echo q | timeout 300 "$CRASH" -s "$d/vmlinux" "$core" 2>&1)
	[ -z "$out" ] && ok "-s: silent startup" || notok "-s startup: $out"
	# truncated dump: one line, status 1
	head -c 100000 "$core" >trunc.core
	out=$(echo q | timeout 60 "$CRASH" -s "$d/vmlinux" trunc.core 2>&1); rc=$?
	[ $rc = 1 ] && [ "$(wc -l <<<"$out")" = 1 ] && ok "truncated dump: one line, status 1" || notok "truncated: rc=$rc $out"
	out=$(echo q | timeout 60 "$CRASH" -s --kaslr bogus "$d/vmlinux" "$core" 2>&1); rc=$?
	[ $rc = 1 ] && grep -q kaslr <<<"$out" && ok "--kaslr reaches kernel_open" || notok "--kaslr: rc=$rc $out"
	crashd() { timeout 300 "$CRASH" -s --no_crashrc "$@" "$d/vmlinux" "$core"; }
	# batch on the dump: -i FILE and stdin, pipes, redirection, aliases
	printf 'ps | grep -c wl-\nalias pp "ps -u"\npp > psu.out\nsys | grep -c RELEASE\n' >dcmds
	out=$(crashd -i dcmds </dev/null 2>&1); rc=$?
	nwl=$(python3 -c 'import json,sys; print(sum(1 for t in json.load(open(sys.argv[1]))["tasks"] if t["comm"].startswith("wl-")))' "$d/truth.json")
	[ $rc = 0 ] && [ "$(head -1 <<<"$out")" = "$nwl" ] && ok "dump -i: ps | grep wl- counts truth's wl- tasks" ||
		notok "dump -i: rc=$rc '$out' want $nwl"
	[ "$(tail -1 <<<"$out")" = 1 ] && ok "dump -i: sys through a pipe" || notok "dump sys pipe: '$out'"
	[ -s psu.out ] && ! grep -q '\[' psu.out && grep -q 'PID' psu.out && ok "dump: alias with redirection (ps -u > file)" ||
		notok "dump alias redirect: $(head -3 psu.out)"
	out2=$(crashd <dcmds 2>&1); rc=$?
	[ $rc = 0 ] && [ "$out2" = "$out" ] && ok "dump: commands on stdin = -i FILE" || notok "dump stdin: rc=$rc '$out2'"
	echo 'alias rcsys "sys | grep -c MACHINE"' >"$HOME/.crashrc"
	out=$(echo rcsys | timeout 300 "$CRASH" -s "$d/vmlinux" "$core" 2>&1)
	[ "$out" = 1 ] && ok "dump: .crashrc alias" || notok "dump .crashrc: '$out'"
	rm -f "$HOME/.crashrc"
	# help: all commands in columns, a page for each
	out=$(echo help | crashd 2>&1)
	cmds=$(sed '/^crash version/,$d' <<<"$out" | tr -s ' ' '\n' | grep -v '^$')
	[ "$(wc -l <<<"$cmds")" -ge 10 ] && grep -qx sys <<<"$cmds" && grep -qx ps <<<"$cmds" &&
		ok "help lists the commands in columns" || notok "help list: $out"
	bad=""
	set -f	# the command list has crash's '*'
	for c in $cmds; do
		page=$(echo "help $c" | crashd 2>&1)
		ce=$(sed 's/[]\/$*.^[]/\\&/g' <<<"$c")	# '*' as a regex
		grep -q '^NAME' <<<"$page" && grep -q '^SYNOPSIS' <<<"$page" && grep -q '^DESCRIPTION' <<<"$page" &&
			! grep -q "^  $ce $ce\\b" <<<"$page" ||
			bad="$bad $c"
	done
	set +f
	[ -z "$bad" ] && ok "help CMD: a page for every command" || notok "help pages broken:$bad"
	# the tstate example against truth.json's states and wchan
	if [ -f "$EXT/tstate.so" ]; then
		printf 'extend %s\ntstate\n' "$EXT/tstate.so" | crashd >tstate.out 2>&1
		if python3 - "$d/truth.json" tstate.out "$d/vmlinux" <<'PY'; then ok "tstate: states and wchan match truth.json"; else notok "tstate vs truth: $(tail -3 tstate.out)"; fi
import json, subprocess, sys
truth = json.load(open(sys.argv[1]))
rows = {}
for l in open(sys.argv[2]):
    f = l.split()
    if len(f) >= 5 and f[0].isdigit() and f[0] != "0":
        rows[f[0]] = (f[2], f[-1])
ps2 = {"R": "RU", "S": "IN", "D": ("UN", "ID"), "I": "ID", "T": "ST", "t": "TR", "Z": "ZO"}
bad = []
# States the panic itself can change are not compared: pid 1 (it
# panicked), running tasks, kernel threads it woke, the /proc/kmsg reader
# (woken by the panic's printk: asleep or running).
kmsg = truth["workload"].get("kmsg_reader")
for t in truth["tasks"]:
    p = str(t["pid"])
    if p not in rows:
        continue
    want = ps2.get(t["state"])
    want = want if isinstance(want, tuple) else (want,)
    if t["pid"] == kmsg:
        want = ("IN", "RU")
    moving = t["pid"] == 1 or t["state"] == "R" or (t["ppid"] == 2 and rows[p][0] == "RU")
    if not moving and rows[p][0] not in want:
        bad.append((p, t["state"], rows[p]))
# The wait channel is named as the kernel's /proc/PID/wchan names it
# (kallsyms' choice among aliases of one address), exactly.
n = 0
for p, w in truth["wchan"].items():
    if p not in rows:
        continue
    got = rows[p][1]
    n += 1
    if w == "0":
        if got != "-": bad.append((p, w, got))
    elif got != w:
        bad.append((p, w, got))
for b in bad: print("mismatch", b)
sys.exit(1 if bad or n == 0 else 0)
PY
	else
		skip "tstate: not built"
	fi
	# the children example (API 1.2: kval and kwalk_list) against truth.json
	if [ -f "$EXT/children.so" ]; then
		printf 'extend %s\nchildren 1\necho @@\nchildren 2\n' "$EXT/children.so" | crashd >children.out 2>&1
		if python3 - "$d/truth.json" children.out <<'PY'; then ok "children: the children of pid 1 and 2 are truth.json's"; else notok "children vs truth: $(tail -3 children.out)"; fi
import json, sys
t = json.load(open(sys.argv[1]))["tasks"]
parts = open(sys.argv[2]).read().split("@@\n")
def pids(text):
    return sorted(int(l.split()[0]) for l in text.splitlines() if l.split() and l.split()[0].isdigit())
want = [sorted(x["pid"] for x in t if x["ppid"] == p and x["pid"] == x["tgid"]) for p in (1, 2)]
got = [pids(parts[0]), pids(parts[1])] if len(parts) == 2 else []
print(got, want)
sys.exit(0 if got == want and want[1] else 1)
PY
	else
		skip "children: not built"
	fi
	# tab completion of kernel names, paging, Ctrl-C on the dump (tmux)
	if command -v tmux >/dev/null; then
		T="tmux -L crashtest"
		pane() { $T capture-pane -p -t t; }
		waitfor() { for _ in $(seq 100); do pane | grep -Eq "$1" && return 0; sleep 0.1; done; return 1; }
		$T new-session -d -s t -x 120 -y 30 "env HOME=$HOME $CRASH -s --no_crashrc $d/vmlinux $core; sleep 30"
		if waitfor '^crash> ?$'; then
			$T send-keys -t t 'sym linux_ban' Tab
			waitfor '^crash> sym linux_banner ?$' && ok "tab completes a symbol" || notok "tab symbol: $(pane)"
			$T send-keys -t t C-u 'struct task_stru' Tab
			waitfor '^crash> struct task_struct ?$' && ok "tab completes a struct name" || notok "tab struct: $(pane)"
			$T send-keys -t t C-u 'set scroll on' Enter
			$T send-keys -t t 'log' Enter
			waitfor '^:' && ok "long output goes through the pager" || notok "pager: $(pane)"
			$T send-keys -t t q
			waitfor '^crash> ?$' || true
			$T send-keys -t t 'set scroll off' Enter 'repeat foreach bt' Enter
			sleep 2
			$T send-keys -t t C-c
			sleep 0.5
			$T send-keys -t t clear Enter 'sys | grep -c RELEASE' Enter
			waitfor '^1$' && ok "Ctrl-C stops repeat foreach bt on a dump" || notok "C-c dump: $(pane)"
		else
			notok "dump interactive: no prompt: $(pane)"
		fi
		$T kill-server 2>/dev/null
	fi
	# a split dump is given as several files
	split=""
	for o in $dumpdirs; do ls "$o"/vmcore.split.* >/dev/null 2>&1 && { split=$o; break; }; done
	if [ -n "$split" ]; then
		out=$(echo 'sys | grep -c RELEASE' | timeout 300 "$CRASH" -s --no_crashrc "$split"/vmcore.split.* "$split/vmlinux" 2>&1); rc=$?
		[ $rc = 0 ] && [ "$out" = 1 ] && ok "split dump as several files (dumps first)" || notok "split: rc=$rc $out"
	else
		skip "split dump: no fixture has one"
	fi
	# a vmlinux of another kernel than the dump's is refused
	other=""
	for o in $dumpdirs; do
		[ "$(readlink -f "$o/vmlinux")" != "$(readlink -f "$d/vmlinux")" ] && { other=$o/vmlinux; break; }
	done
	if [ -n "$other" ]; then
		out=$(echo q | timeout 300 "$CRASH" -s "$other" "$core" 2>&1); rc=$?
		[ $rc = 1 ] && [ "$(wc -l <<<"$out")" = 1 ] && ok "mismatched vmlinux: one line, status 1" ||
			notok "mismatch: rc=$rc $out"
	else
		skip "mismatched vmlinux: only one kernel among the fixtures"
	fi
fi
