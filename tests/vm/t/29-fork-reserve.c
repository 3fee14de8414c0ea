// SPDX-License-Identifier: GPL-2.0
/*
 * The fork probe's records come from a reserve, not from an allocation
 * that can fail in the probe.
 *
 * 1. With failslab failing every non-sleeping allocation of one tracked
 *    process (task-filter, make-it-fail, ignore-gfp-wait), the process
 *    starts THREADS threads and forks CHILDREN children: all of them run
 *    and are filed in its container, nothing is killed, and track_failures
 *    does not move. (Before the reserve, its first thread killed it.)
 *    THREADS + CHILDREN stays below the default reserve, so that this
 *    holds however late the refill work and the recycling come.
 * 2. What happens when there is no record at all, decided and counted:
 *    with the reserve emptied (fork_reserve=0) and the same failslab, a
 *    tracked fork's child is killed before it runs its first instruction,
 *    a tracked thread's creation kills its process (SIGKILL kills a thread
 *    group), and track_failures counts each. Without failslab the empty
 *    reserve is not noticed (the probe allocates), except on PREEMPT_RT,
 *    where the probe never allocates and the fork's child is killed. (On
 *    RT the child kills itself, by a task work from the works the module
 *    keeps for kills whatever fork_reserve says.)
 *
 * Without CONFIG_FAILSLAB (Debian's kernels) only the last fork runs: an
 * empty reserve, where the probe allocates, except on Debian's PREEMPT_RT,
 * where the child is killed. Runs as root in the test VM, with no
 * container but the root at start, and leaves none behind; it restores the
 * failslab knobs and fork_reserve.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <containerctl/ctrl.h>

#include "ctrtest.h"
#include "ctrtest-ctrl.h"

#define ROOT		CONTAINERCTL_ROOT_ID
#define FAILSLAB	"/sys/kernel/debug/failslab/"
#define RESERVE		"/sys/module/containerctl/parameters/fork_reserve"
#define THREADS		600
#define CHILDREN	200

static const char *const knobs[] = {
	"task-filter", "ignore-gfp-wait", "interval", "times", "verbose",
	"probability",
};
#define NR_KNOBS	(sizeof(knobs) / sizeof(knobs[0]))
static char saved[NR_KNOBS][32];

/* Shared with the forked processes. */
struct shared {
	int threads_ran;
	int threads_failed;	/* pthread_create() errors */
	int children_ran;
	int children_bad;	/* children that did not exit 0 */
	pid_t child[CHILDREN];
};

static struct shared *sh;
static uint64_t rs;

static void write_file(const char *path, const char *value)
{
	int ret = ctrtest_write_file(path, value);

	REQUIRE(!ret, "write %s to %s: %s", value, path, strerror(-ret));
}

static void knob(const char *name, const char *value)
{
	char path[128];

	snprintf(path, sizeof(path), FAILSLAB "%s", name);
	write_file(path, value);
}

/* failslab on: every non-sleeping slab allocation of a make-it-fail task. */
static void failslab_arm(void)
{
	char path[128];
	size_t i;

	for (i = 0; i < NR_KNOBS; i++) {
		snprintf(path, sizeof(path), FAILSLAB "%s", knobs[i]);
		REQUIRE(!ctrtest_read_file(path, saved[i], sizeof(saved[i])), "read %s", path);
	}
	knob("task-filter", "Y");
	knob("ignore-gfp-wait", "Y");
	knob("interval", "1");
	knob("times", "-1");
	knob("verbose", "0");
	knob("probability", "100");
}

static void failslab_restore(void)
{
	size_t i;

	knob("probability", "0");
	for (i = 0; i < NR_KNOBS; i++)
		knob(knobs[i], saved[i]);
}

/* In a child: join @id and turn failslab on for this task alone. */
static void enter(uint64_t id, int fail)
{
	int f;

	if (ctrl_attach(fd, id, 0, 0))
		_exit(101);
	if (!fail)
		return;
	f = open("/proc/self/make-it-fail", O_WRONLY);
	if (f < 0 || write(f, "1", 1) != 1)
		_exit(102);
	close(f);
}

static void *thread_fn(void *arg)
{
	__atomic_add_fetch(&sh->threads_ran, 1, __ATOMIC_SEQ_CST);
	return arg;
}

/* Part 1, in a tracked process failing every non-sleeping allocation. */
static int births(void)
{
	pthread_t t;
	int i, status;
	pid_t p;

	enter(rs, 1);
	for (i = 0; i < THREADS; i++) {
		if (pthread_create(&t, NULL, thread_fn, NULL)) {
			sh->threads_failed++;
			continue;
		}
		pthread_join(t, NULL);
	}
	for (i = 0; i < CHILDREN; i++) {
		p = fork();
		if (p < 0)
			continue;
		if (!p) {
			__atomic_add_fetch(&sh->children_ran, 1, __ATOMIC_SEQ_CST);
			/* Wait to be seen in the container, with a deadline. */
			_exit(WAIT_UNTIL(which(getpid()) == rs, CTRTEST_DEADLINE_S) ? 0 : 3);
		}
		sh->child[i] = p;
		if (waitpid(p, &status, 0) != p || !WIFEXITED(status) ||
		    WEXITSTATUS(status))
			sh->children_bad++;
	}
	return 0;
}

/* Run @fn in a new process; its wait status. */
static int run(int (*fn)(void))
{
	int status;
	pid_t p = fork();

	REQUIRE(p >= 0, "fork");
	if (!p)
		_exit(fn());
	REQUIRE(waitpid(p, &status, 0) == p, "waitpid");
	return status;
}

