// SPDX-License-Identifier: GPL-2.0
/*
 * Namespace tracking without the unshare(2) hook degrades visibly: loaded
 * with nstrack_unshare=0, the module leaves CONTAINERCTL_FEAT_NSTRACK_UNSHARE
 * out of its features and says so in the kernel log; unshare(2) in a
 * tracked container then moves nothing, and clone(2) with CLONE_NEW* is
 * still tracked (the clone has CONTAINERCTL_F_AUTOREMOVE and goes once its
 * task exited). With the hook (the default) the feature is back. Unloads
 * after automatic clones were queued (the RCU-tasks wait at unload), and
 * leaves the module loaded as it found it, having checked that unshare(2)
 * is tracked again.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <containerctl/ctrl.h>

#include "ctrtest.h"

static int reload(const char *params)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd),
		 "rmmod containerctl && insmod ${CTR_KO:-/ctr/containerctl.ko} %s",
		 params);
	return system(cmd);
}

/* Exit status of a child: 0 if it is in container @want. */
static int in_container(int fd, uint64_t want)
{
	uint64_t id = 0;

	return !ctrl_which(fd, 0, &id) && id == want ? 0 : 1;
}

static int wait_status(pid_t p)
{
	int status;

	if (waitpid(p, &status, 0) != p || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* Children of @id, 0 on error (a failed check). */
static uint32_t nr_children(int fd, uint64_t id)
{
	struct containerctl_stat st;
	int ret = ctrl_stat(fd, id, &st);

	CHECK(!ret, "stat %llu: %s", (unsigned long long)id, strerror(-ret));
	return ret ? 0 : st.nr_children;
}

int main(void)
{
	struct containerctl_info info;
	char path[64];
	uint64_t t, id;
	int fd, ret;
	pid_t p;

	REQUIRE(reload("nstrack_unshare=0") == 0, "reload with nstrack_unshare=0");
	fd = ctrl_open();
	REQUIRE(fd >= 0, "open: %s", strerror(-fd));
	REQUIRE(!ctrl_info(fd, &info), "info");
	CHECK(!(info.features & CONTAINERCTL_FEAT_NSTRACK_UNSHARE),
	      "features %#llx claim unshare tracking", (unsigned long long)info.features);
	CHECK(info.features & CONTAINERCTL_FEAT_NSTRACK_CLONE,
	      "features %#llx lack clone tracking", (unsigned long long)info.features);
	ret = system("dmesg | grep -q 'unshare(2) not tracked: nstrack_unshare=0'");
	CHECK(ret == 0, "no kernel log line for the missing unshare hook");

	REQUIRE(!ctrl_create(fd, CONTAINERCTL_ROOT_ID, "deg", 0755,
			     CONTAINERCTL_F_NSTRACK, &t), "create");

	/* unshare(2): not seen, the task stays. */
	p = fork();
	if (!p) {
		if (ctrl_attach(fd, t, 0, 0) || unshare(CLONE_NEWUTS))
			_exit(2);
		_exit(in_container(fd, t));
	}
	CHECK(wait_status(p) == 0, "unshare without the hook moved the task");
	CHECK_RET(ctrl_info(fd, &info), 0);
	CHECK(info.ns_clones == 0, "%llu automatic clones", (unsigned long long)info.ns_clones);

	/* clone(2) with CLONE_NEWUTS: still tracked. */
	p = fork();
	if (!p) {
		pid_t c;

		if (ctrl_attach(fd, t, 0, 0))
			_exit(2);
		c = syscall(SYS_clone, CLONE_NEWUTS | SIGCHLD, 0, 0, 0, 0);
		if (!c) {
			struct containerctl_stat st;
			uint64_t me = 0;
			char want[64], got[64] = "";

			snprintf(want, sizeof(want), "/deg/node_%d", getpid());
			if (ctrl_which(fd, 0, &me) || ctrl_path(fd, me, got, sizeof(got)) ||
			    ctrl_stat(fd, me, &st))
				_exit(3);
			if (st.cflags != (CONTAINERCTL_F_NSTRACK | CONTAINERCTL_F_AUTOREMOVE))
				_exit(6);
			_exit(strcmp(want, got) ? 4 : 0);
		}
		_exit(c < 0 ? 5 : wait_status(c));
	}
	CHECK(wait_status(p) == 0, "clone(CLONE_NEWUTS) was not tracked");
	CHECK_RET(ctrl_info(fd, &info), 0);
	CHECK(info.ns_clones == 1, "%llu automatic clones", (unsigned long long)info.ns_clones);

	/* The automatic child goes by itself (its task is gone); then /deg. */
	CHECK(WAIT_UNTIL(nr_children(fd, t) == 0, CTRTEST_DEADLINE_S),
	      "/deg has %u children %d s after their tasks exited",
	      nr_children(fd, t), CTRTEST_DEADLINE_S);
	CHECK_RET(ctrl_info(fd, &info), 0);
	CHECK(info.ns_clones == 1, "%llu automatic clones after the removal",
	      (unsigned long long)info.ns_clones);
	CHECK_RET(ctrl_destroy(fd, t), 0);
	close(fd);

	/* The default: the hook is installed. */
	REQUIRE(reload("") == 0, "reload");
	fd = ctrl_open();
	REQUIRE(fd >= 0, "open: %s", strerror(-fd));
	CHECK_RET(ctrl_info(fd, &info), 0);
	CHECK(info.features & CONTAINERCTL_FEAT_NSTRACK_UNSHARE,
	      "features %#llx lack unshare tracking by default",
	      (unsigned long long)info.features);
	CHECK_RET(ctrl_lookup(fd, "/deg", &id), -ENOENT);

	/* ... and unshare(2) is tracked again. */
	REQUIRE(!ctrl_create(fd, CONTAINERCTL_ROOT_ID, "deg", 0755,
			     CONTAINERCTL_F_NSTRACK, &t), "create");
	p = fork();
	if (!p) {
		char want[64];

		snprintf(want, sizeof(want), "/deg/node_%d", getpid());
		if (ctrl_attach(fd, t, 0, 0) || unshare(CLONE_NEWUTS) ||
		    ctrl_lookup(fd, want, &id))
			_exit(2);
		_exit(in_container(fd, id));
	}
	CHECK(wait_status(p) == 0, "unshare with the hook did not move the task");
	CHECK_RET(ctrl_info(fd, &info), 0);
	CHECK(info.ns_clones == 1, "%llu automatic clones", (unsigned long long)info.ns_clones);
	/* Its node goes by itself once the task exited. */
	snprintf(path, sizeof(path), "/deg/node_%d", p);
	CHECK(WAIT_UNTIL(ctrl_lookup(fd, path, &id) == -ENOENT, CTRTEST_DEADLINE_S),
	      "%s still there %d s after its task exited", path, CTRTEST_DEADLINE_S);
	CHECK_RET(ctrl_destroy(fd, t), 0);
	close(fd);
	return ctrtest_done();
}
