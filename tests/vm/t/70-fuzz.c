// SPDX-License-Identifier: GPL-2.0
/*
 * A seeded fuzzer for the ioctl ABI of /dev/containerctl and for the
 * generic netlink family "containerctl".
 *
 * Environment:
 *   CTR_FUZZ_SEED   the seed (default: from the clock); printed first as
 *                   "seed N", and the same seed replays the same sequence
 *                   of calls (single-threaded: the only thing that differs
 *                   between two runs is the pid numbers the kernel hands
 *                   out to the fuzzer's children)
 *   CTR_FUZZ_CALLS  how many calls (default: a short run, shorter on the
 *                   debug kernel, CTRVM_KERNEL=debug)
 *   CTR_FUZZ_TRACE  from which call on to print every call (replay aid)
 *
 * Every call is one ioctl (mostly real command numbers, sometimes mangled
 * or random ones) or one netlink operation (a message to the family, often
 * malformed; a membership change; an abandoned dump; an unprivileged
 * child's attempts). Arguments are built from a small live population:
 * containers the fuzzer made (under /fuzz-PID, and some elsewhere), stale
 * ids, the root, children of the fuzzer that sleep (with a second thread),
 * exited pids, and hostile values (sizes, flags, reserved fields, names,
 * pointers: NULL, unmapped, kernel addresses, misaligned, ending at a
 * PROT_NONE page, read-only output).
 *
 * Oracle, besides the kernel log the runner checks: an errno outside the
 * set a command may return, a success where an unknown flag bit, a
 * non-zero reserved field, a bad size or a bad mode was passed, EFAULT
 * with every pointer valid, anything but ENOTTY for an unknown command.
 * Every 2000 calls and at the end: INFO's count equals a walk of the tree
 * (CHILDREN and STAT), /proc/containers and a netlink dump. At the end
 * every container made is removed, and the count must be back where it
 * started.
 *
 * Progress ("calls N") goes to stdout and /dev/kmsg, so that the console
 * shows where a crash happened. Exit status 0, or 1 with the failed
 * checks listed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <pthread.h>
#include <signal.h>
#include <grp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/containerctl.h>

#include "ctrtest.h"

#define PAGE		4096UL
#define NERR		135
#define MAXPOP		256
#define MAXKIDS		8
#define MAXSTALE	64
#define MAXEXITED	32

/* The PRNG: splitmix64, one state, nothing else random. */
static uint64_t rng;

static uint64_t rnd(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Always one draw, whatever @n: the sequence does not depend on state. */
static uint32_t below(uint32_t n)
{
	uint64_t r = rnd();

	return n ? (uint32_t)(r % n) : 0;
}

static int pct(unsigned int p)
{
	return below(100) < p;
}

/* Interesting 32-bit values. */
static uint32_t rnd32_special(void)
{
	static const uint32_t v[] = { 0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x7fff,
		0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff,
		4095, 4096, 4097, 65536, 65537 };

	if (pct(50))
		return v[below(sizeof(v) / sizeof(v[0]))];
	if (pct(50))
		return 1U << below(32);
	return (uint32_t)rnd();
}

/* ------------------------------------------------------------------ */
/* Memory: argument pages, a guard page, a read-only page, bad addresses */

static unsigned char *area;	/* 16 rw pages, then one PROT_NONE */
static unsigned char *guard;	/* the PROT_NONE page */
static unsigned char *ro;	/* a read-only page */
/* Below mmap_min_addr: nothing is ever mapped there. */
static unsigned char *const unmapped = (unsigned char *)0x1000;
#define AREA_PAGES	16

static void mem_init(void)
{
	unsigned char *p = mmap(NULL, (AREA_PAGES + 1) * PAGE,
				PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	REQUIRE(p != MAP_FAILED, "mmap: %s", strerror(errno));
	area = p;
	guard = p + AREA_PAGES * PAGE;
	REQUIRE(!mprotect(guard, PAGE, PROT_NONE), "mprotect");
	ro = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	REQUIRE(ro != MAP_FAILED, "mmap ro");
}

/* Put @len bytes into the read-only page. */
static void ro_fill(const void *src, size_t len)
{
	mprotect(ro, PAGE, PROT_READ | PROT_WRITE);
	memset(ro, 0, PAGE);
	memcpy(ro, src, len);
	mprotect(ro, PAGE, PROT_READ);
}

enum ptrkind { P_OK, P_NULL, P_UNMAPPED, P_KERNEL, P_GUARD, P_RO, P_HIGH };

/*
 * A user pointer for @len bytes of data: mostly good (in the area, at
 * @off), sometimes bad. *bad says whether an access of @len bytes faults.
 */
static uint64_t pick_ptr(size_t len, size_t off, int badpct, int *kind)
{
	static const uint64_t kaddr[] = { 0xffff888000000000ULL,
		0xffffffff81000000ULL, 0xffffffffff600000ULL,
		0x0000800000000000ULL, 0xfffffffffffff000ULL };
	int k = P_OK;

	if (pct(badpct)) {
		switch (below(6)) {
		case 0: k = P_NULL; break;
		case 1: k = P_UNMAPPED; break;
		case 2: k = P_KERNEL; break;
		case 3: k = P_GUARD; break;
		case 4: k = P_RO; break;
		default: k = P_HIGH; break;
		}
	}
	*kind = k;
	switch (k) {
	case P_NULL:
		return 0;
	case P_UNMAPPED:
		return (uint64_t)(uintptr_t)unmapped + below(PAGE);
	case P_KERNEL:
		return kaddr[below(5)] + below(64);
	case P_HIGH:
		return ~0ULL - below(64);
	case P_GUARD:
		/* ends inside the guard page (or exactly at it: then good) */
		if (len == 0)
			return (uint64_t)(uintptr_t)guard;
		return (uint64_t)(uintptr_t)guard - below(len);
	case P_RO:
		return (uint64_t)(uintptr_t)ro;
	default:
		return (uint64_t)(uintptr_t)(area + PAGE * 8 + off);
	}
}

/* ------------------------------------------------------------------ */
/* Population: containers, children, stale things */

static int dev;
static uint64_t fuzz_root;		/* /fuzz-PID */
static uint64_t pop[MAXPOP];		/* live containers of ours */
static int npop;
static uint64_t stale[MAXSTALE];
static int nstale;
static uint64_t pre[64];		/* containers that existed before */
static int npre;
static uint32_t start_containers;
static uint64_t start_tracked;
static uint64_t max_id_seen = 1;

struct kid {
	pid_t pid;
};
static struct kid kids[MAXKIDS];
static volatile pid_t *kid_tids;	/* shared: each kid's second thread */
static pid_t exited[MAXEXITED];
static int nexited;

static int is_pre(uint64_t id)
{
	int i;

	for (i = 0; i < npre; i++)
		if (pre[i] == id)
			return 1;
	return 0;
}

static void pop_add(uint64_t id)
{
	int i;

	if (id > max_id_seen)
		max_id_seen = id;
	for (i = 0; i < npop; i++)
		if (pop[i] == id)
			return;
	if (npop < MAXPOP)
		pop[npop++] = id;
}

static void pop_del(uint64_t id)
{
	int i;

	for (i = 0; i < npop; i++) {
		if (pop[i] == id) {
			pop[i] = pop[--npop];
			break;
		}
	}
	if (nstale < MAXSTALE)
		stale[nstale++] = id;
	else
		stale[below(MAXSTALE)] = id;
}

static uint64_t pick_id(void)
{
	unsigned int r = below(100);

	if (r < 50 && npop)
		return pop[below(npop)];
	if (r < 58)
		return fuzz_root;
	if (r < 65)
		return CONTAINERCTL_ROOT_ID;
	if (r < 75 && nstale)
		return stale[below(nstale)];
	if (r < 78)
		return 0;
	if (r < 82)
		return rnd();
	if (r < 85 && npre)
		return pre[below(npre)];
	return 1 + below(max_id_seen + 16);
}

static void *kid_thread(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

static void kid_start(int i)
{
	pid_t pid;

	kid_tids[i] = 0;
	pid = fork();
	REQUIRE(pid >= 0, "fork: %s", strerror(errno));
	if (!pid) {
		pthread_t t;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		pthread_create(&t, NULL, kid_thread, NULL);
		for (;;)
			pause();
	}
	kids[i].pid = pid;
}

/* The second thread's tid of kid @i, from /proc (0 if not there yet). */
static pid_t kid_tid(int i)
{
	char path[64];
	struct dirent *d;
	pid_t tid = 0;
	DIR *dir;

	if (kid_tids[i])
		return kid_tids[i];
	snprintf(path, sizeof(path), "/proc/%d/task", kids[i].pid);
	dir = opendir(path);
	if (!dir)
		return 0;
	while ((d = readdir(dir))) {
		pid_t t = atoi(d->d_name);

		if (t > 0 && t != kids[i].pid)
			tid = t;
	}
	closedir(dir);
	kid_tids[i] = tid;
	return tid;
}

/* Does kid @i have a SIGKILL pending, or has it exited already? */
static int kid_dying(int i)
{
	char path[64], line[256];
	int dying = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", kids[i].pid);
	f = fopen(path, "r");
	if (!f)
		return 1;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long mask;

		if (!strncmp(line, "State:", 6) &&
		    (strchr(line, 'Z') || strchr(line, 'X')))
			dying = 1;
		if ((!strncmp(line, "SigPnd:", 7) || !strncmp(line, "ShdPnd:", 7)) &&
		    sscanf(line + 7, "%llx", &mask) == 1 &&
		    mask & (1ULL << (SIGKILL - 1)))
			dying = 1;
	}
	fclose(f);
	return dying;
}

static void kid_exited(int i)
{
	if (nexited < MAXEXITED)
		exited[nexited++] = kids[i].pid;
	else
		exited[below(MAXEXITED)] = kids[i].pid;
	kid_start(i);
}

/*
 * After a SIGKILL: wait for every kid it reached, so that kids die at the
 * same point of the sequence in every run of a seed.
 */
static void kids_sync(void)
{
	int i, status;

	for (i = 0; i < MAXKIDS; i++) {
		if (!kid_dying(i))
			continue;
		if (waitpid(kids[i].pid, &status, __WALL) == kids[i].pid)
			kid_exited(i);
	}
}

/* Reap exited kids (killed outside kids_sync) and start new ones. */
static void kids_reap(void)
{
	int status, i;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG | __WALL)) > 0)
		for (i = 0; i < MAXKIDS; i++)
			if (kids[i].pid == pid)
				kid_exited(i);
}

