// SPDX-License-Identifier: GPL-2.0
/*
 * ctrctl: process containers from the command line, through
 * /dev/containerctl (libctrl). main() parses the global options and
 * dispatches to a subcommand, one file each.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctrctl.h"
#include "out.h"

#ifndef CTRCTL_VERSION		/* the Makefile passes VERSION's */
#error "CTRCTL_VERSION is not defined: build ctrctl with make ctrctl"
#endif

static const struct subcommand {
	const char *name;
	int (*fn)(int argc, char *argv[]);
	const char *description;
} subcommands[] = {
	{ "create", create_main, "Create a container" },
	{ "clone", clone_main,
	  "Create a child container and move a process into it, at once" },
	{ "rm", rm_main, "Remove a container, or with -r its subtree" },
	{ "attach", attach_main, "Move processes or threads into a container" },
	{ "exec", exec_main, "Run a command inside a container" },
	{ "pids", pids_main, "List the processes or threads of a container" },
	{ "which", which_main, "Show the container a process is in" },
	{ "stat", stat_main, "Show a container's attributes" },
	{ "set", set_main, "Change a container's owner, mode, flags or limit" },
	{ "ls", ls_main, "List the children of a container with their counts" },
	{ "tree", tree_main,
	  "Show the tree of containers, with -P their processes" },
	{ "top", top_main, "Show what each container costs, refreshed" },
	{ "metrics", metrics_main,
	  "Print the accounting in the Prometheus text format" },
	{ "kill", kill_main, "Signal every process of a container" },
	{ "info", info_main, "Show the module's features, limits and counters" },
	{ "watch", watch_main, "Follow the events, of all or of a subtree" },
};

static void show_usage(void)
{
	size_t i;

	printf("Usage: ctrctl [-j] COMMAND [ARGUMENTS...]\n"
	       "\n"
	       "Process containers through %s.\n"
	       "\n"
	       "Commands:\n", CTRCTL_DEVICE);
	for (i = 0; i < ARRAY_SIZE(subcommands); i++)
		printf("  %-8s %s\n", subcommands[i].name,
		       subcommands[i].description);
	printf("  %-8s %s\n", "help", "Show this help, or a command's");
	printf("\n"
	       "Options:\n"
	       "  -j, --json     print JSON instead of text\n"
	       "  -V, --version  show the version\n"
	       "  -h, --help     show this help\n"
	       "\n"
	       "A container is named by its absolute path (/web/api) or its id.\n"
	       "'ctrctl COMMAND --help' describes a command. Exit status: 0 on\n"
	       "success, 1 on failure, 2 on a usage error.\n");
}

static const struct subcommand *find(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(subcommands); i++)
		if (!strcmp(name, subcommands[i].name))
			return &subcommands[i];
	return NULL;
}

/* ctrctl help [COMMAND] */
static int help_main(int argc, char *argv[])
{
	const struct subcommand *sub;
	char help[] = "--help";
	char *av[] = { argv[1], help, NULL };

	if (argc > 2)
		usage_error(NULL, "help: unexpected argument '%s'", argv[2]);
	if (argc < 2) {
		show_usage();
		return EXIT_OK;
	}
	sub = find(argv[1]);
	if (!sub)
		usage_error(NULL, "unknown command '%s'", argv[1]);
	optind = 0;
	return sub->fn(2, av);
}

int main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	const struct subcommand *sub;
	int c, first;

	/* UTF-8 tree branches on a UTF-8 terminal; messages stay English. */
	setlocale(LC_CTYPE, "");
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:jVh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			out_set_json(true);
			break;
		case 'V':
			printf("ctrctl %s (containerctl ABI %d)\n",
			       CTRCTL_VERSION, CONTAINERCTL_ABI_VERSION);
			return out_finish(EXIT_OK);
		case 'h':
			show_usage();
			return out_finish(EXIT_OK);
		default:
			opt_error(NULL, c, argv);
		}
	}
	if (optind >= argc)
		usage_error(NULL, "missing command");

	first = optind;
	if (!strcmp(argv[first], "help"))
		return out_finish(help_main(argc - first, argv + first));
	sub = find(argv[first]);
	if (!sub)
		usage_error(NULL, "unknown command '%s'", argv[first]);
	/* Start getopt afresh on the subcommand's arguments. */
	optind = 0;
	return out_finish(sub->fn(argc - first, argv + first));
}
