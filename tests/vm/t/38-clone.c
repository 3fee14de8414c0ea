// SPDX-License-Identifier: GPL-2.0
/*
 * CONTAINERCTL_IOC_CLONE: automatic names (a per-parent counter that only
 * grows and skips taken names; node_<pid> with a "-N" suffix when taken),
 * explicit names, the move of a whole thread group or of one thread, the
 * defaults (parent 0, pid 0), inherited, set and cleared flags, refusals
 * that leave nothing behind (zombie, missing pid or parent, permissions,
 * limits), and two races: processes cloning themselves under one parent,
 * and clone against attach of the same task.
 *
 * Runs as root in the initial pid namespace (pids and thread ids are those
 * of the initial namespace), and leaves no container behind.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <grp.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <containerctl/ctrl.h>

#include "ctrtest.h"
#include "ctrtest-ctrl.h"

#define ROOT		CONTAINERCTL_ROOT_ID
#define NSTRACK		CONTAINERCTL_F_NSTRACK
#define NSRULES		CONTAINERCTL_F_NSRULES
#define NOPID		0x7ffffff0
#define UNPRIV_UID	1000


/* Every child of @id, ascending, in a malloc'd array; returns the count. */
static uint32_t children(uint64_t id, uint64_t **out)
{
	uint32_t n = 0, cap = 0, count, total;
	uint64_t cursor = 0, *ids = NULL;
	int ret;

	for (;;) {
		if (n == cap) {
			cap = cap ? 2 * cap : 256;
			ids = realloc(ids, cap * sizeof(*ids));
			REQUIRE(ids, "realloc");
		}
		count = cap - n;
		ret = ctrl_children(fd, id, cursor, ids + n, &count, &total);
		REQUIRE(!ret, "children of %llu: %s", (unsigned long long)id,
			strerror(-ret));
		if (!count)
			break;
		n += count;
		cursor = ids[n - 1];
	}
	*out = ids;
	return n;
}

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

static int tid_pipe[2];

static void *report_tid(void *arg)
{
	pid_t tid = gettid();

	(void)arg;
	if (write(tid_pipe[1], &tid, sizeof(tid)) != sizeof(tid))
		_exit(3);
	for (;;)
		pause();
	return NULL;
}

/* A sleeping child with a second thread, whose id is put in @tid. */
static pid_t spawn_threaded(pid_t *tid)
{
	pid_t pid;

	REQUIRE(!pipe(tid_pipe), "pipe");
	pid = fork();
	REQUIRE(pid >= 0, "fork");
	if (!pid) {
		pthread_t t;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (pthread_create(&t, NULL, report_tid, NULL))
			_exit(2);
		for (;;)
			pause();
	}
	REQUIRE(read(tid_pipe[0], tid, sizeof(*tid)) == sizeof(*tid),
		"no thread id from %d", pid);
	close(tid_pipe[0]);
	close(tid_pipe[1]);
	return pid;
}

