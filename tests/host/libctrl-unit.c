// SPDX-License-Identifier: GPL-2.0
/*
 * libctrl's logic above the ioctls, on the build machine: the static
 * library is linked with open() and ioctl() wrapped (-Wl,--wrap), and a
 * fake module answers. Covers the ABI check of ctrl_open() (a mismatch is
 * EPROTONOSUPPORT and closes the descriptor), ctrl_pids_all()'s sizing
 * and retries (also of the module's own EAGAIN), ctrl_children_all()'s
 * paging, ctrl_walk()'s order, pruning and skipping, the splitting of
 * ctrl_create_path() and ctrl_create_args_path(), ctrl_spawn()'s report of
 * a failed move or exec, and errno left alone.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <containerctl/ctrl.h>

#include "../vm/t/ctrtest.h"

/* The fake module. */
static unsigned int fake_abi = CONTAINERCTL_ABI_VERSION;
static int fake_info_err;		/* INFO fails with this errno */
static int fake_attach_err;		/* ATTACH fails with this errno */
static uint32_t fake_total;		/* PIDS: pids 1..fake_total */
static uint32_t fake_grow;		/* added after each PIDS call */
static int fake_always_more;		/* PIDS: always one more than fits */
static int fake_pids_eagain;		/* PIDS fails with EAGAIN this often */
static int pids_calls;
static int fake_fd = -1;		/* what open() of the device gave */
static uint64_t lookup_id;		/* LOOKUP's answer */
static char lookup_path[CONTAINERCTL_PATH_MAX];
static struct containerctl_create last_create;

int __real_open(const char *path, int flags, ...);
int __real_ioctl(int fd, unsigned long cmd, void *arg);

int __wrap_open(const char *path, int flags, ...)
{
	if (!strcmp(path, "/dev/containerctl")) {
		fake_fd = __real_open("/dev/null", flags);
		return fake_fd;
	}
	errno = ENOENT;
	return -1;
}

/* The fake tree: 1 -> 2..601; 2 -> 200, 201; 201 -> 300; 50 vanishes. */
static int children_of(uint64_t id, uint64_t *out)
{
	int n = 0;
	uint64_t i;

	if (id == 1)
		for (i = 2; i <= 601; i++)
			out[n++] = i;
	if (id == 2) {
		out[n++] = 200;
		out[n++] = 201;
	}
	if (id == 201)
		out[n++] = 300;
	return n;
}

static int fail(int err)
{
	errno = err;
	return -1;
}

int __wrap_ioctl(int fd, unsigned long cmd, void *arg)
{
	uint64_t all[1024];
	uint32_t i, n, from;

	if (fd != fake_fd)
		return __real_ioctl(fd, cmd, arg);
	switch (cmd) {
	case CONTAINERCTL_IOC_INFO: {
		struct containerctl_info *in = arg;

		if (fake_info_err)
			return fail(fake_info_err);
		in->abi_version = fake_abi;
		in->features = CONTAINERCTL_FEAT_CORE | CONTAINERCTL_FEAT_CLONE;
		return 0;
	}
	case CONTAINERCTL_IOC_PIDS: {
		struct containerctl_pids *p = arg;
		uint32_t *buf = (uint32_t *)(uintptr_t)p->buf;

		pids_calls++;
		if (fake_pids_eagain) {
			fake_pids_eagain--;
			return fail(EAGAIN);
		}
		if (fake_always_more)
			fake_total = p->count + 1;
		n = fake_total < p->count ? fake_total : p->count;
		for (i = 0; i < n; i++)
			buf[i] = i + 1;
		p->count = n;
		p->total = fake_total;
		p->generation = pids_calls;
		fake_total += fake_grow;
		return 0;
	}
	case CONTAINERCTL_IOC_CHILDREN: {
		struct containerctl_children *ch = arg;
		uint64_t *ids = (uint64_t *)(uintptr_t)ch->ids;

		if (ch->id == 50)
			return fail(ENOENT);
		n = children_of(ch->id, all);
		for (from = 0; from < n && all[from] <= ch->cursor; from++)
			;
		for (i = 0; i < ch->count && from + i < n; i++)
			ids[i] = all[from + i];
		ch->count = i;
		ch->total = n;
		return 0;
	}
	case CONTAINERCTL_IOC_STAT: {
		struct containerctl_stat *st = arg;

		if (st->id == 50 || st->id == 999)
			return fail(ENOENT);
		snprintf(st->name, sizeof(st->name), "c%llu",
			 (unsigned long long)st->id);
		/* The flags the call passed, for the tests to see. */
		st->rss_bytes = 1000 + st->flags;
		return 0;
	}
	case CONTAINERCTL_IOC_LOOKUP: {
		struct containerctl_lookup *lk = arg;

		snprintf(lookup_path, sizeof(lookup_path), "%s",
			 (const char *)(uintptr_t)lk->path);
		if (!lookup_id)
			return fail(ENOENT);
		lk->id = lookup_id;
		return 0;
	}
	case CONTAINERCTL_IOC_CREATE:
		last_create = *(struct containerctl_create *)arg;
		((struct containerctl_create *)arg)->id = 77;
		return 0;
	case CONTAINERCTL_IOC_ATTACH:
		return fake_attach_err ? fail(fake_attach_err) : 0;
	}
	return fail(ENOTTY);
}

