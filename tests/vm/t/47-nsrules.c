// SPDX-License-Identifier: GPL-2.0
/*
 * Namespace rules (CONTAINERCTL_F_NSRULES), on top of the permissions: a
 * task may move or clone itself only into an empty child of its current
 * container; moving or cloning another task, and creating (a clone creates
 * too, so an unprivileged task may not clone itself there), need
 * CAP_SYS_ADMIN and a destination in the caller's own subtree. Checked for
 * an unprivileged caller (uid 1000, moving tasks of its own uid in
 * containers of mode 0777, so that the permissions alone would allow every
 * call) and for root inside and outside the subtree; the same calls in a
 * tree without the flag all succeed. Every refusal is EPERM and changes
 * nothing.
 *
 * Runs as root, and leaves no container behind.
 */
#define _GNU_SOURCE
#include <grp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <containerctl/ctrl.h>

#include "ctrtest.h"
#include "ctrtest-ctrl.h"

#define ROOT		CONTAINERCTL_ROOT_ID
#define NSRULES		CONTAINERCTL_F_NSRULES
#define UNPRIV_UID	1000


/* which() without a check: the rules' children compare it themselves. */
static uint64_t which_or_0(pid_t pid)
{
	uint64_t id = 0;

	if (ctrl_which(fd, pid, &id))
		return 0;
	return id;
}

static uint64_t create(uint64_t parent, const char *name, unsigned int flags)
{
	uint64_t id = 0;
	int ret = ctrl_create(fd, parent, name, 0777, flags, &id);

	REQUIRE(!ret, "create %s under %s: %s", name, path_of(parent), strerror(-ret));
	return id;
}

static int drop_privileges(void)
{
	return setgroups(0, NULL) || setresgid(UNPRIV_UID, UNPRIV_UID, UNPRIV_UID) ||
	       setresuid(UNPRIV_UID, UNPRIV_UID, UNPRIV_UID);
}

/* A child that waits until killed, as @uid (0: root), in @start. */
static pid_t spawn_sleeper(uid_t uid, uint64_t start)
{
	int ready[2];
	pid_t pid;
	char c;

	REQUIRE(!pipe(ready), "pipe");
	pid = fork();
	REQUIRE(pid >= 0, "fork");
	if (!pid) {
		if (uid && drop_privileges())
			_exit(100);
		/* After the uid change, which clears it. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (write(ready[1], "x", 1) != 1)
			_exit(101);
		for (;;)
			pause();
	}
	close(ready[1]);
	REQUIRE(read(ready[0], &c, 1) == 1, "the sleeper did not start");
	close(ready[0]);
	if (start != ROOT)
		REQUIRE(!ctrl_attach(fd, start, pid, 0), "attach sleeper");
	return pid;
}

static void reap(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/* One tree: top/a/{e,ne,gp/g}, top/b; ne holds a task. */
struct tree {
	uint64_t top, a, e, ne, gp, g, b;
	pid_t ne_task;		/* root's, in ne */
	pid_t same_uid;		/* UNPRIV_UID's, in a */
	pid_t root_task;	/* root's, in the root container */
};

static void make_tree(struct tree *t, const char *name, unsigned int flags)
{
	t->top = create(ROOT, name, flags);
	t->a = create(t->top, "a", 0);
	t->e = create(t->a, "e", 0);
	t->ne = create(t->a, "ne", 0);
	t->gp = create(t->a, "gp", 0);
	t->g = create(t->gp, "g", 0);
	t->b = create(t->top, "b", 0);
	CHECK(stat_of(t->g).cflags == flags && stat_of(t->b).cflags == flags,
	      "%s: flags not inherited: %#x", name, stat_of(t->g).cflags);
	t->ne_task = spawn_sleeper(0, t->ne);
	t->same_uid = spawn_sleeper(UNPRIV_UID, t->a);
	t->root_task = spawn_sleeper(0, ROOT);
}

static void free_tree(struct tree *t)
{
	reap(t->ne_task);
	reap(t->same_uid);
	reap(t->root_task);
	destroy_tree(t->top);
}

/* In a child: each failed expectation is printed and counted. */
#define EXPECT(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s: %s:%d: %s\n", who, __FILE__,	\
			__LINE__, #cond);				\
		bad++;							\
	}								\
} while (0)

/* A refused call: EPERM, nothing created, nobody moved. */
#define REFUSED(call, t) do {						\
	uint32_t __n = nr_containers();					\
	uint64_t __me = which_or_0(0);					\
	uint64_t __other = which_or_0((t)->same_uid);			\
	uint64_t __root = which_or_0((t)->root_task);			\
	int __r = (call);						\
	if (__r != -EPERM) {						\
		fprintf(stderr, "%s: %s:%d: %s: %s, expected EPERM\n",	\
			who, __FILE__, __LINE__, #call, strerror(-__r));	\
		bad++;							\
	}								\
	EXPECT(nr_containers() == __n && which_or_0(0) == __me &&		\
	       which_or_0((t)->same_uid) == __other &&			\
	       which_or_0((t)->root_task) == __root);			\
} while (0)

