#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Plain `make` only builds, as on a user's machine: in a copy of the tree,
# with apt-get, apt, apt-cache, dpkg, dpkg-query, dpkg-deb, debootstrap,
# wget, curl and qemu replaced by programs that record their call and fail
# (tools/deps.sh asks dpkg-query first, even when all is installed),
# - `make KDIR=<Debian 6.12's cached headers>` builds libctrl, ctrctl and
#   module/containerctl.ko, calls none of them, prints no set-up line and
#   creates no per-kernel build directory;
# - `make module` without KDIR builds for the running kernel if its headers
#   are installed, else prints exactly one line naming the package;
# - with libnl's development files missing (pkg-config says so), `make lib`
#   fails with one line naming the Debian package.
# Skipped without the cached Debian 6.12 tree (make check fetches it first).
set -u
# shellcheck source=tests/host/lib.sh
. "$(dirname "$0")/lib.sh"
. "$TOP/tools/lib.sh"

kd=$(kdir debian-6.12 2>/dev/null)
if [ -z "$kd" ] || [ ! -e "$kd/Makefile" ]; then
	echo "no cached Debian 6.12 tree (make deps unpacks it)"
	exit 77
fi

src=$tmp/src
mkdir -p "$src" "$tmp/bin"
git -C "$TOP" ls-files -z | (cd "$TOP" && tar --null -T - -cf -) | tar -C "$src" -xf -
[ -f "$src/Makefile" ] || { echo "could not copy the tree"; exit 1; }

for p in apt-get apt apt-cache dpkg dpkg-query dpkg-deb debootstrap wget curl \
	qemu-system-x86_64; do
	printf '#!/bin/sh\necho "%s $*" >>"%s/called"\nexit 1\n' "$p" "$tmp" >"$tmp/bin/$p"
	chmod +x "$tmp/bin/$p"
done
P=$tmp/bin:$PATH

if ! PATH=$P make -C "$src" KDIR="$kd" >"$tmp/out" 2>&1; then
	bad "make KDIR=$kd failed: $(tail -n 5 "$tmp/out")"
fi
[ ! -e "$tmp/called" ] || bad "plain make called: $(cat "$tmp/called")"
for f in module/containerctl.ko build/libctrl/libctrl.so.2.0.0 \
	build/libctrl/libctrl.a build/ctrctl/ctrctl; do
	[ -e "$src/$f" ] || bad "plain make did not build $f"
done
grep -q '^deps:\|DEBUG\|VM  ' "$tmp/out" && bad "plain make set up: $(grep '^deps:\|DEBUG\|VM  ' "$tmp/out" | head -n 3)"
for k in $KERNELS; do
	[ ! -e "$src/build/$k" ] || bad "plain make built for $k"
done
"$src/build/ctrctl/ctrctl" --version >/dev/null || bad "the ctrctl built does not run"

# Without KDIR: the running kernel, or one line.
rm -f "$src/module/containerctl.ko"
kv=$(uname -r)
PATH=$P make -s -C "$src" module >"$tmp/out" 2>&1 || bad "make module: $(cat "$tmp/out")"
if [ -e "/lib/modules/$kv/build/Makefile" ]; then
	[ -e "$src/module/containerctl.ko" ] || bad "make module: nothing built for $kv"
else
	[ "$(cat "$tmp/out")" = "make module: no headers for the running kernel $kv: install linux-headers-$kv (or make module KDIR=<kernel tree>)" ] ||
		bad "make module without headers printed: $(cat "$tmp/out")"
fi

# A missing development package: one line naming it.
# shellcheck disable=SC2016 # the $1 and $@ of the script written
printf '#!/bin/sh\n[ "$1" = --exists ] && exit 1\nexec %s "$@"\n' "$(command -v pkg-config)" \
	>"$tmp/bin/pkg-config"
chmod +x "$tmp/bin/pkg-config"
rm -rf "$src/build"
if PATH=$P make -s -C "$src" lib >"$tmp/out" 2>&1; then
	bad "make lib without libnl succeeded"
fi
grep -qx 'make: libnl-genl-3.0 not found: install libnl-genl-3-dev (or run make deps)' "$tmp/out" ||
	bad "make lib without libnl: $(cat "$tmp/out")"
[ ! -e "$tmp/called" ] || bad "make lib called: $(cat "$tmp/called")"

finish
