// SPDX-License-Identifier: GPL-2.0
/*
 * Who a KILL reaches (docs/design.md, "Kill"): a second, hostile user and
 * the races a review found.
 *
 * - birth: uid 1000 may write a shared container that holds uid 1001's
 *   processes and loops KILL SIGKILL on it. uid 1001's forks and threads
 *   must not be killed at birth: the kill may only reach, at birth or
 *   otherwise, what its caller may signal.
 * - exec: multi-threaded processes whose non-leader threads exec in a
 *   loop, each killed by one KILL: none survives (the kill signals the
 *   process, not a leader that de_thread() replaces).
 * - pidns: a caller in a child pid namespace cannot signal what it cannot
 *   see (skipped, counted in denied), and its namespace's init is
 *   protected as from kill(2).
 *
 * Runs as root in the test VM, with no container but the root at start, and
 * leaves none behind.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <grp.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <containerctl/ctrl.h>

#include "ctrtest.h"
#include "ctrtest-ctrl.h"

#define ROOT CONTAINERCTL_ROOT_ID

/* Shared between the test and its children (MAP_SHARED). */
struct shared {
	volatile int attacking;		/* the attacker's loop runs */
	volatile int victims_done;	/* victims that finished their loop */
	volatile uint64_t kills;	/* KILL calls the attacker made */
	volatile uint64_t signalled;	/* their signalled counts, summed */
	volatile uint64_t denied;	/* their denied counts, summed */
	volatile int kill_ret;		/* first error of a KILL, or 0 */
	volatile pid_t init_pid;	/* pidns: the namespace's init, globally */
	volatile int killer_born;	/* pidns: init has forked the killer */
	volatile uint64_t ns_signalled[2];	/* pidns: each KILL's reply */
	volatile uint64_t ns_denied[2];
};

static struct shared *sh;

static void *thread_nop(void *arg)
{
	return arg;
}

#define BIRTH_FORKS	1500
#define BIRTH_SECONDS	60

/*
 * A victim of uid 1001: forks (and every 8th time also starts a thread)
 * while the attacker kills. Exits with the number of its children killed
 * by SIGKILL (capped); a thread killed at birth kills it instead.
 */
static int birth_victim(void)
{
	long long end = ctrtest_now_ns() + BIRTH_SECONDS * 1000000000LL;
	int i, status, killed = 0;
	pthread_t th;
	pid_t p;

	ctrtest_become(1001);
	if (!WAIT_UNTIL(sh->attacking, CTRTEST_DEADLINE_S))
		return 96;
	for (i = 0; i < BIRTH_FORKS && ctrtest_now_ns() < end; i++) {
		p = fork();
		if (p < 0)
			return 99;
		if (!p)
			_exit(0);
		if (waitpid(p, &status, 0) != p)
			return 98;
		if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
			killed++;
		if (!(i % 8)) {
			if (pthread_create(&th, NULL, thread_nop, NULL))
				return 97;
			pthread_join(th, NULL);
		}
	}
	__sync_fetch_and_add(&sh->victims_done, 1);
	return killed > 90 ? 90 : killed;
}

/* uid 1000: KILL SIGKILL on @id until both victims are done. */
static int birth_attacker(uint64_t id)
{
	uint64_t signalled;
	uint64_t denied;
	int ret;

	ctrtest_become(1000);
	sh->attacking = 1;
	while (sh->victims_done < 2) {
		ret = ctrl_kill(fd, id, SIGKILL, 0, &signalled, &denied);
		if (ret) {
			sh->kill_ret = ret;
			return 1;
		}
		sh->kills++;
		sh->signalled += signalled;
		sh->denied += denied;
	}
	return 0;
}

static void test_birth(void)
{
	int status, i;
	uint64_t id;
	pid_t victims[2], attacker;

	memset(sh, 0, sizeof(*sh));
	CHECK_RET(ctrl_create(fd, ROOT, "shared", 0777, 0, &id), 0);
	for (i = 0; i < 2; i++) {
		victims[i] = fork();
		REQUIRE(victims[i] >= 0, "fork");
		if (!victims[i]) {
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			if (ctrl_attach(fd, id, 0, 0))
				_exit(101);
			_exit(birth_victim());
		}
	}
	attacker = fork();
	REQUIRE(attacker >= 0, "fork");
	if (!attacker) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		_exit(birth_attacker(id));
	}
	for (i = 0; i < 2; i++) {
		waitpid(victims[i], &status, 0);
		CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		      "birth: uid 1001's victim %d: %s %d (children killed at birth, or 9x: its own error; signal: a thread killed at birth)",
		      i, WIFEXITED(status) ? "exit" : "signal",
		      WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
	}
	sh->victims_done = 2;	/* also if a victim died early */
	waitpid(attacker, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "birth: attacker status %#x, KILL returned %d", status,
	      sh->kill_ret);
	CHECK(sh->kills > 0 && sh->signalled == 0 && sh->denied > 0,
	      "birth: %llu kills by uid 1000: signalled %llu, denied %llu",
	      (unsigned long long)sh->kills,
	      (unsigned long long)sh->signalled,
	      (unsigned long long)sh->denied);
	printf("birth: %llu kills by uid 1000 while uid 1001 forked\n",
	       (unsigned long long)sh->kills);
	CHECK_RET(ctrl_destroy(fd, id), 0);
}

