// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the container tree (module/tree.c).
 *
 * Each case builds a small tree under a fresh root. The fixture records
 * every container add() links; the suite's exit unlinks and frees them in
 * reverse, so children go before their parents and the root last. (A plain
 * init/exit pair rather than deferred actions: KUnit's action calls came in
 * 6.5 and 6.8, and these suites build on 6.1 too.)
 */
#include <kunit/test.h>
#include <linux/err.h>
#include <linux/module.h>
#include <linux/string.h>

#include <linux/containerctl.h>

#include "container.h"

#define TREE_MAX_MADE	64

struct tree_fixture {
	struct ctr_container *root;
	u64 next_id;
	unsigned int nr_made;
	struct ctr_container *made[TREE_MAX_MADE];
};

static int containerctl_tree_test_init(struct kunit *test)
{
	struct tree_fixture *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	if (!f)
		return -ENOMEM;
	f->root = ctr_container_alloc("", 0);
	if (!f->root)
		return -ENOMEM;
	test->priv = f;
	return 0;
}

static void containerctl_tree_test_exit(struct kunit *test)
{
	struct tree_fixture *f = test->priv;

	while (f->nr_made) {
		struct ctr_container *c = f->made[--f->nr_made];

		if (!c)
			continue;
		ctr_tree_unlink(c);
		ctr_container_free(c);
	}
	ctr_container_free(f->root);
}

static struct ctr_container *root_of(struct kunit *test)
{
	struct tree_fixture *f = test->priv;

	return f->root;
}

/* Link a new container named @name under @parent, with the next id. */
static struct ctr_container *add(struct kunit *test,
				 struct ctr_container *parent,
				 const char *name)
{
	struct tree_fixture *f = test->priv;
	struct ctr_container *c;
	int ret;

	KUNIT_ASSERT_LT(test, f->nr_made, TREE_MAX_MADE);
	c = ctr_container_alloc(name, ++f->next_id);
	KUNIT_ASSERT_NOT_NULL(test, c);
	ret = ctr_tree_link(parent, c);
	if (ret)
		ctr_container_free(c);
	KUNIT_ASSERT_EQ(test, ret, 0);
	f->made[f->nr_made++] = c;
	return c;
}

/* Take @c out of the fixture's care: the exit will not free it. */
static void forget(struct kunit *test, struct ctr_container *c)
{
	struct tree_fixture *f = test->priv;
	unsigned int i;

	for (i = 0; i < f->nr_made; i++)
		if (f->made[i] == c)
			f->made[i] = NULL;
}

static int walk_err(struct ctr_container *root, const char *path)
{
	struct ctr_container *c = ctr_tree_walk(root, path);

	return IS_ERR(c) ? PTR_ERR(c) : 0;
}

static void containerctl_tree_test_alloc(struct kunit *test)
{
	struct ctr_container *root = root_of(test);

	KUNIT_EXPECT_NULL(test, root->parent);
	KUNIT_EXPECT_EQ(test, root->depth, 0);
	KUNIT_EXPECT_EQ(test, root->nr_children, 0);
	KUNIT_EXPECT_EQ(test, root->nr_descendants, 0);
	KUNIT_EXPECT_EQ(test, root->max_descendants, U64_MAX);
	KUNIT_EXPECT_STREQ(test, root->name, "");
	KUNIT_EXPECT_TRUE(test, list_empty(&root->children));
	KUNIT_EXPECT_NULL(test, ctr_tree_find_child(root, ""));
}

