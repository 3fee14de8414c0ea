#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Build containerctl.ko and the KUnit test module containerctl_kunit.ko for
# one of the supported kernels, in build/KERNEL/: the sources are mirrored
# there (rsync keeps timestamps, so rebuilds are incremental) and Kbuild runs
# on the copy, so the kernels never share objects. debian-7.x is built inside
# its trixie chroot (tools/chroot.sh), on a mirror under the chroot's /work-*,
# and the results are copied back to build/debian-7.x/.
#
# The KUnit module is linked where the kernel has CONFIG_KUNIT (the debug
# kernel); elsewhere its objects are compiled, so that it is known to build
# on every kernel (KUnit's headers are there even without KUnit).
#
# Usage: build-module.sh KERNEL      (debian-6.1, debian-6.12, debian-7.x,
#                                     debug)
set -eu

TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/tools/lib.sh"

kernel=$1
check_kernel "$kernel"
kd=$(kdir "$kernel")
hkd=$(host_kdir "$kernel")
[ -e "$hkd/Makefile" ] || die "no kernel tree for $kernel at $hkd"
out=$TOP/build/$kernel

# Where Kbuild runs: $work as the build sees it, $hwork as the host does.
if in_chroot "$kernel"; then
	ch=$(chroot_dir)
	work=/work-$(echo "$TOP" | cksum | cut -d' ' -f1)/$kernel
	hwork=$ch$work
	# With /proc (objtool reads it), mounted in a mount namespace of the
	# build's own, so nothing stays mounted in the cache.
	run() {
		# shellcheck disable=SC2016
		unshare -m sh -c 'mount -t proc proc "$0/proc" && exec chroot "$0" "$@"' \
			"$ch" "$@"
	}
else
	work=$out hwork=$out
	run() { "$@"; }
fi

mirror() {
	rsync -a --delete --exclude='*.o' --exclude='*.ko' --exclude='*.mod*' \
		--exclude='.*.cmd' --exclude='probes.h*' --exclude=Module.symvers \
		--exclude=modules.order "$1" "$2"
}

mkdir -p "$out" "$hwork"
mirror "$TOP/module/" "$hwork/module/"
rsync -a --delete "$TOP/uapi/" "$hwork/uapi/"
cp "$TOP/VERSION" "$hwork/VERSION"
mirror "$TOP/tests/kunit/" "$hwork/kunit/"

echo "  MODULE  $kernel"
run make -s -C "$work/module" KDIR="$kd" 2>&1
[ -e "$hwork/module/containerctl.ko" ] || die "no containerctl.ko for $kernel"

rm -f "$hwork/kunit/containerctl_kunit.ko"
if grep -q '^CONFIG_KUNIT=y' "$hkd/.config"; then
	echo "  KUNIT   $kernel"
	run make -s -C "$kd" M="$work/kunit" \
		KBUILD_EXTRA_SYMBOLS="$work/module/Module.symvers" modules 2>&1
else
	# The objects alone: without CONFIG_KUNIT there is nothing to link
	# against.
	objs=$(sed -n '/^containerctl_kunit-y/,/^$/p' "$TOP/tests/kunit/Kbuild" |
		sed -e 's/.*:=//' -e 's/\\//')
	echo "  KUNIT   $kernel (compiled only: no CONFIG_KUNIT)"
	# shellcheck disable=SC2086
	run make -s -C "$kd" M="$work/kunit" $objs 2>&1
fi

if in_chroot "$kernel"; then
	rsync -a --delete "$hwork/" "$out/"
fi
