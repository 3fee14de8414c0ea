#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# libctrl's logic above the ioctls against a fake module: the static
# library linked with open() and ioctl() wrapped (tests/host/libctrl-unit.c).
set -u
# shellcheck source=tests/host/lib.sh
. "$(dirname "$0")/lib.sh"
A=$TOP/build/libctrl/libctrl.a
[ -f "$A" ] || { echo "$A not built (make lib)"; exit 1; }

# shellcheck disable=SC2046
cc -std=gnu11 -Wall -Wextra -Werror -I"$TOP/uapi" -I"$TOP/libctrl/include" \
	-Wl,--wrap=open -Wl,--wrap=ioctl -o "$tmp/unit" \
	"$TOP/tests/host/libctrl-unit.c" "$A" $(pkg-config --libs libnl-genl-3.0) ||
	{ echo "tests/host/libctrl-unit.c does not build"; exit 1; }
"$tmp/unit" "$tmp"
