// SPDX-License-Identifier: GPL-2.0
/*
 * The loop a user writes first: poll(ctrl_events_fd()), then one
 * ctrl_events_next() per wakeup, on a blocking handle. One receive can
 * queue several events inside the handle; poll must wake for those too, or
 * the loop falls behind and waits for events that have already arrived.
 *
 * N processes are moved into a container by one ATTACH_BATCH, then killed
 * at once: their ATTACHes (emitted by one call, so several to a message),
 * EXITs and the container's EMPTY have all been sent before the loop
 * starts, and the loop must see every one of them, in each of ROUNDS
 * rounds.
 */
#define _GNU_SOURCE
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <sys/wait.h>
#include <unistd.h>

#include <containerctl/ctrl.h>
#include <containerctl/events.h>

#include "ctrtest.h"

#define ROOT CONTAINERCTL_ROOT_ID
#define N 20
#define ROUNDS 5

static int fd;

static uint64_t nr_procs(uint64_t id)
{
	struct containerctl_stat st;

	return ctrl_stat(fd, id, &st) ? 0 : st.nr_procs;
}

/*
 * One round; 0 if the loop saw every event. A loop that misses queued
 * events waits out its deadline, @seconds.
 */
static int round_(int r, int seconds)
{
	uint64_t id, signalled = 0, denied = 0;
	int i, attaches = 0, exits = 0, empty = 0, wakeups = 0;
	uint32_t moved = 0;
	struct ctrl_events *ev;
	struct ctrl_event e;
	struct pollfd p;
	pid_t kids[N];
	long long end;

	REQUIRE(!ctrl_create(fd, ROOT, "poll", 0755, 0, &id), "create");
	for (i = 0; i < N; i++) {
		kids[i] = fork();
		REQUIRE(kids[i] >= 0, "fork");
		if (!kids[i])
			for (;;)
				pause();
	}
	REQUIRE(!ctrl_events_open(&ev, CTRL_EVENTS_GROUP_EVENTS), "subscribe");
	CHECK_RET(ctrl_attach_batch(fd, id, kids, N, 0, &moved, NULL), 0);
	CHECK(moved == N, "moved %u of %d", moved, N);
	CHECK_RET(ctrl_kill(fd, id, SIGKILL, 0, &signalled, &denied), 0);
	CHECK(signalled == N, "signalled %llu of %d", (unsigned long long)signalled, N);
	for (i = 0; i < N; i++)
		waitpid(kids[i], NULL, 0);
	REQUIRE(WAIT_UNTIL(nr_procs(id) == 0, CTRTEST_DEADLINE_S), "still members");

	p.fd = ctrl_events_fd(ev);
	p.events = POLLIN;
	end = ctrtest_now_ns() + seconds * 1000000000LL;
	while ((attaches < N || exits < N || !empty) && ctrtest_now_ns() < end) {
		if (poll(&p, 1, 100) <= 0)
			continue;
		wakeups++;
		REQUIRE(!ctrl_events_next(ev, &e), "next");
		if (e.type == CONTAINERCTL_EV_ATTACH && e.to == id)
			attaches++;
		else if (e.type == CONTAINERCTL_EV_EXIT && e.id == id)
			exits++;
		else if (e.type == CONTAINERCTL_EV_EMPTY && e.id == id)
			empty++;
	}
	printf("round %d: %d ATTACHes, %d EXITs and %d EMPTY in %d wakeups\n",
	       r, attaches, exits, empty, wakeups);
	ctrl_events_close(ev);
	CHECK_RET(ctrl_destroy(fd, id), 0);
	return attaches == N && exits == N && empty == 1 ? 0 : -1;
}

int main(void)
{
	int r, missed = 0;

	fd = ctrl_open();
	REQUIRE(fd >= 0, "open: %s", strerror(-fd));
	/* How the events fall into messages varies: several rounds. */
	for (r = 0; r < ROUNDS; r++)
		missed += !!round_(r, 10);
	CHECK(!missed, "the poll loop missed events in %d of %d rounds (each: %d ATTACHes, %d EXITs, 1 EMPTY)",
	      missed, ROUNDS, N, N);
	return ctrtest_done();
}
