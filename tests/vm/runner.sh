#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# In-VM test runner (busybox sh). Loads the module, runs every test in
# /ctr/tests in name order and prints TAP; the host (tests/vm/run.sh) parses
# it. Tests exit 0 (pass), 77 (skip) or anything else (fail), liburing style.
#
# After every step the kernel log written since the previous step is
# scanned: a BUG, WARNING, Oops, lockdep, KASAN, UBSAN or kmemleak report
# fails that step, whatever its exit status. On the debug kernel,
# panic_on_warn is set, so a WARN also stops the VM (the host then reports
# the run as unfinished). At the end the module is unloaded and kmemleak
# (where the kernel has it) must find nothing new.
#
# Usage: runner.sh check|demo|bench|count|profile|fuzz|load|shell|stress

mode=$1
KO=/ctr/containerctl.ko
KUNIT_KO=/ctr/containerctl_kunit.ko
TEST_TIMEOUT=${CTRVM_TEST_TIMEOUT:-300}
KLOG_PATTERNS=/ctr/klog-patterns	# one extended regexp a line
KMEMLEAK=/sys/kernel/debug/kmemleak
export CTR_KO=$KO

n=0 npass=0 nfail=0 nskip=0

# klog_new: the kernel log since the last call (and clear it).
klog_new() {
	dmesg -c >/tmp/klog.new 2>/dev/null
	cat /tmp/klog.new >>/tmp/klog.all
	grep -E -f $KLOG_PATTERNS /tmp/klog.new
}

# report NAME STATUS OUTFILE: print one TAP line (and diagnostics). A test
# with cases (ctrtest_cases() in tests/vm/t/ctrtest.h: a plan "1..N" and a
# TAP line per case in its output) gets them as its subtests first,
# indented by four spaces (TAP 14); tests/vm/parse.sh counts each.
report() {
	if grep -q '^1\.\.[0-9][0-9]*$' "$3"; then
		grep -E '^(not )?ok [0-9]+ - ' "$3" | sed 's/^/    /'
	fi
	n=$((n + 1))
	bad=$(klog_new)
	if [ -n "$bad" ] && [ "$2" != fail ]; then
		set -- "$1" fail "$3"
		echo "kernel log:" >>"$3"
		cat /tmp/klog.new >>"$3"
	elif [ -n "$bad" ]; then
		echo "kernel log:" >>"$3"
		cat /tmp/klog.new >>"$3"
	fi
	case "$2" in
	pass)
		npass=$((npass + 1))
		echo "ok $n - $1"
		;;
	skip)
		nskip=$((nskip + 1))
		echo "ok $n - $1 # SKIP $(tail -n 1 "$3")"
		;;
	*)
		nfail=$((nfail + 1))
		echo "not ok $n - $1"
		sed 's/^/# /' "$3"
		;;
	esac
}

# uptime: seconds since boot, to the hundredth.
uptime_s() {
	read -r up _ </proc/uptime
	echo "$up"
}

# step NAME CMD...: run CMD as one test step; a TAP comment gives its time.
step() {
	name=$1
	shift
	t0=$(uptime_s)
	timeout -s KILL "$TEST_TIMEOUT" "$@" >/tmp/out 2>&1
	rc=$?
	t1=$(uptime_s)
	case $rc in
	0) report "$name" pass /tmp/out ;;
	77) report "$name" skip /tmp/out ;;
	*)
		[ $rc -eq 137 ] && echo "timed out after ${TEST_TIMEOUT}s" >>/tmp/out
		echo "exit status $rc" >>/tmp/out
		report "$name" fail /tmp/out
		;;
	esac
	echo "# time: $name: $(echo "$t0 $t1" | awk '{ printf "%.2f", $2 - $1 }') s"
}

# out_comments: the last step's whole output, as TAP comments: its own
# result lines ("ok 1 - attach") are counted once, as report()'s subtests.
out_comments() {
	sed 's/^/# /' /tmp/out
}

unload() {
	rmmod containerctl_kunit 2>/dev/null
	rmmod containerctl
}

