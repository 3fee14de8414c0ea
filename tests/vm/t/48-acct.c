// SPDX-License-Identifier: GPL-2.0
/*
 * Accounting (STAT's VER2 fields): a container's CPU time matches its
 * task's own (/proc/PID/stat's utime+stime) within 2% and stays after the
 * task exits; a task moved halfway leaves its first half with the source;
 * subtree totals are the sum of the parts, removed containers included;
 * forks and exits are counted; the resident memory of a process that
 * touches N MiB grows by N MiB, and an address space two processes share
 * counts once.
 *
 * Each container's tasks are workers: processes that do what the test
 * writes to their pipe (burn CPU, fork, touch memory) and answer when done,
 * so that every figure is read while they are blocked and their times
 * stand still.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <containerctl/ctrl.h>

#include "ctrtest.h"
#include "ctrtest-ctrl.h"

#define ROOT CONTAINERCTL_ROOT_ID
#define MIB (1024ULL * 1024)
#define BUSY_MS 1500		/* long against /proc's 10 ms ticks: 0.7% */
#define TOUCH_MIB 64
#define FORKS 5

/* A worker: a process that runs commands from its pipe. */
struct worker {
	pid_t pid;
	int cmd;	/* the test writes commands here */
	int done;	/* and reads one byte back per command */
};

/*
 * Burn @ms of this thread's CPU time, in user space: the clock is read (a
 * system call) only every 100 000 additions.
 */
static void busy(long ms)
{
	static volatile unsigned long sink;
	struct timespec ts;
	long long start, now;
	unsigned long i;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	start = ts.tv_sec * 1000000000LL + ts.tv_nsec;
	do {
		for (i = 0; i < 100000; i++)
			sink += i;
		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
		now = ts.tv_sec * 1000000000LL + ts.tv_nsec;
	} while (now - start < ms * 1000000LL);
}

static void *thread_exits(void *arg)
{
	return arg;
}

/*
 * A process sharing the worker's memory (CLONE_VM, not its files): waits
 * until the worker closes the pipe's write end, its own copy closed first.
 */
static int vm_sharer(void *arg)
{
	int *release = arg;
	char c;

	close(release[1]);
	return read(release[0], &c, 1) < 0;
}

static void worker_main(int cmd, int done)
{
	static char sharer_stack[64 * 1024];
	int release[2] = { -1, -1 };
	pid_t sharer = 0;
	pthread_t th;
	char *mem;
	char c;
	int i;

	while (read(cmd, &c, 1) == 1) {
		switch (c) {
		case 'b':
			busy(BUSY_MS);
			break;
		case 'f':
			for (i = 0; i < FORKS; i++) {
				pid_t p = fork();

				if (!p)
					_exit(0);
				if (p < 0 || waitpid(p, NULL, 0) != p)
					_exit(2);
			}
			break;
		case 't':
			if (pthread_create(&th, NULL, thread_exits, NULL) ||
			    pthread_join(th, NULL))
				_exit(3);
			break;
		case 'm':
			mem = mmap(NULL, TOUCH_MIB * MIB, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			if (mem == MAP_FAILED)
				_exit(4);
			memset(mem, 1, TOUCH_MIB * MIB);
			break;
		case 'v':
			if (pipe(release))
				_exit(5);
			sharer = clone(vm_sharer,
				       sharer_stack + sizeof(sharer_stack),
				       CLONE_VM | SIGCHLD, release);
			if (sharer < 0)
				_exit(6);
			break;
		case 'q':
			if (sharer > 0) {
				close(release[1]);
				waitpid(sharer, NULL, 0);
			}
			_exit(0);
		}
		if (write(done, "d", 1) != 1)
			_exit(7);
	}
	_exit(0);
}

/* Start a worker and put it in @id before it runs any command. */
static struct worker worker_start(uint64_t id)
{
	int cmd[2], done[2];
	struct worker w;

	REQUIRE(!pipe(cmd) && !pipe(done), "pipe: %s", strerror(errno));
	w.pid = fork();
	REQUIRE(w.pid >= 0, "fork: %s", strerror(errno));
	if (!w.pid) {
		close(cmd[1]);
		close(done[0]);
		worker_main(cmd[0], done[1]);
	}
	close(cmd[0]);
	close(done[1]);
	w.cmd = cmd[1];
	w.done = done[0];
	CHECK_RET(ctrl_attach(fd, id, w.pid, 0), 0);
	return w;
}

/* The state letter of @pid in /proc/PID/stat ('S': sleeping). */
static char proc_state(pid_t pid)
{
	char path[64], buf[512], *p;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if (ctrtest_read_file(path, buf, sizeof(buf)))
		return '?';
	p = strrchr(buf, ')');
	return p && p[1] ? p[2] : '?';
}

/*
 * Have @w run @c and wait for its answer (deadline: a minute), then until
 * it sleeps in its next read: its times stand still from then on.
 */
static void worker_do(struct worker *w, char c)
{
	struct pollfd p = { .fd = w->done, .events = POLLIN };
	char reply;

	REQUIRE(write(w->cmd, &c, 1) == 1, "write: %s", strerror(errno));
	REQUIRE(poll(&p, 1, 60000) == 1, "worker %d: no answer to '%c'",
		w->pid, c);
	REQUIRE(read(w->done, &reply, 1) == 1 && reply == 'd',
		"worker %d failed '%c'", w->pid, c);
	REQUIRE(WAIT_UNTIL(proc_state(w->pid) == 'S', 60),
		"worker %d not asleep after '%c': state %c", w->pid, c,
		proc_state(w->pid));
}

/* End @w and reap it. */
static void worker_stop(struct worker *w)
{
	int status;

	REQUIRE(write(w->cmd, "q", 1) == 1, "write: %s", strerror(errno));
	REQUIRE(waitpid(w->pid, &status, 0) == w->pid, "waitpid: %s",
		strerror(errno));
	CHECK(WIFEXITED(status) && !WEXITSTATUS(status), "worker status %#x",
	      status);
	close(w->cmd);
	close(w->done);
}

/* utime + stime of @pid's process from /proc/PID/stat, in ns. */
static unsigned long long proc_cpu_ns(pid_t pid)
{
	unsigned long long ut = 0, st = 0;
	char path[64], buf[1024], *p;
	long tck = sysconf(_SC_CLK_TCK);

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	REQUIRE(!ctrtest_read_file(path, buf, sizeof(buf)), "read %s", path);
	p = strrchr(buf, ')');
	REQUIRE(p, "%s: %s", path, buf);
	/* After ")": state (3) ... utime (14), stime (15). */
	REQUIRE(sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
		       &ut, &st) == 2, "%s: %s", path, buf);
	return (ut + st) * (1000000000ULL / tck);
}