/*
 * exec-loop mode: a second thread execs this program again, which makes it
 * the leader (de_thread()) and starts over, forever.
 */
static char *self_argv[] = { "/proc/self/exe", "exec-loop", NULL };

static void *thread_exec(void *arg)
{
	execv("/proc/self/exe", self_argv);
	_exit(96);
	return arg;
}

static int exec_loop(void)
{
	pthread_t th;

	if (pthread_create(&th, NULL, thread_exec, NULL))
		_exit(95);
	for (;;)
		pause();
}

#define EXEC_PROCS	6
#define EXEC_ROUNDS	15

static int all_reaped(pid_t *p, int n)
{
	int i, left = 0;

	for (i = 0; i < n; i++) {
		if (p[i] && waitpid(p[i], NULL, WNOHANG) == p[i])
			p[i] = 0;
		left += !!p[i];
	}
	return !left;
}

static void test_exec(void)
{
	pid_t p[EXEC_PROCS];
	uint64_t id, signalled;
	int round, i, left;
	uint64_t denied;

	CHECK_RET(ctrl_create(fd, ROOT, "exec", 0755, 0, &id), 0);
	for (round = 0; round < EXEC_ROUNDS; round++) {
		for (i = 0; i < EXEC_PROCS; i++) {
			p[i] = fork();
			REQUIRE(p[i] >= 0, "fork");
			if (!p[i]) {
				prctl(PR_SET_PDEATHSIG, SIGKILL);
				if (ctrl_attach(fd, id, 0, 0))
					_exit(101);
				exec_loop();
			}
		}
		CHECK(WAIT_UNTIL(stat_of(id).nr_procs == EXEC_PROCS,
				 CTRTEST_DEADLINE_S),
		      "exec: round %d: %llu processes in, not %d", round,
		      (unsigned long long)stat_of(id).nr_procs, EXEC_PROCS);
		CHECK_RET(ctrl_kill(fd, id, SIGKILL, 0, &signalled, &denied), 0);
		WAIT_UNTIL(all_reaped(p, EXEC_PROCS), CTRTEST_DEADLINE_S);
		for (i = left = 0; i < EXEC_PROCS; i++) {
			if (!p[i])
				continue;
			left++;
			kill(p[i], SIGKILL);
			waitpid(p[i], NULL, 0);
		}
		CHECK(!left, "exec: round %d: %d of %d processes survived one KILL (signalled %llu)",
		      round, left, EXEC_PROCS, (unsigned long long)signalled);
		WAIT_UNTIL(!stat_of(id).nr_threads, CTRTEST_DEADLINE_S);
		if (left)	/* one round says it; each costs a deadline */
			break;
	}
	CHECK_RET(ctrl_destroy(fd, id), 0);
}

/* In the new pid namespace, as its second process: KILL @id (reply @i). */
static int pidns_kill(uint64_t id, int i)
{
	uint64_t signalled;
	uint64_t denied;
	int ret;

	ret = ctrl_kill(fd, id, SIGKILL, 0, &signalled, &denied);
	if (ret) {
		sh->kill_ret = ret;
		return 1;
	}
	sh->ns_signalled[i] = signalled;
	sh->ns_denied[i] = denied;
	return 0;
}

static void reap(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/* Did a SIGKILL reach @pid (pending, exiting or gone)? */
static int sigkilled(pid_t pid)
{
	char path[64], line[256];
	unsigned long long mask;
	int hit = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	f = fopen(path, "r");
	if (!f)
		return 1;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "State:", 6) && strpbrk(line + 6, "ZX"))
			hit = 1;
		if ((sscanf(line, "SigPnd: %llx", &mask) == 1 ||
		     sscanf(line, "ShdPnd: %llx", &mask) == 1) &&
		    (mask & (1ULL << (SIGKILL - 1))))
			hit = 1;
	}
	fclose(f);
	return hit;
}

