// SPDX-License-Identifier: GPL-2.0
/*
 * The container tree: pure logic over struct ctr_container, with no global
 * state, no locking of its own and no kernel hooks, so that KUnit can test
 * it directly. Callers hold ctr_tree_lock (and ctr_member_lock where they
 * link or unlink, see container.h).
 *
 * Layer: pure logic, the bottom; it calls nothing else in the module.
 */
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/string.h>

#include "compat.h"
#include "container.h"

/**
 * ctr_tree_find_child() - a child by name
 * @parent: the parent
 * @name: the name
 *
 * Return: the child, or NULL.
 */
struct ctr_container *ctr_tree_find_child(struct ctr_container *parent,
					  const char *name)
{
	struct rb_node *n = parent->names.rb_node;

	while (n) {
		struct ctr_container *c = rb_entry(n, struct ctr_container,
						   name_node);
		int cmp = strcmp(name, c->name);

		if (cmp < 0)
			n = n->rb_left;
		else if (cmp > 0)
			n = n->rb_right;
		else
			return c;
	}
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(ctr_tree_find_child);

/**
 * ctr_tree_check_limits() - may a child be created under @parent?
 * @parent: the would-be parent
 * @max_depth: the deepest depth allowed (the root is at depth 0)
 *
 * Return: 0, -EMLINK if the child would be deeper than @max_depth, or
 * -EDQUOT if @parent or an ancestor would exceed its max_descendants.
 */
int ctr_tree_check_limits(struct ctr_container *parent, u32 max_depth)
{
	struct ctr_container *a;

	if (parent->depth + 1 > max_depth)
		return -EMLINK;
	for (a = parent; a; a = a->parent)
		if (a->nr_descendants >= a->max_descendants)
			return -EDQUOT;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(ctr_tree_check_limits);

/**
 * ctr_tree_may_add() - may a child be created under @parent?
 * @parent: the would-be parent
 * @max_depth: as for ctr_tree_check_limits()
 * @nr_containers: containers existing, root included
 * @max_containers: containers allowed, root included
 *
 * Return: 0, -EMLINK, -EDQUOT (see ctr_tree_check_limits()), or -ENOSPC if
 * there would be more than @max_containers.
 */
int ctr_tree_may_add(struct ctr_container *parent, u32 max_depth,
		     u32 nr_containers, u32 max_containers)
{
	int ret = ctr_tree_check_limits(parent, max_depth);

	if (ret)
		return ret;
	return nr_containers >= max_containers ? -ENOSPC : 0;
}
EXPORT_SYMBOL_IF_KUNIT(ctr_tree_may_add);

/**
 * ctr_tree_auto_name() - a free automatic name for a new child of @parent
 * @parent: the parent
 * @by_pid: "node_<pid>" rather than "node<N>"
 * @pid: the pid for @by_pid
 * @buf: CONTAINERCTL_NAME_MAX bytes for the name
 * @seq: for "node<N>", set to N; the caller stores it in @parent->auto_seq
 *       once the child exists, so a failed attempt consumes no number
 *
 * "node<N>" takes N from @parent's counter, which only grows and never
 * wraps, skipping names that are taken. "node_<pid>" gets a suffix "-1",
 * "-2", ... if it is taken (pid reuse, a name given by hand).
 *
 * Return: 0, or -ENOSPC if the counter is exhausted.
 */
int ctr_tree_auto_name(struct ctr_container *parent, bool by_pid, u32 pid,
		       char *buf, u64 *seq)
{
	u64 n;

	if (by_pid) {
		snprintf(buf, CONTAINERCTL_NAME_MAX, "node_%u", pid);
		for (n = 1; ctr_tree_find_child(parent, buf); n++)
			snprintf(buf, CONTAINERCTL_NAME_MAX, "node_%u-%llu",
				 pid, n);
		return 0;
	}
	n = parent->auto_seq;
	do {
		if (n == U64_MAX)
			return -ENOSPC;
		n++;
		snprintf(buf, CONTAINERCTL_NAME_MAX, "node%llu", n);
	} while (ctr_tree_find_child(parent, buf));
	*seq = n;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(ctr_tree_auto_name);

/**
 * ctr_tree_link() - make @c a child of @parent
 * @parent: the parent
 * @c: an unlinked container whose id is larger than any of @parent's
 *     children's
 *
 * Return: 0, or -EEXIST if a sibling has the same name.
 */
int ctr_tree_link(struct ctr_container *parent, struct ctr_container *c)
{
	struct rb_node **link = &parent->names.rb_node, *up = NULL;
	struct ctr_container *a;

	while (*link) {
		struct ctr_container *s = rb_entry(*link, struct ctr_container,
						   name_node);
		int cmp = strcmp(c->name, s->name);

		up = *link;
		if (cmp < 0)
			link = &(*link)->rb_left;
		else if (cmp > 0)
			link = &(*link)->rb_right;
		else
			return -EEXIST;
	}
	rb_link_node(&c->name_node, up, link);
	rb_insert_color(&c->name_node, &parent->names);
	list_add_tail(&c->sibling, &parent->children);
	c->parent = parent;
	c->depth = parent->depth + 1;
	parent->nr_children++;
	for (a = parent; a; a = a->parent)
		a->nr_descendants++;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(ctr_tree_link);

/**
 * ctr_tree_unlink() - detach a childless container from its parent
 * @c: the container
 */
void ctr_tree_unlink(struct ctr_container *c)
{
	struct ctr_container *a;

	rb_erase(&c->name_node, &c->parent->names);
	RB_CLEAR_NODE(&c->name_node);
	list_del_init(&c->sibling);
	c->parent->nr_children--;
	for (a = c->parent; a; a = a->parent)
		a->nr_descendants--;
	c->parent = NULL;
}
EXPORT_SYMBOL_IF_KUNIT(ctr_tree_unlink);

/**
 * ctr_tree_common_ancestor() - the nearest common ancestor of two containers
 * @a: one container
 * @b: another, in the same tree
 *
 * A container is its own ancestor: the result may be @a or @b.
 *
 * Return: the nearest common ancestor.
 */
struct ctr_container *ctr_tree_common_ancestor(struct ctr_container *a,
					       struct ctr_container *b)
{
	while (a->depth > b->depth)
		a = a->parent;
	while (b->depth > a->depth)
		b = b->parent;
	while (a != b) {
		a = a->parent;
		b = b->parent;
	}
	return a;
}
EXPORT_SYMBOL_IF_KUNIT(ctr_tree_common_ancestor);

/**
 * ctr_tree_is_descendant() - is @c in the subtree of @ancestor?
 * @c: a container
 * @ancestor: another (a container is in its own subtree)
 *
 * Return: true if @c is @ancestor or below it.
 */
bool ctr_tree_is_descendant(struct ctr_container *c,
			    struct ctr_container *ancestor)
{
	while (c && c->depth > ancestor->depth)
		c = c->parent;
	return c == ancestor;
}
EXPORT_SYMBOL_IF_KUNIT(ctr_tree_is_descendant);

/**
 * ctr_tree_path() - the absolute path of a container
 * @c: the container
 * @buf: where to write it, NUL-terminated
 * @size: the size of @buf
 *
 * Return: the path's length without the NUL, which may be @size or more:
 * then @buf holds nothing useful and the caller needs a larger buffer.
 */
int ctr_tree_path(struct ctr_container *c, char *buf, size_t size)
{
	struct ctr_container *a;
	size_t len = 0, pos;

	if (!c->parent) {
		if (size >= 2)
			strscpy(buf, "/", size);
		return 1;
	}
	for (a = c; a->parent; a = a->parent)
		len += 1 + strlen(a->name);
	if (len >= size)
		return len;
	pos = len;
	buf[pos] = '\0';
	for (a = c; a->parent; a = a->parent) {
		size_t n = strlen(a->name);

		pos -= n;
		memcpy(buf + pos, a->name, n);
		buf[--pos] = '/';
	}
	return len;
}
EXPORT_SYMBOL_IF_KUNIT(ctr_tree_path);

/**
 * ctr_tree_walk() - resolve an absolute path
 * @root: the root container
 * @path: "/" or "/name/name...": as in file names, a run of '/' is one
 *        separator and a trailing '/' is allowed ("//a//b/" is "/a/b")
 *
 * Return: the container, ERR_PTR(-ENOENT) if a component does not exist,
 * or ERR_PTR(-EINVAL) for a path that is not absolute or has a component
 * longer than a name can be.
 */
struct ctr_container *ctr_tree_walk(struct ctr_container *root,
				    const char *path)
{
	char name[CONTAINERCTL_NAME_MAX];
	struct ctr_container *c = root;
	const char *p = path;

	if (*p != '/')
		return ERR_PTR(-EINVAL);
	for (;;) {
		const char *end;
		size_t n;

		while (*p == '/')
			p++;
		if (!*p)
			return c;
		end = strchrnul(p, '/');
		n = end - p;
		if (n >= sizeof(name))
			return ERR_PTR(-EINVAL);
		memcpy(name, p, n);
		name[n] = '\0';
		c = ctr_tree_find_child(c, name);
		if (!c)
			return ERR_PTR(-ENOENT);
		p = end;
	}
}
EXPORT_SYMBOL_IF_KUNIT(ctr_tree_walk);

/**
 * ctr_tree_next_pre() - pre-order successor within a subtree
 * @pos: the current container
 * @root: the subtree's root (the walk starts there)
 *
 * Children are visited in ascending id order.
 *
 * Return: the next container, or NULL after the last one.
 */
struct ctr_container *ctr_tree_next_pre(struct ctr_container *pos,
					struct ctr_container *root)
{
	if (!list_empty(&pos->children))
		return list_first_entry(&pos->children, struct ctr_container,
					sibling);
	while (pos != root) {
		if (!list_is_last(&pos->sibling, &pos->parent->children))
			return list_next_entry(pos, sibling);
		pos = pos->parent;
	}
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(ctr_tree_next_pre);