static unsigned long long cpu_of(const struct containerctl_stat *st)
{
	return st->cpu_user_ns + st->cpu_system_ns;
}

static unsigned long long subtree_of(const struct containerctl_stat *st)
{
	return st->subtree_cpu_user_ns + st->subtree_cpu_system_ns;
}

static struct containerctl_stat stat_flags(uint64_t id, unsigned int flags)
{
	struct containerctl_stat st;
	int ret = ctrl_stat_flags(fd, id, flags, &st);

	REQUIRE(!ret, "stat %llu: %s", (unsigned long long)id,
		strerror(-ret));
	return st;
}

/* |a - b| within 2% of @ref (and one /proc tick, 10 ms, for rounding). */
static int close_to(unsigned long long a, unsigned long long b,
		    unsigned long long ref)
{
	unsigned long long diff = a > b ? a - b : b - a;

	return diff <= ref / 50 + 10000000;
}

static uint64_t create(uint64_t parent, const char *name)
{
	uint64_t id = 0;

	CHECK_RET(ctrl_create(fd, parent, name, 0755, 0, &id), 0);
	return id;
}

static void test_busy(void)
{
	uint64_t id = create(ROOT, "acct-busy");
	unsigned long long ours, procs, after;
	struct containerctl_stat st;
	struct worker w = worker_start(id);

	worker_do(&w, 'b');
	st = stat_of(id);
	ours = cpu_of(&st);
	procs = proc_cpu_ns(w.pid);
	printf("# busy: container %llu us, /proc %llu us\n",
	       ours / 1000, procs / 1000);
	CHECK(procs >= BUSY_MS * 1000000ULL * 9 / 10, "/proc %llu", procs);
	CHECK(close_to(ours, procs, procs), "container %llu"
	      " ns, /proc %llu ns", ours, procs);
	CHECK(st.cpu_user_ns > st.cpu_system_ns, "user %llu system %llu"
	      ": a busy loop is user time", st.cpu_user_ns,
	      st.cpu_system_ns);
	CHECK(st.nr_forks == 0 && st.nr_exits == 0, "forks %llu"
	      " exits %llu (the worker was moved in)", st.nr_forks,
	      st.nr_exits);

	worker_stop(&w);
	st = stat_of(id);
	after = cpu_of(&st);
	CHECK(st.nr_threads == 0 && st.nr_exits == 1, "threads %llu"
	      " exits %llu", (unsigned long long)st.nr_threads, st.nr_exits);
	CHECK(after >= ours && close_to(after, procs, procs),
	      "after the exit %llu ns, before %llu ns", after,
	      ours);
	CHECK_RET(ctrl_destroy(fd, id), 0);
}

