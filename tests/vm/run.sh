#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Boot one test VM: build its initramfs (busybox-static, the module and the
# KUnit module built for that kernel, the test programs and scripts, ctrctl
# as /bin/ctrctl, libctrl's example program), boot it
# with qemu-system-x86_64 (software emulation, serial console), and, for
# check and demo, judge the console log (tests/vm/parse.sh).
#
# Usage: run.sh check|demo|bench|count|profile|fuzz|load|shell|stress KERNEL
# Output: the console log in build/KERNEL/console-MODE.log; for check, the
# counts in build/KERNEL/counts and a line "KERNEL: P passed, F failed".
# Exit status: 0 when nothing failed.
set -eu

TOP=$(cd "$(dirname "$0")/../.." && pwd)
. "$TOP/tools/lib.sh"

mode=$1 kernel=$2
check_kernel "$kernel"
out=$TOP/build/$kernel
img=$(vmlinuz "$kernel")
[ -e "$img" ] || die "no kernel image for $kernel at $img: run make"
[ -e "$out/module/containerctl.ko" ] || die "module not built for $kernel: run make modules"
[ -x "$TOP/build/ctrctl/ctrctl" ] || die "ctrctl not built: run make tests"

# The debug kernel (KASAN, lockdep, kmemleak) is several times slower. Every
# kernel gets 2 vCPUs; the debug kernel's long runs (stress, load, fuzz) get
# 4, more than the host's cores, to widen the interleavings its checkers
# see (in make check that made its suite twice as slow). The guest fails
# the run unless exactly that many come up.
#
# The timeouts only turn a hang into a failure, so they allow for a loaded
# host (make check-loaded: stress-ng on both cores leaves QEMU about one
# core): there the debug kernel's 30-core took 219 s, against a per-test
# limit of 300 s. Each test gets ctrvm.test_timeout (debug 900 s, others
# 300 s), the whole boot CTRVM_TIMEOUT (debug 3600 s, others 1800 s).
case "$kernel" in
debug) mem=4096 timeout=${CTRVM_TIMEOUT:-3600} cpus=2 test_timeout=900 ;;
*) mem=1024 timeout=${CTRVM_TIMEOUT:-1800} cpus=2 test_timeout=300 ;;
esac
case "$kernel:$mode" in
debug:stress | debug:load | debug:fuzz) cpus=4 ;;
esac
cpus=${CTRVM_CPUS:-$cpus}
# CTRVM_TCG=single: one host thread for every vCPU (-accel tcg,thread=single)
# rather than QEMU's default of one each (CTRVM_TCG=multi); CTRVM_APPEND:
# more kernel parameters (while debugging). Debian's 7.x kernel runs
# single-threaded: under multi-threaded TCG 1 boot in 25 ended in "Oops:
# int3" before the module was loaded, a vCPU executing a site another had
# just patched (docs/testing.md, "The int3 of live patching").
# The profiles of make bench (tests/bench/profile.c) switch ftrace's
# function_graph tracer on and off, which patches every function in the
# kernel: they run single-threaded too.
tcg=multi
[ "$kernel" = debian-7.x ] && tcg=single
[ "$mode" = profile ] && tcg=single
# count: make bench's counted boots. One vCPU, and QEMU's -icount: the
# guest's clock advances 1 ns per instruction executed (shift=0) and, when
# the vCPU idles, jumps to the next timer's expiry (sleep=off), so a timed
# run measures the instructions the guest executed (and any wait for a
# timer), whatever the host is doing; icount needs single-threaded TCG.
icount=
if [ "$mode" = count ]; then
	tcg=single cpus=1 icount=shift=0,sleep=off
fi
tcg=${CTRVM_TCG:-$tcg}
accel="tcg,thread=$tcg"
# Benchmarks keep 10 000 processes alive, and take their time.
if [ "$mode" = bench ] || [ "$mode" = count ] || [ "$mode" = profile ]; then
	mem=3072 timeout=${CTRVM_TIMEOUT:-2400}
fi
# make stress: the stress tests for STRESS_SECONDS (ctrvm.stress_seconds),
# unload and kmemleak.
stress_seconds=${STRESS_SECONDS:-600}
if [ "$mode" = stress ]; then
	timeout=${CTRVM_TIMEOUT:-$((stress_seconds + 1800))}
fi
# fuzz: tests/vm/t/70-fuzz alone, CTRVM_FUZZ_CALLS calls (default 1 000 000)
# from seed CTRVM_FUZZ_SEED (default: from the clock). The debug kernel does
# 500 to 1500 calls a second, with the host's load: the timeout allows for
# the slowest, plus boot, unload and the kmemleak scan.
test_args=
case "$mode" in
check | demo) test_args="ctrvm.test_timeout=$test_timeout" ;;
esac
if [ "$mode" = fuzz ]; then
	CTRVM_FUZZ_CALLS=${CTRVM_FUZZ_CALLS:-1000000}
	timeout=${CTRVM_TIMEOUT:-$((CTRVM_FUZZ_CALLS / 500 + 600))}
	test_args="ctrvm.fuzz_timeout=$((timeout - 120))"
