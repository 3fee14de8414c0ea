#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The README's ctrctl examples, run. Every ```console block of its "Using
# ctrctl" section is replayed as the terminal session it shows, on a freshly
# loaded module (so that ids and event numbers start over):
#  - a line "$ COMMAND" is run by sh; what follows it up to the next "$ " is
#    what the terminal shows: COMMAND's output (stdout and stderr), then what
#    the jobs running in the background printed meanwhile;
#  - "COMMAND &" starts jobs (one per "&"), which print "[N] PID" as an
#    interactive shell does; the README's pids stand for those of the jobs
#    that were really started, wherever they appear later (node_201, ...);
#  - after each command, the session waits until it has as many lines as
#    the README shows (30 s at most: the jobs print in their own time, and
#    the module's events, for one, are sent by a kernel worker), then until
#    no process is running (all sleep, wait or have exited), as a person
#    reading would;
#  - a job's own shell reports a command of it killed by a signal with a
#    line "Killed" (or "Terminated") if it runs between that command's
#    death and its own: `ctrctl kill -r` signals a container's processes
#    one after the other, and the shell of `ctrctl exec /batch -- sh -c
#    'sleep 1000 | sleep 1001'` may see its pipeline die first, or not.
#    Such lines of the jobs' output are not compared (a terminal's job
#    notices are not shown either); ctrctl prints none;
#  - blanks are squeezed (column widths follow pid widths), and clock times
#    (HH:MM:SS), CPU times and memory sizes match any.
# On a difference the test prints the block's whole transcript as it ran.
set -u

W=/tmp/43-readme
README=/ctr/README.md
rm -rf $W
mkdir -p $W
nfail=0
# shellcheck source=tests/vm/lib.sh
. /ctr/lib.sh

[ -r $README ] || { echo "no $README in the VM image"; exit 1; }
# The README uses a pid that cannot exist for its "No such process".
[ "$(cat /proc/sys/kernel/pid_max)" -lt 99999 ] ||
	{ echo "pid_max $(cat /proc/sys/kernel/pid_max): pid 99999 may exist"; exit 1; }

awk -v dir=$W '
/^## Using ctrctl/ { on = 1; next }
on && /^## / { exit }
on && /^```console$/ { n++; f = dir "/block." n; blk = 1; printf "" >f; next }
blk && /^```$/ { blk = 0; close(f); next }
blk { print >f }' $README
nblocks=$(find $W -name 'block.*' | wc -l)
[ "$nblocks" -gt 0 ] || { echo "no console block in the README's \"Using ctrctl\""; exit 1; }

# mapped: stdin with the README's pids replaced by the real ones ($W/map:
# "README-PID REAL-PID" lines), whole digit runs only, all at once.
mapped() {
	awk -v map=$W/map '
	BEGIN { while ((getline l <map) > 0) { split(l, f, " "); m[f[1]] = f[2] } }
	{
		out = ""
		while (match($0, /[0-9]+/)) {
			d = substr($0, RSTART, RLENGTH)
			out = out substr($0, 1, RSTART - 1) ((d in m) ? m[d] : d)
			$0 = substr($0, RSTART + RLENGTH)
		}
		print out $0
	}'
}

# normal: stdin with blanks squeezed, trailing blanks gone, and clock times,
# CPU times (ctrctl's 1.234s, 2m03.45s, 1h02m03s) and memory sizes (512B,
# 1.5MiB) standing for any.
normal() {
	sed -e 's/[[:space:]][[:space:]]*/ /g' -e 's/ $//' \
		-e 's/[0-2][0-9]:[0-5][0-9]:[0-5][0-9]/HH:MM:SS/g' \
		-e 's/\b[0-9][0-9]*\(h[0-9][0-9]m[0-9][0-9]\|m[0-9][0-9]\.[0-9][0-9]\|\.[0-9][0-9][0-9]\)s\b/CPUTIME/g' \
		-e 's/\b[0-9][0-9]*\(\.[0-9][KMGTPE]i\)\{0,1\}B\b/SIZE/g'
}