static void reap(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

static void clone_init(struct containerctl_clone *cl, uint64_t parent,
		       pid_t pid, unsigned int flags, const char *name)
{
	memset(cl, 0, sizeof(*cl));
	cl->parent = parent;
	cl->pid = pid;
	cl->flags = flags;
	cl->mode = 0755;
	if (name)
		snprintf(cl->name, sizeof(cl->name), "%s", name);
}

/*
 * Clone @pid (0: ourselves) under @parent with @flags and an automatic
 * name, which must be @want (NULL: any); the name is copied to @name_out.
 * The result is checked: the name's path leads to the id, the id's parent
 * is @parent (when given), and @pid is in it. Returns the id, 0 on failure.
 */
static uint64_t clone_check(uint64_t parent, pid_t pid, unsigned int flags,
			    const char *want, char *name_out)
{
	struct containerctl_clone cl;
	char path[CONTAINERCTL_PATH_MAX + CONTAINERCTL_NAME_MAX];
	const char *ppath;
	uint64_t real_parent;
	int ret;

	clone_init(&cl, parent, pid, flags, NULL);
	ret = ctrl_clone(fd, &cl);
	CHECK(!ret, "clone of %d under %s: %s", pid, path_of(parent),
	      strerror(-ret));
	if (ret)
		return 0;
	if (name_out)
		memcpy(name_out, cl.name, sizeof(cl.name));
	CHECK(!want || !strcmp(cl.name, want), "clone of %d under %s: name %.64s, expected %s",
	      pid, path_of(parent), cl.name, want);
	real_parent = stat_of(cl.id).parent;
	CHECK(!parent || real_parent == parent, "clone %llu: parent %llu, expected %llu",
	      (unsigned long long)cl.id, (unsigned long long)real_parent,
	      (unsigned long long)parent);
	ppath = path_of(real_parent);
	snprintf(path, sizeof(path), "%s%s%.64s", ppath,
		 strcmp(ppath, "/") ? "/" : "", cl.name);
	CHECK(lookup(path) == cl.id, "lookup %s: %llu, clone returned %llu",
	      path, (unsigned long long)lookup(path), (unsigned long long)cl.id);
	CHECK(which(pid) == cl.id, "clone of %d: it is in %s, not %s", pid,
	      path_of(which(pid)), path);
	return cl.id;
}

static int starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static void test_names(void)
{
	uint64_t p, n1, n2, n11, n3, n4, n21;
	pid_t s1 = spawn_sleeper(), s2 = spawn_sleeper();

	REQUIRE(!ctrl_create(fd, ROOT, "cl-names", 0755, 0, &p), "create");
	n1 = clone_check(p, s1, 0, "node1", NULL);
	/* s1 moves on: node1 is left empty, the counter goes on. */
	n2 = clone_check(p, s1, 0, "node2", NULL);
	CHECK(stat_of(n1).nr_threads == 0, "node1 not left empty");
	/* The counter is per parent: node1's first child is node1. */
	n11 = clone_check(n1, s2, 0, "node1", NULL);
	CHECK(!strcmp(path_of(n11), "/cl-names/node1/node1"), "path %s", path_of(n11));
	/* A name taken (by hand) is skipped. */
	CHECK_RET(ctrl_create(fd, p, "node3", 0755, 0, &n3), 0);
	n4 = clone_check(p, s2, 0, "node4", NULL);
	/* The counter only grows: node4 gone, the next one is node5. */
	CHECK_RET(ctrl_attach(fd, p, s2, 0), 0);
	CHECK_RET(ctrl_destroy(fd, n4), 0);
	clone_check(p, s2, 0, "node5", NULL);
	n21 = clone_check(n2, s1, 0, "node1", NULL);
	CHECK(!strcmp(path_of(n21), "/cl-names/node2/node1"), "path %s", path_of(n21));
	CHECK(stat_of(p).nr_children == 4, "cl-names has %u children, not 4",
	      stat_of(p).nr_children);

	reap(s1);
	reap(s2);
	destroy_tree(p);
}

static void test_name_pid(void)
{
	char want[CONTAINERCTL_NAME_MAX], prefix[CONTAINERCTL_NAME_MAX];
	char name1[CONTAINERCTL_NAME_MAX] = "", name2[CONTAINERCTL_NAME_MAX] = "";
	uint64_t p, h;
	pid_t s1 = spawn_sleeper(), s2 = spawn_sleeper(), t, tid;

	REQUIRE(!ctrl_create(fd, ROOT, "cl-pid", 0755, 0, &p), "create");
	snprintf(want, sizeof(want), "node_%d", s1);
	clone_check(p, s1, CONTAINERCTL_CLONE_NAME_PID, want, NULL);

	/* node_<pid> taken: a suffix "-N", a different one each time. */
	snprintf(want, sizeof(want), "node_%d", s2);
	snprintf(prefix, sizeof(prefix), "node_%d-", s2);
	CHECK_RET(ctrl_create(fd, p, want, 0755, 0, &h), 0);
	clone_check(p, s2, CONTAINERCTL_CLONE_NAME_PID, NULL, name1);
	CHECK(starts_with(name1, prefix) && strlen(name1) > strlen(prefix),
	      "name %s, expected %sN", name1, prefix);
	clone_check(p, s2, CONTAINERCTL_CLONE_NAME_PID, NULL, name2);
	CHECK(starts_with(name2, prefix) && strlen(name2) > strlen(prefix),
	      "name %s, expected %sN", name2, prefix);
	CHECK(strcmp(name1, name2), "the same name %s twice", name1);
	CHECK(stat_of(h).nr_threads == 0, "the taken container got the task");

	/* A thread's own id, not its process's. */
	t = spawn_threaded(&tid);
	snprintf(want, sizeof(want), "node_%d", tid);
	clone_check(p, tid, CONTAINERCTL_CLONE_NAME_PID | CONTAINERCTL_CLONE_THREAD,
		    want, NULL);

	reap(t);
	reap(s1);
	reap(s2);
	destroy_tree(p);
}

static void test_explicit(void)
{
	struct containerctl_clone cl;
	uint64_t p, id;
	uint32_t n;
	pid_t s = spawn_sleeper();

	REQUIRE(!ctrl_create(fd, ROOT, "cl-explicit", 0755, 0, &p), "create");
	clone_init(&cl, p, s, 0, "web");
	CHECK_RET(ctrl_clone(fd, &cl), 0);
	id = cl.id;
	CHECK(!strcmp(cl.name, "web"), "name %.64s", cl.name);
	CHECK(lookup("/cl-explicit/web") == id && which(s) == id,
	      "web: lookup %llu, clone %llu, task in %llu",
	      (unsigned long long)lookup("/cl-explicit/web"),
	      (unsigned long long)id, (unsigned long long)which(s));
	/* Refused: taken, invalid. Nothing created, nothing moved. */
	n = nr_containers();
	clone_init(&cl, p, s, 0, "web");
	CHECK_RET(ctrl_clone(fd, &cl), -EEXIST);
	clone_init(&cl, id, s, 0, "a/b");
	CHECK_RET(ctrl_clone(fd, &cl), -EINVAL);
	clone_init(&cl, id, s, 0, "..");
	CHECK_RET(ctrl_clone(fd, &cl), -EINVAL);
	clone_init(&cl, id, s, 0, NULL);
	memset(cl.name, 'x', sizeof(cl.name));
	CHECK_RET(ctrl_clone(fd, &cl), -ENAMETOOLONG);
	CHECK(nr_containers() == n, "%u containers after refusals, not %u",
	      nr_containers(), n);
	CHECK(which(s) == id, "a refused clone moved the task to %s",
	      path_of(which(s)));
	CHECK(stat_of(p).nr_children == 1 && stat_of(id).nr_children == 0,
	      "children after refusals");

	reap(s);
	destroy_tree(p);
}

static int has_pid(const uint32_t *pids, uint32_t n, pid_t pid)
{
	while (n--)
		if (pids[n] == (uint32_t)pid)
			return 1;
	return 0;
}

static void test_move(void)
{
	struct containerctl_stat st;
	uint32_t pids[8], count, total;
	uint64_t p, a, b, c;
	pid_t pid, tid;

	REQUIRE(!ctrl_create(fd, ROOT, "cl-move", 0755, 0, &p), "create");
	pid = spawn_threaded(&tid);
	CHECK(which(pid) == ROOT && which(tid) == ROOT, "not in the root");

	/* By default the whole thread group moves. */
	a = clone_check(p, pid, 0, "node1", NULL);
	count = 8;
	CHECK_RET(ctrl_pids(fd, a, CONTAINERCTL_PIDS_THREADS, 0, pids, &count,
			    &total, NULL), 0);
	CHECK(count == 2 && has_pid(pids, count, pid) && has_pid(pids, count, tid),
	      "threads of node1: %u (want %d and %d)", count, pid, tid);
	st = stat_of(a);
	CHECK(st.nr_procs == 1 && st.nr_threads == 2, "node1: %llu procs, %llu threads",
	      (unsigned long long)st.nr_procs, (unsigned long long)st.nr_threads);
	CHECK(which(tid) == a, "thread %d left in %s", tid, path_of(which(tid)));

	/* CONTAINERCTL_CLONE_THREAD: that thread only. */
	b = clone_check(p, tid, CONTAINERCTL_CLONE_THREAD, "node2", NULL);
	CHECK(which(pid) == a, "the main thread moved with the thread");
	count = 8;
	CHECK_RET(ctrl_pids(fd, b, CONTAINERCTL_PIDS_THREADS, 0, pids, &count,
			    &total, NULL), 0);
	CHECK(count == 1 && pids[0] == (uint32_t)tid, "threads of node2: %u", count);
	count = 8;
	CHECK_RET(ctrl_pids(fd, a, CONTAINERCTL_PIDS_THREADS, 0, pids, &count,
			    &total, NULL), 0);
	CHECK(count == 1 && pids[0] == (uint32_t)pid, "threads of node1: %u", count);
	CHECK(stat_of(a).nr_threads == 1 && stat_of(b).nr_threads == 1,
	      "thread counts %llu %llu", (unsigned long long)stat_of(a).nr_threads,
	      (unsigned long long)stat_of(b).nr_threads);

	/* A thread id without the flag names its whole group. */
	c = clone_check(p, tid, 0, "node3", NULL);
	CHECK(which(pid) == c && stat_of(c).nr_threads == 2,
	      "group clone by thread id: main thread in %s, %llu threads",
	      path_of(which(pid)), (unsigned long long)stat_of(c).nr_threads);
	CHECK(stat_of(a).nr_threads == 0 && stat_of(b).nr_threads == 0,
	      "threads left behind");

	reap(pid);
	destroy_tree(p);
}

static void test_defaults(void)
{
	uint64_t q, x, y, z;
	pid_t s = spawn_sleeper();

	REQUIRE(!ctrl_create(fd, ROOT, "cl-def", 0755, 0, &q), "create");
	CHECK_RET(ctrl_attach(fd, q, s, 0), 0);
	/* parent 0: the container the task is in. */
	x = clone_check(0, s, 0, "node1", NULL);
	CHECK(stat_of(x).parent == q, "parent 0: under %s, not /cl-def",
	      path_of(stat_of(x).parent));

	/* pid 0: ourselves (one thread: the whole group is this task). */
	CHECK_RET(ctrl_attach(fd, q, 0, 0), 0);
	y = clone_check(q, 0, 0, "node2", NULL);
	CHECK(which(getpid()) == y, "pid 0: we are in %s", path_of(which(getpid())));
	z = clone_check(0, 0, 0, "node1", NULL);
	CHECK(stat_of(z).parent == y && which(getpid()) == z,
	      "parent 0, pid 0: %s, we are in %s", path_of(z),
	      path_of(which(getpid())));
	CHECK(!strcmp(path_of(z), "/cl-def/node2/node1"), "path %s", path_of(z));
	CHECK_RET(ctrl_attach(fd, ROOT, 0, 0), 0);
	REQUIRE(which(0) == ROOT, "could not go back to the root");

	reap(s);
	destroy_tree(q);
}

static void test_flags(void)
{
	struct containerctl_clone cl;
	struct containerctl_stat st;
	uint64_t t, plain, id, where;
	uint32_t n, kids;
	pid_t s = spawn_sleeper();

	REQUIRE(!ctrl_create(fd, ROOT, "cl-flags", 0750, NSTRACK, &t), "create");
	REQUIRE(!ctrl_create(fd, ROOT, "cl-plain", 0755, 0, &plain), "create");
	CHECK(stat_of(t).cflags == NSTRACK, "cl-flags: cflags %#x", stat_of(t).cflags);

	/* Inherited. */
	id = clone_check(t, s, 0, NULL, NULL);
	CHECK(stat_of(id).cflags == NSTRACK, "inherited: cflags %#x", stat_of(id).cflags);
	/* Cleared. */
	clone_init(&cl, t, s, 0, "cleared");
	cl.clear_flags = NSTRACK;
	CHECK_RET(ctrl_clone(fd, &cl), 0);
	CHECK(stat_of(cl.id).cflags == 0, "cleared: cflags %#x", stat_of(cl.id).cflags);
	/* Set, under a parent without flags. */
	clone_init(&cl, plain, s, 0, "set");
	cl.cflags = NSRULES;
	CHECK_RET(ctrl_clone(fd, &cl), 0);
	CHECK(stat_of(cl.id).cflags == NSRULES, "set: cflags %#x", stat_of(cl.id).cflags);
	/* Set on top of the inherited ones; set one and clear the other. */
	clone_init(&cl, t, s, 0, "both");
	cl.cflags = NSRULES;
	CHECK_RET(ctrl_clone(fd, &cl), 0);
	CHECK(stat_of(cl.id).cflags == (NSTRACK | NSRULES), "both: cflags %#x",
	      stat_of(cl.id).cflags);
	clone_init(&cl, t, s, 0, "swapped");
	cl.cflags = NSRULES;
	cl.clear_flags = NSTRACK;
	CHECK_RET(ctrl_clone(fd, &cl), 0);
	CHECK(stat_of(cl.id).cflags == NSRULES, "swapped: cflags %#x",
	      stat_of(cl.id).cflags);
	/* Mode and owner as for CREATE. */
	clone_init(&cl, plain, s, 0, "mode");
	cl.mode = 0701;
	CHECK_RET(ctrl_clone(fd, &cl), 0);
	st = stat_of(cl.id);
	CHECK(st.mode == 0701 && st.uid == 0 && st.gid == 0, "mode %o uid %u gid %u",
	      st.mode, st.uid, st.gid);

	/* Unknown bits, a bad mode, a short size: EINVAL, nothing changes. */
	n = nr_containers();
	where = which(s);
	kids = stat_of(t).nr_children;
	clone_init(&cl, t, s, 1u << 31, NULL);
	CHECK_RET(ctrl_clone(fd, &cl), -EINVAL);
	clone_init(&cl, t, s, (__CONTAINERCTL_CLONE_ALL << 1) & ~__CONTAINERCTL_CLONE_ALL,
		   NULL);
	CHECK_RET(ctrl_clone(fd, &cl), -EINVAL);
	clone_init(&cl, t, s, 0, NULL);
	cl.cflags = (__CONTAINERCTL_F_ALL << 1) & ~__CONTAINERCTL_F_ALL;
	CHECK_RET(ctrl_clone(fd, &cl), -EINVAL);
	clone_init(&cl, t, s, 0, NULL);
	cl.cflags = 1u << 31;
	CHECK_RET(ctrl_clone(fd, &cl), -EINVAL);
	clone_init(&cl, t, s, 0, NULL);
	cl.clear_flags = (__CONTAINERCTL_F_ALL << 1) & ~__CONTAINERCTL_F_ALL;
	CHECK_RET(ctrl_clone(fd, &cl), -EINVAL);
	clone_init(&cl, t, s, 0, NULL);
	cl.clear_flags = 1u << 31;
	CHECK_RET(ctrl_clone(fd, &cl), -EINVAL);
	clone_init(&cl, t, s, 0, NULL);
	cl.mode = 01755;
	CHECK_RET(ctrl_clone(fd, &cl), -EINVAL);
	clone_init(&cl, t, s, 0, NULL);
	cl.size = CONTAINERCTL_CLONE_SIZE_VER0 - 8;
	CHECK(ioctl(fd, CONTAINERCTL_IOC_CLONE, &cl) == -1 && errno == EINVAL,
	      "short size: errno %d", errno);
	CHECK(nr_containers() == n, "%u containers after refusals, not %u",
	      nr_containers(), n);
	CHECK(which(s) == where, "a refused clone moved the task");
	CHECK(stat_of(t).nr_children == kids, "a refused clone left a child");

	reap(s);
	destroy_tree(t);
	destroy_tree(plain);
}

static void test_refusals(void)
{
	struct containerctl_set set = { .size = sizeof(set) };
	struct containerctl_clone cl;
	struct containerctl_info info;
	char num[32];
	siginfo_t si;
	uint64_t p, gone, m, one, where;
	uint32_t n;
	pid_t s = spawn_sleeper(), z;

	REQUIRE(!ctrl_create(fd, ROOT, "cl-fail", 0755, 0, &p), "create");
	CHECK_RET(ctrl_attach(fd, p, s, 0), 0);
	n = nr_containers();
	where = which(s);

	/* A zombie (exited, not reaped): ESRCH, nothing created. */
	z = fork();
	REQUIRE(z >= 0, "fork");
	if (!z)
		_exit(0);
	REQUIRE(!waitid(P_PID, z, &si, WEXITED | WNOWAIT), "waitid");
	clone_init(&cl, p, z, 0, NULL);
	CHECK_RET(ctrl_clone(fd, &cl), -ESRCH);
	clone_init(&cl, p, z, CONTAINERCTL_CLONE_THREAD, NULL);
	CHECK_RET(ctrl_clone(fd, &cl), -ESRCH);
	clone_init(&cl, p, z, 0, "zombie");
	CHECK_RET(ctrl_clone(fd, &cl), -ESRCH);
	CHECK(lookup("/cl-fail/zombie") == 0, "the zombie's container exists");
	waitpid(z, NULL, 0);
	/* No such pid; no such parent. */
	clone_init(&cl, p, NOPID, 0, NULL);
	CHECK_RET(ctrl_clone(fd, &cl), -ESRCH);
	REQUIRE(!ctrl_create(fd, ROOT, "cl-gone", 0755, 0, &gone), "create");
	REQUIRE(!ctrl_destroy(fd, gone), "destroy");
	clone_init(&cl, gone, s, 0, NULL);
	CHECK_RET(ctrl_clone(fd, &cl), -ENOENT);
	CHECK(nr_containers() == n, "%u containers, not %u", nr_containers(), n);
	CHECK(stat_of(p).nr_children == 0, "a refused clone left a child");
	CHECK(which(s) == where, "a refused clone moved the task");

	/* max_descendants of the parent or of an ancestor: EDQUOT. */
	CHECK_RET(ctrl_create(fd, p, "lim", 0755, 0, &m), 0);
	CHECK_RET(ctrl_create(fd, m, "one", 0755, 0, &one), 0);
	set.id = m;
	set.flags = CONTAINERCTL_SET_MAX_DESCENDANTS;
	set.max_descendants = 1;
	CHECK_RET(ctrl_set(fd, &set), 0);
	n = nr_containers();
	clone_init(&cl, m, s, 0, NULL);
	CHECK_RET(ctrl_clone(fd, &cl), -EDQUOT);
	clone_init(&cl, one, s, 0, NULL);
	CHECK_RET(ctrl_clone(fd, &cl), -EDQUOT);
	clone_init(&cl, one, s, CONTAINERCTL_CLONE_NAME_PID, NULL);
	CHECK_RET(ctrl_clone(fd, &cl), -EDQUOT);
	CHECK(nr_containers() == n && which(s) == where &&
	      stat_of(m).nr_descendants == 1,
	      "EDQUOT: %u containers, task in %s", nr_containers(),
	      path_of(which(s)));

	/* max_depth (EMLINK) and max_containers (ENOSPC), module parameters. */
	REQUIRE(!ctrl_info(fd, &info), "info");
	CHECK_RET(set_param("max_depth", "1"), 0);
	clone_init(&cl, p, s, 0, NULL);
	CHECK_RET(ctrl_clone(fd, &cl), -EMLINK);
	snprintf(num, sizeof(num), "%u", info.max_depth);
	REQUIRE(!set_param("max_depth", num), "restore max_depth");
	snprintf(num, sizeof(num), "%u", nr_containers());
	CHECK_RET(set_param("max_containers", num), 0);
	clone_init(&cl, p, s, 0, NULL);
	CHECK_RET(ctrl_clone(fd, &cl), -ENOSPC);
	snprintf(num, sizeof(num), "%u", info.max_containers);
	REQUIRE(!set_param("max_containers", num), "restore max_containers");
	CHECK(nr_containers() == n && which(s) == where,
	      "EMLINK/ENOSPC: %u containers, task in %s", nr_containers(),
	      path_of(which(s)));

	reap(s);
	destroy_tree(p);
}

/* As an unprivileged uid: each failed expectation is printed and counted. */
#define EXPECT(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "as uid %d: %s:%d: %s\n", UNPRIV_UID,	\
			__FILE__, __LINE__, #cond);			\
		bad++;							\
	}								\
} while (0)

