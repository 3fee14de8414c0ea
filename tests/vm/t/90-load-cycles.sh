#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Unload and load the module repeatedly: the device and the proc entry come
# and go with it, dev_mode is honoured, and an invalid dev_mode is refused
# with nothing left behind. Leaves the module loaded.
set -eu
fail() { echo "$*"; exit 1; }
KO=${CTR_KO:-/ctr/containerctl.ko}

i=0
while [ $i -lt 20 ]; do
	rmmod containerctl || fail "rmmod failed in cycle $i"
	[ ! -e /dev/containerctl ] || fail "/dev/containerctl survived rmmod"
	[ ! -e /proc/containers ] || fail "/proc/containers survived rmmod"
	insmod "$KO" || fail "insmod failed in cycle $i"
	[ -c /dev/containerctl ] || fail "/dev/containerctl missing after insmod"
	cat /proc/containers >/dev/null
	i=$((i + 1))
done

rmmod containerctl
insmod "$KO" dev_mode=0600
mode=$(stat -c %A /dev/containerctl)
[ "$mode" = crw------- ] || fail "dev_mode=0600 gave $mode"
rmmod containerctl

if insmod "$KO" dev_mode=01000 2>/dev/null; then
	fail "dev_mode=01000 was accepted"
fi
[ ! -e /dev/containerctl ] || fail "refused load left /dev/containerctl"
[ ! -e /proc/containers ] || fail "refused load left /proc/containers"
dmesg | grep -q 'dev_mode 01000 is not a permission mode' ||
	fail "no message for the refused dev_mode"

insmod "$KO"
echo "20 cycles, dev_mode checked"
