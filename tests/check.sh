#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# `make check`, after the builds: host tests, checkpatch, then the in-VM
# suite (with KUnit on the debug kernel) on every kernel. Prints a count line
# per part and ends with exactly one line "N passed, N failed, N skipped".
# Exit status 1 if anything failed.
#
# CHECK_KERNELS limits the kernels (default: all of them, $KERNELS).
set -u

TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/tools/lib.sh"
cd "$TOP" || exit 1

P=0 F=0 S=0

# tally PART PASS FAIL SKIP
tally() {
	P=$((P + $2)) F=$((F + $3)) S=$((S + $4))
	echo "$1: $2 passed, $3 failed, $4 skipped"
}

# Host tests: each tests/host/*.sh but lib.sh (their shared preamble)
# exits 0 (pass), 77 (skip) or fails. They run $JOBS at a time (independent: each works in its own temporary
# directory); the results are read back in file order.
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 1)}
hp=0 hf=0 hs=0
hdir=$(mktemp -d)
trap 'rm -rf "$hdir"' EXIT
htests=$(for t in tests/host/*.sh; do [ "$t" = tests/host/lib.sh ] || echo "$t"; done)
# shellcheck disable=SC2016
echo "$htests" | xargs -P "$JOBS" -I{} sh -c \
	'n=$(basename "$1" .sh); sh "$1" >"$2/$n.out" 2>&1; echo $? >"$2/$n.rc"' \
	sh {} "$hdir"
for t in $htests; do
	name=$(basename "$t" .sh)
	rc=$(cat "$hdir/$name.rc" 2>/dev/null || echo 1)
	out=$(cat "$hdir/$name.out" 2>/dev/null)
	if [ "$rc" -eq 0 ]; then
		hp=$((hp + 1))
	elif [ "$rc" -eq 77 ]; then
		hs=$((hs + 1))
		echo "    skip: host $name: $(echo "$out" | tail -n 1)"
	else
		hf=$((hf + 1))
		echo "    FAIL: host $name"
		echo "$out" | sed 's/^/    | /'
	fi
done
tally host $hp $hf $hs

# checkpatch, from the debug kernel's source tree, one result per file
# ($JOBS at a time, read back in order).
cp_=0 cf=0
checkpatch=$(debug_dir)/src/scripts/checkpatch.pl
files=$(for f in module/*.c module/*.h module/probes/*.c uapi/linux/*.h tests/kunit/*.c; do
	[ "$f" = module/probes.h ] || echo "$f"
done)
# shellcheck disable=SC2016
echo "$files" | xargs -P "$JOBS" -I{} sh -c \
	'o=$2/cp-$(echo "$1" | tr / _); perl "$3" --no-tree --strict --terse --show-types -f "$1" >"$o.out" 2>&1; echo $? >"$o.rc"' \
	sh {} "$hdir" "$checkpatch"
for f in $files; do
	o=$hdir/cp-$(echo "$f" | tr / _)
	if [ "$(cat "$o.rc" 2>/dev/null || echo 1)" -eq 0 ]; then
		cp_=$((cp_ + 1))
	else
		cf=$((cf + 1))
		echo "    FAIL: checkpatch $f"
		sed 's/^/    | /' "$o.out" 2>/dev/null
	fi
done
tally checkpatch $cp_ $cf 0

for k in ${CHECK_KERNELS:-$KERNELS}; do
	rm -f "build/$k/counts"
	sh tests/vm/run.sh check "$k" | grep -v "^$k: " | sed 's/^/    /'
	if [ -r "build/$k/counts" ]; then
		read -r kp kf ks <"build/$k/counts"
		tally "$k" "$kp" "$kf" "$ks"
	else
		tally "$k" 0 1 0
	fi
done

echo "$P passed, $F failed, $S skipped"
[ "$F" -eq 0 ]
