// SPDX-License-Identifier: GPL-2.0
/*
 * libctrl's events without the module: libctrl/events.c is included whole,
 * and its subscription socket is a NETLINK_USERSOCK socket joined to group
 * 1, to which this program multicasts CONTAINERCTL_CMD_EVENT messages built
 * with libnl. Run in a network namespace of its own (events-lib.sh), so
 * that nothing else sends there.
 *
 * Checks: every attribute decoded; malformed messages reported, foreign
 * ones ignored; decode() as libnl's genlmsg_parse() with a policy on
 * random messages; ctrl_events_next() and ctrl_events_dispatch() in order and
 * non-blocking; the loss count by GROUP_SEQ with both groups (their events
 * arriving group by group) and with one, exact, and without GROUP_SEQ (by
 * SEQ, or PREV_SEQ: a lower bound); an overrun (ENOBUFS) counted apart,
 * with the gap after it counted once; datagrams of many messages, and one
 * cut short; the skipping after a dump, and the losses around it.
 */
#include "../../libctrl/events.c"

#include <poll.h>
#include <stdio.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define FAMILY		0x20	/* any type above the control messages */
#define GROUP		1

/* CHECK(), REQUIRE(), ctrtest_done(): as in the in-VM tests. */
#include "../vm/t/ctrtest.h"

static struct nl_sock *tx;

/* A subscription on NETLINK_USERSOCK, set up as ctrl_events_open() does. */
static struct ctrl_events *sub(unsigned int flags, int rcvbuf)
{
	struct ctrl_events *ev = calloc(1, sizeof(*ev));
	int ret;

	REQUIRE(ev, "calloc");
	ev->epfd = ev->evfd = -1;
	ev->flags = flags;
	ev->family = FAMILY;
	ev->sk = nl_socket_alloc();
	ev->buf = malloc(EVENTS_MSGBUF);
	REQUIRE(ev->sk && ev->buf, "alloc");
	ret = nl_connect(ev->sk, NETLINK_USERSOCK);
	REQUIRE(!ret, "nl_connect: %s", nl_geterror(ret));
	if (rcvbuf) {
		ret = nl_socket_set_buffer_size(ev->sk, rcvbuf, 0);
		REQUIRE(!ret, "buffer size: %s", nl_geterror(ret));
	}
	ret = nl_socket_add_membership(ev->sk, GROUP);
	REQUIRE(!ret, "membership: %s", nl_geterror(ret));
	REQUIRE(!events_setup(ev), "setup");
	REQUIRE(!events_poll_setup(ev), "poll setup");
	return ev;
}

/* Is ctrl_events_fd() readable now? */
static int readable(struct ctrl_events *ev)
{
	struct pollfd p = { .fd = ctrl_events_fd(ev), .events = POLLIN };

	return poll(&p, 1, 0) == 1;
}

struct attrs {
	uint32_t type;
	uint64_t seq, group_seq, prev_seq;	/* group_seq 0: none */
	bool no_seq, no_prev;
};

/* Multicast one message; @fill adds attributes after EVENT, SEQ, PREV_SEQ. */
static void send_msg(int nlmsg_type, uint8_t cmd, const struct attrs *a,
		     void (*fill)(struct nl_msg *msg))
{
	struct nl_msg *msg = nlmsg_alloc();
	int ret;

	REQUIRE(msg, "nlmsg_alloc");
	REQUIRE(genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nlmsg_type, 0, 0,
			    cmd, CONTAINERCTL_GENL_VERSION), "genlmsg_put");
	if (a->type)
		nla_put_u32(msg, CONTAINERCTL_A_EVENT, a->type);
	if (!a->no_seq)
		nla_put_u64(msg, CONTAINERCTL_A_SEQ, a->seq);
	if (a->group_seq)
		nla_put_u64(msg, CONTAINERCTL_A_GROUP_SEQ, a->group_seq);
	if (!a->no_prev)
		nla_put_u64(msg, CONTAINERCTL_A_PREV_SEQ, a->prev_seq);
	if (fill)
		fill(msg);
	/*
	 * The message is multicast, then also sent to the kernel's port 0,
	 * which NETLINK_USERSOCK does not have: ECONNREFUSED (NLE_FAILURE),
	 * after the multicast.
	 */
	ret = nl_send_auto(tx, msg);
	REQUIRE(ret >= 0 || ret == -NLE_FAILURE, "send: %s", nl_geterror(ret));
	nlmsg_free(msg);
}

/* An event without GROUP_SEQ (a module that does not send it). */
static void send_ev(uint32_t type, uint64_t seq, uint64_t prev_seq)
{
	struct attrs a = { .type = type, .seq = seq, .prev_seq = prev_seq };

	send_msg(FAMILY, CONTAINERCTL_CMD_EVENT, &a, NULL);
}

/* An event with its number in its group. */
static void send_gev(uint32_t type, uint64_t seq, uint64_t group_seq,
		     uint64_t prev_seq)
{
	struct attrs a = { .type = type, .seq = seq, .group_seq = group_seq,
			   .prev_seq = prev_seq };

	send_msg(FAMILY, CONTAINERCTL_CMD_EVENT, &a, NULL);
}

static uint64_t lost(struct ctrl_events *ev)
{
	return ctrl_events_lost(ev);
}

/* Read every event available. */
static void drain_all(struct ctrl_events *ev)
{
	struct ctrl_event e;
	int ret;

	while ((ret = ctrl_events_next(ev, &e)) == 0)
		;
	CHECK(ret == -EAGAIN, "drain: %d", ret);
}

