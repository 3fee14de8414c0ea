#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# ctrctl's installation and packaging files, on the build machine:
# - `make install-ctrctl DESTDIR=...` installs exactly ctrctl, ctrctl(8),
#   the bash completion and the udev rule, with their modes; the installed
#   ctrctl runs and its shared libraries are found;
# - ctrctl(8) renders without a warning (groff -ww, man --warnings) and
#   documents every subcommand and every long option of each --help;
# - the bash completion offers every subcommand and each one's long
#   options, and container paths from /proc/containers' format;
# - dkms.conf, sourced as DKMS does, has the expected values and the
#   version of ctrctl and the Makefile; `make dkms-src DESTDIR=...` copies
#   the module's sources without build products, and that copy builds as
#   DKMS would build it (make -C module), against the cached Debian 6.12
#   tree when there is one. Nothing is loaded or installed on this machine.
set -u
# shellcheck source=tests/host/lib.sh
. "$(dirname "$0")/lib.sh"
. "$TOP/tools/lib.sh"

d=$tmp/root
make -s -C "$TOP" install-ctrctl DESTDIR="$d" PREFIX=/usr >"$tmp/log" 2>&1 ||
	{ cat "$tmp/log"; echo "make install-ctrctl failed"; exit 1; }
(cd "$d" && find . -type f -printf '%m %p\n' | sort) >"$tmp/tree"
cat >"$tmp/want" <<'TREE'
644 ./usr/lib/udev/rules.d/60-containerctl.rules
644 ./usr/share/bash-completion/completions/ctrctl
644 ./usr/share/man/man8/ctrctl.8
755 ./usr/bin/ctrctl
TREE
sort "$tmp/want" | cmp -s - "$tmp/tree" || bad "installed tree: $(cat "$tmp/tree")"
"$d/usr/bin/ctrctl" --version | grep -qx 'ctrctl [0-9.]* (containerctl ABI [0-9]*)' ||
	bad "installed ctrctl --version"
ldd "$d/usr/bin/ctrctl" | grep -q 'not found' && bad "installed ctrctl: a library is missing"
grep -qx 'KERNEL=="containerctl", SUBSYSTEM=="misc", GROUP="containerctl", MODE="0660"' \
	"$d/usr/lib/udev/rules.d/60-containerctl.rules" || bad "udev rule"

