# SPDX-License-Identifier: GPL-2.0
# Shared definitions for the scripts under tools/ and tests/vm/ (POSIX sh).
#
# The kernels containerctl is built and tested against:
#   debian-6.1   Debian bookworm's 6.1 (headers and image from its packages)
#   debian-6.12  Debian's 6.12 (bookworm-backports / bookworm's linux-6.12)
#   debian-6.12-rt  the same release's PREEMPT_RT flavour (linux-image-rt)
#   debian-7.x   the newest 7.x of trixie-backports; its headers need
#                trixie's gcc-14 and glibc, so the module is built inside a
#                minimal trixie chroot (tools/chroot.sh)
#   debug        built here from the newest linux-source-X.Y Debian ships,
#                with KUnit, lockdep, KASAN, UBSAN, kmemleak, fault injection
#                and ACPI (every vCPU up) (tools/build-debug-kernel.sh)
# Everything expensive lives in $CACHE, outside the clone, so that fresh
# clones and later runs reuse it. Newer suites than the host's are read
# through an apt configuration of their own in the cache (newer_apt): they
# are never added to the host's apt sources.

KERNELS="debian-6.1 debian-6.12 debian-6.12-rt debian-7.x debug"

CACHE=${CONTAINERCTL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/containerctl}

die() {
	echo "$(basename "$0"): $*" >&2
	exit 1
}

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# debian_source SUITES...: a deb822 stanza for those suites, derived from the
# machine's own Debian source (the stanza of plain bookworm: same URIs,
# components and keyring), so that no mirror is named in the repository.
debian_source() {
	suites=$*
	src=/etc/apt/sources.list.d/debian.sources
	if [ -r "$src" ]; then
		awk 'BEGIN { RS = ""; ORS = "\n" }
		     /Suites:[^\n]*bookworm( |\n|$)/ && !/security/ { print; exit }' \
			"$src" | sed "s/^Suites:.*/Suites: $suites/"
	elif [ -r /etc/apt/sources.list ]; then
		# One-line form: deb [OPTIONS] URI bookworm COMPONENTS...
		awk -v s="$suites" '$1 == "deb" {
			i = 2; signed = ""
			if ($i ~ /^\[/) {
				for (; i <= NF; i++) {
					if ($i ~ /^\[?signed-by=/) {
						signed = $i; sub(/^\[?signed-by=/, "", signed)
						sub(/\]$/, "", signed)
					}
					if ($i ~ /\]$/) break
				}
				i++
			}
			if ($(i + 1) != "bookworm") next
			printf "Types: deb\nURIs: %s\nSuites: %s\nComponents: main\n", $i, s
			if (signed != "") printf "Signed-By: %s\n", signed
			exit }' /etc/apt/sources.list
	fi
}

# debian_mirror: the URI of the machine's own Debian archive.
debian_mirror() {
	debian_source bookworm | sed -n 's/^URIs: *\([^ ]*\).*/\1/p' | head -n 1
}

# newer_apt apt-get|apt-cache ARGS...: apt with trixie and trixie-backports
# only, from a configuration and state of its own under $CACHE/apt (the
# host's sources and package state are not read or touched).
NEWER_SUITES="trixie trixie-backports"
newer_apt() {
	d=$CACHE/apt/trixie
	tool=$1
	shift
	"$tool" -o Dir::Etc::sourcelist="$d/sources.sources" \
		-o Dir::Etc::sourceparts=- -o Dir::State::Lists="$d/lists" \
		-o Dir::Cache="$d/cache" -o Dir::State::status=/dev/null \
		-o APT::Architecture=amd64 -o Debug::NoLocking=1 \
		-o APT::Sandbox::User=root "$@"
}

# newer_apt_update: set up that configuration and read the package lists,
# unless they were read less than a day ago (and CONTAINERCTL_REFRESH is
# unset). Only called when something must be resolved or downloaded.
newer_apt_update() {
	d=$CACHE/apt/trixie
	if [ -n "$(find "$d/.updated" -mmin -1440 2>/dev/null)" ] &&
		[ -z "${CONTAINERCTL_REFRESH-}" ]; then
		return 0
	fi
	mkdir -p "$d/lists/partial" "$d/cache/archives/partial"
	debian_source "$NEWER_SUITES" >"$d/sources.sources"
	[ -s "$d/sources.sources" ] ||
		die "no Debian bookworm apt source to derive $NEWER_SUITES from"
	# apt drops to the _apt user to download: let it write there.
	chmod 0777 "$d/lists/partial" "$d/cache/archives/partial" 2>/dev/null || true
	newer_apt apt-get update -qq || die "apt-get update of $NEWER_SUITES failed"
	touch "$d/.updated"
}