fi
[ -n "${CTRVM_FUZZ_CALLS:-}" ] && test_args="$test_args ctrvm.fuzz_calls=$CTRVM_FUZZ_CALLS"
[ -n "${CTRVM_FUZZ_SEED:-}" ] && test_args="$test_args ctrvm.fuzz_seed=$CTRVM_FUZZ_SEED"
[ -n "${CTRVM_FUZZ_TRACE:-}" ] && test_args="$test_args ctrvm.fuzz_trace=$CTRVM_FUZZ_TRACE"
# load: 61-load-stress alone, CTRVM_LOAD_CYCLES cycles (default 100) with the
# tracepoints pinned or not (CTRVM_LOAD_PIN, default 0: the sites are
# patched at every load and unload). Both also reach check's 61-load-stress.
if [ "$mode" = load ]; then
	CTRVM_LOAD_CYCLES=${CTRVM_LOAD_CYCLES:-100} CTRVM_LOAD_PIN=${CTRVM_LOAD_PIN:-0}
	timeout=${CTRVM_TIMEOUT:-$((CTRVM_LOAD_CYCLES * 30 + 600))}
fi
[ -n "${CTRVM_LOAD_CYCLES:-}" ] && test_args="$test_args ctrvm.load_cycles=$CTRVM_LOAD_CYCLES"
[ -n "${CTRVM_LOAD_PIN:-}" ] && test_args="$test_args ctrvm.load_pin=$CTRVM_LOAD_PIN"

# The initramfs.
root=$out/initramfs
rm -rf "$root"
mkdir -p "$root/bin" "$root/ctr/tests" "$root/ctr/bench" "$root/proc" "$root/sys" "$root/dev" \
	"$root/tmp" "$root/root" "$root/etc"