static int is_ours(pid_t pid)
{
	int i;

	if (pid == getpid())
		return 1;
	for (i = 0; i < MAXKIDS; i++)
		if (kids[i].pid == pid || (kid_tids[i] && kid_tids[i] == pid))
			return 1;
	return 0;
}

/*
 * A pid for ATTACH and CLONE, which move tasks: never a live task of
 * somebody else's (the runner, init, kernel threads), so a random one that
 * exists is pushed out of range (ESRCH).
 */
static uint32_t pick_pid(int may_move)
{
	unsigned int r = below(100);
	uint32_t pid, alt;

	if (r < 35) {
		pid = kids[below(MAXKIDS)].pid;
	} else if (r < 45) {
		int i = below(MAXKIDS);

		pid = kid_tids[i] ? (uint32_t)kid_tids[i] : (uint32_t)kids[i].pid;
	} else if (r < 57) {
		pid = 0;
	} else if (r < 62) {
		pid = getpid();
	} else if (r < 70 && nexited) {
		pid = exited[below(nexited)];
	} else if (r < 76) {
		pid = (uint32_t)-(int32_t)(1 + below(1000));
	} else if (r < 80) {
		pid = 0x80000000U + below(1000);
	} else if (r < 85) {
		pid = 4194304 + below(1000000);
	} else {
		pid = 1 + below(40000);
	}
	alt = 0x7fffff00U + below(0x100);
	if (may_move && pid && pid <= 0x7fffffff && !is_ours(pid) &&
	    kill(pid, 0) == 0)
		pid = alt;
	return pid;
}

/* A name: valid mostly, else one of the hostile shapes. */
static void pick_name(char *name, int *valid)
{
	static const char *bad[] = { "", ".", "..", "a/b", "/", "a b", "é",
		"x\n", "..." };
	static const char set[] =
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";
	unsigned int r = below(100), len, i;

	memset(name, 0, CONTAINERCTL_NAME_MAX);
	*valid = 1;
	if (r < 70) {
		/* a short valid name, from a small set so that EEXIST comes */
		len = 1 + below(pct(80) ? 3 : CONTAINERCTL_NAME_MAX - 1);
		for (i = 0; i < len; i++)
			name[i] = set[below(pct(90) ? 4 : sizeof(set) - 1)];
		if (!strcmp(name, ".") || !strcmp(name, ".."))
			name[0] = 'a';
		return;
	}
	*valid = 0;
	if (r < 80) {
		strcpy(name, bad[below(sizeof(bad) / sizeof(bad[0]))]);
		if (!strcmp(name, "..."))
			*valid = 1;
	} else if (r < 88) {
		/* no NUL at all */
		memset(name, 'a' + below(26), CONTAINERCTL_NAME_MAX);
	} else {
		len = 1 + below(CONTAINERCTL_NAME_MAX - 1);
		for (i = 0; i < len; i++)
			name[i] = (char)(1 + below(255));
		*valid = -1;	/* unknown: maybe valid by chance */
	}
}

/* ------------------------------------------------------------------ */
/* The ioctl commands */

enum {
	C_INFO, C_CREATE, C_DESTROY, C_LOOKUP, C_PATH, C_STAT, C_CHILDREN,
	C_ATTACH, C_BATCH, C_PIDS, C_WHICH, C_SET, C_KILL, C_CLONE,
	C_BADNR,		/* mangled or random command numbers */
	C_NL_MSG, C_NL_GROUP, C_NL_ABANDON, C_NL_UNPRIV,
	NCMD,
	/* Checks that are not calls: each its own case in the report. */
	C_INVARIANTS = NCMD, C_CLEANUP,
	NCASE
};

struct cmd {
	const char *name;
	unsigned long nr;
	size_t size, ver0;
	uint32_t flags;		/* known flag bits */
	int rsv;		/* offset of a __u32 reserved field, or -1 */
	int writes;		/* writes the structure back */
	int err[16];		/* errnos allowed besides EINVAL, E2BIG, EFAULT */
};

#define E(...) { __VA_ARGS__, -1 }
static const struct cmd cmds[NCMD] = {
	[C_INFO] = { "info", CONTAINERCTL_IOC_INFO, sizeof(struct containerctl_info),
		CONTAINERCTL_INFO_SIZE_VER0, 0,
		offsetof(struct containerctl_info, reserved), 1, E(0) },
	[C_CREATE] = { "create", CONTAINERCTL_IOC_CREATE,
		sizeof(struct containerctl_create), CONTAINERCTL_CREATE_SIZE_VER0,
		0, offsetof(struct containerctl_create, reserved), 1,
		E(0, ENAMETOOLONG, EEXIST, ENOENT, EACCES, EPERM, EMLINK, ENOSPC,
		  EDQUOT, ENOMEM) },
	[C_DESTROY] = { "destroy", CONTAINERCTL_IOC_DESTROY,
		sizeof(struct containerctl_destroy), CONTAINERCTL_DESTROY_SIZE_VER0,
		0, -1, 0, E(0, ENOENT, EBUSY, EACCES, EPERM) },
	[C_LOOKUP] = { "lookup", CONTAINERCTL_IOC_LOOKUP,
		sizeof(struct containerctl_lookup), CONTAINERCTL_LOOKUP_SIZE_VER0,
		0, -1, 1, E(0, ENOENT, ENAMETOOLONG, ENOMEM) },
	[C_PATH] = { "path", CONTAINERCTL_IOC_PATH, sizeof(struct containerctl_path),
		CONTAINERCTL_PATH_SIZE_VER0, 0, -1, 1, E(0, ENOENT, ERANGE, ENOMEM) },
	[C_STAT] = { "stat", CONTAINERCTL_IOC_STAT, sizeof(struct containerctl_stat),
		CONTAINERCTL_STAT_SIZE_VER0, __CONTAINERCTL_STAT_ALL, -1, 1,
		E(0, ENOENT, ENOMEM, EAGAIN) },
	[C_CHILDREN] = { "children", CONTAINERCTL_IOC_CHILDREN,
		sizeof(struct containerctl_children),
		CONTAINERCTL_CHILDREN_SIZE_VER0, 0, -1, 1, E(0, ENOENT, ENOMEM) },
	[C_ATTACH] = { "attach", CONTAINERCTL_IOC_ATTACH,
		sizeof(struct containerctl_attach), CONTAINERCTL_ATTACH_SIZE_VER0,
		__CONTAINERCTL_ATTACH_ALL,
		offsetof(struct containerctl_attach, reserved), 0,
		E(0, ENOENT, ESRCH, EACCES, EPERM, ENOMEM, EBUSY, EBADF) },
	[C_BATCH] = { "attach_batch", CONTAINERCTL_IOC_ATTACH_BATCH,
		sizeof(struct containerctl_attach_batch),
		CONTAINERCTL_ATTACH_BATCH_SIZE_VER0, __CONTAINERCTL_ATTACH_BATCH_ALL,
		-1, 1,
		E(0, ENOENT, ESRCH, EACCES, EPERM, ENOMEM, EBUSY, EBADF) },
	[C_PIDS] = { "pids", CONTAINERCTL_IOC_PIDS, sizeof(struct containerctl_pids),
		CONTAINERCTL_PIDS_SIZE_VER0, __CONTAINERCTL_PIDS_ALL,
		offsetof(struct containerctl_pids, reserved), 1,
		E(0, ENOENT, EAGAIN, ENOMEM) },
	[C_WHICH] = { "which", CONTAINERCTL_IOC_WHICH, sizeof(struct containerctl_which),
		CONTAINERCTL_WHICH_SIZE_VER0, __CONTAINERCTL_WHICH_ALL,
		offsetof(struct containerctl_which, reserved), 1,
		E(0, ESRCH, EBADF) },
	[C_SET] = { "set", CONTAINERCTL_IOC_SET, sizeof(struct containerctl_set),
		CONTAINERCTL_SET_SIZE_VER0, __CONTAINERCTL_SET_ALL, -1, 0,
		E(0, ENOENT, EACCES, EPERM, EDQUOT) },
	[C_KILL] = { "kill", CONTAINERCTL_IOC_KILL, sizeof(struct containerctl_kill),
		CONTAINERCTL_KILL_SIZE_VER0, __CONTAINERCTL_KILL_ALL,
		offsetof(struct containerctl_kill, reserved), 1,
		E(0, ENOENT, EACCES, EPERM, ENOMEM) },
	[C_CLONE] = { "clone", CONTAINERCTL_IOC_CLONE, sizeof(struct containerctl_clone),
		CONTAINERCTL_CLONE_SIZE_VER0, __CONTAINERCTL_CLONE_ALL, -1, 1,
		E(0, ENAMETOOLONG, EEXIST, ENOENT, EACCES, EPERM, EMLINK, ENOSPC,
		  EDQUOT, ENOMEM, ESRCH, EBUSY, EBADF) },
	[C_BADNR] = { "bad-number" },
	[C_NL_MSG] = { "nl-message" },
	[C_NL_GROUP] = { "nl-membership" },
	[C_NL_ABANDON] = { "nl-abandoned-dump" },
	[C_NL_UNPRIV] = { "nl-unprivileged" },
};

