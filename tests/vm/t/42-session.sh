#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A session with ctrctl, as a user would type it: build a tree, exec a shell
# pipeline into it, list it (ls, tree -P, top), move several processes at
# once, change attributes (set), watch it briefly, kill the subtree and
# remove it. Text and JSON (-j) are checked against the kernel's state
# (/proc/containers, ctrctl which, /proc/PID/cmdline), and every error path
# of exec, set, ls, tree and top by its one-line message and exit status.
# Starts and ends with only the root container.
set -u

W=/tmp/42-session
nfail=0
rm -rf $W
mkdir -p $W

# bad, waitfor, ok, fails, same, has, procline, id_of, nr_containers,
# wait_procs, norm, compact
# shellcheck source=tests/vm/lib.sh
. /ctr/lib.sh

procs_of() {
	procline "$1" | cut -d ' ' -f 3
}

# watching PID: ctrctl watch PID waits for events, in ppoll(2) (syscall 271
# on x86_64, where the test VMs run), which it enters once subscribed.
watching() {
	read -r nr _ 2>/dev/null <"/proc/$1/syscall" && [ "$nr" = 271 ]
}

[ "$(grep -vc '^#' /proc/containers)" -eq 1 ] || bad "containers left by earlier tests"

# --- Build a tree. ---
ok ctrctl create /s && ok ctrctl create /s/web && ok ctrctl create -m 0750 /s/db &&
	ok ctrctl create -f nstrack /s/web/api
S=$(id_of /s) WEB=$(id_of /s/web) DB=$(id_of /s/db) API=$(id_of /s/web/api)

# --- exec: a shell pipeline inside /s/web/api, never outside. ---
# The pipeline's shell records its pid and the container it sees itself in.
# No process of the tree may exit on its own when another is killed (as
# `cat` would, at the end of its input, reaped by the shell before kill -r
# reached it): kill -r's count below is exact.
ctrctl exec /s/web/api -- sh -c \
	'echo $$ >'$W'/sh.pid; ctrctl which $$ >'$W'/sh.in; sleep 1000 | sleep 999' &
EXEC=$!
wait_procs /s/web/api 3
[ "$(cat $W/sh.pid 2>/dev/null)" = "$EXEC" ] ||
	bad "exec: the command's pid $(cat $W/sh.pid 2>/dev/null) is not ctrctl's $EXEC"
[ "$(cat $W/sh.in 2>/dev/null)" = /s/web/api ] || bad "exec: the shell saw itself in $(cat $W/sh.in)"
ok ctrctl pids /s/web/api && cp $W/out $W/api.pids
[ "$(wc -l <$W/api.pids)" -eq 3 ] || bad "exec: pids $(cat $W/api.pids)"
grep -qx "$EXEC" $W/api.pids || bad "exec: $EXEC not in /s/web/api"
# The status is the command's; ctrctl's own failures are 1, 126, 127.
ctrctl exec /s/db -- sh -c 'exit 7'
[ $? -eq 7 ] || bad "exec: exit status not the command's"
ok ctrctl exec "$DB" true
ok ctrctl exec /s/db -- sh -c 'ctrctl which $$' && same $W/out /s/db "exec by id"
fails 1 "ctrctl: exec /s/nope: No such file or directory" ctrctl exec /s/nope -- true
fails 127 "ctrctl: exec /no/such/command: No such file or directory" \
	ctrctl exec /s/db -- /no/such/command
fails 126 "ctrctl: exec /proc/containers: Permission denied" ctrctl exec /s/db /proc/containers
fails 2 "ctrctl: exec: missing COMMAND (see 'ctrctl exec --help')" ctrctl exec /s/db --
[ "$(procs_of /s/db)" = 0 ] || bad "exec: a failed exec left a process in /s/db"

# --- Move several processes at once. ---
sleep 1001 &
P1=$!
sleep 1002 &
P2=$!
sleep 1003 &
P3=$!
ok ctrctl attach /s/db $P1 $P2 $P3
[ ! -s $W/out ] || bad "attach printed $(cat $W/out)"
for p in $P1 $P2 $P3; do
	ok ctrctl which "$p" && same $W/out /s/db "which $p after attach of three"
