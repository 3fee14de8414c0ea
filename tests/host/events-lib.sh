#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# libctrl's event calls (libctrl/events.c) against messages this test
# multicasts itself on NETLINK_USERSOCK, in a network namespace of its own
# (tests/host/events-lib.c): decoding, the queue, loss counting, overruns,
# the skipping after a dump. Skipped where no network namespace can be made.
set -u
# shellcheck source=tests/host/lib.sh
. "$(dirname "$0")/lib.sh"

# shellcheck disable=SC2046
cc -std=gnu11 -Wall -Wextra -Werror -I"$TOP/uapi" -I"$TOP/libctrl/include" \
	$(pkg-config --cflags libnl-genl-3.0) -o "$tmp/events-lib" \
	"$TOP/tests/host/events-lib.c" $(pkg-config --libs libnl-genl-3.0) ||
	{ echo "tests/host/events-lib.c does not build"; exit 1; }

if [ "$(id -u)" = 0 ]; then
	set -- unshare -n
else
	set -- unshare -r -n
fi
"$@" true 2>/dev/null || { echo "cannot make a network namespace ($*)"; exit 77; }
"$@" "$tmp/events-lib"
