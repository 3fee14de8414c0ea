#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The C example of the README's "Library" section compiles against the
# headers and links against libctrl.so.2 (make lib), and on this machine,
# which has no /dev/containerctl, starts and says so.
set -u
# shellcheck source=tests/host/lib.sh
. "$(dirname "$0")/lib.sh"
[ -f "$TOP/build/libctrl/libctrl.so.2.0.0" ] || { echo "libctrl.so not built (make lib)"; exit 1; }

awk '/^## Library/ { lib = 1 } /^## / && !/^## Library/ { lib = 0 }
	lib && /^```c$/ { on = 1; next } on && /^```$/ { exit } on' \
	"$TOP/README.md" >"$tmp/readme.c"
[ -s "$tmp/readme.c" ] || { echo "FAIL: no \`\`\`c block in the README's Library section"; exit 1; }
cc -std=gnu11 -Wall -Wextra -Werror -I"$TOP/uapi" -I"$TOP/libctrl/include" \
	-o "$tmp/readme" "$tmp/readme.c" -L"$TOP/build/libctrl" -lctrl ||
	{ echo "FAIL: the README's example does not build"; exit 1; }
LD_LIBRARY_PATH=$TOP/build/libctrl "$tmp/readme" 2>"$tmp/err"
rc=$?
if [ $rc -ne 1 ] || [ "$(cat "$tmp/err")" != "containerctl: No such file or directory" ]; then
	echo "FAIL: exit status $rc, stderr '$(cat "$tmp/err")'"
	exit 1
fi
