// SPDX-License-Identifier: GPL-2.0
/*
 * Core benchmark, in the VM: containerctl against cgroup v2 and a cgroup v1
 * named hierarchy without controllers (mount -t cgroup -o none,name=...) on
 * the same kernel in the same boot. Every figure is the median of repeated
 * runs; the output is the BENCH lines of bench.h.
 *  - attach: one process moved back and forth between two groups: the
 *    ATTACH ioctl, a write to cgroup v2 cgroup.procs, a write to the v1
 *    tasks file, and a no-op ioctl on the device as the floor; back to
 *    back, then each move after an idle moment;
 *  - attach-parallel: two threads, each moving its own process between
 *    its own two containers, at once, against one thread alone: whether
 *    attaches to different containers scale across the vCPUs or
 *    serialise on the module's locks;
 *  - batch: 1 000 processes moved by one ATTACH_BATCH ioctl, by 1 000
 *    ATTACH ioctls, by 1 000 cgroup.procs (v2) and tasks (v1) writes;
 *  - create: create+destroy of a container, mkdir+rmdir of a cgroup (v2, v1);
 *  - pids: the pids of a group of 10, 1 000 and 10 000 processes: the PIDS
 *    ioctl against reading cgroup.procs (v2, v1), open to close.
 * The cgroup files are opened once and written with pwrite(), as the
 * device is: only the write is timed. Absolute times under software
 * emulation mean little: the ratios are the result.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sys/ioctl.h>
#include <sys/wait.h>

#include <containerctl/ctrl.h>

#include "bench.h"

static int fd;
static int v1;			/* 0: the v1 hierarchy is mounted */
static char v1_why[160];

/*
 * Two groups of each kind to move processes between: the containers
 * /bench-a and /bench-b, and the cgroups of those names in v2 and (when
 * mounted) v1, whose procs files are open.
 */
struct pair {
	uint64_t ctr[2];
	int v2[2];
	int v1[2];
};

static const char *const pair_name[2] = { "bench-a", "bench-b" };

static void pair_make(struct pair *pr)
{
	char path[64];
	int i;

	for (i = 0; i < 2; i++) {
		REQUIRE(!ctrl_create(fd, CONTAINERCTL_ROOT_ID, pair_name[i], 0755, 0,
				     &pr->ctr[i]), "create %s", pair_name[i]);
		snprintf(path, sizeof(path), CG2 "/%s", pair_name[i]);
		must_mkdir(path);
		pr->v2[i] = open_procs(path, "cgroup.procs");
		pr->v1[i] = -1;
		if (v1)
			continue;
		snprintf(path, sizeof(path), CG1 "/%s", pair_name[i]);
		must_mkdir(path);
		pr->v1[i] = open_procs(path, "tasks");
	}
}

static void pair_remove(struct pair *pr)
{
	char path[64];
	int i;

	for (i = 0; i < 2; i++) {
		close(pr->v2[i]);
		CHECK_RET(ctrl_destroy(fd, pr->ctr[i]), 0);
		snprintf(path, sizeof(path), CG2 "/%s", pair_name[i]);
		must_rmdir(path);
		if (pr->v1[i] < 0)
			continue;
		close(pr->v1[i]);
		snprintf(path, sizeof(path), CG1 "/%s", pair_name[i]);
		must_rmdir(path);
	}
}

/*
 * One attach table: @p moved back and forth between the groups of @pr
 * @reps times by each means, each move after @idle_us of sleep; the no-op
 * ioctl's @floor_us as a last row if not negative.
 */
