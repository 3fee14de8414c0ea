// SPDX-License-Identifier: GPL-2.0
/*
 * The ioctl surface of /dev/containerctl: unknown commands fail with ENOTTY
 * (numbers of our type we do not use, our numbers with another direction,
 * other types), for read-only and read-write opens, and the device does
 * not seek. (The size bits of our numbers are ignored: 21-abi-frozen.)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/containerctl.h>

#include "ctrtest.h"

static void expect_enotty(int fd, unsigned long cmd)
{
	long r;

	errno = 0;
	r = ioctl(fd, cmd, 0);
	CHECK(r == -1 && errno == ENOTTY,
	      "ioctl %#lx: returned %ld, errno %d (%s), expected ENOTTY",
	      cmd, r, errno, strerror(errno));
}

int main(void)
{
	static const int modes[] = { O_RDONLY, O_RDWR };
	unsigned int i, nr;

	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		int fd = open("/dev/" CONTAINERCTL_DEVICE_NAME, modes[i] | O_CLOEXEC);

		if (fd < 0) {
			perror("open /dev/" CONTAINERCTL_DEVICE_NAME);
			return 1;
		}
		/* 0x00-0x0d are ours (CONTAINERCTL_IOC_CLONE is the last). */
		for (nr = _IOC_NR(CONTAINERCTL_IOC_CLONE) + 1; nr < 256; nr += 17) {
			expect_enotty(fd, _IO(CONTAINERCTL_IOC_MAGIC, nr));
			expect_enotty(fd, _IOR(CONTAINERCTL_IOC_MAGIC, nr, __u64));
			expect_enotty(fd, _IOWR(CONTAINERCTL_IOC_MAGIC, nr, __u64));
		}
		/* Ours, with no direction or a read-only one. */
		for (nr = 0; nr <= _IOC_NR(CONTAINERCTL_IOC_CLONE); nr++) {
			expect_enotty(fd, _IO(CONTAINERCTL_IOC_MAGIC, nr));
			expect_enotty(fd, _IOR(CONTAINERCTL_IOC_MAGIC, nr, __u64));
		}
		expect_enotty(fd, _IO('T', 1));
		expect_enotty(fd, 0);
		expect_enotty(fd, ~0UL);

		errno = 0;
		CHECK(lseek(fd, 0, SEEK_SET) == -1 && errno == ESPIPE,
		      "lseek: errno %d, expected ESPIPE", errno);
		close(fd);
	}
	return ctrtest_done();
}
