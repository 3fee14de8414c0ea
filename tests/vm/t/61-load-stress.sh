#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Unload and load the module CTR_LOAD_CYCLES times (default 10; 100 in
# make stress: a cycle takes seconds under emulation) while
# shell loops fork and exit without pause: the probes come and go under
# them. In every cycle, with the module loaded, two of the loops are
# attached to a container (their children are born in it), listed, moved
# back and the container removed, so that the next unload finds tasks that
# were tracked. Leaves the module loaded.
#
# The task_newtask and sched_process_exit trace events are enabled in two
# trace instances while it runs (CTR_LOAD_PIN=0: not), so that the
# module's probes come and go on tracepoints that already have two probes:
# the kernel then live-patches neither the tracepoint sites (static keys)
# nor their static calls in copy_process() and do_exit() at every load.
# Under QEMU's multi-threaded TCG that patching, with tasks forking and
# exiting through the sites, ends in an "Oops: int3" at a site whose patch
# text_poke_bp() had already finished; under single-threaded TCG it does
# not (docs/testing.md, "The int3 of live patching"): the emulator, not the
# module. make stress runs the cycles unpinned under single-threaded TCG.
#
# Enabling a trace event also starts recording task names (the record-cmd
# option), which registers a probe on sched_switch and so patches the
# tracepoint site in __schedule(), the hottest there is: under
# multi-threaded TCG that ended once in the same int3 Oops, in __schedule(),
# as the events were turned off at the end. record-cmd is off while the
# events are pinned (new instances copy it), and restored after.
set -u
KO=${CTR_KO:-/ctr/containerctl.ko}

# waitfor
# shellcheck source=tests/vm/lib.sh
. /ctr/lib.sh
CYCLES=${CTR_LOAD_CYCLES:-10}
storms=
pinned=
record_cmd=

T=/sys/kernel/debug/tracing
[ -d "$T/events" ] || T=/sys/kernel/tracing
[ -d "$T/events" ] || mount -t tracefs tracefs "$T" 2>/dev/null

# pin 1|0: the two trace events on or off in the top instance and in
# instances/ctrpin (their ring buffers off).
pin() {
	if [ "$1" = 1 ] && [ -e "$T/options/record-cmd" ]; then
		record_cmd=$(cat "$T/options/record-cmd") &&
			echo 0 >"$T/options/record-cmd" || return 1
	fi
	[ "$1" = 0 ] || mkdir -p "$T/instances/ctrpin" || return 1
	for d in "$T" "$T/instances/ctrpin"; do
		echo 0 >"$d/tracing_on"
		for e in task/task_newtask sched/sched_process_exit; do
			echo "$1" >"$d/events/$e/enable" || return 1
		done
	done
	[ "$1" = 1 ] && return 0
	rmdir "$T/instances/ctrpin" || return 1
	[ -z "$record_cmd" ] || echo "$record_cmd" >"$T/options/record-cmd"
}

if [ "${CTR_LOAD_PIN:-1}" = 1 ]; then
	if [ -e "$T/events/sched/sched_process_exit/enable" ]; then
		pin 1 && pinned=1
	else
		echo "no tracefs events: tracepoints not pinned"
	fi
fi

cleanup() {
	# shellcheck disable=SC2086
	[ -n "$storms" ] && kill $storms 2>/dev/null
	wait
	[ -n "$pinned" ] && pin 0
	if lsmod | grep -q '^containerctl '; then
		ctrctl rm /ls 2>/dev/null
	else
		insmod "$KO"
	fi
}

fail() {
	echo "FAIL: cycle $i: $*"
	cleanup
	exit 1
}

# Loops of short-lived processes (a fork and exec, a fork), niced so that
# the cycles themselves are not starved on the VM's two CPUs.
for n in 1 2 3; do
	sh -c 'while :; do /bin/true; (exit 0); done' &
	storms="$storms $!"
	renice -n 19 -p $! >/dev/null || echo "renice $n failed"
done
# shellcheck disable=SC2086
set -- $storms
s1=$1 s2=$2

i=0
start=$(date +%s)
while [ "$i" -lt "$CYCLES" ]; do
	rmmod containerctl || fail "rmmod"
	[ ! -e /dev/containerctl ] || fail "/dev/containerctl survived rmmod"
	[ ! -e /proc/containers ] || fail "/proc/containers survived rmmod"
	insmod "$KO" || fail "insmod"
	[ -c /dev/containerctl ] || fail "/dev/containerctl missing after insmod"
	n=$(ctrctl info | sed -n 's/^containers: *//p')
	[ "$n" = 1 ] || fail "$n containers after a fresh load"

	ctrctl create /ls || fail "create /ls"
	ctrctl attach /ls "$s1" "$s2" || fail "attach"
	[ "$(ctrctl which "$s1")" = /ls ] || fail "$s1 not in /ls"
	ctrctl pids /ls >/tmp/ls.pids || fail "pids /ls"
	for p in "$s1" "$s2"; do
		grep -qx "$p" /tmp/ls.pids ||
			fail "pids /ls lacks $p: $(tr '\n' ' ' </tmp/ls.pids)"
	done
	ctrctl attach / "$s1" "$s2" || fail "attach back to /"
	# Children born in /ls leave it as they exit.
	waitfor 30 ctrctl rm /ls 2>/dev/null ||
		fail "/ls not emptied in 30 s: $(ctrctl pids /ls | tr '\n' ' ')"
	i=$((i + 1))
done
end=$(date +%s)

for p in $storms; do
	kill -0 "$p" 2>/dev/null || fail "storm $p died"
done
cleanup
n=$(ctrctl info | sed -n 's/^containers: *//p')
[ "$n" = 1 ] || { echo "FAIL: $n containers at the end"; exit 1; }
echo "$CYCLES load/unload cycles under fork/exit storms in $((end - start)) s${pinned:+ (tracepoints pinned)}"