static uint64_t ncalls[NCASE];
static uint64_t hist[NCMD][NERR];
static uint64_t total_calls;
static uint64_t trace_from = ~0ULL;
static int failures;
static int case_failures[NCASE];	/* failures of each case */
static int cur_case;			/* the one under way */

static void kmsg(const char *fmt, ...)
{
	static int kfd = -2;
	char buf[256];
	va_list ap;
	int n;

	if (kfd == -2)
		kfd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (kfd >= 0 && n > 0 && write(kfd, buf, n) < 0)
		kfd = -1;
}

#define FAIL(...) do {							\
	fprintf(stderr, "call %" PRIu64 ": ", total_calls);		\
	fprintf(stderr, __VA_ARGS__);					\
	fputc('\n', stderr);						\
	failures++;							\
	case_failures[cur_case]++;					\
} while (0)

static void record(int c, int err)
{
	ncalls[c]++;
	hist[c][err >= 0 && err < NERR ? err : NERR - 1]++;
}

static int err_allowed(const struct cmd *cmd, int err)
{
	int i;

	if (err == EINVAL || err == E2BIG || err == EFAULT)
		return 1;
	for (i = 0; cmd->err[i] != -1; i++)
		if (cmd->err[i] == err)
			return 1;
	return 0;
}

/* Where the structure lives and what the kernel must say about its shape. */
struct shape {
	uint32_t usize;		/* the size field */
	int place;		/* 0 area, 1 misaligned, 2 at the guard, 3 ro, 4 bad */
	int must;		/* -1: no forced errno, else the one required */
	int bad_flags;		/* an unknown flag bit (or reserved) is set */
	int fault_ok;		/* EFAULT is possible */
	unsigned char *at;	/* where it is */
	uint64_t uarg;		/* the ioctl argument */
};

/*
 * Choose the size and the place of the structure (already filled in @buf,
 * @cmd->size bytes, tail zero), copy it there, and work out the errno the
 * ABI rules demand regardless of the contents.
 */
static void place(const struct cmd *cmd, unsigned char *buf, struct shape *s)
{
	unsigned int r = below(100);
	size_t len, tail_nz = 0;
	int k;

	s->must = -1;
	s->fault_ok = 0;
	if (r < 70) {
		s->usize = cmd->size;
	} else if (r < 76) {
		s->usize = cmd->ver0;
	} else if (r < 82) {
		s->usize = below(cmd->ver0);	/* too small */
	} else if (r < 90) {
		s->usize = cmd->size + 1 + below(64);	/* larger, zero tail */
	} else if (r < 95) {
		s->usize = cmd->size + 1 + below(PAGE);	/* larger, non-zero tail */
		tail_nz = 1;
	} else {
		s->usize = PAGE + 1 + below(3 * PAGE);	/* too large */
	}
	len = s->usize > PAGE * 4 ? PAGE * 4 : s->usize;
	if (len < cmd->size)
		len = cmd->size;
	if (tail_nz && s->usize > cmd->size)
		buf[cmd->size + below(s->usize - cmd->size)] = 1 + below(255);
	memcpy(buf, &s->usize, 4);

	r = below(100);
	s->place = r < 80 ? 0 : r < 86 ? 1 : r < 91 ? 2 : r < 96 ? 3 : 4;
	if (s->place == 3 && len > PAGE)
		s->place = 0;
	switch (s->place) {
	case 0:
		s->at = area;
		break;
	case 1:
		s->at = area + 1 + below(7);
		break;
	case 2:
		s->at = guard - (4 + below(len - 3 < 256 ? len - 3 : 256));
		break;
	case 3:
		s->at = ro;
		break;
	default:
		s->at = NULL;
		break;
	}
	if (s->place == 4) {
		s->uarg = pick_ptr(len, 0, 100, &k);
		if (k == P_OK || k == P_RO || k == P_GUARD)
			s->uarg = 0;
		s->must = EFAULT;
		return;
	}
	if (s->place == 3) {
		ro_fill(buf, len);
		s->fault_ok = cmd->writes;
	} else if (s->place == 2) {
		size_t room = guard - s->at;

		memcpy(s->at, buf, room < len ? room : len);
		/* the kernel reads min(usize, ...) bytes; past room: fault */
	} else {
		memcpy(s->at, buf, len);
	}
	s->uarg = (uint64_t)(uintptr_t)s->at;

	if (s->usize < cmd->ver0) {
		s->must = EINVAL;
	} else if (s->usize > PAGE) {
		s->must = E2BIG;
	} else if (s->place == 2 && (size_t)(guard - s->at) < s->usize) {
		/*
		 * Part of the structure is in the guard page: EFAULT, unless
		 * the readable part of the tail already is non-zero (E2BIG).
		 */
		s->must = tail_nz ? -1 : EFAULT;
		s->fault_ok = 1;
	} else if (tail_nz) {
		s->must = E2BIG;
	}
}

static void trace(int c, const struct shape *s, long ret, int err)
{
	if (total_calls < trace_from)
		return;
	printf("call %" PRIu64 " %s usize=%u place=%d -> %ld %s\n",
	       total_calls, cmds[c].name, s ? s->usize : 0, s ? s->place : -1,
	       ret, ret < 0 ? strerror(err) : "");
	fflush(stdout);
}

/*
 * Judge one ioctl. @extra_must: an errno the contents demand (-1 none),
 * @ptr_fault: a pointer inside the structure may fault.
 */
static int judge(int c, const struct shape *s, long ret, int err,
		 int extra_must, int ptr_fault)
{
	const struct cmd *cmd = &cmds[c];
	int e = ret < 0 ? err : 0;

	record(c, e);
	trace(c, s, ret, err);
	if (s->must >= 0) {
		if (e != s->must)
			FAIL("%s: usize %u place %d: got %d (%s), expected %s",
			     cmd->name, s->usize, s->place, e, strerror(e),
			     strerror(s->must));
		return e;
	}
	if (extra_must >= 0 && s->place != 2) {
		if (e != extra_must)
			FAIL("%s: got %d (%s), expected %s", cmd->name, e,
			     strerror(e), strerror(extra_must));
		return e;
	}
	if (extra_must >= 0 && e == 0)
		FAIL("%s: succeeded, expected %s", cmd->name,
		     strerror(extra_must));
	if (!err_allowed(cmd, e))
		FAIL("%s: unexpected errno %d (%s)", cmd->name, e, strerror(e));
	if (e == EFAULT && !s->fault_ok && !ptr_fault)
		FAIL("%s: EFAULT with every pointer valid (usize %u place %d)",
		     cmd->name, s->usize, s->place);
	return e;
}

static long do_ioctl(unsigned long nr, uint64_t arg, int *err)
{
	long ret;

	errno = 0;
	ret = ioctl(dev, nr, (unsigned long)arg);
	*err = errno;
	return ret;
}