static void attach_table(const struct pair *pr, pid_t p, uint64_t *t,
			 int reps, unsigned int idle_us, const char *key,
			 const char *title, double floor_us)
{
	double us[3] = { 0, 0, 0 };
	int how, i;
	uint64_t t0;

	for (how = 0; how < (v1 ? 2 : 3); how++) {
		for (i = 0; i < reps; i++) {
			if (idle_us)
				usleep(idle_us);
			t0 = now_ns();
			if (how == 0)
				REQUIRE(!ctrl_attach(fd, pr->ctr[i % 2], p, 0), "attach");
			else
				write_pid(how == 1 ? pr->v2[i % 2] : pr->v1[i % 2], p);
			t[i] = now_ns() - t0;
		}
		us[how] = median_us(t, reps);
	}
	table_begin(key, "us", "%s (median of %d)", title, reps);
	row("ioctl", us[0], "ioctl", "containerctl ATTACH ioctl");
	row("v2", us[1], "ioctl", "cgroup v2 cgroup.procs write");
	if (!v1)
		row("v1", us[2], "ioctl", "cgroup v1 (none,name=) tasks write");
	else
		row_skip("v1", v1_why, "cgroup v1 (none,name=) tasks write");
	if (floor_us >= 0)
		row("floor", floor_us, "ioctl", "no-op ioctl on the device (floor)");
	table_end();
}

/* The floor of any ioctl: one the device does not know (ENOTTY). */
static int noop_ioctl(void)
{
	return ioctl(fd, _IO(CONTAINERCTL_IOC_MAGIC, 0xdf), 0) ? errno : 0;
}

/* One ATTACH ioctl, made directly as the no-op one is: 0 or its errno. */
static int attach_raw(uint64_t id, uint32_t pid, uint32_t flags)
{
	struct containerctl_attach at = {
		.size = sizeof(at), .flags = flags, .id = id, .pid = pid,
	};

	return ioctl(fd, CONTAINERCTL_IOC_ATTACH, &at) ? errno : 0;
}

/*
 * Where an ATTACH's time goes, seen from user space: the same ioctl,
 * given what makes it stop after each of its stages, in the order the
 * module takes them (module/ioctl.c, ctr_attach()), so that the step from
 * one row to the next is what a stage costs, without a tracer's own cost:
 * the argument copied in and its flags refused (EINVAL); then the pid
 * looked up and not found (ESRCH); a pid found, its task held, the tree
 * locked and the container not found (ENOENT); the container found, the
 * capability read and the move begun and ended with nothing to move (into
 * the container the process is in); the move. Each repetition makes every
 * variant once, in that order. @pr's containers and @p are bench_attach()'s.
 */
static void bench_attach_stages(const struct pair *pr, pid_t p)
{
	enum { FLOOR, FLAGS, NOPID, NOCONT, SAME, MOVE, NV };
	static const struct {
		const char *key;
		int want;	/* the errno the stage stops with, or 0 */
		const char *label;
	} stage[NV] = {
		[FLOOR] = { "floor", ENOTTY, "no-op ioctl on the device (ENOTTY)" },
		[FLAGS] = { "flags", EINVAL,
			    "ATTACH copied in, an unknown flag refused (EINVAL)" },
		[NOPID] = { "nopid", ESRCH, "+ the pid looked up, not found (ESRCH)" },
		[NOCONT] = { "nocont", ENOENT,
			     "+ the task held, the tree locked, the container not found (ENOENT)" },
		[SAME] = { "same", 0,
			   "+ the capability read, a move begun and ended, nothing to move (into where it is)" },
		[MOVE] = { "move", 0, "+ the move: ATTACH into the other container" },
	};
	int reps = bench_n(401, 11), i, v, err;
	uint64_t *t[NV], t0, nocont = 0;
	pid_t gone;

	for (v = 0; v < NV; v++) {
		t[v] = calloc(reps, sizeof(*t[v]));
		REQUIRE(t[v], "calloc");
	}
	/* A pid nobody has: a child's, reaped. */
	gone = fork();
	REQUIRE(gone >= 0, "fork");
	if (!gone)
		_exit(0);
	REQUIRE(waitpid(gone, NULL, 0) == gone, "waitpid");
	/* An id no container has: ids are never reused. */
	REQUIRE(!ctrl_create(fd, CONTAINERCTL_ROOT_ID, "bench-gone", 0755, 0,
			     &nocont), "create bench-gone");
	CHECK_RET(ctrl_destroy(fd, nocont), 0);
	REQUIRE(!attach_raw(pr->ctr[0], p, 0), "attach");
	for (i = 0; i < reps; i++) {
		for (v = 0; v < NV; v++) {
			t0 = now_ns();
			switch (v) {
			case FLOOR:
				err = noop_ioctl();
				break;
			case FLAGS:
				err = attach_raw(pr->ctr[0], p, 1u << 31);
				break;
			case NOPID:
				err = attach_raw(pr->ctr[0], gone, 0);
				break;
			case NOCONT:
				err = attach_raw(nocont, p, 0);
				break;
			case SAME:
				err = attach_raw(pr->ctr[0], p, 0);
				break;
			default:
				err = attach_raw(pr->ctr[1], p, 0);
				break;
			}
			t[v][i] = now_ns() - t0;
			REQUIRE(err == stage[v].want, "attach stage %s: %s, not %s",
				stage[v].key, strerror(err), strerror(stage[v].want));
		}
		/* Back where SAME finds it, untimed. */
		REQUIRE(!attach_raw(pr->ctr[0], p, 0), "attach back");
	}
	table_begin("attach-stages", "us",
		    "where an ATTACH's time goes: the ioctl stopped after each stage (median of %d, interleaved)",
		    reps);
	for (v = 0; v < NV; v++)
		row(stage[v].key, median_us(t[v], reps), stage[FLOOR].key, "%s",
		    stage[v].label);
	table_end();
	for (v = 0; v < NV; v++)
		free(t[v]);
}

