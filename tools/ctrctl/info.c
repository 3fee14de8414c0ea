// SPDX-License-Identifier: GPL-2.0
/*
 * ctrctl info: the module's ABI version, features, limits and counters
 * (CONTAINERCTL_IOC_INFO).
 */
#include <errno.h>
#include <unistd.h>

#include "ctrctl.h"
#include "record.h"
#include "table.h"

static const char info_usage[] =
	"Usage: ctrctl info\n"
	"\n"
	"Show what the containerctl module offers: its ABI version, features\n"
	"and limits, and its counters: containers, tasks outside the root,\n"
	"new tasks it could not track, the automatic clones of namespace\n"
	"tracking made, refused (a limit was reached) and missed, and the\n"
	"events numbered and dropped by the module (no room, no memory).\n"
	"\n"
	"Features:\n"
	"  core             the core ioctls\n"
	"  clone            'ctrctl clone'\n"
	"  nstrack-clone    namespace tracking of clone(2)\n"
	"  nstrack-unshare  namespace tracking of unshare(2)\n"
	"  nsrules          the nsrules flag\n"
	"  events           the generic netlink family \"containerctl\"\n"
	"  pidfd            tasks named by pidfd (CONTAINERCTL_PIDFD)\n"
	"  accounting       CPU time, forks, exits and memory per container\n"
	"\n"
	"Options:\n"
	"  -j, --json  print JSON: {\"info\": [{...}]}, the keys the fields of\n"
	"              struct containerctl_info; features as names, and\n"
	"              feature_bits as a number\n"
	"  -h, --help  show this help\n";

static const struct option info_opts[] = {
	{ "json", no_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{}
};

static const struct cmd info_cmd = {
	.name = "info",
	.usage = info_usage,
	.shortopts = ":jh",
	.longopts = info_opts,
};

static const struct bit_name feature_names[] = {
	{ "core", CONTAINERCTL_FEAT_CORE },
	{ "clone", CONTAINERCTL_FEAT_CLONE },
	{ "nstrack-clone", CONTAINERCTL_FEAT_NSTRACK_CLONE },
	{ "nstrack-unshare", CONTAINERCTL_FEAT_NSTRACK_UNSHARE },
	{ "nsrules", CONTAINERCTL_FEAT_NSRULES },
	{ "events", CONTAINERCTL_FEAT_EVENTS },
	{ "pidfd", CONTAINERCTL_FEAT_PIDFD },
	{ "accounting", CONTAINERCTL_FEAT_ACCT },
};

int info_main(int argc, char *argv[])
{
	const struct cmd *cmd = &info_cmd;
	struct containerctl_info info;
	struct rec *r;
	int fd, ret;

	while (cmd_getopt(cmd, argc, argv) != -1)
		;
	cmd_end(cmd, argc, argv);

	fd = dev_open();
	if (fd < 0)
		return EXIT_FAIL;
	ret = ctrl_info(fd, &info);
	close(fd);
	if (ret)
		return fail(-ret, "info");

	r = rec_new("info");
	if (!r)
		return fail(ENOMEM, "info");
	rec_u64(r, "abi_version", "abi version", info.abi_version);
	rec_add_bits(r, "features", "features", feature_names,
		     ARRAY_SIZE(feature_names), info.features);
	rec_u64(r, "feature_bits", NULL, info.features);
	rec_u64(r, "name_max", "name max", info.name_max);
	rec_u64(r, "max_depth", "max depth", info.max_depth);
	rec_u64(r, "max_containers", "max containers", info.max_containers);
	rec_u64(r, "nr_containers", "containers", info.nr_containers);
	rec_u64(r, "nr_tracked", "tracked tasks", info.nr_tracked);
	rec_u64(r, "track_failures", "track failures", info.track_failures);
	rec_u64(r, "ns_clones", "ns clones", info.ns_clones);
	rec_u64(r, "ns_refused", "ns refused", info.ns_refused);
	rec_u64(r, "ns_missed", "ns missed", info.ns_missed);
	rec_u64(r, "nr_events", "events", info.nr_events);
	rec_u64(r, "events_dropped", "events dropped", info.events_dropped);
	ret = rec_print(r);
	if (ret)
		return fail(-ret, "info");
	return EXIT_OK;
}
