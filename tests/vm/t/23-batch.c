// SPDX-License-Identifier: GPL-2.0
/*
 * ATTACH_BATCH: by default it stops at the first task that fails, the
 * tasks before it moved; with CONTAINERCTL_BATCH_ATOMIC a failure anywhere
 * (a pid with no process, a process exiting, a task the caller may not
 * move) leaves every task where it was, and success moves them all. Pids
 * and pidfds alike.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <containerctl/ctrl.h>

#include "ctrtest.h"

#define ROOT CONTAINERCTL_ROOT_ID
#define N 6

static int fd;

static pid_t sleeper(void)
{
	pid_t pid = fork();

	REQUIRE(pid >= 0, "fork: %s", strerror(errno));
	if (!pid) {
		for (;;)
			pause();
	}
	return pid;
}

static uint64_t which(pid_t pid)
{
	uint64_t id = 0;

	return ctrl_which(fd, pid, &id) ? 0 : id;
}

/* How many of @pids are in @id. */
static int in(const pid_t *pids, int n, uint64_t id)
{
	int i, k = 0;

	for (i = 0; i < n; i++)
		k += which(pids[i]) == id;
	return k;
}

static void reap(pid_t *pids, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		kill(pids[i], SIGKILL);
		waitpid(pids[i], NULL, 0);
	}
}

static void test_missing(uint64_t d)
{
	pid_t pids[N];
	uint32_t moved = 9, idx = 9;
	int i;

	for (i = 0; i < N; i++)
		pids[i] = i == 3 ? 0x7ffffff0 : sleeper();	/* 3: no process */
	CHECK_RET(ctrl_attach_batch(fd, d, pids, N, CONTAINERCTL_BATCH_ATOMIC,
				    &moved, &idx), -ESRCH);
	CHECK(moved == 0 && idx == 3, "atomic: moved %u, index %u", moved, idx);
	CHECK(in(pids, N, ROOT) == N - 1, "atomic: %d of %d left in /",
	      in(pids, N, ROOT), N - 1);

	CHECK_RET(ctrl_attach_batch(fd, d, pids, N, 0, &moved, &idx), -ESRCH);
	CHECK(moved == 3 && idx == 3, "in order: moved %u, index %u", moved,
	      idx);
	CHECK(in(pids, 3, d) == 3 && in(pids + 4, N - 4, ROOT) == N - 4,
	      "in order: %d before in d, %d after in /", in(pids, 3, d),
	      in(pids + 4, N - 4, ROOT));

	/* An exiting process (a zombie) in the middle. */
	pids[3] = sleeper();
	kill(pids[3], SIGKILL);
	REQUIRE(!waitid(P_PID, pids[3], NULL, WEXITED | WNOWAIT), "waitid");
	CHECK_RET(ctrl_attach_batch(fd, ROOT, pids, N,
				    CONTAINERCTL_BATCH_ATOMIC, &moved, &idx),
		  -ESRCH);
	CHECK(moved == 0 && idx == 3 && in(pids, 3, d) == 3,
	      "atomic, a zombie: moved %u, index %u", moved, idx);

	/* All of them fine: all move. */
	waitpid(pids[3], NULL, 0);
	pids[3] = sleeper();
	CHECK_RET(ctrl_attach_batch(fd, d, pids, N, CONTAINERCTL_BATCH_ATOMIC,
				    &moved, &idx), 0);
	CHECK(moved == N && in(pids, N, d) == N, "atomic: moved %u, %d in d",
	      moved, in(pids, N, d));
	reap(pids, N);
}

/*
 * uid 1000 lists two of its own processes and one of root's, all in its
 * container src, for its container dst (src and dst under one of its own).
 */
