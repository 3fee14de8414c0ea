#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# busybox unshare as a real client of namespace tracking: this shell moves
# itself into /us (CONTAINERCTL_F_NSTRACK) and runs `unshare OPTIONS sh -c
# ...` for each namespace busybox can unshare (-u -i -m -n -U -r, -p -f):
# the shell started that way (for -p -f: forked by unshare) must be in
# /us/node_<pid of the unshare process>, one new container per call, with
# the flags nstrack,autoremove, and this shell stays in /us; once the
# inner shell exited, the container goes, and /us counts it (ns clones).
# Nested, it goes one level down, and both levels go. In /us-plain,
# without the flag, nothing is made. Leaves the containers it found.
set -u

W=/tmp/41-unshare
nfail=0

# bad, waitfor, nr_containers
# shellcheck source=tests/vm/lib.sh
. /ctr/lib.sh

# children PATH: the number of children of PATH, from /proc/containers.
children() {
	awk -v p="$1" '{ n = $7; sub("/[^/]*$", "", n) } n == p { c++ } END { print c + 0 }' \
		/proc/containers
}

cleanup() {
	ctrctl attach / $$ >/dev/null 2>&1
	for c in /us /us-plain; do
		if ctrctl stat $c >/dev/null 2>&1; then
			ctrctl rm -r $c || bad "cleanup: rm -r $c failed"
		fi
	done
	rm -rf $W
}

# ns_clones PATH: the automatic clones made under PATH so far.
ns_clones() {
	ctrctl stat "$1" | sed -n 's/^ns clones: *//p'
}

# gone PATH: there is no container PATH.
gone() {
	! ctrctl stat "$1" >/dev/null 2>&1
}

# wait_gone PATH WHAT: until PATH is gone (30 s at most).
wait_gone() {
	waitfor 30 gone "$1" || bad "$2: $1 still there 30 s after its tasks exited"
}

# stays PATH WHAT: this shell is (still) in PATH.
stays() {
	where=$(ctrctl which $$)
	[ "$where" = "$1" ] || bad "$2: this shell moved to $where"
}

# tracked OPTIONS: from this shell (in /us), `unshare OPTIONS sh -c ...`
# leaves the inner shell in /us/node_<pid of unshare>, which has the flags
# nstrack,autoremove and goes once the inner shell exited. With -p the
# inner shell is pid 1 of its namespace; otherwise unshare exec'ed it.
tracked() {
	opts=$1
	clones=$(ns_clones /us)
	# shellcheck disable=SC2016,SC2086 # the inner $$; split the options
	unshare $opts sh -c 'echo $$; c=$(ctrctl which $$); echo "$c"
		ctrctl stat "$c" | grep "^flags:"' >$W/out 2>$W/err &
	upid=$!
	wait $upid
	rc=$?
	if [ $rc -ne 0 ] && grep -q 'Invalid argument' $W/err; then
		echo "unshare $opts: $(cat $W/err): this kernel lacks it, not tested"
		return
	fi
	if [ $rc -ne 0 ] || [ -s $W/err ]; then
		bad "unshare $opts: exit status $rc: $(cat $W/err)"
		return
	fi
	case $opts in
	*-p*) inner=1 ;;
	*) inner=$upid ;;
	esac
	printf '%s\n/us/node_%s\nflags:           nstrack,autoremove\n' "$inner" "$upid" >$W/expect
	cmp -s $W/out $W/expect ||
		bad "unshare $opts: printed '$(paste -sd ' ' $W/out)', expected '$(paste -sd ' ' $W/expect)'"
	stays /us "unshare $opts"
	[ "$(ns_clones /us)" -eq $((clones + 1)) ] ||
		bad "unshare $opts: /us counts $(ns_clones /us) clones, not $((clones + 1))"
	wait_gone /us/node_$upid "unshare $opts"
	[ "$(children /us)" -eq 0 ] || bad "unshare $opts: /us has $(children /us) children, not 0"
}

base=$(nr_containers)
mkdir -p $W
trap cleanup EXIT

ctrctl create -f nstrack /us || exit 1
ctrctl create /us-plain || exit 1
ctrctl stat /us | grep -qx 'flags: *nstrack' || bad "/us: flags not set: $(ctrctl stat /us)"

# --- Tracked: every option of busybox unshare. ---
ctrctl attach /us $$ || exit 1
stays /us "attach"
for opts in -u -i -m -n -U -r "-p -f" "-u -i -n -m"; do
	tracked "$opts"
done

# --- Nested: the inner unshare goes one level further down. ---
# shellcheck disable=SC2016 # the inner shell's $$
unshare -u sh -c 'unshare -i sh -c "echo \$\$; ctrctl which \$\$"' >$W/out 2>$W/err &
upid=$!
wait $upid || bad "nested unshare: exit status $?: $(cat $W/err)"
inner=$(sed -n 1p $W/out)
[ "$(sed -n 2p $W/out)" = "/us/node_$upid/node_$inner" ] ||
	bad "nested unshare: printed '$(paste -sd ' ' $W/out)', expected $upid and /us/node_$upid/node_$inner"
stays /us "nested unshare"
wait_gone "/us/node_$upid/node_$inner" "nested unshare"
wait_gone /us/node_$upid "nested unshare"

# --- A plain fork, and a container without the flag: nothing made. ---
# shellcheck disable=SC2016
[ "$(sh -c 'ctrctl which $$')" = /us ] || bad "a plain child left /us"
ctrctl attach /us-plain $$ || bad "attach to /us-plain"
n=$(nr_containers)
# shellcheck disable=SC2016
out=$(unshare -u -i -n sh -c 'ctrctl which $$' 2>&1)
[ "$out" = /us-plain ] || bad "untracked unshare: printed '$out', expected /us-plain"
stays /us-plain "untracked unshare"
[ "$(nr_containers)" -eq "$n" ] || bad "untracked unshare made $(($(nr_containers) - n)) containers"

ctrctl attach / $$ || bad "attach back to /"
ctrctl rm /us || bad "rm /us"
ctrctl rm /us-plain || bad "rm /us-plain"
[ "$(nr_containers)" -eq "$base" ] || bad "$(nr_containers) containers left, not $base"

if [ $nfail -ne 0 ]; then
	echo "$nfail checks failed"
	exit 1
fi
echo "unshare: every check passed"
