// SPDX-License-Identifier: GPL-2.0
/*
 * probe: GENL_MCAST_CAP_NET_ADMIN restricts a multicast group
 *
 * Mainline 6.8 replaced GENL_UNS_ADMIN_PERM on multicast groups (which
 * newer kernels no longer check there) with GENL_MCAST_CAP_*; stable
 * kernels got it too (Debian's 6.1 has it).
 */
#include <net/genetlink.h>

const struct genl_multicast_group *ctr_probe(void);
const struct genl_multicast_group *ctr_probe(void)
{
	static const struct genl_multicast_group g = {
		.name = "probe",
		.flags = GENL_MCAST_CAP_NET_ADMIN,
	};

	return &g;
}
