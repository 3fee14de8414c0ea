// SPDX-License-Identifier: GPL-2.0
/*
 * Memory and /proc/containers benchmark, in the VM; the output is the
 * BENCH lines of bench.h.
 *  - memory: kernel memory (Slab + Percpu + VmallocUsed of /proc/meminfo)
 *    taken by 10 000 containers, 10 000 cgroups v2 (mkdir, no controllers
 *    enabled) and 10 000 cgroups of a v1 hierarchy without controllers, in
 *    bytes per group; the median of repeated runs, each measured from a
 *    settled baseline;
 *  - memory-task: the same for 10 000 processes moved from the root into
 *    a container (the module's per-task record) and into a cgroup v2 child;
 *  - proc: the time to read /proc/containers, open to close, with 10 000
 *    and with 100 000 containers.
 */
#define _GNU_SOURCE
#include <sys/wait.h>

#include <containerctl/ctrl.h>

#include "bench.h"

static int fd;
static int v1;
static char v1_why[160];

/* Slab + Percpu + VmallocUsed, in kB. */
static long kernel_kb(void)
{
	static const char *const keys[] = { "Slab:", "Percpu:", "VmallocUsed:" };
	FILE *f = fopen("/proc/meminfo", "r");
	char line[256];
	long sum = 0, v;
	int found = 0;
	size_t i;

	REQUIRE(f, "open /proc/meminfo");
	while (fgets(line, sizeof(line), f)) {
		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
			size_t len = strlen(keys[i]);

			if (!strncmp(line, keys[i], len) &&
			    sscanf(line + len, "%ld", &v) == 1) {
				sum += v;
				found++;
			}
		}
	}
	fclose(f);
	REQUIRE(found == 3, "/proc/meminfo: %d of Slab, Percpu, VmallocUsed", found);
	return sum;
}

/* Lets RCU callbacks and deferred frees run, then measures. */
static long settled_kb(void)
{
	usleep(bench_quick ? 50000 : 1500000);
	return kernel_kb();
}

/* @n containers: n/100 parents under @top, the rest spread below them. */
static void ctr_tree(uint64_t top, int n, uint64_t *ids)
{
	int parents = n / 100 ? n / 100 : 1, i;
	char name[16];

	for (i = 0; i < n; i++) {
		if (i < parents) {
			snprintf(name, sizeof(name), "p%d", i);
			REQUIRE(!ctrl_create(fd, top, name, 0755, 0, &ids[i]), "create %s", name);
		} else {
			snprintf(name, sizeof(name), "c%d", i);
			REQUIRE(!ctrl_create(fd, ids[i % parents], name, 0755, 0, &ids[i]),
				"create %s", name);
		}
	}
}

static void ctr_untree(int n, const uint64_t *ids)
{
	int i;

	for (i = n - 1; i >= 0; i--)
		REQUIRE(!ctrl_destroy(fd, ids[i]), "destroy %d", i);
}

static void cg_path(char *buf, size_t len, const char *top, int n, int i)
{
	int parents = n / 100 ? n / 100 : 1;

	if (i < parents)
		snprintf(buf, len, "%s/p%d", top, i);
	else
		snprintf(buf, len, "%s/p%d/c%d", top, i % parents, i);
}

static void cg_tree(const char *top, int n)
{
	char path[256];
	int i;

	for (i = 0; i < n; i++) {
		cg_path(path, sizeof(path), top, n, i);
		REQUIRE(!mkdir(path, 0755), "mkdir %s: %s", path, strerror(errno));
	}
}

static void cg_untree(const char *top, int n)
{
	char path[256];
	int i;

	for (i = n - 1; i >= 0; i--) {
		cg_path(path, sizeof(path), top, n, i);
		must_rmdir(path);
	}
}

static void bench_memory(void)
{
	int n = bench_n(10000, 50), runs = bench_n(3, 1), i;
	double *b[3];
	uint64_t top, *ids = calloc(n, sizeof(*ids));
	long before;

	REQUIRE(ids, "calloc");
	for (i = 0; i < 3; i++) {
		b[i] = calloc(runs, sizeof(double));
		REQUIRE(b[i], "calloc");
	}
	REQUIRE(!ctrl_create(fd, CONTAINERCTL_ROOT_ID, "bench-mem", 0755, 0, &top), "create");
	must_mkdir(CG2 "/bench-mem");
	if (!v1)
		must_mkdir(CG1 "/bench-mem");
	for (i = 0; i < runs; i++) {
		before = settled_kb();
		ctr_tree(top, n, ids);
		b[0][i] = (kernel_kb() - before) * 1024.0 / n;
		ctr_untree(n, ids);

		before = settled_kb();
		cg_tree(CG2 "/bench-mem", n);
		b[1][i] = (kernel_kb() - before) * 1024.0 / n;
		cg_untree(CG2 "/bench-mem", n);

		if (!v1) {
			before = settled_kb();
			cg_tree(CG1 "/bench-mem", n);
			b[2][i] = (kernel_kb() - before) * 1024.0 / n;
			cg_untree(CG1 "/bench-mem", n);
		}
	}
	table_begin("memory", "bytes",
		    "kernel memory per group, %d groups (Slab+Percpu+VmallocUsed deltas, median of %d)",
		    n, runs);
	row("container", median_d(b[0], runs), "container", "containerctl: a container");
	row("v2", median_d(b[1], runs), "container", "cgroup v2: a cgroup (no controllers)");
	if (!v1)
		row("v1", median_d(b[2], runs), "container", "cgroup v1 (none,name=): a cgroup");
	else
		row_skip("v1", v1_why, "cgroup v1 (none,name=): a cgroup");
	table_end();

	CHECK_RET(ctrl_destroy(fd, top), 0);
	must_rmdir(CG2 "/bench-mem");
	if (!v1)
		must_rmdir(CG1 "/bench-mem");
	for (i = 0; i < 3; i++)
		free(b[i]);
	free(ids);
}

