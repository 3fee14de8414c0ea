// SPDX-License-Identifier: GPL-2.0
/*
 * ctrctl kill CONTAINER [-s SIGNAL] [-r]: signal every process of a
 * container (or of its subtree) in one call; SIGKILL is race-free against
 * fork. Prints a row: the container, the signal, how many processes were
 * signalled and how many were skipped for lack of permission.
 */
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "ctrctl.h"
#include "table.h"

static const char kill_usage[] =
	"Usage: ctrctl kill [-s SIGNAL] [-r] CONTAINER\n"
	"\n"
	"Send SIGNAL to every process with a thread in CONTAINER (an absolute\n"
	"path or an id). With SIGKILL, processes forked meanwhile are killed\n"
	"too. Signal 0 only counts. Processes the caller may not signal are\n"
	"skipped and counted as denied. Prints one row: PATH, SIGNAL,\n"
	"SIGNALLED (processes) and DENIED.\n"
	"\n"
	"Options:\n"
	"  -s, --signal SIGNAL  a name (TERM, SIGTERM, RTMIN+1, SIGRTMAX-2) or a\n"
	"                       number, 0 to 64 (default TERM)\n"
	"  -r, --recursive      the whole subtree, not the container alone\n"
	"  -j, --json           print JSON: {\"kill\": [{\"path\", \"id\",\n"
	"                       \"signal\" (a number), \"signalled\", \"denied\"}]}\n"
	"  -h, --help           show this help\n";

