// SPDX-License-Identifier: GPL-2.0
/*
 * A thread group that keeps creating threads is moved back and forth
 * between two containers: after each move, once thread creation is paused,
 * every thread of the group is where the group was moved (no thread is
 * left behind by a thread created during the move), and the container's
 * thread count matches /proc.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/wait.h>
#include <unistd.h>

#include <containerctl/ctrl.h>

#include "ctrtest.h"

#define ROUNDS 200

static atomic_int paused;
static atomic_int busy;

/* Each churn thread creates a successor, then exits: threads come and go. */
static void *churn(void *arg)
{
	pthread_t t;

	(void)arg;
	while (atomic_load(&paused))
		usleep(100);
	atomic_fetch_add(&busy, 1);
	if (pthread_create(&t, NULL, churn, NULL) == 0)
		pthread_detach(t);
	atomic_fetch_sub(&busy, 1);
	return NULL;
}

static int fd;

/* Every thread of @pid must be in @id; returns the number of threads. */
static int check_threads(pid_t pid, uint64_t id, int round)
{
	char path[64];
	struct dirent *d;
	uint64_t in;
	int n = 0;
	DIR *dir;

	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	dir = opendir(path);
	REQUIRE(dir, "opendir %s", path);
	while ((d = readdir(dir))) {
		int tid = atoi(d->d_name);
		int ret;

		if (tid <= 0)
			continue;
		ret = ctrl_which(fd, tid, &in);
		if (ret == -ESRCH)	/* exited meanwhile */
			continue;
		CHECK(!ret && in == id, "round %d: thread %d in %llu, not %llu",
		      round, tid, (unsigned long long)in, (unsigned long long)id);
		n++;
	}
	closedir(dir);
	return n;
}

int main(void)
{
	struct containerctl_stat st;
	uint64_t a, b, dest;
	int i, n, pipefd[2];
	pid_t child;
	char c;

	fd = ctrl_open();
	REQUIRE(fd >= 0, "open: %s", strerror(-fd));
	REQUIRE(!ctrl_create(fd, CONTAINERCTL_ROOT_ID, "race-a", 0755, 0, &a), "create");
	REQUIRE(!ctrl_create(fd, CONTAINERCTL_ROOT_ID, "race-b", 0755, 0, &b), "create");
	REQUIRE(!pipe(pipefd), "pipe");

	child = fork();
	REQUIRE(child >= 0, "fork");
	if (!child) {
		pthread_t t;

		/* SIGUSR1 pauses creation, SIGUSR2 resumes: via the pipe. */
		for (i = 0; i < 4; i++)
			if (pthread_create(&t, NULL, churn, NULL) == 0)
				pthread_detach(t);
		for (;;) {
			if (read(pipefd[0], &c, 1) != 1)
				_exit(0);
			atomic_store(&paused, c == 'p');
		}
	}

	for (i = 0; i < ROUNDS; i++) {
		dest = i % 2 ? b : a;
		CHECK_RET(ctrl_attach(fd, dest, child, 0), 0);
		/* Let creation settle, then compare with /proc. */
		REQUIRE(write(pipefd[1], "p", 1) == 1, "pause");
		usleep(2000);
		while (atomic_load(&busy))
			usleep(100);
		n = check_threads(child, dest, i);
		REQUIRE(!ctrl_stat(fd, dest, &st), "stat");
		CHECK(st.nr_procs == 1, "round %d: %llu procs", i,
		      (unsigned long long)st.nr_procs);
		CHECK(n >= 1, "round %d: no threads seen", i);
		REQUIRE(write(pipefd[1], "r", 1) == 1, "resume");
		if (ctrtest_failures > 10)
			break;
	}

	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	CHECK_RET(ctrl_stat(fd, a, &st), 0);
	CHECK(st.nr_threads == 0, "a still has %llu threads", (unsigned long long)st.nr_threads);
	CHECK_RET(ctrl_stat(fd, b, &st), 0);
	CHECK(st.nr_threads == 0, "b still has %llu threads", (unsigned long long)st.nr_threads);
	CHECK_RET(ctrl_destroy(fd, a), 0);
	CHECK_RET(ctrl_destroy(fd, b), 0);
	return ctrtest_done();
}
