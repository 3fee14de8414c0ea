#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The scripted demonstration run by `make demo` inside the VM, with the
# module loaded. Each command is shown before it runs.
set -eu

run() {
	echo "\$ $*"
	"$@"
	echo
}

echo "== containerctl demo on $(uname -r) =="
echo
run sh -c 'grep ^containerctl /proc/modules'
run ls -l /dev/containerctl
run cat /proc/containers
run sh -c 'dmesg | grep containerctl:'
