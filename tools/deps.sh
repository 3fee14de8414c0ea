#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Install what containerctl needs to build and test. Idempotent, and quick
# (a few dpkg-query calls) when everything is present.
#
# 1. Tools and libraries, installed with apt-get.
# 2. Debian's headers and images of the 6.1 and 6.12 kernels, fetched with
#    apt-get download and unpacked with dpkg-deb -x into the cache. They are
#    not installed: the header packages depend on a kernel image, which would
#    bring initramfs-tools, udev and a foreign kernel into /boot of the build
#    machine. The unpacked trees are complete Kbuild trees once the one
#    absolute include in their wrapper Makefile is pointed at the cache.
#
# bookworm-backports is enabled by deriving a deb822 entry from the machine's
# own Debian source (same URIs, components and keyring; only Suites changes),
# so no mirror is named here.
#
# Usage: deps.sh [PACKAGE...]: also the packages named (optional tools of
# one target, as gnuplot-nox for make bench-plot).
set -eu

TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/tools/lib.sh"

PKGS="build-essential gcc-12 bc bison flex libelf-dev libssl-dev kmod cpio
gzip xz-utils rsync perl jq pkg-config dwarves shellcheck gcc-multilib qemu-system-x86 busybox-static
libnl-3-dev libnl-genl-3-dev libsmartcols-dev groff-base man-db $DEBUG_SRC_PKG
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
	src=/etc/apt/sources.list.d/debian.sources
	if [ -r "$src" ]; then
		# The deb822 stanza that carries the plain "bookworm" suite.
		awk 'BEGIN { RS = ""; ORS = "\n" }
		     /Suites:[^\n]*bookworm( |\n|$)/ && !/security/ { print; exit }' \
			"$src" | sed 's/^Suites:.*/Suites: bookworm-backports/' >"$tmp"
		dst=/etc/apt/sources.list.d/containerctl-backports.sources
	elif [ -r /etc/apt/sources.list ]; then
		awk '$1 == "deb" && $3 == "bookworm" {
			$3 = "bookworm-backports"; print; exit }' \
			/etc/apt/sources.list >"$tmp"
		dst=/etc/apt/sources.list.d/containerctl-backports.list
	fi
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

# Fetch and unpack one Debian kernel (headers, common headers, kbuild, image).
unpack_kernel() {
	name=$1 kver=$2
	dir=$CACHE/kernels/$kver
	if [ ! -e "$dir/.done" ]; then
		echo "deps: unpacking Debian kernel $kver into $dir"
		rm -rf "$dir"
		mkdir -p "$dir"
		# apt-get download drops to the _apt user: use a directory it
		# can write, whatever the cache's parents allow.
		dl=$(mktemp -d)
		chmod 0777 "$dl"
		common=$(apt-cache depends "linux-headers-$kver" |
			sed -n 's/^ *Depends: \(linux-headers-.*-common\)$/\1/p')
		kbuild=$(apt-cache depends "linux-headers-$kver" |
			sed -n 's/^ *Depends: \(linux-kbuild-.*\)$/\1/p')
		(cd "$dl" && apt-get download -qq "linux-headers-$kver" \
			"$common" "$kbuild" "linux-image-$kver-unsigned")
		for deb in "$dl"/*.deb; do
			dpkg-deb -x "$deb" "$dir/root"
		done
		rm -rf "$dl"
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

for name in debian-6.1 debian-6.12; do
	meta=$(meta_pkg "$name")
	# Already unpacked and the archive not consulted: stay offline and fast.
	if [ -r "$CACHE/kernels/$name.kver" ] &&
		[ -e "$CACHE/kernels/$(cat "$CACHE/kernels/$name.kver")/.done" ] &&
		[ -z "${CONTAINERCTL_REFRESH-}" ]; then
		continue
	fi
	enable_backports
	kver=$(resolve_kver "$meta")
	if [ -z "$kver" ]; then
		apt_update
		kver=$(resolve_kver "$meta")
	fi
	[ -n "$kver" ] || die "cannot resolve $meta to a kernel release"
	unpack_kernel "$name" "$kver"
done
