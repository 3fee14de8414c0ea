// SPDX-License-Identifier: GPL-2.0
/*
 * Namespace tracking (CONTAINERCTL_F_NSTRACK): a task of a tracked
 * container that creates namespaces, by unshare(2) (every kind), clone(2)
 * or clone3(2), is in /nst/node_<pid> when it next runs in user space (for
 * clone: the new task, before its first instruction), with a "-N" suffix
 * when the name is taken; nested; in a thread (unshare, or a thread made by
 * clone with CLONE_NEWUTS), only that thread moves; 16 tasks at once, none
 * missed; the new container is owned like its parent, with its mode and
 * inheritable flags and CONTAINERCTL_F_AUTOREMOVE, even when the task could
 * not create it itself (unprivileged, under the ns rules). Every clone is
 * counted (ns_clones, stat and info) and removed by the module once its
 * tasks exited and its children are gone, not before. Nothing happens
 * without the flag, for setns(2), for a plain fork or an unshare(2) without
 * CLONE_NEW*, or for an unshare(2) that fails. When max_descendants (its
 * own or an ancestor's), max_depth, max_containers or max_auto_clones
 * forbid the clone, the namespace operation still succeeds, the task
 * stays, and the refusal is counted (stat and info).
 *
 * Runs as root in the initial pid namespace, and leaves no container
 * behind.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <grp.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdatomic.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <containerctl/ctrl.h>

#include "ctrtest.h"
#include "ctrtest-ctrl.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME	0x00000080
#endif
#ifndef CLONE_NEWCGROUP
#define CLONE_NEWCGROUP	0x02000000
#endif

#define ROOT		CONTAINERCTL_ROOT_ID
#define NSTRACK		CONTAINERCTL_F_NSTRACK
#define AUTOREMOVE	CONTAINERCTL_F_AUTOREMOVE
#define UNPRIV_UID	1000
#define SKIP		77
#define NST_MODE	0750
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static uint64_t nst;		/* /nst: tracked, owned by UNPRIV_UID */

struct counters {
	uint64_t clones, refused;		/* of the container */
	uint64_t all_clones, all_refused;	/* of the module */
	uint32_t nr;				/* containers */
};

static struct counters counters(uint64_t id)
{
	struct containerctl_info info;
	struct containerctl_stat st = stat_of(id);
	struct counters c;

	REQUIRE(!ctrl_info(fd, &info), "info");
	c.clones = st.ns_clones;
	c.refused = st.ns_refused;
	c.all_clones = info.ns_clones;
	c.all_refused = info.ns_refused;
	c.nr = info.nr_containers;
	return c;
}

/*
 * Since @a, the container's and the module's counters grew by @clones and
 * @refused; the tasks are gone, and so, soon, are the clones they made:
 * the module has as many containers as at @a.
 */
static void check_counters(const char *what, uint64_t id, struct counters a,
			   int clones, int refused)
{
	struct counters b = counters(id);

	CHECK(b.clones == a.clones + clones && b.all_clones == a.all_clones + clones,
	      "%s: ns_clones of %s grew by %lld, of the module by %lld, expected %d",
	      what, path_of(id), (long long)(b.clones - a.clones),
	      (long long)(b.all_clones - a.all_clones), clones);
	CHECK(b.refused == a.refused + refused &&
	      b.all_refused == a.all_refused + refused,
	      "%s: ns_refused of %s grew by %lld, of the module by %lld, expected %d",
	      what, path_of(id), (long long)(b.refused - a.refused),
	      (long long)(b.all_refused - a.all_refused), refused);
	if (clones)
		WAIT_UNTIL(nr_containers() == a.nr, CTRTEST_DEADLINE_S);
	b = counters(id);
	CHECK(b.nr == a.nr, "%s: %d containers more after the tasks exited, expected none",
	      what, (int)(b.nr - a.nr));
}

/*
 * The container at @path, made by tracking under @parent, exists, is owned
 * like its parent, has its mode, its flags and CONTAINERCTL_F_AUTOREMOVE,
 * and holds its task (one thread, still alive) and nothing else.
 */
static void check_node(const char *what, const char *path, uint64_t parent)
{
	struct containerctl_stat st, pst = stat_of(parent);
	uint64_t id = lookup(path);

	CHECK(id, "%s: no container %s", what, path);
	if (!id)
		return;
	st = stat_of(id);
	CHECK(st.parent == parent && st.depth == pst.depth + 1,
	      "%s: %s: parent %llu depth %u", what, path,
	      (unsigned long long)st.parent, st.depth);
	CHECK(st.uid == pst.uid && st.gid == pst.gid && st.mode == pst.mode,
	      "%s: %s: owner %u:%u mode %o, its parent's %u:%u %o", what, path,
	      st.uid, st.gid, st.mode, pst.uid, pst.gid, pst.mode);
	CHECK(st.cflags == (pst.cflags | AUTOREMOVE) && (st.cflags & NSTRACK),
	      "%s: %s: cflags %#x, its parent's %#x", what, path, st.cflags,
	      pst.cflags);
	CHECK(st.nr_threads == 1 && st.nr_children == 0,
	      "%s: %s: %llu threads, %u children, expected its task alone",
	      what, path, (unsigned long long)st.nr_threads, st.nr_children);
}

/* @path is gone (the reaper's work, in its own time). */
static void check_gone(const char *what, const char *path)
{
	CHECK(WAIT_UNTIL(!lookup(path), CTRTEST_DEADLINE_S),
	      "%s: %s still there %d s after its task exited", what, path,
	      CTRTEST_DEADLINE_S);
}

