// SPDX-License-Identifier: GPL-2.0
/*
 * ATTACH_BATCH: by default it stops at the first task that fails, the
 * tasks before it moved; with CONTAINERCTL_BATCH_ATOMIC a failure anywhere
 * (a pid with no process, a process exiting, a task the caller may not
 * move) leaves every task where it was, and success moves them all. Pids
 * and pidfds alike. Batches larger than the module's rounds (64 tasks per
 * hold of its lock), of processes with and without records, with several
 * threads, and by thread.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <containerctl/ctrl.h>

#include "ctrtest.h"

#define ROOT CONTAINERCTL_ROOT_ID
#define N 6
#define BIG 200	/* more than three rounds of the module's */

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

static void *park(void *arg)
{
	for (;;)
		pause();
	return arg;
}

/* A process of @threads threads in all, parked. */
static pid_t threaded(int threads)
{
	pid_t pid = fork();
	pthread_t t;
	int i;

	REQUIRE(pid >= 0, "fork: %s", strerror(errno));
	if (!pid) {
		for (i = 1; i < threads; i++)
			if (pthread_create(&t, NULL, park, NULL))
				_exit(1);
		park(NULL);
	}
	return pid;
}

/* Processes and threads in @id, from its STAT. */
static void counts(uint64_t id, uint64_t *procs, uint64_t *threads)
{
	struct containerctl_stat st;

	REQUIRE(!ctrl_stat(fd, id, &st), "stat");
	*procs = st.nr_procs;
	*threads = st.nr_threads;
}

/* The threads of @pid other than its leader (up to @max); how many in all. */
static int other_threads(pid_t pid, pid_t *tids, int max)
{
	struct dirent *de;
	char path[64];
	int n = 0;
	DIR *dir;

	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	dir = opendir(path);
	REQUIRE(dir, "%s: %s", path, strerror(errno));
	while ((de = readdir(dir))) {
		if (de->d_name[0] == '.' || atoi(de->d_name) == pid)
			continue;
		if (n < max)
			tids[n] = atoi(de->d_name);
		n++;
	}
	closedir(dir);
	return n;
}

/* Waits until @pid has @n threads besides its leader, for up to 10 s. */
static void wait_threads(pid_t pid, int n)
{
	REQUIRE(WAIT_UNTIL(other_threads(pid, NULL, 0) == n, 10),
		"%d: not %d threads after 10 s", pid, n + 1);
}

/*
 * BIG processes, every fifth with three threads, half of them already in
 * a container (a record each) and half in the root (none): moved in rounds,
 * records made as they are needed. In order, a failure in a later round
 * leaves the ones after it; by thread, the threads alone.
 */
static void test_big(uint64_t d, uint64_t e)
{
	uint64_t procs, threads, want_threads = 0;
	uint32_t moved = 9, idx = 9;
	pid_t pids[BIG], saved, tids[2];
	int i;

	for (i = 0; i < BIG; i++) {
		pids[i] = i % 5 ? sleeper() : threaded(3);
		want_threads += i % 5 ? 1 : 3;
	}
	for (i = 0; i < BIG; i += 5)
		wait_threads(pids[i], 2);
	for (i = 0; i < BIG; i += 2)
		REQUIRE(!ctrl_attach(fd, d, pids[i], 0), "attach");
	CHECK_RET(ctrl_attach_batch(fd, e, pids, BIG, 0, &moved, &idx), 0);
	counts(e, &procs, &threads);
	CHECK(moved == BIG && procs == BIG && threads == want_threads,
	      "half tracked: moved %u, %llu processes and %llu threads in e "
	      "(want %d, %llu)", moved, (unsigned long long)procs,
	      (unsigned long long)threads, BIG, (unsigned long long)want_threads);
	counts(d, &procs, &threads);
	CHECK(procs == 0 && threads == 0, "d keeps %llu/%llu",
	      (unsigned long long)procs, (unsigned long long)threads);

	/* Back to the root: no record is needed, and every one goes. */
	CHECK_RET(ctrl_attach_batch(fd, ROOT, pids, BIG, 0, &moved, &idx), 0);
	counts(e, &procs, &threads);
	CHECK(moved == BIG && in(pids, BIG, ROOT) == BIG && threads == 0,
	      "to the root: moved %u, %d in /, %llu threads left in e", moved,
	      in(pids, BIG, ROOT), (unsigned long long)threads);

	/* In order, a pid with no process in the third round; then one too big. */
	saved = pids[150];
	pids[150] = 0x7ffffff0;
	CHECK_RET(ctrl_attach_batch(fd, d, pids, BIG, 0, &moved, &idx), -ESRCH);
	CHECK(moved == 150 && idx == 150 && in(pids, 150, d) == 150 &&
	      in(pids + 151, BIG - 151, ROOT) == BIG - 151,
	      "in order, none at 150: moved %u, index %u, %d before in d, "
	      "%d after in /", moved, idx, in(pids, 150, d),
	      in(pids + 151, BIG - 151, ROOT));
	pids[150] = (pid_t)0x80000000u;
	CHECK_RET(ctrl_attach_batch(fd, e, pids, BIG, 0, &moved, &idx),
		  -EINVAL);
	CHECK(moved == 150 && idx == 150 && in(pids, 150, e) == 150,
	      "in order, a number too big at 150: moved %u, index %u", moved,
	      idx);
	pids[150] = saved;

	/* By thread: two threads of a process, its leader stays. */
	REQUIRE(other_threads(pids[0], tids, 2) == 2, "threads of %d", pids[0]);
	CHECK_RET(ctrl_attach_batch(fd, d, tids, 2, CONTAINERCTL_ATTACH_THREAD,
				    &moved, &idx), 0);
	counts(d, &procs, &threads);
	CHECK(moved == 2 && which(pids[0]) == e && procs == 1 && threads == 2,
	      "by thread: moved %u, leader in %llu, d has %llu/%llu", moved,
	      (unsigned long long)which(pids[0]), (unsigned long long)procs,
	      (unsigned long long)threads);
	reap(pids, BIG);
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
	uint64_t d, e, mine, src, dst;

	fd = ctrl_open();
	REQUIRE(fd >= 0, "ctrl_open: %s", strerror(-fd));
	REQUIRE(!ctrl_create(fd, ROOT, "batch-d", 0755, 0, &d), "create");
	REQUIRE(!ctrl_create(fd, ROOT, "batch-e", 0755, 0, &e), "create");
	mine = create_1000(ROOT, "batch-1000");
	src = create_1000(mine, "src");
	dst = create_1000(mine, "dst");
	test_missing(d);
	test_denied(src, dst);
	test_pidfds(d);
	test_big(d, e);
	CHECK_RET(ctrl_destroy(fd, d), 0);
	CHECK_RET(ctrl_destroy(fd, e), 0);
	CHECK_RET(ctrl_destroy(fd, dst), 0);
	CHECK_RET(ctrl_destroy(fd, src), 0);
	CHECK_RET(ctrl_destroy(fd, mine), 0);
	return ctrtest_done();
}