/* Flags: mostly known bits, sometimes unknown ones. */
static uint32_t pick_flags(uint32_t known, int *bad)
{
	uint32_t f = known ? (uint32_t)rnd() & known : 0;

	*bad = 0;
	if (pct(12)) {
		uint32_t u = 1U << below(32);

		if (u & ~known) {
			f |= u;
			*bad = 1;
		}
	}
	return f;
}

/* The reserved field: zero mostly. */
static void maybe_reserved(const struct cmd *cmd, unsigned char *buf, int *bad)
{
	if (cmd->rsv >= 0 && pct(8)) {
		uint32_t v = rnd32_special() | 1;

		memcpy(buf + cmd->rsv, &v, 4);
		*bad = 1;
	}
}

static uint32_t pick_mode(int *bad)
{
	uint32_t m = below(01000);

	*bad = 0;
	if (pct(8)) {
		m |= 1U << (9 + below(23));
		*bad = 1;
	}
	return m;
}

static uint32_t pick_cflags(int *bad)
{
	return pick_flags(__CONTAINERCTL_F_ALL, bad);
}

/* Is @id (or, for a subtree, a descendant of it) somewhere SIGKILL must not reach? */
static int id_is_foreign(uint64_t id)
{
	return id == CONTAINERCTL_ROOT_ID || is_pre(id);
}

static int self_in(uint64_t id)
{
	struct containerctl_which w = { .size = sizeof(w) };
	struct containerctl_stat st;
	uint64_t c;

	if (ioctl(dev, CONTAINERCTL_IOC_WHICH, &w))
		return 1;
	for (c = w.id; c; c = st.parent) {
		if (c == id)
			return 1;
		memset(&st, 0, sizeof(st));
		st.size = sizeof(st);
		st.id = c;
		if (ioctl(dev, CONTAINERCTL_IOC_STAT, &st))
			return 1;
	}
	return 0;
}

static void fuzz_ioctl(int c)
{
	const struct cmd *cmd = &cmds[c];
	unsigned char buf[PAGE * 4 + 64];
	int bad = 0, badf = 0, badm = 0, k, ptr_fault = 0, err, must = -1;
	int name_valid = 1;
	struct shape s;
	unsigned long nr;
	long ret;

	memset(buf, 0, sizeof(buf));
	switch (c) {
	case C_INFO: {
		struct containerctl_info *a = (void *)buf;

		a->flags = pick_flags(0, &badf);
		break;
	}
	case C_CREATE: {
		struct containerctl_create *a = (void *)buf;

		a->flags = pick_flags(0, &badf);
		a->cflags = pick_cflags(&bad);
		badf |= bad;
		a->parent = pct(60) && npop ? pop[below(npop)] : pick_id();
		a->mode = pick_mode(&badm);
		a->clear_flags = pct(80) ? 0 : pick_cflags(&bad);
		badf |= bad;
		pick_name(a->name, &name_valid);
		if (pct(3))
			a->id = rnd();
		break;
	}
	case C_DESTROY: {
		struct containerctl_destroy *a = (void *)buf;

		a->flags = pick_flags(0, &badf);
		a->id = pick_id();
		if (is_pre(a->id) && a->id != CONTAINERCTL_ROOT_ID)
			a->id = fuzz_root;
		break;
	}
	case C_LOOKUP: {
		struct containerctl_lookup *a = (void *)buf;
		char *p = (char *)area + PAGE * 8;
		unsigned int r = below(100), n, i;

		a->flags = pick_flags(0, &badf);
		if (r < 40) {
			struct containerctl_path pa = { .size = sizeof(pa),
				.id = npop ? pop[below(npop)] : fuzz_root,
				.buf = (uintptr_t)p, .buf_len = PAGE };

			if (ioctl(dev, CONTAINERCTL_IOC_PATH, &pa))
				strcpy(p, "/nope");
			if (pct(20))
				strcat(p, "/");
		} else if (r < 55) {
			static const char *paths[] = { "/", "", "//", "/.", "/..",
				"a", "/a//b", "/a/", "///", "/fuzz", "\x01" };

			strcpy(p, paths[below(sizeof(paths) / sizeof(paths[0]))]);
		} else if (r < 70) {
			/* long: up to and beyond PATH_MAX */
			n = PAGE - 8 + below(16);
			for (i = 0; i < n; i++)
				p[i] = (i % 3) ? 'a' : '/';
			p[n] = 0;
		} else if (r < 80) {
			/* no NUL before the guard page */
			p = (char *)guard - (1 + below(128));
			memset(p, '/', guard - (unsigned char *)p);
		} else {
			n = below(80);
			for (i = 0; i < n; i++)
				p[i] = (char)(1 + below(255));
			p[n] = 0;
		}
		a->path = (uintptr_t)p;
		if (pct(10)) {
			a->path = pick_ptr(1, 0, 100, &k);
			ptr_fault = 1;
		}
		if ((char *)(uintptr_t)a->path >= (char *)guard - 128 &&
		    (char *)(uintptr_t)a->path < (char *)guard)
			ptr_fault = 1;
		break;
	}
	case C_PATH: {
		struct containerctl_path *a = (void *)buf;

		a->flags = pick_flags(0, &badf);
		a->id = pick_id();
		a->buf_len = pct(70) ? PAGE : below(40);
		a->buf = pick_ptr(a->buf_len, 0, 15, &k);
		ptr_fault = k != P_OK;
		if (pct(5))
			a->buf_len = rnd32_special();
		if (a->buf_len > PAGE * 8)
			ptr_fault = 1;
		break;
	}
	case C_STAT: {
		struct containerctl_stat *a = (void *)buf;

		a->flags = pick_flags(__CONTAINERCTL_STAT_ALL, &badf);
		a->id = pick_id();
		break;
	}
	case C_CHILDREN: {
		struct containerctl_children *a = (void *)buf;

		a->flags = pick_flags(0, &badf);
		a->id = pick_id();
		a->cursor = pct(60) ? 0 : pick_id();
		a->count = pct(70) ? below(300) : rnd32_special();
		a->ids = pick_ptr(8 * (a->count < 1024 ? a->count : 1024), 0, 15, &k);
		ptr_fault = k != P_OK || a->count > PAGE;
		break;
	}
	case C_ATTACH: {
		struct containerctl_attach *a = (void *)buf;

		a->flags = pick_flags(__CONTAINERCTL_ATTACH_ALL, &badf);
		a->id = pick_id();
		a->pid = pick_pid(1);
		/* with CONTAINERCTL_PIDFD, a pid is a bad descriptor: EBADF */
		badm = !(a->flags & CONTAINERCTL_PIDFD) && a->pid > 0x7fffffff;
		break;
	}
	case C_BATCH: {
		struct containerctl_attach_batch *a = (void *)buf;
		uint32_t *pids = (uint32_t *)(area + PAGE * 8);
		unsigned int i, n;

		a->flags = pick_flags(__CONTAINERCTL_ATTACH_BATCH_ALL, &badf);
		a->id = pick_id();
		a->count = pct(85) ? below(12) : rnd32_special();
		n = a->count < 1024 ? a->count : 1024;
		for (i = 0; i < n; i++)
			pids[i] = pick_pid(1);
		/* past them, up to the guard page: 0, the fuzzer itself */
		if (a->count > n)
			memset(pids + n, 0, guard - (unsigned char *)(pids + n));
		a->pids = pick_ptr(4 * n, 0, 12, &k);
		if (k == P_RO)
			a->pids = (uintptr_t)pids;	/* input: ro is fine */
		if (k == P_GUARD)	/* the same pids, cut by the guard */
			memmove((void *)(uintptr_t)a->pids, pids,
				guard - (unsigned char *)(uintptr_t)a->pids);
		ptr_fault = (k != P_OK && k != P_RO) || a->count > 1024;
		if (pct(2)) {	/* the end of the array wraps around */
			a->pids = ~0ULL - 8;
			a->count = 16;
			ptr_fault = 1;
		}
		break;
	}
	case C_PIDS: {
		struct containerctl_pids *a = (void *)buf;

		a->flags = pick_flags(__CONTAINERCTL_PIDS_ALL, &badf);
		a->id = pick_id();
		a->count = pct(70) ? below(64) : rnd32_special();
		a->cursor = pct(70) ? 0 : pick_pid(0);
		a->buf = pick_ptr(4 * (a->count < 4096 ? a->count : 4096), 0, 15, &k);
		ptr_fault = k != P_OK || a->count > 4096;
		break;
	}
	case C_WHICH: {
		struct containerctl_which *a = (void *)buf;

		a->flags = pick_flags(__CONTAINERCTL_WHICH_ALL, &badf);
		a->pid = pick_pid(0);
		badm = !(a->flags & CONTAINERCTL_PIDFD) && a->pid > 0x7fffffff;
		break;
	}
	case C_SET: {
		struct containerctl_set *a = (void *)buf;

		a->flags = pick_flags(__CONTAINERCTL_SET_ALL, &badf);
		a->id = pick_id();
		a->uid = pct(50) ? 0 : pct(50) ? 65534 : rnd32_special();
		a->gid = pct(50) ? 0 : pct(50) ? 65534 : rnd32_special();
		a->mode = pick_mode(&bad);
		if (a->flags & CONTAINERCTL_SET_MODE)
			badm = bad;
		a->cflags = pick_cflags(&bad);
		if (a->flags & CONTAINERCTL_SET_FLAGS)
			badm |= bad;
		a->max_descendants = pct(50) ? ~0ULL : pct(50) ? below(20) : rnd();
		/* never change containers that are not the fuzzer's */
		if (id_is_foreign(a->id) && !badf) {
			a->flags |= 0x80000000U;
			badf = 1;
		}
		if (a->flags & CONTAINERCTL_SET_OWNER &&
		    (a->uid == 0xffffffff || a->gid == 0xffffffff))
			badm = 1;
		break;
	}
	case C_KILL: {
		struct containerctl_kill *a = (void *)buf;

		a->flags = pick_flags(__CONTAINERCTL_KILL_ALL, &badf);
		a->id = pick_id();
		a->signal = pct(80) ? below(65) : rnd32_special();
		if (a->signal > 64)
			badm = 1;
		/* signals reach only the fuzzer's containers */
		if (id_is_foreign(a->id) && a->signal && !badf && !badm)
			a->signal = 0;
		if ((a->signal == SIGKILL || a->signal == SIGSTOP) &&
		    self_in(a->id))
			a->signal = SIGCONT;
		break;
	}
	case C_CLONE: {
		struct containerctl_clone *a = (void *)buf;

		a->flags = pick_flags(__CONTAINERCTL_CLONE_ALL, &badf);
		a->parent = pct(50) && npop ? pop[below(npop)] :
			    pct(30) ? 0 : pick_id();
		a->pid = pick_pid(1);
		a->mode = pick_mode(&badm);
		badm |= !(a->flags & CONTAINERCTL_PIDFD) && a->pid > 0x7fffffff;
		a->cflags = pick_cflags(&bad);
		badf |= bad;
		a->clear_flags = pct(80) ? 0 : pick_cflags(&bad);
		badf |= bad;
		if (pct(40))
			memset(a->name, 0, sizeof(a->name));
		else
			pick_name(a->name, &name_valid);
		break;
	}
	}
	/* reserved fields lie within every VER0 */
	bad = 0;
	maybe_reserved(cmd, buf, &bad);
	badf |= bad;
	place(cmd, buf, &s);
	if (s.place == 3)
		ptr_fault = 1;	/* inputs through it are fine, outputs fault */
	if (badf)
		must = EINVAL;
	else if (badm)
		must = EINVAL;
	else if (name_valid == 0 && (c == C_CREATE ||
		 (c == C_CLONE && buf[offsetof(struct containerctl_clone, name)])))
		must = -2;	/* any failure */

	if (total_calls >= trace_from) {
		size_t j;

		printf("call %" PRIu64 " %s arg", total_calls, cmd->name);
		for (j = 0; j < cmd->size; j += 4)
			printf(" %08x", *(uint32_t *)(buf + j));
		printf("\n");
	}
	nr = cmd->nr;
	if (pct(5))	/* size bits: ignored, whatever they say */
		nr = (nr & ~(unsigned long)(_IOC_SIZEMASK << _IOC_SIZESHIFT)) |
		     ((unsigned long)below(1 << 14) << _IOC_SIZESHIFT);
	ret = do_ioctl(nr, s.uarg, &err);
	if (must == -2) {
		judge(c, &s, ret, err, -1, ptr_fault);
		if (ret == 0 && s.must < 0)
			FAIL("%s: invalid name accepted", cmd->name);
	} else {
		judge(c, &s, ret, err, must, ptr_fault);
	}
	if (c == C_KILL &&
	    ((struct containerctl_kill *)buf)->signal == SIGKILL)
		kids_sync();
	if (ret != 0)
		return;

	/* Follow what changed. */
	switch (c) {
	case C_CREATE: {
		struct containerctl_create *a = (void *)s.at;

		if (s.place != 3)
			pop_add(a->id);
		break;
	}
	case C_CLONE: {
		struct containerctl_clone *a = (void *)s.at;

		if (s.place != 3)
			pop_add(a->id);
		break;
	}
	case C_DESTROY: {
		struct containerctl_destroy *a = (void *)buf;

		pop_del(a->id);
		break;
	}
	}
}