static void bench_attach(void)
{
	int reps = bench_n(401, 11), spaced = bench_n(41, 3), i;
	uint64_t *t = calloc(reps, sizeof(*t)), t0;
	struct pair pr;
	pid_t p = sleeper();

	REQUIRE(t, "calloc");
	pair_make(&pr);

	for (i = 0; i < reps; i++) {
		t0 = now_ns();
		noop_ioctl();
		t[i] = now_ns() - t0;
	}
	attach_table(&pr, p, t, reps, 0, "attach",
		     "attach one process back and forth, back to back",
		     median_us(t, reps));
	/*
	 * One move after an idle moment, as a supervisor placing a new task
	 * does: cgroup's percpu rwsem then waits for an RCU grace period
	 * (rcu_sync only skips it for writes in quick succession).
	 */
	attach_table(&pr, p, t, spaced, 20000, "attach-idle",
		     "attach one process, each move after 20 ms idle", -1);
	bench_attach_stages(&pr, p);

	kill(p, SIGKILL);
	waitpid(p, NULL, 0);
	pair_remove(&pr);
	free(t);
}

/* One thread of bench_attach_parallel(): its process, its containers. */
struct mover {
	uint64_t ctr[2];
	pid_t p;
	int reps;
	pthread_barrier_t *go;
	uint64_t ns;		/* its own time for the reps */
};

static void *mover_run(void *arg)
{
	struct mover *m = arg;
	uint64_t t0;
	int i;

	pthread_barrier_wait(m->go);
	t0 = now_ns();
	for (i = 0; i < m->reps; i++)
		REQUIRE(!ctrl_attach(fd, m->ctr[i % 2], m->p, 0), "attach");
	m->ns = now_ns() - t0;
	return NULL;
}

/*
 * Two threads, each moving its own process back and forth between its own
 * two containers, started together, against one thread alone, in
 * alternating rounds. With nothing shared the pair does twice the moves
 * in the same wall time (0.5 of one thread's time per move); moves that
 * serialise on a lock take as long per move as one thread's (1.0).
 */
