// SPDX-License-Identifier: GPL-2.0
/*
 * ctrctl's shared helpers: option parsing (its errors are usage_error()'s,
 * in err.c), the device, and container arguments (an absolute path or an
 * id).
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctrctl.h"
#include "out.h"

/*
 * opt_error() - the usage error for what getopt_long() just refused
 * @cmd: the subcommand, or NULL for ctrctl's own options
 * @c: getopt_long()'s return: '?' or ':' (with ':' leading the optstring)
 * @argv: the arguments getopt_long() parses
 *
 * Names the option as the user wrote it. Exits with status 2.
 */
void opt_error(const struct cmd *cmd, int c, char *argv[])
{
	const char *arg = argv[optind - 1];
	char buf[64];
	bool is_long = !strncmp(arg, "--", 2);

	if (is_long)
		snprintf(buf, sizeof(buf), "%.*s", (int)strcspn(arg, "="), arg);
	else if (optopt > ' ' && optopt < 0x7f)
		snprintf(buf, sizeof(buf), "-%c", optopt);
	else
		snprintf(buf, sizeof(buf), "%s", arg);

	if (c == ':')
		usage_error(cmd, "option '%s' needs an argument", buf);
	/* A known long option given an argument it does not take. */
	if (is_long && optopt && strchr(arg, '='))
		usage_error(cmd, "option '%s' takes no argument", buf);
	usage_error(cmd, "unknown option '%s'", buf);
}

/*
 * cmd_getopt() - getopt_long() for a subcommand
 *
 * Handles --help (the usage on stdout, exit status 0), --json, unknown
 * options and missing option arguments (a usage error, exit status 2).
 *
 * Return: the next option of the subcommand's own, or -1 at the end.
 */
int cmd_getopt(const struct cmd *cmd, int argc, char *argv[])
{
	int c;

	opterr = 0;
	for (;;) {
		c = getopt_long(argc, argv, cmd->shortopts, cmd->longopts, NULL);
		switch (c) {
		case 'h':
			fputs(cmd->usage, stdout);
			exit(out_finish(EXIT_OK));
		case 'j':
			out_set_json(true);
			break;
		case '?':
		case ':':
			opt_error(cmd, c, argv);
		default:
			return c;
		}
	}
}

/* The next positional argument, or a usage error naming @what. */
char *cmd_arg(const struct cmd *cmd, int argc, char *argv[], const char *what)
{
	if (optind >= argc)
		usage_error(cmd, "missing %s", what);
	return argv[optind++];
}

/* A usage error if positional arguments are left. */
void cmd_end(const struct cmd *cmd, int argc, char *argv[])
{
	if (optind < argc)
		usage_error(cmd, "unexpected argument '%s'", argv[optind]);
}

/* Decimal digits only: no sign, no spaces, no base prefix. */
int parse_u64(const char *s, uint64_t *v)
{
	unsigned long long x;
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	x = strtoull(s, &end, 10);
	if (errno || *end)
		return -1;
	*v = x;
	return 0;
}

/* A pid: 1 to INT_MAX. */
int parse_pid(const char *s, pid_t *pid)
{
	uint64_t v;

	if (parse_u64(s, &v) || !v || v > INT_MAX)
		return -1;
	*pid = v;
	return 0;
}

/* Permission bits: octal, at most 0777. */
int parse_mode(const char *s, unsigned int *mode)
{
	unsigned long m;
	char *end;

	if (*s < '0' || *s > '7')
		return -1;
	errno = 0;
	m = strtoul(s, &end, 8);
	if (errno || *end || m > 0777)
		return -1;
	*mode = m;
	return 0;
}

const struct bit_name cflag_names[] = {
	{ "nstrack", CONTAINERCTL_F_NSTRACK },
	{ "nsrules", CONTAINERCTL_F_NSRULES },
	{ "autoremove", CONTAINERCTL_F_AUTOREMOVE },
};

const size_t nr_cflag_names = ARRAY_SIZE(cflag_names);

/*
 * cflags_parse() - add a comma-separated list of flag names to a mask
 * @cmd: the subcommand, for messages
 * @s: the list, as "nstrack,nsrules"
 * @flags: gets the flags named, on top of those it holds
 *
 * An unknown or empty name is a usage error (exit status 2).
 */
void cflags_parse(const struct cmd *cmd, const char *s, unsigned int *flags)
{
	const char *p = s;
	size_t len, i;

	for (;;) {
		len = strcspn(p, ",");
		for (i = 0; i < nr_cflag_names; i++)
			if (strlen(cflag_names[i].name) == len &&
			    !strncmp(p, cflag_names[i].name, len))
				break;
		if (i == nr_cflag_names)
			usage_error(cmd, "unknown flag '%.*s'", (int)len, p);
		*flags |= cflag_names[i].bit;
		if (!p[len])
			break;
		p += len + 1;
	}
}