/*
 * An ioctl number: ours mangled, or somebody else's. The size bits of ours
 * are ignored (the structure's size field counts), so a number that
 * differs from one of ours only there is ours (the calls themselves fuzz
 * it: see the "size bits" in fuzz_ioctl()).
 */
static void fuzz_badnr(void)
{
	static const unsigned long nrs[] = { CONTAINERCTL_IOC_INFO,
		CONTAINERCTL_IOC_STAT, CONTAINERCTL_IOC_CREATE,
		CONTAINERCTL_IOC_CLONE, CONTAINERCTL_IOC_PIDS };
	const unsigned long nosize = ~(unsigned long)(_IOC_SIZEMASK << _IOC_SIZESHIFT);
	unsigned long nr = nrs[below(5)];
	struct shape s = { .must = ENOTTY };
	long ret;
	int err, i;

	switch (below(4) + 1) {
	case 1:	/* another direction */
		nr = (nr & ~(3UL << _IOC_DIRSHIFT)) |
		     ((unsigned long)below(4) << _IOC_DIRSHIFT);
		break;
	case 2:	/* our type, another number */
		nr = _IOC(below(4), CONTAINERCTL_IOC_MAGIC, below(256),
			  below(1 << 14));
		break;
	case 3:	/* another type */
		nr = (nr & ~(0xffUL << _IOC_TYPESHIFT)) |
		     ((unsigned long)below(256) << _IOC_TYPESHIFT);
		break;
	default:
		nr = (uint32_t)rnd();
		break;
	}
	for (i = 0; i < C_BADNR; i++)
		if ((uint32_t)(nr & nosize) == (uint32_t)(cmds[i].nr & nosize))
			return;	/* a real one after all */
	memset(area, 0, 256);
	*(uint32_t *)area = 256;
	s.uarg = pct(50) ? (uintptr_t)area : pick_ptr(8, 0, 100, &err);
	ret = do_ioctl(nr, s.uarg, &err);
	record(C_BADNR, ret < 0 ? err : 0);
	trace(C_BADNR, &s, ret, err);
	if (ret >= 0 || err != ENOTTY)
		FAIL("ioctl %#lx: got %ld errno %d (%s), expected ENOTTY", nr,
		     ret, err, strerror(err));
}

/* ------------------------------------------------------------------ */
/* Netlink */

static int nl;			/* the fuzzer's generic netlink socket */
static int nlq;			/* one that never joins a group: dumps */
static int nl_overrun;		/* a recv said ENOBUFS */
static uint64_t nl_lost_dumps;	/* plain dumps lost to an overrun */
static uint16_t fam;		/* the family's id */
static uint32_t grp[3];		/* its groups: events, tasks, all */
static uint32_t nlseq = 1;

static int nl_open(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	int one = 1;

	REQUIRE(s >= 0, "socket: %s", strerror(errno));
	REQUIRE(!bind(s, (struct sockaddr *)&sa, sizeof(sa)), "bind: %s",
		strerror(errno));
	setsockopt(s, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	return s;
}

/*
 * Read every reply there is (a dump goes on as it is read). Returns the
 * number of messages of @type; *error gets the last NLMSG_ERROR's code
 * (left alone without one), *done is set if NLMSG_DONE came.
 */
static int nl_drain(int s, uint16_t type, int *error, int *done)
{
	static unsigned char rb[65536];
	int n = 0;

	for (;;) {
		ssize_t len = recv(s, rb, sizeof(rb), MSG_DONTWAIT);
		struct nlmsghdr *h;

		if (len < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				nl_overrun = 1;
				continue;	/* lost multicast: go on */
			}
			break;
		}
		for (h = (void *)rb; NLMSG_OK(h, (size_t)len);
		     h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(h);

				*error = e->error;
			} else if (h->nlmsg_type == NLMSG_DONE) {
				*done = 1;
			} else if (h->nlmsg_type == type) {
				n++;
			}
		}
	}
	return n;
}