static void bench_attach_parallel(void)
{
	int rounds = bench_n(21, 3), reps = bench_n(2000, 20), r, i, k;
	double *alone = calloc(rounds, sizeof(double));
	double *wall = calloc(rounds, sizeof(double));
	double *each = calloc(rounds, sizeof(double));
	struct mover m[2];
	pthread_barrier_t go;
	pthread_t th[2];
	uint64_t t0;
	char name[32];

	REQUIRE(alone && wall && each, "calloc");
	for (i = 0; i < 2; i++) {
		m[i].p = sleeper();
		m[i].reps = reps;
		m[i].go = &go;
		for (k = 0; k < 2; k++) {
			snprintf(name, sizeof(name), "bench-par%d%c", i, 'a' + k);
			REQUIRE(!ctrl_create(fd, CONTAINERCTL_ROOT_ID, name, 0755, 0,
					     &m[i].ctr[k]), "create %s", name);
		}
	}
	for (r = 0; r < rounds; r++) {
		/* One thread alone, on the main thread's side of a barrier. */
		REQUIRE(!pthread_barrier_init(&go, NULL, 2), "barrier");
		REQUIRE(!pthread_create(&th[0], NULL, mover_run, &m[0]), "pthread_create");
		pthread_barrier_wait(&go);
		pthread_join(th[0], NULL);
		pthread_barrier_destroy(&go);
		alone[r] = m[0].ns / 1000.0 / reps;

		REQUIRE(!pthread_barrier_init(&go, NULL, 3), "barrier");
		for (i = 0; i < 2; i++)
			REQUIRE(!pthread_create(&th[i], NULL, mover_run, &m[i]),
				"pthread_create");
		pthread_barrier_wait(&go);
		t0 = now_ns();
		for (i = 0; i < 2; i++)
			pthread_join(th[i], NULL);
		wall[r] = (now_ns() - t0) / 1000.0 / (2.0 * reps);
		each[r] = (m[0].ns + m[1].ns) / 1000.0 / (2.0 * reps);
		pthread_barrier_destroy(&go);
	}
	table_begin("attach-parallel", "us",
		    "attach by two threads at once, each its own process between its own two containers, %d moves each (median of %d rounds)",
		    reps, rounds);
	row("one", median_d(alone, rounds), "one", "one thread: time per move");
	row("two-wall", median_d(wall, rounds), "one",
	    "two threads: wall time per move (0.5 if they scale)");
	row("two-each", median_d(each, rounds), "one",
	    "two threads: each thread's time per move (1.0 if they scale)");
	table_end();
	for (i = 0; i < 2; i++) {
		kill(m[i].p, SIGKILL);
		waitpid(m[i].p, NULL, 0);
		for (k = 0; k < 2; k++)
			CHECK_RET(ctrl_destroy(fd, m[i].ctr[k]), 0);
	}
	free(alone);
	free(wall);
	free(each);
}

static void bench_batch(void)
{
	int n = bench_n(1000, 20), reps = bench_n(15, 3), i, j;
	uint64_t *t = calloc(reps, sizeof(*t)), t0;
	pid_t *kids = calloc(n, sizeof(*kids));
	double batch_us, loop_us, v2_us, v1_us = 0;
	struct pair pr;
	int f;
	uint32_t moved, err;

	REQUIRE(t && kids, "calloc");
	for (i = 0; i < n; i++)
		kids[i] = sleeper();
	pair_make(&pr);

	for (i = 0; i < reps; i++) {
		t0 = now_ns();
		REQUIRE(!ctrl_attach_batch(fd, pr.ctr[i % 2], kids, n, 0, &moved, &err),
			"attach batch");
		t[i] = now_ns() - t0;
		REQUIRE(moved == (uint32_t)n, "batch moved %u of %d", moved, n);
	}
	batch_us = median_us(t, reps);
	for (i = 0; i < reps; i++) {
		t0 = now_ns();
		for (j = 0; j < n; j++)
			REQUIRE(!ctrl_attach(fd, pr.ctr[i % 2], kids[j], 0), "attach");
		t[i] = now_ns() - t0;
	}
	loop_us = median_us(t, reps);
	for (i = 0; i < reps; i++) {
		f = pr.v2[i % 2];
		t0 = now_ns();
		for (j = 0; j < n; j++)
			write_pid(f, kids[j]);
		t[i] = now_ns() - t0;
	}
	v2_us = median_us(t, reps);
	if (!v1) {
		for (i = 0; i < reps; i++) {
			f = pr.v1[i % 2];
			t0 = now_ns();
			for (j = 0; j < n; j++)
				write_pid(f, kids[j]);
			t[i] = now_ns() - t0;
		}
		v1_us = median_us(t, reps);
	}
	table_begin("batch", "us", "attach %d processes (median of %d)", n, reps);
	row("batch", batch_us, "batch", "containerctl: one ATTACH_BATCH ioctl");
	row("ioctl", loop_us, "batch", "containerctl: %d ATTACH ioctls", n);
	row("v2", v2_us, "batch", "cgroup v2: %d cgroup.procs writes", n);
	if (!v1)
		row("v1", v1_us, "batch", "cgroup v1 (none,name=): %d tasks writes", n);
	else
		row_skip("v1", v1_why, "cgroup v1 (none,name=) tasks writes");
	table_end();

	for (i = 0; i < n; i++)
		kill(kids[i], SIGKILL);
	for (i = 0; i < n; i++)
		waitpid(kids[i], NULL, 0);
	pair_remove(&pr);
	free(kids);
	free(t);
}