done
fails 1 "ctrctl: attach 2147483647 to /s/web: No such process (1 moved before it)" \
	ctrctl attach /s/web $P1 2147483647 $P2
ok ctrctl which $P1 && same $W/out /s/web "attach: the pid before the failure moved"
ok ctrctl which $P2 && same $W/out /s/db "attach: the pid after the failure did not"
ok ctrctl attach /s/db $P1

# --- ls, tree -P, top: text and JSON against /proc/containers. ---
# lsrow PATH: the normalized ls line of PATH.
lsrow() {
	# shellcheck disable=SC2046
	set -- $(procline "$1") "${2:-}"
	echo "$1 $3 $4 $5 $(grep -c " $7/" /proc/containers) ${8:+$8 }$7"
}
ok ctrctl ls /s && norm && same $W/out "ID PROCS THREADS CHILDREN DESCENDANTS FLAGS PATH
$(lsrow /s/web)
$(lsrow /s/db)" "ls /s"
ok ctrctl ls /s/web && norm && same $W/out "ID PROCS THREADS CHILDREN DESCENDANTS FLAGS PATH
$(lsrow /s/web/api nstrack)" "ls /s/web"
ok ctrctl ls /s/db && { [ ! -s $W/out ] || bad "ls of a leaf printed $(cat $W/out)"; }
ok ctrctl -j ls /s && compact && same $W/out "{\"containers\":[\
{\"id\":$WEB,\"procs\":0,\"threads\":0,\"children\":1,\"descendants\":1,\"flags\":null,\"path\":\"/s/web\"},\
{\"id\":$DB,\"procs\":3,\"threads\":3,\"children\":0,\"descendants\":0,\"flags\":null,\"path\":\"/s/db\"}]}" "ls -j /s"
ok ctrctl -j ls /s/db && compact && same $W/out '{"containers":[]}' "ls -j of a leaf"

# tree -P: each process under its container with its command line.
ok ctrctl tree -P /s && norm
sort -n $W/api.pids >$W/api.sorted
{
	echo "ID PROCS THREADS PID NAME FLAGS"
	echo "$S 0 0 /s"
	echo "$WEB 0 0 |-web"
	echo "$API 3 3 | \`-api nstrack"
	n=0
	while read -r p; do
		n=$((n + 1))
		cmd=$(tr '\0' ' ' <"/proc/$p/cmdline" | sed 's/ *$//')
		[ $n -lt 3 ] && echo "$p | |-$cmd" || echo "$p | \`-$cmd"
	done <$W/api.sorted
	echo "$DB 3 3 \`-db"
	echo "$P1 |-sleep 1001"
	echo "$P2 |-sleep 1002"
	echo "$P3 \`-sleep 1003"
} >$W/tree.want
# The process rows lose their leading blanks with the empty cells before.
same $W/out "$(cat $W/tree.want)" "tree -P /s"
grep -q 'sleep 1000$' $W/out || bad "tree -P: no sleep 1000"
grep -q -- '-sleep 999$' $W/out || bad "tree -P: no sleep 999"
ok ctrctl -j tree -P /s/db && compact && same $W/out "{\"containers\":[\
{\"id\":$DB,\"procs\":3,\"threads\":3,\"pid\":null,\"name\":\"/s/db\",\"flags\":null,\"path\":\"/s/db\",\"children\":[\
{\"id\":null,\"procs\":null,\"threads\":null,\"pid\":$P1,\"name\":\"sleep 1001\",\"flags\":null,\"path\":null},\
{\"id\":null,\"procs\":null,\"threads\":null,\"pid\":$P2,\"name\":\"sleep 1002\",\"flags\":null,\"path\":null},\
{\"id\":null,\"procs\":null,\"threads\":null,\"pid\":$P3,\"name\":\"sleep 1003\",\"flags\":null,\"path\":null}]}]}" \
	"tree -j -P /s/db"

