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
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <containerctl/ctrl.h>

#include "ctrtest.h"

#define ROUNDS 200

/* Shared between the test and the churning process (MAP_SHARED). */
struct churn_state {
	atomic_int paused;	/* set by the test */
	atomic_int busy;	/* creations under way */
};

static struct churn_state *cs;

/* Each churn thread creates a successor, then exits: threads come and go. */
static void *churn(void *arg)
{
	pthread_t t;

	(void)arg;
	/*
	 * Announce, then look (the main thread sets paused, then looks at
	 * busy): with sequentially consistent atomics one of the two sees
	 * the other, so no creation is under way once busy reads 0 while
	 * paused. pthread_create() returns after the kernel filed the thread.
	 */
	for (;;) {
		atomic_fetch_add(&cs->busy, 1);
		if (!atomic_load(&cs->paused))
			break;
		atomic_fetch_sub(&cs->busy, 1);
		while (atomic_load(&cs->paused))
			usleep(100);
	}
	if (pthread_create(&t, NULL, churn, NULL) == 0)
		pthread_detach(t);
	atomic_fetch_sub(&cs->busy, 1);
	return NULL;
}

static int fd;

/* For a failure's message: a thread's state and flags from its stat file. */
static void task_state(pid_t pid, int tid, char *buf, size_t size)
{
	char path[64], line[512], *p;
	unsigned long flags = 0;
	char state = '?';
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", pid, tid);
	f = fopen(path, "r");
	if (!f || !fgets(line, sizeof(line), f)) {
		snprintf(buf, size, "no stat file");
		if (f)
			fclose(f);
		return;
	}
	fclose(f);
	/* After "(comm) ": state, ppid, pgrp, session, tty, tpgid, flags. */
	p = strrchr(line, ')');
	if (p)
		sscanf(p + 2, "%c %*d %*d %*d %*d %*d %lu", &state, &flags);
	snprintf(buf, size, "state %c flags %#lx", state, flags);
}

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
		int ret, tfd, alive;

		if (tid <= 0)
			continue;
		/*
		 * A directory descriptor of the thread stays bound to it: once
		 * it is reaped, lookups in it fail, even if its number has been
		 * handed to a new task (a kernel worker, in the root) since.
		 */
		tfd = openat(dirfd(dir), d->d_name, O_RDONLY | O_DIRECTORY);
		if (tfd < 0)		/* exited meanwhile */
			continue;
		ret = ctrl_which(fd, tid, &in);
		alive = !faccessat(tfd, "stat", R_OK, 0);
		close(tfd);
		if (ret == -ESRCH || !alive)	/* exited meanwhile */
			continue;
		if (ret || in != id) {
			char st[64];
			uint64_t again = 0;
			int ret2 = ctrl_which(fd, tid, &again);

			task_state(pid, tid, st, sizeof(st));
			CHECK(!ret && in == id,
			      "round %d: thread %d in %llu, not %llu (then: %d, %llu; %s)",
			      round, tid, (unsigned long long)in,
			      (unsigned long long)id, ret2,
			      (unsigned long long)again, st);
		}
		n++;
	}
	closedir(dir);
	return n;
}

int main(void)
{
	struct containerctl_info info;
	struct containerctl_stat st;
	uint64_t a, b, dest, failures0;
	int i, n;
	pid_t child;

	fd = ctrl_open();
	REQUIRE(fd >= 0, "open: %s", strerror(-fd));
	/* Earlier tests may have injected failures (24-fork-failslab). */
	REQUIRE(!ctrl_info(fd, &info), "info");
	failures0 = info.track_failures;
	REQUIRE(!ctrl_create(fd, CONTAINERCTL_ROOT_ID, "race-a", 0755, 0, &a), "create");
	REQUIRE(!ctrl_create(fd, CONTAINERCTL_ROOT_ID, "race-b", 0755, 0, &b), "create");
	cs = mmap(NULL, sizeof(*cs), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	REQUIRE(cs != MAP_FAILED, "mmap");

	child = fork();
	REQUIRE(child >= 0, "fork");
	if (!child) {
		pthread_t t;

		for (i = 0; i < 4; i++)
			if (pthread_create(&t, NULL, churn, NULL) == 0)
				pthread_detach(t);
		for (;;)
			pause();
	}

	for (i = 0; i < ROUNDS; i++) {
		dest = i % 2 ? b : a;
		CHECK_RET(ctrl_attach(fd, dest, child, 0), 0);
		/*
		 * Let the churn go on a while (pacing, not a wait), then stop
		 * creation, wait until none is under way, compare.
		 */
		usleep(1000);
		atomic_store(&cs->paused, 1);
		if (!WAIT_UNTIL(!atomic_load(&cs->busy), CTRTEST_DEADLINE_S)) {
			CHECK(!atomic_load(&cs->busy),
			      "round %d: a thread creation still under way after %d s",
			      i, CTRTEST_DEADLINE_S);
			break;
		}
		n = check_threads(child, dest, i);
		REQUIRE(!ctrl_stat(fd, dest, &st), "stat");
		CHECK(st.nr_procs == 1, "round %d: %llu procs", i,
		      (unsigned long long)st.nr_procs);
		CHECK(n >= 1, "round %d: no threads seen", i);
		atomic_store(&cs->paused, 0);
		if (ctrtest_failures > 10)
			break;
	}

	REQUIRE(!ctrl_info(fd, &info), "info");
	CHECK(info.track_failures == failures0,
	      "%llu new tasks could not be tracked",
	      (unsigned long long)(info.track_failures - failures0));
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
