// SPDX-License-Identifier: GPL-2.0
/*
 * libctrl's own calls, above one ioctl each: ctrl_open_info() and
 * ctrl_has_feature(), the by-path variants (each one), ctrl_pids_all() (also while
 * the container grows), ctrl_spawn() and ctrl_exec() (the program runs in
 * the container from its first instruction; a failed move or exec is
 * reported and nothing runs), and ctrl_walk() (pre-order, paging past 64
 * children, pruning, stopping). errno is left alone throughout.
 *
 * Runs as root in the test VM, with no container but the root at start, and
 * leaves none behind.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <containerctl/ctrl.h>

#include "ctrtest.h"
#include "ctrtest-ctrl.h"


static uint64_t id_of(const char *path)
{
	uint64_t id = 0;
	int ret = ctrl_lookup(fd, path, &id);

	CHECK(!ret, "lookup %s: %s", path, strerror(-ret));
	return id;
}

static pid_t sleeper(void)
{
	pid_t pid = fork();

	REQUIRE(pid >= 0, "fork");
	if (!pid) {
		pause();
		_exit(0);
	}
	return pid;
}

static void reap(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

static void test_open(void)
{
	struct containerctl_info info;
	int fd2;

	fd2 = ctrl_open_info(&info);
	REQUIRE(fd2 >= 0, "ctrl_open_info: %s", strerror(-fd2));
	CHECK(info.abi_version == CONTAINERCTL_ABI_VERSION, "abi %u", info.abi_version);
	CHECK(info.features & CONTAINERCTL_FEAT_CORE, "features %llx",
	      (unsigned long long)info.features);
	CHECK(fcntl(fd2, F_GETFD) == FD_CLOEXEC, "not close-on-exec");
	close(fd2);
	CHECK_RET(ctrl_has_feature(fd, CONTAINERCTL_FEAT_CORE), 1);
	CHECK_RET(ctrl_has_feature(fd, CONTAINERCTL_FEAT_CORE | CONTAINERCTL_FEAT_CLONE), 1);
	CHECK_RET(ctrl_has_feature(fd, 1ULL << 63), 0);
	CHECK_RET(ctrl_has_feature(-1, CONTAINERCTL_FEAT_CORE), -EBADF);
}

static void test_paths(void)
{
	struct containerctl_clone cl = { 0 };
	struct containerctl_set set = { 0 };
	struct containerctl_stat st;
	uint64_t a, b, sig = 0;
	uint32_t moved = 9, idx = 9;
	uint64_t denied = 9;
	char longp[100];
	pid_t pid;

	CHECK_RET(ctrl_create_path(fd, "/lib6", 0755, 0, &a), 0);
	CHECK_RET(ctrl_create_path(fd, "/lib6/b/", 0700, 0, &b), 0);
	CHECK(id_of("/lib6/b") == b, "create_path's id");
	CHECK_RET(ctrl_stat_path(fd, "/lib6/b", &st), 0);
	CHECK(st.parent == a && st.mode == 0700 && !strcmp(st.name, "b"),
	      "parent %llu mode %o name %s", (unsigned long long)st.parent,
	      st.mode, st.name);
	CHECK_RET(ctrl_create_path(fd, "/lib6", 0755, 0, NULL), -EEXIST);
	CHECK_RET(ctrl_create_path(fd, "/", 0755, 0, NULL), -EEXIST);
	CHECK_RET(ctrl_create_path(fd, "lib6/c", 0755, 0, NULL), -EINVAL);
	CHECK_RET(ctrl_create_path(fd, "/nope/c", 0755, 0, NULL), -ENOENT);
	memset(longp, 'n', sizeof(longp));
	longp[0] = '/';
	longp[sizeof(longp) - 1] = '\0';
	CHECK_RET(ctrl_create_path(fd, longp, 0755, 0, NULL), -ENAMETOOLONG);

	set.flags = CONTAINERCTL_SET_MODE;
	set.mode = 0750;
	set.id = 12345678;	/* ignored */
	CHECK_RET(ctrl_set_path(fd, "/lib6/b", &set), 0);
	CHECK_RET(ctrl_stat(fd, b, &st), 0);
	CHECK(st.mode == 0750, "mode %o after set_path", st.mode);

	pid = sleeper();
	cl.pid = pid;
	strcpy(cl.name, "cl");
	cl.mode = 0755;
	CHECK_RET(ctrl_clone_path(fd, "/lib6", &cl), 0);
	CHECK(cl.parent == a, "clone_path's parent");
	CHECK(which(pid) == cl.id && cl.id == id_of("/lib6/cl"), "clone_path moved");
	CHECK_RET(ctrl_attach_path(fd, "/lib6/b", pid, 0), 0);
	CHECK(which(pid) == b, "attach_path moved");
	CHECK_RET(ctrl_attach_path(fd, "/lib6/nope", pid, 0), -ENOENT);
	CHECK_RET(ctrl_attach_batch_path(fd, "/lib6", &pid, 1, 0, &moved, &idx), 0);
	CHECK(moved == 1 && which(pid) == a, "attach_batch_path: %u moved", moved);
	CHECK_RET(ctrl_attach_batch_path(fd, "/nope", &pid, 1, 0, &moved, &idx), -ENOENT);
	CHECK(moved == 0 && idx == 0, "attach_batch_path /nope: %u moved", moved);
	CHECK_RET(ctrl_attach_path(fd, "/lib6/b", pid, 0), 0);
	CHECK_RET(ctrl_kill_path(fd, "/lib6/b", SIGKILL, 0, &sig, &denied), 0);
	CHECK(sig == 1 && denied == 0, "kill_path: %llu signalled, %llu denied",
	      (unsigned long long)sig, (unsigned long long)denied);
	waitpid(pid, NULL, 0);
	CHECK_RET(ctrl_kill_path(fd, "/nope", SIGKILL, 0, NULL, NULL), -ENOENT);
	CHECK_RET(ctrl_destroy_path(fd, "/lib6/cl"), 0);
	CHECK_RET(ctrl_destroy_path(fd, "/lib6/cl"), -ENOENT);
	CHECK_RET(ctrl_destroy_path(fd, "/lib6"), -EBUSY);
}