# newest_version PACKAGE SUITE: the highest version of PACKAGE that SUITE
# offers in the newer apt configuration.
newest_version() {
	newer_apt apt-cache madison "$1" 2>/dev/null |
		awk -F' [|] ' -v s="$2" '$3 ~ (" " s "/") { print $2 }' |
		sort -V | tail -n 1
}

# meta_pkg NAME: the header metapackage whose dependency names the newest
# kernel release of a Debian series.
meta_pkg() {
	case "$1" in
	debian-6.1) echo linux-headers-amd64 ;;
	debian-6.12) echo linux-headers-6.12-amd64 ;;
	debian-6.12-rt) echo linux-headers-6.12-rt-amd64 ;;
	debian-7.x) echo linux-headers-amd64 ;;	# of trixie-backports
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

# promtool, unpacked by tools/deps.sh (its path in $CACHE/promtool).
promtool_bin() {
	[ -r "$CACHE/promtool" ] || die "promtool not set up: run make deps"
	cat "$CACHE/promtool"
}

# The debug kernel's source: the newest linux-source-X.Y package, resolved
# and unpacked by tools/deps.sh, recorded as "PACKAGE VERSION" in
# $CACHE/debug-src; the tarball is in $CACHE/src/PACKAGE_VERSION/.
debug_src() {
	[ -r "$CACHE/debug-src" ] || die "debug kernel source not set up: run make deps"
	cat "$CACHE/debug-src"
}

debug_src_tarball() {
	src=$(debug_src) || return 1
	pkg=${src% *} ver=${src#* }
	for f in "$CACHE/src/${pkg}_$ver/usr/src/$pkg".tar.*; do
		[ -e "$f" ] && echo "$f" && return 0
	done
}

# The debug kernel's cache directory: keyed by the source package and its
# version and the contents of the config fragment and the build script.
debug_dir() {
	top=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
	key=$( (debug_src; cat "$top/tools/debug.config" \
		"$top/tools/build-debug-kernel.sh") | sha256sum | cut -c1-16)
	src=$(debug_src) || return 1
	src=${src% *}
	echo "$CACHE/debug-${src#linux-source-}-$key"
}

# The trixie chroot that builds modules for debian-7.x (tools/chroot.sh),
# recorded by tools/deps.sh in $CACHE/chroot-7.x.
chroot_dir() {
	[ -r "$CACHE/chroot-7.x" ] || die "trixie chroot not set up: run make deps"
	cat "$CACHE/chroot-7.x"
}

# in_chroot NAME: whether the kernel's modules are built in the chroot.
in_chroot() {
	[ "$1" = debian-7.x ]
}

# kdir NAME: the directory to pass to Kbuild as KDIR (for debian-7.x, a
# path inside the chroot: host_kdir gives it as the host sees it).
kdir() {
	case "$1" in
	debug) echo "$(debug_dir)/build" ;;
	debian-7.x) echo "/usr/src/linux-headers-$(debian_kver "$1")" ;;
	debian-*) echo "$CACHE/kernels/$(debian_kver "$1")/root/usr/src/linux-headers-$(debian_kver "$1")" ;;
	*) die "unknown kernel '$1'" ;;
	esac
}

host_kdir() {
	if in_chroot "$1"; then
		echo "$(chroot_dir)$(kdir "$1")"
	else
		kdir "$1"
	fi
}

# vmlinuz NAME: the kernel image to boot. Debian 7.x ships it in
# linux-binary-KVER at usr/lib/modules/KVER/vmlinuz.
vmlinuz() {
	case "$1" in
	debug) echo "$(debug_dir)/build/arch/x86/boot/bzImage" ;;
	debian-7.x) echo "$CACHE/kernels/$(debian_kver "$1")/root/usr/lib/modules/$(debian_kver "$1")/vmlinuz" ;;
	debian-*) echo "$CACHE/kernels/$(debian_kver "$1")/root/boot/vmlinuz-$(debian_kver "$1")" ;;
	*) die "unknown kernel '$1'" ;;
	esac
}
