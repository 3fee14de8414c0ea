#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# ctrctl top and ctrctl metrics on real accounting: a container with a busy
# loop comes first in top, with a %CPU near one CPU's, and the idle one
# near 0; each sort column orders the rows; `ctrctl metrics` is valid by
# `promtool check metrics` (Debian's prometheus package) and agrees with
# ctrctl stat and info; --textfile writes containerctl.prom atomically
# (a reader never sees it partly written), readable by all, and leaves no
# temporary file. Starts and ends with only the root container.
set -u

W=/tmp/49-top-metrics
nfail=0
rm -rf $W
mkdir -p $W

# bad, waitfor, ok, fails, same, wait_procs
# shellcheck source=tests/vm/lib.sh
. /ctr/lib.sh

command -v promtool >/dev/null || { echo "no promtool in the VM image"; exit 1; }
[ "$(grep -vc '^#' /proc/containers)" -eq 1 ] || bad "containers left by earlier tests"

ok ctrctl create /m && ok ctrctl create /m/busy && ok ctrctl create /m/idle
ctrctl exec /m/busy -- sh -c 'while :; do :; done' &
B=$!
ctrctl exec /m/idle -- sleep 1000 &
I=$!
wait_procs /m/busy 1
wait_procs /m/idle 1

# --- top: the busy container first, by %CPU. ---
ok ctrctl -j top -b -n 2 -d 1 /m
jq -s -c '.[1].containers | map([.path, .cpu_percent])' <$W/out >$W/rounds
jq -s -e '.[1].containers[0].path == "/m/busy"' <$W/out >/dev/null ||
	bad "top: not the busy container first: $(cat $W/rounds)"
# One busy shell: up to one CPU (100), and most of it even on a loaded host.
jq -s -e '.[1].containers[] | select(.path == "/m/busy") |
	.cpu_percent > 25 and .cpu_percent <= 105' <$W/out >/dev/null ||
	bad "top: the busy loop's %CPU: $(cat $W/rounds)"
jq -s -e '.[1].containers[] | select(.path == "/m/idle") |
	.cpu_percent < 5' <$W/out >/dev/null ||
	bad "top: the idle container's %CPU: $(cat $W/rounds)"
# The first round has no interval: no %CPU.
jq -s -e '.[0].containers | map(.cpu_percent) | unique == [null]' <$W/out >/dev/null ||
	bad "top: %CPU in the first round: $(jq -s -c '.[0]' <$W/out)"
# Text: the summary line has a %CPU once there is an interval.
ok ctrctl top -b -n 2 -d 0.5 /m
grep -q '^ctrctl top - .* /m: 3 containers, 2 processes, 2 tasks, CPU [0-9.]*%, memory .*$' $W/out ||
	bad "top: summary lines $(grep '^ctrctl top' $W/out)"

# --- top: each sort column. ---
order() {
	ok ctrctl -j top -b -n 1 -s "$1" /m &&
		jq -r '.containers[].path' <$W/out | tr '\n' ' ' >$W/order
	[ "$(cat $W/order)" = "$2" ] || bad "top -s $1: $(cat $W/order), expected $2"
}
order path "/m /m/busy /m/idle "
order id "/m /m/busy /m/idle "
order tasks "/m/busy /m/idle /m "
order procs "/m/busy /m/idle /m "
# time: the busy loop's first (the other two have next to none, in any
# order); memory: by rss_bytes, largest first.
ok ctrctl -j top -b -n 1 -s time /m
[ "$(jq -r '.containers[0].path' <$W/out)" = /m/busy ] ||
	bad "top -s time: $(jq -c '[.containers[] | [.path, .cpu_ns]]' <$W/out)"
ok ctrctl -j top -b -n 1 -s memory /m
jq -e '[.containers[].rss_bytes] | . == (sort | reverse)' <$W/out >/dev/null ||
	bad "top -s memory: not by rss_bytes: $(jq -c . <$W/out)"

# --- metrics: valid, and what stat and info say. ---
ok ctrctl metrics /m
cp $W/out $W/m.prom
promtool check metrics <$W/m.prom >$W/lint 2>&1 || bad "promtool: $(cat $W/lint)"
grep -qx 'containerctl_processes{path="/m/idle"} 1' $W/m.prom ||
	bad "metrics: processes of /m/idle: $(grep processes $W/m.prom)"
grep -qx 'containerctl_threads{path="/m"} 0' $W/m.prom ||
	bad "metrics: threads of /m: $(grep threads $W/m.prom)"