/* Part 2: one tracked fork, failing or not; the child's wait status. */
static int one_fork(int fail)
{
	int status, pipefd[2];
	char c = 0;
	pid_t p;

	if (pipe(pipefd))
		_exit(110);
	enter(rs, fail);
	p = fork();
	if (p < 0)
		_exit(111);
	if (!p) {
		/* Its first instructions: say it ran. */
		if (write(pipefd[1], "r", 1) != 1)
			_exit(4);
		_exit(0);
	}
	close(pipefd[1]);
	if (waitpid(p, &status, 0) != p)
		_exit(112);
	/* Exit 0: normal exit having run; 9: SIGKILL before it ran. */
	if (WIFEXITED(status) && !WEXITSTATUS(status) &&
	    read(pipefd[0], &c, 1) == 1 && c == 'r')
		_exit(0);
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL &&
	    read(pipefd[0], &c, 1) == 0)
		_exit(9);
	_exit(113);
}

static int one_fork_failing(void)
{
	return one_fork(1);
}

static int one_fork_plain(void)
{
	return one_fork(0);
}

static int one_thread_failing(void)
{
	pthread_t t;

	enter(rs, 1);
	if (pthread_create(&t, NULL, thread_fn, NULL))
		return 120;
	pthread_join(t, NULL);
	return 0;
}

static uint64_t track_failures(void)
{
	struct containerctl_info info;

	REQUIRE(!ctrl_info(fd, &info), "info");
	return info.track_failures;
}

/* 1. Births need no allocation in the probe. */
static void births_failing(void)
{
	uint64_t fail0 = track_failures();
	int status, i, seen;

	status = run(births);
	CHECK(WIFEXITED(status) && !WEXITSTATUS(status),
	      "the tracked process with failing allocations: %s %d (track_failures +%llu)",
	      WIFSIGNALED(status) ? "killed by signal" : "exit status",
	      WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status),
	      (unsigned long long)(track_failures() - fail0));
	printf("%d of %d threads ran (%d not created), %d of %d children ran (%d did not exit 0)\n",
	       sh->threads_ran, THREADS, sh->threads_failed, sh->children_ran,
	       CHILDREN, sh->children_bad);
	CHECK(sh->threads_ran == THREADS && !sh->threads_failed,
	      "%d of %d threads ran", sh->threads_ran, THREADS);
	CHECK(sh->children_ran == CHILDREN && !sh->children_bad,
	      "%d of %d children ran, %d did not exit 0 (not filed in /rs)",
	      sh->children_ran, CHILDREN, sh->children_bad);
	for (i = 0, seen = 0; i < CHILDREN; i++)
		seen += sh->child[i] != 0;
	CHECK(seen == CHILDREN, "%d of %d forks made a child", seen, CHILDREN);
	CHECK(track_failures() == fail0, "track_failures +%llu",
	      (unsigned long long)(track_failures() - fail0));
}

/* 2. No record at all, failslab on: decided, and counted. */
static void empty_failing(void)
{
	uint64_t fail0 = track_failures();
	int status;

	status = run(one_fork_failing);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 9,
	      "a tracked fork without a record: status %#x, want its child killed before it ran",
	      status);
	CHECK(track_failures() == fail0 + 1, "the fork: track_failures +%llu, want +1",
	      (unsigned long long)(track_failures() - fail0));
	fail0 = track_failures();
	sh->threads_ran = 0;
	status = run(one_thread_failing);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL && !sh->threads_ran,
	      "a tracked thread without a record: status %#x, %d threads ran; want its process killed before the thread ran",
	      status, sh->threads_ran);
	CHECK(track_failures() == fail0 + 1, "the thread: track_failures +%llu, want +1",
	      (unsigned long long)(track_failures() - fail0));
}

/* 2. An empty reserve, no failslab. */
static void empty_plain(int rt)
{
	uint64_t fail0 = track_failures();
	int status = run(one_fork_plain);

	if (rt)
		CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 9 &&
		      track_failures() == fail0 + 1,
		      "PREEMPT_RT, empty reserve: status %#x, track_failures +%llu; want the child killed, +1",
		      status, (unsigned long long)(track_failures() - fail0));
	else
		CHECK(WIFEXITED(status) && !WEXITSTATUS(status) &&
		      track_failures() == fail0,
		      "empty reserve, allocation allowed: status %#x, track_failures +%llu; want the child to run",
		      status, (unsigned long long)(track_failures() - fail0));
}

int main(void)
{
	char reserve[32];
	int rt, failslab, ret;

	failslab = !access(FAILSLAB "probability", W_OK);
	if (!failslab)
		printf("no failslab in this kernel (CONFIG_FAILSLAB, debugfs): the empty reserve's plain fork only\n");
	rt = ctrtest_preempt_rt();
	fd = ctrl_open();
	REQUIRE(fd >= 0, "open: %s", strerror(-fd));
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	REQUIRE(sh != MAP_FAILED, "mmap");
	CHECK_RET(ctrl_create(fd, ROOT, "rs", 0755, 0, &rs), 0);
	if (failslab) {
		failslab_arm();
		births_failing();
	}

	ret = ctrtest_read_file(RESERVE, reserve, sizeof(reserve));
	REQUIRE(!ret, "%s: %s", RESERVE, strerror(-ret));
	write_file(RESERVE, "0");
	if (failslab)
		empty_failing();
	empty_plain(rt);
	write_file(RESERVE, reserve);
	if (failslab)
		failslab_restore();

	CHECK(WAIT_UNTIL(!stat_of(rs).nr_threads, CTRTEST_DEADLINE_S),
	      "tasks left in /rs");
	CHECK_RET(ctrl_destroy(fd, rs), 0);
	CHECK(nr_containers() == 1, "containers left behind");
	return ctrtest_done();
}