static void test_denied(uint64_t src, uint64_t dst)
{
	pid_t theirs, child;
	int st;

	theirs = sleeper();
	REQUIRE(!ctrl_attach(fd, src, theirs, 0), "attach root's");
	child = fork();
	REQUIRE(child >= 0, "fork");
	if (!child) {
		uint32_t moved = 9, idx = 9;
		pid_t pids[3];

		if (ctrl_attach(fd, src, 0, 0) || setresgid(1000, 1000, 1000) ||
		    setresuid(1000, 1000, 1000))
			_exit(100);
		pids[0] = sleeper();
		pids[1] = sleeper();
		pids[2] = theirs;	/* last: the two before it could move */
		CHECK_RET(ctrl_attach_batch(fd, dst, pids, 3,
					    CONTAINERCTL_BATCH_ATOMIC, &moved,
					    &idx), -EPERM);
		CHECK(moved == 0 && idx == 2 && in(pids, 2, src) == 2,
		      "denied, atomic: moved %u, index %u, %d of 2 left",
		      moved, idx, in(pids, 2, src));
		CHECK_RET(ctrl_attach_batch(fd, dst, pids, 3, 0, &moved,
					    &idx), -EPERM);
		CHECK(moved == 2 && idx == 2 && in(pids, 2, dst) == 2,
		      "denied, in order: moved %u, index %u", moved, idx);
		reap(pids, 2);
		_exit(ctrtest_failures ? 1 : 0);
	}
	CHECK(waitpid(child, &st, 0) == child && WIFEXITED(st) &&
	      WEXITSTATUS(st) == 0, "uid 1000's checks: status %#x", st);
	CHECK(which(theirs) == src, "root's process moved: in %llu",
	      (unsigned long long)which(theirs));
	reap(&theirs, 1);
}

static void test_pidfds(uint64_t d)
{
	pid_t pids[3], fds[3];
	uint32_t moved = 9, idx = 9;
	int i;

	for (i = 0; i < 3; i++) {
		pids[i] = sleeper();
		fds[i] = syscall(SYS_pidfd_open, pids[i], 0);
		REQUIRE(fds[i] >= 0, "pidfd_open");
	}
	kill(pids[1], SIGKILL);
	waitpid(pids[1], NULL, 0);
	CHECK_RET(ctrl_attach_batch(fd, d, fds, 3, CONTAINERCTL_BATCH_ATOMIC |
				    CONTAINERCTL_PIDFD, &moved, &idx), -ESRCH);
	CHECK(moved == 0 && idx == 1 && which(pids[0]) == ROOT,
	      "pidfds, one reaped: moved %u, index %u", moved, idx);
	pids[1] = pids[2];
	fds[1] = fds[2];
	CHECK_RET(ctrl_attach_batch(fd, d, fds, 2, CONTAINERCTL_BATCH_ATOMIC |
				    CONTAINERCTL_PIDFD, &moved, &idx), 0);
	CHECK(moved == 2 && in(pids, 2, d) == 2, "pidfds: moved %u", moved);
	reap(pids, 2);
	close(fds[0]);
	close(fds[2]);
}

/* A container of uid 1000's. */
static uint64_t create_1000(uint64_t parent, const char *name)
{
	struct containerctl_set set = { 0 };
	uint64_t id;

	REQUIRE(!ctrl_create(fd, parent, name, 0755, 0, &id), "create %s",
		name);
	set.id = id;
	set.flags = CONTAINERCTL_SET_OWNER;
	set.uid = 1000;
	set.gid = 1000;
	REQUIRE(!ctrl_set(fd, &set), "chown %s", name);
	return id;
}

int main(void)
{
	uint64_t d, mine, src, dst;

	fd = ctrl_open();
	REQUIRE(fd >= 0, "ctrl_open: %s", strerror(-fd));
	REQUIRE(!ctrl_create(fd, ROOT, "batch-d", 0755, 0, &d), "create");
	mine = create_1000(ROOT, "batch-1000");
	src = create_1000(mine, "src");
	dst = create_1000(mine, "dst");
	test_missing(d);
	test_denied(src, dst);
	test_pidfds(d);
	CHECK_RET(ctrl_destroy(fd, d), 0);
	CHECK_RET(ctrl_destroy(fd, dst), 0);
	CHECK_RET(ctrl_destroy(fd, src), 0);
	CHECK_RET(ctrl_destroy(fd, mine), 0);
	return ctrtest_done();
}
