// SPDX-License-Identifier: GPL-2.0
/*
 * Events benchmark, in the VM, one boot: fork+exit throughput of a process
 * in a container with no subscriber, with a subscriber of the "events"
 * group, of the "tasks" group (a FORK per task) and of both, each
 * subscriber reading in a thread of its own; then a subscriber that does
 * not read during a storm: events generated, received, and counted lost
 * from the sequence numbers. Each throughput is the median of repeated
 * runs. Absolute rates under software emulation mean little: compare.
 */
#define _GNU_SOURCE
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <containerctl/ctrl.h>

#include "ctrtest.h"

#define FORKS	2000
#define RUNS	5

static int fd;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Forks and reaps @n children in container @c; returns forks per second. */
static double storm(uint64_t c, int n)
{
	int pipefd[2];
	double rate = 0;
	pid_t p;

	REQUIRE(!pipe(pipefd), "pipe");
	p = fork();
	REQUIRE(p >= 0, "fork");
	if (!p) {
		uint64_t t0;
		int i;

		if (ctrl_attach(fd, c, 0, 0))
			_exit(2);
		t0 = now_ns();
		for (i = 0; i < n; i++) {
			pid_t k = fork();

			if (!k)
				_exit(0);
			if (k < 0 || waitpid(k, NULL, 0) != k)
				_exit(3);
		}
		rate = n / ((now_ns() - t0) / 1e9);
		if (write(pipefd[1], &rate, sizeof(rate)) != sizeof(rate))
			_exit(4);
		_exit(0);
	}
	REQUIRE(read(pipefd[0], &rate, sizeof(rate)) == sizeof(rate), "storm");
	waitpid(p, NULL, 0);
	close(pipefd[0]);
	close(pipefd[1]);
	return rate;
}

struct reader {
	struct ctrl_events *ev;
	volatile int stop;
	uint64_t events;
};

static void *reader(void *arg)
{
	struct reader *r = arg;
	struct pollfd p = { .fd = ctrl_events_fd(r->ev), .events = POLLIN };
	struct ctrl_event e;

	for (;;) {
		if (!ctrl_events_next(r->ev, &e)) {
			r->events++;
			continue;
		}
		if (r->stop)
			return NULL;
		poll(&p, 1, 10);
	}
}

/* Median forks/s over RUNS storms, with a reader of @groups (0: none). */
static double measure(uint64_t c, unsigned int groups, uint64_t *events,
		      uint64_t *lost)
{
	double rates[RUNS];
	struct reader r = {};
	pthread_t t;
	int i, ret;

	if (groups) {
		ret = ctrl_events_open(&r.ev, groups | CTRL_EVENTS_NONBLOCK);
		REQUIRE(!ret, "subscribe: %s", strerror(-ret));
		pthread_create(&t, NULL, reader, &r);
	}
	for (i = 0; i < RUNS; i++)
		rates[i] = storm(c, FORKS);
	if (groups) {
		usleep(300000);
		r.stop = 1;
		pthread_join(t, NULL);
		*events = r.events;
		*lost = ctrl_events_lost(r.ev);
		ctrl_events_close(r.ev);
	}
	qsort(rates, RUNS, sizeof(rates[0]), cmp_double);
	return rates[RUNS / 2];
}

int main(void)
{
	uint64_t c, ev_events = 0, ev_lost = 0, all_events = 0, all_lost = 0;
	uint64_t t_events = 0, t_lost = 0;
	double none, events, tasks, all;
	struct ctrl_events *ev;
	struct ctrl_event e;
	uint64_t got = 0, generated;
	int ret;

	fd = ctrl_open();
	REQUIRE(fd >= 0, "open: %s", strerror(-fd));
	REQUIRE(!ctrl_create(fd, CONTAINERCTL_ROOT_ID, "bench-events", 0755, 0, &c),
		"create");

	none = measure(c, 0, NULL, NULL);
	events = measure(c, CTRL_EVENTS_GROUP_EVENTS, &ev_events, &ev_lost);
	tasks = measure(c, CTRL_EVENTS_GROUP_TASKS, &t_events, &t_lost);
	all = measure(c, CTRL_EVENTS_GROUP_EVENTS | CTRL_EVENTS_GROUP_TASKS,
		      &all_events, &all_lost);
	printf("fork+exit in a container, %d forks per run (median of %d, forks/s):\n",
	       FORKS, RUNS);
	printf("  no subscriber                %10.0f\n", none);
	printf("  events subscriber            %10.0f  (%.2fx; %llu events read, %llu lost)\n",
	       events, events / none, (unsigned long long)ev_events,
	       (unsigned long long)ev_lost);
	printf("  tasks (fork) subscriber      %10.0f  (%.2fx; %llu events read, %llu lost)\n",
	       tasks, tasks / none, (unsigned long long)t_events,
	       (unsigned long long)t_lost);
	printf("  events+tasks subscriber      %10.0f  (%.2fx; %llu events read, %llu lost)\n",
	       all, all / none, (unsigned long long)all_events,
	       (unsigned long long)all_lost);

	/* A stalled subscriber of both groups, then one more event to read. */
	ret = ctrl_events_open(&ev, CTRL_EVENTS_GROUP_EVENTS |
			       CTRL_EVENTS_GROUP_TASKS | CTRL_EVENTS_NONBLOCK);
	REQUIRE(!ret, "subscribe: %s", strerror(-ret));
	storm(c, 10000);
	usleep(300000);
	while (!ctrl_events_next(ev, &e))
		got++;
	storm(c, 1);
	usleep(300000);
	while (!ctrl_events_next(ev, &e))
		got++;
	/* Per storm: ATTACH, a FORK and an EXIT per child, the EXIT, EMPTY. */
	generated = (3 + 2 * 10000ULL) + (3 + 2 * 1ULL);
	printf("stalled subscriber, a storm of 10000 forks then one more:\n");
	printf("  events generated             %10llu\n", (unsigned long long)generated);
	printf("  received                     %10llu\n", (unsigned long long)got);
	printf("  lost (generated - received)  %10llu\n",
	       (unsigned long long)(generated - got));
	printf("  lost, from sequence numbers  %10llu\n",
	       (unsigned long long)ctrl_events_lost(ev));
	printf("  receive overruns (ENOBUFS)   %10llu\n",
	       (unsigned long long)ctrl_events_overruns(ev));
	CHECK(got + ctrl_events_lost(ev) == generated,
	      "received + lost != generated");
	ctrl_events_close(ev);
	CHECK_RET(ctrl_destroy(fd, c), 0);
	return ctrtest_done();
}
