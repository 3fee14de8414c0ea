#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Every shell script of the project passes shellcheck (POSIX sh).
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
command -v shellcheck >/dev/null || { echo "shellcheck not installed"; exit 1; }
cd "$TOP"
shellcheck -s sh -x tools/*.sh module/probe.sh tests/*.sh tests/host/*.sh \
	tests/vm/*.sh tests/vm/init tests/vm/t/*.sh
shellcheck -s bash .ci/run