static void containerctl_tree_test_link(struct kunit *test)
{
	struct ctr_container *root = root_of(test);
	struct ctr_container *a, *b, *ab, *abc;

	a = add(test, root, "a");
	KUNIT_EXPECT_PTR_EQ(test, a->parent, root);
	KUNIT_EXPECT_EQ(test, a->depth, 1);
	KUNIT_EXPECT_EQ(test, root->nr_children, 1);
	KUNIT_EXPECT_EQ(test, root->nr_descendants, 1);

	b = add(test, root, "b");
	ab = add(test, a, "b");
	abc = add(test, ab, "c");
	KUNIT_EXPECT_PTR_EQ(test, b->parent, root);
	KUNIT_EXPECT_EQ(test, b->depth, 1);
	KUNIT_EXPECT_PTR_EQ(test, ab->parent, a);
	KUNIT_EXPECT_EQ(test, ab->depth, 2);
	KUNIT_EXPECT_PTR_EQ(test, abc->parent, ab);
	KUNIT_EXPECT_EQ(test, abc->depth, 3);

	/* nr_children counts direct children, nr_descendants the subtree. */
	KUNIT_EXPECT_EQ(test, root->nr_children, 2);
	KUNIT_EXPECT_EQ(test, root->nr_descendants, 4);
	KUNIT_EXPECT_EQ(test, a->nr_children, 1);
	KUNIT_EXPECT_EQ(test, a->nr_descendants, 2);
	KUNIT_EXPECT_EQ(test, ab->nr_children, 1);
	KUNIT_EXPECT_EQ(test, ab->nr_descendants, 1);
	KUNIT_EXPECT_EQ(test, abc->nr_children, 0);
	KUNIT_EXPECT_EQ(test, abc->nr_descendants, 0);
	KUNIT_EXPECT_EQ(test, b->nr_descendants, 0);
}

static void containerctl_tree_test_link_duplicate(struct kunit *test)
{
	struct ctr_container *root = root_of(test);
	struct ctr_container *a, *ax, *dup;

	a = add(test, root, "a");
	ax = add(test, a, "x");
	add(test, root, "b");

	dup = ctr_container_alloc("x", 100);
	KUNIT_ASSERT_NOT_NULL(test, dup);
	KUNIT_EXPECT_EQ(test, ctr_tree_link(a, dup), -EEXIST);
	KUNIT_EXPECT_NULL(test, dup->parent);
	KUNIT_EXPECT_EQ(test, dup->depth, 0);
	KUNIT_EXPECT_TRUE(test, list_empty(&dup->sibling));
	KUNIT_EXPECT_TRUE(test, RB_EMPTY_NODE(&dup->name_node));
	ctr_container_free(dup);

	dup = ctr_container_alloc("a", 101);
	KUNIT_ASSERT_NOT_NULL(test, dup);
	KUNIT_EXPECT_EQ(test, ctr_tree_link(root, dup), -EEXIST);
	ctr_container_free(dup);

	/* Nothing changed. */
	KUNIT_EXPECT_EQ(test, a->nr_children, 1);
	KUNIT_EXPECT_EQ(test, a->nr_descendants, 1);
	KUNIT_EXPECT_EQ(test, root->nr_children, 2);
	KUNIT_EXPECT_EQ(test, root->nr_descendants, 3);
	KUNIT_EXPECT_PTR_EQ(test, ctr_tree_find_child(a, "x"), ax);
	KUNIT_EXPECT_PTR_EQ(test, ctr_tree_find_child(root, "a"), a);
	KUNIT_EXPECT_TRUE(test, list_is_singular(&a->children));

	/* The same name is fine under another parent. */
	dup = add(test, ax, "x");
	KUNIT_EXPECT_EQ(test, dup->depth, 3);
}

static void containerctl_tree_test_find_child(struct kunit *test)
{
	struct ctr_container *root = root_of(test);
	static const char * const names[] = { "m", "c", "x", "a", "e", "z" };
	struct ctr_container *c[ARRAY_SIZE(names)];
	struct ctr_container *m;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		c[i] = add(test, root, names[i]);
	for (i = 0; i < ARRAY_SIZE(names); i++)
		KUNIT_EXPECT_PTR_EQ(test, ctr_tree_find_child(root, names[i]),
				    c[i]);

	KUNIT_EXPECT_NULL(test, ctr_tree_find_child(root, "b"));
	KUNIT_EXPECT_NULL(test, ctr_tree_find_child(root, "mm"));
	KUNIT_EXPECT_NULL(test, ctr_tree_find_child(root, "M"));
	KUNIT_EXPECT_NULL(test, ctr_tree_find_child(root, ""));

	/* Only direct children. */
	m = c[0];
	add(test, m, "deep");
	KUNIT_EXPECT_NULL(test, ctr_tree_find_child(root, "deep"));
	KUNIT_EXPECT_NOT_NULL(test, ctr_tree_find_child(m, "deep"));
	KUNIT_EXPECT_NULL(test, ctr_tree_find_child(m, "m"));
}

