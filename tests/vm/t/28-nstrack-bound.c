// SPDX-License-Identifier: GPL-2.0
/*
 * Automatic clones cannot exhaust containers (docs/design.md, "Automatic
 * clones: limits").
 *
 * uid 1000 owns a tracked container (/deleg, CONTAINERCTL_F_NSTRACK) and
 * raises its max_descendants as far as it likes, as a delegated owner may.
 * - churn: for CTR_NSBOUND_SECONDS (default 60) it forks children that
 *   unshare(CLONE_NEWUSER) and exit. Each makes an automatic clone, which
 *   is removed once empty: the number of containers stays bounded while it
 *   runs and is back where it was after.
 * - held: with the module's max_auto_clones lowered to HELD_CAP by root,
 *   uid 1000 keeps twice that many children alive, each in namespaces of
 *   its own: only HELD_CAP clones are made, the rest are refused (EDQUOT,
 *   counted in ns_refused) and their tasks stay in /deleg; root can still
 *   create containers elsewhere.
 *
 * Runs as root in the test VM, with no container but the root at start, and
 * leaves none behind.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <containerctl/ctrl.h>

#include "ctrtest.h"
#include "ctrtest-ctrl.h"

#define ROOT		CONTAINERCTL_ROOT_ID
#define UID		1000
#define HELD_CAP	20
#define HELD		(2 * HELD_CAP)
/* Far above what the churn should ever have at once. */
#define CHURN_BOUND	200

static uint64_t deleg;

/* As uid 1000 in /deleg: raise its limit, then fork-unshare-exit. */
static int churn(int seconds)
{
	struct containerctl_set set = {
		.size = sizeof(set), .id = deleg,
		.flags = CONTAINERCTL_SET_MAX_DESCENDANTS,
		.max_descendants = UINT64_MAX,
	};
	long long end = ctrtest_now_ns() + seconds * 1000000000LL;
	int status, forks = 0;
	pid_t p;

	ctrtest_become(UID);
	if (ctrl_set(fd, &set))
		return 90;
	while (ctrtest_now_ns() < end) {
		p = fork();
		if (p < 0)
			return 91;
		if (!p)
			_exit(unshare(CLONE_NEWUSER) ? 1 : 0);
		if (waitpid(p, &status, 0) != p || !WIFEXITED(status) ||
		    WEXITSTATUS(status))
			return 92;
		forks++;
	}
	printf("churn: %d fork-unshare-exit rounds in %d s\n", forks, seconds);
	return 0;
}

static void test_churn(void)
{
	const char *env = getenv("CTR_NSBOUND_SECONDS");
	int seconds = env ? atoi(env) : 60;
	uint32_t base = nr_containers(), most = base, n;
	int status;
	pid_t p;

	p = fork();
	REQUIRE(p >= 0, "fork");
	if (!p) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (ctrl_attach(fd, deleg, 0, 0))
			_exit(101);
		_exit(churn(seconds));
	}
	while (waitpid(p, &status, WNOHANG) == 0) {
		n = nr_containers();
		most = n > most ? n : most;
		usleep(20000);
	}
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "churn: status %#x", status);
	CHECK(most <= base + CHURN_BOUND,
	      "churn: %u containers at once (%u before)", most, base);
	CHECK(WAIT_UNTIL(nr_containers() == base, CTRTEST_DEADLINE_S),
	      "churn: %u containers %d s after it ended, %u before: the empty automatic clones stayed",
	      nr_containers(), CTRTEST_DEADLINE_S, base);
	printf("churn: at most %u containers (%u before)\n", most, base);
}

static void test_held(void)
{
	uint64_t refused0 = stat_of(deleg).ns_refused, other;
	int pfd[2], i, status;
	pid_t p[HELD];
	char c;

	REQUIRE(!set_param("max_auto_clones", "20"), "max_auto_clones");
	REQUIRE(!pipe(pfd), "pipe");
	for (i = 0; i < HELD; i++) {
		p[i] = fork();
		REQUIRE(p[i] >= 0, "fork");
		if (!p[i]) {
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			close(pfd[1]);
			if (ctrl_attach(fd, deleg, 0, 0))
				_exit(101);
			ctrtest_become(UID);
			if (unshare(CLONE_NEWUSER))
				_exit(102);
			/* Until the test closes the pipe. */
			_exit(read(pfd[0], &c, 1) == 0 ? 0 : 103);
		}
	}
	close(pfd[0]);
	/* Every child has made its namespace: clone made or refused. */
	CHECK(WAIT_UNTIL(stat_of(deleg).nr_children +
			 stat_of(deleg).ns_refused - refused0 == HELD,
			 CTRTEST_DEADLINE_S),
	      "held: %llu clones, %llu refused, of %d",
	      (unsigned long long)stat_of(deleg).nr_children,
	      (unsigned long long)(stat_of(deleg).ns_refused - refused0), HELD);
	CHECK(stat_of(deleg).nr_children == HELD_CAP,
	      "held: %llu automatic clones, max_auto_clones %d",
	      (unsigned long long)stat_of(deleg).nr_children, HELD_CAP);
	CHECK(stat_of(deleg).nr_threads == HELD - HELD_CAP,
	      "held: %llu tasks left in /deleg, want %d",
	      (unsigned long long)stat_of(deleg).nr_threads, HELD - HELD_CAP);
	CHECK_RET(ctrl_create(fd, ROOT, "other", 0755, 0, &other), 0);
	CHECK_RET(ctrl_destroy(fd, other), 0);
	close(pfd[1]);
	for (i = 0; i < HELD; i++) {
		waitpid(p[i], &status, 0);
		CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		      "held: child %d: status %#x", i, status);
	}
	CHECK(WAIT_UNTIL(!stat_of(deleg).nr_children, CTRTEST_DEADLINE_S),
	      "held: %llu automatic clones stayed after their tasks ended",
	      (unsigned long long)stat_of(deleg).nr_children);
	REQUIRE(!set_param("max_auto_clones", "16384"), "max_auto_clones");
}

int main(void)
{
	struct containerctl_set set = { .size = sizeof(set) };

	fd = ctrl_open();
	REQUIRE(fd >= 0, "open: %s", strerror(-fd));
	CHECK_RET(ctrl_create(fd, ROOT, "deleg", 0755, CONTAINERCTL_F_NSTRACK,
			      &deleg), 0);
	set.id = deleg;
	set.flags = CONTAINERCTL_SET_OWNER;
	set.uid = UID;
	set.gid = UID;
	CHECK_RET(ctrl_set(fd, &set), 0);
	test_churn();
	test_held();
	CHECK_RET(ctrl_destroy(fd, deleg), 0);
	CHECK(nr_containers() == 1, "containers left behind");
	return ctrtest_done();
}
