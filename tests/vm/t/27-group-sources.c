// SPDX-License-Identifier: GPL-2.0
/*
 * A whole-process ATTACH or CLONE checks every container the process's
 * threads are in, not only its leader's (docs/design.md, "Attach").
 *
 * uid 65534 owns a delegated subtree /d (with /d/a and /d/b); /r belongs
 * to root (0755). For a process of uid 65534:
 * - scattered: its leader is in /d/a, one thread was moved by root into
 *   /r. Moving or cloning the whole process inside /d would pull that
 *   thread out of /r, which needs write permission on the root: EACCES,
 *   and nothing moved.
 * - zombie leader: the leader called pthread_exit(); the live threads are
 *   in /d/a. Moving the process to /d/b is allowed (the leader, exited and
 *   without a record, is not "in the root"), and every live thread moves.
 *
 * Runs as root in the test VM, with no container but the root at start, and
 * leaves none behind.
 */
#define _GNU_SOURCE
#include <grp.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <containerctl/ctrl.h>

#include "ctrtest.h"
#include "ctrtest-ctrl.h"

#define ROOT CONTAINERCTL_ROOT_ID
#define NOBODY 65534

static uint64_t d, da, db, r;

/* The process tells the test its thread's tid. */
static int up[2];

static void *thread_main(void *arg)
{
	pid_t tid = syscall(SYS_gettid);

	if (write(up[1], &tid, sizeof(tid)) != sizeof(tid))
		_exit(90);
	for (;;)
		pause();
	return arg;
}

/*
 * A process of uid 65534, attached by root to /d/a, with one more thread.
 * With @leader_exits, its leader then leaves with pthread_exit().
 */
static pid_t spawn(bool leader_exits, pid_t *tid)
{
	pthread_t th;
	pid_t p;

	REQUIRE(!pipe(up), "pipe");
	p = fork();
	REQUIRE(p >= 0, "fork");
	if (!p) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (ctrl_attach(fd, da, 0, 0))
			_exit(91);
		ctrtest_become(NOBODY);
		if (pthread_create(&th, NULL, thread_main, NULL))
			_exit(93);
		if (leader_exits)
			pthread_exit(NULL);
		for (;;)
			pause();
	}
	REQUIRE(read(up[0], tid, sizeof(*tid)) == sizeof(*tid), "tid");
	close(up[0]);
	close(up[1]);
	return p;
}

static void reap(pid_t p)
{
	kill(p, SIGKILL);
	waitpid(p, NULL, 0);
}

