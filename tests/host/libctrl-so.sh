#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# libctrl.so.2 (make lib): its soname, its exports exactly the symbols of
# libctrl/libctrl.map, all in version LIBCTRL_2, and every function the
# public headers declare listed in the map; the library links nothing it
# does not declare (-z defs) and needs libnl dynamically.
set -u
# shellcheck source=tests/host/lib.sh
. "$(dirname "$0")/lib.sh"
SO=$TOP/build/libctrl/libctrl.so.2.0.0
[ -f "$SO" ] || { echo "$SO not built (make lib)"; exit 1; }

# The map's symbols: the names ending in ';' of the global: section.
sed -e 's|/\*.*\*/||' "$TOP/libctrl/libctrl.map" | awk '
	/^[[:space:]]*\/?\*/ { next }
	/global:/ { g = 1; next }
	/local:/ { g = 0; next }
	g && /;/ { gsub(/[[:space:];]/, ""); if ($0 != "") print }' |
	sort >"$tmp/map"
[ -s "$tmp/map" ] || bad "no symbol found in libctrl.map"
[ "$(uniq -d "$tmp/map")" = "" ] || bad "listed twice in the map: $(uniq -d "$tmp/map")"

# The exports: defined dynamic symbols, all versioned LIBCTRL_2.
nm -D --defined-only "$SO" | awk '$3 != "LIBCTRL_2" { print $3 }' >"$tmp/nm"
sed -n 's/@@LIBCTRL_2$//p' "$tmp/nm" | sort >"$tmp/exports"
grep -v '@@LIBCTRL_2$' "$tmp/nm" >"$tmp/other" &&
	bad "exported without version LIBCTRL_2: $(tr '\n' ' ' <"$tmp/other")"
if ! cmp -s "$tmp/map" "$tmp/exports"; then
	bad "exports differ from the map (< map, > exported):"
	diff "$tmp/map" "$tmp/exports" | grep '^[<>]'
fi

# The functions the public headers declare: preprocessed (no comments),
# every identifier ctrl_* followed by '('.
for h in "$TOP"/libctrl/include/containerctl/*.h; do
	echo "#include <containerctl/$(basename "$h")>"
done >"$tmp/all.c"
cc -E -P -I"$TOP/uapi" -I"$TOP/libctrl/include" "$tmp/all.c" >"$tmp/all.i" ||
	bad "the public headers do not preprocess"
grep -o '\bctrl_[a-z0-9_]*[[:space:]]*(' "$tmp/all.i" | tr -d ' (\t' |
	sort -u >"$tmp/declared"
[ -s "$tmp/declared" ] || bad "no function found in the headers"
missing=$(comm -23 "$tmp/declared" "$tmp/map")
[ -z "$missing" ] || bad "declared in the headers, not in the map: $(echo "$missing" | tr '\n' ' ')"
extra=$(comm -13 "$tmp/declared" "$tmp/map")
[ -z "$extra" ] || bad "in the map, declared in no header: $(echo "$extra" | tr '\n' ' ')"

# The soname, the symlinks, and libnl needed dynamically.
readelf -d "$SO" >"$tmp/dyn"
grep -q 'SONAME.*\[libctrl\.so\.2\]' "$tmp/dyn" ||
	bad "soname: $(grep SONAME "$tmp/dyn")"
grep -q 'NEEDED.*\[libnl-genl-3\.so' "$tmp/dyn" || bad "libnl-genl-3 not NEEDED"
grep -q 'NEEDED.*\[libnl-3\.so' "$tmp/dyn" || bad "libnl-3 not NEEDED"
for l in libctrl.so.2 libctrl.so; do
	[ "$(readlink "$TOP/build/libctrl/$l")" = libctrl.so.2.0.0 ] ||
		bad "build/libctrl/$l is not a link to libctrl.so.2.0.0"
done

# A program linked against the .so by its soname runs with it.
printf '#include <containerctl/ctrl.h>\nint main(void) { return ctrl_event_name(CONTAINERCTL_EV_ATTACH) ? 0 : 1; }\n' \
	>"$tmp/t.c"
cc -I"$TOP/uapi" -I"$TOP/libctrl/include" -o "$tmp/t" "$tmp/t.c" \
	-L"$TOP/build/libctrl" -lctrl || bad "a program does not link with -lctrl"
LD_LIBRARY_PATH=$TOP/build/libctrl "$tmp/t" || bad "the program does not run"
readelf -d "$tmp/t" | grep -q 'NEEDED.*\[libctrl\.so\.2\]' ||
	bad "the program does not need libctrl.so.2"

finish
