#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# make install DESTDIR=... PREFIX=/usr: the tree it produces (library,
# symlinks, soname, headers, uapi header, libctrl.pc, manual pages and
# their link pages), then libctrl(7)'s example program built against the
# INSTALLED headers and pkg-config file, dynamically and statically, and
# run far enough to show that it links and starts (there is no
# /dev/containerctl here: it must say so). Then LIBDIR, INCLUDEDIR and
# MANDIR moved.
set -u
# shellcheck source=tests/host/lib.sh
. "$(dirname "$0")/lib.sh"

D=$tmp/root
if ! make -C "$TOP" --no-print-directory install DESTDIR="$D" PREFIX=/usr \
	>"$tmp/make.log" 2>&1; then
	cat "$tmp/make.log"
	echo "FAIL: make install DESTDIR=$D PREFIX=/usr"
	exit 1
fi

# The files, with their modes.
for f in lib/libctrl.so.2.0.0:755 lib/libctrl.a:644 \
	lib/pkgconfig/libctrl.pc:644 include/containerctl/ctrl.h:644 \
	include/containerctl/events.h:644 include/linux/containerctl.h:644 \
	share/man/man7/libctrl.7:644 share/man/man3/ctrl_spawn.3:644; do
	p=$D/usr/${f%:*}
	if [ ! -f "$p" ] || [ -L "$p" ]; then
		bad "usr/${f%:*} not installed as a file"
	elif [ "$(stat -c %a "$p")" != "${f#*:}" ]; then
		bad "usr/${f%:*}: mode $(stat -c %a "$p"), expected ${f#*:}"
	fi
done
for h in "$TOP"/libctrl/include/containerctl/*.h; do
	cmp -s "$h" "$D/usr/include/containerctl/${h##*/}" ||
		bad "include/containerctl/${h##*/} differs from the source"
done
cmp -s "$TOP/uapi/linux/containerctl.h" "$D/usr/include/linux/containerctl.h" ||
	bad "include/linux/containerctl.h differs from uapi/"
[ "$(readlink "$D/usr/lib/libctrl.so.2")" = libctrl.so.2.0.0 ] ||
	bad "lib/libctrl.so.2 -> $(readlink "$D/usr/lib/libctrl.so.2")"
[ "$(readlink "$D/usr/lib/libctrl.so")" = libctrl.so.2 ] ||
	bad "lib/libctrl.so -> $(readlink "$D/usr/lib/libctrl.so")"
readelf -d "$D/usr/lib/libctrl.so.2.0.0" | grep -q 'SONAME.*\[libctrl\.so\.2\]' ||
	bad "the installed library's soname is not libctrl.so.2"

# Every manual page (with VERSION's version for "@VERSION@"), and a link
# page for each function a NAME line names.
for m in "$TOP"/libctrl/man/*.[37]; do
	s=${m##*.}
	sed "s|@VERSION@|$(cat "$TOP/VERSION")|g" "$m" |
		cmp -s - "$D/usr/share/man/man$s/${m##*/}" || bad "man$s/${m##*/} not installed"
done
for n in ctrl_exec ctrl_pids_all ctrl_create_path ctrl_events_next ctrl_has_feature; do
	grep -qsx '\.so man3/ctrl_[a-z]*\.3' "$D/usr/share/man/man3/$n.3" ||
		bad "man3/$n.3: no link page"
done
(cd "$D/usr/share/man" && MANWIDTH=80 man -l man3/ctrl_exec.3 2>&1) |
	grep -q 'ctrl_spawn, *ctrl_spawn_pidfd, *ctrl_exec - run a program' ||
	bad "man3/ctrl_exec.3 does not show ctrl_spawn(3)"

# libctrl.pc, as for a staging tree: PKG_CONFIG_SYSROOT_DIR prefixes the
# -I and -L of every package (libnl's -I then names a directory that does
# not exist, which is harmless: libctrl's headers do not include libnl's).
export PKG_CONFIG_PATH="$D/usr/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$D"
pc() {
	pkg-config "$@" libctrl
}
# One version, VERSION's: libctrl.pc and every installed man page.
V=$(cat "$TOP/VERSION")
[ "$(pc --modversion)" = "$V" ] || bad "pkg-config --modversion: $(pc --modversion 2>&1), VERSION $V"
for f in "$D"/usr/share/man/man3/*.3 "$D"/usr/share/man/man7/*.7; do
	grep -q '^\.so ' "$f" && continue
	grep -q "^\.TH [A-Z_0-9]* [37] [0-9-]* \"containerctl $V\"" "$f" ||
		bad "${f##*/}: $(grep '^\.TH' "$f")"
