// SPDX-License-Identifier: GPL-2.0
/*
 * An old program against today's module: every call made with the frozen
 * copy of ABI 2 as first released (abi2-frozen.h, never edited), not with
 * today's header or libctrl. Its structures may be smaller than today's;
 * the module must read the missing fields as zero, write back only what the
 * program's size covers, and give correct results.
 *
 * Also the size rules of the uapi header: a structure larger than the
 * module's works with a zero tail and fails with E2BIG with a non-zero one;
 * a size below VER0 is EINVAL; the size bits of the command number are
 * ignored, its direction is not.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "abi2-frozen.h"
#include "ctrtest.h"

static int dev;

/* ioctl() as 0 or -errno. */
static int ioc(unsigned long cmd, void *arg)
{
	return ioctl(dev, cmd, arg) ? -errno : 0;
}

#define INIT(s) do { memset(&(s), 0, sizeof(s)); (s).size = sizeof(s); } while (0)

static uint64_t which(uint32_t pid, uint32_t flags)
{
	struct containerctl_which w;

	INIT(w);
	w.pid = pid;
	w.flags = flags;
	if (ioc(CONTAINERCTL_IOC_WHICH, &w))
		return 0;
	return w.id;
}

static void test_info(void)
{
	struct containerctl_info in;
	unsigned char buf[sizeof(in) + 16];
	struct containerctl_info *v0 = (void *)buf;
	size_t i;

	INIT(in);
	CHECK_RET(ioc(CONTAINERCTL_IOC_INFO, &in), 0);
	CHECK(in.abi_version == CONTAINERCTL_ABI_VERSION &&
	      in.name_max == CONTAINERCTL_NAME_MAX && in.nr_containers >= 1 &&
	      in.max_containers >= in.nr_containers &&
	      (in.features & CONTAINERCTL_FEAT_CORE) &&
	      (in.features & CONTAINERCTL_FEAT_PIDFD) &&
	      in.events_dropped <= in.nr_events,
	      "info: abi %u name_max %u containers %u/%u features %#llx",
	      in.abi_version, in.name_max, in.nr_containers,
	      in.max_containers, (unsigned long long)in.features);

	/* The oldest INFO: 56 bytes written back, not one more. */
	memset(buf, 0xa5, sizeof(buf));
	memset(buf, 0, CONTAINERCTL_INFO_SIZE_VER0);
	v0->size = CONTAINERCTL_INFO_SIZE_VER0;
	CHECK_RET(ioc(CONTAINERCTL_IOC_INFO, v0), 0);
	CHECK(v0->abi_version == CONTAINERCTL_ABI_VERSION &&
	      v0->nr_containers == in.nr_containers,
	      "info VER0: abi %u containers %u", v0->abi_version,
	      v0->nr_containers);
	for (i = CONTAINERCTL_INFO_SIZE_VER0; i < sizeof(buf); i++)
		if (buf[i] != 0xa5)
			break;
	CHECK(i == sizeof(buf), "info VER0: byte %zu past the size written", i);
}

/* E2BIG, zero tails, sizes below VER0, and the command's size bits. */
static void test_sizes(uint64_t id)
{
	unsigned char big[8192];
	struct containerctl_stat *st = (void *)big;
	unsigned long nosize = ~(unsigned long)(_IOC_SIZEMASK << _IOC_SIZESHIFT);
	unsigned long cmd;

	memset(big, 0, sizeof(big));
	st->size = sizeof(*st) + 64;
	st->id = id;
	CHECK_RET(ioc(CONTAINERCTL_IOC_STAT, st), 0);
	CHECK(!strcmp(st->name, "frozen"), "stat, zero tail: name %s", st->name);

	st->size = 4096;		/* PAGE_SIZE: the most accepted */
	CHECK_RET(ioc(CONTAINERCTL_IOC_STAT, st), 0);
	st->size = 4097;
	CHECK_RET(ioc(CONTAINERCTL_IOC_STAT, st), -E2BIG);

	st->size = sizeof(*st) + 64;
	big[sizeof(*st) + 63] = 1;	/* a field the module does not know */
	CHECK_RET(ioc(CONTAINERCTL_IOC_STAT, st), -E2BIG);
	big[sizeof(*st) + 63] = 0;

	st->size = CONTAINERCTL_STAT_SIZE_VER0 - 8;
	CHECK_RET(ioc(CONTAINERCTL_IOC_STAT, st), -EINVAL);
	st->size = 0;
	CHECK_RET(ioc(CONTAINERCTL_IOC_STAT, st), -EINVAL);

	/* The number's size bits say nothing; the structure's size counts. */
	st->size = sizeof(*st);
	cmd = (CONTAINERCTL_IOC_STAT & nosize) |
	      ((unsigned long)sizeof(*st) << _IOC_SIZESHIFT);
	CHECK_RET(ioc(cmd, st), 0);
	cmd = CONTAINERCTL_IOC_STAT & nosize;
	CHECK_RET(ioc(cmd, st), 0);
	/* Its direction does: read-only STAT is not STAT. */
	cmd = _IOC(_IOC_READ, CONTAINERCTL_IOC_MAGIC,
		   _IOC_NR(CONTAINERCTL_IOC_STAT), CONTAINERCTL_STAT_SIZE_VER0);
	CHECK_RET(ioc(cmd, st), -ENOTTY);
	cmd = _IOC(_IOC_READ | _IOC_WRITE, CONTAINERCTL_IOC_MAGIC, 0x3f,
		   CONTAINERCTL_STAT_SIZE_VER0);
	CHECK_RET(ioc(cmd, st), -ENOTTY);
	/* The old type 'C' is nobody's here. */
	cmd = _IOC(_IOC_READ | _IOC_WRITE, 'C', 0xc5, sizeof(*st));
	CHECK_RET(ioc(cmd, st), -ENOTTY);
}

