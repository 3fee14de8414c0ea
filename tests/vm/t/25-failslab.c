// SPDX-License-Identifier: GPL-2.0
/*
 * Fault injection reaches the module: with failslab filtered to this task
 * (/proc/self/make-it-fail), CREATE's allocation fails, the ioctl returns
 * ENOMEM and nothing is created; with the filter off again it succeeds.
 * Then CLONE of a child with each of its slab allocations failed in turn
 * (/proc/thread-self/fail-nth: the container, and its name copied under
 * the tree lock): each ENOMEM leaves no container and the
 * child where it was, until the call succeeds. fail_page_alloc's min-order
 * is restored to the kernel's default, 1. On a kernel without
 * CONFIG_FAILSLAB (the Debian ones) it skips.
 *
 * Only this task fails, and only between the two writes to make-it-fail,
 * which go through a descriptor opened beforehand: the write itself does
 * not allocate, and nothing else runs in between but the ioctl.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <stdint.h>
#include <unistd.h>

#include <containerctl/ctrl.h>

#include "ctrtest.h"

#define FAILSLAB "/sys/kernel/debug/failslab/"
#define FAIL_PAGE "/sys/kernel/debug/fail_page_alloc/"

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

/*
 * CLONE of a child into a new "fn" under @top, with the @nth slab
 * allocation of this thread failed: -ENOMEM with nothing changed, or 0.
 */
static int clone_nth(int fd, uint64_t top, pid_t child, int nth, int *fired)
{
	struct containerctl_clone cl = {
		.size = sizeof(cl), .parent = top, .pid = child, .mode = 0755,
	};
	char buf[16];
	uint64_t id;
	int nf, ret, injected;

	strcpy(cl.name, "fn");
	nf = open("/proc/thread-self/fail-nth", O_RDWR);
	REQUIRE(nf >= 0, "open fail-nth: %s", strerror(errno));
	snprintf(buf, sizeof(buf), "%d", nth);
	injected = pwrite(nf, buf, strlen(buf), 0) == (ssize_t)strlen(buf) ? 0 : -errno;
	ret = ctrl_clone(fd, &cl);
	/* Reads 0 once it fired; then off again, whether or not it did. */
	REQUIRE(pread(nf, buf, sizeof(buf) - 1, 0) > 0, "read fail-nth: %s",
		strerror(errno));
	*fired = buf[0] == '0';
	REQUIRE(pwrite(nf, "0", 1, 0) == 1, "fail-nth off: %s", strerror(errno));
	close(nf);
	REQUIRE(!injected, "fail-nth %d: %s", nth, strerror(-injected));
	if (ret == -ENOMEM) {
		CHECK(ctrl_lookup(fd, "/failslab-clone/fn", &id) == -ENOENT,
		      "clone failed at allocation %d, and left fn behind", nth);
		CHECK(ctrl_which(fd, child, &id) == 0 && id == top,
		      "clone failed at allocation %d, and moved the child", nth);
	} else {
		CHECK(ret == 0, "clone with allocation %d failed: %d (%s)", nth,
		      ret, strerror(-ret));
	}
	return ret;
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

	/*
	 * CLONE, each of its slab allocations failed in turn (GFP_KERNEL
	 * too). fail-nth counts every fault point the thread passes: page
	 * allocations (KASAN's stack depot takes some, silently, with
	 * __GFP_NOWARN) are kept out of the count by fail_page_alloc's
	 * min-order, above any order.
	 */
	knob("ignore-gfp-wait", "N");
	knob("verbose", "1");
	REQUIRE(!ctrtest_write_file(FAIL_PAGE "min-order", "11"),
		"fail_page_alloc min-order");
	{
		uint64_t top, fn;
		pid_t child;
		int nth, ret = -ENOMEM, fails = 0, fired = 0;

		REQUIRE(!ctrl_create(fd, CONTAINERCTL_ROOT_ID, "failslab-clone", 0755,
				     0, &top), "create");
		child = fork();
		REQUIRE(child >= 0, "fork");
		if (!child) {
			pause();
			_exit(0);
		}
		REQUIRE(!ctrl_attach(fd, top, child, 0), "attach the child");
		/*
		 * Until a clone passes every fault point without one firing.
		 * One that fired and still succeeded was the slab's own (its
		 * sheaves, on 7.x), which it recovers from: undone, and on.
		 */
		for (nth = 1; nth <= 256; nth++) {
			ret = clone_nth(fd, top, child, nth, &fired);
			fails += ret == -ENOMEM;
			if (ret)
				continue;
			CHECK(!ctrl_lookup(fd, "/failslab-clone/fn", &fn) &&
			      !ctrl_which(fd, child, &id) && id == fn,
			      "clone with allocation %d failed: child not in fn", nth);
			if (!fired)
				break;
			CHECK_RET(ctrl_attach(fd, top, child, 0), 0);
			CHECK_RET(ctrl_destroy(fd, fn), 0);
		}
		CHECK(!ret && !fired, "CLONE still meets a fault point at 256");
		/*
		 * The container and its name copied under the tree lock (the
		 * task record comes from the reserve when it cannot be had).
		 */
		CHECK(fails >= 2, "only %d allocations of CLONE failed", fails);
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
		if (!ret)
			CHECK_RET(ctrl_destroy(fd, fn), 0);
		CHECK_RET(ctrl_destroy(fd, top), 0);
	}
	knob("ignore-gfp-wait", "Y");
	knob("verbose", "2");
	REQUIRE(!ctrtest_write_file(FAIL_PAGE "min-order", "1"),
		"fail_page_alloc min-order back to 1");
	close(mif);
	close(fd);
	return ctrtest_done();
}