/*
 * In a child (or thread): right after a namespace operation, the caller
 * must be in the container at @want.
 */
static void expect_in(const char *want)
{
	uint64_t id = 0;
	int ret = ctrl_which(fd, 0, &id);

	CHECK(!ret, "which: %s", strerror(-ret));
	CHECK(!ret && !strcmp(path_of(id), want), "in %s, expected %s",
	      path_of(id), want);
}

/*
 * Run @fn(@arg) in a child process that this process (root, in the root
 * container) first moves to @start; its pid in @pid. Returns its exit
 * status: 0 passed, SKIP, or failed.
 *
 * With @parent, @fn must leave the child in @parent's node_<pid>: once @fn
 * returned (unless with SKIP), the child waits until this process checked
 * that container (check_node(), @what) before it exits, and the container
 * must then go.
 */
static int in_child_node(uint64_t start, int (*fn)(void *), void *arg,
			 pid_t *pid, const char *what, uint64_t parent)
{
	int go[2], done[2], hold[2], status, st;
	char c, path[CONTAINERCTL_PATH_MAX + 32] = "";
	pid_t p;

	REQUIRE(!pipe(go) && !pipe(done) && !pipe(hold), "pipe");
	p = fork();
	REQUIRE(p >= 0, "fork");
	if (!p) {
		ctrtest_failures = 0;
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		close(go[1]);
		close(done[0]);
		close(hold[1]);
		if (read(go[0], &c, 1) != 0)
			_exit(101);
		close(go[0]);
		st = fn(arg);
		/* Report, then stay until the parent checked. */
		if (parent && st != SKIP &&
		    (write(done[1], "x", 1) != 1 || read(hold[0], &c, 1) != 0))
			_exit(102);
		_exit(st);
	}
	close(go[0]);
	close(done[1]);
	close(hold[0]);
	CHECK_RET(ctrl_attach(fd, start, p, 0), 0);
	close(go[1]);
	if (pid)
		*pid = p;
	if (parent && read(done[0], &c, 1) == 1) {
		snprintf(path, sizeof(path), "%s/node_%d", path_of(parent), p);
		check_node(what, path, parent);
	} else {
		parent = 0;	/* skipped, or died early: nothing to check */
	}
	close(done[0]);
	close(hold[1]);
	waitpid(p, &status, 0);
	if (parent)
		check_gone(what, path);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 200 + WTERMSIG(status);
}

static int in_child(uint64_t start, int (*fn)(void *), void *arg, pid_t *pid)
{
	return in_child_node(start, fn, arg, pid, NULL, 0);
}

static void test_features(void)
{
	static const struct {
		uint64_t bit;
		const char *name;
	} feats[] = {
		{ CONTAINERCTL_FEAT_CLONE, "CONTAINERCTL_FEAT_CLONE" },
		{ CONTAINERCTL_FEAT_NSTRACK_CLONE, "CONTAINERCTL_FEAT_NSTRACK_CLONE" },
		{ CONTAINERCTL_FEAT_NSTRACK_UNSHARE, "CONTAINERCTL_FEAT_NSTRACK_UNSHARE" },
		{ CONTAINERCTL_FEAT_NSRULES, "CONTAINERCTL_FEAT_NSRULES" },
	};
	struct containerctl_info info;
	unsigned int i;

	REQUIRE(!ctrl_info(fd, &info), "info");
	for (i = 0; i < ARRAY_SIZE(feats); i++)
		CHECK(info.features & feats[i].bit, "%s missing from features %#llx",
		      feats[i].name, (unsigned long long)info.features);
}

/* --- unshare(2), every kind. --- */

static int child_unshare(void *arg)
{
	int flags = *(int *)arg;
	char want[64];

	if (unshare(flags)) {
		if (errno == EINVAL)
			return SKIP;
		fprintf(stderr, "unshare(%#x): %s\n", flags, strerror(errno));
		return 1;
	}
	snprintf(want, sizeof(want), "/nst/node_%d", getpid());
	expect_in(want);
	return ctrtest_failures;
}

static void test_unshare_kinds(void)
{
	static const struct {
		int flags;
		const char *name;
	} kinds[] = {
		{ CLONE_NEWUTS, "CLONE_NEWUTS" },
		{ CLONE_NEWIPC, "CLONE_NEWIPC" },
		{ CLONE_NEWNS, "CLONE_NEWNS" },
		{ CLONE_NEWNET, "CLONE_NEWNET" },
		{ CLONE_NEWPID, "CLONE_NEWPID" },
		{ CLONE_NEWUSER, "CLONE_NEWUSER" },
		{ CLONE_NEWCGROUP, "CLONE_NEWCGROUP" },
		{ CLONE_NEWTIME, "CLONE_NEWTIME" },
		/* Several at once: one container. */
		{ CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNS, "UTS|IPC|NS" },
	};
	struct counters before;
	unsigned int i;
	int flags, st;

	for (i = 0; i < ARRAY_SIZE(kinds); i++) {
		flags = kinds[i].flags;
		before = counters(nst);
		/* The node checked while its task lives, and gone after. */
		st = in_child_node(nst, child_unshare, &flags, NULL,
				   kinds[i].name, nst);
		if (st == SKIP) {
			printf("unshare(%s): EINVAL, this kernel lacks it: not tested\n",
			       kinds[i].name);
			check_counters(kinds[i].name, nst, before, 0, 0);
			continue;
		}
		CHECK(st == 0, "unshare(%s): the child failed (status %d)",
		      kinds[i].name, st);
		check_counters(kinds[i].name, nst, before, 1, 0);
	}
}

