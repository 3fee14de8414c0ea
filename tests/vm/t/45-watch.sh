#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# ctrctl watch against the module's events: a watcher in the background
# (its --dump printed means it is subscribed), actions with ctrctl, then
# its lines compared exactly once the numbers and times are taken out: the
# whole tree in JSON, a subtree in text, the "tasks" group, the ends
# (-n, --timeout, SIGTERM), and the refusal without CAP_NET_ADMIN. Starts
# and ends with only the root container.
set -u

W=/tmp/45-watch
nfail=0
rm -rf $W
mkdir -p $W

# bad, waitfor, same, id_of
# shellcheck source=tests/vm/lib.sh
. /ctr/lib.sh

# must CMD...: CMD succeeds (its stdout is dropped).
must() {
	"$@" >/dev/null || bad "$*: exit status $?"
}

# dumped OUT PID: the watcher PID printed its dump in OUT, or is gone.
dumped() {
	[ -s "$1" ] || ! kill -0 "$2" 2>/dev/null
}

# start_watch OUT ARGS...: ctrctl watch --dump ARGS in the background,
# stdout in OUT, stderr in OUT.err, its pid in WPID; returns once the dump
# is printed (30 s at most).
start_watch() {
	out=$1
	shift
	rm -f "$out"	# not the previous watcher's dump
	ctrctl watch --dump "$@" >"$out" 2>"$out.err" &
	WPID=$!
	waitfor 30 dumped "$out" $WPID
	[ -s "$out" ] || bad "watch $*: no dump (30 s at most): $(cat "$out.err")"
}

# end_watch WHAT: wait for the watcher; it must exit 0 with nothing on
# stderr.
end_watch() {
	wait $WPID
	rc=$?
	[ $rc -eq 0 ] || bad "$1: watch exit status $rc: $(cat "$out.err")"
	[ ! -s "$out.err" ] || bad "$1: watch printed on stderr: $(cat "$out.err")"
}

# JSON lines without their numbers and time: seq, group_seq, prev_seq,
# time_ns.
json_strip() {
	sed -e 's/^{"seq":[0-9]*,/{/' -e 's/,"group_seq":[0-9]*//' \
		-e 's/,"prev_seq":[0-9]*//' -e 's/,"time_ns":[0-9]*//' "$1"
}

# json_numbers FILE WHAT: the events of FILE (not the dump's) have numbers
# above the dump's, and per group (by the module's rule) consecutive
# GROUP_SEQ and PREV_SEQ the previous SEQ of the group; no loss line.
json_numbers() {
	awk -v what="$2" '
	function num(k,   r) {
		if (!match($0, "\"" k "\":[0-9]+")) return -1
		r = substr($0, RSTART, RLENGTH); sub(/.*:/, "", r); return r + 0
	}
	/"event":"container"/ { dump = num("seq"); next }
	/"lost"/ { print what ": " $0; next }
	{
		seq = num("seq"); gs = num("group_seq"); prev = num("prev_seq")
		g = (/"event":"fork"/ || /"group_dead":0/) ? "tasks" : "events"
		if (seq <= dump) print what ": seq " seq " not above the dump (" dump ")"
		if (g in gseq && gs != gseq[g] + 1) print what ": " g " group_seq " gs " after " gseq[g]
		if (g in gprev && prev != gprev[g]) print what ": " g " prev_seq " prev ", previous " gprev[g]
		gseq[g] = gs; gprev[g] = seq
	}
	' "$1" >$W/numbers
	while read -r line; do
		bad "$line"
	done <$W/numbers
}

