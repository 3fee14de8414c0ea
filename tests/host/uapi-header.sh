#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# uapi/linux/containerctl.h stands alone: it compiles by itself as C89 (with
# GNU extensions, as the kernel's uapi headers require), C11 and C++, in
# 64-bit, uses only fixed-size types, and has one layout for 64-bit and
# 32-bit callers (tests/host/uapi-layout.c).
set -eu
# shellcheck source=tests/host/lib.sh
. "$(dirname "$0")/lib.sh"
h=$TOP/uapi/linux/containerctl.h

printf '#include <linux/containerctl.h>\nint main(void) { return 0; }\n' >"$tmp/t.c"
for std in gnu89 c11; do
	cc -std=$std -Wall -Wextra -Werror -pedantic-errors -Wno-long-long \
		-I"$TOP/uapi" -c "$tmp/t.c" -o "$tmp/t.o"
done
cp "$tmp/t.c" "$tmp/t.cc"
c++ -Wall -Wextra -Werror -I"$TOP/uapi" -c "$tmp/t.cc" -o "$tmp/t.o"

# No types whose size depends on the ABI.
if grep -nE '\b(long|int|short|size_t|ssize_t|pid_t|uid_t|void \*|char \*)\b' "$h" |
	grep -vE '^\s*[0-9]+:\s*(/\*| \*)'; then
	echo "variable-size type in the uapi header"
	exit 1
fi

# The same layout for 64-bit and 32-bit callers, and every field listed.
# The build machine may not run i386 programs: the x86_64 layout becomes
# static assertions that an i386 compile must satisfy.
cc -Wall -Werror -I"$TOP/uapi" -o "$tmp/l64" "$TOP/tests/host/uapi-layout.c"
"$tmp/l64" >"$tmp/o64"
{
	echo '#include <stddef.h>'
	echo '#include <linux/containerctl.h>'
	awk '/^  / { split($1, sf, "."); printf "_Static_assert(offsetof(struct %s, %s) == %s && sizeof(((struct %s *)0)->%s) == %s, \"%s\");\n", sf[1], sf[2], $2, sf[1], sf[2], $3, $1; next }
	     { printf "_Static_assert(sizeof(struct %s) == %s, \"%s\");\n", $1, $2, $1 }' "$tmp/o64"
} >"$tmp/l32.c"
if ! cc -m32 -std=c11 -Wall -Werror -I"$TOP/uapi" -c -o "$tmp/l32.o" "$tmp/l32.c"; then
	echo "layouts differ between x86_64 and i386"
	exit 1
fi
nfields=$(sed -n '/^struct containerctl_/,/^};/p' "$h" |
	grep -cE '^[[:space:]]+(__u32|__u64|__s32|char) ')
nlisted=$(grep -c '^  ' "$tmp/o64")
if [ "$nfields" != "$nlisted" ]; then
	echo "tests/host/uapi-layout.c lists $nlisted fields, the header has $nfields"
	exit 1
fi
# Each structure's size is its latest *_SIZE_VERn (no implicit tail
# padding), and each version is larger than the one before.
while read -r s size; do
	up=$(echo "$s" | sed 's/^containerctl_//' | tr '[:lower:]' '[:upper:]')
	vers=$(sed -n "s/^#define CONTAINERCTL_${up}_SIZE_VER[0-9]*[[:space:]]*\([0-9]*\).*$/\1/p" "$h")
	want=$(echo "$vers" | tail -n 1)
	if [ "$size" != "$want" ]; then
		echo "struct $s is $size bytes, its last CONTAINERCTL_${up}_SIZE_VER says '$want'"
		exit 1
	fi
	if [ "$(echo "$vers" | sort -n | uniq)" != "$vers" ]; then
		echo "CONTAINERCTL_${up}_SIZE_VERn do not grow: $vers"
		exit 1
	fi
done <<EOF2
$(grep -v '^  ' "$tmp/o64")
EOF2