kmemleak_scan() {
	# kmemleak reports objects at least 5 s old: let the last ones age.
	sleep 6
	echo scan >$KMEMLEAK
	echo scan >$KMEMLEAK
	cat $KMEMLEAK >/tmp/leaks
	if [ -s /tmp/leaks ]; then
		cat /tmp/leaks
		return 1
	fi
}

# KUnit: load the test module (its suites run at load), print each suite's
# KTAP between markers for the host to parse, unload.
kunit() {
	insmod $KO || return 1
	insmod $KUNIT_KO || return 1
	rc=0
	for d in /sys/kernel/debug/kunit/*/; do
		s=$(basename "$d")
		echo "CTRVM-KTAP-BEGIN $s"
		cat "$d/results"
		echo "CTRVM-KTAP-END $s"
	done >/tmp/ktap
	rmmod containerctl_kunit || rc=1
	rmmod containerctl || rc=1
	return $rc
}

# cpus: every vCPU QEMU was given is online. A kernel that finds fewer (no
# ACPI, a one-socket MP table) would run every test on fewer CPUs than it
# claims to.
cpus() {
	online=$(grep -c '^processor' /proc/cpuinfo)
	echo "online CPUs: $online (/sys: $(cat /sys/devices/system/cpu/online)), QEMU gave: ${CTRVM_CPUS:-?}"
	[ -n "${CTRVM_CPUS:-}" ] && [ "$online" -eq "$CTRVM_CPUS" ]
}

# idle_total: the idle and total time of all CPUs so far (/proc/stat, in
# USER_HZ ticks).
idle_total() {
	awk 'NR == 1 { print $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9; exit }' /proc/stat
}

# quiet: wait until nothing but this runs before a table is timed: three
# 1 s windows in a row with the CPUs at least 95% idle, within 600 s. The
# boot's own work ends late under emulation: in a counted boot the crypto
# self-tests (cryptomgr_test) still took a third of the vCPU during the
# first tables.
quiet() {
	end=$(($(cut -d. -f1 /proc/uptime) + 600))
	calm=0
	# shellcheck disable=SC2046 # two numbers
	set -- $(idle_total)
	while [ "$calm" -lt 3 ]; do
		if [ "$(cut -d. -f1 /proc/uptime)" -ge "$end" ]; then
			echo "still busy after 600 s; running:"
			awk '$3 == "R" { print $1, $2 }' /proc/[0-9]*/stat 2>/dev/null
			return 1
		fi
		sleep 1
		# shellcheck disable=SC2046
		set -- "$1" "$2" $(idle_total)
		if [ $((($4 - $3 - $2 + $1) * 20)) -le $(($4 - $2)) ]; then
			calm=$((calm + 1))
		else
			calm=0
		fi
		shift 2
	done
	echo "quiet at $(uptime_s) s since boot"
}

# Steps that are shell functions run as "runner.sh --fn NAME", so that they
# too run under timeout.
if [ "$mode" = --fn ]; then
	shift
	"$@"
	exit $?
fi

echo 1 >/proc/sys/kernel/panic_on_oops
case "$CTRVM_KERNEL" in
debug*) echo 1 >/proc/sys/kernel/panic_on_warn ;;
esac

# Leaks that predate the module are not ours. The periodic scan is turned
# off (it can hog a CPU for long under emulation): we scan at the end.
if [ -e $KMEMLEAK ]; then
	echo scan=off >$KMEMLEAK
	echo scan >$KMEMLEAK
	echo clear >$KMEMLEAK
fi
dmesg -c >/tmp/klog.all

echo "CTRVM-BEGIN $CTRVM_KERNEL $mode"
step "cpus online" sh "$0" --fn cpus
step "load module" insmod $KO

case "$mode" in
shell)
	exit 0
	;;
demo)
	step "demo" sh /ctr/demo.sh
	cat /tmp/out
	;;