# The man page: no warnings; every subcommand and long option in it.
man=$d/usr/share/man/man8/ctrctl.8
w=$(groff -man -ww -z "$man" 2>&1)
[ -z "$w" ] || bad "groff -ww: $w"
w=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$man" 2>&1 >"$tmp/man.txt")
[ -z "$w" ] || bad "man --warnings: $w"
cmds=$("$d/usr/bin/ctrctl" help | awk '/^Commands:/ { on = 1; next }
	on && /^  [a-z]/ && $1 != "help" { print $1 } on && /^$/ { exit }')
[ "$(echo "$cmds" | wc -w)" -ge 15 ] || bad "help lists only: $cmds"
for c in $cmds; do
	grep -q "^\.SS \"$c\( \|\"\)" "$man" || bad "ctrctl.8: no section for $c"
	for o in $("$d/usr/bin/ctrctl" "$c" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
		grep -q -- "$(echo "$o" | sed 's/-/\\\\-/g')" "$man" ||
			bad "ctrctl.8: $c's $o is not documented"
	done
done

# The completion, in bash, with container paths from a /proc/containers
# of this format.
cat >"$tmp/containers" <<'PROC'
# id parent procs threads children flags path
1 0 60 60 1 0 /
2 1 0 0 1 0 /web
3 2 1 1 0 1 /web/api
PROC
cat >"$tmp/comp.bash" <<COMP
. "$d/usr/share/bash-completion/completions/ctrctl"
_ctrctl_containers() { awk '!/^#/ { print \$7 }' "$tmp/containers"; }
t() {
	COMP_WORDS=("\$@"); COMP_CWORD=\$((\${#COMP_WORDS[@]} - 1)); COMPREPLY=()
	_ctrctl; echo "\${COMPREPLY[*]}"
}
COMP
comp() {
	printf '%s\nt %s\n' ". $tmp/comp.bash" "$*" | bash
}
[ "$(comp ctrctl "''")" = "$(echo "$cmds" | tr '\n' ' ')help" ] || bad "completion of commands: $(comp ctrctl "''")"
for c in $cmds; do
	got=" $(comp ctrctl "$c" --) "
	for o in $("$d/usr/bin/ctrctl" "$c" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
		case "$got" in *" $o "*) ;; *) bad "completion: $c $o not offered: $got" ;; esac
	done
done
[ "$(comp ctrctl stat /w)" = "/web /web/api" ] || bad "completion of paths: $(comp ctrctl stat /w)"
[ "$(comp ctrctl attach /web/api "$$" /)" = "" ] || bad "completion after attach's CONTAINER: paths"
[ "$(comp ctrctl exec /web -- "''" | wc -w)" -gt 10 ] || bad "completion of exec's command"
[ "$(comp ctrctl create -f nstrack,ns)" = "nstrack,nsrules" ] || bad "completion of flags: $(comp ctrctl create -f nstrack,ns)"
[ "$(comp ctrctl kill -s KI)" = "KILL" ] || bad "completion of signals: $(comp ctrctl kill -s KI)"
[ "$(comp ctrctl top -s m)" = "memory" ] || bad "completion of top's sort: $(comp ctrctl top -s m)"

# The DKMS copy (make dkms-install DESTDIR=: dkms itself does not run), and
# its dkms.conf as DKMS reads it (bash sources it): the version is VERSION's,
# as ctrctl's is.
ver=$("$d/usr/bin/ctrctl" --version | cut -d ' ' -f 2)
[ "$ver" = "$(cat "$TOP/VERSION")" ] || bad "ctrctl --version says $ver, VERSION $(cat "$TOP/VERSION")"
s=$tmp/src
make -s -C "$TOP" dkms-install DESTDIR="$s" >"$tmp/log" 2>&1 || bad "make dkms-install DESTDIR: $(cat "$tmp/log")"
src=$s/usr/src/containerctl-$ver
# shellcheck disable=SC2016
bash -c '
	kernelver=6.12.0-test
	. "$1"
	[ "$PACKAGE_NAME" = containerctl ] || echo "PACKAGE_NAME $PACKAGE_NAME"
	[ "${BUILT_MODULE_NAME[0]}" = containerctl ] || echo "BUILT_MODULE_NAME ${BUILT_MODULE_NAME[0]}"
	[ "${BUILT_MODULE_LOCATION[0]}" = module/ ] || echo "BUILT_MODULE_LOCATION ${BUILT_MODULE_LOCATION[0]}"
	[ "${DEST_MODULE_LOCATION[0]}" = /extra ] || echo "DEST_MODULE_LOCATION ${DEST_MODULE_LOCATION[0]}"
	[ "${MAKE[0]}" = "make -C module KVER=6.12.0-test" ] || echo "MAKE ${MAKE[0]}"
	[ "$AUTOINSTALL" = yes ] || echo "AUTOINSTALL $AUTOINSTALL"
	[ "$PACKAGE_VERSION" = "$2" ] || echo "PACKAGE_VERSION $PACKAGE_VERSION is not ctrctl'"'"'s $2"
' sh "$src/dkms.conf" "$ver" >"$tmp/dkms" 2>&1
[ ! -s "$tmp/dkms" ] || bad "dkms.conf: $(cat "$tmp/dkms")"
grep -q "^\.TH CTRCTL 8 [0-9-]* \"containerctl $ver\"" "$man" ||
	bad "installed ctrctl.8: $(grep '^\.TH' "$man")"
[ "$(cat "$src/VERSION" 2>/dev/null)" = "$ver" ] || bad "the DKMS copy has no VERSION $ver"
{ [ -f "$src/dkms.conf" ] && [ -f "$src/module/Kbuild" ] &&
	[ -f "$src/uapi/linux/containerctl.h" ]; } ||
	bad "dkms-src: $(cd "$s" && find . | head -n 20)"
(cd "$src" && find . -name '*.o' -o -name '*.ko' -o -name '*.mod*' -o -name 'probes.h*') |
	grep -q . && bad "dkms-src copied build products"
kd=$(kdir debian-6.12 2>/dev/null)
if [ -n "$kd" ] && [ -e "$kd/Makefile" ]; then
	if ! (cd "$src" && make -s -C module KDIR="$kd") >"$tmp/log" 2>&1 ||
		[ ! -e "$src/module/containerctl.ko" ]; then
		bad "the DKMS copy does not build: $(tail -n 5 "$tmp/log")"
	elif [ "$(modinfo -F version "$src/module/containerctl.ko")" != "$ver" ]; then
		bad "MODULE_VERSION: $(modinfo -F version "$src/module/containerctl.ko"), not $ver"
	fi
else
	echo "note: no cached Debian 6.12 tree: the DKMS copy is not built"
fi

finish