static int ascending(const uint32_t *p, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++)
		if (p[i] <= p[i - 1])
			return 0;
	return 1;
}

/* @id has no task left (or cannot be asked: the caller's check says). */
static int emptied(uint64_t id)
{
	struct containerctl_stat st;

	return ctrl_stat(fd, id, &st) || !st.nr_threads;
}

static void test_pids_all(void)
{
	enum { N = 50, GROW = 400 };
	pid_t kids[N], grower;
	uint64_t id, gen = 0;
	uint32_t *pids;
	size_t n, i, j;
	int round, status;

	CHECK_RET(ctrl_create_path(fd, "/lib6/p", 0755, 0, &id), 0);
	pids = NULL;
	n = 99;
	CHECK_RET(ctrl_pids_all(fd, id, 0, &pids, &n, &gen), 0);
	CHECK(pids && n == 0, "empty: %zu pids", n);
	free(pids);
	for (i = 0; i < N; i++) {
		kids[i] = sleeper();
		CHECK_RET(ctrl_attach(fd, id, kids[i], 0), 0);
	}
	CHECK_RET(ctrl_pids_all(fd, id, 0, &pids, &n, &gen), 0);
	CHECK(n == N && ascending(pids, n), "%zu pids, expected %d", n, N);
	for (i = 0; i < N; i++) {
		for (j = 0; j < n && pids[j] != (uint32_t)kids[i]; j++)
			;
		CHECK(j < n, "pid %d missing", kids[i]);
	}
	free(pids);
	CHECK_RET(ctrl_pids_all_path(fd, "/nope", 0, &pids, &n, NULL), -ENOENT);
	{
		uint32_t buf[N], count = N, total = 0;

		CHECK_RET(ctrl_pids_path(fd, "/lib6/p", 0, 0, buf, &count, &total, NULL), 0);
		CHECK(count == N && total == N, "pids_path: %u of %u", count, total);
	}

	/* A container that grows while it is listed: complete snapshots. */
	grower = fork();
	REQUIRE(grower >= 0, "fork");
	if (!grower) {
		if (ctrl_attach(fd, id, 0, 0))
			_exit(1);
		for (i = 0; i < GROW; i++)
			if (!fork()) {
				pause();
				_exit(0);
			}
		pause();
		_exit(0);
	}
	for (round = 0; round < 200; round++) {
		CHECK_RET(ctrl_pids_all(fd, id, 0, &pids, &n, &gen), 0);
		CHECK(ascending(pids, n), "round %d not ascending", round);
		CHECK(n <= N + 1 + GROW, "round %d: %zu pids", round, n);
		free(pids);
		if (n == N + 1 + GROW)
			break;
		usleep(1000);
	}
	/* Up to a minute: the debug kernel forks slowly under emulation. */
	for (i = 0; i < 3000 && n != N + 1 + GROW; i++) {
		usleep(20000);
		CHECK_RET(ctrl_pids_all(fd, id, 0, &pids, &n, &gen), 0);
		free(pids);
	}
	CHECK(n == N + 1 + GROW, "%zu pids at the end", n);
	CHECK_RET(ctrl_kill(fd, id, SIGKILL, 0, NULL, NULL), 0);
	for (i = 0; i < N; i++)
		waitpid(kids[i], NULL, 0);
	waitpid(grower, &status, 0);
	/* The grower's children are reparented to init: wait until gone. */
	WAIT_UNTIL(emptied(id), CTRTEST_DEADLINE_S);
	CHECK_RET(ctrl_destroy(fd, id), 0);
}