# top -b: the summary line, then the table by processes (ties by id), a
# blank line. One round: no %CPU yet; CPU time and memory vary, so their
# form is checked, and their values by JSON.
ok ctrctl top -b -n 1 -s procs /s && norm
head -n 1 $W/out | grep -qx 'ctrctl top - [0-2][0-9]:[0-5][0-9]:[0-6][0-9] /s: 4 containers, 6 processes, 6 tasks, CPU -, memory [0-9.]*[KMG]*i*B' ||
	bad "top: summary $(head -n 1 $W/out)"
tail -n +2 $W/out | awk 'NF { print $1, $2, $3, $4, $7 } !NF { print "(blank)" }' >$W/top
same $W/top "ID PROCS TASKS %CPU PATH
$DB 3 3 - /s/db
$API 3 3 - /s/web/api
$S 0 0 - /s
$WEB 0 0 - /s/web
(blank)" "top -b -n 1 -s procs /s"
tail -n +3 $W/out | awk 'NF { print $5, $6 }' | grep -vx '[0-9.]*s [0-9.]*[KMG]*i*B' &&
	bad "top: TIME or MEMORY malformed: $(cat $W/out)"
ok ctrctl top -b -n 3 -d 0.1 /s/db
[ "$(grep -c '^ctrctl top - ' $W/out)" -eq 3 ] || bad "top -n 3: $(cat $W/out)"
ok ctrctl -j top -b -n 1 -s procs /s/web && jq -c '.containers[] |
	[.id, .procs, .tasks, .cpu_percent, (.cpu_ns | type), (.rss_bytes > 0), .path]' \
	<$W/out >$W/top && same $W/top "[$API,3,3,null,\"number\",true,\"/s/web/api\"]
