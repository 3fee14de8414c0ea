#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The kernel-log patterns the VM runner fails on catch every kind of report
# the kernel prints (in their real shapes) and none of the ordinary lines.
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
pat=$TOP/tests/vm/klog-patterns
fails=0

while IFS= read -r line; do
	if ! echo "$line" | grep -qE -f "$pat"; then
		echo "not caught: $line"
		fails=$((fails + 1))
	fi
done <<'EOF2'
[   12.345678] WARNING: CPU: 1 PID: 88 at module/main.c:30 ctr_mod_init+0x10/0x20 [containerctl]
[   12.345678] BUG: KASAN: slab-use-after-free in ctr_ioctl+0x44/0x90 [containerctl]
[   12.345678] BUG: kernel NULL pointer dereference, address: 0000000000000008
[   12.345678] BUG: sleeping function called from invalid context at mm/slab.h:723
[   12.345678] WARNING: possible circular locking dependency detected
[   12.345678] WARNING: suspicious RCU usage
[   12.345678] kmemleak: 2 new suspected memory leaks (see /sys/kernel/debug/kmemleak)
[   12.345678] Oops: general protection fault, probably for non-canonical address 0xdffffc0000000000: 0000 [#1] PREEMPT SMP KASAN
[   12.345678] UBSAN: array-index-out-of-bounds in module/x.c:10:5
[   12.345678] INFO: task insmod:99 blocked for more than 120 seconds.
[   12.345678] Kernel panic - not syncing: Fatal exception
[   12.345678] workqueue: work func ctr_ev_send [containerctl] enqueued on deprecated workqueue. Use system_{percpu|dfl}_wq instead.
EOF2

while IFS= read -r line; do
	if echo "$line" | grep -qE -f "$pat"; then
		echo "false alarm: $line"
		fails=$((fails + 1))
	fi
done <<'EOF2'
[    1.000000] containerctl: loaded
[    1.000000] containerctl: module verification failed: signature and/or required key missing - tainting kernel
[    1.000000] containerctl: loading out-of-tree module taints kernel.
[    1.000000] containerctl: unloaded
[    1.000000] KTAP version 1
EOF2
[ $fails -eq 0 ]
