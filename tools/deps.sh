#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Install what containerctl needs to build and test. Idempotent, and quick
# (a few dpkg-query calls) when everything is present.
#
# 1. Tools and libraries, installed with apt-get.
# 2. Debian's headers and images of the 6.1, 6.12 and 6.12-rt kernels,
#    fetched with apt-get download and unpacked with dpkg-deb -x into the
#    cache. They are not installed: the header packages depend on a kernel
#    image, which would bring initramfs-tools, udev and a foreign kernel into
#    /boot of the build machine. The unpacked trees are complete Kbuild trees once the one
#    absolute include in their wrapper Makefile is pointed at the cache.
# 3. The newest 7.x of trixie-backports (debian-7.x): its image
#    (linux-binary-KVER) unpacked the same way, and a minimal trixie chroot
#    with gcc-14 and its headers to build modules in (tools/chroot.sh): its
#    kbuild needs trixie's glibc.
# 4. The debug kernel's source: the newest linux-source-X.Y package Debian
#    ships (an arch-all package holding a tarball), unpacked into the cache.
#
# bookworm-backports is enabled by deriving a deb822 entry from the machine's
# own Debian source (same URIs, components and keyring; only Suites changes),
# so no mirror is named here. trixie and trixie-backports are read through a
# separate apt configuration in the cache (newer_apt in tools/lib.sh), never
# added to the host's sources.
#
# Usage: deps.sh [PACKAGE...]: also the packages named (optional tools of
# one target, as gnuplot-nox for make bench-plot).
set -eu

TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/tools/lib.sh"

PKGS="build-essential gcc-12 bc bison flex libelf-dev libssl-dev kmod cpio
gzip xz-utils rsync perl jq pkg-config dwarves shellcheck gcc-multilib qemu-system-x86 busybox-static
libnl-3-dev libnl-genl-3-dev libsmartcols-dev groff-base man-db debootstrap
$*"

missing() {
	for p in $PKGS; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q '^install ok installed$' || echo "$p"
	done
}

enable_backports() {
	dst=/etc/apt/sources.list.d/containerctl-backports.sources
	[ -e "$dst" ] && return 0
	grep -rqs '^[^#]*bookworm-backports' /etc/apt/sources.list \
		/etc/apt/sources.list.d/ && return 0
	tmp=$(mktemp)
	debian_source bookworm-backports >"$tmp"
	[ -s "$tmp" ] || die "no Debian bookworm apt source to derive backports from"
	as_root install -m 0644 "$tmp" "$dst"
	rm -f "$tmp"
	echo "deps: enabled bookworm-backports ($dst)"
	updated=
}

apt_update() {
	[ -n "${updated-}" ] && return 0
	as_root apt-get update -qq
	updated=1
}

# The newest kernel release of a Debian series, named by its header
# metapackage: linux-headers-6.12-amd64 -> 6.12.117+deb12-amd64.
resolve_kver() {
	apt-cache depends "$1" 2>/dev/null |
		sed -n 's/^ *Depends: linux-headers-\(.*-amd64\)$/\1/p' | head -n 1
}