/* --- clone(2) and clone3(2). --- */

/* struct clone_args as of Linux 5.3 (CLONE_ARGS_SIZE_VER0). */
struct clone_args_v0 {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal;
	uint64_t stack, stack_size, tls;
};

struct clone_case {
	uint64_t flags;
	int clone3;
	const char *name;
};

/* Where the new task was at its start, found by itself. */
struct first_which {
	int ret;
	uint64_t id;
	uint32_t cflags;
	char path[128];
};

/*
 * In a process in /nst: clone a child that looks where it is at once, and
 * stays (unless it is a vfork child, which its parent waits for) until its
 * parent has looked too.
 */
static int child_clone(void *arg)
{
	struct clone_case *c = arg;
	struct clone_args_v0 args = { .flags = c->flags, .exit_signal = SIGCHLD };
	struct first_which r = { -1, 0, 0, "" };
	int made = (c->flags & ~CLONE_VFORK) != 0;
	int p[2], hold[2], status;
	char want[64], x;
	pid_t pid;

	REQUIRE(!pipe(p) && !pipe(hold), "pipe");
	if (c->clone3)
		pid = syscall(SYS_clone3, &args, sizeof(args));
	else
		pid = syscall(SYS_clone, c->flags | SIGCHLD, 0, NULL, NULL, 0);
	if (pid == 0) {
		struct containerctl_stat st;

		/* The new task's very first action. */
		r.ret = ctrl_which(fd, 0, &r.id);
		if (!r.ret)
			r.ret = ctrl_path(fd, r.id, r.path, sizeof(r.path));
		if (!r.ret)
			r.ret = ctrl_stat(fd, r.id, &st);
		r.cflags = r.ret ? 0 : st.cflags;
		close(hold[1]);
		if (write(p[1], &r, sizeof(r)) != sizeof(r))
			_exit(1);
		if (!(c->flags & CLONE_VFORK) && read(hold[0], &x, 1) != 0)
			_exit(1);
		_exit(0);
	}
	if (pid < 0) {
		fprintf(stderr, "%s: %s\n", c->name, strerror(errno));
		return 1;
	}
	close(p[1]);
	close(hold[0]);
	CHECK(read(p[0], &r, sizeof(r)) == sizeof(r), "%s: no report", c->name);
	if (made)
		snprintf(want, sizeof(want), "/nst/node_%d", pid);
	else
		snprintf(want, sizeof(want), "/nst");
	CHECK(!r.ret, "%s: which, path, stat in the new task: %s", c->name,
	      strerror(-r.ret));
	CHECK(!r.ret && !strcmp(r.path, want),
	      "%s: the new task was in %s at its start, expected %s", c->name,
	      r.path, want);
	CHECK(r.ret || r.cflags == (made ? NSTRACK | AUTOREMOVE : NSTRACK),
	      "%s: %s has cflags %#x", c->name, r.path, r.cflags);
	/* While it lives (a vfork child has exited), /nst has its node. */
	if (!(c->flags & CLONE_VFORK))
		CHECK(stat_of(nst).nr_children == (uint32_t)made,
		      "%s: /nst has %u children", c->name,
		      stat_of(nst).nr_children);
	close(hold[1]);
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && !WEXITSTATUS(status), "%s: status %#x",
	      c->name, status);
	if (made)
		check_gone(c->name, want);
	/* The parent stays. */
	expect_in("/nst");
	return ctrtest_failures;
}

static void test_clone(void)
{
	static struct clone_case cases[] = {
		{ CLONE_NEWUTS, 1, "clone3(CLONE_NEWUTS)" },
		{ CLONE_NEWPID | CLONE_NEWNS, 1, "clone3(CLONE_NEWPID|CLONE_NEWNS)" },
		{ CLONE_NEWNET | CLONE_NEWIPC, 1, "clone3(CLONE_NEWNET|CLONE_NEWIPC)" },
		{ CLONE_NEWUSER, 1, "clone3(CLONE_NEWUSER)" },
		{ CLONE_NEWCGROUP, 1, "clone3(CLONE_NEWCGROUP)" },
		{ CLONE_NEWTIME, 1, "clone3(CLONE_NEWTIME)" },
		{ CLONE_VFORK | CLONE_NEWUTS, 1, "clone3(CLONE_VFORK|CLONE_NEWUTS)" },
		{ CLONE_NEWUTS, 0, "clone(CLONE_NEWUTS)" },
		{ CLONE_NEWUSER | CLONE_NEWPID, 0, "clone(CLONE_NEWUSER|CLONE_NEWPID)" },
		/* No namespace: no clone. */
		{ 0, 1, "clone3(0)" },
		{ 0, 0, "clone(0)" },
	};
	struct counters before;
	unsigned int i;
	int st, made;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		made = (cases[i].flags & ~CLONE_VFORK) != 0;
		before = counters(nst);
		st = in_child(nst, child_clone, &cases[i], NULL);
		CHECK(st == 0, "%s: failed (status %d)", cases[i].name, st);
		check_counters(cases[i].name, nst, before, made, 0);
		CHECK(stat_of(nst).nr_children == 0, "%s: /nst has %u children",
		      cases[i].name, stat_of(nst).nr_children);
	}
}

