#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# tools/bench-report.sh on made-up console logs: a complete run gives the
# markdown (info, tables, ratios against the right rows, skipped rows) and
# the ratios file; a failed step, an unfinished run or an incomplete table
# is refused and writes nothing.
set -eu
# shellcheck source=tests/host/lib.sh
. "$(dirname "$0")/lib.sh"
W=$tmp

cat >"$W/good.log" <<'EOF'
[    3.0] Run /init as init process
CTRVM-BEGIN debian-6.12 bench
ok 1 - load module
== containerctl benchmarks on 6.12.0-test, 2 CPUs ==
BENCH-INFO|kernel|6.12.0-test
BENCH-INFO|date|2026-01-02 03:04 UTC
BENCH-INFO|cpus|2
BENCH-INFO|memory|2990 MiB
BENCH-TABLE|attach|us|attach one process (median of 3)
BENCH|attach|ioctl|2.00|ioctl|containerctl ATTACH ioctl
BENCH|attach|v2|50.00|ioctl|cgroup v2 cgroup.procs write
BENCH-SKIP|attach|v1|mount: No such device|cgroup v1 tasks write
BENCH|attach|floor|0.50|ioctl|no-op ioctl
BENCH-END|attach|4
BENCH-TABLE|ev|events|a storm
BENCH|ev|gen|200.00|-|generated
BENCH|ev|recv|150.00|gen|received
BENCH|ev|cn-gen|100.00|-|cn generated
BENCH|ev|cn-recv|0.00|cn-gen|cn received
BENCH-END|ev|4
ok 2 - bench core
ok 3 - unload module
1..3
CTRVM-RESULT pass=3 fail=0 skip=0
EOF
# The serial console ends lines with CR LF.
sed 's/$/\r/' "$W/good.log" >"$W/good-crlf.log"

report() {
	sh "$TOP/tools/bench-report.sh" "$1" "$W/out.md" "$W/ratios.dat" >"$W/stdout" 2>"$W/stderr"
}

if report "$W/good-crlf.log"; then
	md=$W/out.md
	grep -q "^- command: \`make bench\`$" "$md" || bad "no command line"
	grep -q '^- date: 2026-01-02 03:04 UTC$' "$md" || bad "no date"
	grep -q '^- kernel: 6.12.0-test ' "$md" || bad "no kernel"
	grep -q '^### attach one process (median of 3)$' "$md" || bad "no attach title"
	grep -q '^Ratio: against containerctl ATTACH ioctl\.$' "$md" || bad "no common base"
	grep -q '^| cgroup v2 cgroup.procs write | 50.00 | 25.00 |$' "$md" || bad "v2 row"
	grep -q '^| no-op ioctl | 0.50 | 0.25 |$' "$md" || bad "floor row"
	grep -q '^| cgroup v1 tasks write | skipped: mount: No such device | |$' "$md" ||
		bad "skipped row"
	grep -q '^| received | 150 | 0.75 | generated |$' "$md" || bad "mixed bases"
	grep -q '^| generated | 200 |  |  |$' "$md" || bad "row without base"
	printf 'attach/v2 25.00\nattach/floor 0.25\nev/recv 0.75\nev/cn-recv 0.00\n' >"$W/want.dat"
	cmp -s "$W/want.dat" "$W/ratios.dat" || bad "ratios.dat: $(cat "$W/ratios.dat")"
	grep -q '^| cgroup v2 cgroup.procs write | 50.00 | 25.00 |$' "$W/stdout" ||
		bad "tables not printed"
else
	bad "good log refused: $(cat "$W/stderr")"
fi

