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

/* What the forking process found, for the test to compare. */
struct result {
	pid_t self;
	int last_n;		/* the first N no clone point reached */
	pid_t child[MAX_N + 1];	/* by N: the child, or 0 if clone failed */
};

static struct result *res;

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

/* In the tracked container: clone with failure N, for N = 1, 2, ... */
static int fork_failing(void)
{
	int f, n, left;
	long pid;

	f = open("/proc/thread-self/fail-nth", O_RDWR);
	if (f < 0)
		return 90;
	res->self = getpid();
	for (n = 1; n <= MAX_N; n++) {
		if (set_nth(f, n))
			return 91;
		pid = syscall(SYS_clone, CLONE_NEWUTS | SIGCHLD, 0, 0, 0, 0);
		if (!pid)
			_exit(0);
		left = get_nth(f);
		if (set_nth(f, 0))
			return 92;
		if (pid > 0) {
			res->child[n] = pid;
			waitpid(pid, NULL, 0);
		}
		if (left > 0) {		/* the clone reached no Nth point */
			res->last_n = n;
			return 0;
		}
	}
	return 93;
}

/* The child pid whose clone was the Nth attempt, or 0. */
static int which_n(pid_t pid)
{
	int n;

	for (n = 1; n <= res->last_n; n++)
		if (res->child[n] == pid)
			return n;
	return 0;
}

int main(void)
{
	struct pollfd pfd = { .events = POLLIN };
	struct ctrl_events *ev;
	struct ctrl_event e;
	int status, refused = 0, ret, f;
	uint64_t nf, info_refused0;
	long long end;
	pid_t p;

	if (access("/proc/self/fail-nth", W_OK)) {
		printf("no fault injection in this kernel (CONFIG_FAULT_INJECTION)\n");
		return 77;
	}
	f = open("/sys/kernel/debug/failslab/ignore-gfp-wait", O_WRONLY);
	REQUIRE(f >= 0 && write(f, "Y", 1) == 1, "failslab/ignore-gfp-wait");
	close(f);
	fd = ctrl_open();
	REQUIRE(fd >= 0, "open: %s", strerror(-fd));
	res = mmap(NULL, sizeof(*res), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	REQUIRE(res != MAP_FAILED, "mmap");
	REQUIRE(!ctrl_events_open(&ev, CTRL_EVENTS_GROUP_EVENTS), "events");
	CHECK_RET(ctrl_create(fd, ROOT, "nf", 0755, CONTAINERCTL_F_NSTRACK, &nf), 0);
	info_refused0 = stat_of(nf).ns_refused;

	p = fork();
	REQUIRE(p >= 0, "fork");
	if (!p) {
		if (ctrl_attach(fd, nf, 0, 0))
			_exit(101);
		_exit(fork_failing());
	}
	waitpid(p, &status, 0);
	REQUIRE(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		"the forking process: status %#x", status);
	printf("clone(CLONE_NEWUTS) with the Nth failure point failing, N = 1..%d\n",
	       res->last_n);

	/* Every refusal for lack of memory (ENOMEM) must name the child. */
	pfd.fd = ctrl_events_fd(ev);
	end = ctrtest_now_ns() + CTRTEST_DEADLINE_S * 1000000000LL;
	while (refused < (int)(stat_of(nf).ns_refused - info_refused0) &&
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
	CHECK(refused == (int)(stat_of(nf).ns_refused - info_refused0),
	      "%d NSREFUSED events, %llu refusals counted", refused,
	      (unsigned long long)(stat_of(nf).ns_refused - info_refused0));
	CHECK(refused > 0, "no clone's automatic clone failed for lack of memory (N = 1..%d)",
	      res->last_n);
	ctrl_events_close(ev);
	CHECK(WAIT_UNTIL(!stat_of(nf).nr_children && !stat_of(nf).nr_threads,
			 CTRTEST_DEADLINE_S), "children left in /nf");
	CHECK_RET(ctrl_destroy(fd, nf), 0);
	CHECK(nr_containers() == 1, "containers left behind");
	return ctrtest_done();
}