/*
 * The caller (pid 2 of a new namespace) kills a container holding an
 * outsider (invisible to it) and its namespace's init.
 */
static void test_pidns(void)
{
	uint64_t outside, init_c;
	pid_t outsider, parent;
	int status;

	memset(sh, 0, sizeof(*sh));
	CHECK_RET(ctrl_create(fd, ROOT, "outside", 0755, 0, &outside), 0);
	CHECK_RET(ctrl_create(fd, ROOT, "nsinit", 0755, 0, &init_c), 0);
	outsider = fork();
	REQUIRE(outsider >= 0, "fork");
	if (!outsider) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		for (;;)
			pause();
	}
	CHECK_RET(ctrl_attach(fd, outside, outsider, 0), 0);

	parent = fork();
	REQUIRE(parent >= 0, "fork");
	if (!parent) {
		pid_t init, killer;
		int st, pfd[2];
		char c;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (unshare(CLONE_NEWPID) || pipe(pfd))
			_exit(102);
		init = fork();		/* pid 1 of the namespace */
		if (!init) {
			close(pfd[1]);
			killer = fork();	/* pid 2, in the root container */
			if (!killer) {
				if (read(pfd[0], &c, 1) != 1)
					_exit(103);
				_exit(10 * pidns_kill(outside, 0) +
				      pidns_kill(init_c, 1));
			}
			sh->killer_born = 1;
			waitpid(killer, &st, 0);
			/* Report, then wait to be killed by the test. */
			_exit(WIFEXITED(st) ? WEXITSTATUS(st) : 104);
		}
		/* Once the killer is born outside init's container... */
		if (!WAIT_UNTIL(sh->killer_born, CTRTEST_DEADLINE_S))
			_exit(106);
		sh->init_pid = init;
		/* ... the test moves init, then lets the killer go. */
		if (!WAIT_UNTIL(!sh->init_pid, CTRTEST_DEADLINE_S))
			_exit(107);
		if (write(pfd[1], "x", 1) != 1)
			_exit(105);
		waitpid(init, &st, 0);
		_exit(WIFEXITED(st) ? WEXITSTATUS(st) : 200 + WTERMSIG(st));
	}
	REQUIRE(WAIT_UNTIL(sh->init_pid, CTRTEST_DEADLINE_S), "no init");
	CHECK_RET(ctrl_attach(fd, init_c, sh->init_pid, 0), 0);
	sh->init_pid = 0;
	waitpid(parent, &status, 0);
	/*
	 * Each KILL succeeded; the outsider was skipped and counted, init
	 * (visible, same uid) counted as signalled but, as for kill(2) from
	 * inside its namespace, SIGKILL does not reach it: init exited by
	 * itself with the killer's status.
	 */
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "pidns: status %d%s (10s: killing the outsider's container failed, 1: init's, 2xx: init killed by signal xx-200), KILL returned %d",
	      WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status),
	      WIFEXITED(status) ? "" : " (signal)", sh->kill_ret);
	CHECK(!sigkilled(outsider), "pidns: the outsider, invisible to the caller, was killed");
	CHECK(sh->ns_signalled[0] == 0 && sh->ns_denied[0] == 1,
	      "pidns: the outsider's container: signalled %llu, denied %llu",
	      (unsigned long long)sh->ns_signalled[0],
	      (unsigned long long)sh->ns_denied[0]);
	CHECK(sh->ns_signalled[1] == 1 && sh->ns_denied[1] == 0,
	      "pidns: init's container: signalled %llu, denied %llu",
	      (unsigned long long)sh->ns_signalled[1],
	      (unsigned long long)sh->ns_denied[1]);
	reap(outsider);
	WAIT_UNTIL(!stat_of(outside).nr_threads && !stat_of(init_c).nr_threads,
		   CTRTEST_DEADLINE_S);
	CHECK_RET(ctrl_destroy(fd, outside), 0);
	CHECK_RET(ctrl_destroy(fd, init_c), 0);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "exec-loop"))
		return exec_loop();
	fd = ctrl_open();
	REQUIRE(fd >= 0, "open: %s", strerror(-fd));
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	REQUIRE(sh != MAP_FAILED, "mmap");
	test_birth();
	test_exec();
	test_pidns();
	CHECK(nr_containers() == 1, "containers left behind");
	return ctrtest_done();
}
