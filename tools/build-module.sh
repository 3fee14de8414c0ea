#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Build containerctl.ko (and, for a kernel with KUnit, the KUnit test module
# containerctl_kunit.ko) for one of the supported kernels, in
# build/KERNEL/: the sources are mirrored there (rsync keeps timestamps, so
# rebuilds are incremental) and Kbuild runs on the copy, so the kernels
# never share objects.
#
# Usage: build-module.sh KERNEL      (debian-6.1, debian-6.12, debug-6.12)
set -eu

TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/tools/lib.sh"

kernel=$1
check_kernel "$kernel"
kd=$(kdir "$kernel")
[ -e "$kd/Makefile" ] || die "no kernel tree for $kernel at $kd"
out=$TOP/build/$kernel

mkdir -p "$out"
rsync -a --delete --exclude='*.o' --exclude='*.ko' --exclude='*.mod*' \
	--exclude='.*.cmd' --exclude='probes.h*' --exclude=Module.symvers \
	--exclude=modules.order "$TOP/module/" "$out/module/"
rsync -a --delete "$TOP/uapi/" "$out/uapi/"

echo "  MODULE  $kernel"
make -s -C "$out/module" KDIR="$kd" 2>&1
[ -e "$out/module/containerctl.ko" ] || die "no containerctl.ko for $kernel"

if grep -q '^CONFIG_KUNIT=y' "$kd/.config"; then
	rsync -a --delete --exclude='*.o' --exclude='*.ko' --exclude='*.mod*' \
		--exclude='.*.cmd' --exclude=Module.symvers --exclude=modules.order \
		"$TOP/tests/kunit/" "$out/kunit/"
	echo "  KUNIT   $kernel"
	make -s -C "$kd" M="$out/kunit" \
		KBUILD_EXTRA_SYMBOLS="$out/module/Module.symvers" modules 2>&1
fi
