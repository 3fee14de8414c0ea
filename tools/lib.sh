# SPDX-License-Identifier: GPL-2.0
# Shared definitions for the scripts under tools/ and tests/vm/ (POSIX sh).
#
# The kernels containerctl is built and tested against:
#   debian-6.1   Debian bookworm's 6.1 (headers and image from its packages)
#   debian-6.12  Debian's 6.12 (bookworm-backports / bookworm's linux-6.12)
#   debug-6.12   built here from linux-source-6.12 with KUnit, lockdep, KASAN,
#                kmemleak (tools/build-debug-kernel.sh)
# Everything expensive lives in $CACHE, outside the clone, so that fresh
# clones and later runs reuse it.

KERNELS="debian-6.1 debian-6.12 debug-6.12"

DEBUG_SRC_PKG=linux-source-6.12

CACHE=${CONTAINERCTL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/containerctl}

die() {
	echo "$(basename "$0"): $*" >&2
	exit 1
}

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# meta_pkg NAME: the header metapackage whose dependency names the newest
# kernel release of a Debian series.
meta_pkg() {
	case "$1" in
	debian-6.1) echo linux-headers-amd64 ;;
	debian-6.12) echo linux-headers-6.12-amd64 ;;
	*) die "no Debian package for kernel '$1'" ;;
	esac
}

check_kernel() {
	case " $KERNELS " in
	*" $1 "*) ;;
	*) die "unknown kernel '$1' (known: $KERNELS)" ;;
	esac
}

# Where a Debian kernel's unpacked packages live; the kernel release is
# recorded by tools/deps.sh in $CACHE/kernels/NAME.kver.
debian_kver() {
	[ -r "$CACHE/kernels/$1.kver" ] || die "kernel $1 not set up: run make deps"
	cat "$CACHE/kernels/$1.kver"
}

debug_src_tarball() {
	for f in /usr/src/linux-source-6.12.tar.*; do
		[ -e "$f" ] && echo "$f" && return 0
	done
}

# The debug kernel's cache directory: keyed by the source package version and
# the contents of the config fragment and the build script.
debug_dir() {
	top=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
	v=$(dpkg-query -W -f='${Version}' "$DEBUG_SRC_PKG" 2>/dev/null) ||
		die "$DEBUG_SRC_PKG not installed: run make deps"
	key=$( (echo "$v"; cat "$top/tools/debug.config" \
		"$top/tools/build-debug-kernel.sh") | sha256sum | cut -c1-16)
	echo "$CACHE/debug-6.12-$key"
}

# kdir NAME: the directory to pass to Kbuild as KDIR.
kdir() {
	case "$1" in
	debug-6.12) echo "$(debug_dir)/build" ;;
	debian-*) echo "$CACHE/kernels/$(debian_kver "$1")/root/usr/src/linux-headers-$(debian_kver "$1")" ;;
	*) die "unknown kernel '$1'" ;;
	esac
}

# vmlinuz NAME: the kernel image to boot.
vmlinuz() {
	case "$1" in
	debug-6.12) echo "$(debug_dir)/build/arch/x86/boot/bzImage" ;;
	debian-*) echo "$CACHE/kernels/$(debian_kver "$1")/root/boot/vmlinuz-$(debian_kver "$1")" ;;
	*) die "unknown kernel '$1'" ;;
	esac
}