static void test_spawn(void)
{
	char *const sh_exit[] = { "sh", "-c", "exit 7", NULL };
	char *const sh_wait[] = { "sh", "-c", "read x", NULL };
	char *const sh_touch[] = { "sh", "-c", "touch /tmp/33-ran", NULL };
	char *const env[] = { "PATH=/bin", NULL };
	uint64_t id, gone;
	pid_t pid = 0, c;
	int status, ret;

	CHECK_RET(ctrl_create_path(fd, "/lib6/s", 0755, 0, &id), 0);
	CHECK_RET(ctrl_spawn(fd, id, "/bin/sh", sh_exit, NULL, &pid), 0);
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid &&
	      WIFEXITED(status) && WEXITSTATUS(status) == 7, "exit status %x", status);

	/* Running, in the container, searched in PATH of envp. */
	CHECK_RET(ctrl_spawn(fd, id, "sh", sh_wait, env, &pid), 0);
	CHECK(which(pid) == id, "spawned outside the container");
	reap(pid);

	CHECK_RET(ctrl_spawn(fd, id, "/nonexistent", sh_exit, NULL, &pid), -ENOENT);
	CHECK_RET(ctrl_spawn(fd, id, "/tmp", sh_exit, NULL, &pid), -EACCES);
	CHECK(waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD, "a child left behind");

	/* A move that fails: nothing runs. */
	CHECK_RET(ctrl_create_path(fd, "/lib6/gone", 0755, 0, &gone), 0);
	CHECK_RET(ctrl_destroy(fd, gone), 0);
	unlink("/tmp/33-ran");
	CHECK_RET(ctrl_spawn(fd, gone, "/bin/sh", sh_touch, NULL, &pid), -ENOENT);
	/*
	 * Its child is reaped before it returns: no child left, nothing can
	 * run later, and had it run, the file would be there now.
	 */
	CHECK(waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD, "a child left behind");
	CHECK(access("/tmp/33-ran", F_OK) && errno == ENOENT, "ran after a failed move");

	/* ctrl_exec(): in a child of the test. */
	c = fork();
	REQUIRE(c >= 0, "fork");
	if (!c) {
		ret = ctrl_exec(fd, gone, "/bin/sh", sh_exit, NULL);
		if (ret != -ENOENT)
			_exit(1);
		ret = ctrl_exec(fd, id, "/bin/sh", sh_exit, NULL);
		_exit(2);
	}
	CHECK(waitpid(c, &status, 0) == c && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 7, "ctrl_exec: exit status %x", status);
	CHECK_RET(ctrl_destroy(fd, id), 0);
}

struct seen {
	uint64_t id[128];
	int depth[128];
	int n;
	uint64_t prune, stop;
};

static int walk_cb(int fd_, uint64_t id, const struct containerctl_stat *st,
		   int depth, void *arg)
{
	struct seen *s = arg;

	CHECK(fd_ == fd && st->id == id, "callback's fd or stat");
	if (s->n < 128) {
		s->id[s->n] = id;
		s->depth[s->n] = depth;
		s->n++;
	}
	if (id == s->stop)
		return 42;
	return id == s->prune ? CTRL_WALK_PRUNE : 0;
}

