# SPDX-License-Identifier: GPL-2.0
# The preamble of the host tests (tests/host/*.sh), sourced after `set -u`:
# TOP (the tree), tmp (a directory removed at exit), bad MESSAGE (one
# failed check, printed "FAIL: MESSAGE") and finish (exit 1 with "N checks
# failed" if any failed, else go on).
# shellcheck shell=sh
# shellcheck disable=SC2034 # TOP and tmp are the tests' own

TOP=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
nfail=0

bad() {
	printf "FAIL: %s\n" "$*"
	nfail=$((nfail + 1))
}

finish() {
	[ "$nfail" -eq 0 ] || { echo "$nfail checks failed"; exit 1; }
}