struct unpriv_args {
	uint64_t ro, rw;
	pid_t root_task;
};

static int drop_privileges(void)
{
	return setgroups(0, NULL) || setresgid(UNPRIV_UID, UNPRIV_UID, UNPRIV_UID) ||
	       setresuid(UNPRIV_UID, UNPRIV_UID, UNPRIV_UID);
}

/* Placed in ro (root's, 0755): may not clone itself there. */
static int unpriv_in_ro(struct unpriv_args *a)
{
	struct containerctl_clone cl;
	int bad = 0;

	clone_init(&cl, 0, 0, 0, NULL);
	EXPECT(ctrl_clone(fd, &cl) == -EACCES);
	clone_init(&cl, a->ro, 0, CONTAINERCTL_CLONE_NAME_PID, NULL);
	EXPECT(ctrl_clone(fd, &cl) == -EACCES);
	clone_init(&cl, a->ro, 0, 0, "mine");
	EXPECT(ctrl_clone(fd, &cl) == -EACCES);
	EXPECT(which(0) == a->ro);
	return bad;
}

/* Placed in rw (0777): may clone itself, not root's task, not into ro. */
static int unpriv_in_rw(struct unpriv_args *a)
{
	struct containerctl_clone cl;
	struct containerctl_stat st;
	int bad = 0;

	clone_init(&cl, a->rw, a->root_task, 0, NULL);
	EXPECT(ctrl_clone(fd, &cl) == -EPERM);
	clone_init(&cl, a->ro, 0, 0, NULL);
	EXPECT(ctrl_clone(fd, &cl) == -EACCES);
	clone_init(&cl, 0, 0, 0, NULL);
	EXPECT(ctrl_clone(fd, &cl) == 0);
	EXPECT(which(0) == cl.id && cl.id);
	EXPECT(ctrl_stat(fd, cl.id, &st) == 0 && st.parent == a->rw &&
	       st.uid == UNPRIV_UID && st.gid == UNPRIV_UID);
	return bad;
}

