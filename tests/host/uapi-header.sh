#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# uapi/linux/containerctl.h stands alone: it compiles by itself as C89 (with
# GNU extensions, as the kernel's uapi headers require), C11 and C++, in
# 64-bit, and uses only fixed-size types.
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
h=$TOP/uapi/linux/containerctl.h
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

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
