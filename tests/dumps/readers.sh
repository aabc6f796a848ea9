#!/usr/bin/env bash
# Every form of one dump must give the same physical pages: ELF, kdump with
# each codec, flattened, split (6.1-kdump), and ELF vs QEMU's flattened
# kdump (QEMU fixtures).  An excluded page must give its own error.
# snappy and zstd copies are made by tests/tools/kdump-recompress from
# vmcore.zlib, in a temporary directory.
set -u
. "$(dirname "$0")/lib.bash"
R=$BUILD/tests/tools/readphys
RC=$BUILD/tests/tools/kdump-recompress
# Fixture dirs from tests/fixtures/mkdumps when it exists, else the cache.
if [ -x "$FIXTURES/mkdumps" ]; then
	mapfile -t all_dirs < <(fixture_dirs | awk "{print \$2}")
else
	all_dirs=("${FIXTURE_DUMPS:-$HOME/.cache/crash-fixtures/dumps}"/*/)
fi
fixture() { # fixture NAME: the dir of that fixture, or nothing
	local d
	for d in "${all_dirs[@]}"; do [ "$(basename "$d")" = "$1" ] && echo "${d%/}"; done
}
if [ ! -x "$R" ]; then skip "readers: $R not built"; exit 0; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# present pages as "PFN HASH", sorted for join; read errors are reported
# on stderr-free stdout as a not ok line, so the caller sees them.
present() { # present DUMP OUT
	"$R" "$1" pages >"$2.raw"
	if grep -q ' P error' "$2.raw"; then
		notok "$1: read errors on present pages: $(grep -m1 ' P error' "$2.raw")"
	fi
	awk '$2=="P" && $3!="error" && $3!="partial" {print $1, $3}' "$2.raw" | sort >"$2"
	rm -f "$2.raw"
}

compare() { # compare NAME REF_LIST OTHER_LIST: every page present in both is identical
	local name=$1 a=$2 b=$3 common differ
	common=$(join "$a" "$b" | wc -l)
	differ=$(join "$a" "$b" | awk '$2!=$3' | wc -l)
	if [ "$common" -gt 0 ] && [ "$differ" = 0 ]; then
		ok "$name: $common pages identical"
	else
		notok "$name: $common pages in common, $differ differ"
	fi
}

k=$(fixture 6.1-kdump)
if [ -n "$k" ] && [ -f "$k/vmcore.zlib" ]; then
	present "$k/vmcore.zlib" "$tmp/zlib"
	n=$(wc -l <"$tmp/zlib")
	forms=(lzo flat elf elf-d31)
	if [ -x "$RC" ]; then
		for c in snappy zstd; do
			if "$RC" $c "$k/vmcore.zlib" "$tmp/vmcore.$c" 2>/dev/null; then
				forms+=("$tmp:$c")
			else
				notok "kdump-recompress $c"
			fi
		done
	else
		skip "snappy/zstd: kdump-recompress not built"
	fi
	for f in "${forms[@]}"; do
		case $f in *:*) path=${f%%:*}/vmcore.${f##*:}; f=${f##*:} ;; *) path=$k/vmcore.$f ;; esac
		[ -f "$path" ] || { skip "6.1-kdump vmcore.$f: missing"; continue; }
		present "$path" "$tmp/$f"
		case $f in
		elf*) compare "6.1-kdump zlib vs $f" "$tmp/zlib" "$tmp/$f" ;;
		*) if cmp -s "$tmp/zlib" "$tmp/$f"; then ok "6.1-kdump $f: same $n pages as zlib"
		   else notok "6.1-kdump $f: pages differ from zlib"; fi ;;
		esac
	done
	for f in snappy zstd; do
		[ -f "$tmp/vmcore.$f" ] || continue
		c=$("$R" "$tmp/vmcore.$f" info | sed -n 's/^compression: \([a-z]*\).*/\1/p')
		[ "$c" = "$f" ] && ok "vmcore.$f reports compression $f" || notok "vmcore.$f reports compression '$c'"
	done
	if [ -f "$k/vmcore.split.1" ]; then
		parts=$(ls "$k"/vmcore.split.* | sort -V | paste -sd,)
		present "$parts" "$tmp/split"
		cmp -s "$tmp/zlib" "$tmp/split" && ok "6.1-kdump split: same $n pages as zlib" ||
			notok "6.1-kdump split: pages differ from zlib"
	fi
	x=$("$R" "$k/vmcore.zlib" pages | awk '$2=="X" {print $1; exit}')
	if [ -n "$x" ]; then
		out=$("$R" "$k/vmcore.zlib" read 0x${x}000 8)
		[[ $out == "error -2:"*excluded* ]] && ok "excluded page gives DUMP_E_EXCLUDED" ||
			notok "excluded page: $out"
		# the same through the shell: rd -p, one error line, session goes on
		if [ -x "${CRASH:-}" ]; then
			out=$(printf 'rd -p %s000\nrd -p 1000 2\n' "$x" |
				"$CRASH" -s "$k/vmlinux" "$k/vmcore.zlib" 2>&1)
			first=$(head -1 <<<"$out")
			[[ $first == "rd: "*excluded* ]] && ok "rd -p of an excluded page: $first" ||
				notok "rd -p excluded: $first"
			[ "$(sed -n 2p <<<"$out")" = "            1000:  0000000000000000 0000000000000000   ................" ] &&
				ok "rd -p layout: right-aligned physical address, words, ASCII" ||
				notok "rd -p layout: $(sed -n 2p <<<"$out")"
		fi
	else
		skip "no excluded page in 6.1-kdump"
	fi
	max=$("$R" "$k/vmcore.zlib" info | sed -n 's/^max_paddr: \(0x[0-9a-f]*\).*/\1/p')
	out=$("$R" "$k/vmcore.zlib" read "$max" 8)
	[[ $out == "error -3:"* ]] && ok "address past max_paddr gives DUMP_E_NOT_RAM" || notok "past max_paddr: $out"
	v1=$("$R" "$k/vmcore.zlib" vmcoreinfo | md5sum)
	v2=$("$R" "$k/vmcore.elf" vmcoreinfo | md5sum)
	[ "$v1" = "$v2" ] && ok "6.1-kdump VMCOREINFO same in ELF and kdump" || notok "6.1-kdump VMCOREINFO differs"
else
	skip "6.1-kdump fixture not present"
fi

for q in "${all_dirs[@]}"; do
	q=${q%/}
	[ -f "$q/vmcore.elf" ] && [ -f "$q/vmcore.kdump-flat" ] || continue
	name=$(basename "$q")
	present "$q/vmcore.elf" "$tmp/qe"
	present "$q/vmcore.kdump-flat" "$tmp/qk"
	# The two files are separate dump-guest-memory runs: a guest that is
	# not fully stopped may change a few pages in between, so allow 0.1%.
	common=$(join "$tmp/qe" "$tmp/qk" | wc -l)
	differ=$(join "$tmp/qe" "$tmp/qk" | awk '$2!=$3' | wc -l)
	if [ "$common" -gt 0 ] && [ $((differ * 1000)) -le "$common" ]; then
		ok "$name elf vs kdump-flat: $common pages, $differ differ (separate captures)"
	else
		notok "$name elf vs kdump-flat: $common pages in common, $differ differ"
	fi
	ps=$("$R" "$q/vmcore.kdump-flat" vmcoreinfo | sed -n 's/^PAGESIZE=//p')
	ip=$("$R" "$q/vmcore.kdump-flat" info | sed -n 's/^page_size: \([0-9]*\).*/\1/p')
	[ -n "$ps" ] && [ "$ps" = "$ip" ] && ok "$name page_size from VMCOREINFO ($ps)" || notok "$name page_size $ip vs VMCOREINFO $ps"
done

# nr_cpus and release against truth.json, for every dump file of every fixture
for dir in "${all_dirs[@]}"; do
	[ -f "$dir/truth.json" ] || continue
	name=$(basename "$dir")
	read -r ncpus release < <(python3 -c 'import json,sys; t=json.load(open(sys.argv[1])); print(t.get("ncpus",""), t.get("release",""))' "$dir/truth.json")
	for f in "$dir"/vmcore.*; do
		case $f in *.split.[2-9]) continue ;; esac
		arg=$f
		case $f in *.split.1) arg=$(ls "${f%.1}".* | sort -V | paste -sd,) ;; esac
		info=$("$R" "$arg" info 2>&1) || { notok "$name/$(basename "$f"): open: $info"; continue; }
		c=$(sed -n 's/.*nr_cpus: \([0-9]*\).*/\1/p' <<<"$info")
		r=$(sed -n 's/.*release: \(.*\)$/\1/p' <<<"$info")
		[ "$c" = "$ncpus" ] && [ "$r" = "$release" ] && ok "$name/$(basename "$f"): nr_cpus $c, release $r" ||
			notok "$name/$(basename "$f"): nr_cpus $c release $r, truth $ncpus $release"
	done
done