bench | count)
	# Kernel messages would cut the table lines on the console.
	dmesg -n 1
	# 10 000 processes, 100 000 containers: a program takes minutes.
	TEST_TIMEOUT=${CTRVM_TEST_TIMEOUT:-1200}
	step "quiet" sh "$0" --fn quiet
	echo "== containerctl benchmarks on $(uname -r), $(nproc) CPUs, mode $mode =="
	if [ "$mode" = count ]; then
		# make bench's counted boots (run.sh count: one vCPU, the clock
		# counting instructions): the single-threaded tables whose
		# ratios decide a goal, as count-TABLE (tests/bench/bench.h).
		echo "BENCH-INFO|counted|$(uname -r)"
		export CTR_BENCH_COUNTED=1 CTR_BENCH_ONLY="attach pids fork subscribers"
	else
		# What tools/bench-report.sh puts at the top of docs/benchmarks.md.
		echo "BENCH-INFO|kernel|$(uname -r)"
		echo "BENCH-INFO|date|$(date -u '+%Y-%m-%d %H:%M UTC')"
		echo "BENCH-INFO|cpus|$(nproc)"
		echo "BENCH-INFO|memory|$(awk '$1 == "MemTotal:" { print int($2 / 1024) " MiB" }' /proc/meminfo)"
	fi
	# The profiles are a boot of their own: profile.
	for b in /ctr/bench/*; do
		[ -x "$b" ] || continue
		[ "$(basename "$b")" = profile ] && continue
		step "bench $(basename "$b")" "$b"
		cat /tmp/out
	done
	;;
profile)
	# make bench's second boot, under single-threaded TCG: where the time
	# goes (tests/bench/profile.c), with ftrace's function_graph.
	dmesg -n 1
	TEST_TIMEOUT=${CTRVM_TEST_TIMEOUT:-1200}
	step "quiet" sh "$0" --fn quiet
	echo "== containerctl profiles on $(uname -r), $(nproc) CPUs, TCG $CTRVM_TCG =="
	step "bench profile" /ctr/bench/profile
	cat /tmp/out
	;;
stress)
	# make stress: the stress tests for ctrvm.stress_seconds; their report
	# on the console. (The load cycles are a boot of their own: load.)
	export CTR_STRESS_SECONDS="${CTRVM_STRESS_SECONDS:-600}"
	TEST_TIMEOUT=$((CTR_STRESS_SECONDS + 900))
	step stress /ctr/tests/60-stress
	[ "$rc" -eq 0 ] && out_comments
	;;
load)
	# 61-load-stress alone: the load/unload cycles of ctrvm.load_cycles
	# (default 100), pinned or not as ctrvm.load_pin says (default not).
	export CTR_LOAD_CYCLES="${CTR_LOAD_CYCLES:-100}" CTR_LOAD_PIN="${CTR_LOAD_PIN:-0}"
	TEST_TIMEOUT=$((CTR_LOAD_CYCLES * 30 + 300))
	step load-stress /ctr/tests/61-load-stress
	out_comments
	;;
fuzz)
	# tests/vm/t/70-fuzz alone, as long as run.sh allows; its progress
	# also goes to the console (/dev/kmsg), to locate a crash.
	TEST_TIMEOUT=${CTRVM_FUZZ_TIMEOUT:-$TEST_TIMEOUT}
	step "fuzz" /ctr/tests/70-fuzz
	out_comments
	;;
check)
	# 28-nstrack-bound's churn: 30 s on the debug kernel, where lockdep and
	# KASAN watch it, 15 s elsewhere (its default, a minute, is for
	# running it by hand).
	case "$CTRVM_KERNEL" in
	debian-*) export CTR_NSBOUND_SECONDS="${CTR_NSBOUND_SECONDS:-15}" ;;
	debug*) export CTR_NSBOUND_SECONDS="${CTR_NSBOUND_SECONDS:-30}" ;;
	esac
	for t in /ctr/tests/*; do
		[ -x "$t" ] || continue
		name=$(basename "$t")
		step "${name#[0-9][0-9]-}" "$t"
	done
	;;
esac

step "unload module" sh "$0" --fn unload
if [ "$mode" = check ] && [ -e $KUNIT_KO ]; then
	step "kunit" sh "$0" --fn kunit
	cat /tmp/ktap
fi
if [ -e $KMEMLEAK ]; then
	step "kmemleak" sh "$0" --fn kmemleak_scan
fi
echo "1..$n"
echo "CTRVM-RESULT pass=$npass fail=$nfail skip=$nskip"