# --- The whole tree, JSON lines. ---
[ "$(grep -vc '^#' /proc/containers)" -eq 1 ] || bad "containers left by earlier tests"
start_watch $W/all -j -n 6 --timeout 60
must ctrctl create /w
WID=$(id_of /w)
sleep 1000 &
P=$!
must ctrctl attach /w $P
must ctrctl kill -s KILL /w
wait $P 2>/dev/null
must ctrctl rm /w
end_watch "watch -j"
json_strip $W/all >$W/all.s
same $W/all.s "\
{\"event\":\"container\",\"type\":0,\"id\":1,\"path\":\"/\",\"name\":\"\",\"parent\":0,\"flags\":0,\"nr_children\":0}
{\"event\":\"create\",\"type\":1,\"id\":$WID,\"path\":\"/w\",\"name\":\"w\",\"parent\":1,\"parent_path\":\"/\"}
{\"event\":\"attach\",\"type\":3,\"pid\":$P,\"tgid\":$P,\"from\":1,\"from_path\":\"/\",\"to\":$WID,\"to_path\":\"/w\",\"uid\":0}
{\"event\":\"kill\",\"type\":8,\"id\":$WID,\"path\":\"/w\",\"signal\":9,\"count\":1,\"denied\":0,\"flags\":0}
{\"event\":\"exit\",\"type\":6,\"id\":$WID,\"path\":\"/w\",\"pid\":$P,\"tgid\":$P,\"exit_code\":9,\"group_dead\":1}
{\"event\":\"empty\",\"type\":7,\"id\":$WID,\"path\":\"/w\"}
{\"event\":\"destroy\",\"type\":2,\"id\":$WID,\"path\":\"/w\",\"name\":\"w\",\"parent\":1,\"parent_path\":\"/\"}" \
	"watch -j -n 6"
json_numbers $W/all "watch -j"
grep -q '"time_ns":[1-9]' $W/all || bad "watch -j: no time_ns"

# --- A subtree, text: /b's events are not shown. ---
must ctrctl create /a
must ctrctl create /b
start_watch $W/sub -n 6 --timeout 60 /a
must ctrctl create /b/x
must ctrctl create /a/x
sleep 1000 &
P=$!
must ctrctl attach /b/x $P
must ctrctl attach /a/x $P
must ctrctl rm /b/x
must ctrctl kill -s KILL /a/x
wait $P 2>/dev/null
must ctrctl rm /a/x
end_watch "watch /a"
sed 's/^seq=[0-9]* //' $W/sub >$W/sub.s
same $W/sub.s "\
container /a parent=/ flags=0 nr_threads=0 nr_children=0
create /a/x parent=/a
attach pid=$P tgid=$P from=/b/x to=/a/x uid=0
kill /a/x signal=9 count=1 denied=0 flags=0
exit /a/x pid=$P tgid=$P exit_code=9 group_dead=1
empty /a/x
destroy /a/x parent=/a" "watch /a"
grep -qv '^seq=[1-9][0-9]* ' $W/sub && bad "watch /a: a line without seq=N"

# A removed container's path is not known any more: its id instead.
must ctrctl create /b/gone
GONE=$(id_of /b/gone)
must ctrctl rm /b/gone
fails_watch() {
	ctrctl watch "$@" >$W/out 2>$W/err
	echo $? >$W/rc
}
fails_watch "$GONE"
[ "$(cat $W/rc)" = 1 ] || bad "watch of a removed id: exit status $(cat $W/rc)"
[ "$(cat $W/err)" = "ctrctl: watch $GONE: No such file or directory" ] ||
	bad "watch of a removed id: '$(cat $W/err)'"
fails_watch /nope
[ "$(cat $W/err)" = "ctrctl: watch /nope: No such file or directory" ] ||
	bad "watch /nope: '$(cat $W/err)'"

# --- The tasks group: forks and exits in a container, both groups. ---
# 26 events: attach, 10 forks (tasks), 11 exits, empty; attach, exit,
# empty.
start_watch $W/tasks -j -t -n 26 --timeout 60
sh -c 'ctrctl attach /a $$ && for i in 1 2 3 4 5 6 7 8 9 10; do /bin/true & done; wait' ||
	bad "forks in /a"
sh -c 'ctrctl attach /b $$ && exec true' || bad "attach /b"
end_watch "watch -t"
json_numbers $W/tasks "watch -t"
for ev in fork:10 exit:12 attach:2 empty:2; do
	n=$(grep -c "\"event\":\"${ev%:*}\"" $W/tasks)
	[ "$n" = "${ev#*:}" ] || bad "watch -t: $n ${ev%:*} events, expected ${ev#*:}"
done
grep -q '"event":"fork".*"ppid":[1-9]' $W/tasks || bad "watch -t: fork without ppid"

# --- Ends: --timeout with COUNT not reached, SIGTERM, SIGINT. ---
ctrctl watch -n 5 --timeout 2 >$W/out 2>$W/err
rc=$?
[ $rc -eq 1 ] || bad "watch --timeout: exit status $rc"
[ "$(cat $W/err)" = "ctrctl: watch: 0 of 5 events in 2 s" ] ||
	bad "watch --timeout: '$(cat $W/err)'"
ctrctl watch --timeout 1 >$W/out 2>$W/err || bad "watch --timeout without -n: $(cat $W/err)"
for sig in TERM INT; do
	start_watch $W/sig
	kill -s $sig $WPID
	end_watch "SIG$sig"
	grep -q '^seq=[0-9]* container / ' $W/sig || bad "SIG$sig: dump lost: $(cat $W/sig)"
done

# --- Without CAP_NET_ADMIN: refused, one line, status 1. ---
if [ "$(su -s /bin/sh nobody -c 'id -u' 2>/dev/null)" = 65534 ]; then
	su -s /bin/sh nobody -c "ctrctl watch -n 1 --timeout 5" >$W/out 2>$W/err
	rc=$?
	[ $rc -eq 1 ] || bad "watch as nobody: exit status $rc"
	[ ! -s $W/out ] || bad "watch as nobody printed: $(cat $W/out)"
	[ "$(cat $W/err)" = "ctrctl: watch: Operation not permitted (CAP_NET_ADMIN needed)" ] ||
		bad "watch as nobody: '$(cat $W/err)'"
	su -s /bin/sh nobody -c "ctrctl watch -t" >$W/out 2>$W/err
	[ "$(cat $W/err)" = "ctrctl: watch: Operation not permitted (CAP_NET_ADMIN needed)" ] ||
		bad "watch -t as nobody: '$(cat $W/err)'"
else
	bad "su to nobody failed: the refusal is not tested"
fi

must ctrctl rm -r /a
must ctrctl rm -r /b
[ "$(grep -vc '^#' /proc/containers)" -eq 1 ] || bad "containers left: $(cat /proc/containers)"
[ $nfail -eq 0 ] || { echo "$nfail checks failed"; exit 1; }
echo "watch: all checks passed"