/* A flag both set and not inherited is a usage error. */
void cflags_check(const struct cmd *cmd, unsigned int set, unsigned int clear)
{
	size_t i;

	for (i = 0; i < nr_cflag_names; i++)
		if (set & clear & cflag_names[i].bit)
			usage_error(cmd, "flag '%s' both in -f and --no-inherit",
				    cflag_names[i].name);
}

/*
 * create_hint() - why CREATE or CLONE failed, where strerror() is obscure
 * @fd: the device
 * @err: the positive errno
 * @cflags: the container flags the call set or cleared
 *
 * Return: a hint, or NULL.
 */
const char *create_hint(int fd, int err, unsigned int cflags)
{
	struct containerctl_info info;

	switch (err) {
	case EINVAL:
		if (!cflags || ctrl_info(fd, &info))
			return NULL;
		if (((cflags & CONTAINERCTL_F_NSTRACK) &&
		     !(info.features & CONTAINERCTL_FEAT_NSTRACK_CLONE)) ||
		    ((cflags & CONTAINERCTL_F_NSRULES) &&
		     !(info.features & CONTAINERCTL_FEAT_NSRULES)))
			return "the module does not support these flags";
		return NULL;
	case EMLINK:
		return "the module's max_depth would be exceeded";
	case ENOSPC:
		return "the module's max_containers would be exceeded";
	case EDQUOT:
		return "an ancestor's max_descendants would be exceeded";
	}
	return NULL;
}

#define CTRCTL_STR(x) #x
#define CTRCTL_XSTR(x) CTRCTL_STR(x)
#define CTRCTL_ABI_STR CTRCTL_XSTR(CONTAINERCTL_ABI_VERSION)

int dev_open(void)
{
	int fd = ctrl_open();

	if (fd >= 0)
		return fd;
	if (fd == -ENOENT || fd == -ENODEV || fd == -ENXIO)
		fail_hint(-fd, "is the containerctl module loaded?", "%s",
			  CTRCTL_DEVICE);
	else if (fd == -EPROTONOSUPPORT)
		fail_hint(-fd, "the loaded module speaks another ABI version than ctrctl " CTRCTL_ABI_STR,
			  "%s", CTRCTL_DEVICE);
	else
		fail(-fd, "%s", CTRCTL_DEVICE);
	return -1;
}

/*
 * target_parse() - check a container argument before using it
 * @cmd: the subcommand, for messages
 * @arg: an absolute path ("/web/api") or an id ("5")
 * @c: gets @arg
 *
 * An argument that is neither is a usage error (exit status 2).
 */
void target_parse(const struct cmd *cmd, const char *arg, struct target *c)
{
	uint64_t id;

	if (arg[0] != '/' && (parse_u64(arg, &id) || !id))
		usage_error(cmd, "'%s' is neither an absolute path nor an id",
			    arg);
	c->arg = arg;
	c->id = 0;
	c->path[0] = '\0';
}

/*
 * target_resolve() - the container an argument names
 * @cmd: the subcommand, for messages
 * @fd: the device
 * @c: from target_parse(); gets the id and the canonical path
 *
 * Return: 0, or EXIT_FAIL after printing "ctrctl: CMD ARG: reason".
 */
int target_resolve(const struct cmd *cmd, int fd, struct target *c)
{
	int ret;

	if (c->arg[0] == '/')
		ret = ctrl_lookup(fd, c->arg, &c->id);
	else
		ret = parse_u64(c->arg, &c->id) ? -EINVAL : 0;
	if (!ret)
		ret = ctrl_path(fd, c->id, c->path, sizeof(c->path));
	if (ret)
		return fail(-ret, "%s %s", cmd->name, c->arg);
	return 0;
}

int dev_open_target(const struct cmd *cmd, struct target *c)
{
	int fd = dev_open();

	if (fd >= 0 && target_resolve(cmd, fd, c)) {
		close(fd);
		fd = -1;
	}
	return fd;
}

void cflags_str(unsigned int cflags, char *buf, size_t len)
{
	size_t i, at = 0;

	buf[0] = '\0';
	for (i = 0; i < nr_cflag_names; i++) {
		if (!(cflags & cflag_names[i].bit))
			continue;
		at += snprintf(buf + at, at < len ? len - at : 0, "%s%s",
			       at ? "," : "", cflag_names[i].name);
	}
}
