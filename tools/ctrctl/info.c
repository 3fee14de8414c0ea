// SPDX-License-Identifier: GPL-2.0
/*
 * ctrctl info: the module's ABI version, features, limits and counters
 * (CONTAINERCTL_IOC_INFO).
 */
#include <errno.h>
#include <unistd.h>

#include "ctrctl.h"
#include "table.h"

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
	rec_add(r, "abi_version", "abi version", J_NUM, "%" PRIu64,
		(uint64_t)info.abi_version);
	rec_add_bits(r, "features", "features", feature_names,
		     ARRAY_SIZE(feature_names), info.features);
	rec_add(r, "feature_bits", NULL, J_NUM, "%" PRIu64,
		(uint64_t)info.features);
	rec_add(r, "name_max", "name max", J_NUM, "%" PRIu64,
		(uint64_t)info.name_max);
	rec_add(r, "max_depth", "max depth", J_NUM, "%" PRIu64,
		(uint64_t)info.max_depth);
	rec_add(r, "max_containers", "max containers", J_NUM, "%" PRIu64,
		(uint64_t)info.max_containers);
	rec_add(r, "nr_containers", "containers", J_NUM, "%" PRIu64,
		(uint64_t)info.nr_containers);
	rec_add(r, "nr_tracked", "tracked tasks", J_NUM, "%" PRIu64,
		(uint64_t)info.nr_tracked);
	rec_add(r, "track_failures", "track failures", J_NUM, "%" PRIu64,
		(uint64_t)info.track_failures);
	rec_add(r, "ns_clones", "ns clones", J_NUM, "%" PRIu64,
		(uint64_t)info.ns_clones);
	rec_add(r, "ns_refused", "ns refused", J_NUM, "%" PRIu64,
		(uint64_t)info.ns_refused);
	rec_add(r, "ns_missed", "ns missed", J_NUM, "%" PRIu64,
		(uint64_t)info.ns_missed);
	ret = rec_print(r);
	if (ret)
		return fail(-ret, "info");
	return EXIT_OK;
}
