/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ctrctl: the command-line interface to containerctl. Shared declarations:
 * the subcommands, option parsing, errors and container arguments.
 */
#ifndef _CTRCTL_H
#define _CTRCTL_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <containerctl/ctrl.h>

#define CTRCTL_DEVICE	"/dev/" CONTAINERCTL_DEVICE_NAME

#define CTRCTL_PRINTF(a, b)	__attribute__((__format__(printf, a, b)))
#define CTRCTL_NORETURN	__attribute__((__noreturn__))
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* Exit statuses. */
enum {
	EXIT_OK		= 0,
	EXIT_FAIL	= 1,
	EXIT_USAGE	= 2,
};

/* The subcommands: argv[0] is the subcommand's name. */
int create_main(int argc, char *argv[]);
int rm_main(int argc, char *argv[]);
int attach_main(int argc, char *argv[]);
int pids_main(int argc, char *argv[]);
int which_main(int argc, char *argv[]);
int stat_main(int argc, char *argv[]);
int tree_main(int argc, char *argv[]);
int kill_main(int argc, char *argv[]);
int clone_main(int argc, char *argv[]);
int info_main(int argc, char *argv[]);
int watch_main(int argc, char *argv[]);
int ls_main(int argc, char *argv[]);
int exec_main(int argc, char *argv[]);
int set_main(int argc, char *argv[]);
int top_main(int argc, char *argv[]);
int metrics_main(int argc, char *argv[]);

/*
 * A subcommand's command line. shortopts starts with ':' (missing arguments
 * are told apart from unknown options). 'h' (--help) and 'j' (--json) are
 * handled by cmd_getopt() when listed.
 */
struct cmd {
	const char *name;
	const char *usage;		/* --help text, starting "Usage: " */
	const char *shortopts;
	const struct option *longopts;	/* ends with an all-zero entry */
};

int cmd_getopt(const struct cmd *cmd, int argc, char *argv[]);
char *cmd_arg(const struct cmd *cmd, int argc, char *argv[], const char *what);
void cmd_end(const struct cmd *cmd, int argc, char *argv[]);
CTRCTL_NORETURN CTRCTL_PRINTF(2, 3)
void usage_error(const struct cmd *cmd, const char *fmt, ...);
CTRCTL_NORETURN void opt_error(const struct cmd *cmd, int c, char *argv[]);

/* Errors: one line on stderr, "ctrctl: MESSAGE: strerror(err) (HINT)". */
CTRCTL_PRINTF(1, 2) void errmsg(const char *fmt, ...);
CTRCTL_PRINTF(2, 3) int fail(int err, const char *fmt, ...);
CTRCTL_PRINTF(3, 4) int fail_hint(int err, const char *hint, const char *fmt, ...);

/* Argument parsing: 0, or -1 when @s is not one. */
int parse_pid(const char *s, pid_t *pid);
int parse_u64(const char *s, uint64_t *v);
int parse_mode(const char *s, unsigned int *mode);

/* A named bit of a mask (flags, features). */
struct bit_name {
	const char *name;
	uint64_t bit;
};

/* Container flags (CONTAINERCTL_F_*) by name: "nstrack", "nsrules", "autoremove". */
extern const struct bit_name cflag_names[];
extern const size_t nr_cflag_names;

void cflags_parse(const struct cmd *cmd, const char *s, unsigned int *flags);
void cflags_check(const struct cmd *cmd, unsigned int set,
		  unsigned int clear);

/* CREATE and CLONE: hints for their errors. */
#define NAME_HINT	"a name is 1 to 63 characters of A-Z a-z 0-9 . _ -"
const char *create_hint(int fd, int err, unsigned int cflags);

/* The device: a file descriptor, or -1 after printing why. */
int dev_open(void);

/* A container named on the command line. */
struct target {
	const char *arg;		/* as given */
	uint64_t id;
	char path[CONTAINERCTL_PATH_MAX];
};

void target_parse(const struct cmd *cmd, const char *arg, struct target *c);
int target_resolve(const struct cmd *cmd, int fd, struct target *c);
/* The device with @c resolved: a file descriptor, or -1 after printing why. */
int dev_open_target(const struct cmd *cmd, struct target *c);

/* Flags as "nstrack,nsrules", "" for none. */
void cflags_str(unsigned int cflags, char *buf, size_t len);

/*
 * ctrl_walk_flags() from container @c with STAT's @flags, giving @cb each
 * container's path as well: @cb returns 0, CTRL_WALK_PRUNE, or a negative
 * errno that ends the walk. Return: 0 or a negative errno.
 */
typedef int (*path_walk_cb)(const struct containerctl_stat *st,
			    const char *path, int depth, void *arg);
int path_walk(int fd, const struct target *c, unsigned int flags,
	      path_walk_cb cb, void *arg);

/* units.c: "1.234s", "2m03.45s", "1h02m03s"; "512B", "1.5MiB". */
void fmt_cputime(char *buf, size_t len, uint64_t ns);
void fmt_bytes(char *buf, size_t len, uint64_t bytes);

/*
 * Make room in the array *@v of *@cap items of @size bytes for item @i,
 * doubling it as needed: 0 or -ENOMEM (the array is left as it was).
 */
int grow(void **v, size_t *cap, size_t i, size_t size);

/* /proc/PID/cmdline with spaces for NULs, or "[comm]" when empty. */
void proc_cmdline(pid_t pid, char *buf, size_t len);

#endif /* _CTRCTL_H */
