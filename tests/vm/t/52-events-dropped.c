// SPDX-License-Identifier: GPL-2.0
/*
 * An event the module cannot send for lack of memory (genlmsg_new() fails
 * in its sender) is counted in INFO's events_dropped, and the subscriber
 * sees it as a gap of the same size. failslab fails the allocations from
 * skbuff_head_cache alone (cache-filter), of any task: the sender is a
 * kworker. Skips without CONFIG_FAILSLAB (the Debian kernels).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <unistd.h>

#include <containerctl/ctrl.h>
#include <containerctl/events.h>

#include "ctrtest.h"

#define ROOT CONTAINERCTL_ROOT_ID
#define FAILSLAB "/sys/kernel/debug/failslab/"
#define SKB_CACHE "/sys/kernel/slab/skbuff_head_cache/failslab"

static int fd;

static void knob(const char *path, const char *value)
{
	int ret = ctrtest_write_file(path, value);

	REQUIRE(!ret, "write %s to %s: %s", value, path, strerror(-ret));
}

static struct containerctl_info info(void)
{
	struct containerctl_info in;

	REQUIRE(!ctrl_info(fd, &in), "info");
	return in;
}

/* The next event, with a deadline; 0 if none came. */
static int next(struct ctrl_events *ev, struct ctrl_event *e)
{
	return WAIT_UNTIL(!ctrl_events_next(ev, e), 10);
}

int main(void)
{
	struct containerctl_info before, during, after;
	struct ctrl_events *ev;
	struct ctrl_event e;
	uint64_t a, b, got = 0, first_seq, last_seq = 0;

	if (access(FAILSLAB "cache-filter", W_OK) || access(SKB_CACHE, W_OK)) {
		printf("no failslab cache filter in this kernel (CONFIG_FAILSLAB, debugfs, slab sysfs)\n");
		return 77;
	}
	fd = ctrl_open();
	REQUIRE(fd >= 0, "open: %s", strerror(-fd));
	REQUIRE(!ctrl_events_open(&ev, CTRL_EVENTS_GROUP_EVENTS |
				  CTRL_EVENTS_NONBLOCK), "subscribe");

	/* One event received first: losses show only after one. */
	REQUIRE(!ctrl_create(fd, ROOT, "drop-a", 0755, 0, &a), "create a");
	REQUIRE(next(ev, &e) && e.type == CONTAINERCTL_EV_CREATE && e.id == a,
		"the first event");
	first_seq = e.seq;
	before = info();
	CHECK(before.nr_events >= first_seq, "nr_events %llu < seq %llu",
	      (unsigned long long)before.nr_events,
	      (unsigned long long)first_seq);

	/* Every skb allocation fails, GFP_KERNEL ones too. */
	knob(FAILSLAB "task-filter", "N");
	knob(FAILSLAB "cache-filter", "Y");
	knob(FAILSLAB "ignore-gfp-wait", "N");
	knob(FAILSLAB "interval", "1");
	knob(FAILSLAB "times", "-1");
	knob(FAILSLAB "space", "0");
	knob(FAILSLAB "verbose", "0");
	knob(SKB_CACHE, "1");
	knob(FAILSLAB "probability", "100");
	CHECK_RET(ctrl_create(fd, ROOT, "drop-b", 0755, 0, &b), 0);
	/* The sender ran and dropped it: the count says so. */
	CHECK(WAIT_UNTIL((during = info()).events_dropped >
			 before.events_dropped, 10),
	      "events_dropped stayed %llu", (unsigned long long)before.events_dropped);
	knob(FAILSLAB "probability", "0");
	knob(SKB_CACHE, "0");

	CHECK_RET(ctrl_destroy(fd, b), 0);
	CHECK_RET(ctrl_destroy(fd, a), 0);
	/* Read up to the last DESTROY: everything after the first event. */
	while (next(ev, &e)) {
		got++;
		last_seq = e.seq;
		if (e.type == CONTAINERCTL_EV_DESTROY && e.id == a)
			break;
	}
	after = info();
	CHECK(last_seq && e.id == a, "no DESTROY of a (last seq %llu)",
	      (unsigned long long)last_seq);
	CHECK(after.events_dropped - before.events_dropped ==
	      last_seq - first_seq - got,
	      "dropped %llu, but the subscriber missed %llu of %llu",
	      (unsigned long long)(after.events_dropped - before.events_dropped),
	      (unsigned long long)(last_seq - first_seq - got),
	      (unsigned long long)(last_seq - first_seq));
	CHECK(ctrl_events_lost(ev) == last_seq - first_seq - got,
	      "ctrl_events_lost %llu", (unsigned long long)ctrl_events_lost(ev));
	printf("dropped %llu event(s) of %llu, seen as a gap\n",
	       (unsigned long long)(after.events_dropped - before.events_dropped),
	       (unsigned long long)(last_seq - first_seq));
	ctrl_events_close(ev);
	return ctrtest_done();
}