static int as_unpriv(uint64_t start, int (*fn)(struct unpriv_args *),
		     struct unpriv_args *args)
{
	int status;
	pid_t pid = fork();

	REQUIRE(pid >= 0, "fork");
	if (!pid) {
		if (ctrl_attach(fd, start, 0, 0))
			_exit(101);
		if (drop_privileges())
			_exit(100);
		_exit(fn(args));
	}
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 200;
}

static void test_unprivileged(void)
{
	struct unpriv_args a;
	uint64_t p;
	uint32_t n;
	int bad;

	REQUIRE(!ctrl_create(fd, ROOT, "cl-perm", 0755, 0, &p), "create");
	REQUIRE(!ctrl_create(fd, p, "ro", 0755, 0, &a.ro), "create");
	REQUIRE(!ctrl_create(fd, p, "rw", 0777, 0, &a.rw), "create");
	a.root_task = spawn_sleeper();
	n = nr_containers();

	bad = as_unpriv(a.ro, unpriv_in_ro, &a);
	CHECK(bad == 0, "%d unprivileged expectations failed in ro", bad);
	CHECK(nr_containers() == n && stat_of(a.ro).nr_children == 0,
	      "refused clones created %u containers", nr_containers() - n);
	bad = as_unpriv(a.rw, unpriv_in_rw, &a);
	CHECK(bad == 0, "%d unprivileged expectations failed in rw", bad);
	CHECK(nr_containers() == n + 1 && stat_of(a.rw).nr_children == 1,
	      "%u containers, not %u", nr_containers(), n + 1);
	CHECK(which(a.root_task) == ROOT, "root's task moved");

	reap(a.root_task);
	destroy_tree(p);
}