static void containerctl_tree_test_unlink(struct kunit *test)
{
	struct ctr_container *root = root_of(test);
	struct ctr_container *a, *ab, *abc;

	a = add(test, root, "a");
	add(test, root, "b");
	ab = add(test, a, "b");
	abc = add(test, ab, "c");
	KUNIT_ASSERT_EQ(test, root->nr_descendants, 4);

	/* Unlink by hand, then free. */
	forget(test, abc);
	ctr_tree_unlink(abc);
	KUNIT_EXPECT_NULL(test, abc->parent);
	KUNIT_EXPECT_TRUE(test, list_empty(&abc->sibling));
	KUNIT_EXPECT_TRUE(test, RB_EMPTY_NODE(&abc->name_node));
	ctr_container_free(abc);

	KUNIT_EXPECT_EQ(test, ab->nr_children, 0);
	KUNIT_EXPECT_EQ(test, ab->nr_descendants, 0);
	KUNIT_EXPECT_EQ(test, a->nr_children, 1);
	KUNIT_EXPECT_EQ(test, a->nr_descendants, 1);
	KUNIT_EXPECT_EQ(test, root->nr_children, 2);
	KUNIT_EXPECT_EQ(test, root->nr_descendants, 3);
	KUNIT_EXPECT_NULL(test, ctr_tree_find_child(ab, "c"));
	KUNIT_EXPECT_TRUE(test, list_empty(&ab->children));

	forget(test, ab);
	ctr_tree_unlink(ab);
	ctr_container_free(ab);
	KUNIT_EXPECT_EQ(test, a->nr_children, 0);
	KUNIT_EXPECT_EQ(test, a->nr_descendants, 0);
	KUNIT_EXPECT_EQ(test, root->nr_descendants, 2);
	KUNIT_EXPECT_NULL(test, ctr_tree_find_child(a, "b"));
	KUNIT_EXPECT_NOT_NULL(test, ctr_tree_find_child(root, "b"));

	/* The name is free again. */
	ab = add(test, a, "b");
	KUNIT_EXPECT_EQ(test, ab->depth, 2);
	KUNIT_EXPECT_EQ(test, root->nr_descendants, 3);
}

static void containerctl_tree_test_check_limits(struct kunit *test)
{
	struct ctr_container *root = root_of(test);
	struct ctr_container *a, *ax, *b;

	a = add(test, root, "a");
	ax = add(test, a, "x");
	b = add(test, root, "b");

	/* Depth: the child would be at parent->depth + 1. */
	KUNIT_EXPECT_EQ(test, ctr_tree_check_limits(root, 0), -EMLINK);
	KUNIT_EXPECT_EQ(test, ctr_tree_check_limits(root, 1), 0);
	KUNIT_EXPECT_EQ(test, ctr_tree_check_limits(a, 1), -EMLINK);
	KUNIT_EXPECT_EQ(test, ctr_tree_check_limits(a, 2), 0);
	KUNIT_EXPECT_EQ(test, ctr_tree_check_limits(ax, 2), -EMLINK);
	KUNIT_EXPECT_EQ(test, ctr_tree_check_limits(ax, 3), 0);

	/* The parent's own limit. */
	a->max_descendants = 2;
	KUNIT_EXPECT_EQ(test, ctr_tree_check_limits(a, 8), 0);
	a->max_descendants = 1;
	KUNIT_EXPECT_EQ(test, ctr_tree_check_limits(a, 8), -EDQUOT);
	/* An ancestor above the parent. */
	KUNIT_EXPECT_EQ(test, ctr_tree_check_limits(ax, 8), -EDQUOT);
	/* Not a sibling's. */
	KUNIT_EXPECT_EQ(test, ctr_tree_check_limits(b, 8), 0);
	KUNIT_EXPECT_EQ(test, ctr_tree_check_limits(root, 8), 0);

	/* A leaf with a limit of 0. */
	a->max_descendants = U64_MAX;
	b->max_descendants = 0;
	KUNIT_EXPECT_EQ(test, ctr_tree_check_limits(b, 8), -EDQUOT);
	KUNIT_EXPECT_EQ(test, ctr_tree_check_limits(a, 8), 0);

	/* The root's limit, two levels above ax. */
	b->max_descendants = U64_MAX;
	root->max_descendants = root->nr_descendants;
	KUNIT_EXPECT_EQ(test, ctr_tree_check_limits(root, 8), -EDQUOT);
	KUNIT_EXPECT_EQ(test, ctr_tree_check_limits(ax, 8), -EDQUOT);
	root->max_descendants = root->nr_descendants + 1;
	KUNIT_EXPECT_EQ(test, ctr_tree_check_limits(ax, 8), 0);
}