static const struct option kill_opts[] = {
	{ "signal", required_argument, NULL, 's' },
	{ "recursive", no_argument, NULL, 'r' },
	{ "json", no_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{}
};

static const struct cmd kill_cmd = {
	.name = "kill",
	.usage = kill_usage,
	.shortopts = ":s:rjh",
	.longopts = kill_opts,
};

static const struct {
	const char *name;
	int sig;
} signals[] = {
	{ "HUP", SIGHUP }, { "INT", SIGINT }, { "QUIT", SIGQUIT },
	{ "ILL", SIGILL }, { "TRAP", SIGTRAP }, { "ABRT", SIGABRT },
	{ "BUS", SIGBUS }, { "FPE", SIGFPE }, { "KILL", SIGKILL },
	{ "USR1", SIGUSR1 }, { "SEGV", SIGSEGV }, { "USR2", SIGUSR2 },
	{ "PIPE", SIGPIPE }, { "ALRM", SIGALRM }, { "TERM", SIGTERM },
	{ "STKFLT", SIGSTKFLT }, { "CHLD", SIGCHLD }, { "CONT", SIGCONT },
	{ "STOP", SIGSTOP }, { "TSTP", SIGTSTP }, { "TTIN", SIGTTIN },
	{ "TTOU", SIGTTOU }, { "URG", SIGURG }, { "XCPU", SIGXCPU },
	{ "XFSZ", SIGXFSZ }, { "VTALRM", SIGVTALRM }, { "PROF", SIGPROF },
	{ "WINCH", SIGWINCH }, { "IO", SIGIO }, { "PWR", SIGPWR },
	{ "SYS", SIGSYS },
	/* Other names of the same signals, as util-linux's kill takes them. */
	{ "IOT", SIGABRT }, { "CLD", SIGCHLD }, { "POLL", SIGIO },
};

#define SIG_MAX		64	/* SIGRTMAX as the kernel counts */

/*
 * A real-time signal after its "RT": "MIN", "MAX", "MIN+N", "MAX-N", or
 * "N" for MIN+N, as kill(1) and util-linux read them. MIN and MAX are the
 * C library's SIGRTMIN and SIGRTMAX (glibc keeps 32 and 33 for itself);
 * N is decimal digits, and the result must lie between them.
 */
static int parse_rt(const char *s, int *sig)
{
	int base = SIGRTMIN, dir = 1;
	uint64_t n;

	if (!strcasecmp(s, "MIN") || !strcasecmp(s, "MAX")) {
		*sig = toupper((unsigned char)s[1]) == 'I' ? SIGRTMIN : SIGRTMAX;
		return 0;
	}
	if (!strncasecmp(s, "MIN+", 4)) {
		s += 4;
	} else if (!strncasecmp(s, "MAX-", 4)) {
		s += 4;
		base = SIGRTMAX;
		dir = -1;
	}
	if (parse_u64(s, &n) || n > (uint64_t)(SIGRTMAX - SIGRTMIN))
		return -1;
	*sig = base + dir * (int)n;
	return 0;
}

/*
 * "TERM", "SIGTERM", "term", "15", "RTMIN+1", "SIGRTMAX-2"...; 0 to
 * SIG_MAX.
 */
static int parse_signal(const char *s, int *sig)
{
	uint64_t v;
	size_t i;

	if (!parse_u64(s, &v)) {
		if (v > SIG_MAX)
			return -1;
		*sig = v;
		return 0;
	}
	if (!strncasecmp(s, "SIG", 3))
		s += 3;
	if (!strncasecmp(s, "RT", 2))
		return parse_rt(s + 2, sig);
	for (i = 0; i < ARRAY_SIZE(signals); i++) {
		if (!strcasecmp(s, signals[i].name)) {
			*sig = signals[i].sig;
			return 0;
		}
	}
	return -1;
}

/* SIGTERM, SIGRTMIN+1, SIGRTMAX-2 (the nearer end, as bash), or 32. */
static void signal_name(int sig, char *buf, size_t len)
{
	size_t i;

	if (sig >= SIGRTMIN && sig <= SIGRTMAX) {
		if (sig == SIGRTMIN || sig == SIGRTMAX)
			snprintf(buf, len, "SIGRT%s", sig == SIGRTMIN ? "MIN" : "MAX");
		else if (sig - SIGRTMIN <= (SIGRTMAX - SIGRTMIN) / 2)
			snprintf(buf, len, "SIGRTMIN+%d", sig - SIGRTMIN);
		else
			snprintf(buf, len, "SIGRTMAX-%d", SIGRTMAX - sig);
		return;
	}
	for (i = 0; i < ARRAY_SIZE(signals); i++) {
		if (signals[i].sig == sig) {
			snprintf(buf, len, "SIG%s", signals[i].name);
			return;
		}
	}
	snprintf(buf, len, "%d", sig);
}

/* {"kill": [{"path", "id", "signal", "signalled", "denied"}]} in JSON. */
static const struct tbl_col kill_cols[] = {
	{ "PATH", 0, J_STR },
	{ "ID", TBL_JSON_ONLY, J_NUM },
	{ "SIGNAL", TBL_TEXT_ONLY, J_STR },
	{ "SIGNAL", TBL_JSON_ONLY, J_NUM },
	{ "SIGNALLED", SCOLS_FL_RIGHT, J_NUM },
	{ "DENIED", SCOLS_FL_RIGHT, J_NUM },
};

int kill_main(int argc, char *argv[])
{
	const struct cmd *cmd = &kill_cmd;
	unsigned int flags = 0;
	uint64_t signalled;
	int ch, fd, ret, sig = SIGTERM;
	char name[32], id[24], signo[16], nr[24], nr_denied[24];
	uint64_t denied;
	struct target c;
	const char *vals[] = { c.path, id, name, signo, nr, nr_denied };

	while ((ch = cmd_getopt(cmd, argc, argv)) != -1) {
		switch (ch) {
		case 's':
			if (parse_signal(optarg, &sig))
				usage_error(cmd, "invalid signal '%s'", optarg);
			break;
		case 'r':
			flags |= CONTAINERCTL_KILL_SUBTREE;
			break;
		}
	}
	target_parse(cmd, cmd_arg(cmd, argc, argv, "CONTAINER"), &c);
	cmd_end(cmd, argc, argv);

	fd = dev_open_target(cmd, &c);
	if (fd < 0)
		return EXIT_FAIL;
	ret = ctrl_kill(fd, c.id, sig, flags, &signalled, &denied);
	close(fd);
	if (ret == -EPERM && c.id == CONTAINERCTL_ROOT_ID)
		return fail_hint(-ret, "the root container cannot be signalled",
				 "kill %s", c.arg);
	if (ret)
		return fail(-ret, "kill %s", c.arg);

	signal_name(sig, name, sizeof(name));
	snprintf(id, sizeof(id), "%" PRIu64, c.id);
	snprintf(signo, sizeof(signo), "%d", sig);
	snprintf(nr, sizeof(nr), "%" PRIu64, signalled);
	snprintf(nr_denied, sizeof(nr_denied), "%" PRIu64, denied);
	ret = tbl_print_row("kill", kill_cols, ARRAY_SIZE(kill_cols), vals,
			    true);
	return ret ? fail(-ret, "kill %s", c.arg) : EXIT_OK;
}
