// SPDX-License-Identifier: GPL-2.0
/*
 * ctrctl attach CONTAINER PID... [-t] [-a]: move processes (or single
 * threads) into a container; several at once with one batch call, which
 * stops at the first pid that fails, or with -a moves all or none.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "ctrctl.h"

static const char attach_usage[] =
	"Usage: ctrctl attach [-t] [-a] CONTAINER PID...\n"
	"\n"
	"Move each PID's process, with all its threads, into CONTAINER (an\n"
	"absolute path or an id), in order. Several pids are moved by one call\n"
	"that stops at the first failure: the pids before it are moved, the\n"
	"rest are not.\n"
	"\n"
	"Options:\n"
	"  -t, --thread  move only the threads named, not their processes\n"
	"  -a, --atomic  all or none: if one pid fails, none moves (at most\n"
	"                65536 pids)\n"
	"  -h, --help    show this help\n";

static const struct option attach_opts[] = {
	{ "thread", no_argument, NULL, 't' },
	{ "atomic", no_argument, NULL, 'a' },
	{ "help", no_argument, NULL, 'h' },
	{}
};

static const struct cmd attach_cmd = {
	.name = "attach",
	.usage = attach_usage,
	.shortopts = ":tah",
	.longopts = attach_opts,
};

int attach_main(int argc, char *argv[])
{
	const struct cmd *cmd = &attach_cmd;
	unsigned int flags = 0;
	uint32_t moved, err_index, chunk;
	size_t n, i, done;
	char hint[64];
	struct target c;
	pid_t *pids;
	int ch, fd, ret;

	while ((ch = cmd_getopt(cmd, argc, argv)) != -1) {
		switch (ch) {
		case 't':
			flags |= CONTAINERCTL_ATTACH_THREAD;
			break;
		case 'a':
			flags |= CONTAINERCTL_BATCH_ATOMIC;
			break;
		}
	}
	target_parse(cmd, cmd_arg(cmd, argc, argv, "CONTAINER"), &c);
	if (optind >= argc)
		usage_error(cmd, "missing PID");
	n = argc - optind;
	pids = calloc(n, sizeof(*pids));
	if (!pids)
		return fail(ENOMEM, "attach");
	for (i = 0; i < n; i++)
		if (parse_pid(argv[optind + i], &pids[i]))
			usage_error(cmd, "invalid pid '%s'", argv[optind + i]);
	if (flags & CONTAINERCTL_BATCH_ATOMIC && n > CONTAINERCTL_BATCH_MAX)
		usage_error(cmd, "--atomic takes at most %d pids",
			    CONTAINERCTL_BATCH_MAX);

	fd = dev_open();
	if (fd < 0 || target_resolve(cmd, fd, &c)) {
		ret = EXIT_FAIL;
		goto out;
	}

	if (n == 1 && !(flags & CONTAINERCTL_BATCH_ATOMIC)) {
		ret = ctrl_attach(fd, c.id, pids[0], flags);
		if (ret)
			ret = fail(-ret, "attach %d to %s", pids[0], c.path);
		goto out;
	}
	for (done = 0; done < n; done += chunk) {
		chunk = n - done < CONTAINERCTL_BATCH_MAX ?
			n - done : CONTAINERCTL_BATCH_MAX;
		moved = 0;
		err_index = 0;
		ret = ctrl_attach_batch(fd, c.id, pids + done, chunk, flags,
					&moved, &err_index);
		if (ret) {
			if (err_index >= chunk)
				err_index = 0;
			snprintf(hint, sizeof(hint), "%zu moved before it",
				 done + moved);
			ret = fail_hint(-ret, done + moved ? hint : NULL,
					"attach %d to %s", pids[done + err_index],
					c.path);
			goto out;
		}
	}
out:
	if (fd >= 0)
		close(fd);
	free(pids);
	return ret;
}