static void fill_all(struct nl_msg *msg)
{
	nla_put_u64(msg, CONTAINERCTL_A_TIME_NS, 123456789);
	nla_put_u64(msg, CONTAINERCTL_A_ID, 5);
	nla_put_u64(msg, CONTAINERCTL_A_PARENT, 1);
	nla_put_string(msg, CONTAINERCTL_A_NAME, "web");
	nla_put_u32(msg, CONTAINERCTL_A_PID, 42);
	nla_put_u32(msg, CONTAINERCTL_A_TGID, 41);
	nla_put_u32(msg, CONTAINERCTL_A_PPID, 40);
	nla_put_u64(msg, CONTAINERCTL_A_FROM, 1);
	nla_put_u64(msg, CONTAINERCTL_A_TO, 5);
	nla_put_u32(msg, CONTAINERCTL_A_UID, 1000);
	nla_put_u32(msg, CONTAINERCTL_A_CAUSE, CONTAINERCTL_CAUSE_NSTRACK);
	nla_put_u64(msg, CONTAINERCTL_A_NS_FLAGS, 0x20000000);
	nla_put_u32(msg, CONTAINERCTL_A_EXIT_CODE, 0x100);
	nla_put_u8(msg, CONTAINERCTL_A_GROUP_DEAD, 1);
	nla_put_u32(msg, CONTAINERCTL_A_SIGNAL, 9);
	nla_put_u64(msg, CONTAINERCTL_A_COUNT, 7);
	nla_put_u32(msg, CONTAINERCTL_A_DENIED, 2);
	nla_put_s32(msg, CONTAINERCTL_A_ERROR, -ENOSPC);
	nla_put_u32(msg, CONTAINERCTL_A_FLAGS, 1);
	nla_put_u64(msg, CONTAINERCTL_A_NR_THREADS, 3);
	nla_put_u32(msg, CONTAINERCTL_A_NR_CHILDREN, 4);
	nla_put_u32(msg, CONTAINERCTL_A_MAX + 7, 0xdead);	/* newer kernel */
}

static void fill_bad_name(struct nl_msg *msg)
{
	char name[CONTAINERCTL_NAME_MAX + 8];

	memset(name, 'a', sizeof(name));
	nla_put(msg, CONTAINERCTL_A_NAME, sizeof(name), name);	/* no NUL */
}

static void fill_short_u64(struct nl_msg *msg)
{
	nla_put_u32(msg, CONTAINERCTL_A_ID, 5);
}

static void test_decode(void)
{
	struct ctrl_events *ev = sub(CTRL_EVENTS_GROUP_EVENTS |
				     CTRL_EVENTS_NONBLOCK, 0);
	struct attrs a = { .type = CONTAINERCTL_EV_CLONE, .seq = 10,
			   .group_seq = 6, .prev_seq = 8 };
	struct ctrl_event e;
	uint64_t all = 0;
	int i;

	CHECK(ctrl_events_next(ev, &e) == -EAGAIN, "empty: not EAGAIN");
	send_msg(FAMILY, CONTAINERCTL_CMD_EVENT, &a, fill_all);
	CHECK(ctrl_events_next(ev, &e) == 0, "next");
	for (i = CONTAINERCTL_A_EVENT; i <= CONTAINERCTL_A_MAX; i++)
		all |= 1ULL << i;
	CHECK(e.present == all, "present %#llx, expected %#llx",
	      (unsigned long long)e.present, (unsigned long long)all);
	CHECK(e.type == CONTAINERCTL_EV_CLONE && e.seq == 10 &&
	      e.group_seq == 6 && e.prev_seq == 8 && e.time_ns == 123456789,
	      "header fields");
	CHECK(e.id == 5 && e.parent == 1 && !strcmp(e.name, "web"), "ids");
	CHECK(e.pid == 42 && e.tgid == 41 && e.ppid == 40, "pids");
	CHECK(e.from == 1 && e.to == 5 && e.uid == 1000, "attach fields");
	CHECK(e.cause == CONTAINERCTL_CAUSE_NSTRACK &&
	      e.ns_flags == 0x20000000, "clone fields");
	CHECK(e.exit_code == 0x100 && e.group_dead == 1, "exit fields");
	CHECK(e.signal == 9 && e.count == 7 && e.denied == 2, "kill fields");
	CHECK(e.error == -ENOSPC && e.flags == 1, "error %d", e.error);
	CHECK(e.nr_threads == 3 && e.nr_children == 4, "dump fields");
	CHECK(CTRL_EVENT_HAS(&e, NAME) && CTRL_EVENT_HAS(&e, ERROR), "HAS");

	/* Another family, another command: ignored. */
	a.seq = 11;
	a.group_seq = 0;
	send_msg(FAMILY + 1, CONTAINERCTL_CMD_EVENT, &a, NULL);
	send_msg(FAMILY, CONTAINERCTL_CMD_DUMP, &a, NULL);
	/* Malformed: reported in their place, then reading goes on. */
	send_msg(FAMILY, CONTAINERCTL_CMD_EVENT, &a, fill_bad_name);
	send_msg(FAMILY, CONTAINERCTL_CMD_EVENT, &a, fill_short_u64);
	a.no_seq = true;
	send_msg(FAMILY, CONTAINERCTL_CMD_EVENT, &a, NULL);
	a.no_seq = false;
	a.type = 0;
	send_msg(FAMILY, CONTAINERCTL_CMD_EVENT, &a, NULL);
	send_ev(CONTAINERCTL_EV_EMPTY, 11, 10);
	for (i = 0; i < 4; i++)
		CHECK(ctrl_events_next(ev, &e) == -EBADMSG, "malformed %d", i);
	CHECK(ctrl_events_next(ev, &e) == 0 && e.seq == 11 &&
	      e.type == CONTAINERCTL_EV_EMPTY && e.present ==
	      ((1ULL << CONTAINERCTL_A_EVENT) | (1ULL << CONTAINERCTL_A_SEQ) |
	       (1ULL << CONTAINERCTL_A_PREV_SEQ)), "after the malformed");
	CHECK(ctrl_events_next(ev, &e) == -EAGAIN, "drained");
	CHECK(ctrl_events_lost(ev) == 0, "lost %llu",
	      (unsigned long long)ctrl_events_lost(ev));
	ctrl_events_close(ev);
}