/* --- Nothing to track. --- */

static int child_unshare_stays(void *arg)
{
	const char *where = arg;

	CHECK(!unshare(CLONE_NEWUTS), "unshare: %s", strerror(errno));
	expect_in(where);
	/* Namespaces only: other unshare flags create nothing anywhere. */
	CHECK(!unshare(CLONE_FILES | CLONE_FS), "unshare(FILES|FS): %s",
	      strerror(errno));
	expect_in(where);
	return ctrtest_failures;
}

static int child_nothing_new(void *arg)
{
	(void)arg;
	CHECK(!unshare(CLONE_FILES | CLONE_FS | CLONE_SYSVSEM),
	      "unshare(FILES|FS|SYSVSEM): %s", strerror(errno));
	expect_in("/nst");
	return ctrtest_failures;
}

static void test_untracked(void)
{
	struct containerctl_create cr = { 0 };
	struct counters before, before_plain;
	uint64_t plain;
	int st;

	/* A container without the flag. */
	REQUIRE(!ctrl_create(fd, ROOT, "nst-plain", 0755, 0, &plain), "create");
	before = counters(nst);
	before_plain = counters(plain);
	st = in_child(plain, child_unshare_stays, "/nst-plain", NULL);
	CHECK(st == 0, "untracked unshare: status %d", st);
	check_counters("untracked", plain, before_plain, 0, 0);
	check_counters("untracked", nst, before, 0, 0);
	CHECK(stat_of(plain).nr_children == 0, "/nst-plain has a child");
	CHECK_RET(ctrl_destroy(fd, plain), 0);

	/* The flag cleared at creation under /nst. */
	cr.parent = nst;
	cr.mode = 0755;
	cr.clear_flags = NSTRACK;
	strcpy(cr.name, "off");
	REQUIRE(!ctrl_create_args(fd, &cr), "create /nst/off");
	CHECK(stat_of(cr.id).cflags == 0, "/nst/off: cflags %#x",
	      stat_of(cr.id).cflags);
	before = counters(nst);
	before_plain = counters(cr.id);
	st = in_child(cr.id, child_unshare_stays, "/nst/off", NULL);
	CHECK(st == 0, "unshare in /nst/off: status %d", st);
	check_counters("/nst/off", cr.id, before_plain, 0, 0);
	check_counters("/nst/off", nst, before, 0, 0);
	CHECK(stat_of(cr.id).nr_children == 0, "/nst/off has a child");
	CHECK_RET(ctrl_destroy(fd, cr.id), 0);

	/* In /nst, an unshare(2) without CLONE_NEW*. */
	before = counters(nst);
	st = in_child(nst, child_nothing_new, NULL, NULL);
	CHECK(st == 0, "unshare without namespaces: status %d", st);
	check_counters("unshare without namespaces", nst, before, 0, 0);
}

/* --- setns(2) joins, creates nothing. --- */

static pid_t uts_holder;

static int child_setns(void *arg)
{
	char path[64], host[64] = "";
	int nsfd;

	(void)arg;
	snprintf(path, sizeof(path), "/proc/%d/ns/uts", uts_holder);
	nsfd = open(path, O_RDONLY);
	CHECK(nsfd >= 0, "open %s: %s", path, strerror(errno));
	CHECK(!setns(nsfd, CLONE_NEWUTS), "setns: %s", strerror(errno));
	expect_in("/nst");
	gethostname(host, sizeof(host) - 1);
	CHECK(!strcmp(host, "nst-holder"), "setns did not join: hostname %s", host);
	return ctrtest_failures;
}

