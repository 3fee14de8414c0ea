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
