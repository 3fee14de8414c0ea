// SPDX-License-Identifier: GPL-2.0
/*
 * Tasks named by pidfd (CONTAINERCTL_PIDFD): ATTACH, ATTACH_BATCH, CLONE and
 * WHICH reach the pidfd's process; a descriptor that is not a pidfd is
 * EBADF; a pidfd whose process exited is ESRCH, also when its pid number
 * now belongs to another process (in a new pid namespace, clone3(2) with
 * set_tid gives the next process the reaped one's number); a pidfd of a
 * process outside the caller's pid namespace is ESRCH, as its pid would be. ctrl_spawn_pidfd() gives the spawned
 * program's pidfd.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <containerctl/ctrl.h>

#include "ctrtest.h"

#define ROOT CONTAINERCTL_ROOT_ID

static int fd;
static uint64_t a, b;

static int pidfd_open(pid_t pid)
{
	return syscall(SYS_pidfd_open, pid, 0);
}

/* clone3(2)'s arguments up to set_tid_size (CLONE_ARGS_SIZE_VER1). */
struct clone3_args {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack;
	uint64_t stack_size, tls, set_tid, set_tid_size;
};

static void sleep_forever(void)
{
	for (;;)
		pause();
}

/* A child with the pid @tid in the caller's pid namespace. */
static pid_t sleeper_at(pid_t tid)
{
	struct clone3_args args = {
		.exit_signal = SIGCHLD,
		.set_tid = (uintptr_t)&tid,
		.set_tid_size = 1,
	};
	long pid = syscall(SYS_clone3, &args, sizeof(args));

	REQUIRE(pid >= 0, "clone3 with set_tid %d: %s", tid, strerror(errno));
	if (!pid)
		sleep_forever();
	return pid;
}

static pid_t sleeper(void)
{
	pid_t pid = fork();

	REQUIRE(pid >= 0, "fork: %s", strerror(errno));
	if (!pid)
		sleep_forever();
	return pid;
}

static uint64_t which(pid_t pid)
{
	uint64_t id = 0;

	return ctrl_which(fd, pid, &id) ? 0 : id;
}

static void test_live(void)
{
	struct containerctl_clone cl = { 0 };
	uint32_t moved = 9, idx = 9;
	uint64_t id = 0;
	pid_t s = sleeper();
	int pfd = pidfd_open(s), nul;
	pid_t batch[1];

	REQUIRE(pfd >= 0, "pidfd_open: %s", strerror(errno));
	CHECK_RET(ctrl_attach(fd, a, pfd, CONTAINERCTL_PIDFD), 0);
	CHECK(which(s) == a, "attach by pidfd: in %llu",
	      (unsigned long long)which(s));
	CHECK_RET(ctrl_which_pidfd(fd, pfd, &id), 0);
	CHECK(id == a, "which by pidfd: %llu", (unsigned long long)id);

	batch[0] = pfd;
	CHECK_RET(ctrl_attach_batch(fd, b, batch, 1, CONTAINERCTL_PIDFD,
				    &moved, &idx), 0);
	CHECK(moved == 1 && which(s) == b, "batch by pidfd: moved %u, in %llu",
	      moved, (unsigned long long)which(s));

	cl.parent = b;
	cl.pid = pfd;
	cl.flags = CONTAINERCTL_PIDFD;
	cl.mode = 0755;
	CHECK_RET(ctrl_clone(fd, &cl), 0);
	CHECK(cl.id > b && which(s) == cl.id, "clone by pidfd: %llu, in %llu",
	      (unsigned long long)cl.id, (unsigned long long)which(s));

	/* Not a pidfd, or no descriptor at all. */
	nul = open("/dev/null", O_RDONLY | O_CLOEXEC);
	REQUIRE(nul >= 0, "open /dev/null");
	CHECK_RET(ctrl_attach(fd, a, nul, CONTAINERCTL_PIDFD), -EBADF);
	CHECK_RET(ctrl_attach(fd, a, fd, CONTAINERCTL_PIDFD), -EBADF);
	CHECK_RET(ctrl_which_pidfd(fd, 1000, &id), -EBADF);
	CHECK_RET(ctrl_attach(fd, a, -1, CONTAINERCTL_PIDFD), -EBADF);
	close(nul);
	CHECK(which(s) == cl.id, "after the refusals: in %llu",
	      (unsigned long long)which(s));

	/* A zombie: exited, not yet reaped. */
	kill(s, SIGKILL);
	CHECK(waitid(P_PID, s, NULL, WEXITED | WNOWAIT) == 0, "waitid: %s",
	      strerror(errno));
	CHECK_RET(ctrl_attach(fd, a, pfd, CONTAINERCTL_PIDFD), -ESRCH);
	/* Reaped. */
	CHECK(waitpid(s, NULL, 0) == s, "waitpid");
	CHECK_RET(ctrl_attach(fd, a, pfd, CONTAINERCTL_PIDFD), -ESRCH);
	CHECK_RET(ctrl_which_pidfd(fd, pfd, &id), -ESRCH);
	close(pfd);
	CHECK_RET(ctrl_destroy(fd, cl.id), 0);
}

