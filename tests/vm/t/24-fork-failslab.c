// SPDX-License-Identifier: GPL-2.0
/*
 * Allocation failures on the fork path, one at a time, by fault injection
 * (/proc/thread-self/fail-nth: the Nth fault-injection point the thread
 * reaches fails). A process in a tracked container (CONTAINERCTL_F_NSTRACK)
 * calls clone(CLONE_NEWUTS) with N = 1, 2, ... until a clone reaches no
 * failure point any more; each clone's child exits at once. Every N that
 * made the module's automatic clone fail for lack of memory must produce
 * an NSREFUSED event with ENOMEM that names the child, which created the
 * namespace, not the parent.
 *
 * failslab counts only allocations that cannot reclaim (ignore-gfp-wait, the
 * default, set here whatever an earlier test left): the fork probe's.
 * Where those points fall is not fixed: a slab running empty adds a page
 * allocation inside one (not counted here: fail_page_alloc's min-order is
 * raised for the test), a new pid may need a radix-tree node. So one sweep
 * of N can step over the probe's allocation; the sweep is repeated, up to
 * SWEEPS times, until an automatic clone was refused.
 *
 * The probe allocates only when its reserves run low: the test empties
 * them (fork_reserve=0) for the sweeps, and restores fork_reserve. On
 * PREEMPT_RT the probe never allocates, so there is nothing for fault
 * injection to fail: the test skips there (29-fork-reserve covers an empty
 * reserve on RT).
 *
 * Needs CONFIG_FAULT_INJECTION (the debug kernel); skips elsewhere.
 *
 * Runs as root in the test VM, with no container but the root at start, and
 * leaves none behind.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <containerctl/ctrl.h>
#include <containerctl/events.h>

#include "ctrtest.h"
#include "ctrtest-ctrl.h"

#define ROOT	CONTAINERCTL_ROOT_ID
#define MAX_N	2000
#define SWEEPS	10
#define MAX_ATTEMPTS	(SWEEPS * MAX_N)
#define PAGE_MIN_ORDER	"/sys/kernel/debug/fail_page_alloc/min-order"
#define RESERVE		"/sys/module/containerctl/parameters/fork_reserve"

/* What the forking process found, for the test to compare. */
struct result {
	pid_t self;
	int sweeps;		/* sweeps made */
	int last_n[SWEEPS];	/* by sweep: the first N no clone point reached */
	int failed[SWEEPS];	/* by sweep: clones that failed */
	int attempts;
	pid_t child[MAX_ATTEMPTS];	/* by attempt: the child, or 0 */
	int n_of[MAX_ATTEMPTS];		/* by attempt: its N */
};

static struct result *res;
static uint64_t nf, refused0;

static int set_nth(int f, int n)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%d", n);

	return pwrite(f, buf, len, 0) == len ? 0 : -errno;
}

static int get_nth(int f)
{
	char buf[16] = "";

	if (pread(f, buf, sizeof(buf) - 1, 0) <= 0)
		return -1;
	return atoi(buf);
}

/* One sweep: clone with failure N, for N = 1, 2, ... */
static int sweep(int f, int s)
{
	int n, left, a;
	long pid;

	for (n = 1; n <= MAX_N; n++) {
		if (set_nth(f, n))
			return 91;
		pid = syscall(SYS_clone, CLONE_NEWUTS | SIGCHLD, 0, 0, 0, 0);
		if (!pid)
			_exit(0);
		left = get_nth(f);
		if (set_nth(f, 0))
			return 92;
		a = res->attempts++;
		res->n_of[a] = n;
		if (pid > 0) {
			res->child[a] = pid;
			waitpid(pid, NULL, 0);
		} else {
			res->failed[s]++;
		}
		if (left > 0) {		/* the clone reached no Nth point */
			res->last_n[s] = n;
			return 0;
		}
	}
	return 93;
}

/* In the tracked container: sweep until an automatic clone was refused. */
static int fork_failing(void)
{
	int f, s, ret;

	f = open("/proc/thread-self/fail-nth", O_RDWR);
	if (f < 0)
		return 90;
	res->self = getpid();
	for (s = 0; s < SWEEPS; s++) {
		ret = sweep(f, s);
		res->sweeps = s + 1;
		if (ret)
			return ret;
		if (stat_of(nf).ns_refused != refused0)
			break;
	}
	return 0;
}

static void knob(const char *path, const char *value)
{
	int ret = ctrtest_write_file(path, value);

	REQUIRE(!ret, "write %s to %s: %s", value, path, strerror(-ret));
}