#define NPROC	8
#define NCLONE	100

struct conc_result {
	int ret;
	uint64_t id;
	char name[CONTAINERCTL_NAME_MAX];
};

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * @names (@n of them) must be exactly node1..node<n>. Returns 0 if so.
 */
static int check_node_names(char (*names)[CONTAINERCTL_NAME_MAX], uint32_t n,
			    const char *what)
{
	char *seen = calloc(n + 1, 1), buf[CONTAINERCTL_NAME_MAX];
	unsigned int k;
	uint32_t i;
	int bad = 0;

	REQUIRE(seen, "calloc");
	for (i = 0; i < n; i++) {
		k = 0;
		if (sscanf(names[i], "node%u", &k) == 1)
			snprintf(buf, sizeof(buf), "node%u", k);
		if (k < 1 || k > n || strcmp(buf, names[i]) || seen[k]) {
			if (bad++ < 5)
				fprintf(stderr, "%s: name %.64s unexpected or twice\n",
					what, names[i]);
			continue;
		}
		seen[k] = 1;
	}
	free(seen);
	CHECK(!bad, "%s: %d names are not node1..node%u", what, bad, n);
	return bad;
}

static void test_concurrent(void)
{
	struct conc_result *res;
	char (*names)[CONTAINERCTL_NAME_MAX];
	uint64_t p, *ids, *got;
	uint32_t base, n, i;
	int go[2], status, failed = 0;
	pid_t pids[NPROC];
	char c;

	res = mmap(NULL, NPROC * NCLONE * sizeof(*res), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	REQUIRE(res != MAP_FAILED, "mmap");
	base = nr_containers();
	REQUIRE(!ctrl_create(fd, ROOT, "cl-conc", 0755, 0, &p), "create");
	REQUIRE(!pipe(go), "pipe");
	for (i = 0; i < NPROC; i++) {
		pids[i] = fork();
		REQUIRE(pids[i] >= 0, "fork");
		if (!pids[i]) {
			struct containerctl_clone cl;
			struct conc_result *r = res + i * NCLONE;
			int j;

			close(go[1]);
			if (read(go[0], &c, 1) != 0)
				_exit(2);
			for (j = 0; j < NCLONE; j++) {
				clone_init(&cl, p, 0, 0, NULL);
				r[j].ret = ctrl_clone(fd, &cl);
				r[j].id = cl.id;
				memcpy(r[j].name, cl.name, sizeof(cl.name));
			}
			_exit(0);
		}
	}
	close(go[0]);
	close(go[1]);		/* all start together */
	for (i = 0; i < NPROC; i++) {
		waitpid(pids[i], &status, 0);
		CHECK(WIFEXITED(status) && !WEXITSTATUS(status),
		      "cloner %u: status %#x", i, status);
	}

	n = NPROC * NCLONE;
	ids = malloc(n * sizeof(*ids));
	names = malloc(n * sizeof(*names));
	REQUIRE(ids && names, "malloc");
	for (i = 0; i < n; i++) {
		if (res[i].ret && failed++ < 5)
			fprintf(stderr, "clone %u: %s\n", i, strerror(-res[i].ret));
		ids[i] = res[i].id;
		memcpy(names[i], res[i].name, sizeof(names[i]));
	}
	CHECK(!failed, "%d of %u concurrent clones failed", failed, n);
	CHECK(nr_containers() == base + 1 + n, "%u containers, expected %u",
	      nr_containers(), base + 1 + n);
	CHECK(stat_of(p).nr_children == n, "cl-conc has %u children, not %u",
	      stat_of(p).nr_children, n);
	qsort(ids, n, sizeof(*ids), cmp_u64);
	for (i = 1; i < n; i++)
		CHECK(ids[i - 1] != ids[i], "id %llu returned twice",
		      (unsigned long long)ids[i]);
	CHECK(children(p, &got) == n && !memcmp(got, ids, n * sizeof(*ids)),
	      "the children of cl-conc are not the ids the clones returned");
	free(got);
	check_node_names(names, n, "concurrent clones");
	/* What stat says matches what clone returned. */
	for (i = 0; i < n; i++) {
		struct containerctl_stat st;

		if (res[i].ret || ctrl_stat(fd, res[i].id, &st))
			continue;
		CHECK(!strcmp(st.name, res[i].name) && st.parent == p &&
		      st.nr_threads == 0,
		      "clone %u: %llu is %.64s with %llu threads, returned %.64s", i,
		      (unsigned long long)res[i].id, st.name,
		      (unsigned long long)st.nr_threads, res[i].name);
	}

	destroy_tree(p);
	CHECK(nr_containers() == base, "%u containers after cleanup, not %u",
	      nr_containers(), base);
	free(ids);
	free(names);
	munmap(res, NPROC * NCLONE * sizeof(*res));
}

/*
 * max_descendants under concurrent clones: exactly the quota is made, the
 * other clones fail with EDQUOT and make nothing.
 */
#define QUOTA		50
#define QUOTA_PROCS	4
#define QUOTA_TRIES	40

static void test_quota_race(void)
{
	struct containerctl_set set = { .size = sizeof(set) };
	int *ok, go[2], status, i, total = 0;
	pid_t pids[QUOTA_PROCS];
	uint64_t p, *kids;
	uint32_t base, n;
	char c;

	ok = mmap(NULL, 2 * QUOTA_PROCS * sizeof(*ok), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	REQUIRE(ok != MAP_FAILED, "mmap");
	REQUIRE(!ctrl_create(fd, ROOT, "cl-quota", 0755, 0, &p), "create");
	set.id = p;
	set.flags = CONTAINERCTL_SET_MAX_DESCENDANTS;
	set.max_descendants = QUOTA;
	CHECK_RET(ctrl_set(fd, &set), 0);
	base = nr_containers();
	REQUIRE(!pipe(go), "pipe");
	for (i = 0; i < QUOTA_PROCS; i++) {
		pids[i] = fork();
		REQUIRE(pids[i] >= 0, "fork");
		if (!pids[i]) {
			struct containerctl_clone cl;
			int j, ret;

			close(go[1]);
			if (read(go[0], &c, 1) != 0)
				_exit(2);
			for (j = 0; j < QUOTA_TRIES; j++) {
				clone_init(&cl, p, 0, 0, NULL);
				ret = ctrl_clone(fd, &cl);
				if (!ret)
					ok[2 * i]++;
				else if (ret != -EDQUOT)
					ok[2 * i + 1]++;
			}
			_exit(0);
		}
	}
	close(go[0]);
	close(go[1]);
	for (i = 0; i < QUOTA_PROCS; i++) {
		waitpid(pids[i], &status, 0);
		CHECK(!ok[2 * i + 1], "cloner %d: %d errors other than EDQUOT", i,
		      ok[2 * i + 1]);
		total += ok[2 * i];
	}
	n = children(p, &kids);
	free(kids);
	CHECK(total == QUOTA && n == QUOTA && nr_containers() == base + QUOTA &&
	      stat_of(p).nr_descendants == QUOTA,
	      "quota %d: %d clones succeeded, %u children, %u containers more",
	      QUOTA, total, n, nr_containers() - base);
	destroy_tree(p);
	munmap(ok, 2 * QUOTA_PROCS * sizeof(*ok));
}

/*
 * Nobody sees a clone half made: a watcher lists the children of P1, into
 * which live tasks are cloned one each, and must never find one without
 * its task; and of P2, into which tasks that are exiting are cloned, where
 * a clone that fails (ESRCH) must leave no container that anyone saw.
 */
#define VIS_TASKS	100
#define VIS_SEEN	4096

struct vis_state {
	atomic_int stop;
	int rounds, empty_seen, stat_failed;
	uint32_t nseen;
	uint64_t seen[VIS_SEEN];	/* children of P2 the watcher saw */
};

static void vis_record(struct vis_state *vs, uint64_t id)
{
	uint32_t i;

	for (i = 0; i < vs->nseen; i++)
		if (vs->seen[i] == id)
			return;
	if (vs->nseen < VIS_SEEN)
		vs->seen[vs->nseen++] = id;
}

static void test_visibility(void)
{
	struct containerctl_clone cl;
	struct containerctl_stat st;
	struct vis_state *vs;
	uint64_t p1, p2, *kids;
	uint32_t n, i, made = 0;
	pid_t watcher, tasks[VIS_TASKS], z;
	int status, ret, errors = 0, k;

	vs = mmap(NULL, sizeof(*vs), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	REQUIRE(vs != MAP_FAILED, "mmap");
	REQUIRE(!ctrl_create(fd, ROOT, "cl-vis1", 0755, 0, &p1), "create");
	REQUIRE(!ctrl_create(fd, ROOT, "cl-vis2", 0755, 0, &p2), "create");
	for (k = 0; k < VIS_TASKS; k++)
		tasks[k] = spawn_sleeper();

	watcher = fork();
	REQUIRE(watcher >= 0, "fork");
	if (!watcher) {
		while (!atomic_load(&vs->stop)) {
			n = children(p1, &kids);
			for (i = 0; i < n; i++) {
				if (ctrl_stat(fd, kids[i], &st))
					vs->stat_failed++;
				else if (st.nr_threads != 1)
					vs->empty_seen++;
			}
			free(kids);
			n = children(p2, &kids);
			for (i = 0; i < n; i++)
				vis_record(vs, kids[i]);
			free(kids);
			vs->rounds++;
		}
		_exit(0);
	}

	for (k = 0; k < VIS_TASKS; k++) {
		clone_init(&cl, p1, tasks[k], 0, NULL);
		CHECK_RET(ctrl_clone(fd, &cl), 0);
		/* A task that is exiting, or gone, or not yet. */
		z = fork();
		REQUIRE(z >= 0, "fork");
		if (!z)
			_exit(0);
		clone_init(&cl, p2, z, 0, NULL);
		ret = ctrl_clone(fd, &cl);
		if (!ret)
			made++;
		else if (ret != -ESRCH && errors++ < 5)
			fprintf(stderr, "clone of an exiting task: %s\n", strerror(-ret));
		waitpid(z, NULL, 0);
	}
	/* However late the watcher started, it looks at least once. */
	WAIT_UNTIL(__atomic_load_n(&vs->rounds, __ATOMIC_RELAXED) > 0,
		   CTRTEST_DEADLINE_S);
	atomic_store(&vs->stop, 1);
	waitpid(watcher, &status, 0);
	CHECK(WIFEXITED(status) && !WEXITSTATUS(status), "watcher: status %#x",
	      status);
	fprintf(stderr, "visibility: %d rounds, %u of %d exiting tasks cloned\n",
		vs->rounds, made, VIS_TASKS);

	CHECK(vs->rounds > 0, "the watcher never looked");
	CHECK(!vs->empty_seen && !vs->stat_failed,
	      "the watcher saw %d clones without their task, %d it could not stat",
	      vs->empty_seen, vs->stat_failed);
	CHECK(!errors, "%d clones of exiting tasks failed otherwise than ESRCH",
	      errors);
	n = children(p2, &kids);
	free(kids);
	CHECK(n == made, "cl-vis2 has %u children, %u clones succeeded", n, made);
	for (i = 0; i < vs->nseen; i++)
		CHECK(!ctrl_stat(fd, vs->seen[i], &st) && st.parent == p2,
		      "the watcher saw %llu under cl-vis2, now gone",
		      (unsigned long long)vs->seen[i]);
	CHECK(stat_of(p1).nr_children == VIS_TASKS, "cl-vis1 has %u children",
	      stat_of(p1).nr_children);

	for (k = 0; k < VIS_TASKS; k++)
		reap(tasks[k]);
	destroy_tree(p1);
	destroy_tree(p2);
	munmap(vs, sizeof(*vs));
}

#define RACE_MAX	20000
#define RACE_NS		2000000000LL

struct race_state {
	atomic_int stop;
	int clones, clone_errors, clone_first_error;
	int attaches, attach_errors, attach_first_error;
	uint64_t ids[RACE_MAX];
};

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Calls made by one side of the race: its successes and failures. */
static int race_calls(const int *ok, const int *failed)
{
	return __atomic_load_n(ok, __ATOMIC_RELAXED) +
	       __atomic_load_n(failed, __ATOMIC_RELAXED);
}

static void test_clone_attach_race(void)
{
	struct race_state *rs;
	struct containerctl_stat st;
	uint64_t p, q, in, *kids;
	uint64_t threads;
	uint32_t base, n, i, busy;
	long long end;
	pid_t t, cloner, attacher;
	int status;

	rs = mmap(NULL, sizeof(*rs), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	REQUIRE(rs != MAP_FAILED, "mmap");
	REQUIRE(!ctrl_create(fd, ROOT, "cl-race-p", 0755, 0, &p), "create");
	REQUIRE(!ctrl_create(fd, ROOT, "cl-race-q", 0755, 0, &q), "create");
	base = nr_containers();
	t = spawn_sleeper();

	cloner = fork();
	REQUIRE(cloner >= 0, "fork");
	if (!cloner) {
		struct containerctl_clone cl;
		int ret;

		while (!atomic_load(&rs->stop)) {
			clone_init(&cl, p, t, 0, NULL);
			ret = ctrl_clone(fd, &cl);
			if (!ret)
				rs->ids[rs->clones++] = cl.id;
			else if (!rs->clone_errors++)
				rs->clone_first_error = ret;
			/* Full: the race ends early for both. */
			if (rs->clones == RACE_MAX)
				atomic_store(&rs->stop, 1);
		}
		_exit(0);
	}
	attacher = fork();
	REQUIRE(attacher >= 0, "fork");
	if (!attacher) {
		int ret;

		while (!atomic_load(&rs->stop)) {
			ret = ctrl_attach(fd, q, t, 0);
			if (!ret)
				rs->attaches++;
			else if (!rs->attach_errors++)
				rs->attach_first_error = ret;
		}
		_exit(0);
	}
	/* The race runs RACE_NS (pacing, not a wait)... */
	for (end = now_ns() + RACE_NS; now_ns() < end && !atomic_load(&rs->stop);)
		usleep(10000);
	/* ... and, however late either side started, until both made calls. */
	WAIT_UNTIL(atomic_load(&rs->stop) ||
		   (race_calls(&rs->clones, &rs->clone_errors) &&
		    race_calls(&rs->attaches, &rs->attach_errors)),
		   CTRTEST_DEADLINE_S);
	atomic_store(&rs->stop, 1);
	waitpid(cloner, &status, 0);
	CHECK(WIFEXITED(status) && !WEXITSTATUS(status), "cloner: status %#x", status);
	waitpid(attacher, &status, 0);
	CHECK(WIFEXITED(status) && !WEXITSTATUS(status), "attacher: status %#x", status);
	fprintf(stderr, "race: %d clones, %d attaches\n", rs->clones, rs->attaches);

	CHECK(!rs->clone_errors, "%d clones failed, the first with %s",
	      rs->clone_errors, strerror(-rs->clone_first_error));
	CHECK(!rs->attach_errors, "%d attaches failed, the first with %s",
	      rs->attach_errors, strerror(-rs->attach_first_error));
	CHECK(rs->clones > 0 && rs->attaches > 0, "no race: %d clones, %d attaches",
	      rs->clones, rs->attaches);

	/* T is in exactly one container: Q or a child of P. */
	in = which(t);
	CHECK(in == q || stat_of(in).parent == p, "T is in %s", path_of(in));
	n = children(p, &kids);
	CHECK(n == (uint32_t)rs->clones && stat_of(p).nr_children == n,
	      "cl-race-p has %u children (stat: %u), %d clones succeeded", n,
	      stat_of(p).nr_children, rs->clones);
	CHECK(nr_containers() == base + n, "%u containers, expected %u",
	      nr_containers(), base + n);
	threads = stat_of(q).nr_threads;
	for (i = 0, busy = 0; i < n; i++) {
		st = stat_of(kids[i]);
		threads += st.nr_threads;
		if (kids[i] != in && (st.nr_threads || st.nr_children) && busy++ < 5)
			fprintf(stderr, "%s: %llu threads, %u children\n",
				path_of(kids[i]), (unsigned long long)st.nr_threads,
				st.nr_children);
	}
	CHECK(threads == 1, "%llu threads in Q and P's children, not 1",
	      (unsigned long long)threads);
	CHECK(!busy, "%u children of P other than T's are not empty", busy);
	CHECK(stat_of(q).nr_threads == (in == q), "Q: %llu threads",
	      (unsigned long long)stat_of(q).nr_threads);
	qsort(rs->ids, rs->clones, sizeof(rs->ids[0]), cmp_u64);
	CHECK(n == (uint32_t)rs->clones &&
	      !memcmp(kids, rs->ids, n * sizeof(*kids)),
	      "the children of cl-race-p are not the ids the clones returned");
	if (n) {
		char (*names)[CONTAINERCTL_NAME_MAX] = malloc(n * sizeof(*names));

		REQUIRE(names, "malloc");
		for (i = 0; i < n; i++)
			memcpy(names[i], stat_of(kids[i]).name, sizeof(names[i]));
		check_node_names(names, n, "clones racing attach");
		free(names);
	}
	free(kids);

	reap(t);
	destroy_tree(p);
	destroy_tree(q);
	munmap(rs, sizeof(*rs));
}

static uint32_t base;	/* containers before the cases */

/* After every case: none of theirs is left. */
static void test_none_left(void)
{
	CHECK(nr_containers() == base, "%u containers left, not %u",
	      nr_containers(), base);
}

static const struct ctrtest_case cases[] = {
	{ "names", test_names },
	{ "name-pid", test_name_pid },
	{ "explicit", test_explicit },
	{ "move", test_move },
	{ "defaults", test_defaults },
	{ "flags", test_flags },
	{ "refusals", test_refusals },
	{ "unprivileged", test_unprivileged },
	{ "concurrent", test_concurrent },
	{ "quota-race", test_quota_race },
	{ "visibility", test_visibility },
	{ "clone-attach-race", test_clone_attach_race },
	{ "none-left", test_none_left },
};

int main(void)
{
	struct containerctl_info info;
	int ret;

	fd = ctrl_open();
	REQUIRE(fd >= 0, "open: %s", strerror(-fd));
	ret = ctrl_info(fd, &info);
	REQUIRE(!ret, "info: %s", strerror(-ret));
	REQUIRE(info.features & CONTAINERCTL_FEAT_CLONE,
		"no CONTAINERCTL_FEAT_CLONE in features %#llx",
		(unsigned long long)info.features);
	base = info.nr_containers;
	REQUIRE(which(0) == ROOT, "not started in the root container");
	return ctrtest_cases(cases, sizeof(cases) / sizeof(cases[0]));
}
