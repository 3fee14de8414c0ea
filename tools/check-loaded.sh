#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# `make check` RUNS times in a row with the host loaded by LOAD (default
# `stress-ng --cpu 2`: one busy worker per core of our CI machine), to show
# that no test depends on timing. Stops at the first failing run. Each run's
# last line and its wall time go to build/check-loaded.log; the script ends
# with one line "N runs passed, N failed".
#
# Usage: check-loaded.sh [RUNS]   (make check-loaded RUNS=10)
set -u

TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP" || exit 1
RUNS=${1:-10}
LOAD=${LOAD:-stress-ng --cpu 2 --quiet}
LOG=build/check-loaded.log

sh tools/deps.sh stress-ng || exit 1
mkdir -p build
: >"$LOG"

$LOAD &
load_pid=$!
trap 'kill "$load_pid" 2>/dev/null; wait "$load_pid" 2>/dev/null' EXIT INT TERM
echo "load: $LOAD (pid $load_pid)" | tee -a "$LOG"

ok=0 bad=0 i=1
while [ "$i" -le "$RUNS" ]; do
	t0=$(date +%s)
	make check >"build/check-loaded.$i.out" 2>&1
	rc=$?
	t1=$(date +%s)
	kill -0 "$load_pid" 2>/dev/null || { echo "load died" | tee -a "$LOG"; exit 1; }
	line=$(tail -n 1 "build/check-loaded.$i.out")
	echo "run $i: rc $rc, $((t1 - t0)) s, load avg $(cut -d' ' -f1-3 /proc/loadavg): $line" | tee -a "$LOG"
	if [ "$rc" -eq 0 ]; then
		ok=$((ok + 1))
	else
		bad=$((bad + 1))
		grep -E "FAIL|not ok" "build/check-loaded.$i.out" | head -n 20 | tee -a "$LOG"
		break
	fi
	i=$((i + 1))
done
echo "$ok runs passed, $bad failed" | tee -a "$LOG"
[ "$bad" -eq 0 ]