/*
 * The decoder libctrl had before decode(): genlmsg_parse() with a policy,
 * then field by field. decode() must give what it gave.
 */
static const struct nla_policy ref_policy[CONTAINERCTL_A_MAX + 1] = {
	[CONTAINERCTL_A_EVENT]		= { .type = NLA_U32 },
	[CONTAINERCTL_A_SEQ]		= { .type = NLA_U64 },
	[CONTAINERCTL_A_PREV_SEQ]	= { .type = NLA_U64 },
	[CONTAINERCTL_A_TIME_NS]	= { .type = NLA_U64 },
	[CONTAINERCTL_A_ID]		= { .type = NLA_U64 },
	[CONTAINERCTL_A_PARENT]		= { .type = NLA_U64 },
	[CONTAINERCTL_A_NAME]		= { .type = NLA_STRING,
					    .maxlen = CONTAINERCTL_NAME_MAX },
	[CONTAINERCTL_A_PID]		= { .type = NLA_U32 },
	[CONTAINERCTL_A_TGID]		= { .type = NLA_U32 },
	[CONTAINERCTL_A_PPID]		= { .type = NLA_U32 },
	[CONTAINERCTL_A_FROM]		= { .type = NLA_U64 },
	[CONTAINERCTL_A_TO]		= { .type = NLA_U64 },
	[CONTAINERCTL_A_UID]		= { .type = NLA_U32 },
	[CONTAINERCTL_A_CAUSE]		= { .type = NLA_U32 },
	[CONTAINERCTL_A_NS_FLAGS]	= { .type = NLA_U64 },
	[CONTAINERCTL_A_EXIT_CODE]	= { .type = NLA_U32 },
	[CONTAINERCTL_A_GROUP_DEAD]	= { .type = NLA_U8 },
	[CONTAINERCTL_A_SIGNAL]		= { .type = NLA_U32 },
	[CONTAINERCTL_A_COUNT]		= { .type = NLA_U64 },
	[CONTAINERCTL_A_DENIED]		= { .type = NLA_U32 },
	[CONTAINERCTL_A_ERROR]		= { .type = NLA_S32,
					    .minlen = sizeof(int32_t) },
	[CONTAINERCTL_A_FLAGS]		= { .type = NLA_U32 },
	[CONTAINERCTL_A_NR_THREADS]	= { .type = NLA_U64 },
	[CONTAINERCTL_A_NR_CHILDREN]	= { .type = NLA_U32 },
	[CONTAINERCTL_A_GROUP_SEQ]	= { .type = NLA_U64 },
};