static void test_open(void)
{
	struct containerctl_info info;
	int fd;

	fake_abi = CONTAINERCTL_ABI_VERSION;
	fd = ctrl_open_info(&info);
	CHECK(fd >= 0 && info.abi_version == CONTAINERCTL_ABI_VERSION, "open: %d", fd);
	CHECK_RET(ctrl_has_feature(fd, CONTAINERCTL_FEAT_CLONE), 1);
	CHECK_RET(ctrl_has_feature(fd, CONTAINERCTL_FEAT_EVENTS), 0);
	close(fd);

	fake_abi = CONTAINERCTL_ABI_VERSION + 1;
	CHECK_RET(ctrl_open(), -EPROTONOSUPPORT);
	CHECK(fcntl(fake_fd, F_GETFD) < 0 && errno == EBADF,
	      "the descriptor of a refused module stays open");
	fake_abi = CONTAINERCTL_ABI_VERSION;

	fake_info_err = ENOTTY;
	CHECK_RET(ctrl_open_info(&info), -ENOTTY);
	CHECK(fcntl(fake_fd, F_GETFD) < 0 && errno == EBADF,
	      "the descriptor of a failed INFO stays open");
	fake_info_err = 0;
}

static void test_pids_all(int fd)
{
	uint32_t *pids = NULL;
	uint64_t gen = 0;
	size_t n = 0, i;
	int ok = 1;

	fake_total = 0;
	fake_grow = 0;
	CHECK_RET(ctrl_pids_all(fd, 2, 0, &pids, &n, &gen), 0);
	CHECK(pids && n == 0, "empty: %zu", n);
	free(pids);

	/* Grows by 300 between calls: retried until one snapshot fits. */
	fake_total = 1000;
	fake_grow = 300;
	pids_calls = 0;
	CHECK_RET(ctrl_pids_all(fd, 2, 0, &pids, &n, &gen), 0);
	CHECK(pids_calls > 2, "only %d calls while growing", pids_calls);
	CHECK(n == fake_total - fake_grow && gen == (uint64_t)pids_calls,
	      "%zu pids, generation %llu, after %d calls", n,
	      (unsigned long long)gen, pids_calls);
	for (i = 0; i < n; i++)
		ok &= pids[i] == i + 1;
	CHECK(ok, "not the snapshot's pids");
	free(pids);

	fake_always_more = 1;
	pids_calls = 0;
	CHECK_RET(ctrl_pids_all(fd, 2, 0, &pids, &n, &gen), -EAGAIN);
	CHECK(pids_calls == 33, "%d calls before EAGAIN", pids_calls);
	fake_always_more = 0;

	/* The module's own EAGAIN (its sizing lost a race) is retried too. */
	fake_total = 10;
	fake_grow = 0;
	fake_pids_eagain = 3;
	CHECK_RET(ctrl_pids_all(fd, 2, 0, &pids, &n, &gen), 0);
	CHECK(n == 10 && !fake_pids_eagain, "after EAGAIN: %zu pids", n);
	free(pids);
}

static void test_children_all(int fd)
{
	uint64_t *ids = NULL;
	size_t n = 0, i;
	int ok = 1;

	/* 600 children: three pages of 256. */
	CHECK_RET(ctrl_children_all(fd, 1, &ids, &n), 0);
	for (i = 0; i < n; i++)
		ok &= ids[i] == i + 2;
	CHECK(n == 600 && ok, "children of 1: %zu, in order: %d", n, ok);
	free(ids);
	CHECK_RET(ctrl_children_all(fd, 300, &ids, &n), 0);
	CHECK(ids && n == 0, "children of 300: %zu", n);
	free(ids);
	ids = NULL;
	CHECK_RET(ctrl_children_all(fd, 50, &ids, &n), -ENOENT);
	CHECK(!ids && !n, "a vanished container's children: %zu", n);
}