static void test_setns(void)
{
	struct counters before;
	int p[2], st;
	char c;

	REQUIRE(!pipe(p), "pipe");
	uts_holder = fork();
	REQUIRE(uts_holder >= 0, "fork");
	if (!uts_holder) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (unshare(CLONE_NEWUTS) || sethostname("nst-holder", 10))
			_exit(1);
		if (write(p[1], "x", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(p[1]);
	REQUIRE(read(p[0], &c, 1) == 1, "the holder did not unshare");
	close(p[0]);

	before = counters(nst);
	st = in_child(nst, child_setns, NULL, NULL);
	CHECK(st == 0, "setns: status %d", st);
	check_counters("setns", nst, before, 0, 0);
	kill(uts_holder, SIGKILL);
	waitpid(uts_holder, NULL, 0);
}

/* --- unshare(2) in a thread that is not the main one. --- */

struct thread_report {
	pid_t tid;
	int ret;
	uint64_t id;
	int done[2], go[2];
};

static void *thread_unshare(void *arg)
{
	struct thread_report *t = arg;
	char c;

	t->tid = gettid();
	if (unshare(CLONE_NEWUTS))
		t->ret = -errno;
	else
		t->ret = ctrl_which(fd, 0, &t->id);
	if (write(t->done[1], "x", 1) != 1 || read(t->go[0], &c, 1) < 0)
		t->ret = -EIO;
	return NULL;
}

static int child_thread(void *arg)
{
	struct thread_report t = { 0 };
	uint32_t pids[8], count;
	char want[64], node[64];
	pthread_t th;
	char c;

	(void)arg;
	REQUIRE(!pipe(t.done) && !pipe(t.go), "pipe");
	REQUIRE(!pthread_create(&th, NULL, thread_unshare, &t), "pthread_create");
	REQUIRE(read(t.done[0], &c, 1) == 1, "no report from the thread");
	snprintf(want, sizeof(want), "/nst/node_%d", t.tid);
	CHECK(t.tid != getpid(), "the thread is the main thread");
	CHECK(!t.ret, "in the thread: %s", strerror(-t.ret));
	CHECK(!t.ret && !strcmp(path_of(t.id), want),
	      "the thread was in %s right after unshare, expected %s",
	      path_of(t.id), want);
	CHECK(which(t.tid) == t.id, "the thread is now in %s", path_of(which(t.tid)));
	/* The main thread stays. */
	expect_in("/nst");
	count = 8;
	CHECK_RET(ctrl_pids(fd, nst, CONTAINERCTL_PIDS_THREADS, 0, pids, &count,
			    NULL, NULL), 0);
	CHECK(count == 1 && pids[0] == (uint32_t)getpid(),
	      "/nst holds %u threads, expected the main thread only", count);
	count = 8;
	CHECK_RET(ctrl_pids(fd, t.id, CONTAINERCTL_PIDS_THREADS, 0, pids, &count,
			    NULL, NULL), 0);
	CHECK(count == 1 && pids[0] == (uint32_t)t.tid,
	      "%s holds %u threads, expected the thread only", want, count);
	/* An unshare(2) that fails (user ns, several threads) creates nothing. */
	CHECK(unshare(CLONE_NEWUSER) == -1 && errno == EINVAL,
	      "unshare(CLONE_NEWUSER) with two threads: %s", strerror(errno));
	expect_in("/nst");
	snprintf(node, sizeof(node), "/nst/node_%d", getpid());
	CHECK(!lookup(node), "%s made by a failed unshare", node);
	close(t.go[1]);
	pthread_join(th, NULL);
	/* The thread's node goes with the thread; the process lives on. */
	check_gone("unshare in a thread", want);
	return ctrtest_failures;
}

static void test_thread(void)
{
	struct counters before = counters(nst);
	int st = in_child(nst, child_thread, NULL, NULL);

	CHECK(st == 0, "unshare in a thread: status %d", st);
	check_counters("unshare in a thread", nst, before, 1, 0);
}

/* A thread made by clone(CLONE_THREAD|CLONE_NEWUTS), glibc's clone(). */
static struct {
	atomic_int done;
	pid_t tid;
	int ret;
	uint64_t id;
} ns_thread_report;

static int ns_thread(void *arg)
{
	struct containerctl_which w = { .size = sizeof(w) };

	(void)arg;
	/* No TLS of its own: system calls only, and ioctl() on success. */
	ns_thread_report.ret = ioctl(fd, CONTAINERCTL_IOC_WHICH, &w) ? -1 : 0;
	ns_thread_report.id = w.id;
	ns_thread_report.tid = syscall(SYS_gettid);
	atomic_store(&ns_thread_report.done, 1);
	for (;;)
		syscall(SYS_sched_yield);
	return 0;
}

static int child_clone_thread(void *arg)
{
	static char stack[64 * 1024] __attribute__((aligned(16)));
	char want[64];
	int tid;

	(void)arg;
	tid = clone(ns_thread, stack + sizeof(stack),
		    CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND |
		    CLONE_THREAD | CLONE_SYSVSEM | CLONE_NEWUTS, NULL);
	if (tid < 0) {
		fprintf(stderr, "clone(CLONE_THREAD|CLONE_NEWUTS): %s\n",
			strerror(errno));
		return 1;
	}
	WAIT_UNTIL(atomic_load(&ns_thread_report.done), CTRTEST_DEADLINE_S);
	REQUIRE(atomic_load(&ns_thread_report.done), "no report from the thread");
	snprintf(want, sizeof(want), "/nst/node_%d", tid);
	CHECK(ns_thread_report.tid == tid, "thread id %d, clone returned %d",
	      ns_thread_report.tid, tid);
	CHECK(!ns_thread_report.ret && !strcmp(path_of(ns_thread_report.id), want),
	      "the new thread was in %s at its start, expected %s",
	      path_of(ns_thread_report.id), want);
	CHECK(which(tid) == ns_thread_report.id, "the thread is now in %s",
	      path_of(which(tid)));
	/* The rest of the process stays. */
	expect_in("/nst");
	CHECK(which(getpid()) == nst, "the process moved to %s",
	      path_of(which(getpid())));
	return ctrtest_failures;	/* exit_group() ends the thread */
}

static void test_clone_thread(void)
{
	struct counters before = counters(nst);
	int st = in_child(nst, child_clone_thread, NULL, NULL);

	CHECK(st == 0, "clone(CLONE_THREAD|CLONE_NEWUTS): status %d", st);
	check_counters("clone(CLONE_THREAD|CLONE_NEWUTS)", nst, before, 1, 0);
}

/* --- Many at once. --- */

#define NCONC	16

struct conc_pipes {
	int go[2];	/* closed by the parent: unshare */
	int done[2];	/* a byte from each child: unshared */
	int hold[2];	/* closed by the parent: exit */
};

static int child_unshare_net(void *arg)
{
	struct conc_pipes *cp = arg;
	char want[64], c;
	int st = 0;

	/* All unshare together, once every one is in /nst. */
	close(cp->go[1]);
	close(cp->done[0]);
	close(cp->hold[1]);
	if (read(cp->go[0], &c, 1) != 0) {
		st = 102;
	} else if (unshare(CLONE_NEWNET | CLONE_NEWUTS)) {
		fprintf(stderr, "unshare: %s\n", strerror(errno));
		st = 1;
	} else {
		snprintf(want, sizeof(want), "/nst/node_%d", getpid());
		expect_in(want);
	}
	/* Report (failed or not), stay until the parent counted the nodes. */
	if (write(cp->done[1], st ? "f" : "x", 1) != 1 ||
	    read(cp->hold[0], &c, 1) != 0)
		return 103;
	return st ? st : ctrtest_failures;
}

static void test_concurrent(void)
{
	struct containerctl_info info;
	struct counters before = counters(nst);
	struct conc_pipes cp;
	uint64_t missed;
	pid_t pids[NCONC];
	int i, n, status;
	char c;

	REQUIRE(!ctrl_info(fd, &info), "info");
	missed = info.ns_missed;
	REQUIRE(!pipe(cp.go) && !pipe(cp.done) && !pipe(cp.hold), "pipe");
	for (i = 0; i < NCONC; i++) {
		pids[i] = fork();
		REQUIRE(pids[i] >= 0, "fork");
		if (!pids[i]) {
			ctrtest_failures = 0;
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			_exit(child_unshare_net(&cp));
		}
		CHECK_RET(ctrl_attach(fd, nst, pids[i], 0), 0);
	}
	close(cp.go[0]);
	close(cp.go[1]);
	close(cp.done[1]);
	close(cp.hold[0]);
	/* A byte from every one, 'x' if it unshared: one node each. */
	for (i = n = 0; i < NCONC && read(cp.done[0], &c, 1) == 1; i++)
		n += c == 'x';
	CHECK(n == NCONC, "%d of %d children unshared", n, NCONC);
	CHECK(stat_of(nst).nr_children == NCONC, "/nst has %u children, not %d",
	      stat_of(nst).nr_children, NCONC);
	close(cp.done[0]);
	close(cp.hold[1]);
	for (i = 0; i < NCONC; i++) {
		waitpid(pids[i], &status, 0);
		CHECK(WIFEXITED(status) && !WEXITSTATUS(status),
		      "concurrent unshare %d: status %#x", i, status);
	}
	check_counters("concurrent unshare", nst, before, NCONC, 0);
	CHECK(stat_of(nst).nr_children == 0, "/nst has %u children after the exits",
	      stat_of(nst).nr_children);
	REQUIRE(!ctrl_info(fd, &info), "info");
	CHECK(info.ns_missed == missed, "the probe missed %llu unshare calls",
	      (unsigned long long)(info.ns_missed - missed));
}

/* --- A name taken: node_<pid>-N. --- */

static void test_suffix(void)
{
	struct counters before;
	char name[64], prefix[64];
	int go[2], status;
	uint64_t taken;
	pid_t pid;

	REQUIRE(!pipe(go), "pipe");
	pid = fork();
	REQUIRE(pid >= 0, "fork");
	if (!pid) {
		uint64_t id = 0;
		char c;

		ctrtest_failures = 0;
		close(go[1]);
		if (read(go[0], &c, 1) != 0 || ctrl_attach(fd, nst, 0, 0))
			_exit(101);
		CHECK(!unshare(CLONE_NEWUTS), "unshare: %s", strerror(errno));
		CHECK_RET(ctrl_which(fd, 0, &id), 0);
		snprintf(prefix, sizeof(prefix), "/nst/node_%d-", getpid());
		CHECK(!strncmp(path_of(id), prefix, strlen(prefix)) &&
		      strlen(path_of(id)) > strlen(prefix),
		      "in %s, expected %sN", path_of(id), prefix);
		_exit(ctrtest_failures);
	}
	close(go[0]);
	snprintf(name, sizeof(name), "node_%d", pid);
	REQUIRE(!ctrl_create(fd, nst, name, 0755, 0, &taken), "create %s", name);
	before = counters(nst);
	close(go[1]);
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && !WEXITSTATUS(status), "name taken: status %#x",
	      status);
	check_counters("name taken", nst, before, 1, 0);
	CHECK(stat_of(taken).nr_threads == 0 && stat_of(taken).nr_children == 0,
	      "the container already named node_%d got the task", pid);
	/* Made by CREATE, it is not removed when empty. */
	CHECK_RET(ctrl_destroy(fd, taken), 0);
}

/* --- Nested: from /nst/node_X to /nst/node_X/node_Y. --- */

static int child_nested(void *arg)
{
	char first[64], want[128];
	struct containerctl_stat st;
	uint64_t node;
	int status;
	pid_t g;

	(void)arg;
	CHECK(!unshare(CLONE_NEWUTS), "unshare: %s", strerror(errno));
	snprintf(first, sizeof(first), "/nst/node_%d", getpid());
	expect_in(first);
	/* A child of ours, in node_X, unshares: node_X/node_<child>. */
	g = fork();
	REQUIRE(g >= 0, "fork");
	if (!g) {
		ctrtest_failures = 0;
		CHECK(!unshare(CLONE_NEWIPC), "unshare: %s", strerror(errno));
		snprintf(want, sizeof(want), "%s/node_%d", first, getpid());
		expect_in(want);
		_exit(ctrtest_failures);
	}
	waitpid(g, &status, 0);
	CHECK(WIFEXITED(status) && !WEXITSTATUS(status), "nested child: status %#x",
	      status);
	snprintf(want, sizeof(want), "%s/node_%d", first, g);
	check_gone("nested child", want);
	/* And we again: node_X/node_X. */
	CHECK(!unshare(CLONE_NEWNET), "unshare: %s", strerror(errno));
	snprintf(want, sizeof(want), "%s/node_%d", first, getpid());
	expect_in(want);
	CHECK(stat_of(which(0)).depth == 3, "depth %u", stat_of(which(0)).depth);
	/*
	 * node_X, without tasks now, stays while it has a child; it made
	 * two clones (one is gone).
	 */
	node = lookup(first);
	CHECK(node, "%s gone while it has a child", first);
	if (node) {
		st = stat_of(node);
		CHECK(st.nr_threads == 0 && st.nr_children == 1 &&
		      st.ns_clones == 2,
		      "%s: %llu threads, %u children, ns_clones %llu, expected 0, 1, 2",
		      first, (unsigned long long)st.nr_threads, st.nr_children,
		      (unsigned long long)st.ns_clones);
	}
	return ctrtest_failures;
}

static void test_nested(void)
{
	struct counters before = counters(nst), after;
	char path[64], inner[128];
	pid_t pid;
	int st;

	st = in_child(nst, child_nested, NULL, &pid);
	CHECK(st == 0, "nested: status %d", st);
	/* Its last task gone, node_X/node_X goes, and then node_X. */
	snprintf(path, sizeof(path), "/nst/node_%d", pid);
	snprintf(inner, sizeof(inner), "%s/node_%d", path, pid);
	check_gone("nested", inner);
	check_gone("nested", path);
	/*
	 * Three clones: node_X under /nst, two under node_X. Each is counted
	 * in the container it was made under, all three in the module; the
	 * counts stay when the clones go.
	 */
	after = counters(nst);
	CHECK(after.nr == before.nr && stat_of(nst).nr_descendants == 0,
	      "nested: %d containers more, /nst has %llu descendants, not 0",
	      (int)(after.nr - before.nr),
	      (unsigned long long)stat_of(nst).nr_descendants);
	CHECK(after.all_clones == before.all_clones + 3,
	      "nested: the module's ns_clones grew by %llu, not 3",
	      (unsigned long long)(after.all_clones - before.all_clones));
	CHECK(after.clones == before.clones + 1,
	      "nested: ns_clones of /nst grew by %llu, not 1",
	      (unsigned long long)(after.clones - before.clones));
}

/* --- Unprivileged, where it may not create containers itself. --- */

static int child_unpriv(void *arg)
{
	char want[64];

	(void)arg;
	if (setgroups(0, NULL) || setresgid(UNPRIV_UID, UNPRIV_UID, UNPRIV_UID) ||
	    setresuid(UNPRIV_UID, UNPRIV_UID, UNPRIV_UID))
		return 100;
	/* A user namespace lets an unprivileged task create the others. */
	if (unshare(CLONE_NEWUSER | CLONE_NEWUTS)) {
		printf("unprivileged unshare(CLONE_NEWUSER|CLONE_NEWUTS): %s\n",
		       strerror(errno));
		return SKIP;
	}
	snprintf(want, sizeof(want), "/nst/ro/node_%d", getpid());
	expect_in(want);
	return ctrtest_failures;
}

static void test_unprivileged(void)
{
	struct counters before;
	uint64_t ro;
	int st;

	/* Root's, and with the ns rules, which automatic clones ignore. */
	REQUIRE(!ctrl_create(fd, nst, "ro", 0755, CONTAINERCTL_F_NSRULES, &ro),
		"create /nst/ro");
	before = counters(ro);
	/* The node checked while its task lives, and gone after. */
	st = in_child_node(ro, child_unpriv, NULL, NULL, "unprivileged", ro);
	if (st == SKIP) {
		printf("user namespaces unavailable to uid %d: not tested\n",
		       UNPRIV_UID);
	} else {
		CHECK(st == 0, "unprivileged: status %d", st);
		check_counters("unprivileged", ro, before, 1, 0);
	}
	CHECK_RET(ctrl_destroy(fd, ro), 0);
}

/* --- Limits: the clone is refused, the namespace operation is not. --- */

static int child_stays(void *arg)
{
	CHECK(!unshare(CLONE_NEWUTS), "unshare: %s", strerror(errno));
	expect_in(arg);
	CHECK(!sethostname("refused", 7), "sethostname in the new namespace: %s",
	      strerror(errno));
	return ctrtest_failures;
}

/* The module parameter @name, as its file has it (without the newline). */
static int get_param(const char *name, char *buf, size_t len)
{
	char path[128];
	ssize_t n;
	int f;

	snprintf(path, sizeof(path), "/sys/module/containerctl/parameters/%s", name);
	f = open(path, O_RDONLY);
	if (f < 0)
		return -errno;
	n = read(f, buf, len - 1);
	close(f);
	if (n <= 0)
		return -EIO;
	buf[n] = 0;
	buf[strcspn(buf, "\n")] = 0;
	return 0;
}

static void test_limits(void)
{
	struct containerctl_set set = { .size = sizeof(set) };
	struct containerctl_info info;
	struct counters before;
	char num[32], saved[32];
	int st;

	REQUIRE(!ctrl_info(fd, &info), "info");

	/* max_descendants of /nst reached. */
	set.id = nst;
	set.flags = CONTAINERCTL_SET_MAX_DESCENDANTS;
	set.max_descendants = stat_of(nst).nr_descendants;
	CHECK_RET(ctrl_set(fd, &set), 0);
	before = counters(nst);
	st = in_child(nst, child_stays, "/nst", NULL);
	CHECK(st == 0, "max_descendants: status %d", st);
	check_counters("max_descendants", nst, before, 0, 1);
	set.max_descendants = UINT64_MAX;
	CHECK_RET(ctrl_set(fd, &set), 0);

	/* max_descendants of an ancestor reached. */
	{
		uint64_t lim, sub;

		REQUIRE(!ctrl_create(fd, ROOT, "nst-lim", 0755, 0, &lim), "create");
		REQUIRE(!ctrl_create(fd, lim, "sub", 0755, NSTRACK, &sub), "create");
		set.id = lim;
		set.max_descendants = 1;
		CHECK_RET(ctrl_set(fd, &set), 0);
		before = counters(sub);
		st = in_child(sub, child_stays, "/nst-lim/sub", NULL);
		CHECK(st == 0, "an ancestor's max_descendants: status %d", st);
		check_counters("an ancestor's max_descendants", sub, before, 0, 1);
		CHECK_RET(ctrl_destroy(fd, sub), 0);
		CHECK_RET(ctrl_destroy(fd, lim), 0);
	}

	/* max_depth: a child of /nst would be too deep. */
	snprintf(num, sizeof(num), "%u", stat_of(nst).depth);
	CHECK_RET(set_param("max_depth", num), 0);
	before = counters(nst);
	st = in_child(nst, child_stays, "/nst", NULL);
	CHECK(st == 0, "max_depth: status %d", st);
	check_counters("max_depth", nst, before, 0, 1);
	snprintf(num, sizeof(num), "%u", info.max_depth);
	REQUIRE(!set_param("max_depth", num), "restore max_depth");

	/* max_containers reached. */
	snprintf(num, sizeof(num), "%u", nr_containers());
	CHECK_RET(set_param("max_containers", num), 0);
	before = counters(nst);
	st = in_child(nst, child_stays, "/nst", NULL);
	CHECK(st == 0, "max_containers: status %d", st);
	check_counters("max_containers", nst, before, 0, 1);
	snprintf(num, sizeof(num), "%u", info.max_containers);
	REQUIRE(!set_param("max_containers", num), "restore max_containers");

	/* max_auto_clones reached (none allowed). */
	REQUIRE(!get_param("max_auto_clones", saved, sizeof(saved)),
		"read max_auto_clones");
	CHECK_RET(set_param("max_auto_clones", "0"), 0);
	before = counters(nst);
	st = in_child(nst, child_stays, "/nst", NULL);
	CHECK(st == 0, "max_auto_clones: status %d", st);
	check_counters("max_auto_clones", nst, before, 0, 1);
	REQUIRE(!set_param("max_auto_clones", saved), "restore max_auto_clones");

	/* Limits lifted: tracked again. */
	before = counters(nst);
	st = in_child_node(nst, child_unshare, &(int){ CLONE_NEWUTS }, NULL,
			   "after the limits", nst);
	CHECK(st == 0, "after the limits: status %d", st);
	check_counters("after the limits", nst, before, 1, 0);
}

static uint32_t base;		/* containers before the cases */
static uint64_t missed;		/* the unshare probe's misses before them */

/* After every case: each automatic clone went by itself; /nst goes. */
static void test_none_left(void)
{
	struct containerctl_info info;

	CHECK(stat_of(nst).nr_descendants == 0, "/nst has %llu descendants left",
	      (unsigned long long)stat_of(nst).nr_descendants);
	CHECK_RET(ctrl_destroy(fd, nst), 0);
	REQUIRE(!ctrl_info(fd, &info), "info");
	CHECK(info.nr_containers == base, "%u containers left, not %u",
	      info.nr_containers, base);
	CHECK(info.ns_missed == missed, "the unshare probe missed %llu calls",
	      (unsigned long long)(info.ns_missed - missed));
}

static const struct ctrtest_case cases[] = {
	{ "features", test_features },
	{ "unshare-kinds", test_unshare_kinds },
	{ "clone", test_clone },
	{ "untracked", test_untracked },
	{ "setns", test_setns },
	{ "thread", test_thread },
	{ "clone-thread", test_clone_thread },
	{ "concurrent", test_concurrent },
	{ "suffix", test_suffix },
	{ "nested", test_nested },
	{ "unprivileged", test_unprivileged },
	{ "limits", test_limits },
	{ "none-left", test_none_left },
};

int main(void)
{
	struct containerctl_set set = { .size = sizeof(set) };
	struct containerctl_info info;

	setvbuf(stdout, NULL, _IONBF, 0);
	fd = ctrl_open();
	REQUIRE(fd >= 0, "open: %s", strerror(-fd));
	REQUIRE(!ctrl_info(fd, &info), "info");
	base = info.nr_containers;
	missed = info.ns_missed;
	REQUIRE(which(0) == ROOT, "not started in the root container");

	REQUIRE(!ctrl_create(fd, ROOT, "nst", NST_MODE, NSTRACK, &nst), "create /nst");
	/* Owned by someone else than the tasks: new containers are owned alike. */
	set.id = nst;
	set.flags = CONTAINERCTL_SET_OWNER;
	set.uid = UNPRIV_UID;
	set.gid = UNPRIV_UID;
	REQUIRE(!ctrl_set(fd, &set), "chown /nst");
	REQUIRE(stat_of(nst).cflags == NSTRACK, "/nst: cflags %#x",
		stat_of(nst).cflags);
	return ctrtest_cases(cases, sizeof(cases) / sizeof(cases[0]));
}