static void bench_create(void)
{
	int reps = bench_n(401, 11), i;
	uint64_t *t = calloc(reps, sizeof(*t)), id, t0;
	double ioctl_us, v2_us, v1_us = 0;

	REQUIRE(t, "calloc");
	for (i = 0; i < reps; i++) {
		t0 = now_ns();
		REQUIRE(!ctrl_create(fd, CONTAINERCTL_ROOT_ID, "bench-c", 0755, 0, &id),
			"create");
		REQUIRE(!ctrl_destroy(fd, id), "destroy");
		t[i] = now_ns() - t0;
	}
	ioctl_us = median_us(t, reps);
	for (i = 0; i < reps; i++) {
		t0 = now_ns();
		REQUIRE(!mkdir(CG2 "/bench-c", 0755), "mkdir: %s", strerror(errno));
		REQUIRE(!rmdir(CG2 "/bench-c"), "rmdir: %s", strerror(errno));
		t[i] = now_ns() - t0;
	}
	v2_us = median_us(t, reps);
	if (!v1) {
		for (i = 0; i < reps; i++) {
			t0 = now_ns();
			REQUIRE(!mkdir(CG1 "/bench-c", 0755), "mkdir: %s", strerror(errno));
			REQUIRE(!rmdir(CG1 "/bench-c"), "rmdir: %s", strerror(errno));
			t[i] = now_ns() - t0;
		}
		v1_us = median_us(t, reps);
	}
	table_begin("create", "us", "create and destroy an empty group (median of %d)", reps);
	row("ioctl", ioctl_us, "ioctl", "containerctl CREATE + DESTROY ioctls");
	row("v2", v2_us, "ioctl", "cgroup v2 mkdir + rmdir");
	if (!v1)
		row("v1", v1_us, "ioctl", "cgroup v1 (none,name=) mkdir + rmdir");
	else
		row_skip("v1", v1_why, "cgroup v1 (none,name=) mkdir + rmdir");
	table_end();
	free(t);
}

/* Reads a whole file, open to close, into @buf; returns its length. */
static size_t slurp(const char *path, char *buf, size_t size)
{
	size_t len = 0;
	ssize_t r;
	int f = open(path, O_RDONLY | O_CLOEXEC);

	REQUIRE(f >= 0, "open %s: %s", path, strerror(errno));
	while ((r = read(f, buf + len, size - len)) > 0)
		len += r;
	REQUIRE(r == 0, "read %s: %s", path, strerror(errno));
	close(f);
	return len;
}

static size_t count_lines(const char *s, size_t len)
{
	size_t n = 0, i;

	for (i = 0; i < len; i++)
		n += s[i] == '\n';
	return n;
}