static void test_moved_halfway(void)
{
	uint64_t a = create(ROOT, "acct-a"), b = create(ROOT, "acct-b");
	unsigned long long half, whole, at_move, later, in_b;
	struct containerctl_stat st;
	struct worker w = worker_start(a);

	worker_do(&w, 'b');
	half = proc_cpu_ns(w.pid);
	CHECK_RET(ctrl_attach(fd, b, w.pid, 0), 0);
	st = stat_of(a);
	at_move = cpu_of(&st);
	worker_do(&w, 'b');
	whole = proc_cpu_ns(w.pid);
	st = stat_of(a);
	later = cpu_of(&st);
	st = stat_of(b);
	in_b = cpu_of(&st);
	printf("# halves: a %llu us (task %llu us at the move),"
	       " b %llu us (task %llu us in all)\n",
	       later / 1000, half / 1000, in_b / 1000, whole / 1000);
	CHECK(close_to(at_move, half, half), "a %llu ns, task %llu"
	      " ns at the move", at_move, half);
	CHECK(later == at_move, "a grew after the move: %llu -> %llu"
	      " ns", at_move, later);
	CHECK(close_to(in_b, whole - half, whole), "b %llu ns, task %llu"
	      " ns since the move", in_b, whole - half);
	worker_stop(&w);
	CHECK_RET(ctrl_destroy(fd, a), 0);
	CHECK_RET(ctrl_destroy(fd, b), 0);
}

static void test_subtree(void)
{
	uint64_t p = create(ROOT, "acct-p"), c1 = create(p, "c1");
	uint64_t c2 = create(p, "c2"), g = create(c1, "g");
	struct containerctl_stat sp, s1, s2, sg, root;
	struct worker wp = worker_start(p), w1 = worker_start(c1);
	struct worker w2 = worker_start(c2), wg = worker_start(g);
	unsigned long long before;

	worker_do(&wp, 'b');
	worker_do(&w1, 'b');
	worker_do(&w2, 'b');
	worker_do(&wg, 'b');
	sp = stat_flags(p, CONTAINERCTL_STAT_SUBTREE);
	s1 = stat_flags(c1, CONTAINERCTL_STAT_SUBTREE);
	s2 = stat_flags(c2, CONTAINERCTL_STAT_SUBTREE);
	sg = stat_flags(g, CONTAINERCTL_STAT_SUBTREE);
	CHECK(sp.subtree_cpu_user_ns == sp.cpu_user_ns +
	      s1.subtree_cpu_user_ns + s2.subtree_cpu_user_ns,
	      "user: p %llu own %llu c1 %llu c2 %llu",
	      sp.subtree_cpu_user_ns, sp.cpu_user_ns, s1.subtree_cpu_user_ns,
	      s2.subtree_cpu_user_ns);
	CHECK(sp.subtree_cpu_system_ns == sp.cpu_system_ns +
	      s1.subtree_cpu_system_ns + s2.subtree_cpu_system_ns,
	      "system: p %llu own %llu c1 %llu c2 "
	      "%llu", sp.subtree_cpu_system_ns, sp.cpu_system_ns,
	      s1.subtree_cpu_system_ns, s2.subtree_cpu_system_ns);
	CHECK(subtree_of(&s1) == cpu_of(&s1) + subtree_of(&sg),
	      "c1 %llu own %llu g %llu", subtree_of(&s1),
	      cpu_of(&s1), subtree_of(&sg));
	CHECK(subtree_of(&sg) == cpu_of(&sg), "a leaf's total is its own");
	CHECK(cpu_of(&sp) >= BUSY_MS * 1000000ULL * 9 / 10, "p's own %llu",
	      cpu_of(&sp));
	/* Without the flag, no totals. */
	s2 = stat_of(p);
	CHECK(!subtree_of(&s2), "subtree totals without CONTAINERCTL_STAT_SUBTREE");

	/* The root: no time of its own; its total holds every container's. */
	root = stat_flags(ROOT, CONTAINERCTL_STAT_SUBTREE);
	CHECK(!cpu_of(&root), "the root's own %llu", cpu_of(&root));
	CHECK(subtree_of(&root) >= subtree_of(&sp), "root %llu < p "
	      "%llu", subtree_of(&root), subtree_of(&sp));

	/* A removed container's time stays in its parent's total. */
	worker_stop(&wg);
	sp = stat_flags(p, CONTAINERCTL_STAT_SUBTREE);
	before = subtree_of(&sp);
	CHECK_RET(ctrl_destroy(fd, g), 0);
	sp = stat_flags(p, CONTAINERCTL_STAT_SUBTREE);
	CHECK(subtree_of(&sp) == before, "p's total %llu -> %llu"
	      " when g went", before, subtree_of(&sp));
	s1 = stat_flags(c1, CONTAINERCTL_STAT_SUBTREE);
	CHECK(subtree_of(&s1) >= cpu_of(&s1) + cpu_of(&sg),
	      "c1 %llu lost g's %llu", subtree_of(&s1), cpu_of(&sg));

	worker_stop(&wp);
	worker_stop(&w1);
	worker_stop(&w2);
	destroy_tree(p);
}