static void containerctl_tree_test_may_add(struct kunit *test)
{
	struct ctr_container *root = root_of(test);
	struct ctr_container *a = add(test, root, "a");

	KUNIT_EXPECT_EQ(test, ctr_tree_may_add(a, 8, 2, 3), 0);
	/* The module's count, the root included. */
	KUNIT_EXPECT_EQ(test, ctr_tree_may_add(a, 8, 3, 3), -ENOSPC);
	KUNIT_EXPECT_EQ(test, ctr_tree_may_add(a, 8, 4, 3), -ENOSPC);
	/* Depth and descendants are decided first, as for create. */
	KUNIT_EXPECT_EQ(test, ctr_tree_may_add(a, 1, 3, 3), -EMLINK);
	a->max_descendants = 0;
	KUNIT_EXPECT_EQ(test, ctr_tree_may_add(a, 8, 3, 3), -EDQUOT);
	KUNIT_EXPECT_EQ(test, ctr_tree_may_add(a, 8, 2, 3), -EDQUOT);
	KUNIT_EXPECT_EQ(test, ctr_tree_may_add(root, 8, 2, 3), 0);
}

/* ctr_tree_auto_name() into a buffer; the counter is not committed. */
static int auto_name(struct ctr_container *parent, bool by_pid, u32 pid,
		     char *buf, u64 *seq)
{
	memset(buf, 'x', CONTAINERCTL_NAME_MAX);
	*seq = 0;
	return ctr_tree_auto_name(parent, by_pid, pid, buf, seq);
}

static void containerctl_tree_test_auto_name_counter(struct kunit *test)
{
	char buf[CONTAINERCTL_NAME_MAX];
	struct ctr_container *root = root_of(test), *a, *b;
	u64 seq;

	a = add(test, root, "a");
	b = add(test, root, "b");
	KUNIT_ASSERT_EQ(test, auto_name(a, false, 0, buf, &seq), 0);
	KUNIT_EXPECT_STREQ(test, buf, "node1");
	KUNIT_EXPECT_EQ(test, seq, 1);
	/* Not committed: the same name again. */
	KUNIT_ASSERT_EQ(test, auto_name(a, false, 0, buf, &seq), 0);
	KUNIT_EXPECT_STREQ(test, buf, "node1");
	a->auto_seq = seq;
	add(test, a, buf);
	KUNIT_ASSERT_EQ(test, auto_name(a, false, 0, buf, &seq), 0);
	KUNIT_EXPECT_STREQ(test, buf, "node2");

	/* Per parent: a's counter does not move b's. */
	KUNIT_ASSERT_EQ(test, auto_name(b, false, 0, buf, &seq), 0);
	KUNIT_EXPECT_STREQ(test, buf, "node1");

	/* Taken names are skipped, and the counter goes past them. */
	add(test, a, "node2");
	add(test, a, "node3");
	add(test, a, "node5");
	KUNIT_ASSERT_EQ(test, auto_name(a, false, 0, buf, &seq), 0);
	KUNIT_EXPECT_STREQ(test, buf, "node4");
	KUNIT_EXPECT_EQ(test, seq, 4);
	a->auto_seq = seq;
	add(test, a, buf);
	KUNIT_ASSERT_EQ(test, auto_name(a, false, 0, buf, &seq), 0);
	KUNIT_EXPECT_STREQ(test, buf, "node6");

	/* A freed name below the counter is not reused: it only grows. */
	a->auto_seq = 6;
	KUNIT_ASSERT_EQ(test, auto_name(a, false, 0, buf, &seq), 0);
	KUNIT_EXPECT_STREQ(test, buf, "node7");

	/* Never wraps. */
	a->auto_seq = U64_MAX - 1;
	KUNIT_ASSERT_EQ(test, auto_name(a, false, 0, buf, &seq), 0);
	KUNIT_EXPECT_STREQ(test, buf, "node18446744073709551615");
	KUNIT_EXPECT_EQ(test, seq, U64_MAX);
	a->auto_seq = U64_MAX;
	KUNIT_EXPECT_EQ(test, auto_name(a, false, 0, buf, &seq), -ENOSPC);
}