static void bench_pids(void)
{
	const int sizes[] = { 10, 1000, 10000 }, quick[] = { 10, 20, 40 };
	int max = bench_n(10000, 40), reads = bench_n(21, 3), have = 0, i, s;
	uint32_t *buf = calloc(max, sizeof(*buf)), count, total, moved, err;
	size_t textsize = (size_t)max * 12 + 4096, len;
	pid_t *kids = calloc(max, sizeof(*kids));
	uint64_t *t = calloc(reads, sizeof(*t)), id, t0;
	double ioctl_us, v2_us, v1_us = 0;
	char *text = malloc(textsize);
	int v2f, v1f = -1;

	REQUIRE(buf && kids && t && text, "calloc");
	REQUIRE(!ctrl_create(fd, CONTAINERCTL_ROOT_ID, "bench-pids", 0755, 0, &id), "create");
	must_mkdir(CG2 "/bench-pids");
	v2f = open_procs(CG2 "/bench-pids", "cgroup.procs");
	if (!v1) {
		must_mkdir(CG1 "/bench-pids");
		v1f = open_procs(CG1 "/bench-pids", "cgroup.procs");
	}
	for (s = 0; s < 3; s++) {
		int n = bench_quick ? quick[s] : sizes[s];
		char key[16];

		for (; have < n; have++) {
			kids[have] = sleeper();
			write_pid(v2f, kids[have]);
			if (!v1)
				write_pid(v1f, kids[have]);
		}
		REQUIRE(!ctrl_attach_batch(fd, id, kids, n, 0, &moved, &err), "attach batch");
		for (i = 0; i < reads; i++) {
			count = max;
			t0 = now_ns();
			REQUIRE(!ctrl_pids(fd, id, 0, 0, buf, &count, &total, NULL), "pids");
			t[i] = now_ns() - t0;
			REQUIRE(count == (uint32_t)n, "pids: %u of %d", count, n);
		}
		ioctl_us = median_us(t, reads);
		for (i = 0; i < reads; i++) {
			t0 = now_ns();
			len = slurp(CG2 "/bench-pids/cgroup.procs", text, textsize);
			t[i] = now_ns() - t0;
			REQUIRE(count_lines(text, len) == (size_t)n, "cgroup.procs: not %d lines", n);
		}
		v2_us = median_us(t, reads);
		if (!v1) {
			for (i = 0; i < reads; i++) {
				t0 = now_ns();
				len = slurp(CG1 "/bench-pids/cgroup.procs", text, textsize);
				t[i] = now_ns() - t0;
				REQUIRE(count_lines(text, len) == (size_t)n,
					"v1 cgroup.procs: not %d lines", n);
			}
			v1_us = median_us(t, reads);
		}
		snprintf(key, sizeof(key), "pids-%d", sizes[s]);
		table_begin(key, "us", "read the pids of a group of %d processes (median of %d)",
			    n, reads);
		row("ioctl", ioctl_us, "ioctl", "containerctl PIDS ioctl");
		row("v2", v2_us, "ioctl", "cgroup v2 cgroup.procs read (open to close)");
		if (!v1)
			row("v1", v1_us, "ioctl", "cgroup v1 (none,name=) cgroup.procs read");
		else
			row_skip("v1", v1_why, "cgroup v1 (none,name=) cgroup.procs read");
		table_end();
	}

	for (i = 0; i < have; i++)
		kill(kids[i], SIGKILL);
	for (i = 0; i < have; i++)
		waitpid(kids[i], NULL, 0);
	close(v2f);
	CHECK_RET(ctrl_destroy(fd, id), 0);
	must_rmdir(CG2 "/bench-pids");
	if (!v1) {
		close(v1f);
		must_rmdir(CG1 "/bench-pids");
	}
	free(buf);
	free(kids);
	free(t);
	free(text);
}

int main(void)
{
	bench_init();
	fd = ctrl_open();
	REQUIRE(fd >= 0, "open: %s", strerror(-fd));
	v1 = cgroup_v1_mount(v1_why, sizeof(v1_why));
	if (bench_want("attach"))
		bench_attach();
	if (bench_want("attach-parallel"))
		bench_attach_parallel();
	if (bench_want("batch"))
		bench_batch();
	if (bench_want("create"))
		bench_create();
	if (bench_want("pids"))
		bench_pids();
	if (!v1)
		cgroup_v1_umount();
	return ctrtest_done();
}
