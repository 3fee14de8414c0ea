// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel-created user threads start in their creator's container: an
 * io_uring worker (iou-wrk-*, made by create_io_thread(), which never
 * reaches sched_process_fork) of a process in a container is in that
 * container, counted and listed, and leaves it when the ring goes.
 * Skips (77) where io_uring is unavailable.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <linux/io_uring.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <containerctl/ctrl.h>

#include "ctrtest.h"

static int fd;

/* The tid of this process's io-wq worker, or 0. */
static pid_t find_worker(void)
{
	char path[300], comm[32];
	struct dirent *d;
	pid_t tid = 0;
	DIR *dir;
	FILE *f;

	dir = opendir("/proc/self/task");
	REQUIRE(dir, "opendir");
	while (!tid && (d = readdir(dir))) {
		if (d->d_name[0] < '1' || d->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/self/task/%s/comm", d->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fgets(comm, sizeof(comm), f) && !strncmp(comm, "iou-wrk-", 8))
			tid = atoi(d->d_name);
		fclose(f);
	}
	closedir(dir);
	return tid;
}

/* In the container: returns 0, 77 (no io_uring) or a failure code. */
static int child(uint64_t a)
{
	struct io_uring_params p = { 0 };
	struct io_uring_sqe *sqes;
	unsigned int *sq_tail, *sq_array;
	uint32_t tids[64], count = 64, total;
	int ring, pipefd[2], i;
	char buf[8];
	void *sq;
	pid_t worker = 0;
	uint64_t in;

	if (ctrl_attach(fd, a, 0, 0))
		return 10;
	ring = syscall(__NR_io_uring_setup, 4, &p);
	if (ring < 0)
		return 77;
	sq = mmap(NULL, p.sq_off.array + p.sq_entries * sizeof(unsigned int),
		  PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, ring,
		  IORING_OFF_SQ_RING);
	sqes = mmap(NULL, p.sq_entries * sizeof(*sqes), PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_POPULATE, ring, IORING_OFF_SQES);
	if (sq == MAP_FAILED || sqes == MAP_FAILED || pipe(pipefd))
		return 11;
	sq_tail = (unsigned int *)((char *)sq + p.sq_off.tail);
	sq_array = (unsigned int *)((char *)sq + p.sq_off.array);

	/* A read of an empty pipe, forced to an io-wq worker. */
	memset(&sqes[0], 0, sizeof(sqes[0]));
	sqes[0].opcode = IORING_OP_READ;
	sqes[0].flags = IOSQE_ASYNC;
	sqes[0].fd = pipefd[0];
	sqes[0].addr = (uintptr_t)buf;
	sqes[0].len = sizeof(buf);
	sq_array[0] = 0;
	__atomic_store_n(sq_tail, *sq_tail + 1, __ATOMIC_RELEASE);
	if (syscall(__NR_io_uring_enter, ring, 1, 0, 0, NULL, 0) != 1)
		return 12;

	WAIT_UNTIL((worker = find_worker()), CTRTEST_DEADLINE_S);
	if (!worker)
		return 13;
	if (ctrl_which(fd, worker, &in) || in != a)
		return 14;
	if (ctrl_pids(fd, a, CONTAINERCTL_PIDS_THREADS, 0, tids, &count, &total, NULL))
		return 15;
	for (i = 0; i < (int)count && tids[i] != (uint32_t)worker; i++)
		;
	if (i == (int)count)
		return 16;
	if (write(pipefd[1], "x", 1) != 1)
		return 17;
	close(ring);
	return 0;
}

static uint64_t threads_of(uint64_t a)
{
	struct containerctl_stat st;

	REQUIRE(!ctrl_stat(fd, a, &st), "stat");
	return st.nr_threads;
}

int main(void)
{
	uint64_t a, left;
	int status;
	pid_t p;

	fd = ctrl_open();
	REQUIRE(fd >= 0, "open: %s", strerror(-fd));
	REQUIRE(!ctrl_create(fd, CONTAINERCTL_ROOT_ID, "uring", 0755, 0, &a), "create");
	p = fork();
	REQUIRE(p >= 0, "fork");
	if (!p)
		_exit(child(a));
	waitpid(p, &status, 0);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 77) {
		ctrl_destroy(fd, a);
		printf("io_uring unavailable\n");
		return 77;
	}
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "child failed: status %#x", status);
	/* Workers exit shortly after their ring. */
	WAIT_UNTIL(!(left = threads_of(a)), CTRTEST_DEADLINE_S);
	CHECK(left == 0, "%llu threads left", (unsigned long long)left);
	CHECK_RET(ctrl_destroy(fd, a), 0);
	return ctrtest_done();
}