static void test_calls(void)
{
	struct containerctl_create cr;
	struct containerctl_lookup lk;
	struct containerctl_path pa;
	struct containerctl_stat st;
	unsigned char v0buf[sizeof(st) + 8];
	struct containerctl_stat *v0 = (void *)v0buf;
	struct containerctl_children ch;
	struct containerctl_attach at;
	struct containerctl_attach_batch b;
	struct containerctl_pids pi;
	struct containerctl_set set;
	struct containerctl_clone cl;
	struct containerctl_kill k;
	struct containerctl_destroy d;
	uint64_t id, ids[64], root = CONTAINERCTL_ROOT_ID;
	uint32_t pids[64], self = getpid(), n;
	char path[64];
	pid_t child;
	int pidfd, status, found;
	size_t i;

	INIT(cr);
	cr.parent = root;
	cr.mode = 0755;
	strcpy(cr.name, "frozen");
	CHECK_RET(ioc(CONTAINERCTL_IOC_CREATE, &cr), 0);
	id = cr.id;
	REQUIRE(id > root, "create: id %llu", (unsigned long long)id);

	INIT(lk);
	lk.path = (uintptr_t)"/frozen";
	CHECK_RET(ioc(CONTAINERCTL_IOC_LOOKUP, &lk), 0);
	CHECK(lk.id == id, "lookup: %llu", (unsigned long long)lk.id);

	INIT(pa);
	pa.id = id;
	pa.buf = (uintptr_t)path;
	pa.buf_len = sizeof(path);
	CHECK_RET(ioc(CONTAINERCTL_IOC_PATH, &pa), 0);
	CHECK(!strcmp(path, "/frozen") && pa.path_len == 7, "path %s (%u)",
	      path, pa.path_len);
	pa.buf_len = 3;
	CHECK_RET(ioc(CONTAINERCTL_IOC_PATH, &pa), -ERANGE);
	CHECK(pa.path_len == 7, "path, ERANGE: path_len %u", pa.path_len);

	INIT(st);
	st.id = id;
	CHECK_RET(ioc(CONTAINERCTL_IOC_STAT, &st), 0);
	CHECK(st.parent == root && st.mode == 0755 && st.depth == 1 &&
	      !strcmp(st.name, "frozen") && st.nr_threads == 0,
	      "stat: parent %llu mode %o depth %u name %s",
	      (unsigned long long)st.parent, st.mode, st.depth, st.name);

	/* The oldest STAT: 160 bytes, nothing written past them. */
	memset(v0buf, 0x5a, sizeof(v0buf));
	memset(v0buf, 0, CONTAINERCTL_STAT_SIZE_VER0);
	v0->size = CONTAINERCTL_STAT_SIZE_VER0;
	v0->id = id;
	CHECK_RET(ioc(CONTAINERCTL_IOC_STAT, v0), 0);
	CHECK(!strcmp(v0->name, "frozen") && v0->parent == root,
	      "stat VER0: name %s", v0->name);
	for (i = CONTAINERCTL_STAT_SIZE_VER0; i < sizeof(v0buf); i++)
		if (v0buf[i] != 0x5a)
			break;
	CHECK(i == sizeof(v0buf), "stat VER0: byte %zu past the size written",
	      i);

	INIT(ch);
	ch.id = root;
	ch.ids = (uintptr_t)ids;
	ch.count = 64;
	CHECK_RET(ioc(CONTAINERCTL_IOC_CHILDREN, &ch), 0);
	for (found = 0, i = 0; i < ch.count; i++)
		found |= ids[i] == id;
	CHECK(found, "children of /: %u, /frozen not among them", ch.count);

	INIT(at);
	at.id = id;
	CHECK_RET(ioc(CONTAINERCTL_IOC_ATTACH, &at), 0);
	CHECK(which(0, 0) == id, "which after attach: %llu",
	      (unsigned long long)which(0, 0));

	INIT(pi);
	pi.id = id;
	pi.buf = (uintptr_t)pids;
	pi.count = 64;
	CHECK_RET(ioc(CONTAINERCTL_IOC_PIDS, &pi), 0);
	CHECK(pi.total == 1 && pi.count == 1 && pids[0] == self,
	      "pids: %u of %u, first %u", pi.count, pi.total, pids[0]);

	/* A pidfd names the same process. */
	pidfd = syscall(SYS_pidfd_open, self, 0);
	REQUIRE(pidfd >= 0, "pidfd_open: %s", strerror(errno));
	CHECK(which(pidfd, CONTAINERCTL_PIDFD) == id, "which by pidfd: %llu",
	      (unsigned long long)which(pidfd, CONTAINERCTL_PIDFD));

	INIT(b);
	b.id = root;
	n = self;
	b.pids = (uintptr_t)&n;
	b.count = 1;
	CHECK_RET(ioc(CONTAINERCTL_IOC_ATTACH_BATCH, &b), 0);
	CHECK(b.moved == 1 && which(0, 0) == root, "batch back: moved %u",
	      b.moved);
	INIT(at);
	at.id = id;
	at.pid = pidfd;
	at.flags = CONTAINERCTL_PIDFD;
	CHECK_RET(ioc(CONTAINERCTL_IOC_ATTACH, &at), 0);
	CHECK(which(0, 0) == id, "attach by pidfd: in %llu",
	      (unsigned long long)which(0, 0));
	at.id = root;
	CHECK_RET(ioc(CONTAINERCTL_IOC_ATTACH, &at), 0);
	close(pidfd);

	INIT(set);
	set.id = id;
	set.flags = CONTAINERCTL_SET_MODE;
	set.mode = 0700;
	CHECK_RET(ioc(CONTAINERCTL_IOC_SET, &set), 0);
	INIT(st);
	st.id = id;
	CHECK_RET(ioc(CONTAINERCTL_IOC_STAT, &st), 0);
	CHECK(st.mode == 0700, "set mode: %o", st.mode);

	child = fork();
	REQUIRE(child >= 0, "fork");
	if (!child) {
		for (;;)
			pause();
	}
	INIT(cl);
	cl.parent = id;
	cl.pid = child;
	cl.mode = 0755;
	CHECK_RET(ioc(CONTAINERCTL_IOC_CLONE, &cl), 0);
	CHECK(!strcmp(cl.name, "node1") && which(child, 0) == cl.id,
	      "clone: %s, child in %llu", cl.name,
	      (unsigned long long)which(child, 0));
	INIT(k);
	k.id = cl.id;
	k.signal = SIGKILL;
	CHECK_RET(ioc(CONTAINERCTL_IOC_KILL, &k), 0);
	CHECK(k.signalled == 1 && k.denied == 0, "kill: %llu signalled",
	      (unsigned long long)k.signalled);
	CHECK(waitpid(child, &status, 0) == child && WIFSIGNALED(status) &&
	      WTERMSIG(status) == SIGKILL, "the child: status %#x", status);

	INIT(d);
	d.id = cl.id;
	CHECK_RET(ioc(CONTAINERCTL_IOC_DESTROY, &d), 0);
	test_sizes(id);
	d.id = id;
	CHECK_RET(ioc(CONTAINERCTL_IOC_DESTROY, &d), 0);
	CHECK_RET(ioc(CONTAINERCTL_IOC_DESTROY, &d), -ENOENT);
}

int main(void)
{
	dev = open("/dev/" CONTAINERCTL_DEVICE_NAME, O_RDONLY | O_CLOEXEC);
	REQUIRE(dev >= 0, "open: %s", strerror(errno));
	test_info();
	test_calls();
	return ctrtest_done();
}