# alive PID: PID exists and is no zombie.
alive() {
	read -r st 2>/dev/null </proc/"$1"/stat || return 1
	# shellcheck disable=SC2086 # state, ppid...
	set -- ${st##*) }
	[ "$1" != Z ]
}

# still: no user process but this shell runs or waits on a disk; else the
# first one found in $busy.
still() {
	busy=
	for f in /proc/[0-9]*/stat; do
		read -r st 2>/dev/null <"$f" || continue
		pid=${st%% *}
		[ "$pid" = $$ ] && continue
		# shellcheck disable=SC2086 # state, ppid...
		set -- ${st##*) }
		# Kernel threads: kthreadd and its children.
		[ "$pid" = 2 ] || [ "$2" = 2 ] && continue
		case $1 in R | D) busy=$pid && return 1 ;; esac
	done
}

# settle: until no user process but this shell runs or waits on a disk (at
# most 30 s).
settle() {
	waitfor 30 still ||
		echo "process $busy still running after 30 s" >>$W/actual
}

# no_notices: stdin without the lines "Killed" and "Terminated" (see above).
no_notices() {
	grep -vx -e Killed -e Terminated
}

# shown: the command's output and what the jobs printed since the last step
# (whole lines) have as many lines as expected, or more.
shown() {
	while read -r num pid seen; do
		tail -n +$((seen + 1)) "$W/job.$num"
	done <$W/jobs | no_notices | cat $W/actual - | wc -l >$W/nshown
	[ "$(cat $W/nshown)" -ge "$(wc -l <$W/expected)" ]
}

# start PART: one background job; its "[N] PID" line.
start() {
	n=1
	while read -r num pid seen; do
		alive "$pid" && [ "$num" -ge $n ] && n=$((num + 1))
	done <$W/jobs
	( eval "exec $1" ) >$W/job.$n 2>&1 </dev/null &
	echo "$n $! 0" >>$W/jobs
	echo "[$n] $!" >>$W/actual
}

# step COMMAND: run it, then collect what the jobs printed since the last
# step; compare with $W/expected.
step() {
	: >$W/actual
	cmd=$(printf '%s\n' "$1" | mapped)
	case $cmd in
	*'&')
		rest=${cmd%&}
		while [ -n "$rest" ]; do
			case $rest in
			*' & '*) part=${rest%%' & '*} rest=${rest#*' & '} ;;
			*) part=$rest rest= ;;
			esac
			start "$part"
		done
		;;
	*)
		( eval "$cmd" ) >>$W/actual 2>&1 </dev/null
		;;
	esac
	# Fewer lines after 30 s: the comparison shows which are missing.
	waitfor 30 shown
	settle
	: >$W/jobs.new
	while read -r num pid seen; do
		total=$(wc -l <"$W/job.$num")
		tail -n +$((seen + 1)) "$W/job.$num" | head -n $((total - seen)) |
			no_notices >>$W/actual
		echo "$num $pid $total" >>$W/jobs.new
	done <$W/jobs
	mv $W/jobs.new $W/jobs
	# The README's "[N] PID" lines give the real pids of its PIDs.
	grep -E '^\[[0-9]+\] [0-9]+$' $W/expected | cut -d ' ' -f 2 >$W/want.pids
	grep -E '^\[[0-9]+\] [0-9]+$' $W/actual | cut -d ' ' -f 2 >$W/got.pids
	paste -d ' ' $W/want.pids $W/got.pids | awk 'NF == 2' >>$W/map
	{ echo "\$ $cmd"; cat $W/actual; } >>$W/transcript
	mapped <$W/expected | normal >$W/want
	normal <$W/actual >$W/got
	if ! cmp -s $W/want $W/got; then
		bad "block $b: \$ $1: got
$(sed 's/^/  | /' $W/actual)
expected
$(mapped <$W/expected | sed 's/^/  | /')"
		diverged=1
	fi
}

# removed: only the root container is left; else one try at killing and
# removing the others (killed processes take their time to exit).
removed() {
	[ "$(wc -l </proc/containers)" -gt 2 ] || return 0
	awk '$2 == 1 { print $1 }' /proc/containers >$W/top
	while read -r id; do
		ctrctl kill -s KILL -r "$id" >/dev/null 2>&1
		ctrctl rm -r "$id" >/dev/null 2>&1
	done <$W/top
	wait 2>/dev/null
	return 1
}

# cleanup: every job and every process in a container killed, reaped, and
# every container removed (each holds a reference on the module), in 30 s
# at most.
cleanup() {
	while read -r num pid seen; do
		kill -9 "$pid" 2>/dev/null
	done <$W/jobs
	waitfor 30 removed
}

: >$W/jobs
# Containers an earlier test left would pin the module.
cleanup
b=0
while [ $b -lt "$nblocks" ]; do
	b=$((b + 1))
	# A fresh module: ids and event numbers start over.
	if ! rmmod containerctl || ! insmod "$CTR_KO"; then
		bad "block $b: reloading the module failed: refcnt $(cat /sys/module/containerctl/refcnt)"
		break
	fi
	: >$W/jobs
	: >$W/map
	: >$W/transcript
	: >$W/expected
	diverged=0
	cmd=
	while IFS= read -r line; do
		case $line in
		'$ '*)
			[ -n "$cmd" ] && step "$cmd"
			cmd=${line#'$ '}
			: >$W/expected
			;;
		*)
			printf '%s\n' "$line" >>$W/expected
			;;
		esac
	done <$W/block.$b
	[ -n "$cmd" ] && step "$cmd"
	cleanup
	if [ $diverged -ne 0 ]; then
		echo "block $b as it ran:"
		sed 's/^/  > /' $W/transcript
	fi
done

# The module as the runner loaded it, for the tests after this one.
cleanup
[ -e /dev/containerctl ] || insmod "$CTR_KO" 2>/dev/null
echo "$nblocks blocks"
[ $nfail -eq 0 ]
