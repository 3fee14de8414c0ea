#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# tests/vm/parse.sh judges VM console logs: clean runs pass, and each kind of
# trouble (a failed test, a failed or missing KUnit suite, a summary that
# disagrees, a VM that never finished) counts as a failure.
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
# Failures are lines of a file: expect() also runs at the end of pipelines,
# in a subshell, where a variable would not count.
failed=$(mktemp)
trap 'rm -f "$failed"' EXIT

# expect NAME "pass=P fail=F skip=S" [EXPECT_SUITES] < log
expect() {
	got=$(EXPECT_SUITES=${3-} sh "$TOP/tests/vm/parse.sh" | sed -n 's/^COUNTS //p')
	if [ "$got" != "$2" ]; then
		echo "$1: got '$got', expected '$2'" | tee -a "$failed"
	fi
}

ktap() { # suite case-lines... : a KUnit suite block as runner.sh prints it
	s=$1
	shift
	echo "CTRVM-KTAP-BEGIN $s"
	echo "KTAP version 1"
	echo "1..1"
	echo "    KTAP version 1"
	echo "    # Subtest: $s"
	for l in "$@"; do echo "    $l"; done
}

expect clean "pass=3 fail=0 skip=1" <<'LOG'
[    0.000000] Linux version 6.12
CTRVM-BEGIN debian-6.12 check
ok 1 - load module
[    1.500000] containerctl: loaded
ok 2 - dev-node
ok 3 - skipped thing # SKIP no io_uring
ok 4 - unload module
1..4
CTRVM-RESULT pass=3 fail=0 skip=1
LOG

expect failed-test "pass=1 fail=1 skip=0" <<'LOG'
ok 1 - load module
not ok 2 - dev-node
# /dev/containerctl missing
CTRVM-RESULT pass=1 fail=1 skip=0
LOG

expect crlf-and-printk "pass=1 fail=0 skip=0" <<LOG
ok 1 - load module$(printf '\r')
[    2.000000] ok 7 - not ours
CTRVM-RESULT pass=1 fail=0 skip=0$(printf '\r')
LOG

expect no-result "pass=1 fail=1 skip=0" <<'LOG'
ok 1 - load module
[    3.000000] Kernel panic - not syncing: panic_on_warn set ...
LOG

expect result-disagrees "pass=2 fail=1 skip=0" <<'LOG'
ok 1 - a
ok 2 - b
CTRVM-RESULT pass=3 fail=0 skip=0
LOG

# Cases (ctrtest_cases()): each counts; a failed case is named with its
# test; the test's own line counts only when it failed with no failed case.
cases_log='ok 1 - load module
    ok 1 - names
    not ok 2 - move # status 0x100
    ok 3 - quiet # SKIP
ok 2 - clone
    ok 1 - a
    not ok 2 - b # timed out after 240 s
not ok 3 - nstrack
    ok 1 - a
    ok 2 - b
not ok 4 - events
CTRVM-RESULT pass=2 fail=2 skip=0'
echo "$cases_log" | expect cases "pass=5 fail=3 skip=1"
got=$(echo "$cases_log" | sh "$TOP/tests/vm/parse.sh" | grep '^FAIL' | tr '\n' '|')
if [ "$got" != "FAIL: clone: move # status 0x100|FAIL: nstrack: b # timed out after 240 s|FAIL: events|" ]; then
	echo "cases: failures named '$got'" | tee -a "$failed"
fi

{
	ktap containerctl_name "1..3" "ok 1 a" "ok 2 b" "ok 3 c # SKIP why"
	echo "# containerctl_name: pass:2 fail:0 skip:1 total:3"
	echo "ok 1 containerctl_name"
	echo "CTRVM-KTAP-END containerctl_name"
	echo "ok 1 - kunit"
	echo "CTRVM-RESULT pass=1 fail=0 skip=0"
} | expect kunit-clean "pass=3 fail=0 skip=1" containerctl_name

{
	ktap containerctl_name "1..2" "ok 1 a" "not ok 2 b" \
		"# containerctl_name: pass:1 fail:1 skip:0 total:2"
	echo "not ok 1 containerctl_name"
	echo "CTRVM-KTAP-END containerctl_name"
	echo "ok 1 - kunit"
	echo "CTRVM-RESULT pass=1 fail=0 skip=0"
} | expect kunit-case-fails "pass=2 fail=1 skip=0" containerctl_name

{
	ktap containerctl_name "1..2" "ok 1 a" "ok 2 b" \
		"# containerctl_name: pass:1 fail:1 skip:0 total:2"
	echo "ok 1 containerctl_name"
	echo "CTRVM-KTAP-END containerctl_name"
	echo "ok 1 - kunit"
	echo "CTRVM-RESULT pass=1 fail=0 skip=0"
} | expect kunit-summary-mismatch "pass=3 fail=1 skip=0" containerctl_name

{
	ktap containerctl_name "1..1" "ok 1 a" \
		"# containerctl_name: pass:1 fail:0 skip:0 total:1"
	echo "not ok 1 containerctl_name"
	echo "CTRVM-KTAP-END containerctl_name"
	echo "ok 1 - kunit"
	echo "CTRVM-RESULT pass=1 fail=0 skip=0"
} | expect kunit-suite-fails "pass=2 fail=1 skip=0" containerctl_name

printf 'ok 1 - kunit\nCTRVM-RESULT pass=1 fail=0 skip=0\n' |
	expect kunit-suite-missing "pass=1 fail=1 skip=0" "containerctl_name"

[ ! -s "$failed" ]