done
cflags=$(pc --cflags) libs=$(pc --libs) slibs=$(pc --static --libs)
case "$cflags" in "-I$D/usr/include"*) ;; *) bad "pkg-config --cflags: '$cflags'" ;; esac
case "$libs" in "-L$D/usr/lib -lctrl"*) ;; *) bad "pkg-config --libs: '$libs'" ;; esac
case "$slibs" in *-lnl-genl-3*-lnl-3*) ;; *) bad "pkg-config --static --libs: '$slibs'" ;; esac

# The example against the installed files only (no -I into the sources).
cp "$TOP/libctrl/examples/example.c" "$tmp/"
# shellcheck disable=SC2086
if cc -std=gnu11 -Wall -Wextra -Werror -o "$tmp/example" "$tmp/example.c" \
	$cflags $libs; then
	ldd_out=$(LD_LIBRARY_PATH="$D/usr/lib" ldd "$tmp/example")
	echo "$ldd_out" | grep -q "libctrl\.so\.2 => $D/usr/lib/libctrl\.so\.2" ||
		bad "the example does not load the installed libctrl.so.2: $ldd_out"
	LD_LIBRARY_PATH="$D/usr/lib" "$tmp/example" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc -eq 1 ] || bad "example: exit status $rc, expected 1"
	[ "$(cat "$tmp/err")" = "example: /dev/containerctl: No such file or directory" ] ||
		bad "example: stderr '$(cat "$tmp/err")'"
else
	bad "the example does not build with pkg-config's flags: $cflags $libs"
fi
# shellcheck disable=SC2086
if cc -std=gnu11 -static -o "$tmp/example-static" "$tmp/example.c" \
	$cflags $slibs 2>"$tmp/ld.err"; then
	"$tmp/example-static" 2>"$tmp/err"
	[ "$(cat "$tmp/err")" = "example: /dev/containerctl: No such file or directory" ] ||
		bad "static example: stderr '$(cat "$tmp/err")'"
else
	cat "$tmp/ld.err"
	bad "the example does not link statically with pkg-config --static's flags"
fi

# LIBDIR, INCLUDEDIR, MANDIR.
D2=$tmp/root2
if make -C "$TOP" --no-print-directory install-lib DESTDIR="$D2" PREFIX=/opt/ctr \
	LIBDIR=/opt/ctr/lib64 INCLUDEDIR=/opt/ctr/inc MANDIR=/opt/ctr/man \
	>"$tmp/make.log" 2>&1; then
	for f in lib64/libctrl.so.2.0.0 lib64/libctrl.a lib64/pkgconfig/libctrl.pc \
		inc/containerctl/ctrl.h inc/linux/containerctl.h man/man3/ctrl_walk.3 \
		man/man7/libctrl.7; do
		[ -e "$D2/opt/ctr/$f" ] || bad "LIBDIR etc.: opt/ctr/$f not installed"
	done
	# shellcheck disable=SC2016
	grep -qx 'libdir=${prefix}/lib64' "$D2/opt/ctr/lib64/pkgconfig/libctrl.pc" ||
		bad "libctrl.pc: $(grep libdir= "$D2/opt/ctr/lib64/pkgconfig/libctrl.pc")"
	# shellcheck disable=SC2016
	grep -qx 'includedir=${prefix}/inc' "$D2/opt/ctr/lib64/pkgconfig/libctrl.pc" ||
		bad "libctrl.pc: $(grep includedir= "$D2/opt/ctr/lib64/pkgconfig/libctrl.pc")"
else
	cat "$tmp/make.log"
	bad "make install-lib with LIBDIR, INCLUDEDIR and MANDIR"
fi

finish
