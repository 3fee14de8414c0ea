// SPDX-License-Identifier: GPL-2.0
/*
 * The container object's memory: a slab cache of its own, so that a
 * container takes sizeof(struct ctr_container) and not the next kmalloc
 * size (512 bytes), and its name out of line at its own length. kstrdup(),
 * not kstrdup_const(): that shares only the kernel's own .rodata, not a
 * module's literals.
 *
 * Layer: the bottom; it calls nothing else in the module.
 */
#include <linux/build_bug.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "compat.h"
#include "container.h"

static struct kmem_cache *ctr_container_cache;

/* depth is a u8. */
static_assert(CTR_DEPTH_LIMIT <= U8_MAX);

int ctr_container_init(void)
{
	ctr_container_cache = KMEM_CACHE(ctr_container, 0);
	return ctr_container_cache ? 0 : -ENOMEM;
}

/* Every container was freed: containers pin the module. */
void ctr_container_uninit(void)
{
	kmem_cache_destroy(ctr_container_cache);
}

/**
 * ctr_container_alloc() - allocate an unlinked container
 * @name: its name (not checked here), "" for the root, or NULL for one
 *        that ctr_container_set_name() names before it is linked (a clone)
 * @id: its id
 *
 * Return: the container, or NULL without memory.
 */
struct ctr_container *ctr_container_alloc(const char *name, u64 id)
{
	struct ctr_container *c;

	c = kmem_cache_zalloc(ctr_container_cache, GFP_KERNEL);
	if (!c)
		return NULL;
	if (name && ctr_container_set_name(c, name)) {
		kmem_cache_free(ctr_container_cache, c);
		return NULL;
	}
	c->id = id;
	INIT_LIST_HEAD(&c->children);
	INIT_LIST_HEAD(&c->sibling);
	INIT_LIST_HEAD(&c->members);
	INIT_LIST_HEAD(&c->reap);
	RB_CLEAR_NODE(&c->name_node);
	c->names = RB_ROOT;
	c->max_descendants = U64_MAX;
	return c;
}
EXPORT_SYMBOL_IF_KUNIT(ctr_container_alloc);

/**
 * ctr_container_set_name() - give an unlinked container its name
 * @c: the container, not in its parent's name tree
 * @name: the name (not checked here)
 *
 * Return: 0, or -ENOMEM with @c's name unchanged.
 */
int ctr_container_set_name(struct ctr_container *c, const char *name)
{
	char *copy = kstrdup(name, GFP_KERNEL);

	if (!copy)
		return -ENOMEM;
	kfree(c->name);
	c->name = copy;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(ctr_container_set_name);

/* Free @c, which may be NULL. */
void ctr_container_free(struct ctr_container *c)
{
	if (!c)
		return;
	kfree(c->name);
	kmem_cache_free(ctr_container_cache, c);
}
EXPORT_SYMBOL_IF_KUNIT(ctr_container_free);
