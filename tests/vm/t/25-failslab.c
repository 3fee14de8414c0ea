// SPDX-License-Identifier: GPL-2.0
/*
 * Fault injection reaches the module: with failslab filtered to this task
 * (/proc/self/make-it-fail), CREATE's allocation fails, the ioctl returns
 * ENOMEM and nothing is created; with the filter off again it succeeds. On a
 * kernel without CONFIG_FAILSLAB (the Debian ones) it skips.
 *
 * Only this task fails, and only between the two writes to make-it-fail,
 * which go through a descriptor opened beforehand: the write itself does
 * not allocate, and nothing else runs in between but the ioctl.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <unistd.h>

#include <containerctl/ctrl.h>

#include "ctrtest.h"

#define FAILSLAB "/sys/kernel/debug/failslab/"

static void knob(const char *name, const char *value)
{
	char path[128];
	int ret;

	snprintf(path, sizeof(path), FAILSLAB "%s", name);
	ret = ctrtest_write_file(path, value);
	REQUIRE(!ret, "write %s to %s: %s", value, path, strerror(-ret));
}

static int fail_now(int fd, int on)
{
	return pwrite(fd, on ? "1" : "0", 1, 0) == 1 ? 0 : -errno;
}

int main(void)
{
	struct containerctl_info info;
	uint64_t id = 0;
	int fd, mif, ret, injected;

	if (access(FAILSLAB "probability", W_OK)) {
		printf("no failslab in this kernel (CONFIG_FAILSLAB, debugfs)\n");
		return 77;
	}
	fd = ctrl_open();
	REQUIRE(fd >= 0, "open: %s", strerror(-fd));
	REQUIRE(!ctrl_info(fd, &info), "info");

	/* Every slab allocation of a task marked make-it-fail fails, GFP_KERNEL
	 * ones included (ignore-gfp-wait is on by default), silently but for
	 * one line a failure (verbose 1: no stack trace).
	 */
	knob("task-filter", "Y");
	knob("ignore-gfp-wait", "N");
	knob("interval", "1");
	knob("times", "-1");
	knob("space", "0");
	knob("verbose", "1");
	knob("probability", "100");

	mif = open("/proc/self/make-it-fail", O_WRONLY);
	REQUIRE(mif >= 0, "open make-it-fail: %s", strerror(errno));
	REQUIRE(!fail_now(mif, 1), "make-it-fail on");
	ret = ctrl_create(fd, CONTAINERCTL_ROOT_ID, "failslab", 0755, 0, &id);
	injected = fail_now(mif, 0);
	knob("probability", "0");
	REQUIRE(!injected, "make-it-fail off: %s", strerror(-injected));

	CHECK(ret == -ENOMEM, "create under failslab: %d (%s), expected ENOMEM",
	      ret, strerror(-ret));
	CHECK(ctrl_lookup(fd, "/failslab", &id) == -ENOENT,
	      "a create that failed left /failslab behind");
	{
		struct containerctl_info after;

		REQUIRE(!ctrl_info(fd, &after), "info");
		CHECK(after.nr_containers == info.nr_containers,
		      "containers %llu before, %llu after a failed create",
		      (unsigned long long)info.nr_containers,
		      (unsigned long long)after.nr_containers);
	}

	/* Back to the kernel's defaults, for the tests after this one. */
	knob("task-filter", "N");
	knob("ignore-gfp-wait", "Y");
	knob("times", "1");
	knob("verbose", "2");

	/* The same call, with nothing injected, works. */
	CHECK_RET(ctrl_create(fd, CONTAINERCTL_ROOT_ID, "failslab", 0755, 0, &id), 0);
	CHECK_RET(ctrl_destroy(fd, id), 0);
	close(mif);
	close(fd);
	return ctrtest_done();
}
