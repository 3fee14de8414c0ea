/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CTR_PERM_H
#define _CTR_PERM_H

#include <linux/types.h>
#include <linux/uidgid.h>

/* Which class of a container's mode applies to the caller. */
enum ctr_perm_class {
	CTR_PERM_OWNER,
	CTR_PERM_GROUP,
	CTR_PERM_OTHER,
};

/* The credentials a signal permission decision needs. */
struct ctr_perm_ids {
	kuid_t uid;
	kuid_t euid;
	kuid_t suid;
};

bool ctr_perm_mode_allows(u16 mode, enum ctr_perm_class class, u16 may);
int ctr_perm_attach(bool admin, bool same_user, bool write_dest,
		    bool write_ancestor);
bool ctr_perm_same_user(kuid_t caller_euid, const struct ctr_perm_ids *task);
bool ctr_perm_signal(bool cap_kill, const struct ctr_perm_ids *sender,
		     const struct ctr_perm_ids *target);
int ctr_perm_set(bool admin, bool owner, u32 what);

/* What the ns rules (CONTAINERCTL_F_NSRULES) decide a move on. */
struct ctr_perm_nsmove {
	bool self;		/* the task is the caller's own */
	bool admin;		/* the caller has CAP_SYS_ADMIN */
	bool child_of_src;	/* dest is a child of the task's container */
	bool dest_empty;	/* dest has no tasks */
	bool in_caller_subtree;	/* dest is in the caller's container's subtree */
};

int ctr_perm_nsrules_attach(const struct ctr_perm_nsmove *mv);
int ctr_perm_nsrules_create(bool admin, bool in_caller_subtree);

#endif /* _CTR_PERM_H */