static void containerctl_tree_test_auto_name_pid(struct kunit *test)
{
	char buf[CONTAINERCTL_NAME_MAX];
	struct ctr_container *root = root_of(test), *a;
	u64 seq;

	a = add(test, root, "a");
	KUNIT_ASSERT_EQ(test, auto_name(a, true, 4242, buf, &seq), 0);
	KUNIT_EXPECT_STREQ(test, buf, "node_4242");
	/* The pid naming leaves the counter alone. */
	KUNIT_EXPECT_EQ(test, seq, 0);
	KUNIT_EXPECT_EQ(test, a->auto_seq, 0);
	add(test, a, buf);

	/* Taken (pid reuse): a suffix, never EEXIST. */
	KUNIT_ASSERT_EQ(test, auto_name(a, true, 4242, buf, &seq), 0);
	KUNIT_EXPECT_STREQ(test, buf, "node_4242-1");
	add(test, a, buf);
	add(test, a, "node_4242-2");
	KUNIT_ASSERT_EQ(test, auto_name(a, true, 4242, buf, &seq), 0);
	KUNIT_EXPECT_STREQ(test, buf, "node_4242-3");

	/* Another pid, and the largest one, fit. */
	KUNIT_ASSERT_EQ(test, auto_name(a, true, 42, buf, &seq), 0);
	KUNIT_EXPECT_STREQ(test, buf, "node_42");
	KUNIT_ASSERT_EQ(test, auto_name(a, true, U32_MAX, buf, &seq), 0);
	KUNIT_EXPECT_STREQ(test, buf, "node_4294967295");
	/* Names made here pass the name rules. */
	KUNIT_EXPECT_GT(test, strlen(buf), 0);
	KUNIT_EXPECT_LT(test, strlen(buf), CONTAINERCTL_NAME_MAX);
}

static void containerctl_tree_test_common_ancestor(struct kunit *test)
{
	struct ctr_container *root = root_of(test);
	struct ctr_container *a, *ax, *ay, *axz, *b, *bz;

	a = add(test, root, "a");
	ax = add(test, a, "x");
	ay = add(test, a, "y");
	axz = add(test, ax, "z");
	b = add(test, root, "b");
	bz = add(test, b, "z");

	/* Siblings, at any depth. */
	KUNIT_EXPECT_PTR_EQ(test, ctr_tree_common_ancestor(ax, ay), a);
	KUNIT_EXPECT_PTR_EQ(test, ctr_tree_common_ancestor(a, b), root);
	/* Different depths. */
	KUNIT_EXPECT_PTR_EQ(test, ctr_tree_common_ancestor(axz, ay), a);
	KUNIT_EXPECT_PTR_EQ(test, ctr_tree_common_ancestor(ay, axz), a);
	KUNIT_EXPECT_PTR_EQ(test, ctr_tree_common_ancestor(axz, bz), root);
	/* Ancestor and descendant, both ways. */
	KUNIT_EXPECT_PTR_EQ(test, ctr_tree_common_ancestor(a, axz), a);
	KUNIT_EXPECT_PTR_EQ(test, ctr_tree_common_ancestor(axz, a), a);
	KUNIT_EXPECT_PTR_EQ(test, ctr_tree_common_ancestor(ax, axz), ax);
	/* The same node. */
	KUNIT_EXPECT_PTR_EQ(test, ctr_tree_common_ancestor(axz, axz), axz);
	KUNIT_EXPECT_PTR_EQ(test, ctr_tree_common_ancestor(root, root), root);
	/* The root. */
	KUNIT_EXPECT_PTR_EQ(test, ctr_tree_common_ancestor(root, axz), root);
	KUNIT_EXPECT_PTR_EQ(test, ctr_tree_common_ancestor(bz, root), root);
}

