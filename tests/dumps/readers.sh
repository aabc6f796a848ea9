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
DUMPS=${FIXTURE_DUMPS:-$HOME/.cache/crash-fixtures/dumps}
if [ ! -x "$R" ]; then skip "readers: $R not built"; exit 0; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# present pages as "PFN HASH", sorted for join
present() { "$R" "$1" pages | awk '$2=="P" && $3!="error" {print $1, $3}' | sort; }

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

k=$DUMPS/6.1-kdump
if [ -f "$k/vmcore.zlib" ]; then
	present "$k/vmcore.zlib" >"$tmp/zlib"
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
		present "$path" >"$tmp/$f"
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
		present "$parts" >"$tmp/split"
		cmp -s "$tmp/zlib" "$tmp/split" && ok "6.1-kdump split: same $n pages as zlib" ||
			notok "6.1-kdump split: pages differ from zlib"
	fi
	x=$("$R" "$k/vmcore.zlib" pages | awk '$2=="X" {print $1; exit}')
	if [ -n "$x" ]; then
		out=$("$R" "$k/vmcore.zlib" read 0x${x}000 8)
		[[ $out == "error -2:"*excluded* ]] && ok "excluded page gives DUMP_E_EXCLUDED" ||
			notok "excluded page: $out"
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

for q in "$DUMPS"/*qemu*; do
	[ -f "$q/vmcore.elf" ] && [ -f "$q/vmcore.kdump-flat" ] || continue
	name=$(basename "$q")
	present "$q/vmcore.elf" >"$tmp/qe"
	present "$q/vmcore.kdump-flat" >"$tmp/qk"
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
