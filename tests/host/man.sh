#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# libctrl's manual pages (libctrl/man/): no warning from man or groff, the
# sections every page must have, every exported function (libctrl.map)
# named by a section 3 page and having a file of its own (the page, or a
# link page ".so man3/PAGE.3" to the page that names it, so that `man
# NAME` finds it), SEE ALSO pointing at pages that exist, and the example
# program of libctrl(7) identical to libctrl/examples/example.c.
set -u
# shellcheck source=tests/host/lib.sh
. "$(dirname "$0")/lib.sh"
M=$TOP/libctrl/man
command -v groff >/dev/null || { echo "groff not installed"; exit 1; }
command -v man >/dev/null || { echo "man not installed"; exit 1; }

# is_link FILE: FILE is a link page (one line ".so man3/PAGE.3").
is_link() {
	[ "$(wc -l <"$1")" -eq 1 ] && grep -qx '\.so man3/[a-z_0-9]*\.3' "$1"
}

for f in "$M"/*.[37]; do
	p=$(basename "$f")
	if is_link "$f"; then
		t=$M/$(sed 's|^\.so man3/||' "$f")
		if [ ! -e "$t" ] || is_link "$t"; then
			bad "$p: links to $(cat "$f"), not a page"
		elif ! sed -n '/^\.SH NAME/{n;p;}' "$t" | sed 's/ \\-.*//' |
			tr -s ', ' '\n' | grep -qx "${p%.3}"; then
			bad "$p: $(cat "$f") does not name ${p%.3}"
		fi
		continue
	fi
	MANWIDTH=80 man --warnings -l "$f" >/dev/null 2>"$tmp/err"
	[ -s "$tmp/err" ] && bad "$p: man: $(head -n 3 "$tmp/err")"
	groff -man -ww -z "$f" 2>"$tmp/err"
	[ -s "$tmp/err" ] && bad "$p: groff: $(head -n 3 "$tmp/err")"
	want="NAME SYNOPSIS DESCRIPTION SEE_ALSO"
	case "$p" in *.3) want="$want RETURN_VALUE" ;; esac
	for s in $want; do
		grep -qx "\.SH $(echo "$s" | tr _ ' ')" "$f" || bad "$p: no $s section"
	done
	# .TH NAME SECTION: the file's name.
	th=$(awk '$1 == ".TH" { print tolower($2) "." $3; exit }' "$f")
	[ "$th" = "$p" ] || bad "$p: .TH says $th"
	# SEE ALSO: libctrl's own pages exist (as a page or a name in a NAME line).
	sed -n '/^\.SH SEE ALSO/,/^\.SH/p' "$f" |
		sed -n 's/^\.BR \(ctrl_[a-z_0-9]*\|libctrl\) (\([37]\)).*/\1 \2/p' |
		while read -r n s; do
			[ -e "$M/$n.$s" ] || grep -q "^\(.*[ ,]\)\?${n}[ ,].*\\\\-" "$M"/*".$s" ||
				echo "$p: SEE ALSO $n($s): no such page"
		done >>"$tmp/seealso"
done
[ -s "$tmp/seealso" ] && bad "$(cat "$tmp/seealso")"

# Every exported function is named in the NAME line of a section 3 page,
# and has a file of its own.
for f in "$M"/*.3; do
	is_link "$f" && continue
	sed -n '/^\.SH NAME/{n;p;}' "$f" | sed 's/ \\-.*//' | tr -s ', ' '\n'
done | grep . | sort >"$tmp/named"
sed -e 's|/\*.*\*/||' "$TOP/libctrl/libctrl.map" | awk '
	/global:/ { g = 1; next }
	/local:/ { g = 0; next }
	g && /;/ { gsub(/[[:space:];]/, ""); if ($0 != "") print }' |
	sort >"$tmp/map"
missing=$(comm -23 "$tmp/map" "$tmp/named")
[ -z "$missing" ] || bad "exported, in no page's NAME: $(echo "$missing" | tr '\n' ' ')"
extra=$(comm -13 "$tmp/map" "$tmp/named")
[ -z "$extra" ] || bad "named by a page, not exported: $(echo "$extra" | tr '\n' ' ')"
while read -r n; do
	[ -e "$M/$n.3" ] || bad "$n: no libctrl/man/$n.3 (a page or a link page)"
done <"$tmp/map"
for f in "$M"/*.3; do
	n=$(basename "$f" .3)
	is_link "$f" && { grep -qx "$n" "$tmp/map" || bad "${f##*/}: a link page, $n is not exported"; }
done

# The example in libctrl(7): the first .EX block, roff escapes undone.
awk '/^\.EX/ { if (++n == 1) { on = 1; next } } /^\.EE/ { on = 0 } on' \
	"$M/libctrl.7" | sed -e 's/\\-/-/g' -e 's/\\e/\\/g' >"$tmp/example.c"
if ! cmp -s "$tmp/example.c" "$TOP/libctrl/examples/example.c"; then
	bad "libctrl(7)'s example differs from libctrl/examples/example.c:"
	diff "$TOP/libctrl/examples/example.c" "$tmp/example.c" | head -n 20
fi

finish
