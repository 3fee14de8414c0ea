#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The loaded module registers /dev/containerctl (a misc device, default mode
# 0666) and /proc/containers (read-only, a '#' header line).
set -eu
fail() { echo "$*"; exit 1; }

grep -q '^containerctl ' /proc/modules || fail "containerctl not in /proc/modules"
[ -c /dev/containerctl ] || fail "/dev/containerctl is not a character device"
mode=$(stat -c %A /dev/containerctl)
major=$(stat -c %t /dev/containerctl)
[ "$mode" = crw-rw-rw- ] || fail "/dev/containerctl mode $mode, expected crw-rw-rw-"
[ "$major" = a ] || fail "/dev/containerctl major 0x$major, expected 0xa (misc)"
grep -q ' containerctl$' /proc/misc || fail "containerctl not in /proc/misc"

[ -f /proc/containers ] || fail "/proc/containers missing"
mode=$(stat -c %A /proc/containers)
[ "$mode" = -r--r--r-- ] || fail "/proc/containers mode $mode, expected -r--r--r--"
head -n 1 /proc/containers | grep -q '^# id parent ' ||
	fail "/proc/containers header: $(head -n 1 /proc/containers)"
if echo x 2>/dev/null >/proc/containers; then
	fail "/proc/containers is writable"
fi
echo "device and proc entry present"
