#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The scripted demonstration run by `make demo` inside the VM, with the
# module loaded: a short tour of ctrctl. Each command is shown before it
# runs. It leaves no container behind.
set -eu

run() {
	echo "\$ $*"
	"$@"
	echo
}

# fails CMD...: like run, for a command that must fail; shows its status.
fails() {
	echo "\$ $*"
	rc=0
	"$@" || rc=$?
	echo "[exit status $rc]"
	echo
	[ $rc -ne 0 ]
}

say() {
	echo "# $*"
}

# wait_empty PATH: until no process is left in PATH's subtree.
wait_empty() {
	i=0
	while [ -n "$(ctrctl pids -r "$1")" ] && [ $i -lt 100 ]; do
		usleep 50000
		i=$((i + 1))
	done
}

echo "== containerctl demo on $(uname -r) =="
echo
run sh -c 'grep ^containerctl /proc/modules'
run ls -l /dev/containerctl
run ctrctl --version

say "Containers form a tree; every process starts in the root, /."
run ctrctl create /shop
run ctrctl create /shop/web
run ctrctl create -m 0700 /shop/db
run ctrctl create /batch

say "Two background processes; one of them moves into /shop/web."
echo "\$ sleep 1000 &    # twice"
sleep 1000 &
web=$!
sleep 1000 &
other=$!
echo
run ctrctl attach /shop/web $web
run ctrctl pids /shop/web
run ctrctl which $web
run ctrctl which $other

say "ctrctl exec runs a command inside a container: a shell pipeline in /batch."
echo "\$ ctrctl exec /batch -- sh -c 'sleep 1000 | sleep 1000' &"
ctrctl exec /batch -- sh -c 'sleep 1000 | sleep 1000' &
batch=$!
while [ "$(ctrctl pids /batch | wc -l)" -lt 3 ]; do
	usleep 50000
done
echo
run ctrctl pids /batch
run ctrctl stat /shop/web
run ctrctl tree
run ctrctl tree -P /batch
run ctrctl ls /shop
run ctrctl top -b -n 1
run cat /proc/containers

say "Every command that prints has JSON output (-j)."
run ctrctl -j stat /shop/web
run ctrctl -j which $web

say "Signal whole containers: processes forked meanwhile cannot escape SIGKILL."
run ctrctl kill /shop/web
run ctrctl kill -s KILL -r /batch
wait $web $batch 2>/dev/null || true
wait_empty /shop
wait_empty /batch
run ctrctl tree

say "Namespace tracking: in a container with the nstrack flag, a process that"
say "creates namespaces (clone or unshare) moves into a new child, node_<pid>."
run ctrctl info
run ctrctl create -f nstrack /jail
cat >/tmp/jail.sh <<'EOF'
ctrctl attach /jail $$
echo "jail.sh: shell $$ is in $(ctrctl which $$)"
unshare -u sh -c 'hostname jail
echo "unshare -u: shell $$ is in $(ctrctl which $$), hostname $(hostname)"
exec sleep 1000'
EOF
run cat /tmp/jail.sh
echo "\$ sh /tmp/jail.sh &"
sh /tmp/jail.sh &
jail=$!
# Until the unshared shell has printed its line and become a sleep.
node=
i=0
while [ $i -lt 100 ]; do
	node=$(awk 'index($7, "/jail/node_") == 1 { print $7 }' /proc/containers)
	[ -n "$node" ] &&
		[ "$(cat "/proc/${node#/jail/node_}/comm" 2>/dev/null)" = sleep ] && break
	usleep 50000
	i=$((i + 1))
done
echo
run ctrctl tree /jail
run ctrctl pids "$node"
run sh -c "ctrctl stat /jail | grep -e '^flags' -e '^ns '"
run hostname

say "clone: a new child container with a process in it, in one call."
echo "\$ sleep 1000 &"
sleep 1000 &
cloned=$!
echo
run ctrctl clone -p /jail $cloned
run ctrctl -j clone --name-pid $cloned
run ctrctl tree /jail
run ctrctl kill -s KILL -r /jail
wait $jail $cloned 2>/dev/null || true
wait_empty /jail
run ctrctl rm -r /jail

say "Events: ctrctl watch follows them as they happen (CAP_NET_ADMIN), here for"
say "the subtree /shop: its state first (--dump), then 6 events (-n 6)."
echo "\$ ctrctl watch --dump -n 6 /shop > watch.out &"
rm -f /tmp/watch.out
ctrctl watch --dump -n 6 /shop >/tmp/watch.out 2>&1 &
watcher=$!
while [ ! -s /tmp/watch.out ]; do
	usleep 50000
done
echo
run ctrctl create /shop/cart
run ctrctl create /batch/other
echo "\$ sleep 1000 &"
sleep 1000 &
cart=$!
echo
run ctrctl attach /shop/cart $cart
run ctrctl kill -s KILL /shop/cart
wait $cart 2>/dev/null || true
run ctrctl rm /shop/cart
run ctrctl rm /batch/other
wait $watcher
echo "\$ cat watch.out    # /batch/other is not in /shop: not shown"
cat /tmp/watch.out
echo
say "-j prints one JSON object per line, with every attribute; --tasks adds forks"
say "and thread exits."
run ctrctl -j watch --dump --timeout 1 /shop/web

say "Errors are one line that names the object."
fails ctrctl create /shop/web
fails ctrctl rm /shop
fails ctrctl attach /shop/db 99999
fails ctrctl clone -p /shop 99999
fails ctrctl create -f nstrack,jail /shop/x
fails ctrctl kill -s FOO /shop

say "Remove the tree: rm -r removes children first."
run ctrctl rm -r /shop
run ctrctl rm /batch
run cat /proc/containers
kill $other
wait $other 2>/dev/null || true