static void test_forks_exits(void)
{
	uint64_t id = create(ROOT, "acct-forks");
	struct containerctl_stat st;
	struct worker w = worker_start(id);

	worker_do(&w, 'f');
	worker_do(&w, 't');
	/*
	 * pthread_join() may return before the thread's exit probe ran (the
	 * kernel wakes the joiner from exit_mm(), before the tracepoint).
	 */
	WAIT_UNTIL(stat_of(id).nr_exits >= FORKS + 1, 30);
	st = stat_of(id);
	CHECK(st.nr_forks == FORKS + 1 && st.nr_exits == FORKS + 1,
	      "forks %llu exits %llu, expected %d each",
	      st.nr_forks, st.nr_exits, FORKS + 1);
	worker_stop(&w);
	st = stat_of(id);
	CHECK(st.nr_forks == FORKS + 1 && st.nr_exits == FORKS + 2,
	      "after the worker: forks %llu exits %llu",
	      st.nr_forks, st.nr_exits);
	CHECK_RET(ctrl_destroy(fd, id), 0);
}

static void test_rss(void)
{
	uint64_t id = create(ROOT, "acct-rss");
	unsigned long long r0, r1, r2, grew;
	struct worker w = worker_start(id);

	r0 = stat_flags(id, CONTAINERCTL_STAT_RSS).rss_bytes;
	CHECK(r0 > 0, "a process's resident set is not empty");
	CHECK(!stat_of(id).rss_bytes, "rss without CONTAINERCTL_STAT_RSS");
	worker_do(&w, 'm');
	r1 = stat_flags(id, CONTAINERCTL_STAT_RSS).rss_bytes;
	grew = r1 - r0;
	printf("# rss: %llu KiB, then %llu KiB after touching %d MiB\n",
	       r0 / 1024, r1 / 1024, TOUCH_MIB);
	/* The kernel's counters may lag by a batch per CPU: 1 MiB of room. */
	CHECK(r1 > r0 && grew + MIB >= TOUCH_MIB * MIB &&
	      grew <= (TOUCH_MIB + 1) * MIB, "grew by %llu KiB",
	      grew / 1024);
	/* A second process on the same memory (CLONE_VM) counts once. */
	worker_do(&w, 'v');
	CHECK(stat_of(id).nr_procs == 2, "procs %llu",
	      (unsigned long long)stat_of(id).nr_procs);
	r2 = stat_flags(id, CONTAINERCTL_STAT_RSS).rss_bytes;
	CHECK(r2 <= r1 + MIB, "with a CLONE_VM sharer %llu KiB, before %llu"
	      " KiB", r2 / 1024, r1 / 1024);
	worker_stop(&w);
	CHECK(!stat_flags(id, CONTAINERCTL_STAT_RSS).rss_bytes,
	      "no process, no memory");
	CHECK_RET(ctrl_destroy(fd, id), 0);
}

static void test_flags(void)
{
	struct containerctl_info info;
	struct containerctl_stat st;

	CHECK_RET(ctrl_info(fd, &info), 0);
	CHECK(info.features & CONTAINERCTL_FEAT_ACCT, "features %#llx",
	      (unsigned long long)info.features);
	CHECK_RET(ctrl_stat_flags(fd, ROOT, __CONTAINERCTL_STAT_ALL + 1, &st),
		  -EINVAL);
	CHECK_RET(ctrl_stat_flags(fd, ROOT, 1U << 31, &st), -EINVAL);
	CHECK_RET(ctrl_stat_flags(fd, 1ULL << 40, CONTAINERCTL_STAT_RSS, &st),
		  -ENOENT);
}

int main(void)
{
	static const struct ctrtest_case cases[] = {
		{ "busy loop: container time matches /proc, kept after exit",
		  test_busy },
		{ "moved halfway: the first half stays with the source",
		  test_moved_halfway },
		{ "subtree totals are the sum of the parts", test_subtree },
		{ "forks and exits counted", test_forks_exits },
		{ "rss grows by what a process touches, shared mm once",
		  test_rss },
		{ "flags and feature", test_flags },
	};

	fd = ctrl_open();
	REQUIRE(fd >= 0, "ctrl_open: %s", strerror(-fd));
	return ctrtest_cases(cases, sizeof(cases) / sizeof(cases[0]));
}
