#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A subscriber of both groups gets the events in the order of their
# numbers (uapi: "events are delivered in that order"), also when "events"
# and "tasks" events come in bursts: four shells in one container each
# start 50 processes at once (FORK in "tasks", EXIT in "events"), watched
# with ctrctl watch -j --tasks. Also: no loss is reported, and every group
# is complete (GROUP_SEQ without gaps).
set -u

W=/tmp/46-watch-order
N=400
rm -rf $W
mkdir -p $W

# waitfor
# shellcheck source=tests/vm/lib.sh
. /ctr/lib.sh

fail() {
	echo "FAIL: $*"
	ctrctl rm -r /o 2>/dev/null
	exit 1
}

ctrctl create /o || fail "create /o"
ctrctl watch -j -t --dump -n $N --timeout 120 >$W/out 2>$W/err &
WPID=$!
waitfor 30 test -s $W/out || fail "no dump after 30 s: $(cat $W/err)"
pids=
for _ in 1 2 3 4; do
	sh -c 'ctrctl attach /o $$ && for i in $(seq 50); do /bin/true & done; wait' &
	pids="$pids $!"
done
# shellcheck disable=SC2086 # one argument per pid
wait $pids
wait $WPID
rc=$?
[ $rc -eq 0 ] || fail "watch: exit status $rc: $(cat $W/err)"
grep -q '"lost"' $W/out && fail "watch reported losses: $(grep '"lost"' $W/out)"

# "SEQ EVENT GROUP GROUP_SEQ" per event.
grep -v '"event":"container"' $W/out |
	sed -n 's/^{"seq":\([0-9]*\),"event":"\([a-z]*\)","type":[0-9]*,"group_seq":\([0-9]*\),.*/\1 \2 \3/p' |
	awk '{ print $1, $2, ($2 == "fork" ? "tasks" : "events"), $3 }' >$W/seqs
[ "$(wc -l <$W/seqs)" -eq $N ] || fail "$(wc -l <$W/seqs) events parsed of $N"
awk '$3 in g && $4 != g[$3] + 1 { print "FAIL: " $3 " group_seq " $4 " after " g[$3]; bad = 1 }
     { g[$3] = $4 } END { exit bad }' $W/seqs || exit 1
awk 'NR > 1 && $1 < last { n++; if (n <= 5) print "  seq " $1 " (" $2 ") after " last " (" lastev ")" }
     { last = $1; lastev = $2 }
     END { if (n) { print n " of " NR " events out of order"; exit 1 } }' $W/seqs >$W/order ||
	fail "events not delivered in seq order:
$(cat $W/order)
first events: $(head -n 40 $W/seqs | awk '{ printf "%s %s, ", $1, $2 }')"
ctrctl rm /o || fail "rm /o"
echo "$N events in seq order, none lost"