# Two boots (make bench's BENCH_BOOTS=2), then a boot of mode profile
# without BENCH-INFO: each boot's figures and ratios, how far the ratios
# differ, the mean ratio in ratios.dat; the profile's table joins the last.
{
	cat "$W/good.log"
	sed 's/^BENCH|attach|v2|50.00|/BENCH|attach|v2|55.00|/' "$W/good.log"
	cat <<'EOF'
CTRVM-BEGIN debian-6.12 profile
BENCH-TABLE|prof|us|where the time goes
BENCH|prof|total|10.00|total|f: one call
BENCH|prof|g|4.00|total|g
BENCH-END|prof|2
CTRVM-RESULT pass=1 fail=0 skip=0
EOF
} >"$W/two.log"
if report "$W/two.log"; then
	md=$W/out.md
	grep -q 'repeated in 2 boots' "$md" || bad "two boots: intro"
	grep -q '^| what | us (boot 1) | ratio (boot 1) | us (boot 2) | ratio (boot 2) | boots differ |$' "$md" ||
		bad "two boots: header"
	grep -q '^| cgroup v2 cgroup.procs write | 50.00 | 25.00 | 55.00 | 27.50 | 9.5% |$' "$md" ||
		bad "two boots: v2 row"
	grep -q '^| no-op ioctl | 0.50 | 0.25 | 0.50 | 0.25 | 0.0% |$' "$md" ||
		bad "two boots: floor row"
	grep -q '^| cgroup v1 tasks write | skipped: mount: No such device | | | | |$' "$md" ||
		bad "two boots: skipped row"
	grep -q '^- how far the 2 boots agree: .* 9.5% at worst (attach/v2); of 3 ratios, 2 differ by 5% or less$' "$md" ||
		bad "two boots: agreement: $(grep 'how far' "$md")"
	grep -q '^attach/v2 26.25$' "$W/ratios.dat" || bad "two boots: mean ratio"
	grep -q '^| g | 4.00 | 0.40 |$' "$md" || bad "profile table"
else
	bad "two boots refused: $(cat "$W/stderr")"
fi

# Two counted boots (mode count) after the bench boot: their count-
# tables apart, ratios to three decimals, their own agreement line, and
# the bench boots' count and agreement unchanged.
{
	cat "$W/good.log"
	for v in 100.00 100.40; do
		cat <<EOF
CTRVM-BEGIN debian-6.12 count
BENCH-INFO|counted|6.12.0
BENCH-TABLE|count-fork|us|fork, counted: one vCPU, -icount
BENCH|count-fork|unloaded|100.00|unloaded|module not loaded
BENCH|count-fork|root|$v|unloaded|module loaded
BENCH-END|count-fork|2
CTRVM-RESULT pass=1 fail=0 skip=0
EOF
	done
} >"$W/count.log"
if report "$W/count.log"; then
	md=$W/out.md
	grep -q 'in one boot' "$md" || bad "counted: bench boots"
	grep -q '^| module loaded | 100 | 1.000 | 100.4 | 1.004 | 0.4% |$' "$md" ||
		bad "counted: root row: $(grep '^| module loaded' "$md")"
	grep -q '^- how far the 2 counted boots (count-) agree: .* 0.4% at worst (count-fork/root); of 1 ratios, 1 differ by 5% or less$' "$md" ||
		bad "counted: agreement: $(grep 'how far' "$md")"
	grep -q 'how far the [0-9]* boots agree' "$md" && bad "counted: a bench agreement line from one boot"
else
	bad "counted boots refused: $(cat "$W/stderr")"
fi

# refused NAME SED: the good log edited by SED must be refused.
refused() {
	sed "$2" "$W/good.log" >"$W/$1.log"
	rm -f "$W/out.md" "$W/ratios.dat"
	if report "$W/$1.log"; then
		bad "$1: accepted"
	elif [ -e "$W/out.md" ] || [ -e "$W/ratios.dat" ]; then
		bad "$1: refused but wrote files"
	fi
}
refused failed-step 's/^ok 2 - bench core/not ok 2 - bench core/'
refused unfinished '/^CTRVM-RESULT/d'
refused short-table 's/^BENCH-END|ev|4/BENCH-END|ev|5/'
refused unended-table '/^BENCH-END|attach/d'
refused no-info '/^BENCH-INFO/d'
refused no-tables '/^BENCH/d'

finish