/* As uid 65534, in a child: @fn's return value is the exit status. */
static int as_nobody(int (*fn)(pid_t, pid_t), pid_t p, pid_t tid)
{
	int status;
	pid_t c = fork();

	REQUIRE(c >= 0, "fork");
	if (!c) {
		ctrtest_become(NOBODY);
		_exit(fn(p, tid));
	}
	waitpid(c, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 200;
}

static int err_code(int ret)
{
	return ret == -EACCES ? 1 : ret == 0 ? 0 : 2;
}

static int attach_group(pid_t p, pid_t tid)
{
	(void)tid;
	return err_code(ctrl_attach(fd, db, p, 0));
}

static int clone_group(pid_t p, pid_t tid)
{
	struct containerctl_clone cl = {
		.size = sizeof(cl), .parent = d, .pid = p, .mode = 0755,
	};

	(void)tid;
	strcpy(cl.name, "c");
	return err_code(ctrl_clone(fd, &cl));
}

/* Named by its live thread: the group move of a zombie leader's process. */
static int attach_by_thread(pid_t p, pid_t tid)
{
	(void)p;
	return err_code(ctrl_attach(fd, db, tid, 0));
}

static void test_scattered(void)
{
	uint64_t cid;
	pid_t p, tid;
	int ret;

	p = spawn(false, &tid);
	CHECK_RET(ctrl_attach(fd, r, tid, CONTAINERCTL_ATTACH_THREAD), 0);
	CHECK(which(p) == da && which(tid) == r, "setup: %s, %s",
	      path_of(which(p)), path_of(which(tid)));

	ret = as_nobody(attach_group, p, tid);
	CHECK(ret == 1, "scattered: attach to /d/b by uid 65534: %s (want EACCES)",
	      ret == 0 ? "allowed" : ret == 2 ? "other error" : "failed");
	CHECK(which(p) == da && which(tid) == r,
	      "scattered: after the attach: leader in %s, thread in %s",
	      path_of(which(p)), path_of(which(tid)));

	ret = as_nobody(clone_group, p, tid);
	CHECK(ret == 1, "scattered: clone under /d by uid 65534: %s (want EACCES)",
	      ret == 0 ? "allowed" : ret == 2 ? "other error" : "failed");
	CHECK(which(p) == da && which(tid) == r,
	      "scattered: after the clone: leader in %s, thread in %s",
	      path_of(which(p)), path_of(which(tid)));
	CHECK(nr_containers() == 5, "scattered: the refused clone left a container");
	if (!ctrl_lookup(fd, "/d/c", &cid))	/* so that later checks hold */
		ctrl_attach(fd, da, p, 0), ctrl_destroy(fd, cid);

	/* Root may. */
	CHECK_RET(ctrl_attach(fd, db, p, 0), 0);
	CHECK(which(p) == db && which(tid) == db, "root's attach: %s, %s",
	      path_of(which(p)), path_of(which(tid)));
	reap(p);
}

static int thread_in(pid_t p, pid_t tid, uint64_t id)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/task/%d", p, tid);
	return !access(path, F_OK) && which(tid) == id;
}

static void test_zombie_leader(void)
{
	pid_t p, tid;
	int ret;

	p = spawn(true, &tid);
	/* The leader's exit probe ran: its /proc task shows it a zombie. */
	CHECK(WAIT_UNTIL(ctrl_which(fd, p, &(uint64_t){ 0 }) == -ESRCH,
			 CTRTEST_DEADLINE_S), "zombie: the leader did not exit");
	ret = as_nobody(attach_by_thread, p, tid);
	CHECK(ret == 0, "zombie: attach of the process to /d/b by uid 65534: %s",
	      ret == 1 ? "EACCES" : ret == 2 ? "other error" : "failed");
	CHECK(thread_in(p, tid, db), "zombie: the live thread is in %s",
	      path_of(which(tid)));
	reap(p);
}

int main(void)
{
	struct containerctl_set set = { .size = sizeof(set) };

	fd = ctrl_open();
	REQUIRE(fd >= 0, "open: %s", strerror(-fd));
	CHECK_RET(ctrl_create(fd, ROOT, "d", 0755, 0, &d), 0);
	CHECK_RET(ctrl_create(fd, d, "a", 0755, 0, &da), 0);
	CHECK_RET(ctrl_create(fd, d, "b", 0755, 0, &db), 0);
	CHECK_RET(ctrl_create(fd, ROOT, "r", 0755, 0, &r), 0);
	set.flags = CONTAINERCTL_SET_OWNER;
	set.uid = NOBODY;
	set.gid = NOBODY;
	set.id = d;
	CHECK_RET(ctrl_set(fd, &set), 0);
	set.id = da;
	CHECK_RET(ctrl_set(fd, &set), 0);
	set.id = db;
	CHECK_RET(ctrl_set(fd, &set), 0);
	test_scattered();
	test_zombie_leader();
	WAIT_UNTIL(!stat_of(da).nr_threads && !stat_of(db).nr_threads &&
		   !stat_of(r).nr_threads, CTRTEST_DEADLINE_S);
	CHECK_RET(ctrl_destroy(fd, db), 0);
	CHECK_RET(ctrl_destroy(fd, da), 0);
	CHECK_RET(ctrl_destroy(fd, d), 0);
	CHECK_RET(ctrl_destroy(fd, r), 0);
	CHECK(nr_containers() == 1, "containers left behind");
	return ctrtest_done();
}