struct seen {
	uint64_t id[200];
	int depth[200];
	int n;
};

static int walk_cb(int fd, uint64_t id, const struct containerctl_stat *st,
		   int depth, void *arg)
{
	struct seen *s = arg;
	char name[32];

	(void)fd;
	snprintf(name, sizeof(name), "c%llu", (unsigned long long)id);
	CHECK(!strcmp(st->name, name), "stat of %s is %s", name, st->name);
	if (s->n < 200) {
		s->id[s->n] = id;
		s->depth[s->n++] = depth;
	}
	if (id == 201)
		return CTRL_WALK_PRUNE;
	return id == 100 ? -1234 : 0;
}

static void test_walk(int fd)
{
	struct seen s = { 0 };
	uint64_t want = 2;
	int i, ok = 1;

	CHECK_RET(ctrl_walk(fd, 1, walk_cb, &s), -1234);
	/* 1, 2, 200, 201 (pruned: no 300), 3..49, 51..100 (stopped). */
	CHECK(s.n == 4 + 47 + 50, "%d visited", s.n);
	CHECK(s.id[0] == 1 && s.depth[0] == 0 && s.id[1] == 2 && s.depth[1] == 1 &&
	      s.id[2] == 200 && s.depth[2] == 2 && s.id[3] == 201 &&
	      s.depth[3] == 2, "pre-order");
	for (i = 4, want = 3; i < s.n; i++, want++) {
		if (want == 50)
			want++;
		ok &= s.id[i] == want && s.depth[i] == 1;
	}
	CHECK(ok, "paging past 64 children, skipping a vanished one");
	CHECK_RET(ctrl_walk(fd, 999, walk_cb, &s), -ENOENT);
}

static int walk_flags_cb(int fd, uint64_t id,
			 const struct containerctl_stat *st, int depth,
			 void *arg)
{
	int *bad = arg;

	(void)fd;
	(void)depth;
	if (st->rss_bytes != 1000 + CONTAINERCTL_STAT_RSS) {
		(*bad)++;
		fprintf(stderr, "walk_flags: stat of %llu had flags %llu\n",
			(unsigned long long)id,
			(unsigned long long)st->rss_bytes - 1000);
	}
	return id == 3 ? 5 : 0;	/* stop there */
}

/* STAT's flags reach the ioctl: ctrl_stat() none, the _flags calls theirs. */
static void test_stat_flags(int fd)
{
	struct containerctl_stat st;
	int bad = 0;

	CHECK_RET(ctrl_stat(fd, 7, &st), 0);
	CHECK(st.rss_bytes == 1000 && st.id == 7, "ctrl_stat: flags %llu",
	      (unsigned long long)st.rss_bytes - 1000);
	CHECK_RET(ctrl_stat_flags(fd, 7, CONTAINERCTL_STAT_SUBTREE |
				  CONTAINERCTL_STAT_RSS, &st), 0);
	CHECK(st.rss_bytes == 1003 && st.id == 7, "ctrl_stat_flags: flags %llu",
	      (unsigned long long)st.rss_bytes - 1000);
	CHECK_RET(ctrl_stat_flags(fd, 999, CONTAINERCTL_STAT_RSS, &st),
		  -ENOENT);
	lookup_id = 8;
	CHECK_RET(ctrl_stat_flags_path(fd, "/x/y", CONTAINERCTL_STAT_SUBTREE,
				       &st), 0);
	CHECK(st.id == 8 && st.rss_bytes == 1001 && !strcmp(lookup_path, "/x/y"),
	      "ctrl_stat_flags_path: id %llu flags %llu path %s",
	      (unsigned long long)st.id,
	      (unsigned long long)st.rss_bytes - 1000, lookup_path);
	lookup_id = 0;
	CHECK_RET(ctrl_stat_flags_path(fd, "/none", 0, &st), -ENOENT);
	CHECK_RET(ctrl_walk_flags(fd, 1, CONTAINERCTL_STAT_RSS, walk_flags_cb,
				  &bad), 5);
	CHECK(!bad, "ctrl_walk_flags: %d stats without its flags", bad);
}