static int decode_ref(struct nlmsghdr *nlh, uint8_t cmd, struct ctrl_event *e)
{
	struct nlattr *tb[CONTAINERCTL_A_MAX + 1];
	struct genlmsghdr *gh;
	int i;

	if (nlh->nlmsg_type != FAMILY)
		return 1;
	if (!genlmsg_valid_hdr(nlh, 0))
		return -EBADMSG;
	gh = nlmsg_data(nlh);
	if (gh->cmd != cmd)
		return 1;
	if (genlmsg_parse(nlh, 0, tb, CONTAINERCTL_A_MAX, ref_policy) < 0)
		return -EBADMSG;
	if (!tb[CONTAINERCTL_A_SEQ] ||
	    (cmd == CONTAINERCTL_CMD_EVENT && !tb[CONTAINERCTL_A_EVENT]))
		return -EBADMSG;
	memset(e, 0, sizeof(*e));
	for (i = 1; i <= CONTAINERCTL_A_MAX; i++)
		if (tb[i])
			e->present |= 1ULL << i;
#define U64(attr, field) \
	do { if (tb[CONTAINERCTL_A_##attr]) \
		e->field = nla_get_u64(tb[CONTAINERCTL_A_##attr]); } while (0)
#define U32(attr, field) \
	do { if (tb[CONTAINERCTL_A_##attr]) \
		e->field = nla_get_u32(tb[CONTAINERCTL_A_##attr]); } while (0)
	if (cmd == CONTAINERCTL_CMD_EVENT)
		e->type = nla_get_u32(tb[CONTAINERCTL_A_EVENT]);
	else
		e->type = CTRL_EVENT_CONTAINER;
	U64(SEQ, seq);
	U64(GROUP_SEQ, group_seq);
	U64(PREV_SEQ, prev_seq);
	U64(TIME_NS, time_ns);
	U64(ID, id);
	U64(PARENT, parent);
	if (tb[CONTAINERCTL_A_NAME])
		nla_strlcpy(e->name, tb[CONTAINERCTL_A_NAME], sizeof(e->name));
	U32(PID, pid);
	U32(TGID, tgid);
	U32(PPID, ppid);
	U64(FROM, from);
	U64(TO, to);
	U32(UID, uid);
	U32(CAUSE, cause);
	U64(NS_FLAGS, ns_flags);
	U32(EXIT_CODE, exit_code);
	if (tb[CONTAINERCTL_A_GROUP_DEAD])
		e->group_dead = nla_get_u8(tb[CONTAINERCTL_A_GROUP_DEAD]);
	U32(SIGNAL, signal);
	U64(COUNT, count);
	U32(DENIED, denied);
	if (tb[CONTAINERCTL_A_ERROR])
		e->error = nla_get_s32(tb[CONTAINERCTL_A_ERROR]);
	U32(FLAGS, flags);
	U64(NR_THREADS, nr_threads);
	U32(NR_CHILDREN, nr_children);
#undef U64
#undef U32
	return 0;
}

static uint64_t rnd_state = 0x9e3779b97f4a7c15ULL;

static uint32_t rnd(uint32_t n)
{
	rnd_state ^= rnd_state >> 12;
	rnd_state ^= rnd_state << 25;
	rnd_state ^= rnd_state >> 27;
	return (uint32_t)((rnd_state * 2685821657736338717ULL) >> 32) % n;
}

/*
 * A random message of FAMILY into @buf: attributes of random types (some
 * unknown, some with NLA_F_* bits), of the right length or one near it,
 * names with or without their NUL, repeats, and sometimes a last attribute
 * cut short or bytes left over.
 */
static struct nlmsghdr *random_msg(char *buf, size_t size, uint8_t cmd)
{
	static const int lens[] = { 0, 1, 3, 4, 5, 7, 8, 9, 12, 16 };
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct genlmsghdr *gh;
	size_t off = NLMSG_HDRLEN + GENL_HDRLEN;
	int i, n = rnd(12);

	memset(buf, 0, size);
	gh = (struct genlmsghdr *)(buf + NLMSG_HDRLEN);
	gh->cmd = cmd;
	gh->version = CONTAINERCTL_GENL_VERSION;
	for (i = 0; i < n + 2; i++) {
		struct nlattr *nla = (struct nlattr *)(buf + off);
		int type = i == 0 ? CONTAINERCTL_A_SEQ :
			   i == 1 ? CONTAINERCTL_A_EVENT :
			   (int)rnd(CONTAINERCTL_A_MAX + 4);
		int len, j;

		if (i < 2 && rnd(16) == 0)
			continue;	/* no SEQ, or no EVENT */
		if (type == CONTAINERCTL_A_NAME) {
			len = rnd(CONTAINERCTL_NAME_MAX + 3);
		} else if (rnd(4)) {
			len = type == CONTAINERCTL_A_GROUP_DEAD ? 1 :
			      (type == CONTAINERCTL_A_SEQ || type == CONTAINERCTL_A_ID ||
			       type == CONTAINERCTL_A_TIME_NS) ? 8 : 4;
		} else {
			len = lens[rnd(ARRAY_SIZE(lens))];
		}
		if (off + NLA_HDRLEN + NLA_ALIGN(len) > size)
			break;
		nla->nla_type = type;
		if (rnd(16) == 0)
			nla->nla_type |= rnd(2) ? NLA_F_NESTED : NLA_F_NET_BYTEORDER;
		nla->nla_len = NLA_HDRLEN + len;
		for (j = 0; j < len; j++)
			((char *)nla_data(nla))[j] = type == CONTAINERCTL_A_NAME ?
				(char)('a' + rnd(26)) : (char)rnd(256);
		if (type == CONTAINERCTL_A_NAME && len && rnd(4))
			((char *)nla_data(nla))[len - 1] = 0;
		if (type == CONTAINERCTL_A_NAME && len > 2 && rnd(4) == 0)
			((char *)nla_data(nla))[len / 2] = 0;	/* NUL inside */
		off += NLA_HDRLEN + NLA_ALIGN(len);
	}
	switch (rnd(8)) {
	case 0:		/* the last attribute longer than what is left */
		if (off > NLMSG_HDRLEN + GENL_HDRLEN + NLA_HDRLEN)
			off -= 2;
		break;
	case 1:		/* bytes left over, fewer than a header */
		off += 2;
		break;
	}
	nlh->nlmsg_len = off;
	nlh->nlmsg_type = FAMILY;
	return nlh;
}

/* decode() against decode_ref() on random messages. */
static void test_decode_random(void)
{
	struct ctrl_events ev = { .family = FAMILY };
	static char buf[4096];
	struct ctrl_event a, b;
	int i, ra, rb, ok = 0, bad = 0, mismatches = 0;

	for (i = 0; i < 200000; i++) {
		uint8_t cmd = rnd(2) ? CONTAINERCTL_CMD_EVENT : CONTAINERCTL_CMD_DUMP;
		struct nlmsghdr *nlh = random_msg(buf, sizeof(buf), cmd);

		memset(&a, 0x5a, sizeof(a));
		memset(&b, 0x5a, sizeof(b));
		ra = decode(&ev, nlh, cmd, &a);
		rb = decode_ref(nlh, cmd, &b);
		if (ra != rb || (!ra && memcmp(&a, &b, sizeof(a)))) {
			if (mismatches++ < 5)
				CHECK(0, "message %d: decode %d, libnl's %d%s", i,
				      ra, rb, ra == rb ? ", fields differ" : "");
		}
		if (!rb)
			ok++;
		else
			bad++;
	}
	CHECK(!mismatches, "%d of %d messages decoded otherwise", mismatches, i);
	/* Both kinds drawn, or the comparison says little. */
	CHECK(ok > 20000 && bad > 20000, "%d decoded, %d malformed", ok, bad);
}

/* Without GROUP_SEQ, both groups: every gap in SEQ counts. */
static void test_lost_both_seq(void)
{
	struct ctrl_events *ev = sub(CTRL_EVENTS_GROUP_EVENTS |
				     CTRL_EVENTS_GROUP_TASKS |
				     CTRL_EVENTS_NONBLOCK, 0);
	static const uint64_t seqs[] = { 5, 6, 9, 10, 20 };
	static const uint64_t lost[] = { 0, 0, 2, 2, 11 };
	struct ctrl_event e;
	size_t i;

	CHECK(ctrl_events_lost_exact(ev) == 1, "exact");
	for (i = 0; i < ARRAY_SIZE(seqs); i++)
		send_ev(CONTAINERCTL_EV_FORK, seqs[i], 0);
	for (i = 0; i < ARRAY_SIZE(seqs); i++) {
		CHECK(ctrl_events_next(ev, &e) == 0 && e.seq == seqs[i],
		      "event %zu", i);
		CHECK(ctrl_events_lost(ev) == lost[i], "after %llu: lost %llu, expected %llu",
		      (unsigned long long)seqs[i],
		      (unsigned long long)ctrl_events_lost(ev),
		      (unsigned long long)lost[i]);
	}
	send_ev(CONTAINERCTL_EV_FORK, 21, 0);
	CHECK(ctrl_events_next(ev, &e) == 0 && ctrl_events_lost(ev) == 11,
	      "consecutive");
	ctrl_events_close(ev);
}

/* Without GROUP_SEQ, one group: PREV_SEQ breaks count one, at least. */
static void test_lost_one_prev(void)
{
	struct ctrl_events *ev = sub(CTRL_EVENTS_GROUP_EVENTS |
				     CTRL_EVENTS_NONBLOCK, 0);
	struct ctrl_event e;

	send_ev(CONTAINERCTL_EV_ATTACH, 5, 2);	/* first: no reference */
	send_ev(CONTAINERCTL_EV_ATTACH, 9, 5);	/* 6-8: the other group */
	send_ev(CONTAINERCTL_EV_ATTACH, 15, 12);	/* 12 (at least) lost */
	send_ev(CONTAINERCTL_EV_ATTACH, 16, 15);
	while (ctrl_events_next(ev, &e) == 0)
		;
	CHECK(ctrl_events_lost(ev) == 1, "lost %llu, expected 1",
	      (unsigned long long)ctrl_events_lost(ev));
	CHECK(ctrl_events_lost_exact(ev) == 0, "a lower bound, said exact");
	ctrl_events_close(ev);
}

/*
 * GROUP_SEQ, both groups, delivered in the order of SEQ (as the module
 * sends them): the whole loss, of either group, counts at the first event
 * after it. 3 and 4 (FORKs) are lost and counted at 5, a CREATE, with no
 * FORK after them yet; 6 (EMPTY) at 7, a FORK.
 */
static void test_lost_both(void)
{
	struct ctrl_events *ev = sub(CTRL_EVENTS_GROUP_EVENTS |
				     CTRL_EVENTS_GROUP_TASKS |
				     CTRL_EVENTS_NONBLOCK, 0);
	static const uint64_t want[] = { 0, 0, 2, 3, 3 };
	struct ctrl_event e;
	size_t i;

	send_gev(CONTAINERCTL_EV_ATTACH, 1, 1, 0);
	send_gev(CONTAINERCTL_EV_FORK, 2, 1, 0);
	send_gev(CONTAINERCTL_EV_CREATE, 5, 2, 1);
	send_gev(CONTAINERCTL_EV_FORK, 7, 4, 4);
	send_gev(CONTAINERCTL_EV_CREATE, 8, 4, 6);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		CHECK(ctrl_events_next(ev, &e) == 0, "event %zu", i);
		CHECK(lost(ev) == want[i], "after %llu: lost %llu, expected %llu",
		      (unsigned long long)e.seq, (unsigned long long)lost(ev),
		      (unsigned long long)want[i]);
		CHECK(ctrl_events_lost_exact(ev) == 1, "not exact after %llu",
		      (unsigned long long)e.seq);
	}
	ctrl_events_close(ev);
}

/* GROUP_SEQ, one group: the gaps in it are exact. */
static void test_lost_one(void)
{
	struct ctrl_events *ev = sub(CTRL_EVENTS_GROUP_TASKS |
				     CTRL_EVENTS_NONBLOCK, 0);

	send_gev(CONTAINERCTL_EV_FORK, 5, 2, 2);
	send_gev(CONTAINERCTL_EV_FORK, 9, 3, 5);	/* 6-8: "events" */
	send_gev(CONTAINERCTL_EV_FORK, 20, 7, 18);	/* 4, 5, 6 lost */
	send_gev(CONTAINERCTL_EV_EXIT, 21, 8, 20);
	drain_all(ev);
	CHECK(lost(ev) == 3, "lost %llu, expected 3", (unsigned long long)lost(ev));
	CHECK(ctrl_events_lost_exact(ev) == 1, "exact");
	ctrl_events_close(ev);
}

/* Without GROUP_SEQ, a dump at 100: skipped up to it, losses after it. */
static void test_dump_skip_seq(void)
{
	struct ctrl_events *ev;
	struct ctrl_event e;

	ev = sub(CTRL_EVENTS_GROUP_EVENTS | CTRL_EVENTS_GROUP_TASKS |
		 CTRL_EVENTS_NONBLOCK, 0);
	send_ev(CONTAINERCTL_EV_CREATE, 98, 97);
	send_ev(CONTAINERCTL_EV_CREATE, 100, 98);
	dump_done(ev, 100);
	send_ev(CONTAINERCTL_EV_CREATE, 101, 100);
	send_ev(CONTAINERCTL_EV_CREATE, 103, 101);
	CHECK(ctrl_events_next(ev, &e) == 0 && e.seq == 101, "first after the dump: %llu",
	      (unsigned long long)e.seq);
	CHECK(lost(ev) == 0, "lost before 103");
	CHECK(ctrl_events_next(ev, &e) == 0 && e.seq == 103, "103");
	CHECK(lost(ev) == 1, "lost %llu, expected 1", (unsigned long long)lost(ev));
	ctrl_events_close(ev);

	/* One group: a PREV_SEQ before the snapshot is no loss. */
	ev = sub(CTRL_EVENTS_GROUP_EVENTS | CTRL_EVENTS_NONBLOCK, 0);
	dump_done(ev, 50);
	send_ev(CONTAINERCTL_EV_CREATE, 60, 40);
	send_ev(CONTAINERCTL_EV_CREATE, 70, 65);
	CHECK(ctrl_events_next(ev, &e) == 0 && e.seq == 60, "60");
	CHECK(lost(ev) == 0, "prev_seq before the dump counted");
	CHECK(ctrl_events_next(ev, &e) == 0 && e.seq == 70, "70");
	CHECK(lost(ev) == 1, "65 not counted");
	ctrl_events_close(ev);
}

/* GROUP_SEQ and a dump at 50, one group. */
static void test_dump_skip(void)
{
	struct ctrl_events *ev;
	struct ctrl_event e;

	/* Received before the snapshot: skipped; the gap after it exact. */
	ev = sub(CTRL_EVENTS_GROUP_EVENTS | CTRL_EVENTS_NONBLOCK, 0);
	send_gev(CONTAINERCTL_EV_CREATE, 45, 5, 30);
	send_gev(CONTAINERCTL_EV_CREATE, 50, 6, 45);
	dump_done(ev, 50);
	send_gev(CONTAINERCTL_EV_CREATE, 60, 7, 50);
	send_gev(CONTAINERCTL_EV_CREATE, 70, 10, 66);
	CHECK(ctrl_events_next(ev, &e) == 0 && e.seq == 60, "first: %llu",
	      (unsigned long long)e.seq);
	CHECK(ctrl_events_next(ev, &e) == 0 && e.seq == 70, "70");
	CHECK(lost(ev) == 2 && ctrl_events_lost_exact(ev), "lost %llu, expected 2",
	      (unsigned long long)lost(ev));
	ctrl_events_close(ev);

	/* The group's first event after it: nothing missing after 50. */
	ev = sub(CTRL_EVENTS_GROUP_EVENTS | CTRL_EVENTS_NONBLOCK, 0);
	dump_done(ev, 50);
	send_gev(CONTAINERCTL_EV_CREATE, 60, 7, 40);
	drain_all(ev);
	CHECK(lost(ev) == 0 && ctrl_events_lost_exact(ev), "lost %llu",
	      (unsigned long long)lost(ev));
	ctrl_events_close(ev);

	/* ... or its previous event, after 50, missing: one at least. */
	ev = sub(CTRL_EVENTS_GROUP_EVENTS | CTRL_EVENTS_NONBLOCK, 0);
	dump_done(ev, 50);
	send_gev(CONTAINERCTL_EV_CREATE, 60, 7, 55);
	drain_all(ev);
	CHECK(lost(ev) == 1 && !ctrl_events_lost_exact(ev), "lost %llu",
	      (unsigned long long)lost(ev));
	ctrl_events_close(ev);

	/* A gap across the snapshot: what is before it is in the dump. */
	ev = sub(CTRL_EVENTS_GROUP_EVENTS | CTRL_EVENTS_NONBLOCK, 0);
	send_gev(CONTAINERCTL_EV_CREATE, 45, 5, 30);
	drain_all(ev);
	dump_done(ev, 50);
	send_gev(CONTAINERCTL_EV_CREATE, 60, 7, 48);	/* 6 at 48: dumped */
	drain_all(ev);
	CHECK(lost(ev) == 0 && ctrl_events_lost_exact(ev), "lost %llu",
	      (unsigned long long)lost(ev));
	send_gev(CONTAINERCTL_EV_CREATE, 61, 8, 60);
	drain_all(ev);
	ctrl_events_close(ev);

	ev = sub(CTRL_EVENTS_GROUP_EVENTS | CTRL_EVENTS_NONBLOCK, 0);
	send_gev(CONTAINERCTL_EV_CREATE, 45, 5, 30);
	drain_all(ev);
	dump_done(ev, 50);
	send_gev(CONTAINERCTL_EV_CREATE, 60, 8, 55);	/* 7 at 55: lost */
	drain_all(ev);
	CHECK(lost(ev) == 1 && !ctrl_events_lost_exact(ev), "lost %llu",
	      (unsigned long long)lost(ev));
	ctrl_events_close(ev);
}

struct disp {
	uint64_t seqs[64];
	int n;
	int stop_at;
};

static int disp_cb(const struct ctrl_event *e, void *arg)
{
	struct disp *d = arg;

	d->seqs[d->n++] = e->seq;
	return d->n == d->stop_at ? -EINTR : 0;
}

static void test_dispatch(void)
{
	struct ctrl_events *ev = sub(CTRL_EVENTS_GROUP_EVENTS |
				     CTRL_EVENTS_GROUP_TASKS |
				     CTRL_EVENTS_NONBLOCK, 0);
	struct disp d = { .stop_at = 0 };
	struct ctrl_event e;
	int ret, total = 0, i;

	CHECK(ctrl_events_dispatch(ev, disp_cb, &d) == 0, "none available");
	for (i = 1; i <= 3; i++)
		send_ev(CONTAINERCTL_EV_FORK, i, 0);
	/* One message per receive: one event per call. */
	while ((ret = ctrl_events_dispatch(ev, disp_cb, &d)) > 0)
		total += ret;
	CHECK(ret == 0 && total == 3 && d.n == 3 && d.seqs[2] == 3,
	      "dispatch: %d, %d events", ret, total);

	/* Mixed with next(), and stopped by the callback. */
	for (i = 4; i <= 6; i++)
		send_ev(CONTAINERCTL_EV_FORK, i, 0);
	CHECK(ctrl_events_next(ev, &e) == 0 && e.seq == 4, "next 4");
	d.n = 0;
	d.stop_at = 1;
	CHECK(ctrl_events_dispatch(ev, disp_cb, &d) == -EINTR, "stop");
	CHECK(ctrl_events_next(ev, &e) == 0 && e.seq == 6, "next 6: %llu",
	      (unsigned long long)e.seq);
	ctrl_events_close(ev);
}

/*
 * An overrun: a small receive buffer, more messages than fit, not read.
 * ENOBUFS is counted once, apart; the gap counts the events dropped.
 */
static void test_overrun(void)
{
	struct ctrl_events *ev = sub(CTRL_EVENTS_GROUP_EVENTS |
				     CTRL_EVENTS_GROUP_TASKS |
				     CTRL_EVENTS_NONBLOCK, 4096);
	struct ctrl_event e;
	uint64_t got = 0, last = 0, i;
	const uint64_t n = 500;
	int ret;

	for (i = 1; i <= n; i++)
		send_gev(CONTAINERCTL_EV_FORK, i, i, i - 1);
	while ((ret = ctrl_events_next(ev, &e)) == 0) {
		got++;
		last = e.seq;
	}
	CHECK(ret == -EAGAIN, "end: %d", ret);
	CHECK(ctrl_events_overruns(ev) == 1, "overruns %llu",
	      (unsigned long long)ctrl_events_overruns(ev));
	CHECK(got > 0 && got < n, "received %llu of %llu",
	      (unsigned long long)got, (unsigned long long)n);
	/* Lost so far: the numbers missing up to the last received. */
	CHECK(ctrl_events_lost(ev) == last - got, "lost %llu, expected %llu",
	      (unsigned long long)ctrl_events_lost(ev),
	      (unsigned long long)(last - got));
	/* Short, and it says so: no event has shown the gap yet. */
	CHECK(!ctrl_events_lost_exact(ev), "exact before the gap showed");
	/* The next event tells the rest. */
	send_gev(CONTAINERCTL_EV_FORK, n + 1, n + 1, n);
	CHECK(ctrl_events_next(ev, &e) == 0 && e.seq == n + 1, "after");
	CHECK(ctrl_events_lost(ev) == n - got, "lost %llu, expected %llu",
	      (unsigned long long)ctrl_events_lost(ev),
	      (unsigned long long)(n - got));
	CHECK(ctrl_events_lost_exact(ev), "not exact once the gap showed");
	CHECK(ctrl_events_overruns(ev) == 1, "overruns counted again");
	ctrl_events_close(ev);
}

/* Appends the message of an event (numbered @seq) to @buf at *@len. */
static void pack_ev(char *buf, size_t size, size_t *len, uint64_t seq,
		    size_t pad)
{
	struct nl_msg *msg = nlmsg_alloc_size(pad + 4096);
	struct nlmsghdr *nlh;

	REQUIRE(msg, "nlmsg_alloc");
	REQUIRE(genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, FAMILY, 0, 0,
			    CONTAINERCTL_CMD_EVENT, CONTAINERCTL_GENL_VERSION) &&
		!nla_put_u32(msg, CONTAINERCTL_A_EVENT, CONTAINERCTL_EV_FORK) &&
		!nla_put_u64(msg, CONTAINERCTL_A_SEQ, seq) &&
		!nla_put_u64(msg, CONTAINERCTL_A_PREV_SEQ, seq - 1), "put");
	/* An attribute of a type above CONTAINERCTL_A_MAX: ignored. */
	if (pad)
		REQUIRE(nla_reserve(msg, CONTAINERCTL_A_MAX + 1, pad), "pad");
	nlh = nlmsg_hdr(msg);
	REQUIRE(*len + NLMSG_ALIGN(nlh->nlmsg_len) <= size, "datagram full");
	memcpy(buf + *len, nlh, nlh->nlmsg_len);
	*len += NLMSG_ALIGN(nlh->nlmsg_len);
	nlmsg_free(msg);
}

/* Multicasts @len bytes of messages as one datagram, as the module does. */
static void send_datagram(const char *buf, size_t len)
{
	struct sockaddr_nl to = { .nl_family = AF_NETLINK,
				  .nl_groups = 1U << (GROUP - 1) };
	ssize_t ret = sendto(nl_socket_get_fd(tx), buf, len, 0,
			     (struct sockaddr *)&to, sizeof(to));

	/* Port 0 refuses it after the multicast, as in send_msg(). */
	REQUIRE(ret == (ssize_t)len || (ret < 0 && errno == ECONNREFUSED),
		"sendto: %s", strerror(errno));
}

/*
 * Datagrams as the module sends them, several messages each, are returned
 * message by message in order. One larger than a receive takes (which the
 * module never sends) loses its messages as an overrun does.
 */
static void test_datagrams(void)
{
	struct ctrl_events *ev = sub(CTRL_EVENTS_GROUP_EVENTS |
				     CTRL_EVENTS_GROUP_TASKS |
				     CTRL_EVENTS_NONBLOCK, 1 << 20);
	static char buf[EVENTS_MSGBUF * 2];
	struct ctrl_event e;
	size_t len = 0;
	uint64_t seq, got = 0;

	for (seq = 1; seq <= 20; seq++)
		pack_ev(buf, sizeof(buf), &len, seq, 0);
	send_datagram(buf, len);
	while (got < 20 && ctrl_events_next(ev, &e) == 0 && e.seq == got + 1)
		got++;
	CHECK(got == 20, "%llu of a datagram of 20 events returned in order",
	      (unsigned long long)got);
	CHECK(ctrl_events_next(ev, &e) == -EAGAIN, "more than 20");
	CHECK(lost(ev) == 0 && ctrl_events_overruns(ev) == 0, "lost");

	len = 0;
	pack_ev(buf, sizeof(buf), &len, 21, 0);
	pack_ev(buf, sizeof(buf), &len, 22, EVENTS_MSGBUF);
	send_datagram(buf, len);
	CHECK(ctrl_events_next(ev, &e) == 0 && e.seq == 21,
	      "the message before the cut");
	CHECK(ctrl_events_next(ev, &e) == -EAGAIN, "the message cut returned");
	CHECK(ctrl_events_overruns(ev) == 1 && !ctrl_events_lost_exact(ev),
	      "a datagram cut: overruns %llu",
	      (unsigned long long)ctrl_events_overruns(ev));
	len = 0;
	pack_ev(buf, sizeof(buf), &len, 23, 0);
	send_datagram(buf, len);
	CHECK(ctrl_events_next(ev, &e) == 0 && e.seq == 23, "after the cut");
	CHECK(lost(ev) == 1 && ctrl_events_lost_exact(ev),
	      "lost %llu, expected exactly 1", (unsigned long long)lost(ev));
	ctrl_events_close(ev);
}

/* The calls leave errno alone; flags and names. */
/*
 * Both groups: what is queued when the second group has just been joined
 * is received at open and is where counting starts (events_baseline());
 * the descriptor stays readable while those events wait in the handle,
 * and only while.
 */
static void test_baseline(void)
{
	struct ctrl_events *ev = sub(CTRL_EVENTS_GROUP_EVENTS |
				     CTRL_EVENTS_GROUP_TASKS |
				     CTRL_EVENTS_NONBLOCK, 0);
	struct ctrl_event e;
	int n = 0, ret;

	CHECK(!readable(ev), "readable with nothing sent");
	send_gev(CONTAINERCTL_EV_CREATE, 5, 3, 2);	/* 6-8: another group's, */
	send_gev(CONTAINERCTL_EV_CREATE, 9, 4, 5);	/* before it was joined */
	CHECK_RET(events_baseline(ev), 0);
	mark(ev);
	CHECK(readable(ev), "not readable with 2 events queued in the handle");
	send_gev(CONTAINERCTL_EV_FORK, 10, 1, 0);
	send_gev(CONTAINERCTL_EV_CREATE, 12, 5, 9);	/* 11 lost */
	while ((ret = ctrl_events_next(ev, &e)) == 0)
		n++;
	CHECK(ret == -EAGAIN, "next: %d", ret);
	CHECK(n == 4, "%d events returned, 4 sent", n);
	CHECK(lost(ev) == 1 && ctrl_events_lost_exact(ev),
	      "lost %llu, expected exactly 1", (unsigned long long)lost(ev));
	CHECK(!readable(ev), "readable with nothing left");
	ctrl_events_close(ev);
}

static void test_api(void)
{
	struct ctrl_events *ev = (void *)1;

	errno = 1234;
	CHECK(ctrl_events_open(&ev, 1U << 20) == -EINVAL && !ev, "bad flags");
	CHECK(errno == 1234, "errno changed");
	CHECK(!strcmp(ctrl_event_name(CONTAINERCTL_EV_ATTACH), "attach") &&
	      !strcmp(ctrl_event_name(CTRL_EVENT_CONTAINER), "container") &&
	      !strcmp(ctrl_event_name(CONTAINERCTL_EV_NSREFUSED), "nsrefused") &&
	      !ctrl_event_name(CONTAINERCTL_EV_MAX + 1) &&
	      !ctrl_event_name(-1), "names");
	/* No module here: the family is absent. */
	CHECK(ctrl_events_open(&ev, 0) == -ENOENT, "open without the module");
	CHECK(errno == 1234, "errno changed");
}

int main(void)
{
	int ret;

	tx = nl_socket_alloc();
	REQUIRE(tx, "alloc");
	ret = nl_connect(tx, NETLINK_USERSOCK);
	REQUIRE(!ret, "nl_connect: %s", nl_geterror(ret));
	nl_socket_set_peer_groups(tx, 1U << (GROUP - 1));

	test_api();
	test_decode();
	test_decode_random();
	test_lost_both_seq();
	test_lost_one_prev();
	test_lost_both();
	test_baseline();
	test_lost_one();
	test_dump_skip_seq();
	test_dump_skip();
	test_dispatch();
	test_overrun();
	test_datagrams();
	return ctrtest_done();
}