cp /bin/busybox "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
# ctrctl: no busybox applet has its name, so `busybox --install -s` at boot
# leaves it alone (and never replaces an existing file anyway).
cp "$TOP/build/ctrctl/ctrctl" "$root/bin/ctrctl"
# jq, which the tests and the README's examples use on ctrctl's JSON.
command -v jq >/dev/null || die "jq not installed: run make deps"
cp "$(command -v jq)" "$root/bin/jq"
# ctrctl is dynamically linked (libsmartcols has no static build in Debian),
# and so is jq: their loader and shared libraries, from the build machine,
# at their paths.
for lib in $({ ldd "$TOP/build/ctrctl/ctrctl"; ldd "$(command -v jq)"; } |
	awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' | sort -u); do
	mkdir -p "$root$(dirname "$lib")"
	cp -L "$lib" "$root$lib"
done
cp "$TOP/tests/vm/init" "$root/init"
# The README, whose ctrctl examples 43-readme runs.
cp "$TOP/README.md" "$root/ctr/"
cp "$TOP/tests/vm/runner.sh" "$TOP/tests/vm/demo.sh" "$TOP/tests/vm/lib.sh" \
	"$TOP/tests/vm/klog-patterns" "$root/ctr/"
cp "$out/module/containerctl.ko" "$root/ctr/"
if [ -e "$out/kunit/containerctl_kunit.ko" ]; then
	cp "$out/kunit/containerctl_kunit.ko" "$root/ctr/"
fi
# 32-bit builds of tests (*-m32) only where the kernel runs 32-bit programs.
# On the debug kernel (KASAN, lockdep, PREEMPT_RT: twenty times slower) only
# those that make every call of the ABI in 32-bit: core-m32 and
# kill-rules-m32 (two minutes there) run on the four Debian kernels.
ia32=$(grep -c '^CONFIG_IA32_EMULATION=y' "$(host_kdir "$kernel")/.config" || true)
for t in "$TOP"/tests/vm/t/*.sh "$TOP"/build/tests/*; do
	[ -f "$t" ] || continue
	case "$t" in *-m32) [ "$ia32" = 1 ] || continue ;; esac
	case "$kernel:$(basename "$t")" in
	debug:26-kill-rules-m32 | debug:30-core-m32) continue ;;
	# ctrctl's own behaviour, its output and the README's examples: the
	# module calls they make are those the C tests make on the debug
	# kernel, and there they took 508 of its suite's 1223 s (215 s for
	# 43-readme alone), which make check's 35 minutes cannot afford. They
	# run on the four Debian kernels.
	debug:40-ctrctl.sh | debug:42-session.sh | debug:43-readme.sh | debug:49-top-metrics.sh)
		continue
		;;
	esac
	n=$(basename "$t" .sh)
	# CTRVM_ONLY="40-ctrctl 42-session": only those tests (while debugging).
	if [ -n "${CTRVM_ONLY:-}" ]; then
		case " $CTRVM_ONLY " in *" $n "*) ;; *) continue ;; esac
	fi
	cp "$t" "$root/ctr/tests/$n"
	chmod +x "$root/ctr/tests/$n"
done
# promtool (of Debian's prometheus package), for 49-top-metrics only: it is
# 48 MB.
if [ -e "$root/ctr/tests/49-top-metrics" ]; then
	pt=$(promtool_bin)
	[ -x "$pt" ] || die "no promtool at $pt: run make deps"
	cp "$pt" "$root/bin/promtool"
fi
# Programs the tests run: libctrl(7)'s example.
mkdir -p "$root/ctr/examples"
for b in "$TOP"/build/examples/*; do
	[ -f "$b" ] && cp "$b" "$root/ctr/examples/"
done
# The benchmark programs only: build/bench/ also holds the last make
# bench's ratios.dat and plot.
for b in "$TOP"/build/bench/*; do
	[ -f "$b" ] && [ -x "$b" ] && cp "$b" "$root/ctr/bench/"
done
echo "root:x:0:0:root:/root:/bin/sh" >"$root/etc/passwd"
echo "nobody:x:65534:65534:nobody:/:/bin/false" >>"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
chmod +x "$root/init"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$out/initramfs.cpio.gz"

cmdline="console=ttyS0 panic=-1 oops=panic ctrvm.mode=$mode ctrvm.kernel=$kernel ctrvm.cpus=$cpus ctrvm.tcg=$tcg"
[ "$mode" = stress ] && cmdline="$cmdline ctrvm.stress_seconds=$stress_seconds"
[ -n "$test_args" ] && cmdline="$cmdline $test_args"
[ -n "${CTRVM_APPEND:-}" ] && cmdline="$cmdline $CTRVM_APPEND"
set -- qemu-system-x86_64 -nographic -no-reboot -nic none -m "$mem" \
	-accel "$accel" -smp "$cpus" -cpu max \
	-kernel "$img" -initrd "$out/initramfs.cpio.gz" -append "$cmdline"
[ -n "$icount" ] && set -- "$@" -icount "$icount"

if [ "$mode" = shell ]; then
	exec "$@" -serial mon:stdio -monitor none 2>/dev/null ||
		exec "$@"
fi

log=$out/console-$mode.log
echo "  VM      $kernel ($mode)"
set +e
timeout -k 10 "$timeout" "$@" </dev/null >"$log" 2>&1
qrc=$?
set -e
[ $qrc -eq 124 ] && echo "$kernel: VM killed after ${timeout}s" >>"$log"

if [ "$mode" = demo ] || [ "$mode" = bench ] || [ "$mode" = count ] || [ "$mode" = profile ] ||
	[ "$mode" = stress ] || [ "$mode" = fuzz ] || [ "$mode" = load ]; then
	sed -n '/^CTRVM-BEGIN/,/^CTRVM-RESULT/p' "$log" | tr -d '\r' |
		grep -v '^CTRVM-' | grep -v '^\[ *[0-9]*\.[0-9]*\]' || true
fi

suites=
if [ "$mode" = check ] && [ -e "$out/kunit/containerctl_kunit.ko" ]; then
	suites=$(sed -n 's/^[[:space:]]*\.name[[:space:]]*=[[:space:]]*"\(containerctl[a-z0-9_]*\)".*/\1/p' \
		"$TOP"/tests/kunit/*.c | tr '\n' ' ')
fi
EXPECT_SUITES=$suites sh "$TOP/tests/vm/parse.sh" <"$log" >"$out/results-$mode"
counts=$(sed -n 's/^COUNTS //p' "$out/results-$mode")
pass=$(echo "$counts" | sed 's/.*pass=\([0-9]*\).*/\1/')
fail=$(echo "$counts" | sed 's/.*fail=\([0-9]*\).*/\1/')
skip=$(echo "$counts" | sed 's/.*skip=\([0-9]*\).*/\1/')

if [ "$mode" = check ]; then
	echo "$pass $fail $skip" >"$out/counts"
fi
grep -v '^COUNTS' "$out/results-$mode" | grep -E '^(FAIL|kunit)' | sed 's/^/    /' || true
if [ "$fail" -ne 0 ]; then
	echo "    console log: $log"
	# The tests' own diagnostics (their FAIL: lines, the stress and fuzz
	# seeds) first: the tail below may be far past them. A step's output
	# comes as TAP comments ("# FAIL: ...", see report() in runner.sh).
	tr -d '\r' <"$log" | grep -E '^(# )?FAIL: |(^|: )seed [0-9]+' | head -n 40 |
		sed 's/^/    ! /' || true
	tail -n 40 "$log" | sed 's/^/    | /'
fi
echo "$kernel: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
