#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Every compile probe's answer, asserted per kernel. A probe that says no for
# a reason unrelated to what it tests picks the wrong code silently; this
# table, justified from the kernel sources, catches it. The answers are read
# from build/KERNEL/module/probes.h, which `make modules` (run by make check
# before these tests) wrote; a "no" that was expected must also fail for the
# expected reason, given as a pattern of the compiler's first error.
#
#   genl_mcast_cap         GENL_MCAST_CAP_* came in 6.8 and were backported
#                          to stable 6.1 (Debian's 6.1 has them in
#                          include/net/genetlink.h); every kernel here: yes.
#   Debian's 6.12-rt is the same source as its 6.12 (one linux package,
#   another flavour): the same answers.
#   kmalloc_obj            the typed allocators are newer than 6.12 in
#                          mainline, but Debian's 6.12.117 has them too
#                          (include/linux/slab.h, backported with stable
#                          fixes that use them); 6.1 has not: no on 6.1,
#                          yes on 6.12 and 7.x.
#   kunit_visibility       <kunit/visibility.h> came in 6.2, and to stable
#                          6.1 (Debian's 6.1 ships it); every kernel: yes.
#   module_import_ns_ident MODULE_IMPORT_NS() stringified its argument
#                          before 6.13; since commit cdd30ebb1b9f it takes a
#                          string literal, and an identifier is an undeclared
#                          name: yes on 6.1 and 6.12, no on 7.x.
#   system_dfl_wq          6.17 added system_dfl_wq (7.x logs a deprecation
#                          for system_unbound_wq); Debian's 6.12.117 has it
#                          through stable (include/linux/workqueue.h), 6.1
#                          not: no on 6.1, yes on 6.12 and 7.x.
#   pidfs                  6.9 moved pidfds to pidfs (include/linux/pidfs.h,
#                          PID_FS_MAGIC); Debian's 6.12 and 7.x have it, 6.1
#                          not: no on 6.1, yes on 6.12 and 7.x.
#   mm_rss_percpu          6.2 (commit f1a7941243c1) made mm->rss_stat an
#                          array of percpu_counter (include/linux/mm_types.h);
#                          6.1 has struct mm_rss_stat of atomics, which a
#                          subscript does not reach: no on 6.1, yes on 6.12
#                          and 7.x.
#   sched_exit_group_dead  6.16 gave sched_process_exit its group_dead
#                          argument: no on 6.1 and 6.12 (an incompatible
#                          probe pointer), yes on 7.x.
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
. "$TOP/tools/lib.sh"

# probe kernel answer [pattern of the first error, for a "no"]
table='
genl_mcast_cap debian-6.1 yes
genl_mcast_cap debian-6.12 yes
genl_mcast_cap debian-6.12-rt yes
genl_mcast_cap debian-7.x yes
genl_mcast_cap debug yes
kmalloc_obj debian-6.1 no implicit declaration of function .kmalloc_obj
kmalloc_obj debian-6.12 yes
kmalloc_obj debian-6.12-rt yes
kmalloc_obj debian-7.x yes
kmalloc_obj debug yes
kunit_visibility debian-6.1 yes
kunit_visibility debian-6.12 yes
kunit_visibility debian-6.12-rt yes
kunit_visibility debian-7.x yes
kunit_visibility debug yes
module_import_ns_ident debian-6.1 yes
module_import_ns_ident debian-6.12 yes
module_import_ns_ident debian-6.12-rt yes
module_import_ns_ident debian-7.x no CTR_PROBE_NAMESPACE.*undeclared
module_import_ns_ident debug no CTR_PROBE_NAMESPACE.*undeclared
system_dfl_wq debian-6.1 no system_dfl_wq. undeclared
system_dfl_wq debian-6.12 yes
system_dfl_wq debian-6.12-rt yes
system_dfl_wq debian-7.x yes
system_dfl_wq debug yes
pidfs debian-6.1 no linux/pidfs.h: No such file or directory
pidfs debian-6.12 yes
pidfs debian-6.12-rt yes
pidfs debian-7.x yes
pidfs debug yes
mm_rss_percpu debian-6.1 no subscripted value is neither array nor pointer
mm_rss_percpu debian-6.12 yes
mm_rss_percpu debian-6.12-rt yes
mm_rss_percpu debian-7.x yes
mm_rss_percpu debug yes
sched_exit_group_dead debian-6.1 no register_trace_sched_process_exit.*incompatible-pointer-types
sched_exit_group_dead debian-6.12 no register_trace_sched_process_exit.*incompatible-pointer-types
sched_exit_group_dead debian-6.12-rt no register_trace_sched_process_exit.*incompatible-pointer-types
sched_exit_group_dead debian-7.x yes
sched_exit_group_dead debug yes
'

fails=0
bad() {
	echo "$*"
	fails=$((fails + 1))
}

# Every probe in module/probes/ has a row for every kernel.
for p in "$TOP"/module/probes/*.c; do
	n=$(basename "$p" .c)
	for k in $KERNELS; do
		echo "$table" | grep -q "^$n $k " || bad "no expected answer for probe $n on $k"
	done
done

echo "$table" | while read -r probe kernel answer why; do
	[ -n "$probe" ] || continue
	h=$TOP/build/$kernel/module/probes.h
	if [ ! -r "$h" ]; then
		echo "$kernel: no $h (make modules builds it)"
		continue
	fi
	macro=CTR_HAVE_$(echo "$probe" | tr '[:lower:]' '[:upper:]')
	if grep -q "^#define $macro 1" "$h"; then
		got=yes
	elif grep -q "^/\* $macro: no" "$h"; then
		got=no
	else
		echo "$kernel: $macro missing from probes.h"
		continue
	fi
	if [ "$got" != "$answer" ]; then
		echo "$kernel: probe $probe said $got, expected $answer"
		grep -A1 "$macro" "$h"
		continue
	fi
	if [ "$got" = no ] && ! grep -A1 "^/\* $macro: no" "$h" | grep -q "why:.*$why"; then
		echo "$kernel: probe $probe said no for another reason than /$why/:"
		grep -A1 "$macro" "$h"
	fi
done >"${TMPDIR:-/tmp}/probe-answers.$$"
if [ -s "${TMPDIR:-/tmp}/probe-answers.$$" ]; then
	cat "${TMPDIR:-/tmp}/probe-answers.$$"
	fails=$((fails + 1))
fi
rm -f "${TMPDIR:-/tmp}/probe-answers.$$"
[ $fails -eq 0 ]
