# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# Helpers for the in-VM shell tests, sourced from /ctr/lib.sh. The test sets
# W (its scratch directory) and nfail=0 first; a failed check prints one
# FAIL line and counts in nfail.

bad() {
	printf "FAIL: %s\n" "$*"
	nfail=$((nfail + 1))
}

# waitfor SECONDS CMD...: until CMD succeeds, run every 20 ms, for SECONDS
# at most; fails if it never did. Tests never wait a fixed time for
# something to happen: they wait for it, and the deadline only bounds a
# failure (a loaded machine makes the wait longer, not the test fail).
waitfor() {
	waitfor_n=$(($1 * 50))
	shift
	until "$@"; do
		[ $waitfor_n -gt 0 ] || return 1
		waitfor_n=$((waitfor_n - 1))
		usleep 20000
	done
}

# ok CMD...: CMD succeeds and prints nothing on stderr; stdout in $W/out.
ok() {
	"$@" >"$W/out" 2>"$W/err"
	rc=$?
	if [ $rc -ne 0 ] || [ -s "$W/err" ]; then
		bad "$*: exit status $rc: $(cat "$W/err")"
		return 1
	fi
}

# fails STATUS MESSAGE CMD...: CMD exits with STATUS, prints nothing on
# stdout and exactly the one line MESSAGE on stderr.
fails() {
	want_rc=$1 want=$2
	shift 2
	"$@" >"$W/out" 2>"$W/err"
	rc=$?
	[ $rc -eq "$want_rc" ] || bad "$*: exit status $rc, expected $want_rc"
	[ ! -s "$W/out" ] || bad "$*: printed on stdout: $(cat "$W/out")"
	[ "$(cat "$W/err")" = "$want" ] ||
		bad "$*: printed '$(cat "$W/err")', expected '$want'"
	[ "$(wc -l <"$W/err")" -eq 1 ] ||
		bad "$*: $(wc -l <"$W/err") lines on stderr"
}

# same FILE EXPECTED WHAT: FILE holds exactly the lines EXPECTED ("": none).
same() {
	if [ -n "$2" ]; then
		printf '%s\n' "$2" >"$W/expect"
	else
		: >"$W/expect"
	fi
	cmp -s "$1" "$W/expect" || {
		bad "$3: got"
		sed 's/^/  | /' "$1"
		echo "  expected"
		sed 's/^/  | /' "$W/expect"
	}
}

# has REGEX WHAT: a whole line of $W/out matches the basic REGEX.
has() {
	grep -qx -- "$1" "$W/out" || bad "$2: no line '$1' in: $(cat "$W/out")"
}

# The /proc/containers line of PATH: id parent procs threads children
# flags path.
procline() {
	awk -v p="$1" '$7 == p' /proc/containers
}

id_of() {
	procline "$1" | cut -d ' ' -f 1
}

nr_containers() {
	grep -vc '^#' /proc/containers
}

# npids PATH: the processes in PATH's subtree (ctrctl pids -r).
npids() {
	ctrctl pids -r "$1" | wc -l
}

# holds_procs PATH N: PATH's subtree holds N processes.
holds_procs() {
	[ "$(npids "$1")" -eq "$2" ]
}

# wait_procs PATH N: until PATH's subtree holds N processes (30 s at most:
# killed processes take their time to exit).
wait_procs() {
	waitfor 30 holds_procs "$1" "$2" ||
		bad "$1 holds $(npids "$1") processes, not $2, after 30 s"
}

# norm: $W/out without leading, trailing and repeated blanks (the columns
# of ctrctl's tables are as wide as their widest cell).
norm() {
	sed -e 's/^ *//' -e 's/ *$//' -e 's/  */ /g' "$W/out" >"$W/norm" &&
		mv "$W/norm" "$W/out"
}

# compact: $W/out's JSON, one value a line without blanks between tokens.
compact() {
	jq -c . <"$W/out" >"$W/norm" && mv "$W/norm" "$W/out"
}