static int clone_task(uint64_t parent, pid_t pid, uint64_t *id)
{
	struct containerctl_clone cl;
	int ret;

	memset(&cl, 0, sizeof(cl));
	cl.parent = parent;
	cl.pid = pid;
	cl.mode = 0777;
	ret = ctrl_clone(fd, &cl);
	if (id)
		*id = ret ? 0 : cl.id;
	return ret;
}

/*
 * Run @fn(@t) in a child that root (this process, in the root container)
 * moves to @start: a task may not move itself there under the rules.
 * Returns the number of failed expectations.
 */
static int run_in(uint64_t start, int unpriv, int (*fn)(struct tree *),
		  struct tree *t)
{
	int go[2], status;
	pid_t pid;
	char c;

	REQUIRE(!pipe(go), "pipe");
	pid = fork();
	REQUIRE(pid >= 0, "fork");
	if (!pid) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		close(go[1]);
		if (read(go[0], &c, 1) != 0 || which_or_0(0) != start)
			_exit(101);
		if (unpriv && drop_privileges())
			_exit(100);
		_exit(fn(t));
	}
	close(go[0]);
	CHECK_RET(ctrl_attach(fd, start, pid, 0), 0);
	close(go[1]);
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 200;
}

/* Unprivileged, in /r/a: refusals first, then the one move allowed. */
static int unpriv_moves(struct tree *t)
{
	const char *who = "uid 1000 in /r/a";
	uint64_t id;
	int bad = 0;

	REFUSED(ctrl_attach(fd, t->ne, 0, 0), t);	/* not empty */
	REFUSED(ctrl_attach(fd, t->g, 0, 0), t);	/* a grandchild */
	REFUSED(ctrl_attach(fd, t->b, 0, 0), t);	/* a sibling */
	REFUSED(ctrl_attach(fd, t->top, 0, 0), t);	/* the parent */
	/* Another task of the same uid, even into an empty child. */
	REFUSED(ctrl_attach(fd, t->e, t->same_uid, 0), t);
	REFUSED(ctrl_attach(fd, t->e, t->same_uid, CONTAINERCTL_ATTACH_THREAD), t);
	/* Create: CAP_SYS_ADMIN. */
	REFUSED(ctrl_create(fd, t->a, "u", 0777, 0, &id), t);
	REFUSED(ctrl_create(fd, t->top, "u", 0777, 0, &id), t);
	REFUSED(ctrl_create(fd, t->e, "u", 0777, 0, &id), t);
	/* Clone elsewhere than under its container, or of another task. */
	REFUSED(clone_task(t->b, 0, &id), t);
	REFUSED(clone_task(t->e, 0, &id), t);
	REFUSED(clone_task(t->a, t->same_uid, &id), t);
	REFUSED(clone_task(0, t->same_uid, &id), t);
	/* Into an empty child of its container. */
	EXPECT(ctrl_attach(fd, t->e, 0, 0) == 0);
	EXPECT(which_or_0(0) == t->e);
	return bad;
}

/*
 * Unprivileged, in /r/a: not even a clone of itself under its container,
 * which is also a CREATE under a parent with the flag (CAP_SYS_ADMIN).
 */
static int unpriv_clone(struct tree *t)
{
	const char *who = "uid 1000 in /r/a, clone";
	uint64_t id;
	int bad = 0;

	REFUSED(clone_task(0, 0, &id), t);
	REFUSED(clone_task(t->a, 0, &id), t);
	return bad;
}

/* Root, placed in /x, outside /r: nothing into /r. */
static int root_outside(struct tree *t)
{
	const char *who = "root in /x";
	uint64_t id;
	int bad = 0;

	REFUSED(ctrl_attach(fd, t->e, t->root_task, 0), t);
	REFUSED(ctrl_attach(fd, t->b, t->same_uid, 0), t);
	REFUSED(ctrl_create(fd, t->top, "z", 0777, 0, &id), t);
	REFUSED(ctrl_create(fd, t->a, "z", 0777, 0, &id), t);
	REFUSED(clone_task(t->a, t->root_task, &id), t);
	/* Itself: only into an empty child of /x. */
	REFUSED(ctrl_attach(fd, t->e, 0, 0), t);
	REFUSED(clone_task(t->a, 0, &id), t);
	return bad;
}

/* Root, placed in /r: its subtree is open to it. */
static int root_inside(struct tree *t)
{
	const char *who = "root in /r";
	uint64_t id;
	int bad = 0;

	EXPECT(ctrl_attach(fd, t->ne, t->root_task, 0) == 0);
	EXPECT(which_or_0(t->root_task) == t->ne);
	EXPECT(ctrl_attach(fd, t->g, t->root_task, 0) == 0);
	EXPECT(clone_task(t->gp, t->root_task, &id) == 0);
	EXPECT(which_or_0(t->root_task) == id && id);
	EXPECT(ctrl_create(fd, t->a, "byroot", 0777, 0, &id) == 0);
	EXPECT(ctrl_destroy(fd, id) == 0);
	/* Itself: a grandchild no, an empty child yes. */
	REFUSED(ctrl_attach(fd, t->e, 0, 0), t);
	EXPECT(ctrl_attach(fd, t->b, 0, 0) == 0);
	EXPECT(which_or_0(0) == t->b);
	/* A clone of itself: under its container only. */
	REFUSED(clone_task(t->a, 0, &id), t);
	EXPECT(clone_task(0, 0, &id) == 0);
	EXPECT(which_or_0(0) == id && id && stat_of(id).parent == t->b);
	return bad;
}

