#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The minimal trixie chroot in which modules for debian-7.x are built: Debian's
# 7.x headers depend on gcc-14 and a kbuild linked against glibc >= 2.38,
# which bookworm lacks. debootstrap --variant=minbase trixie, then, inside
# the chroot only, trixie-backports and the kernel's headers (which bring
# gcc-14 and make). The host's apt sources are not touched.
#
# The chroot lives in the cache, keyed by the kernel release, the packages
# and this script; an unchanged one is reused, a superseded one removed.
#
# Usage: chroot.sh KVER     prints the chroot's directory
set -eu

TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/tools/lib.sh"

kver=$1
pkgs="linux-headers-$kver gcc-14 make"
key=$( (echo "$kver"; echo "$pkgs"; cat "$0") | sha256sum | cut -c1-16)
dir=$CACHE/chroot/trixie-$key
if [ -e "$dir/.done" ]; then
	echo "$dir"
	exit 0
fi

mirror=$(debian_mirror)
[ -n "$mirror" ] || die "no Debian apt source to take the mirror from"
command -v debootstrap >/dev/null || die "debootstrap not installed: run make deps"

echo "chroot: debootstrap trixie into $dir (about a minute)" >&2
rm -rf "$dir"
mkdir -p "$dir"
log=$CACHE/chroot/trixie-$key.log
if ! debootstrap --variant=minbase trixie "$dir" "$mirror" >"$log" 2>&1; then
	tail -n 20 "$log" >&2
	die "debootstrap failed (log: $log)"
fi
# trixie-backports, in the chroot's own sources only.
debian_source trixie-backports >"$dir/etc/apt/sources.list.d/backports.sources"
echo "chroot: installing $pkgs" >&2
# shellcheck disable=SC2086
if ! { chroot "$dir" apt-get update -qq &&
	chroot "$dir" env DEBIAN_FRONTEND=noninteractive apt-get install \
		-y -qq --no-install-recommends -t trixie-backports $pkgs &&
	chroot "$dir" apt-get clean; } >>"$log" 2>&1; then
	tail -n 20 "$log" >&2
	die "installing $pkgs in the chroot failed (log: $log)"
fi
[ -e "$dir/usr/src/linux-headers-$kver/Makefile" ] ||
	die "no /usr/src/linux-headers-$kver in the chroot"
touch "$dir/.done"
# Chroots of earlier kernels or packages are superseded.
for old in "$CACHE"/chroot/trixie-*; do
	[ -d "$old" ] && [ "$old" != "$dir" ] && rm -rf "$old" "$old.log"
done
echo "$dir"