static void nl_resolve(void)
{
	struct {
		struct nlmsghdr h;
		struct genlmsghdr g;
		char buf[64];
	} req = {
		.h.nlmsg_type = GENL_ID_CTRL,
		.h.nlmsg_flags = NLM_F_REQUEST,
		.h.nlmsg_seq = nlseq++,
		.g.cmd = CTRL_CMD_GETFAMILY,
		.g.version = 1,
	};
	static unsigned char rb[8192];
	struct nlattr *a = (void *)req.buf;
	ssize_t len;
	struct nlmsghdr *h;

	a->nla_type = CTRL_ATTR_FAMILY_NAME;
	a->nla_len = NLA_HDRLEN + sizeof(CONTAINERCTL_GENL_NAME);
	strcpy((char *)a + NLA_HDRLEN, CONTAINERCTL_GENL_NAME);
	req.h.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN) + NLA_ALIGN(a->nla_len);
	REQUIRE(send(nl, &req, req.h.nlmsg_len, 0) > 0, "send: %s",
		strerror(errno));
	len = recv(nl, rb, sizeof(rb), 0);
	REQUIRE(len > 0, "recv: %s", strerror(errno));
	h = (void *)rb;
	REQUIRE(h->nlmsg_type == GENL_ID_CTRL, "family %s not found",
		CONTAINERCTL_GENL_NAME);
	{
		unsigned char *p = (unsigned char *)NLMSG_DATA(h) + GENL_HDRLEN;
		unsigned char *end = (unsigned char *)h + h->nlmsg_len;

		while (p + NLA_HDRLEN <= end) {
			struct nlattr *at = (void *)p;

			if (at->nla_len < NLA_HDRLEN)
				break;
			if (at->nla_type == CTRL_ATTR_FAMILY_ID)
				memcpy(&fam, p + NLA_HDRLEN, 2);
			if (at->nla_type == CTRL_ATTR_MCAST_GROUPS) {
				unsigned char *q = p + NLA_HDRLEN;
				unsigned char *qe = p + at->nla_len;

				while (q + NLA_HDRLEN <= qe) {
					struct nlattr *g = (void *)q;
					unsigned char *r = q + NLA_HDRLEN;
					uint32_t id = 0;
					char name[32] = "";

					if (g->nla_len < NLA_HDRLEN)
						break;
					while (r + NLA_HDRLEN <= q + g->nla_len) {
						struct nlattr *x = (void *)r;

						if (x->nla_len < NLA_HDRLEN)
							break;
						if (x->nla_type == CTRL_ATTR_MCAST_GRP_ID)
							memcpy(&id, r + NLA_HDRLEN, 4);
						if (x->nla_type == CTRL_ATTR_MCAST_GRP_NAME)
							snprintf(name, sizeof(name), "%s",
								 (char *)r + NLA_HDRLEN);
						r += NLA_ALIGN(x->nla_len);
					}
					if (!strcmp(name, CONTAINERCTL_GENL_MCGRP_EVENTS))
						grp[0] = id;
					if (!strcmp(name, CONTAINERCTL_GENL_MCGRP_TASKS))
						grp[1] = id;
					if (!strcmp(name, CONTAINERCTL_GENL_MCGRP_ALL))
						grp[2] = id;
					q += NLA_ALIGN(g->nla_len);
				}
			}
			p += NLA_ALIGN(at->nla_len);
		}
	}
	REQUIRE(fam && grp[0] && grp[1] && grp[2], "family %u groups %u %u %u",
		fam, grp[0], grp[1], grp[2]);
}

/* A well-formed dump: the number of containers it lists, or -1. */
static int nl_dump_count(int s)
{
	struct {
		struct nlmsghdr h;
		struct genlmsghdr g;
	} req = {
		.h.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN),
		.h.nlmsg_type = fam,
		.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
		.h.nlmsg_seq = nlseq++,
		.g.cmd = CONTAINERCTL_CMD_DUMP,
		.g.version = CONTAINERCTL_GENL_VERSION,
	};
	int n = 0, error = 1, done = 0;

	nl_drain(s, 0, &error, &done);	/* stale replies and events */
	error = 1;
	done = 0;
	if (send(s, &req, req.h.nlmsg_len, 0) < 0)
		return -1;
	/* Until its end, or an error instead. */
	WAIT_UNTIL((n += nl_drain(s, fam, &error, &done), done || error <= 0),
		   CTRTEST_DEADLINE_S);
	if (done)
		return n;
	return error < 0 ? error : -ETIMEDOUT;
}

/* One random (often malformed) message to the family, or to another. */
static void nl_fuzz_msg(int s, int counted)
{
	unsigned char *m = area + PAGE * 10;
	struct nlmsghdr *h = (void *)m;
	struct genlmsghdr *g = NLMSG_DATA(h);
	unsigned char *p = m + NLMSG_LENGTH(GENL_HDRLEN);
	unsigned int nattr = pct(50) ? 0 : below(8), i, len;
	int error = 1, done = 0, dump, plain;
	ssize_t r;

	memset(m, 0, PAGE * 2);
	h->nlmsg_type = pct(85) ? fam : pct(50) ? GENL_ID_CTRL : below(0x10000);
	h->nlmsg_flags = NLM_F_REQUEST;
	if (pct(60))
		h->nlmsg_flags |= NLM_F_DUMP;
	if (pct(40))
		h->nlmsg_flags |= NLM_F_ACK;
	if (pct(10))
		h->nlmsg_flags ^= 1U << below(16);
	h->nlmsg_seq = nlseq++;
	h->nlmsg_pid = pct(95) ? 0 : (uint32_t)rnd();
	g->cmd = pct(60) ? CONTAINERCTL_CMD_DUMP : pct(50) ? below(4) : below(256);
	g->version = pct(80) ? CONTAINERCTL_GENL_VERSION : below(256);
	g->reserved = pct(90) ? 0 : below(0x10000);
	for (i = 0; i < nattr; i++) {
		struct nlattr *a = (void *)p;
		unsigned int plen = pct(50) ? below(9) : below(300);

		a->nla_type = pct(70) ? below(CONTAINERCTL_A_MAX + 3) : below(0x10000);
		if (pct(10))
			a->nla_type |= NLA_F_NESTED;
		a->nla_len = NLA_HDRLEN + plen;
		if (pct(10))
			a->nla_len = below(NLA_HDRLEN);	/* truncated */
		else if (pct(5))
			a->nla_len = below(0x10000);
		for (len = 0; len < plen; len++)
			p[NLA_HDRLEN + len] = pct(50) ? 0 : (unsigned char)rnd();
		if (a->nla_type & NLA_F_NESTED && plen >= NLA_HDRLEN) {
			struct nlattr *in = (void *)(p + NLA_HDRLEN);

			in->nla_len = NLA_HDRLEN + below(plen - NLA_HDRLEN + 8);
			in->nla_type = below(CONTAINERCTL_A_MAX + 2);
		}
		p += NLA_ALIGN(NLA_HDRLEN + plen);
	}
	len = p - m;
	if (pct(8) && nattr)	/* cut inside the last attribute */
		len -= 1 + below(4);
	h->nlmsg_len = len;
	if (pct(8))	/* lies */
		h->nlmsg_len = pct(50) ? below(len + 1) : len + 1 + below(64);
	if (pct(3))
		len = below(NLMSG_HDRLEN + 1);	/* a short send */

	dump = h->nlmsg_type == fam && g->cmd == CONTAINERCTL_CMD_DUMP &&
	       (h->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
	plain = dump && h->nlmsg_len == len && !nattr && !g->reserved &&
		len == NLMSG_LENGTH(GENL_HDRLEN) &&
		h->nlmsg_flags & NLM_F_REQUEST && !(h->nlmsg_flags & ~
		(NLM_F_REQUEST | NLM_F_DUMP | NLM_F_ACK));
	/* send's own errors (short messages...) are the core's business */
	nl_overrun = 0;
	r = send(s, m, len, 0);
	(void)r;
	nl_drain(s, fam, &error, &done);
	/* a dump goes on as it is read: wait for a plain one to end */
	if (plain)
		WAIT_UNTIL(done || error != 1 ||
			   (nl_drain(s, fam, &error, &done), done || error != 1),
			   CTRTEST_DEADLINE_S);
	if (counted) {
		record(C_NL_MSG, error == 1 ? 0 : error < 0 ? -error : 0);
		if (total_calls >= trace_from)
			printf("call %" PRIu64 " nl type %u flags %#x cmd %u attrs %u "
			       "len %u/%u -> %d%s\n", total_calls, h->nlmsg_type,
			       h->nlmsg_flags, g->cmd, nattr, h->nlmsg_len, len,
			       error, done ? " done" : "");
		/*
		 * A plain dump must end, unless events overran the socket
		 * (netlink's rules: then the dump may be lost, and a socket
		 * with no group must still get one).
		 */
		if (plain && !done) {
			printf("call %" PRIu64 ": plain dump without an end "
			       "(error %d, overrun %d)\n", total_calls, error,
			       nl_overrun);
			if (!nl_overrun)
				FAIL("netlink: a plain dump got no NLMSG_DONE (error %d)",
				     error);
			nl_lost_dumps++;
			if (nl_dump_count(nlq) < 1)
				FAIL("netlink: no dump on a quiet socket either");
		}
		/* A request to our family with an attribute must be refused. */
		if (dump && nattr && h->nlmsg_len == len && error == 0 &&
		    h->nlmsg_flags & NLM_F_ACK && done)
			FAIL("netlink: a dump with %u attributes was accepted",
			     nattr);
	}
}

static void nl_fuzz_group(int s)
{
	uint32_t id;
	int opt = pct(60) ? NETLINK_ADD_MEMBERSHIP : NETLINK_DROP_MEMBERSHIP;
	int ret, error = 1, done = 0;

	id = pct(70) ? grp[below(3)] : pct(50) ? below(64) : (uint32_t)rnd();
	ret = setsockopt(s, SOL_NETLINK, opt, &id, sizeof(id));
	record(C_NL_GROUP, ret ? errno : 0);
	if (ret && (id == grp[0] || id == grp[1] || id == grp[2]))
		FAIL("netlink: joining or leaving group %u as root: %s", id,
		     strerror(errno));
	/* Events pile up while we are a member: read them now and then. */
	if (pct(50))
		nl_drain(s, fam, &error, &done);
}

/* A dump started and abandoned: its socket closed halfway. */
static void nl_fuzz_abandon(void)
{
	struct {
		struct nlmsghdr h;
		struct genlmsghdr g;
	} req = {
		.h.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN),
		.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
		.g.cmd = CONTAINERCTL_CMD_DUMP,
		.g.version = CONTAINERCTL_GENL_VERSION,
	};
	int s = nl_open(), rcv = 1024;
	char b[512];

	req.h.nlmsg_type = fam;
	setsockopt(s, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof(rcv));
	send(s, &req, req.h.nlmsg_len, 0);
	if (pct(50))
		recv(s, b, sizeof(b), MSG_DONTWAIT);
	close(s);
	record(C_NL_ABANDON, 0);
}