static void containerctl_tree_test_is_descendant(struct kunit *test)
{
	struct ctr_container *root = root_of(test);
	struct ctr_container *a, *ax, *axz, *b;

	a = add(test, root, "a");
	ax = add(test, a, "x");
	axz = add(test, ax, "z");
	b = add(test, root, "b");

	KUNIT_EXPECT_TRUE(test, ctr_tree_is_descendant(ax, a));
	KUNIT_EXPECT_TRUE(test, ctr_tree_is_descendant(axz, a));
	KUNIT_EXPECT_TRUE(test, ctr_tree_is_descendant(axz, root));
	KUNIT_EXPECT_TRUE(test, ctr_tree_is_descendant(b, root));
	/* A container is in its own subtree. */
	KUNIT_EXPECT_TRUE(test, ctr_tree_is_descendant(a, a));
	KUNIT_EXPECT_TRUE(test, ctr_tree_is_descendant(root, root));

	KUNIT_EXPECT_FALSE(test, ctr_tree_is_descendant(a, ax));
	KUNIT_EXPECT_FALSE(test, ctr_tree_is_descendant(a, axz));
	KUNIT_EXPECT_FALSE(test, ctr_tree_is_descendant(root, a));
	KUNIT_EXPECT_FALSE(test, ctr_tree_is_descendant(b, a));
	KUNIT_EXPECT_FALSE(test, ctr_tree_is_descendant(axz, b));
	KUNIT_EXPECT_FALSE(test, ctr_tree_is_descendant(a, b));
}

