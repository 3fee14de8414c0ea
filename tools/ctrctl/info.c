// SPDX-License-Identifier: GPL-2.0
/*
 * ctrctl info: the module's ABI version, features, limits and counters
 * (CONTAINERCTL_IOC_INFO).
 */
#include <unistd.h>

#include "ctrctl.h"
#include "out.h"

static const char info_usage[] =
	"Usage: ctrctl info\n"
	"\n"
	"Show what the containerctl module offers: its ABI version, features\n"
	"and limits, and its counters: containers, tasks outside the root,\n"
	"new tasks it could not track, and the automatic clones of namespace\n"
	"tracking made, refused (a limit was reached) and missed.\n"
	"\n"
	"Features:\n"
	"  core             the core ioctls\n"
	"  clone            'ctrctl clone'\n"
	"  nstrack-clone    namespace tracking of clone(2)\n"
	"  nstrack-unshare  namespace tracking of unshare(2)\n"
	"  nsrules          the nsrules flag\n"
	"  events           the generic netlink family \"containerctl\"\n"
	"\n"
	"Options:\n"
	"  -j, --json  print JSON (the keys are the fields of\n"
	"              struct containerctl_info; features as names, and\n"
	"              feature_bits as a number)\n"
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
};

int info_main(int argc, char *argv[])
{
	const struct cmd *cmd = &info_cmd;
	struct containerctl_info info;
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

	out_begin_object(NULL);
	out_field_u64("abi_version", "abi version:     %" PRIu64 "\n",
		      info.abi_version);
	out_field_bits("features", "features:        %s\n", feature_names,
		       ARRAY_SIZE(feature_names), info.features);
	out_field_u64("feature_bits", NULL, info.features);
	out_field_u64("name_max", "name max:        %" PRIu64 "\n",
		      info.name_max);
	out_field_u64("max_depth", "max depth:       %" PRIu64 "\n",
		      info.max_depth);
	out_field_u64("max_containers", "max containers:  %" PRIu64 "\n",
		      info.max_containers);
	out_field_u64("nr_containers", "containers:      %" PRIu64 "\n",
		      info.nr_containers);
	out_field_u64("nr_tracked", "tracked tasks:   %" PRIu64 "\n",
		      info.nr_tracked);
	out_field_u64("track_failures", "track failures:  %" PRIu64 "\n",
		      info.track_failures);
	out_field_u64("ns_clones", "ns clones:       %" PRIu64 "\n",
		      info.ns_clones);
	out_field_u64("ns_refused", "ns refused:      %" PRIu64 "\n",
		      info.ns_refused);
	out_field_u64("ns_missed", "ns missed:       %" PRIu64 "\n",
		      info.ns_missed);
	out_end_object();
	return EXIT_OK;
}