/* As nobody: the groups and the dump refused (EPERM), random messages. */
static void nl_fuzz_unpriv(void)
{
	uint64_t seed = rnd();
	int status;
	pid_t pid = fork();

	REQUIRE(pid >= 0, "fork: %s", strerror(errno));
	if (!pid) {
		int s, i, bad = 0;

		rng = seed;
		if (setgroups(0, NULL) || setgid(65534) || setuid(65534))
			_exit(3);
		s = nl_open();
		for (i = 0; i < 3; i++) {
			uint32_t id = grp[i];

			if (!setsockopt(s, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &id,
					sizeof(id)) || errno != EPERM) {
				fprintf(stderr, "nobody joined group %u: %s\n", id,
					strerror(errno));
				bad = 1;
			}
		}
		i = nl_dump_count(s);
		if (i != -EPERM) {
			fprintf(stderr, "nobody's dump: %d, not -EPERM\n", i);
			bad = 1;
		}
		for (i = 0; i < 20; i++)
			nl_fuzz_msg(s, 0);
		_exit(bad ? 2 : 0);
	}
	REQUIRE(waitpid(pid, &status, 0) == pid, "waitpid");
	record(C_NL_UNPRIV, WIFEXITED(status) ? WEXITSTATUS(status) : 128);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		FAIL("unprivileged netlink child: status %#x", status);
}

/* ------------------------------------------------------------------ */
/* Invariants */

static int info(struct containerctl_info *i)
{
	memset(i, 0, sizeof(*i));
	i->size = sizeof(*i);
	return ioctl(dev, CONTAINERCTL_IOC_INFO, i) ? -errno : 0;
}

struct walked {
	uint64_t id, parent;
	uint32_t nr_children;
};
static struct walked *tree;
static size_t ntree, tree_cap;

/* Every container below @id (pre-order) into tree[]. */
static int walk(uint64_t id)
{
	struct containerctl_stat st = { .size = sizeof(st), .id = id };
	uint64_t ids[64], cursor = 0;
	uint32_t seen = 0;

	if (ioctl(dev, CONTAINERCTL_IOC_STAT, &st))
		return -errno;
	if (ntree == tree_cap) {
		tree_cap = tree_cap ? tree_cap * 2 : 256;
		tree = realloc(tree, tree_cap * sizeof(*tree));
		REQUIRE(tree, "realloc");
	}
	tree[ntree].id = id;
	tree[ntree].parent = st.parent;
	tree[ntree].nr_children = st.nr_children;
	ntree++;
	for (;;) {
		struct containerctl_children ch = { .size = sizeof(ch), .id = id,
			.cursor = cursor, .ids = (uintptr_t)ids, .count = 64 };
		uint32_t i;
		int ret;

		if (ioctl(dev, CONTAINERCTL_IOC_CHILDREN, &ch))
			return -errno;
		for (i = 0; i < ch.count; i++) {
			ret = walk(ids[i]);
			if (ret && ret != -ENOENT)
				return ret;
			seen++;
		}
		if (ch.count < 64)
			break;
		cursor = ids[ch.count - 1];
	}
	if (seen != st.nr_children)
		return -EAGAIN;
	return 0;
}

