// SPDX-License-Identifier: GPL-2.0
/*
 * ctrctl set [-u USER] [-g GROUP] [-m MODE] [-f FLAGS]
 *            [--max-descendants N] CONTAINER: change a container's owner,
 * mode, flags and limit, in one CONTAINERCTL_IOC_SET call.
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ctrctl.h"
#include "out.h"

static const char set_usage[] =
	"Usage: ctrctl set [-u USER] [-g GROUP] [-m MODE] [-f FLAGS]\n"
	"                  [--max-descendants N] CONTAINER\n"
	"\n"
	"Change attributes of CONTAINER (an absolute path or an id), at once:\n"
	"all of those given, or none. At least one option is needed. Changing\n"
	"the owner needs CAP_SYS_ADMIN; the mode, the flags and the limit,\n"
	"ownership of CONTAINER or CAP_SYS_ADMIN.\n"
	"\n"
	"Options:\n"
	"  -u, --user USER          owner, a name or a uid (the group is kept\n"
	"                           unless -g is given)\n"
	"  -g, --group GROUP        group, a name or a gid\n"
	"  -m, --mode MODE          permission bits, octal, at most 0777\n"
	"  -f, --flags FLAGS        the flags, replacing the present ones: a\n"
	"                           comma-separated list of nstrack, nsrules,\n"
	"                           autoremove, or 'none'\n"
	"      --max-descendants N  limit on descendants, or 'none'\n"
	"  -h, --help               show this help\n";

static const struct option set_opts[] = {
	{ "user", required_argument, NULL, 'u' },
	{ "group", required_argument, NULL, 'g' },
	{ "mode", required_argument, NULL, 'm' },
	{ "flags", required_argument, NULL, 'f' },
	{ "max-descendants", required_argument, NULL, 'D' },
	{ "help", no_argument, NULL, 'h' },
	{}
};

static const struct cmd set_cmd = {
	.name = "set",
	.usage = set_usage,
	.shortopts = ":u:g:m:f:h",
	.longopts = set_opts,
};

/* A uid or gid: digits, or a name from the user or group database. */
static uint32_t parse_id(const struct cmd *cmd, const char *s, bool group)
{
	struct passwd *pw;
	struct group *gr;
	uint64_t v;

	if (!parse_u64(s, &v)) {
		if (v >= UINT32_MAX)
			usage_error(cmd, "invalid %s '%s'",
				    group ? "group" : "user", s);
		return v;
	}
	if (group) {
		gr = getgrnam(s);
		if (gr)
			return gr->gr_gid;
	} else {
		pw = getpwnam(s);
		if (pw)
			return pw->pw_uid;
	}
	usage_error(cmd, "unknown %s '%s'", group ? "group" : "user", s);
}

int set_main(int argc, char *argv[])
{
	const struct cmd *cmd = &set_cmd;
	struct containerctl_set set = { .size = sizeof(set) };
	struct containerctl_stat st;
	bool uid = false, gid = false;
	uint64_t max;
	struct target c;
	int ch, fd, ret;

	while ((ch = cmd_getopt(cmd, argc, argv)) != -1) {
		switch (ch) {
		case 'u':
			set.uid = parse_id(cmd, optarg, false);
			uid = true;
			break;
		case 'g':
			set.gid = parse_id(cmd, optarg, true);
			gid = true;
			break;
		case 'm':
			if (parse_mode(optarg, &set.mode))
				usage_error(cmd, "invalid mode '%s': octal, at most 0777",
					    optarg);
			set.flags |= CONTAINERCTL_SET_MODE;
			break;
		case 'f':
			set.cflags = 0;
			if (strcmp(optarg, "none"))
				cflags_parse(cmd, optarg, &set.cflags);
			set.flags |= CONTAINERCTL_SET_FLAGS;
			break;
		case 'D':
			if (!strcmp(optarg, "none"))
				max = ~0ULL;
			else if (parse_u64(optarg, &max) || max == ~0ULL)
				usage_error(cmd, "invalid limit '%s'", optarg);
			set.max_descendants = max;
			set.flags |= CONTAINERCTL_SET_MAX_DESCENDANTS;
			break;
		}
	}
	if (uid || gid)
		set.flags |= CONTAINERCTL_SET_OWNER;
	target_parse(cmd, cmd_arg(cmd, argc, argv, "CONTAINER"), &c);
	cmd_end(cmd, argc, argv);
	if (!set.flags)
		usage_error(cmd, "nothing to set");

	fd = dev_open();
	if (fd < 0)
		return EXIT_FAIL;
	ret = target_resolve(cmd, fd, &c) ? -1 : 0;
	set.id = c.id;
	/* The owner is set as a pair: the half not given stays as it is. */
	if (!ret && (uid != gid)) {
		ret = ctrl_stat(fd, c.id, &st);
		if (ret)
			ret = fail(-ret, "set %s", c.arg);
		else if (!uid)
			set.uid = st.uid;
		else
			set.gid = st.gid;
	}
	if (!ret) {
		ret = ctrl_set(fd, &set);
		if (ret)
			ret = fail(-ret, "set %s", c.arg);
	}
	close(fd);
	return ret ? EXIT_FAIL : EXIT_OK;
}
