#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Build the debug kernel from the newest linux-source-X.Y Debian ships
# (tools/deps.sh resolves and unpacks it): tinyconfig plus tools/debug.config
# (KUnit, lockdep, KASAN, UBSAN, kmemleak, fault injection, ACPI, ...). The
# result lives in the cache, in a directory keyed by the source package and
# its version and the contents of the fragment and of this script (see
# debug_dir in lib.sh), so an unchanged kernel is never rebuilt.
#
# Output: $(debug_dir)/build/arch/x86/boot/bzImage, and the same directory is
# a Kbuild tree (with Module.symvers) for external modules.
set -eu

TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/tools/lib.sh"

dir=$(debug_dir)
[ -e "$dir/.done" ] && exit 0

tarball=$(debug_src_tarball)
[ -n "$tarball" ] || die "no debug kernel source tarball: run make deps"
src=$(debug_src)

echo "debug kernel: building in $dir (several minutes)"
rm -rf "$dir"
mkdir -p "$dir/build"
tar -C "$dir" -xf "$tarball"
mv "$dir/${src% *}" "$dir/src"

jobs=$(nproc)
kmake() {
	make -s -C "$dir/src" O="$dir/build" -j"$jobs" "$@"
}

kmake tinyconfig >/dev/null
"$dir/src/scripts/kconfig/merge_config.sh" -m -O "$dir/build" \
	"$dir/build/.config" "$TOP/tools/debug.config" >/dev/null
kmake olddefconfig >/dev/null

# Every option the fragment sets must have survived olddefconfig.
bad=$(grep -E '^(CONFIG_[A-Z0-9_]+=.*|# CONFIG_[A-Z0-9_]+ is not set)$' \
	"$TOP/tools/debug.config" | while read -r line; do
	grep -qxF "$line" "$dir/build/.config" || echo "$line"
done)
[ -z "$bad" ] || die "options dropped by Kconfig: $bad"

kmake bzImage
# Module.symvers, which external module builds need at modpost.
kmake modules
touch "$dir/.done"
echo "debug kernel: $dir/build/arch/x86/boot/bzImage"
