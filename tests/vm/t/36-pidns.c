// SPDX-License-Identifier: GPL-2.0
/*
 * Pids are read and reported in the caller's pid namespace: inside a new
 * pid namespace a listing shows namespace pids and leaves out tasks not
 * visible there; which() and attach() name tasks by namespace pid.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <containerctl/ctrl.h>

#include "ctrtest.h"

static int fd;
static uint64_t a;
static int result[2], go[2];	/* inside -> outside, outside -> inside */

/* In the new namespace, as pid 1: returns the number of failed checks. */
static int inside(void)
{
	uint32_t pids[16], count = 16, total;
	uint64_t id;
	pid_t kid;
	int bad = 0;

	if (getpid() != 1)
		return 100;
	close(go[1]);		/* so that the outside's close ends our read */
	close(result[0]);
	/* Attach itself and a child by namespace pid. */
	if (ctrl_attach(fd, a, 0, 0))
		bad++;
	kid = fork();
	if (!kid) {
		pause();
		_exit(0);
	}
	if (ctrl_attach(fd, a, kid, 0) || ctrl_which(fd, kid, &id) || id != a)
		bad++;
	if (ctrl_pids(fd, a, 0, 0, pids, &count, &total, NULL))
		bad++;
	/* The outside sleeper is invisible here: 1 and kid only. */
	else if (count != 2 || total != 2 || pids[0] != 1 || pids[1] != (uint32_t)kid)
		bad++;
	kill(kid, SIGKILL);
	waitpid(kid, NULL, 0);
	/* Report, then stay (in the container) until the outside has looked. */
	if (write(result[1], &(char){ bad }, 1) != 1 || read(go[0], &id, 1) < 0)
		bad++;
	return bad;
}

int main(void)
{
	uint32_t pids[16], count = 16, total;
	pid_t sleeper, ns_init;
	int status;
	char bad;

	fd = ctrl_open();
	REQUIRE(fd >= 0, "open: %s", strerror(-fd));
	REQUIRE(!ctrl_create(fd, CONTAINERCTL_ROOT_ID, "pidns", 0755, 0, &a), "create");

	sleeper = fork();
	if (!sleeper) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		pause();
		_exit(0);
	}
	CHECK_RET(ctrl_attach(fd, a, sleeper, 0), 0);

	REQUIRE(!pipe(result) && !pipe(go), "pipe");
	REQUIRE(!unshare(CLONE_NEWPID), "unshare(CLONE_NEWPID): %s", strerror(errno));
	ns_init = fork();
	REQUIRE(ns_init >= 0, "fork");
	if (!ns_init)
		_exit(inside());
	REQUIRE(read(result[0], &bad, 1) == 1, "no result from the namespace");
	CHECK(bad == 0, "%d checks failed inside the namespace", bad);
	/* From outside, the namespace's init shows with its outer pid. */
	CHECK_RET(ctrl_pids(fd, a, 0, 0, pids, &count, &total, NULL), 0);
	CHECK(total == 2 && count == 2 &&
	      (pids[0] == (uint32_t)ns_init || pids[1] == (uint32_t)ns_init) &&
	      (pids[0] == (uint32_t)sleeper || pids[1] == (uint32_t)sleeper),
	      "outside sees %u pids", total);
	close(go[1]);
	waitpid(ns_init, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "inside the namespace: status %#x", status);

	kill(sleeper, SIGKILL);
	waitpid(sleeper, NULL, 0);
	CHECK_RET(ctrl_destroy(fd, a), 0);
	return ctrtest_done();
}