static void containerctl_tree_test_path(struct kunit *test)
{
	struct ctr_container *root = root_of(test);
	struct ctr_container *a, *ab, *abl;
	char buf[2 * CONTAINERCTL_NAME_MAX + 8];
	char longname[CONTAINERCTL_NAME_MAX];

	a = add(test, root, "a");
	ab = add(test, a, "b");

	KUNIT_EXPECT_EQ(test, ctr_tree_path(root, buf, sizeof(buf)), 1);
	KUNIT_EXPECT_STREQ(test, buf, "/");
	KUNIT_EXPECT_EQ(test, ctr_tree_path(a, buf, sizeof(buf)), 2);
	KUNIT_EXPECT_STREQ(test, buf, "/a");
	KUNIT_EXPECT_EQ(test, ctr_tree_path(ab, buf, sizeof(buf)), 4);
	KUNIT_EXPECT_STREQ(test, buf, "/a/b");

	/* Exactly large enough: the length plus the NUL. */
	memset(buf, 'Z', sizeof(buf));
	KUNIT_EXPECT_EQ(test, ctr_tree_path(ab, buf, 5), 4);
	KUNIT_EXPECT_STREQ(test, buf, "/a/b");
	KUNIT_EXPECT_EQ(test, buf[5], 'Z');
	memset(buf, 'Z', sizeof(buf));
	KUNIT_EXPECT_EQ(test, ctr_tree_path(root, buf, 2), 1);
	KUNIT_EXPECT_STREQ(test, buf, "/");

	/* Too small: the length is still returned, nothing written past. */
	memset(buf, 'Z', sizeof(buf));
	KUNIT_EXPECT_GE(test, ctr_tree_path(ab, buf, 4), 4);
	KUNIT_EXPECT_EQ(test, ctr_tree_path(ab, buf, 4), 4);
	KUNIT_EXPECT_EQ(test, buf[4], 'Z');
	KUNIT_EXPECT_EQ(test, ctr_tree_path(ab, buf, 1), 4);
	KUNIT_EXPECT_EQ(test, buf[1], 'Z');
	KUNIT_EXPECT_EQ(test, ctr_tree_path(root, buf, 1), 1);
	KUNIT_EXPECT_EQ(test, buf[1], 'Z');

	/* Longest names. */
	memset(longname, 'n', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	abl = add(test, ab, longname);
	KUNIT_EXPECT_EQ(test, ctr_tree_path(abl, buf, sizeof(buf)),
			5 + CONTAINERCTL_NAME_MAX - 1);
	KUNIT_EXPECT_EQ(test, strncmp(buf, "/a/b/", 5), 0);
	KUNIT_EXPECT_STREQ(test, buf + 5, longname);
	KUNIT_EXPECT_EQ(test, ctr_tree_path(abl, buf, 5 + CONTAINERCTL_NAME_MAX - 1),
			5 + CONTAINERCTL_NAME_MAX - 1);
}

static void containerctl_tree_test_walk(struct kunit *test)
{
	struct ctr_container *root = root_of(test);
	struct ctr_container *a, *ab, *abl;
	char path[2 * CONTAINERCTL_NAME_MAX + 8];
	char longname[CONTAINERCTL_NAME_MAX];

	a = add(test, root, "a");
	ab = add(test, a, "b");
	add(test, root, "b");

	KUNIT_EXPECT_PTR_EQ(test, ctr_tree_walk(root, "/"), root);
	KUNIT_EXPECT_PTR_EQ(test, ctr_tree_walk(root, "/a"), a);
	KUNIT_EXPECT_PTR_EQ(test, ctr_tree_walk(root, "/a/"), a);
	KUNIT_EXPECT_PTR_EQ(test, ctr_tree_walk(root, "/a/b"), ab);
	KUNIT_EXPECT_PTR_EQ(test, ctr_tree_walk(root, "/a/b/"), ab);

	/* A run of '/' is one, as in file names. */
	KUNIT_EXPECT_PTR_EQ(test, ctr_tree_walk(root, "/a//b"), ab);
	KUNIT_EXPECT_PTR_EQ(test, ctr_tree_walk(root, "//"), root);
	KUNIT_EXPECT_PTR_EQ(test, ctr_tree_walk(root, "///"), root);
	KUNIT_EXPECT_PTR_EQ(test, ctr_tree_walk(root, "//a"), a);
	KUNIT_EXPECT_PTR_EQ(test, ctr_tree_walk(root, "/a/b//"), ab);
	KUNIT_EXPECT_PTR_EQ(test, ctr_tree_walk(root, "//a///b//"), ab);
	KUNIT_EXPECT_EQ(test, walk_err(root, "//x"), -ENOENT);
	KUNIT_EXPECT_EQ(test, walk_err(root, "/a//x/"), -ENOENT);
	KUNIT_EXPECT_EQ(test, walk_err(root, "a"), -EINVAL);
	KUNIT_EXPECT_EQ(test, walk_err(root, "a/b"), -EINVAL);
	KUNIT_EXPECT_EQ(test, walk_err(root, ""), -EINVAL);

	KUNIT_EXPECT_EQ(test, walk_err(root, "/c"), -ENOENT);
	KUNIT_EXPECT_EQ(test, walk_err(root, "/a/c"), -ENOENT);
	KUNIT_EXPECT_EQ(test, walk_err(root, "/a/b/c"), -ENOENT);
	KUNIT_EXPECT_EQ(test, walk_err(root, "/b/b"), -ENOENT);
	KUNIT_EXPECT_EQ(test, walk_err(root, "/c/a"), -ENOENT);

	/* A 63-character component is a name; 64 characters are not. */
	memset(longname, 'n', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	abl = add(test, ab, longname);
	snprintf(path, sizeof(path), "/a/b/%s", longname);
	KUNIT_EXPECT_PTR_EQ(test, ctr_tree_walk(root, path), abl);
	snprintf(path, sizeof(path), "/a/b/%s/", longname);
	KUNIT_EXPECT_PTR_EQ(test, ctr_tree_walk(root, path), abl);
	snprintf(path, sizeof(path), "/%s", longname);
	KUNIT_EXPECT_EQ(test, walk_err(root, path), -ENOENT);
	snprintf(path, sizeof(path), "/a/b/%sn", longname);
	KUNIT_EXPECT_EQ(test, walk_err(root, path), -EINVAL);
	snprintf(path, sizeof(path), "/%sn/a", longname);
	KUNIT_EXPECT_EQ(test, walk_err(root, path), -EINVAL);
}

static void containerctl_tree_test_next_pre(struct kunit *test)
{
	struct ctr_container *root = root_of(test);
	struct ctr_container *a, *ay, *ax, *b, *bz, *ayw, *pos;
	struct ctr_container *order[8];
	size_t n;

	/*
	 * Ids follow creation: a 1, y 2, b 3, x 4, w 5, z 6. Children are
	 * visited by id, so y comes before x although "x" < "y".
	 */
	a = add(test, root, "a");
	ay = add(test, a, "y");
	b = add(test, root, "b");
	ax = add(test, a, "x");
	ayw = add(test, ay, "w");
	bz = add(test, b, "z");

	/* The whole tree. */
	n = 0;
	for (pos = root; pos && n < ARRAY_SIZE(order);
	     pos = ctr_tree_next_pre(pos, root))
		order[n++] = pos;
	KUNIT_ASSERT_EQ(test, n, 7);
	KUNIT_EXPECT_PTR_EQ(test, order[0], root);
	KUNIT_EXPECT_PTR_EQ(test, order[1], a);
	KUNIT_EXPECT_PTR_EQ(test, order[2], ay);
	KUNIT_EXPECT_PTR_EQ(test, order[3], ayw);
	KUNIT_EXPECT_PTR_EQ(test, order[4], ax);
	KUNIT_EXPECT_PTR_EQ(test, order[5], b);
	KUNIT_EXPECT_PTR_EQ(test, order[6], bz);

	/* A subtree: the walk stops at its root, never reaching b. */
	KUNIT_EXPECT_PTR_EQ(test, ctr_tree_next_pre(a, a), ay);
	KUNIT_EXPECT_PTR_EQ(test, ctr_tree_next_pre(ay, a), ayw);
	KUNIT_EXPECT_PTR_EQ(test, ctr_tree_next_pre(ayw, a), ax);
	KUNIT_EXPECT_NULL(test, ctr_tree_next_pre(ax, a));

	/* A subtree rooted at a non-last child. */
	KUNIT_EXPECT_PTR_EQ(test, ctr_tree_next_pre(ay, ay), ayw);
	KUNIT_EXPECT_NULL(test, ctr_tree_next_pre(ayw, ay));

	/* A leaf alone, even one with a next sibling. */
	KUNIT_EXPECT_NULL(test, ctr_tree_next_pre(ax, ax));
	KUNIT_EXPECT_NULL(test, ctr_tree_next_pre(ayw, ayw));

	/* The last subtree. */
	KUNIT_EXPECT_PTR_EQ(test, ctr_tree_next_pre(b, b), bz);
	KUNIT_EXPECT_NULL(test, ctr_tree_next_pre(bz, b));
	KUNIT_EXPECT_NULL(test, ctr_tree_next_pre(bz, root));
}

static void containerctl_tree_test_next_pre_empty(struct kunit *test)
{
	KUNIT_EXPECT_NULL(test, ctr_tree_next_pre(root_of(test), root_of(test)));
}

static struct kunit_case containerctl_tree_test_cases[] = {
	KUNIT_CASE(containerctl_tree_test_alloc),
	KUNIT_CASE(containerctl_tree_test_link),
	KUNIT_CASE(containerctl_tree_test_link_duplicate),
	KUNIT_CASE(containerctl_tree_test_find_child),
	KUNIT_CASE(containerctl_tree_test_unlink),
	KUNIT_CASE(containerctl_tree_test_check_limits),
	KUNIT_CASE(containerctl_tree_test_may_add),
	KUNIT_CASE(containerctl_tree_test_auto_name_counter),
	KUNIT_CASE(containerctl_tree_test_auto_name_pid),
	KUNIT_CASE(containerctl_tree_test_common_ancestor),
	KUNIT_CASE(containerctl_tree_test_is_descendant),
	KUNIT_CASE(containerctl_tree_test_path),
	KUNIT_CASE(containerctl_tree_test_walk),
	KUNIT_CASE(containerctl_tree_test_next_pre),
	KUNIT_CASE(containerctl_tree_test_next_pre_empty),
	{}
};

static struct kunit_suite containerctl_tree_test_suite = {
	.name = "containerctl_tree",
	.init = containerctl_tree_test_init,
	.exit = containerctl_tree_test_exit,
	.test_cases = containerctl_tree_test_cases,
};

kunit_test_suites(&containerctl_tree_test_suite);
