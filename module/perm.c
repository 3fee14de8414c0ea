// SPDX-License-Identifier: GPL-2.0
/*
 * Permission decisions: pure functions of facts the glue gathers from the
 * caller's credentials (class, capabilities, ids), tested by KUnit. The
 * rules are those documented in the uapi header.
 *
 * Layer: pure logic, the bottom; it calls nothing else in the module.
 */
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/module.h>

#include <linux/containerctl.h>

#include "compat.h"
#include "perm.h"

/**
 * ctr_perm_mode_allows() - do a container's mode bits allow an access?
 * @mode: the container's permission bits
 * @class: the caller's class (owner, group or other), as for a directory:
 *         the owner class when the caller owns it, else the group class when
 *         it is in the group, else other
 * @may: the access, in rwx bits (MAY_WRITE is 2)
 *
 * Return: true if every bit of @may is set in the class's bits.
 */
bool ctr_perm_mode_allows(u16 mode, enum ctr_perm_class class, u16 may)
{
	u16 bits;

	switch (class) {
	case CTR_PERM_OWNER:
		bits = mode >> 6;
		break;
	case CTR_PERM_GROUP:
		bits = mode >> 3;
		break;
	default:
		bits = mode;
		break;
	}
	return (bits & may & 7) == (may & 7);
}
EXPORT_SYMBOL_IF_KUNIT(ctr_perm_mode_allows);

/**
 * ctr_perm_same_user() - the tasks-file rule: may the caller move the task?
 * @caller_euid: the caller's effective uid
 * @task: the target task's ids
 *
 * Return: true if the caller's effective uid is the task's real or saved
 * uid.
 */
bool ctr_perm_same_user(kuid_t caller_euid, const struct ctr_perm_ids *task)
{
	return uid_eq(caller_euid, task->uid) || uid_eq(caller_euid, task->suid);
}
EXPORT_SYMBOL_IF_KUNIT(ctr_perm_same_user);

/**
 * ctr_perm_attach() - may a task be moved?
 * @admin: the caller has CAP_SYS_ADMIN
 * @same_user: ctr_perm_same_user() holds for the task
 * @write_dest: the caller may write the destination
 * @write_ancestor: the caller may write the nearest common ancestor of the
 *                  task's container and the destination
 *
 * Return: 0, -EPERM if the task is someone else's, or -EACCES if a
 * container's mode refuses.
 */
int ctr_perm_attach(bool admin, bool same_user, bool write_dest,
		    bool write_ancestor)
{
	if (admin)
		return 0;
	if (!same_user)
		return -EPERM;
	if (!write_dest || !write_ancestor)
		return -EACCES;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(ctr_perm_attach);

/**
 * ctr_perm_signal() - may @sender signal @target, by kill(2)'s rules?
 * @cap_kill: the sender has CAP_KILL
 * @sender: the sender's ids
 * @target: the target's ids
 *
 * Return: true if CAP_KILL, or the sender's real or effective uid equals
 * the target's real or saved uid.
 */
bool ctr_perm_signal(bool cap_kill, const struct ctr_perm_ids *sender,
		     const struct ctr_perm_ids *target)
{
	return cap_kill ||
	       uid_eq(sender->euid, target->suid) ||
	       uid_eq(sender->euid, target->uid) ||
	       uid_eq(sender->uid, target->suid) ||
	       uid_eq(sender->uid, target->uid);
}
EXPORT_SYMBOL_IF_KUNIT(ctr_perm_signal);

/**
 * ctr_perm_set() - may the caller change these attributes?
 * @admin: the caller has CAP_SYS_ADMIN
 * @owner: the caller owns the container
 * @what: CONTAINERCTL_SET_* bits
 *
 * Return: 0, or -EPERM: the owner changes only mode, flags and limits;
 * CAP_SYS_ADMIN changes everything.
 */
int ctr_perm_set(bool admin, bool owner, u32 what)
{
	if (admin)
		return 0;
	if (!owner || (what & CONTAINERCTL_SET_OWNER))
		return -EPERM;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(ctr_perm_set);

/**
 * ctr_perm_nsrules_attach() - the ns rules for a move into a container with
 * CONTAINERCTL_F_NSRULES (on top of ctr_perm_attach())
 * @mv: the facts of the move
 *
 * A task may move itself only into an empty child of its current
 * container; moving another task needs CAP_SYS_ADMIN and a destination in
 * the subtree of the caller's own container.
 *
 * Return: 0 or -EPERM.
 */
int ctr_perm_nsrules_attach(const struct ctr_perm_nsmove *mv)
{
	if (mv->self)
		return mv->child_of_src && mv->dest_empty ? 0 : -EPERM;
	return mv->admin && mv->in_caller_subtree ? 0 : -EPERM;
}
EXPORT_SYMBOL_IF_KUNIT(ctr_perm_nsrules_attach);

/**
 * ctr_perm_nsrules_create() - the ns rules for creating a child of a
 * container with CONTAINERCTL_F_NSRULES (on top of write permission)
 * @admin: the caller has CAP_SYS_ADMIN
 * @in_caller_subtree: the parent is in the subtree of the caller's own
 *                     container
 *
 * Return: 0 or -EPERM.
 */
int ctr_perm_nsrules_create(bool admin, bool in_caller_subtree)
{
	return admin && in_caller_subtree ? 0 : -EPERM;
}
EXPORT_SYMBOL_IF_KUNIT(ctr_perm_nsrules_create);
