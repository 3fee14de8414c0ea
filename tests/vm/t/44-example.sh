#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# libctrl(7)'s example program (libctrl/examples/example.c, built
# statically on the host into /ctr/examples): it runs to the end, prints
# what the page shows (the spawned pid listed, in the container from the
# start), and leaves no container behind.
set -u
E=/ctr/examples/example
[ -x $E ] || { echo "$E missing"; exit 1; }

out=$($E /ex42 2>&1)
rc=$?
printf '%s\n' "$out"
[ $rc -eq 0 ] || { echo "FAIL: exit status $rc"; exit 1; }
pid=$(printf '%s\n' "$out" | sed -n 's/^spawned \([0-9][0-9]*\)$/\1/p')
[ -n "$pid" ] || { echo "FAIL: no 'spawned PID' line"; exit 1; }
want="containerctl ABI 2, with clone
spawned $pid
/ex42: $pid
ex42: id N, 1 process(es)
signalled 1"
got=$(printf '%s\n' "$out" | sed 's/: id [0-9][0-9]*,/: id N,/')
[ "$got" = "$want" ] || { printf 'FAIL: expected\n%s\n' "$want"; exit 1; }
if awk '$7 == "/ex42"' /proc/containers | grep -q .; then
	echo "FAIL: /ex42 left behind"
	exit 1
fi
# A second run with the container taken: the error names it.
$E / >/dev/null 2>"/tmp/42-err" && { echo "FAIL: example / succeeded"; exit 1; }
[ "$(cat /tmp/42-err)" = "example: create /: File exists" ] ||
	{ echo "FAIL: stderr '$(cat /tmp/42-err)'"; exit 1; }
exit 0