[$WEB,0,0,null,\"number\",false,\"/s/web\"]" "top -j /s/web"
ok ctrctl -j top -b -n 2 -d 0.1 /s/db
[ "$(grep -c '^{' $W/out)" -eq 2 ] || bad "top -j -n 2: $(cat $W/out)"
# The second round knows %CPU: a number for every container.
[ "$(jq -s '.[1].containers | map(.cpu_percent | type) | unique' <$W/out | jq -c .)" = '["number"]' ] ||
	bad "top -j -n 2: second round's cpu_percent: $(cat $W/out)"

# --- set: attributes, as stat shows them. ---
ok ctrctl set -m 0700 -f nsrules,autoremove --max-descendants 2 /s/web
ok ctrctl stat /s/web
has 'mode: *0700' "set -m"
has 'flags: *nsrules,autoremove' "set -f"
has 'max descendants: *2' "set --max-descendants"
ok ctrctl set -u 7 /s/web && ok ctrctl stat /s/web && has 'owner: *7:0' "set -u keeps the group"
ok ctrctl set -g nogroup "$WEB" && ok ctrctl stat /s/web && has 'owner: *7:65534' "set -g by name, by id"
ok ctrctl set --user=root --group=0 -f none --max-descendants none /s/web
ok ctrctl -j stat /s/web && compact &&
	has '.*"uid":0,"gid":0,"mode":"0700","cflags":0,"flags":null,.*"max_descendants":null,.*' "set back"
ok ctrctl set --max-descendants 1 /s/web
fails 1 "ctrctl: create /s/web/x: Disk quota exceeded (an ancestor's max_descendants would be exceeded)" \
	ctrctl create /s/web/x
fails 1 "ctrctl: set /s/nope: No such file or directory" ctrctl set -m 0700 /s/nope
fails 1 "ctrctl: set 2147483647: No such file or directory" ctrctl set -m 0700 2147483647
fails 2 "ctrctl: set: nothing to set (see 'ctrctl set --help')" ctrctl set /s
if [ "$(su -s /bin/sh nobody -c 'id -u' 2>/dev/null)" = 65534 ]; then
	fails 1 "ctrctl: set /s/web: Operation not permitted" \
		su -s /bin/sh nobody -c "ctrctl set -m 0777 /s/web"
	su -s /bin/sh nobody -c "ctrctl exec /s/web true" >$W/out 2>$W/err
	rc=$?
	[ $rc -eq 1 ] || bad "exec as nobody: exit status $rc"
	grep -qx 'ctrctl: exec: attach [0-9]* to /s/web: Permission denied' $W/err ||
		bad "exec as nobody: $(cat $W/err)"
else
	echo "su to nobody failed: permissions not tested"
fi

# --- Errors of the listings. ---
fails 1 "ctrctl: ls /s/nope: No such file or directory" ctrctl ls /s/nope
fails 1 "ctrctl: tree /s/nope: No such file or directory" ctrctl tree -P /s/nope
fails 1 "ctrctl: top 2147483647: No such file or directory" ctrctl top -b -n 1 2147483647
fails 2 "ctrctl: top: invalid delay 'x' (see 'ctrctl top --help')" ctrctl top -d x

# --- watch, briefly: the events of a change, then its count reached. ---
ctrctl watch -n 3 --timeout 60 /s >$W/watch 2>$W/watch.err &
WPID=$!
# Subscribed: no --dump to wait for, but its wait for events.
waitfor 30 watching $WPID || bad "watch: not waiting for events after 30 s"
ok ctrctl create /s/db/tmp
ok ctrctl attach /s/db/tmp $P3
ok ctrctl attach /s/db $P3
wait $WPID
rc=$?
[ $rc -eq 0 ] || bad "watch -n 3: exit status $rc: $(cat $W/watch.err)"
sed 's/^seq=[0-9]* //' $W/watch >$W/watch.s
same $W/watch.s "create /s/db/tmp parent=/s/db
attach pid=$P3 tgid=$P3 from=/s/db to=/s/db/tmp uid=0
attach pid=$P3 tgid=$P3 from=/s/db/tmp to=/s/db uid=0" "watch -n 3 /s"
ok ctrctl rm /s/db/tmp

# --- kill -r, rm -r: nothing left. ---
fails 1 "ctrctl: rm /s: Device or resource busy (it has children: -r removes them too)" ctrctl rm /s
fails 1 "ctrctl: rm /s/web/api: Device or resource busy (it holds processes: move or kill them first)" ctrctl rm -r /s
# What was there (the runner shows a test's output only when it fails).
for p in $(ctrctl pids -r /s); do
	printf '%s:%s ' "$p" "$(cat "/proc/$p/comm" 2>/dev/null)"
done >$W/before.pids
echo "kill -r: the processes before the kill: $(cat $W/before.pids)"
ok ctrctl kill -s KILL -r /s && norm && same $W/out "PATH SIGNAL SIGNALLED DENIED
/s SIGKILL 6 0" "kill -r"
wait $EXEC $P1 $P2 $P3 2>/dev/null
wait_procs /s/web/api 0
ok ctrctl rm -r /s
[ ! -s $W/out ] || bad "rm -r printed $(cat $W/out)"
fails 1 "ctrctl: stat /s: No such file or directory" ctrctl stat /s
[ "$(grep -vc '^#' /proc/containers)" -eq 1 ] || bad "containers left: $(cat /proc/containers)"

# --- A command line that is not UTF-8 stays valid JSON. ---
ok ctrctl create /u
ctrctl exec /u -- sh -c 'sleep 1004; :' "$(printf 'a\377b')" &
U=$!
wait_procs /u 2
ok ctrctl -j tree -P /u
od -An -tx1 $W/out | grep -q ' ff' && bad "tree -j -P: a raw 0xff byte in $(cat $W/out)"
grep -qF 'a\\xffb' $W/out || bad "tree -j -P: no a\\\\xffb in $(cat $W/out)"
ok ctrctl tree -P /u
grep -qF 'a\xffb' $W/out || bad "tree -P: no a\\xffb in $(cat $W/out)"
ok ctrctl kill -s KILL /u
wait $U 2>/dev/null
wait_procs /u 0
ok ctrctl rm /u

[ $nfail -eq 0 ] || { echo "$nfail checks failed"; exit 1; }
echo "session: all checks passed"