static void test_walk(void)
{
	enum { NC = 70 };
	uint64_t w, a, x, b, c, cs[NC];
	struct seen s = { 0 };
	char name[32];
	int i;

	CHECK_RET(ctrl_create_path(fd, "/lib6/w", 0755, 0, &w), 0);
	CHECK_RET(ctrl_create_path(fd, "/lib6/w/a", 0755, 0, &a), 0);
	CHECK_RET(ctrl_create_path(fd, "/lib6/w/a/x", 0755, 0, &x), 0);
	CHECK_RET(ctrl_create_path(fd, "/lib6/w/b", 0755, 0, &b), 0);
	CHECK_RET(ctrl_create_path(fd, "/lib6/w/c", 0755, 0, &c), 0);
	for (i = 0; i < NC; i++) {
		snprintf(name, sizeof(name), "c%d", i);
		CHECK_RET(ctrl_create(fd, c, name, 0755, 0, &cs[i]), 0);
	}
	CHECK_RET(ctrl_walk(fd, w, walk_cb, &s), 0);
	CHECK(s.n == 5 + NC, "%d visited", s.n);
	CHECK(s.id[0] == w && s.depth[0] == 0 && s.id[1] == a && s.depth[1] == 1 &&
	      s.id[2] == x && s.depth[2] == 2 && s.id[3] == b && s.depth[3] == 1 &&
	      s.id[4] == c && s.depth[4] == 1, "pre-order");
	for (i = 0; i < NC && 5 + i < s.n; i++)
		CHECK(s.id[5 + i] == cs[i] && s.depth[5 + i] == 2, "child %d", i);

	memset(&s, 0, sizeof(s));
	CHECK_RET(ctrl_walk_path(fd, "/lib6/w", walk_cb, &s), 0);
	CHECK(s.n == 5 + NC && s.id[0] == w, "walk_path: %d visited", s.n);
	{
		uint64_t ids[NC + 1];
		uint32_t count = NC + 1, total = 0;

		CHECK_RET(ctrl_children_path(fd, "/lib6/w/c", 0, ids, &count, &total), 0);
		CHECK(count == NC && total == NC && ids[0] == cs[0] &&
		      ids[NC - 1] == cs[NC - 1], "children_path: %u of %u", count, total);
		CHECK_RET(ctrl_children_path(fd, "/lib6/w/nope", 0, ids, &count, &total),
			  -ENOENT);
	}

	memset(&s, 0, sizeof(s));
	s.prune = a;
	CHECK_RET(ctrl_walk(fd, w, walk_cb, &s), 0);
	CHECK(s.n == 4 + NC && s.id[2] == b, "pruned: %d visited", s.n);

	memset(&s, 0, sizeof(s));
	s.stop = b;
	CHECK_RET(ctrl_walk(fd, w, walk_cb, &s), 42);
	CHECK(s.n == 4, "stopped: %d visited", s.n);

	for (i = 0; i < NC; i++)
		CHECK_RET(ctrl_destroy(fd, cs[i]), 0);
	CHECK_RET(ctrl_destroy(fd, c), 0);
	CHECK_RET(ctrl_destroy(fd, b), 0);
	CHECK_RET(ctrl_destroy(fd, x), 0);
	CHECK_RET(ctrl_destroy(fd, a), 0);
	CHECK_RET(ctrl_destroy(fd, w), 0);
	CHECK_RET(ctrl_walk(fd, w, walk_cb, &s), -ENOENT);
}

int main(void)
{
	char *const argv0[] = { "nonexistent", NULL };

	fd = ctrl_open();
	REQUIRE(fd >= 0, "ctrl_open: %s", strerror(-fd));
	test_open();
	test_paths();
	test_pids_all();
	test_spawn();
	test_walk();

	/* errno is left alone by a failing call. */
	errno = 1234;
	CHECK_RET(ctrl_destroy_path(fd, "/nope"), -ENOENT);
	CHECK_RET(ctrl_exec(fd, CONTAINERCTL_ROOT_ID, "/nonexistent", argv0, NULL), -ENOENT);
	CHECK(errno == 1234, "errno changed to %d", errno);

	CHECK_RET(ctrl_destroy_path(fd, "/lib6/b"), 0);
	CHECK_RET(ctrl_destroy_path(fd, "/lib6"), 0);
	return ctrtest_done();
}