static void bench_memory_task(void)
{
	int n = bench_n(10000, 30), runs = bench_n(3, 1), i, j, root, child;
	pid_t *kids = calloc(n, sizeof(*kids));
	double *b[2];
	uint32_t moved, err;
	uint64_t id;
	long before;

	REQUIRE(kids, "calloc");
	for (i = 0; i < 2; i++) {
		b[i] = calloc(runs, sizeof(double));
		REQUIRE(b[i], "calloc");
	}
	for (i = 0; i < n; i++)
		kids[i] = sleeper();
	REQUIRE(!ctrl_create(fd, CONTAINERCTL_ROOT_ID, "bench-task", 0755, 0, &id), "create");
	must_mkdir(CG2 "/bench-task");
	root = open_procs(CG2, "cgroup.procs");
	child = open_procs(CG2 "/bench-task", "cgroup.procs");
	for (i = 0; i < runs; i++) {
		before = settled_kb();
		REQUIRE(!ctrl_attach_batch(fd, id, kids, n, 0, &moved, &err), "attach batch");
		b[0][i] = (kernel_kb() - before) * 1024.0 / n;
		REQUIRE(!ctrl_attach_batch(fd, CONTAINERCTL_ROOT_ID, kids, n, 0, &moved, &err),
			"attach batch to the root");

		before = settled_kb();
		for (j = 0; j < n; j++)
			write_pid(child, kids[j]);
		b[1][i] = (kernel_kb() - before) * 1024.0 / n;
		for (j = 0; j < n; j++)
			write_pid(root, kids[j]);
	}
	table_begin("memory-task", "bytes",
		    "kernel memory per process moved out of the root, %d processes (median of %d)",
		    n, runs);
	row("container", median_d(b[0], runs), "container",
	    "containerctl: a process in a container");
	row("v2", median_d(b[1], runs), "container", "cgroup v2: a process in a child cgroup");
	table_end();

	for (i = 0; i < n; i++)
		kill(kids[i], SIGKILL);
	for (i = 0; i < n; i++)
		waitpid(kids[i], NULL, 0);
	close(root);
	close(child);
	CHECK_RET(ctrl_destroy(fd, id), 0);
	must_rmdir(CG2 "/bench-task");
	for (i = 0; i < 2; i++)
		free(b[i]);
	free(kids);
}

/* Reads /proc/containers open to close; returns its number of lines. */
static size_t proc_read(char *buf, size_t size)
{
	size_t lines = 0;
	ssize_t r, i;
	int f = open("/proc/containers", O_RDONLY | O_CLOEXEC);

	REQUIRE(f >= 0, "open /proc/containers: %s", strerror(errno));
	while ((r = read(f, buf, size)) > 0)
		for (i = 0; i < r; i++)
			lines += buf[i] == '\n';
	REQUIRE(r == 0, "read /proc/containers: %s", strerror(errno));
	close(f);
	return lines;
}

static void bench_proc(void)
{
	const int full[] = { 10000, 100000 }, quick[] = { 50, 300 };
	int reads = bench_n(5, 3), s, i, n[2], total[2];
	uint64_t *t = calloc(reads, sizeof(*t)), top, t0, *ids;
	static char buf[1 << 16];
	double us[2];
	size_t lines, base;

	REQUIRE(t, "calloc");
	/* A header line, then one per container: the root at least. */
	base = proc_read(buf, sizeof(buf));
	for (s = 0; s < 2; s++) {
		n[s] = bench_quick ? quick[s] : full[s];
		ids = calloc(n[s], sizeof(*ids));
		REQUIRE(ids, "calloc");
		/* The root, "bench-proc" and n - 2 below it. */
		REQUIRE(!ctrl_create(fd, CONTAINERCTL_ROOT_ID, "bench-proc", 0755, 0, &top),
			"create");
		ctr_tree(top, n[s] - 2, ids);
		for (i = 0; i < reads; i++) {
			t0 = now_ns();
			lines = proc_read(buf, sizeof(buf));
			t[i] = now_ns() - t0;
			REQUIRE(lines == base + n[s] - 1, "/proc/containers: %zu lines, not %zu",
				lines, base + n[s] - 1);
		}
		total[s] = lines - 1;
		us[s] = median_us(t, reads);
		ctr_untree(n[s] - 2, ids);
		CHECK_RET(ctrl_destroy(fd, top), 0);
		free(ids);
	}
	table_begin("proc", "us", "read /proc/containers, open to close (median of %d)", reads);
	row("small", us[0], "small", "%d containers", total[0]);
	row("large", us[1], "small", "%d containers", total[1]);
	table_end();
	free(t);
}

int main(void)
{
	bench_init();
	fd = ctrl_open();
	REQUIRE(fd >= 0, "open: %s", strerror(-fd));
	v1 = cgroup_v1_mount(v1_why, sizeof(v1_why));
	if (bench_want("memory"))
		bench_memory();
	if (bench_want("memory-task"))
		bench_memory_task();
	if (bench_want("proc"))
		bench_proc();
	if (!v1)
		cgroup_v1_umount();
	return ctrtest_done();
}
