#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Parse the console log of one test VM into counts. Reads the log on stdin
# and prints TAP-like result lines, then one line
#   COUNTS pass=P fail=F skip=S
# The VM's own TAP (lines "ok N - ..." / "not ok N - ...") counts one result
# per line; a test with cases has them first as subtests ("    ok N - ...",
# indented by four spaces), and then each case counts as one result, and
# the test's own line only if it failed while no case did (the kernel log,
# a crash between cases). KUnit suites come as KTAP between
# "CTRVM-KTAP-BEGIN suite" and "CTRVM-KTAP-END suite"; each test case
# counts as one result, and a suite
# whose summary line disagrees with its cases, or that reports failure
# without a failed case, counts as a failure.
#
# The run is complete only with "CTRVM-RESULT ..." whose counts agree with
# the TAP lines seen; otherwise (crash, panic, timeout) one failure is added.
# Expected KUnit suites (EXPECT_SUITES, space separated) that are missing
# also count as failures.
#
# Usage: parse.sh < console.log
# Kernel printk lines ("[    1.234567] ...") and carriage returns are
# ignored.

tr -d '\r' | sed -e '/^\[ *[0-9]*\.[0-9]*\]/d' |
awk -v expect="${EXPECT_SUITES-}" '
function res(kind, what) {
	cnt[kind]++
	if (kind == "fail")
		print "FAIL: " what
}
/^CTRVM-KTAP-BEGIN / { suite = $2; inktap = 1; seen[suite] = 1
	sp = sf = ss = 0; summary = ""; suiteok = ""; next }
/^CTRVM-KTAP-END / {
	inktap = 0
	if (summary == "")
		res("fail", "kunit " suite ": no summary line")
	else if (summary != sprintf("pass:%d fail:%d skip:%d", sp, sf, ss))
		res("fail", "kunit " suite ": summary \"" summary "\" does not match cases")
	if (suiteok == "not ok" && sf == 0)
		res("fail", "kunit " suite ": suite failed")
	if (sp + sf + ss == 0)
		res("fail", "kunit " suite ": no test cases")
	printf "kunit %s: %d passed, %d failed, %d skipped\n", suite, sp, sf, ss
	next
}
inktap {
	if ($0 ~ /^    (not )?ok [0-9]+ /) {
		line = $0; sub(/^    /, "", line)
		name = line; sub(/^(not )?ok [0-9]+ /, "", name); sub(/ #.*/, "", name)
		if (line ~ /^not ok/) { sf++; res("fail", "kunit " suite "." name) }
		else if (line ~ /# SKIP/) { ss++; res("skip") }
		else { sp++; res("pass") }
	} else if ($0 ~ "^ *# " suite ": pass:") {
		summary = $0; sub(/^.*: pass:/, "pass:", summary); sub(/ total:.*/, "", summary)
	} else if ($0 ~ "^(not )?ok [0-9]+ " suite "$") {
		suiteok = ($0 ~ /^not ok/) ? "not ok" : "ok"
	}
	next
}
/^    (not )?ok [0-9]+ - / {
	ncase++
	t = $0; sub(/^    (not )?ok [0-9]+ - /, "", t)
	if ($0 ~ /^    not ok/) { casefail++; pending[++np] = t }
	else if ($0 ~ / # SKIP/) res("skip")
	else res("pass")
	next
}
/^ok [0-9]+ - / {
	tap++
	t = $0; sub(/^ok [0-9]+ - /, "", t); sub(/ # .*/, "", t)
	for (i = 1; i <= np; i++) res("fail", t ": " pending[i])
	if (!ncase) { if ($0 ~ / # SKIP/) res("skip"); else res("pass") }
	ncase = casefail = np = 0
	next
}
/^not ok [0-9]+ - / {
	tap++; t = $0; sub(/^not ok [0-9]+ - /, "", t)
	for (i = 1; i <= np; i++) res("fail", t ": " pending[i])
	if (!casefail) res("fail", t)
	ncase = casefail = np = 0
	next
}
/^CTRVM-RESULT / { result = $0 }
END {
	n = split(expect, ex, " ")
	for (i = 1; i <= n; i++)
		if (!(ex[i] in seen))
			res("fail", "kunit " ex[i] ": suite missing")
	if (result == "") {
		res("fail", "VM did not finish (crash, panic or timeout)")
	} else {
		split(result, kv, /[ =]/)
		if (kv[3] + kv[5] + kv[7] != tap)
			res("fail", "VM reported " kv[3] + kv[5] + kv[7] " results, TAP has " tap)
	}
	printf "COUNTS pass=%d fail=%d skip=%d\n", cnt["pass"], cnt["fail"], cnt["skip"]
}'
