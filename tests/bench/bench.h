/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of the benchmarks (tests/bench/), run in the VM by `make bench`
 * and, with tiny counts (CTR_BENCH_QUICK=1), by tests/vm/t/71-bench-quick.sh.
 *
 * Every figure is printed as one machine-readable line, so that
 * tools/bench-report.sh can turn the console log into docs/benchmarks.md:
 *
 *   BENCH-CLOCK|the clock's step in ns
 *   BENCH-TABLE|table|unit|title
 *   BENCH|table|key|value|base key or -|label
 *   BENCH-SKIP|table|key|reason|label
 *   BENCH-END|table|rows
 *
 * The ratio of a row is its value divided by the value of its base row in
 * the same table.
 *
 * In make bench's counted boots (tests/vm/run.sh count: one vCPU, QEMU's
 * -icount, so the guest's clock advances one nanosecond per instruction
 * executed), CTR_BENCH_COUNTED=1 names every table "count-TABLE" and
 * CTR_BENCH_ONLY lists the groups of tables to run (bench_want()). A comparison that cannot run on this kernel (a cgroup v1
 * hierarchy that cannot be mounted) is a BENCH-SKIP row; anything else that
 * fails ends the program with a non-zero status.
 */
#ifndef _CTR_BENCH_H
#define _CTR_BENCH_H

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ctrtest.h"

#define CG2 "/sys/fs/cgroup"
#define CG1 "/tmp/ctrbench-v1"

static int bench_quick;
static int bench_counted;
static const char *bench_only;
static const char *bench_table;
static int bench_rows;

/* The count to use: @full for `make bench`, @quick in quick mode. */
static inline int bench_n(int full, int quick)
{
	return bench_quick ? quick : full;
}

static inline uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/*
 * The smallest step CLOCK_MONOTONIC is seen to take: a kernel without a
 * fine clocksource (the debug kernel's) counts in ticks, and then a short
 * operation can measure 0.
 */
static inline uint64_t bench_clock_step(void)
{
	uint64_t best = ~0ULL, t0, t1;
	int i;

	for (i = 0; i < 5; i++) {
		t0 = now_ns();
		while ((t1 = now_ns()) == t0)
			;
		if (t1 - t0 < best)
			best = t1 - t0;
	}
	return best;
}