/* The N of the clone whose child is @pid, or 0. */
static int which_n(pid_t pid)
{
	int a;

	for (a = 0; a < res->attempts; a++)
		if (res->child[a] == pid)
			return res->n_of[a];
	return 0;
}

int main(void)
{
	struct pollfd pfd = { .events = POLLIN };
	struct ctrl_events *ev;
	struct ctrl_event e;
	int status, refused = 0, ret, s;
	char min_order[16] = "", reserve[32] = "";
	long long end;
	pid_t p;

	if (access("/proc/self/fail-nth", W_OK)) {
		printf("no fault injection in this kernel (CONFIG_FAULT_INJECTION)\n");
		return 77;
	}
	if (ctrtest_preempt_rt()) {
		printf("PREEMPT_RT: the fork probe never allocates\n");
		return 77;
	}
	ret = ctrtest_read_file(RESERVE, reserve, sizeof(reserve));
	REQUIRE(!ret && reserve[0], RESERVE ": %s", strerror(-ret));
	knob("/sys/kernel/debug/failslab/ignore-gfp-wait", "Y");
	ret = ctrtest_read_file(PAGE_MIN_ORDER, min_order, sizeof(min_order));
	REQUIRE(!ret && min_order[0], PAGE_MIN_ORDER ": %s", strerror(-ret));
	knob(PAGE_MIN_ORDER, "100");
	fd = ctrl_open();
	REQUIRE(fd >= 0, "open: %s", strerror(-fd));
	res = mmap(NULL, sizeof(*res), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	REQUIRE(res != MAP_FAILED, "mmap");
	REQUIRE(!ctrl_events_open(&ev, CTRL_EVENTS_GROUP_EVENTS), "events");
	CHECK_RET(ctrl_create(fd, ROOT, "nf", 0755, CONTAINERCTL_F_NSTRACK, &nf), 0);
	refused0 = stat_of(nf).ns_refused;

	knob(RESERVE, "0");
	p = fork();
	REQUIRE(p >= 0, "fork");
	if (!p) {
		if (ctrl_attach(fd, nf, 0, 0))
			_exit(101);
		_exit(fork_failing());
	}
	waitpid(p, &status, 0);
	knob(RESERVE, reserve);
	knob(PAGE_MIN_ORDER, min_order);
	REQUIRE(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		"the forking process: status %#x", status);
	for (s = 0; s < res->sweeps; s++)
		printf("sweep %d: clone(CLONE_NEWUTS) with the Nth failure point failing, N = 1..%d, %d clones failed\n",
		       s, res->last_n[s], res->failed[s]);

	/* Every refusal for lack of memory (ENOMEM) must name the child. */
	pfd.fd = ctrl_events_fd(ev);
	end = ctrtest_now_ns() + CTRTEST_DEADLINE_S * 1000000000LL;
	while (refused < (int)(stat_of(nf).ns_refused - refused0) &&
	       ctrtest_now_ns() < end) {
		ret = ctrl_events_next(ev, &e);
		if (ret == -EAGAIN) {
			poll(&pfd, 1, 100);
			continue;
		}
		REQUIRE(!ret, "events: %s", strerror(-ret));
		if (e.type != CONTAINERCTL_EV_NSREFUSED)
			continue;
		refused++;
		printf("NSREFUSED pid %u error %d (attempt N=%d)\n", e.pid,
		       e.error, which_n(e.pid));
		CHECK((pid_t)e.pid != res->self,
		      "NSREFUSED (error %d) names the parent %d, not its child",
		      e.error, res->self);
		CHECK(which_n(e.pid),
		      "NSREFUSED (error %d) names pid %u, no child of the clones",
		      e.error, e.pid);
	}
	CHECK(refused == (int)(stat_of(nf).ns_refused - refused0),
	      "%d NSREFUSED events, %llu refusals counted", refused,
	      (unsigned long long)(stat_of(nf).ns_refused - refused0));
	CHECK(refused > 0, "no clone's automatic clone failed for lack of memory in %d sweeps",
	      res->sweeps);
	ctrl_events_close(ev);
	CHECK(WAIT_UNTIL(!stat_of(nf).nr_children && !stat_of(nf).nr_threads,
			 CTRTEST_DEADLINE_S), "children left in /nf");
	CHECK_RET(ctrl_destroy(fd, nf), 0);
	CHECK(nr_containers() == 1, "containers left behind");
	return ctrtest_done();
}
