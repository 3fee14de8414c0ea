// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/containers with 20 000 containers: read in small chunks (a seq_file
 * restart per read, resuming where the last one stopped) it is what one
 * large read gives, in time of the same order, one line per container in
 * pre-order, and destroying containers between two reads never repeats or
 * invents a line.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>

#include <containerctl/ctrl.h>

#include "ctrtest.h"

#define PARENTS 200
#define CHILDREN 99	/* 200 * (1 + 99) = 20 000; a quarter on the debug kernel */

static int fd;
static char big[4 << 20], small[4 << 20];

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static size_t slurp(char *buf, size_t chunk)
{
	size_t len = 0;
	ssize_t r;
	int f = open("/proc/containers", O_RDONLY);

	REQUIRE(f >= 0, "open /proc/containers");
	while ((r = read(f, buf + len, chunk)) > 0) {
		len += r;
		REQUIRE(len + chunk < sizeof(big), "too large");
	}
	close(f);
	buf[len] = '\0';
	return len;
}

static size_t count_lines(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

int main(void)
{
	static uint64_t parents[PARENTS], kids[PARENTS][CHILDREN];
	uint64_t prev_id = 0, id, parent;
	size_t n1, n2, lines;
	char name[16], *line;
	int i, j, bad = 0, nparents = ctrtest_debug_kernel() ? PARENTS / 4 : PARENTS;
	double t0, t1, t2, one = 0, chunked = 0;

	fd = ctrl_open();
	REQUIRE(fd >= 0, "open: %s", strerror(-fd));
	for (i = 0; i < nparents; i++) {
		snprintf(name, sizeof(name), "p%d", i);
		REQUIRE(!ctrl_create(fd, CONTAINERCTL_ROOT_ID, name, 0755, 0, &parents[i]),
			"create %s", name);
		for (j = 0; j < CHILDREN; j++) {
			snprintf(name, sizeof(name), "c%d", j);
			REQUIRE(!ctrl_create(fd, parents[i], name, 0755, 0, &kids[i][j]),
				"create %d/%s", i, name);
		}
	}

	/*
	 * Each way of reading the best of three: a loaded host stretches one
	 * read or another, not every one. Restarting the walk at every read
	 * (quadratic) would make the chunked reads hundreds of times slower.
	 */
	for (i = 0; i < 3; i++) {
		t0 = now();
		n1 = slurp(big, sizeof(big) / 2);
		t1 = now();
		n2 = slurp(small, 97);
		t2 = now();
		if (!i || t1 - t0 < one)
			one = t1 - t0;
		if (!i || t2 - t1 < chunked)
			chunked = t2 - t1;
	}
	printf("read %zu bytes: %.1f ms in one read, %.1f ms in 97-byte reads\n",
	       n1, one * 1e3, chunked * 1e3);
	/* The root's line counts every task, kernel workers too: skip it. */
	{
		char *a = strchr(strchr(big, '\n') + 1, '\n');
		char *b = strchr(strchr(small, '\n') + 1, '\n');

		CHECK(!strcmp(a, b), "chunked read differs (%zu vs %zu bytes)", n1, n2);
	}
	CHECK(chunked < 8 * one + 1.0, "chunked reads not linear: %.1f ms vs %.1f ms",
	      chunked * 1e3, one * 1e3);
	lines = count_lines(big);
	CHECK(lines == (size_t)(1 + 1 + nparents * (1 + CHILDREN)), "%zu lines", lines);

	/* Pre-order: each parent, then its children by ascending id. */
	line = strchr(big, '\n') + 1;
	for (i = 0; *line && i < 1 + nparents * (1 + CHILDREN); i++) {
		if (sscanf(line, "%lu %lu", &id, &parent) != 2)
			bad++;
		else if (i > 1 && parent != CONTAINERCTL_ROOT_ID && id != prev_id + 1)
			bad++;
		prev_id = id;
		line = strchr(line, '\n') + 1;
	}
	CHECK(bad == 0, "%d lines out of order", bad);

	/* Destroy while reading in chunks: no line twice, none invented. */
	{
		int f = open("/proc/containers", O_RDONLY);
		size_t len = 0;
		ssize_t r;

		REQUIRE(f >= 0, "open");
		for (i = 0; (r = read(f, small + len, 4000)) > 0; i++) {
			len += r;
			if (i < nparents)
				for (j = 0; j < CHILDREN; j++)
					ctrl_destroy(fd, kids[i][j]);
		}
		close(f);
		small[len] = '\0';
		for (line = strchr(small, '\n') + 1, prev_id = 0, bad = 0; *line;
		     line = strchr(line, '\n') + 1) {
			if (sscanf(line, "%lu", &id) != 1 || (id <= prev_id && prev_id))
				bad++;
			prev_id = id;
		}
		CHECK(bad == 0, "%d repeated or unordered lines while destroying", bad);
	}

	for (i = 0; i < nparents; i++) {
		for (j = 0; j < CHILDREN; j++)
			ctrl_destroy(fd, kids[i][j]);
		CHECK_RET(ctrl_destroy(fd, parents[i]), 0);
	}
	CHECK(count_lines(big) > 0 && slurp(big, 4096) > 0 && count_lines(big) == 2,
	      "containers left: %zu lines", count_lines(big));
	return ctrtest_done();
}