/* Prints BENCH-CLOCK|step in ns, for the quick test. */
static inline void bench_init(void)
{
	const char *q = getenv("CTR_BENCH_QUICK");

	bench_quick = q && *q && strcmp(q, "0");
	q = getenv("CTR_BENCH_COUNTED");
	bench_counted = q && *q && strcmp(q, "0");
	bench_only = getenv("CTR_BENCH_ONLY");
	/* Children fork from us: never leave output in a buffer they copy. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("BENCH-CLOCK|%llu\n", (unsigned long long)bench_clock_step());
}

/*
 * Whether the tables of group @name are to run: always, unless
 * CTR_BENCH_ONLY lists groups separated by spaces and @name is not one.
 */
static inline int bench_want(const char *name)
{
	const char *p = bench_only;
	size_t n = strlen(name);

	if (!p || !*p)
		return 1;
	while ((p = strstr(p, name))) {
		if ((p == bench_only || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return 1;
		p += n;
	}
	return 0;
}

static inline int bench_cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The median of @n durations in ns, in microseconds (sorts @v). */
static inline double median_us(uint64_t *v, int n)
{
	qsort(v, n, sizeof(*v), bench_cmp_u64);
	return v[n / 2] / 1000.0;
}

static inline int bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static inline double median_d(double *v, int n)
{
	qsort(v, n, sizeof(*v), bench_cmp_double);
	return v[n / 2];
}

static inline void table_begin(const char *table, const char *unit,
			       const char *fmt, ...)
{
	va_list ap;

	REQUIRE(!bench_table, "table %s not ended", bench_table);
	bench_table = table;
	bench_rows = 0;
	printf("BENCH-TABLE|%s%s|%s|", bench_counted ? "count-" : "", table, unit);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	if (bench_counted)
		printf(", counted: one vCPU, -icount");
	putchar('\n');
}

/* One figure; @base: the key of the row it is compared to, or NULL. */
static inline void row(const char *key, double value, const char *base,
		       const char *fmt, ...)
{
	va_list ap;

	REQUIRE(bench_table, "row %s outside a table", key);
	printf("BENCH|%s%s|%s|%.2f|%s|", bench_counted ? "count-" : "", bench_table, key,
	       value, base ? base : "-");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	bench_rows++;
}

static inline void row_skip(const char *key, const char *reason,
			    const char *label)
{
	REQUIRE(bench_table, "row %s outside a table", key);
	printf("BENCH-SKIP|%s%s|%s|%s|%s\n", bench_counted ? "count-" : "", bench_table, key,
	       reason, label);
	bench_rows++;
}

static inline void table_end(void)
{
	printf("BENCH-END|%s%s|%d\n", bench_counted ? "count-" : "", bench_table, bench_rows);
	bench_table = NULL;
}

/* A child that waits to be killed (and dies with us). */
static inline pid_t sleeper(void)
{
	pid_t p = fork();

	REQUIRE(p >= 0, "fork: %s", strerror(errno));
	if (!p) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		for (;;)
			pause();
	}
	return p;
}

/*
 * In a child: fork @n children that exit at once, then reap them all
 * (waiting for each in turn would measure how soon an idle emulated CPU
 * wakes up). Returns 0, or the exit status the child is to end with: 3 if
 * a fork failed, 4 if a wait did.
 */
static inline int bench_fork_reap(int n)
{
	pid_t k;
	int i;

	for (i = 0; i < n; i++) {
		k = fork();
		if (!k)
			_exit(0);
		if (k < 0)
			return 3;
	}
	for (i = 0; i < n; i++)
		if (wait(NULL) < 0)
			return 4;
	return 0;
}

/* Writes @pid to an open cgroup.procs or tasks file. */
static inline void write_pid(int f, pid_t pid)
{
	char buf[16];
	int n = snprintf(buf, sizeof(buf), "%d", pid);

	REQUIRE(pwrite(f, buf, n, 0) == n, "write pid %d: %s", pid, strerror(errno));
}

static inline int open_procs(const char *dir, const char *file)
{
	char path[256];
	int f;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	f = open(path, O_WRONLY | O_CLOEXEC);
	REQUIRE(f >= 0, "open %s: %s", path, strerror(errno));
	return f;
}

/*
 * Mounts the cgroup v1 hierarchy without controllers, named "ctrbench", at
 * CG1 (once). Returns 0, or -errno if this kernel cannot (the reason is
 * left in @why).
 */
static inline int cgroup_v1_mount(char *why, size_t len)
{
	static int state = 1;	/* 1: not tried, 0: mounted, <0: -errno */

	if (state == 1) {
		mkdir(CG1, 0755);
		if (mount("cgroup", CG1, "cgroup", 0, "none,name=ctrbench")) {
			state = -errno;
			snprintf(why, len, "mount -t cgroup -o none,name=ctrbench: %s",
				 strerror(errno));
			rmdir(CG1);
		} else {
			state = 0;
		}
	} else if (state < 0) {
		snprintf(why, len, "mount -t cgroup -o none,name=ctrbench: %s",
			 strerror(-state));
	}
	return state;
}

static inline void cgroup_v1_umount(void)
{
	if (!umount(CG1))
		rmdir(CG1);
}

/* mkdir that must succeed (or find the directory there). */
static inline void must_mkdir(const char *path)
{
	REQUIRE(!mkdir(path, 0755) || errno == EEXIST, "mkdir %s: %s", path,
		strerror(errno));
}

/* rmdir, retried while the kernel still has the cgroup busy. */
static inline void must_rmdir(const char *path)
{
	int i;

	for (i = 0; i < 200; i++) {
		if (!rmdir(path) || errno == ENOENT)
			return;
		if (errno != EBUSY)
			break;
		usleep(10000);
	}
	REQUIRE(0, "rmdir %s: %s", path, strerror(errno));
}

#endif /* _CTR_BENCH_H */