static void test_create_path(int fd)
{
	struct containerctl_create cr = {
		.mode = 0750,
		.cflags = CONTAINERCTL_F_NSTRACK,
		.clear_flags = CONTAINERCTL_F_AUTOREMOVE,
	};
	char long_name[CONTAINERCTL_NAME_MAX + 2];
	uint64_t id = 0;

	lookup_id = 5;
	CHECK_RET(ctrl_create_path(fd, "/a/b/web", 0700, 0, &id), 0);
	CHECK(id == 77 && !strcmp(lookup_path, "/a/b") &&
	      !strcmp(last_create.name, "web") && last_create.parent == 5 &&
	      last_create.mode == 0700, "create_path: parent '%s', name '%s'",
	      lookup_path, last_create.name);
	CHECK_RET(ctrl_create_path(fd, "/top/", 0755, 0, &id), 0);
	CHECK(!strcmp(lookup_path, "/") && !strcmp(last_create.name, "top"),
	      "create_path: parent '%s', name '%s'", lookup_path, last_create.name);
	/* A run of '/' is one, and every trailing one goes (LOOKUP's rule). */
	CHECK_RET(ctrl_create_path(fd, "//a//top//", 0755, 0, &id), 0);
	CHECK(!strcmp(lookup_path, "//a/") && !strcmp(last_create.name, "top"),
	      "create_path: parent '%s', name '%s'", lookup_path, last_create.name);
	CHECK_RET(ctrl_create_path(fd, "/", 0755, 0, &id), -EEXIST);
	CHECK_RET(ctrl_create_path(fd, "///", 0755, 0, &id), -EEXIST);
	CHECK_RET(ctrl_create_path(fd, "top", 0755, 0, &id), -EINVAL);
	lookup_id = 0;
	CHECK_RET(ctrl_create_path(fd, "/x/y", 0755, 0, &id), -ENOENT);
	CHECK_RET(ctrl_attach_path(fd, "/x", 0, 0), -ENOENT);

	/* The whole structure: the caller's fields kept, parent and name set. */
	lookup_id = 6;
	CHECK_RET(ctrl_create_args_path(fd, "/a//svc/", &cr), 0);
	CHECK(cr.id == 77 && !strcmp(lookup_path, "/a/") &&
	      last_create.parent == 6 && !strcmp(last_create.name, "svc") &&
	      last_create.mode == 0750 &&
	      last_create.cflags == CONTAINERCTL_F_NSTRACK &&
	      last_create.clear_flags == CONTAINERCTL_F_AUTOREMOVE &&
	      last_create.size == sizeof(cr),
	      "create_args_path: parent '%s' %llu, name '%s', mode %o, "
	      "cflags %#x, clear %#x", lookup_path,
	      (unsigned long long)last_create.parent, last_create.name,
	      last_create.mode, last_create.cflags, last_create.clear_flags);
	CHECK_RET(ctrl_create_args_path(fd, "//", &cr), -EEXIST);
	memset(long_name, 'n', sizeof(long_name) - 1);
	long_name[0] = '/';
	long_name[sizeof(long_name) - 1] = '\0';
	CHECK_RET(ctrl_create_args_path(fd, long_name, &cr), -ENAMETOOLONG);
}

static void test_spawn(int fd, const char *dir)
{
	char *const ok[] = { "sh", "-c", "exit 3", NULL };
	char marker[4096];
	char *touch[] = { "sh", "-c", NULL, NULL };
	char cmd[4200];
	pid_t pid = 0;
	int status;

	CHECK_RET(ctrl_spawn(fd, 2, "sh", ok, NULL, &pid), 0);
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 3, "spawned sh: status %x", status);
	CHECK_RET(ctrl_spawn(fd, 2, "/nonexistent/x", ok, NULL, &pid), -ENOENT);
	CHECK(waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD, "a child left");

	snprintf(marker, sizeof(marker), "%s/ran", dir);
	snprintf(cmd, sizeof(cmd), "touch %s", marker);
	touch[2] = cmd;
	fake_attach_err = EACCES;
	CHECK_RET(ctrl_spawn(fd, 2, "sh", touch, NULL, &pid), -EACCES);
	CHECK(access(marker, F_OK) < 0, "the program ran after a failed move");
	CHECK(waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD, "a child left");
	fake_attach_err = 0;
}

int main(int argc, char **argv)
{
	int fd;

	REQUIRE(argc == 2, "usage: libctrl-unit TMPDIR");
	errno = 4321;
	test_open();
	fd = ctrl_open();
	REQUIRE(fd >= 0, "open: %d", fd);
	test_pids_all(fd);
	test_children_all(fd);
	test_walk(fd);
	test_stat_flags(fd);
	test_create_path(fd);
	test_spawn(fd, argv[1]);
	errno = 4321;
	CHECK_RET(ctrl_walk(fd, 999, walk_cb, NULL), -ENOENT);
	CHECK_RET(ctrl_spawn(fd, 2, "/nonexistent/x", (char *const[]){ "x", NULL }, NULL, NULL), -ENOENT);
	CHECK(errno == 4321, "errno changed to %d", errno);
	return ctrtest_done();
}
