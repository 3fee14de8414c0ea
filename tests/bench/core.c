// SPDX-License-Identifier: GPL-2.0
/*
 * Core benchmark, in the VM: containerctl against cgroup v2 on the same
 * kernel in the same boot. Every figure is the median of repeated runs.
 *  - attach one process back and forth: CONTAINERCTL_IOC_ATTACH vs a write
 *    of its pid to cgroup.procs; a no-op ioctl (ENOTTY) as the floor;
 *  - read the pids of a container of N processes: CONTAINERCTL_IOC_PIDS vs
 *    reading cgroup.procs.
 * Absolute times under software emulation mean little: compare ratios.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <containerctl/ctrl.h>

#include "ctrtest.h"

#define CG "/sys/fs/cgroup"

static int fd;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static double median_us(uint64_t *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_u64);
	return v[n / 2] / 1000.0;
}

static pid_t sleeper(void)
{
	pid_t p = fork();

	REQUIRE(p >= 0, "fork");
	if (!p) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		for (;;)
			pause();
	}
	return p;
}

static void cg_write_pid(const char *cg, pid_t pid)
{
	char path[128], buf[16];
	int n, f;

	snprintf(path, sizeof(path), CG "/%s/cgroup.procs", cg);
	f = open(path, O_WRONLY);
	REQUIRE(f >= 0, "open %s", path);
	n = snprintf(buf, sizeof(buf), "%d", pid);
	REQUIRE(write(f, buf, n) == n, "write %s: %s", path, strerror(errno));
	close(f);
}

#define REPS 401
#define SPACED 51

static void bench_attach(void)
{
	static uint64_t t_ioctl[REPS], t_cg[REPS], t_floor[REPS];
	uint64_t a, b, t0;
	pid_t p = sleeper();
	int i;

	REQUIRE(!ctrl_create(fd, CONTAINERCTL_ROOT_ID, "bench-a", 0755, 0, &a), "create");
	REQUIRE(!ctrl_create(fd, CONTAINERCTL_ROOT_ID, "bench-b", 0755, 0, &b), "create");
	mkdir(CG "/bench-a", 0755);
	mkdir(CG "/bench-b", 0755);

	for (i = 0; i < REPS; i++) {
		t0 = now_ns();
		ioctl(fd, _IO(CONTAINERCTL_IOC_MAGIC, 0xdf), 0);
		t_floor[i] = now_ns() - t0;
	}
	for (i = 0; i < REPS; i++) {
		t0 = now_ns();
		REQUIRE(!ctrl_attach(fd, i % 2 ? a : b, p, 0), "attach");
		t_ioctl[i] = now_ns() - t0;
	}
	for (i = 0; i < REPS; i++) {
		t0 = now_ns();
		cg_write_pid(i % 2 ? "bench-a" : "bench-b", p);
		t_cg[i] = now_ns() - t0;
	}
	printf("attach one process, back to back (median of %d, us):\n", REPS);
	printf("  no-op ioctl (floor)          %10.1f\n", median_us(t_floor, REPS));
	printf("  containerctl ATTACH ioctl    %10.1f\n", median_us(t_ioctl, REPS));
	printf("  cgroup v2 cgroup.procs write %10.1f\n", median_us(t_cg, REPS));

	/*
	 * One move after an idle moment, as a supervisor placing a new task
	 * does: cgroup's percpu rwsem then waits for an RCU grace period
	 * (rcu_sync only skips it for writes in quick succession).
	 */
	for (i = 0; i < SPACED; i++) {
		usleep(20000);
		t0 = now_ns();
		REQUIRE(!ctrl_attach(fd, i % 2 ? a : b, p, 0), "attach");
		t_ioctl[i] = now_ns() - t0;
	}
	for (i = 0; i < SPACED; i++) {
		usleep(20000);
		t0 = now_ns();
		cg_write_pid(i % 2 ? "bench-a" : "bench-b", p);
		t_cg[i] = now_ns() - t0;
	}
	printf("attach one process, each after 20 ms idle (median of %d, us):\n", SPACED);
	printf("  containerctl ATTACH ioctl    %10.1f\n", median_us(t_ioctl, SPACED));
	printf("  cgroup v2 cgroup.procs write %10.1f\n", median_us(t_cg, SPACED));

	kill(p, SIGKILL);
	waitpid(p, NULL, 0);
	ctrl_destroy(fd, a);
	ctrl_destroy(fd, b);
	rmdir(CG "/bench-a");
	rmdir(CG "/bench-b");
}

#define READS 21

static void bench_pids(int n)
{
	static uint64_t t_ioctl[READS], t_cg[READS];
	static uint32_t buf[16384];
	static char text[16384 * 8];
	uint32_t count, total;
	pid_t *kids = calloc(n, sizeof(*kids));
	uint64_t id, t0;
	ssize_t r;
	size_t len;
	int i, f;

	REQUIRE(kids, "calloc");
	REQUIRE(!ctrl_create(fd, CONTAINERCTL_ROOT_ID, "bench-pids", 0755, 0, &id), "create");
	mkdir(CG "/bench-pids", 0755);
	for (i = 0; i < n; i++) {
		kids[i] = sleeper();
		REQUIRE(!ctrl_attach(fd, id, kids[i], 0), "attach %d", i);
		cg_write_pid("bench-pids", kids[i]);
	}
	for (i = 0; i < READS; i++) {
		count = sizeof(buf) / sizeof(buf[0]);
		t0 = now_ns();
		REQUIRE(!ctrl_pids(fd, id, 0, 0, buf, &count, &total, NULL), "pids");
		t_ioctl[i] = now_ns() - t0;
		REQUIRE(count == (uint32_t)n, "pids: %u of %d", count, n);
	}
	for (i = 0; i < READS; i++) {
		t0 = now_ns();
		f = open(CG "/bench-pids/cgroup.procs", O_RDONLY);
		REQUIRE(f >= 0, "open cgroup.procs");
		len = 0;
		while ((r = read(f, text + len, sizeof(text) - len)) > 0)
			len += r;
		close(f);
		t_cg[i] = now_ns() - t0;
	}
	printf("read the pids of %d processes (median of %d, us):\n", n, READS);
	printf("  containerctl PIDS ioctl      %10.1f\n", median_us(t_ioctl, READS));
	printf("  cgroup v2 cgroup.procs read  %10.1f\n", median_us(t_cg, READS));

	for (i = 0; i < n; i++)
		kill(kids[i], SIGKILL);
	for (i = 0; i < n; i++)
		waitpid(kids[i], NULL, 0);
	ctrl_destroy(fd, id);
	rmdir(CG "/bench-pids");
	free(kids);
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 10000;

	fd = ctrl_open();
	REQUIRE(fd >= 0, "open: %s", strerror(-fd));
	bench_attach();
	bench_pids(n);
	return ctrtest_done();
}
