#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The benchmarks of `make bench` (/ctr/bench/*) with tiny counts
# (CTR_BENCH_QUICK=1): each exits 0 and prints every table it should, each
# complete (as many rows as its BENCH-END line says, numeric values, every
# ratio's base row there, and non-zero if it is a time, unless the clock
# steps by more than 10 us (ticks on the debug kernel): with tiny counts a
# memory delta, and there a short time, may well be 0). Only the cgroup v1
# rows may be skipped, with their reason printed, and a profile on a
# kernel without the function_graph tracer (the debug kernel's) or of a
# function the compiler inlined there. Then core as in make bench's
# counted boots (CTR_BENCH_COUNTED=1, CTR_BENCH_ONLY="attach pids") must
# print those tables, named count-TABLE, and no other. The module is
# loaded afterwards (tests/bench/events.c unloads and loads it).
set -u
W=$(mktemp -d)
nfail=0 took=
# shellcheck source=tests/vm/lib.sh
. /ctr/lib.sh

# The tables each program must print.
tables() {
	case "$1" in
	core) echo "attach attach-idle attach-stages attach-parallel batch create pids-10 pids-1000 pids-10000" ;;
	events) echo "fork subscribers subscribers-tail subscribers-cpu subscribers-apart events-read events-stalled" ;;
	memory) echo "memory memory-task proc" ;;
	profile) echo "profile-ioctl profile-attach profile-attach-member profile-pids-ioctl profile-pids profile-fork profile-exit profile-emit profile-send profile-flush profile-fill" ;;
	*) echo "" ;;
	esac
}

# check.awk: the problems of one program's output, one a line.
cat >"$W/check.awk" <<'EOF'
function problem(s) { print s; bad++ }
BEGIN {
	FS = "|"; n = split(want, w, " "); step = 0
	for (i = 1; i <= n; i++) wanted[w[i]] = 1
}
$1 == "BENCH-CLOCK" { step = $2 + 0; next }
$1 == "BENCH-TABLE" {
	if (cur != "") problem("table " cur " not ended before " $2)
	cur = $2; rows = 0; nt++; unit[cur] = $3
	if (exact && !($2 in wanted)) problem("table " $2 " not asked for")
	if (NF < 4 || $3 == "" || $4 == "") problem("table " $2 ": no unit or title")
	next
}
$1 == "BENCH" || $1 == "BENCH-SKIP" {
	if ($2 != cur) { problem("row " $3 " of " $2 " outside its table"); next }
	rows++
	key[cur, $3] = 1
	if ($1 == "BENCH-SKIP") {
		if ($3 !~ /^v1/ && !($3 == "ftrace" && $4 ~ /no function_graph|not a traceable function/))
			problem(cur "/" $3 " skipped: " $4)
		else print "note: " cur "/" $3 " skipped: " $4 > "/dev/stderr"
		skipped[cur, $3] = 1
		next
	}
	if ($4 !~ /^-?[0-9]+(\.[0-9]+)?$/) problem(cur "/" $3 ": value '" $4 "'")
	val[cur, $3] = $4
	if ($5 != "-") base[cur, $3] = $5
	if (NF < 6 || $6 == "") problem(cur "/" $3 ": no label")
	next
}
$1 == "BENCH-END" {
	if ($2 != cur) problem("end of " $2 " outside it")
	else if ($3 != rows) problem("table " cur ": " rows " rows, " $3 " announced")
	ended[cur] = 1; cur = ""
	next
}
END {
	if (cur != "") problem("table " cur " not ended")
	for (i = 1; i <= n; i++)
		if (!ended[w[i]]) problem("table " w[i] " missing or not ended")
	if (!nt) problem("no table")
	for (k in base) {
		split(k, p, SUBSEP)
		b = base[k]
		if (!((p[1], b) in key)) problem(p[1] "/" p[2] ": base row " b " missing")
		else if (unit[p[1]] == "us" && step <= 10000 && !((p[1], b) in skipped) &&
			 val[p[1], b] + 0 <= 0)
			problem(p[1] "/" p[2] ": base row " b " is " val[p[1], b])
	}
	exit bad ? 1 : 0
}
EOF

for b in /ctr/bench/*; do
	[ -x "$b" ] || continue
	prog=$(basename "$b")
	# function_graph patches every function of the kernel: multi-threaded
	# TCG may then run a stale int3 (docs/testing.md), so the profiles run
	# only where QEMU runs the vCPUs in one thread (make bench boots so).
	if [ "$prog" = profile ] && [ "${CTRVM_TCG:-}" != single ]; then
		echo "note: profile not run: TCG ${CTRVM_TCG:-unknown}, not single-threaded"
		continue
	fi
	t0=$(date +%s)
	CTR_BENCH_QUICK=1 "$b" >"$W/$prog.out" 2>"$W/$prog.err"
	rc=$?
	took="$took $prog $(($(date +%s) - t0)) s,"
	if [ $rc -ne 0 ]; then
		bad "$prog: exit status $rc: $(tail -n 5 "$W/$prog.err")"
		continue
	fi
	if ! awk -v want="$(tables "$prog")" -f "$W/check.awk" "$W/$prog.out" \
		>"$W/$prog.problems" 2>>"$W/$prog.err"; then
		bad "$prog: $(cat "$W/$prog.problems")"
	fi
	grep '^note:' "$W/$prog.err"
	echo "$prog: $(grep -c '^BENCH|' "$W/$prog.out") figures"
done
[ -e /ctr/bench/core ] || bad "no benchmark programs in /ctr/bench"
# A counted boot's selection and names (tests/bench/bench.h).
if [ -x /ctr/bench/core ]; then
	CTR_BENCH_QUICK=1 CTR_BENCH_COUNTED=1 CTR_BENCH_ONLY="attach pids" /ctr/bench/core \
		>"$W/count.out" 2>"$W/count.err"
	rc=$?
	if [ $rc -ne 0 ]; then
		bad "core, counted: exit status $rc: $(tail -n 5 "$W/count.err")"
	elif ! awk -v exact=1 -f "$W/check.awk" \
		-v want="count-attach count-attach-idle count-attach-stages count-pids-10 count-pids-1000 count-pids-10000" \
		"$W/count.out" >"$W/count.problems" 2>>"$W/count.err"; then
		bad "core, counted: $(cat "$W/count.problems")"
	else
		echo "core, counted: $(grep -c '^BENCH-TABLE|count-' "$W/count.out") tables"
	fi
fi
# Whether this kernel mounts a cgroup v1 named hierarchy, in the kernel log
# too, so that the console log of a passing run tells.
if [ -s "$W/core.out" ]; then
	skip=$(grep -m 1 '^BENCH-SKIP|[^|]*|v1|' "$W/core.out" | cut -d '|' -f 4)
	if [ -n "$skip" ]; then
		msg="cgroup v1 rows skipped: $skip"
	else
		msg="cgroup v1 (none,name=) hierarchy mounted and measured"
	fi
	echo "bench-quick: $msg;$took clock step $(sed -n 's/^BENCH-CLOCK|//p' "$W/core.out") ns" |
		tee /dev/kmsg
fi
[ -c /dev/containerctl ] || bad "module not loaded after the benchmarks"
rm -rf "$W"
[ "$nfail" -eq 0 ]