ok ctrctl -j stat /m/busy && cp $W/out $W/busy.json
forks=$(jq '.containers[0].nr_forks' <$W/busy.json)
grep -qx "containerctl_forks_total{path=\"/m/busy\"} $forks" $W/m.prom ||
	bad "metrics: forks of /m/busy (stat: $forks): $(grep forks $W/m.prom)"
# The busy loop's CPU time: seconds, growing, and > 0.
awk '$1 == "containerctl_cpu_user_seconds_total{path=\"/m/busy\"}" { found = 1; if ($2 > 0) ok = 1 }
	END { exit !(found && ok) }' $W/m.prom || bad "metrics: /m/busy's user time: $(grep cpu_user $W/m.prom)"
n=$(grep -c '^containerctl_cpu_user_seconds_total{' $W/m.prom)
[ "$n" -eq 3 ] || bad "metrics: $n cpu_user samples for the 3 containers of /m"
ok ctrctl -j info
containers=$(jq '.info[0].nr_containers' <$W/out)
grep -qx "containerctl_containers $containers" $W/m.prom ||
	bad "metrics: containers (info: $containers): $(grep '^containerctl_containers' $W/m.prom)"
# The whole tree: the root's gauges, but no CPU time, forks or exits of its own.
ok ctrctl metrics
promtool check metrics <$W/out >$W/lint 2>&1 || bad "promtool on /: $(cat $W/lint)"
grep -q '^containerctl_processes{path="/"} [1-9]' $W/out || bad "metrics: no processes for /"
grep -q '^containerctl_cpu_.*{path="/"}' $W/out && bad "metrics: CPU time for the root"
grep -q '^containerctl_forks_total{path="/"}' $W/out && bad "metrics: forks for the root"

# --- metrics --textfile: atomic, readable, no temporary file left. ---
mkdir $W/tf
ok ctrctl metrics --textfile $W/tf /m
[ ! -s $W/out ] || bad "metrics --textfile printed $(cat $W/out)"
[ "$(ls -A $W/tf)" = containerctl.prom ] || bad "textfile dir holds: $(ls -A $W/tf)"
[ "$(stat -c %a $W/tf/containerctl.prom)" = 644 ] ||
	bad "textfile mode $(stat -c %a $W/tf/containerctl.prom)"
promtool check metrics <$W/tf/containerctl.prom >$W/lint 2>&1 || bad "promtool on the textfile: $(cat $W/lint)"
# Same series as on stdout (the values move: the loop runs).
sed 's/ [^ ]*$//' $W/m.prom >$W/series.a
sed 's/ [^ ]*$//' $W/tf/containerctl.prom >$W/series.b
cmp -s $W/series.a $W/series.b || bad "textfile's series differ from stdout's"
# A reader meanwhile always finds the whole file: its last family's sample
# is its last line.
( for _ in $(seq 40); do ctrctl metrics --textfile $W/tf /m || echo fail >$W/writer; done ) &
WR=$!
torn=0
while kill -0 $WR 2>/dev/null; do
	tail -n 1 $W/tf/containerctl.prom | grep -q '^containerctl_namespace_clones_refused_total [0-9]*$' ||
		torn=$((torn + 1))
done
wait $WR
[ ! -e $W/writer ] || bad "metrics --textfile failed while rewritten"
[ $torn -eq 0 ] || bad "metrics --textfile: a reader saw $torn partly written files"
[ "$(ls -A $W/tf)" = containerctl.prom ] || bad "textfile dir after rewrites: $(ls -A $W/tf)"
fails 1 "ctrctl: metrics: $W/none/containerctl.prom: No such file or directory" \
	ctrctl metrics --textfile $W/none /m

# --- The end: the busy container's time stays after its loop dies. ---
ok ctrctl -j stat /m/busy
before=$(jq '.containers[0].cpu_user_ns + .containers[0].cpu_system_ns' <$W/out)
ok ctrctl kill -s KILL -r /m
wait $B $I 2>/dev/null
wait_procs /m 0
ok ctrctl -j stat /m/busy
after=$(jq '.containers[0].cpu_user_ns + .containers[0].cpu_system_ns' <$W/out)
[ "$after" -ge "$before" ] || bad "busy's time fell from $before to $after ns when its task died"
ok ctrctl rm -r /m
[ "$(grep -vc '^#' /proc/containers)" -eq 1 ] || bad "containers left: $(cat /proc/containers)"

[ $nfail -eq 0 ] || { echo "$nfail checks failed"; exit 1; }
echo "top and metrics: all checks passed"
