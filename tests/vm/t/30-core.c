// SPDX-License-Identifier: GPL-2.0
/*
 * The core ABI: every ioctl, its errors (state unchanged after each refused
 * call), membership across fork, vfork, threads and exit, pid snapshots
 * against a scan of /proc, paging, batch attach, permissions with an
 * unprivileged uid, and a fork bomb wiped out by one kill.
 *
 * Runs as root in the test VM, with no container but the root at start, and
 * leaves none behind.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <containerctl/ctrl.h>

#include "ctrtest.h"
#include "ctrtest-ctrl.h"

#define ROOT CONTAINERCTL_ROOT_ID


/* A child that waits until killed; returned after it is running. */
static pid_t spawn_sleeper(void)
{
	pid_t pid = fork();

	REQUIRE(pid >= 0, "fork");
	if (!pid) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		for (;;)
			pause();
	}
	return pid;
}

static void reap(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

static void test_info(void)
{
	struct containerctl_info info;
	struct {
		struct containerctl_info info;
		uint64_t extra;
	} big;

	CHECK_RET(ctrl_info(fd, &info), 0);
	CHECK(info.abi_version == CONTAINERCTL_ABI_VERSION, "abi %u", info.abi_version);
	CHECK(info.features & CONTAINERCTL_FEAT_CORE, "features %llx",
	      (unsigned long long)info.features);
	CHECK(info.nr_containers == 1, "%u containers at start", info.nr_containers);
	CHECK(info.name_max == CONTAINERCTL_NAME_MAX, "name_max %u", info.name_max);
	CHECK(info.max_depth >= 8, "max_depth %u", info.max_depth);

	/* Size rules: too small, larger with a zero tail, non-zero tail. */
	memset(&info, 0, sizeof(info));
	info.size = CONTAINERCTL_INFO_SIZE_VER0 - 8;
	CHECK(ioctl(fd, CONTAINERCTL_IOC_INFO, &info) == -1 && errno == EINVAL,
	      "short size: errno %d", errno);
	memset(&big, 0, sizeof(big));
	big.info.size = sizeof(big);
	CHECK(ioctl(fd, CONTAINERCTL_IOC_INFO, &big) == 0, "zero tail: errno %d", errno);
	CHECK(big.info.abi_version == CONTAINERCTL_ABI_VERSION && big.extra == 0,
	      "zero tail: abi %u extra %llx", big.info.abi_version,
	      (unsigned long long)big.extra);
	memset(&big, 0, sizeof(big));
	big.info.size = sizeof(big);
	big.extra = 1;
	CHECK(ioctl(fd, CONTAINERCTL_IOC_INFO, &big) == -1 && errno == E2BIG,
	      "non-zero tail: errno %d", errno);
	memset(&info, 0, sizeof(info));
	info.size = sizeof(info);
	info.flags = 1;
	CHECK(ioctl(fd, CONTAINERCTL_IOC_INFO, &info) == -1 && errno == EINVAL,
	      "flags: errno %d", errno);
	CHECK(ioctl(fd, CONTAINERCTL_IOC_INFO, (void *)8) == -1 && errno == EFAULT,
	      "bad pointer: errno %d", errno);
}

static void test_tree(void)
{
	struct containerctl_create cr;
	struct containerctl_stat st, root;
	uint64_t a, b, c, id, ids[4];
	uint32_t count, total;
	char path[64], long_name[80];

	CHECK_RET(ctrl_create(fd, ROOT, "a", 0755, 0, &a), 0);
	CHECK_RET(ctrl_create(fd, a, "b", 0700, 0, &b), 0);
	CHECK_RET(ctrl_create(fd, a, "c.d-e_1", 0755, 0, &c), 0);
	CHECK(a > ROOT && b > a && c > b, "ids %llu %llu %llu",
	      (unsigned long long)a, (unsigned long long)b, (unsigned long long)c);
	CHECK(nr_containers() == 4, "%u containers", nr_containers());

	CHECK_RET(ctrl_lookup(fd, "/a/b", &id), 0);
	CHECK(id == b, "lookup /a/b: %llu", (unsigned long long)id);
	CHECK_RET(ctrl_lookup(fd, "/a/b/", &id), 0);
	CHECK_RET(ctrl_lookup(fd, "/", &id), 0);
	CHECK(id == ROOT, "lookup /: %llu", (unsigned long long)id);
	CHECK_RET(ctrl_lookup(fd, "/a/x", &id), -ENOENT);
	CHECK_RET(ctrl_lookup(fd, "a/b", &id), -EINVAL);
	/* A run of '/' is one, as in file names (docs/abi.md, "Paths"). */
	id = 0;
	CHECK_RET(ctrl_lookup(fd, "/a//b", &id), 0);
	CHECK(id == b, "lookup /a//b: %llu", (unsigned long long)id);
	id = 0;
	CHECK_RET(ctrl_lookup(fd, "//a///b//", &id), 0);
	CHECK(id == b, "lookup //a///b//: %llu", (unsigned long long)id);
	id = 0;
	CHECK_RET(ctrl_lookup(fd, "//", &id), 0);
	CHECK(id == ROOT, "lookup //: %llu", (unsigned long long)id);
	CHECK_RET(ctrl_lookup(fd, "//x", &id), -ENOENT);
	{
		struct containerctl_stat pst;

		uint64_t n = 0;

		CHECK_RET(ctrl_stat_path(fd, "//a//b/", &pst), 0);
		CHECK(pst.id == b, "stat_path //a//b/: %llu", (unsigned long long)pst.id);
		CHECK_RET(ctrl_create_path(fd, "//a//n//", 0755, 0, &n), 0);
		CHECK_RET(ctrl_lookup(fd, "/a/n", &id), 0);
		CHECK(id == n, "create_path //a//n//: %llu, /a/n %llu",
		      (unsigned long long)n, (unsigned long long)id);
		CHECK_RET(ctrl_create_path(fd, "/a/n/", 0755, 0, &id), -EEXIST);
		CHECK_RET(ctrl_create_path(fd, "//", 0755, 0, &id), -EEXIST);
		CHECK_RET(ctrl_destroy_path(fd, "/a//n/"), 0);
	}

	CHECK_RET(ctrl_path(fd, c, path, sizeof(path)), 0);
	CHECK(!strcmp(path, "/a/c.d-e_1"), "path %s", path);
	CHECK_RET(ctrl_path(fd, ROOT, path, sizeof(path)), 0);
	CHECK(!strcmp(path, "/"), "root path %s", path);
	CHECK_RET(ctrl_path(fd, b, path, 4), -ERANGE);

	st = stat_of(b);
	CHECK(st.parent == a && st.depth == 2 && st.mode == 0700 &&
	      st.uid == 0 && st.gid == 0 && !strcmp(st.name, "b") &&
	      st.nr_threads == 0 && st.nr_procs == 0 && st.nr_children == 0 &&
	      st.max_descendants == UINT64_MAX && st.ctime_ns > 0,
	      "stat b: parent %llu depth %u mode %o name %s",
	      (unsigned long long)st.parent, st.depth, st.mode, st.name);
	st = stat_of(a);
	CHECK(st.nr_children == 2 && st.nr_descendants == 2, "a: %u children %llu desc",
	      st.nr_children, (unsigned long long)st.nr_descendants);
	root = stat_of(ROOT);
	CHECK(root.parent == 0 && root.depth == 0 && root.nr_threads > 0 &&
	      root.nr_procs > 0 && root.nr_procs <= root.nr_threads,
	      "root: procs %llu threads %llu", (unsigned long long)root.nr_procs,
	      (unsigned long long)root.nr_threads);

	count = 4;
	CHECK_RET(ctrl_children(fd, a, 0, ids, &count, &total), 0);
	CHECK(count == 2 && total == 2 && ids[0] == b && ids[1] == c,
	      "children: %u of %u", count, total);
	count = 1;
	CHECK_RET(ctrl_children(fd, a, b, ids, &count, &total), 0);
	CHECK(count == 1 && ids[0] == c, "children after cursor: %u", count);

	/* Refused creates change nothing. */
	memset(long_name, 'x', sizeof(long_name));
	long_name[CONTAINERCTL_NAME_MAX - 1] = '\0';
	CHECK_RET(ctrl_create(fd, a, long_name, 0755, 0, &id), 0);
	CHECK_RET(ctrl_destroy(fd, id), 0);
	CHECK_RET(ctrl_create(fd, a, "", 0755, 0, &id), -EINVAL);
	CHECK_RET(ctrl_create(fd, a, ".", 0755, 0, &id), -EINVAL);
	CHECK_RET(ctrl_create(fd, a, "..", 0755, 0, &id), -EINVAL);
	CHECK_RET(ctrl_create(fd, a, "x/y", 0755, 0, &id), -EINVAL);
	CHECK_RET(ctrl_create(fd, a, "sp ace", 0755, 0, &id), -EINVAL);
	CHECK_RET(ctrl_create(fd, a, "b", 0755, 0, &id), -EEXIST);
	CHECK_RET(ctrl_create(fd, 999999, "z", 0755, 0, &id), -ENOENT);
	CHECK_RET(ctrl_create(fd, a, "z", 01755, 0, &id), -EINVAL);
	/* bits above 16 too (the fuzzer found them ignored) */
	CHECK_RET(ctrl_create(fd, a, "z", 0x10000 | 0755, 0, &id), -EINVAL);
	CHECK_RET(ctrl_create(fd, a, "z", 0x80000000u | 0755, 0, &id), -EINVAL);
	CHECK_RET(ctrl_create(fd, a, "z", 0755, 1u << 31, &id), -EINVAL);
	memset(&cr, 0, sizeof(cr));
	cr.size = sizeof(cr);
	cr.parent = a;
	strcpy(cr.name, "z");
	cr.clear_flags = 1u << 31;
	CHECK(ioctl(fd, CONTAINERCTL_IOC_CREATE, &cr) == -1 && errno == EINVAL,
	      "unknown clear_flags: errno %d", errno);
	memset(cr.name, 'y', sizeof(cr.name));
	cr.clear_flags = 0;
	CHECK(ioctl(fd, CONTAINERCTL_IOC_CREATE, &cr) == -1 && errno == ENAMETOOLONG,
	      "unterminated name: errno %d", errno);
	CHECK(nr_containers() == 4, "%u containers after refusals", nr_containers());
	CHECK(stat_of(a).nr_children == 2, "children changed");

	/* Destroy: busy, root, missing; ids never reused. */
	CHECK_RET(ctrl_destroy(fd, a), -EBUSY);
	CHECK_RET(ctrl_destroy(fd, ROOT), -EBUSY);
	CHECK_RET(ctrl_destroy(fd, 999999), -ENOENT);
	CHECK_RET(ctrl_destroy(fd, b), 0);
	CHECK_RET(ctrl_destroy(fd, b), -ENOENT);
	CHECK_RET(ctrl_stat(fd, b, &st), -ENOENT);
	CHECK_RET(ctrl_create(fd, a, "b", 0755, 0, &id), 0);
	CHECK(id > c, "id %llu reused or smaller", (unsigned long long)id);
	CHECK_RET(ctrl_destroy(fd, id), 0);
	CHECK_RET(ctrl_destroy(fd, c), 0);
	CHECK_RET(ctrl_destroy(fd, a), 0);
	CHECK(nr_containers() == 1, "%u containers left", nr_containers());
}

static void test_limits(void)
{
	struct containerctl_set set = { .size = sizeof(set) };
	struct containerctl_info info;
	uint64_t ids[64], a, x;
	unsigned int depth;
	int ret = 0;

	/* Depth: creating below max_depth fails with EMLINK. */
	REQUIRE(!ctrl_info(fd, &info), "info");
	ids[0] = ROOT;
	for (depth = 1; depth <= info.max_depth && depth < 64; depth++) {
		ret = ctrl_create(fd, ids[depth - 1], "d", 0755, 0, &ids[depth]);
		if (ret)
			break;
	}
	CHECK(depth == info.max_depth + 1, "stopped at depth %u of %u: %d",
	      depth, info.max_depth, ret);
	CHECK_RET(ctrl_create(fd, ids[depth - 1], "d", 0755, 0, &x), -EMLINK);
	while (--depth >= 1)
		CHECK_RET(ctrl_destroy(fd, ids[depth]), 0);

	/* max_descendants of an ancestor: EDQUOT. */
	CHECK_RET(ctrl_create(fd, ROOT, "lim", 0755, 0, &a), 0);
	set.id = a;
	set.flags = CONTAINERCTL_SET_MAX_DESCENDANTS;
	set.max_descendants = 2;
	CHECK_RET(ctrl_set(fd, &set), 0);
	CHECK_RET(ctrl_create(fd, a, "1", 0755, 0, &ids[1]), 0);
	CHECK_RET(ctrl_create(fd, ids[1], "2", 0755, 0, &ids[2]), 0);
	CHECK_RET(ctrl_create(fd, ids[1], "3", 0755, 0, &x), -EDQUOT);
	CHECK_RET(ctrl_create(fd, a, "3", 0755, 0, &x), -EDQUOT);
	CHECK(stat_of(a).max_descendants == 2, "max_descendants not set");
	CHECK_RET(ctrl_destroy(fd, ids[2]), 0);
	CHECK_RET(ctrl_destroy(fd, ids[1]), 0);
	CHECK_RET(ctrl_destroy(fd, a), 0);

	/* max_containers (module parameter, root included): ENOSPC. */
	REQUIRE(!set_param("max_containers", "3"), "set max_containers");
	CHECK_RET(ctrl_create(fd, ROOT, "n1", 0755, 0, &ids[1]), 0);
	CHECK_RET(ctrl_create(fd, ROOT, "n2", 0755, 0, &ids[2]), 0);
	CHECK_RET(ctrl_create(fd, ROOT, "n3", 0755, 0, &x), -ENOSPC);
	CHECK(nr_containers() == 3, "%u containers", nr_containers());
	REQUIRE(!set_param("max_containers", "1048576"), "restore max_containers");
	CHECK_RET(ctrl_destroy(fd, ids[2]), 0);
	CHECK_RET(ctrl_destroy(fd, ids[1]), 0);
}

static void *thread_sleep(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

static void test_membership(void)
{
	struct containerctl_stat st;
	uint64_t a, b, gen;
	uint32_t pids[8], count, total;
	int status, ready[2];
	pid_t p, q;
	char c;

	CHECK_RET(ctrl_create(fd, ROOT, "m", 0755, 0, &a), 0);
	CHECK_RET(ctrl_create(fd, a, "n", 0755, 0, &b), 0);
	p = spawn_sleeper();
	CHECK(which(p) == ROOT, "sleeper not in root");

	CHECK_RET(ctrl_attach(fd, a, p, 0), 0);
	CHECK(which(p) == a, "after attach: %llu", (unsigned long long)which(p));
	st = stat_of(a);
	CHECK(st.nr_procs == 1 && st.nr_threads == 1, "procs %llu threads %llu",
	      (unsigned long long)st.nr_procs, (unsigned long long)st.nr_threads);
	count = 8;
	CHECK_RET(ctrl_pids(fd, a, 0, 0, pids, &count, &total, &gen), 0);
	CHECK(count == 1 && total == 1 && pids[0] == (uint32_t)p, "pids: %u", count);
	/* Attaching where it already is changes nothing. */
	CHECK_RET(ctrl_attach(fd, a, p, 0), 0);
	CHECK(stat_of(a).generation == gen, "generation moved on a no-op attach");

	/* Refusals change nothing. */
	CHECK_RET(ctrl_attach(fd, a, 0x7ffffff0, 0), -ESRCH);
	CHECK_RET(ctrl_attach(fd, 999999, p, 0), -ENOENT);
	CHECK_RET(ctrl_attach(fd, b, p, 0x80), -EINVAL);
	CHECK(which(p) == a && stat_of(a).generation == gen, "refused attach moved it");
	CHECK_RET(ctrl_which(fd, 0x7ffffff0, &gen), -ESRCH);
	CHECK_RET(ctrl_destroy(fd, a), -EBUSY);

	/*
	 * A tracked task's children and threads start where it is. Q says
	 * when it is set (its thread created, its two children reaped): one
	 * byte on the pipe; none (EOF) if it failed.
	 */
	REQUIRE(!pipe(ready), "pipe");
	q = fork();
	if (!q) {
		pthread_t t;
		pid_t v;

		close(ready[0]);
		if (ctrl_attach(fd, b, 0, 0))
			_exit(2);
		pthread_create(&t, NULL, thread_sleep, NULL);
		v = vfork();
		if (!v)
			_exit(0);
		waitpid(v, NULL, 0);
		v = fork();
		if (!v)
			_exit(which(0) == b ? 0 : 3);
		waitpid(v, &status, 0);
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			_exit(4);
		if (write(ready[1], "x", 1) != 1)
			_exit(5);
		for (;;)
			pause();
	}
	close(ready[1]);
	CHECK(read(ready[0], &c, 1) == 1, "the child in b failed before it was set");
	close(ready[0]);
	st = stat_of(b);
	CHECK(st.nr_procs == 1 && st.nr_threads == 2, "b: procs %llu threads %llu",
	      (unsigned long long)st.nr_procs, (unsigned long long)st.nr_threads);
	count = 8;
	CHECK_RET(ctrl_pids(fd, b, CONTAINERCTL_PIDS_THREADS, 0, pids, &count, &total, NULL), 0);
	CHECK(count == 2 && pids[0] == (uint32_t)q, "threads of b: %u", count);
	count = 8;
	CHECK_RET(ctrl_pids(fd, a, CONTAINERCTL_PIDS_SUBTREE, 0, pids, &count, &total, NULL), 0);
	CHECK(count == 2, "subtree of a: %u processes", count);
	CHECK_RET(ctrl_pids(fd, a, 0x10, 0, pids, &count, &total, NULL), -EINVAL);

	/* A single thread moves alone. */
	count = 8;
	CHECK_RET(ctrl_pids(fd, b, CONTAINERCTL_PIDS_THREADS, 0, pids, &count, &total, NULL), 0);
	if (count == 2) {
		CHECK_RET(ctrl_attach(fd, a, pids[1], CONTAINERCTL_ATTACH_THREAD), 0);
		CHECK(which(pids[1]) == a && which(q) == b, "thread move");
		CHECK(stat_of(a).nr_threads == 2 && stat_of(b).nr_threads == 1,
		      "counts after thread move");
		/* The whole group moves back, thread included. */
		CHECK_RET(ctrl_attach(fd, b, q, 0), 0);
		CHECK(which(pids[1]) == b, "group move left a thread");
	}

	/* Exit removes. */
	reap(q);
	reap(p);
	CHECK(stat_of(b).nr_threads == 0 && stat_of(a).nr_threads == 0,
	      "exited tasks still counted: %llu %llu",
	      (unsigned long long)stat_of(a).nr_threads,
	      (unsigned long long)stat_of(b).nr_threads);
	CHECK_RET(ctrl_destroy(fd, b), 0);
	CHECK_RET(ctrl_destroy(fd, a), 0);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Thread ids /proc shows in container @id (through WHICH), sorted. */
static uint32_t proc_scan(uint64_t id, uint32_t *out, uint32_t cap)
{
	char path[300];
	struct dirent *p, *t;
	DIR *proc, *task;
	uint32_t n = 0;
	uint64_t in;

	proc = opendir("/proc");
	REQUIRE(proc, "opendir /proc");
	while ((p = readdir(proc))) {
		if (p->d_name[0] < '1' || p->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/task", p->d_name);
		task = opendir(path);
		if (!task)
			continue;
		while ((t = readdir(task)))
			if (t->d_name[0] >= '1' && t->d_name[0] <= '9' &&
			    !ctrl_which(fd, atoi(t->d_name), &in) && in == id &&
			    n < cap)
				out[n++] = atoi(t->d_name);
		closedir(task);
	}
	closedir(proc);
	qsort(out, n, sizeof(*out), cmp_u32);
	return n;
}

#define NR_MANY 2000

static void test_snapshot(void)
{
	static uint32_t snap[NR_MANY + 16], scan[NR_MANY + 16], page[100];
	static pid_t kids[NR_MANY];
	uint32_t count, total, n, got, cursor;
	uint64_t a, gen, gen2;
	uint32_t moved, idx;
	int i;

	CHECK_RET(ctrl_create(fd, ROOT, "many", 0755, 0, &a), 0);
	count = NR_MANY;
	CHECK_RET(ctrl_pids(fd, a, 0, 0, snap, &count, &total, &gen), 0);
	CHECK(count == 0 && total == 0, "empty container: %u", total);

	for (i = 0; i < NR_MANY; i++)
		kids[i] = spawn_sleeper();
	/* Batch attach, stopping at a bad pid. */
	kids[NR_MANY / 2] = 0x7ffffff0;
	CHECK_RET(ctrl_attach_batch(fd, a, kids, NR_MANY, 0, &moved, &idx), -ESRCH);
	CHECK(moved == NR_MANY / 2 && idx == NR_MANY / 2, "moved %u, index %u", moved, idx);
	CHECK(stat_of(a).nr_threads == NR_MANY / 2, "after partial batch");
	kids[NR_MANY / 2] = spawn_sleeper();
	CHECK_RET(ctrl_attach_batch(fd, a, kids, NR_MANY, 0, &moved, &idx), 0);
	CHECK(moved == NR_MANY, "moved %u", moved);

	count = NR_MANY + 16;
	CHECK_RET(ctrl_pids(fd, a, 0, 0, snap, &count, &total, &gen), 0);
	n = proc_scan(a, scan, NR_MANY + 16);
	CHECK(count == NR_MANY && total == NR_MANY && n == NR_MANY &&
	      !memcmp(snap, scan, n * sizeof(*snap)),
	      "snapshot %u/%u vs /proc %u", count, total, n);
	for (i = 1; i < (int)count; i++)
		CHECK(snap[i - 1] < snap[i], "not ascending at %d", i);

	/* Paging: same listing, generation steady while nothing changes. */
	for (cursor = 0, got = 0;; cursor = page[count - 1]) {
		count = 100;
		CHECK_RET(ctrl_pids(fd, a, 0, cursor, page, &count, &total, &gen2), 0);
		if (!count)
			break;
		CHECK(gen2 == gen, "generation changed while paging");
		CHECK(!memcmp(page, snap + got, count * sizeof(*page)), "page at %u", got);
		got += count;
	}
	CHECK(got == NR_MANY, "paged %u", got);
	/* A change shows in the generation. */
	reap(kids[0]);
	count = 1;
	CHECK_RET(ctrl_pids(fd, a, 0, 0, page, &count, &total, &gen2), 0);
	CHECK(gen2 != gen && total == NR_MANY - 1, "after exit: gen %llu total %u",
	      (unsigned long long)gen2, total);

	for (i = 1; i < NR_MANY; i++)
		kill(kids[i], SIGKILL);
	for (i = 1; i < NR_MANY; i++)
		waitpid(kids[i], NULL, 0);
	CHECK(stat_of(a).nr_threads == 0, "not empty after reaping");
	CHECK_RET(ctrl_destroy(fd, a), 0);
}

/*
 * A fork bomb: every task forks as fast as it can. Bounded by RLIMIT_NPROC
 * as an unprivileged user (root ignores the limit), so that it exhausts
 * its quota, not the VM.
 */
#define BOMB_NPROC 300

static void bomb(void)
{
	struct rlimit lim = { BOMB_NPROC, BOMB_NPROC };

	if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
	    setrlimit(RLIMIT_NPROC, &lim) || setresuid(65534, 65534, 65534))
		_exit(2);
	for (;;)
		if (fork() < 0)
			usleep(1000);	/* at the quota: try again */
}

/* Reaps the children that have exited; @a has no task left. */
static int reaped_all(uint64_t a)
{
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	return !stat_of(a).nr_threads;
}

static void test_kill(void)
{
	struct containerctl_stat st;
	uint64_t a, signalled = 0;
	uint64_t denied;
	pid_t p;

	CHECK_RET(ctrl_create(fd, ROOT, "bomb", 0755, 0, &a), 0);
	CHECK_RET(ctrl_kill(fd, ROOT, SIGKILL, 0, NULL, NULL), -EPERM);
	CHECK_RET(ctrl_kill(fd, a, 65, 0, NULL, NULL), -EINVAL);
	CHECK_RET(ctrl_kill(fd, a, SIGKILL, 0x10, NULL, NULL), -EINVAL);
	CHECK_RET(ctrl_kill(fd, a, SIGKILL, 0, &signalled, &denied), 0);
	CHECK(signalled == 0, "empty: %llu", (unsigned long long)signalled);

	p = fork();
	if (!p) {
		if (ctrl_attach(fd, a, 0, 0))
			_exit(2);
		bomb();
	}
	/*
	 * Let it grow to a third of its quota, however long that takes here,
	 * so that the kill races with many forking tasks (or give up after
	 * the deadline and kill what there is).
	 */
	WAIT_UNTIL(stat_of(a).nr_procs >= BOMB_NPROC / 3, CTRTEST_DEADLINE_S);
	st = stat_of(a);
	CHECK(st.nr_procs > 1, "bomb did not grow: %llu", (unsigned long long)st.nr_procs);
	CHECK_RET(ctrl_kill(fd, a, SIGKILL, 0, &signalled, &denied), 0);
	CHECK(signalled > 0 && denied == 0, "signalled %llu denied %llu",
	      (unsigned long long)signalled, (unsigned long long)denied);
	waitpid(p, NULL, 0);
	/* Killed tasks leave as they exit; nothing may survive. */
	WAIT_UNTIL(reaped_all(a), CTRTEST_DEADLINE_S);
	st = stat_of(a);
	CHECK(st.nr_threads == 0, "%llu tasks survived the kill",
	      (unsigned long long)st.nr_threads);
	CHECK_RET(ctrl_destroy(fd, a), 0);
}

/*
 * Run @fn as uid/gid 65534 in a child that the administrator (still root)
 * first placed in container @start; returns its exit status.
 */
static int as_nobody(uint64_t start, int (*fn)(void *), void *arg)
{
	int status;
	pid_t p = fork();

	if (!p) {
		if (ctrl_attach(fd, start, 0, 0))
			_exit(101);
		if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
		    setresuid(65534, 65534, 65534))
			_exit(100);
		_exit(fn(arg));
	}
	waitpid(p, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 200;
}

struct perm_ids {
	uint64_t root_owned, delegated, deleg_child, other;
	pid_t root_task;
};

/* As nobody: each failed expectation is printed; returns how many. */
#define EXPECT(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "as nobody: %s:%d: %s\n", __FILE__,	\
			__LINE__, #cond);				\
		bad++;							\
	}								\
} while (0)

static int perm_nobody(void *arg)
{
	struct perm_ids *ids = arg;
	struct containerctl_set set = { .size = sizeof(set) };
	struct containerctl_stat st;
	uint64_t id = 0, x;
	int bad = 0;

	/* Queries work for everyone. */
	EXPECT(ctrl_stat(fd, ids->root_owned, &st) == 0);
	/* Root-owned 0755: no create, no destroy, no attach into it. */
	EXPECT(ctrl_create(fd, ids->root_owned, "x", 0755, 0, &x) == -EACCES);
	EXPECT(ctrl_destroy(fd, ids->root_owned) == -EACCES);
	EXPECT(ctrl_attach(fd, ids->root_owned, 0, 0) == -EACCES);
	/* Someone else's task: EPERM. */
	EXPECT(ctrl_attach(fd, ids->delegated, ids->root_task, 0) == -EPERM);
	/*
	 * Placed in the delegated subtree by the administrator: create there,
	 * move itself between its containers.
	 */
	EXPECT(ctrl_create(fd, ids->delegated, "mine", 0755, 0, &id) == 0);
	EXPECT(ctrl_attach(fd, ids->deleg_child, 0, 0) == 0);
	EXPECT(ctrl_attach(fd, id, 0, 0) == 0);
	EXPECT(ctrl_attach(fd, ids->delegated, 0, 0) == 0);
	EXPECT(ctrl_destroy(fd, id) == 0);
	/* Out of the delegation: the common ancestor (root) is not writable. */
	EXPECT(ctrl_attach(fd, ids->other, 0, 0) == -EACCES);
	/* chmod of its own container; chown needs CAP_SYS_ADMIN. */
	set.id = ids->delegated;
	set.flags = CONTAINERCTL_SET_MODE;
	set.mode = 0775;
	EXPECT(ctrl_set(fd, &set) == 0);
	set.flags = CONTAINERCTL_SET_OWNER;
	EXPECT(ctrl_set(fd, &set) == -EPERM);
	set.id = ids->root_owned;
	set.flags = CONTAINERCTL_SET_MODE;
	EXPECT(ctrl_set(fd, &set) == -EPERM);
	/* Kill in a container it may not write: EACCES. */
	EXPECT(ctrl_kill(fd, ids->root_owned, 0, 0, NULL, NULL) == -EACCES);
	return bad;
}

static void test_permissions(void)
{
	struct containerctl_set set = { .size = sizeof(set) };
	struct perm_ids ids;
	int bad;

	CHECK_RET(ctrl_create(fd, ROOT, "rootonly", 0755, 0, &ids.root_owned), 0);
	CHECK_RET(ctrl_create(fd, ROOT, "deleg", 0755, 0, &ids.delegated), 0);
	CHECK_RET(ctrl_create(fd, ids.delegated, "sub", 0755, 0, &ids.deleg_child), 0);
	CHECK_RET(ctrl_create(fd, ROOT, "other", 0777, 0, &ids.other), 0);
	set.flags = CONTAINERCTL_SET_OWNER;
	set.uid = 65534;
	set.gid = 65534;
	set.id = ids.delegated;
	CHECK_RET(ctrl_set(fd, &set), 0);
	set.id = ids.deleg_child;
	CHECK_RET(ctrl_set(fd, &set), 0);
	CHECK(stat_of(ids.delegated).uid == 65534, "chown");
	ids.root_task = spawn_sleeper();

	bad = as_nobody(ids.delegated, perm_nobody, &ids);
	CHECK(bad == 0, "%d unprivileged expectations failed", bad);
	CHECK(stat_of(ids.delegated).mode == 0775, "chmod by the owner");

	reap(ids.root_task);
	CHECK_RET(ctrl_destroy(fd, ids.deleg_child), 0);
	CHECK_RET(ctrl_destroy(fd, ids.delegated), 0);
	CHECK_RET(ctrl_destroy(fd, ids.root_owned), 0);
	CHECK_RET(ctrl_destroy(fd, ids.other), 0);
}

int main(void)
{
	fd = ctrl_open();
	REQUIRE(fd >= 0, "open: %s", strerror(-fd));
	test_info();
	test_tree();
	test_limits();
	test_membership();
	test_snapshot();
	test_kill();
	test_permissions();
	CHECK(nr_containers() == 1, "containers left behind");
	return ctrtest_done();
}