/* The same calls in a tree without the flag: the permissions alone. */
static int unpriv_plain(struct tree *t)
{
	const char *who = "uid 1000 in /p/a";
	uint64_t id;
	int bad = 0;

	EXPECT(ctrl_attach(fd, t->ne, 0, 0) == 0);
	EXPECT(ctrl_attach(fd, t->g, 0, 0) == 0);
	EXPECT(ctrl_attach(fd, t->b, 0, 0) == 0);
	EXPECT(ctrl_attach(fd, t->top, 0, 0) == 0);
	EXPECT(which_or_0(0) == t->top);
	EXPECT(ctrl_attach(fd, t->e, t->same_uid, 0) == 0);
	EXPECT(which_or_0(t->same_uid) == t->e);
	EXPECT(ctrl_create(fd, t->a, "u", 0777, 0, &id) == 0);
	EXPECT(clone_task(t->b, t->same_uid, &id) == 0);
	EXPECT(which_or_0(t->same_uid) == id && id);
	EXPECT(clone_task(t->b, 0, &id) == 0);
	EXPECT(which_or_0(0) == id && id);
	return bad;
}

static int root_outside_plain(struct tree *t)
{
	const char *who = "root in /x, plain tree";
	uint64_t id;
	int bad = 0;

	EXPECT(ctrl_attach(fd, t->ne, t->root_task, 0) == 0);
	EXPECT(ctrl_create(fd, t->a, "z", 0777, 0, &id) == 0);
	EXPECT(clone_task(t->a, t->root_task, &id) == 0);
	EXPECT(ctrl_attach(fd, t->g, 0, 0) == 0);
	return bad;
}

int main(void)
{
	struct containerctl_info info;
	struct tree r, p;
	uint32_t base, n;
	uint64_t x;
	int bad;

	fd = ctrl_open();
	REQUIRE(fd >= 0, "open: %s", strerror(-fd));
	REQUIRE(!ctrl_info(fd, &info), "info");
	REQUIRE(info.features & CONTAINERCTL_FEAT_NSRULES,
		"no CONTAINERCTL_FEAT_NSRULES in features %#llx",
		(unsigned long long)info.features);
	base = info.nr_containers;
	REQUIRE(which_or_0(0) == ROOT, "not started in the root container");

	make_tree(&r, "r", NSRULES);
	make_tree(&p, "p", 0);
	x = create(ROOT, "x", 0);

	/* Root in the root container: anywhere in /r, another task. */
	CHECK_RET(ctrl_attach(fd, r.g, r.root_task, 0), 0);
	CHECK_RET(ctrl_attach(fd, r.ne, r.root_task, 0), 0);
	CHECK_RET(ctrl_attach(fd, r.top, r.root_task, 0), 0);
	CHECK_RET(ctrl_attach(fd, ROOT, r.root_task, 0), 0);
	CHECK(which_or_0(r.root_task) == ROOT, "root's task not back in the root");

	n = nr_containers();
	bad = run_in(r.a, 1, unpriv_moves, &r);
	CHECK(!bad, "%d expectations failed for uid 1000 in /r/a", bad);
	CHECK(nr_containers() == n, "%u containers, not %u", nr_containers(), n);
	CHECK(stat_of(r.e).nr_threads == 0, "/r/e not empty after the mover exited");
	bad = run_in(r.a, 1, unpriv_clone, &r);
	CHECK(!bad, "%d expectations failed for uid 1000 cloning in /r/a", bad);
	CHECK(nr_containers() == n, "%u containers, not %u", nr_containers(), n);

	n = nr_containers();
	bad = run_in(x, 0, root_outside, &r);
	CHECK(!bad, "%d expectations failed for root in /x", bad);
	CHECK(nr_containers() == n, "%u containers, not %u", nr_containers(), n);
	bad = run_in(r.top, 0, root_inside, &r);
	CHECK(!bad, "%d expectations failed for root in /r", bad);
	CHECK(nr_containers() == n + 2, "%u containers, not %u", nr_containers(),
	      n + 2);

	/* Without the flag, the same calls succeed. */
	bad = run_in(p.a, 1, unpriv_plain, &p);
	CHECK(!bad, "%d expectations failed for uid 1000 in /p/a", bad);
	bad = run_in(x, 0, root_outside_plain, &p);
	CHECK(!bad, "%d expectations failed for root in /x (plain tree)", bad);

	free_tree(&r);
	free_tree(&p);
	CHECK_RET(ctrl_destroy(fd, x), 0);
	CHECK(nr_containers() == base, "%u containers left, not %u",
	      nr_containers(), base);
	return ctrtest_done();
}
