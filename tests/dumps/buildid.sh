#!/usr/bin/env bash
# A dump given alone finds its debug vmlinux by the build ID VMCOREINFO
# records: in a .build-id tree, at Debian's -dbg path for the release, and
# from a debuginfod server (Debian's debuginfod, started here on a free
# port and queried on 127.0.0.1, serving the fixture's -dbg .deb; stopped
# at the end).  A vmlinux found for the wrong kernel is refused in one
# line and the session goes on with kallsyms and BTF; with nothing found
# the banner says so.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${TOP:=$(dirname "$(dirname "$here")")}"
. "$here/lib.bash"
need_dumps buildid
tmp=$(mktemp -d)
srv=
cleanup() {
	[ -n "$srv" ] && kill "$srv" 2>/dev/null && wait "$srv" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
unset DEBUGINFOD_URLS

# the first x86_64 6.1 fixture with a debug vmlinux (one is enough: the
# lookup does not depend on the dump)
d=
for x in $dirs; do
	case $(basename "$x") in 6.1-qemu-4l | 6.1-*) ;; *) continue ;; esac
	[ -f "$x/vmcore.elf" ] && [ -f "$x/vmlinux" ] && { d=$x; break; }
done
[ -n "$d" ] || { skip "buildid: no 6.1 fixture dump"; exit 0; }
name=$(basename "$d")
v=$d/vmcore.elf
vmlinux=$(readlink -f "$d/vmlinux")
id=$(readelf -n "$vmlinux" 2>/dev/null | awk '/Build ID:/ { print $3; exit }')
release=$(basename "$(dirname "$vmlinux")")
[ -n "$id" ] || { notok "buildid: $name: no build ID in $vmlinux"; exit 0; }

# session ENV...: stderr and the KERNEL: line of sys
session() { printf 'sys\n' | env "$@" timeout 600 "$CRASH" "$v" 2>&1 | grep -E '^crash: |KERNEL: ' | sort -u; }

mkdir -p "$tmp/tree/.build-id/${id:0:2}"
ln -s "$vmlinux" "$tmp/tree/.build-id/${id:0:2}/${id:2}.debug"
out=$(session CRASH_DEBUGINFO_DIRS="$tmp/tree")
if grep -q "KERNEL: $tmp/tree/.build-id/${id:0:2}/${id:2}.debug" <<<"$out" &&
	grep -q "found the debug vmlinux by the dump's build ID" <<<"$out"; then
	ok "buildid: $name: found in a .build-id tree"
else
	notok "buildid: $name: not found in a .build-id tree: $out"
fi

mkdir -p "$tmp/deb/boot"
ln -s "$vmlinux" "$tmp/deb/boot/vmlinux-$release"
out=$(session CRASH_DEBUGINFO_DIRS="$tmp/empty:$tmp/deb")
if grep -q "KERNEL: $tmp/deb/boot/vmlinux-$release" <<<"$out"; then
	ok "buildid: $name: found at Debian's -dbg path boot/vmlinux-$release"
else
	notok "buildid: $name: not found at boot/vmlinux-$release: $out"
fi

out=$(session CRASH_DEBUGINFO_DIRS="$tmp/empty")
if grep -q "KERNEL: (none: kallsyms, BTF)" <<<"$out" &&
	grep -q "no debuginfo: using kallsyms, BTF from the dump" <<<"$out"; then
	ok "buildid: $name: nothing found, the banner says kallsyms and BTF"
else
	notok "buildid: $name: with nothing found: $out"
fi

# the wrong kernel's vmlinux under this build ID
other=
for x in $dirs; do
	o=$(readlink -f "$x/vmlinux" 2>/dev/null)
	[ -n "$o" ] && [ "$o" != "$vmlinux" ] && { other=$o; break; }
done
if [ -n "$other" ]; then
	mkdir -p "$tmp/bad/.build-id/${id:0:2}"
	ln -s "$other" "$tmp/bad/.build-id/${id:0:2}/${id:2}.debug"
	out=$(session CRASH_DEBUGINFO_DIRS="$tmp/bad")
	if grep -q "found by build ID, does not open: .*do not match" <<<"$out" &&
		grep -q "KERNEL: (none: kallsyms, BTF)" <<<"$out"; then
		ok "buildid: $name: another kernel's vmlinux under the build ID refused, kallsyms used"
	else
		notok "buildid: $name: another kernel's vmlinux under the build ID: $out"
	fi
else
	skip "buildid: $name: no second kernel for the mismatch case"
fi

# debuginfod, serving the -dbg .deb of the release
debs=${XDG_CACHE_HOME:-$HOME/.cache}/crash-fixtures/debs
deb=$(ls "$debs"/linux-image-"$release"-dbg_*.deb 2>/dev/null | head -1)
if ! command -v debuginfod >/dev/null || ! command -v bsdtar >/dev/null || ! command -v curl >/dev/null; then
	skip "buildid: $name: debuginfod: needs debuginfod, bsdtar (libarchive-tools) and curl"
elif [ -z "$deb" ]; then
	skip "buildid: $name: debuginfod: no linux-image-$release-dbg .deb in $debs"
else
	mkdir -p "$tmp/srv" "$tmp/cache"
	ln -s "$deb" "$tmp/srv/"
	port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	debuginfod -L -U -p "$port" -d "$tmp/db.sqlite" -t 0 -g 0 "$tmp/srv" >"$tmp/srv.log" 2>&1 &
	srv=$!
	# indexed when the archive is scanned (a few CPU-seconds of xz)
	for _ in $(seq 1 600); do
		m=$(curl -s "http://127.0.0.1:$port/metrics" || true)
		grep -q 'scanned_files_total{source=".deb archive"} 1' <<<"$m" &&
			grep -q 'thread_work_pending{role="scan"} 0' <<<"$m" && break
		kill -0 "$srv" 2>/dev/null || break
		sleep 1
	done
	out=$(session CRASH_DEBUGINFO_DIRS="$tmp/empty" DEBUGINFOD_URLS="http://127.0.0.1:$port" \
		DEBUGINFOD_CACHE_PATH="$tmp/cache" DEBUGINFOD_TIMEOUT=300)
	if grep -q "KERNEL: $tmp/cache/$id/debuginfo" <<<"$out"; then
		ok "buildid: $name: fetched from a local debuginfod serving $(basename "$deb")"
	elif ! grep -q 'scanned_files_total{source=".deb archive"} 1' <<<"${m:-}"; then
		skip "buildid: $name: debuginfod did not index $(basename "$deb"): $(tail -1 "$tmp/srv.log")"
	else
		notok "buildid: $name: not fetched from debuginfod: $out"
	fi
	pid=$srv
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	srv=
	if kill -0 "$pid" 2>/dev/null; then notok "buildid: $name: debuginfod still runs"
	else ok "buildid: $name: debuginfod stopped"; fi
fi
