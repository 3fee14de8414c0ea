#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# module/probe.sh decides by compiling: against a real kernel tree, a probe
# that compiles yields its CTR_HAVE_ macro and one that does not yields none,
# but a comment with the compiler's first error, which is also printed.
set -eu
# shellcheck source=tests/host/lib.sh
. "$(dirname "$0")/lib.sh"
. "$TOP/tools/lib.sh"
kd=$(kdir debian-6.1)
[ -e "$kd/Makefile" ] || { echo "no debian-6.1 tree"; exit 77; }

printf '// SPDX-License-Identifier: GPL-2.0\n/*\n * probe: always\n */\n#include <linux/kernel.h>\nint ctr_probe(void);\nint ctr_probe(void) { return 0; }\n' >"$tmp/yes_probe.c"
printf '// SPDX-License-Identifier: GPL-2.0\n/*\n * probe: never\n */\n#include <linux/kernel.h>\nint ctr_probe(void);\nint ctr_probe(void) { return no_such_function(); }\n' >"$tmp/no_probe.c"
sh "$TOP/module/probe.sh" "$kd" "$tmp/probes.h" "$tmp/yes_probe.c" "$tmp/no_probe.c" >"$tmp/out"
grep -q '^#define CTR_HAVE_YES_PROBE 1' "$tmp/probes.h" || { cat "$tmp/probes.h"; exit 1; }
if grep -q '^#define CTR_HAVE_NO_PROBE' "$tmp/probes.h"; then
	cat "$tmp/probes.h"
	exit 1
fi
grep -q "why:.*no_such_function" "$tmp/probes.h" || { cat "$tmp/probes.h"; exit 1; }
grep -q "PROBE   CTR_HAVE_NO_PROBE: no: .*no_such_function" "$tmp/out" || { cat "$tmp/out"; exit 1; }
grep -q "PROBE   CTR_HAVE_YES_PROBE: yes" "$tmp/out" || { cat "$tmp/out"; exit 1; }