/* /proc/containers: the number of lines, and each one in tree[]. */
static int proc_check(char *why, size_t len)
{
	FILE *f = fopen("/proc/" CONTAINERCTL_PROC_NAME, "r");
	char line[8192];
	int n = 0;

	if (!f) {
		snprintf(why, len, "/proc/containers: %s", strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		uint64_t id, parent;
		unsigned long long procs, threads;
		unsigned int children;
		size_t i;

		if (line[0] == '#')
			continue;
		if (sscanf(line, "%" SCNu64 " %" SCNu64 " %llu %llu %u", &id,
			   &parent, &procs, &threads, &children) != 5) {
			snprintf(why, len, "/proc/containers: bad line %.200s", line);
			fclose(f);
			return -1;
		}
		for (i = 0; i < ntree; i++)
			if (tree[i].id == id)
				break;
		if (i == ntree || tree[i].parent != parent ||
		    tree[i].nr_children != children) {
			snprintf(why, len, "/proc/containers: line %.200s not in the walk",
				 line);
			fclose(f);
			return -1;
		}
		n++;
	}
	fclose(f);
	return n;
}

/* One look at the invariants: 0 if they hold (the walk in tree), else 1. */
static int invariants_once(char *why, size_t len)
{
	struct containerctl_info in;
	int ret, nproc, ndump;

	kids_reap();
	ntree = 0;
	if (info(&in)) {
		snprintf(why, len, "INFO: %s", strerror(errno));
		return 1;
	}
	ret = walk(CONTAINERCTL_ROOT_ID);
	if (ret) {
		snprintf(why, len, "walk: %s", strerror(-ret));
		return 1;
	}
	if (ntree != in.nr_containers) {
		snprintf(why, len, "INFO says %u containers, the walk %zu",
			 in.nr_containers, ntree);
		return 1;
	}
	nproc = proc_check(why, len);
	if (nproc < 0)
		return 1;
	if ((size_t)nproc != ntree) {
		snprintf(why, len, "/proc/containers has %d, the walk %zu",
			 nproc, ntree);
		return 1;
	}
	ndump = nl_dump_count(nlq);
	if (ndump < 0 || (size_t)ndump != ntree) {
		snprintf(why, len, "the dump has %d, the walk %zu", ndump, ntree);
		return 1;
	}
	return 0;
}

/*
 * INFO, the walk, /proc/containers and a dump agree. Processes the
 * fuzzer killed may still be exiting (and autoremove their containers):
 * tried until they agree, or the deadline.
 */
static void invariants(void)
{
	char why[512] = "";
	size_t i;

	cur_case = C_INVARIANTS;
	ncalls[C_INVARIANTS]++;

	if (!WAIT_UNTIL(!invariants_once(why, sizeof(why)), CTRTEST_DEADLINE_S)) {
		FAIL("invariant, after %d s: %s", CTRTEST_DEADLINE_S, why);
		return;
	}
	/* Resync the population with what exists; keep it small. */
	npop = 0;
	for (i = ntree; i-- > 0;) {
		struct containerctl_destroy d = {
			.size = sizeof(d), .id = tree[i].id };

		if (is_pre(tree[i].id))
			continue;
		if (ntree - npre > 300 && tree[i].id != fuzz_root &&
		    !ioctl(dev, CONTAINERCTL_IOC_DESTROY, &d))
			continue;
		pop_add(tree[i].id);
	}
}

/*
 * One pass of the cleanup: destroy what can be, in reverse pre-order
 * (children before parents); @left is what could not be (unchanged if the
 * walk failed). Returns 1 when nothing is left.
 */
static int cleanup_pass(int *left)
{
	size_t j;

	ntree = 0;
	if (walk(CONTAINERCTL_ROOT_ID))
		return 0;
	*left = 0;
	for (j = ntree; j-- > 0;) {
		struct containerctl_destroy d = { .size = sizeof(d),
			.id = tree[j].id };

		if (is_pre(d.id))
			continue;
		if (ioctl(dev, CONTAINERCTL_IOC_DESTROY, &d) && errno != ENOENT)
			(*left)++;
	}
	return !*left;
}

/* Remove every container that did not exist at the start. */
static void cleanup(void)
{
	struct containerctl_attach at = { .size = sizeof(at),
		.id = CONTAINERCTL_ROOT_ID };
	struct containerctl_info in;
	int i, left = 0, status;

	cur_case = C_CLEANUP;
	ncalls[C_CLEANUP]++;

	for (i = 0; i < MAXKIDS; i++)
		kill(kids[i].pid, SIGKILL);
	for (i = 0; i < MAXKIDS; i++)
		waitpid(kids[i].pid, &status, __WALL);
	while (waitpid(-1, &status, WNOHANG | __WALL) > 0)
		;
	REQUIRE(!ioctl(dev, CONTAINERCTL_IOC_ATTACH, &at),
		"attach self to root: %s", strerror(errno));
	/* Killed tasks may still be exiting: until everything is gone. */
	WAIT_UNTIL(cleanup_pass(&left), CTRTEST_DEADLINE_S);
	if (left)
		FAIL("cleanup: %d containers could not be removed", left);
	REQUIRE(!info(&in), "INFO");
	if (in.nr_containers != start_containers)
		FAIL("cleanup: %u containers, %u at the start", in.nr_containers,
		     start_containers);
	if (in.nr_tracked != start_tracked)
		FAIL("cleanup: %llu tracked tasks, %llu at the start",
		     (unsigned long long)in.nr_tracked,
		     (unsigned long long)start_tracked);
}

/* ------------------------------------------------------------------ */

static void summary(double secs)
{
	int c, e;

	printf("calls %" PRIu64 " in %.1f s (%.0f/s), %d failed checks\n",
	       total_calls, secs, secs > 0 ? total_calls / secs : 0.0, failures);
	for (c = 0; c < NCMD; c++) {
		if (!ncalls[c])
			continue;
		printf("  %-18s %9" PRIu64 " ", cmds[c].name, ncalls[c]);
		for (e = 0; e < NERR; e++) {
			if (!hist[c][e])
				continue;
			if (c == C_NL_UNPRIV)
				printf(" status%d:%" PRIu64, e, hist[c][e]);
			else
				printf(" %s:%" PRIu64, e ? strerrorname_np(e) ?
				       strerrorname_np(e) : "?" : "ok", hist[c][e]);
		}
		printf("\n");
	}
	printf("  plain dumps lost to an overrun: %" PRIu64 "\n", nl_lost_dumps);
}

/*
 * One TAP line per case (tests/vm/runner.sh shows them as subtests): each
 * command and kind of netlink abuse, the invariants, the cleanup.
 */
static void report_cases(void)
{
	static const char *const extra[] = {
		[C_INVARIANTS - NCMD] = "invariants",
		[C_CLEANUP - NCMD] = "cleanup",
	};
	const char *name;
	int c;

	printf("1..%d\n", NCASE);
	for (c = 0; c < NCASE; c++) {
		name = c < NCMD ? cmds[c].name : extra[c - NCMD];
		if (case_failures[c])
			printf("not ok %d - %s # %d failed checks\n", c + 1, name,
			       case_failures[c]);
		else if (!ncalls[c])
			printf("ok %d - %s # SKIP not drawn\n", c + 1, name);
		else
			printf("ok %d - %s # %" PRIu64 " calls\n", c + 1, name,
			       ncalls[c]);
	}
}

int main(void)
{
	const char *env;
	struct containerctl_info in;
	struct containerctl_create cr = { .size = sizeof(cr), .mode = 0755,
		.parent = CONTAINERCTL_ROOT_ID };
	uint64_t seed, calls, every;
	struct timespec t0, t1;
	size_t i;
	int sig;

	env = getenv("CTR_FUZZ_SEED");
	if (env && *env) {
		seed = strtoull(env, NULL, 0);
	} else {
		struct timespec now;

		clock_gettime(CLOCK_REALTIME, &now);
		seed = (uint64_t)now.tv_sec * 1000000007ULL ^ now.tv_nsec ^
		       (uint64_t)getpid() << 32;
	}
	printf("seed %" PRIu64 "\n", seed);
	fflush(stdout);
	kmsg("ctr-fuzz: seed %" PRIu64 "\n", seed);
	rng = seed;
	env = getenv("CTRVM_KERNEL");
	calls = env && !strncmp(env, "debug", 5) ? 20000 : 60000;
	env = getenv("CTR_FUZZ_CALLS");
	if (env && *env)
		calls = strtoull(env, NULL, 0);
	env = getenv("CTR_FUZZ_TRACE");
	if (env && *env)
		trace_from = strtoull(env, NULL, 0);
	every = calls >= 200000 ? 10000 : 1000;

	/* Signals the fuzzer sends its containers must not end it. */
	for (sig = 1; sig < 65; sig++) {
		/* raw: glibc refuses its own two (32, 33) */
		struct {
			void (*handler)(int);
			unsigned long flags;
			void (*restorer)(void);
			uint64_t mask;
		} ksa = { .handler = SIG_IGN };

		if (sig != SIGKILL && sig != SIGSTOP && sig != SIGCHLD)
			REQUIRE(!syscall(SYS_rt_sigaction, sig, &ksa, NULL, 8),
				"ignoring signal %d: %s", sig, strerror(errno));
	}

	dev = open("/dev/" CONTAINERCTL_DEVICE_NAME, O_RDONLY | O_CLOEXEC);
	REQUIRE(dev >= 0, "open: %s", strerror(errno));
	mem_init();
	kid_tids = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
			MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	REQUIRE(kid_tids != MAP_FAILED, "mmap");
	nl = nl_open();
	nlq = nl_open();
	nl_resolve();

	/* The state before: kept, never destroyed or changed. */
	REQUIRE(!info(&in), "INFO");
	start_containers = in.nr_containers;
	start_tracked = in.nr_tracked;
	ntree = 0;
	REQUIRE(!walk(CONTAINERCTL_ROOT_ID), "walk");
	for (i = 0; i < ntree && npre < 64; i++)
		pre[npre++] = tree[i].id;
	REQUIRE(ntree <= 64, "%zu containers before the fuzzer: too many", ntree);
	snprintf(cr.name, sizeof(cr.name), "fuzz-%d", getpid());
	REQUIRE(!ioctl(dev, CONTAINERCTL_IOC_CREATE, &cr), "create %s: %s",
		cr.name, strerror(errno));
	fuzz_root = cr.id;
	pop_add(fuzz_root);
	for (i = 0; i < MAXKIDS; i++)
		kid_start(i);
	for (i = 0; i < MAXKIDS; i++)
		kid_tid(i);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (total_calls = 0; total_calls < calls; total_calls++) {
		unsigned int r = below(1000);

		if (total_calls % every == 0) {
			printf("calls %" PRIu64 "\n", total_calls);
			fflush(stdout);
		}
		/* the console's last one locates a crash: replay from there */
		if (total_calls % 1000 == 0)
			kmsg("ctr-fuzz: calls %" PRIu64 "\n", total_calls);
		if (total_calls % 2000 == 1999)
			invariants();
		if (total_calls % 16 == 0) {
			kids_reap();
			for (i = 0; i < MAXKIDS; i++)
				if (!kid_tids[i])
					kid_tid(i);
		}
		if (r < 900) {
			cur_case = below(C_BADNR);
			fuzz_ioctl(cur_case);
		} else if (r < 930) {
			cur_case = C_BADNR;
			fuzz_badnr();
		} else if (r < 980) {
			cur_case = C_NL_MSG;
			nl_fuzz_msg(nl, 1);
		} else if (r < 995) {
			cur_case = C_NL_GROUP;
			nl_fuzz_group(nl);
		} else if (r < 998) {
			cur_case = C_NL_ABANDON;
			nl_fuzz_abandon();
		} else {
			cur_case = C_NL_UNPRIV;
			nl_fuzz_unpriv();
		}
		if (failures > 50) {
			fprintf(stderr, "too many failures, stopping\n");
			break;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("calls %" PRIu64 " done\n", total_calls);
	kmsg("ctr-fuzz: calls %" PRIu64 " done\n", total_calls);
	invariants();
	cleanup();
	summary(t1.tv_sec - t0.tv_sec + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	report_cases();
	fflush(stdout);
	if (failures)
		fprintf(stderr, "seed %" PRIu64 ": %d failed checks\n", seed,
			failures);
	return failures ? 1 : 0;
}