# download_unpack DIR APT PACKAGE...: apt-get download the packages with APT
# (plain or newer_apt) and unpack them into DIR.
download_unpack() {
	into=$1 apt=$2
	shift 2
	# apt-get download drops to the _apt user: use a directory it can
	# write, whatever the cache's parents allow.
	dl=$(mktemp -d)
	chmod 0777 "$dl"
	(cd "$dl" && $apt apt-get download -qq "$@") ||
		die "cannot download $*"
	for deb in "$dl"/*.deb; do
		dpkg-deb -x "$deb" "$into"
	done
	rm -rf "$dl"
}

# Fetch and unpack one Debian kernel (headers, common headers, kbuild, image).
unpack_kernel() {
	name=$1 kver=$2
	dir=$CACHE/kernels/$kver
	if [ ! -e "$dir/.done" ]; then
		echo "deps: unpacking Debian kernel $kver into $dir"
		rm -rf "$dir"
		mkdir -p "$dir/root"
		common=$(apt-cache depends "linux-headers-$kver" |
			sed -n 's/^ *Depends: \(linux-headers-.*-common\(-rt\)\{0,1\}\)$/\1/p')
		kbuild=$(apt-cache depends "linux-headers-$kver" |
			sed -n 's/^ *Depends: \(linux-kbuild-.*\)$/\1/p')
		download_unpack "$dir/root" "" "linux-headers-$kver" \
			"$common" "$kbuild" "linux-image-$kver-unsigned"
		sed -i "s#^include /usr/src/#include $dir/root/usr/src/#" \
			"$dir/root/usr/src/linux-headers-$kver/Makefile"
		touch "$dir/.done"
	fi
	echo "$kver" >"$CACHE/kernels/$name.kver"
}

mkdir -p "$CACHE/kernels"

need=$(missing | tr '\n' ' ')
if [ -n "$need" ]; then
	enable_backports
	apt_update
	echo "deps: installing: $need"
	# shellcheck disable=SC2086
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends $need >/dev/null
fi

# Already resolved (and unpacked) and the archive not to be consulted: stay
# offline and fast.
fresh() {
	[ -r "$1" ] && [ -z "${CONTAINERCTL_REFRESH-}" ]
}

kernel_fresh() {
	fresh "$CACHE/kernels/$1.kver" &&
		[ -e "$CACHE/kernels/$(cat "$CACHE/kernels/$1.kver")/.done" ]
}

for name in debian-6.1 debian-6.12 debian-6.12-rt; do
	meta=$(meta_pkg "$name")
	kernel_fresh "$name" && continue
	enable_backports
	kver=$(resolve_kver "$meta")
	if [ -z "$kver" ]; then
		apt_update
		kver=$(resolve_kver "$meta")
	fi
	[ -n "$kver" ] || die "cannot resolve $meta to a kernel release"
	unpack_kernel "$name" "$kver"
done

# The 7.x kernel: only its image is unpacked on the host (7.x packaging: the
# image is linux-binary-KVER's usr/lib/modules/KVER/vmlinuz); its headers are
# installed in the chroot.
if ! kernel_fresh debian-7.x; then
	newer_apt_update
	v=$(newest_version "$(meta_pkg debian-7.x)" trixie-backports)
	kver=$(newer_apt apt-cache depends "$(meta_pkg debian-7.x)=$v" 2>/dev/null |
		sed -n 's/^ *Depends: linux-headers-\(7\..*-amd64\)$/\1/p' | head -n 1)
	[ -n "$kver" ] || die "cannot resolve trixie-backports' linux-headers-amd64 to a 7.x release"
	dir=$CACHE/kernels/$kver
	if [ ! -e "$dir/.done" ]; then
		echo "deps: unpacking Debian kernel $kver (image) into $dir"
		rm -rf "$dir"
		mkdir -p "$dir/root"
		download_unpack "$dir/root" newer_apt "linux-binary-$kver"
		[ -e "$dir/root/usr/lib/modules/$kver/vmlinuz" ] ||
			die "linux-binary-$kver has no usr/lib/modules/$kver/vmlinuz"
		touch "$dir/.done"
	fi
	echo "$kver" >"$CACHE/kernels/debian-7.x.kver"
fi
kver=$(cat "$CACHE/kernels/debian-7.x.kver")
ch=$(sh "$TOP/tools/chroot.sh" "$kver") || die "trixie chroot for $kver failed"
echo "$ch" >"$CACHE/chroot-7.x"

# The debug kernel's source: the newest linux-source-X.Y, as the
# linux-source metapackage of trixie-backports names it.
if ! fresh "$CACHE/debug-src" ||
	[ -z "$(debug_src_tarball)" ]; then
	newer_apt_update
	v=$(newest_version linux-source trixie-backports)
	pkg=$(newer_apt apt-cache depends "linux-source=$v" 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-source-[0-9.]*\)$/\1/p' | head -n 1)
	[ -n "$pkg" ] || die "cannot resolve linux-source to a linux-source-X.Y package"
	pv=$(newest_version "$pkg" trixie-backports)
	dir=$CACHE/src/${pkg}_$pv
	if [ ! -e "$dir/.done" ]; then
		echo "deps: unpacking $pkg $pv into $dir"
		rm -rf "$dir"
		mkdir -p "$dir"
		download_unpack "$dir" newer_apt "$pkg=$pv"
		touch "$dir/.done"
	fi
	echo "$pkg $pv" >"$CACHE/debug-src"
fi

# promtool, which the test of `ctrctl metrics` runs (`promtool check
# metrics`) in the VMs: from this suite's prometheus package, unpacked into
# the cache, not installed (installing it would start a Prometheus server).
if ! fresh "$CACHE/promtool" || [ ! -x "$(cat "$CACHE/promtool")" ]; then
	v=$(apt-cache policy prometheus | sed -n 's/^ *Candidate: //p')
	if [ -z "$v" ] || [ "$v" = "(none)" ]; then
		apt_update
		v=$(apt-cache policy prometheus | sed -n 's/^ *Candidate: //p')
	fi
	if [ -z "$v" ] || [ "$v" = "(none)" ]; then
		die "no prometheus package to take promtool from"
	fi
	dir=$CACHE/tools/prometheus_$v
	if [ ! -e "$dir/.done" ]; then
		echo "deps: unpacking promtool of prometheus $v into $dir"
		rm -rf "$dir"
		mkdir -p "$dir/pkg"
		download_unpack "$dir/pkg" "" "prometheus=$v"
		[ -x "$dir/pkg/usr/bin/promtool" ] || die "prometheus $v has no usr/bin/promtool"
		mv "$dir/pkg/usr/bin/promtool" "$dir/promtool"
		rm -rf "$dir/pkg"
		touch "$dir/.done"
	fi
	echo "$dir/promtool" >"$CACHE/promtool"
fi
