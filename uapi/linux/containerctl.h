/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * containerctl: process containers through a device and netlink.
 *
 * This header is the whole user-space ABI of containerctl.ko, and its
 * reference documentation.
 *
 * Interfaces
 * ----------
 * /dev/containerctl  A misc character device. All control operations are
 *                    ioctls on a file descriptor opened on it (read-only is
 *                    enough for queries). Unknown ioctl numbers fail with
 *                    ENOTTY. 32-bit callers use the same structures: every
 *                    field is a fixed-size __u32/__u64 and pointers are
 *                    passed as __u64.
 * /proc/containers   A text snapshot of the container tree: one header line
 *                    starting with '#', then one line per container.
 *
 * ioctl numbers use the magic CONTAINERCTL_IOC_MAGIC. No command is defined
 * in this ABI version yet: every ioctl fails with ENOTTY.
 */
#ifndef _UAPI_LINUX_CONTAINERCTL_H
#define _UAPI_LINUX_CONTAINERCTL_H

#include <linux/types.h>
#include <linux/ioctl.h>

/* Name of the misc device: /dev/containerctl. */
#define CONTAINERCTL_DEVICE_NAME	"containerctl"

/* Name of the procfs snapshot: /proc/containers. */
#define CONTAINERCTL_PROC_NAME		"containers"

/* ioctl type byte ('C' with numbers 0xc0-0xdf, free in ioctl-number.rst). */
#define CONTAINERCTL_IOC_MAGIC		'C'

/*
 * Container names: 1 to CONTAINERCTL_NAME_MAX - 1 characters from
 * [A-Za-z0-9._-], not "." or "..". CONTAINERCTL_NAME_MAX counts the
 * terminating NUL, as fixed-size name fields in this ABI do.
 */
#define CONTAINERCTL_NAME_MAX		64

#endif /* _UAPI_LINUX_CONTAINERCTL_H */