/*
 * As pid 1 of a new pid namespace: reap a process, make the next one take
 * its number, then use the first one's pidfd. Returns the failures.
 */
static int reuse_inside(int outer)
{
	pid_t first, second;
	uint64_t id;
	int pfd;

	REQUIRE(getpid() == 1, "not the namespace's init: %d", getpid());
	first = sleeper();
	pfd = pidfd_open(first);
	REQUIRE(pfd >= 0, "pidfd_open: %s", strerror(errno));
	kill(first, SIGKILL);
	REQUIRE(waitpid(first, NULL, 0) == first, "waitpid");
	second = sleeper_at(first);
	REQUIRE(second == first, "pid %d not reused (%d)", first, second);

	/* The old pidfd reaches nothing; the number reaches the new one. */
	CHECK_RET(ctrl_attach(fd, a, pfd, CONTAINERCTL_PIDFD), -ESRCH);
	CHECK_RET(ctrl_which_pidfd(fd, pfd, &id), -ESRCH);
	CHECK(which(second) == ROOT, "the new process moved: in %llu",
	      (unsigned long long)which(second));
	CHECK_RET(ctrl_attach(fd, a, second, 0), 0);
	CHECK(which(second) == a, "by number: in %llu",
	      (unsigned long long)which(second));

	/* A pidfd of a process this namespace cannot see. */
	CHECK_RET(ctrl_which_pidfd(fd, outer, &id), -ESRCH);
	CHECK_RET(ctrl_attach(fd, a, outer, CONTAINERCTL_PIDFD), -ESRCH);

	kill(second, SIGKILL);
	waitpid(second, NULL, 0);
	return ctrtest_failures;
}

static void test_reuse(void)
{
	int outer = pidfd_open(getpid()), st;
	pid_t init;

	REQUIRE(outer >= 0, "pidfd_open: %s", strerror(errno));
	REQUIRE(!unshare(CLONE_NEWPID), "unshare: %s", strerror(errno));
	init = fork();
	REQUIRE(init >= 0, "fork: %s", strerror(errno));
	if (!init)
		_exit(reuse_inside(outer) ? 1 : 0);
	CHECK(waitpid(init, &st, 0) == init && WIFEXITED(st) &&
	      WEXITSTATUS(st) == 0, "the namespace's checks: status %#x", st);
	close(outer);
	CHECK(which(getpid()) == ROOT, "the test moved: %llu",
	      (unsigned long long)which(getpid()));
}

static void test_spawn(void)
{
	char *const argv[] = { "sh", "-c", "exec sleep 1000", NULL };
	uint64_t id = 0;
	int pfd = -1, st;
	pid_t pid;

	CHECK_RET(ctrl_spawn_pidfd(fd, a, "/bin/sh", argv, NULL, &pid, &pfd),
		  0);
	REQUIRE(pfd >= 0, "no pidfd");
	CHECK(fcntl(pfd, F_GETFD) == FD_CLOEXEC, "the pidfd is not cloexec");
	CHECK_RET(ctrl_which_pidfd(fd, pfd, &id), 0);
	CHECK(id == a && which(pid) == a, "spawned into %llu",
	      (unsigned long long)id);
	CHECK_RET(ctrl_attach(fd, b, pfd, CONTAINERCTL_PIDFD), 0);
	CHECK(which(pid) == b, "moved by its pidfd: in %llu",
	      (unsigned long long)which(pid));
	kill(pid, SIGKILL);
	CHECK(waitpid(pid, &st, 0) == pid, "waitpid");
	close(pfd);
}

int main(void)
{
	fd = ctrl_open();
	REQUIRE(fd >= 0, "ctrl_open: %s", strerror(-fd));
	REQUIRE(ctrl_has_feature(fd, CONTAINERCTL_FEAT_PIDFD) == 1,
		"no CONTAINERCTL_FEAT_PIDFD");
	REQUIRE(!ctrl_create(fd, ROOT, "pidfd-a", 0755, 0, &a), "create a");
	REQUIRE(!ctrl_create(fd, ROOT, "pidfd-b", 0755, 0, &b), "create b");
	test_live();
	test_spawn();
	test_reuse();
	CHECK_RET(ctrl_destroy(fd, a), 0);
	CHECK_RET(ctrl_destroy(fd, b), 0);
	return ctrtest_done();
}
