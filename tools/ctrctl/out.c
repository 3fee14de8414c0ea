// SPDX-License-Identifier: GPL-2.0
/*
 * ctrctl's output layer: text or JSON from the same calls (see out.h).
 * JSON is written as it goes, compact on one line, or indented with
 * --pretty; strings are escaped.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"

/* Deep enough for a tree of max_depth (at most 48) levels: two per level. */
#define OUT_MAX_DEPTH	128

static struct {
	bool json;
	bool pretty;
	unsigned int depth;
	bool nonempty[OUT_MAX_DEPTH];	/* a value was written at this depth */
} out;

void out_set_json(bool json)
{
	out.json = json;
}

void out_set_pretty(bool pretty)
{
	out.pretty = pretty;
}

bool out_is_json(void)
{
	return out.json;
}

static void json_indent(void)
{
	unsigned int i;

	putchar('\n');
	for (i = 0; i < out.depth; i++)
		fputs("  ", stdout);
}

static void json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = *s;

		switch (c) {
		case '"':
			fputs("\\\"", stdout);
			break;
		case '\\':
			fputs("\\\\", stdout);
			break;
		case '\b':
			fputs("\\b", stdout);
			break;
		case '\f':
			fputs("\\f", stdout);
			break;
		case '\n':
			fputs("\\n", stdout);
			break;
		case '\r':
			fputs("\\r", stdout);
			break;
		case '\t':
			fputs("\\t", stdout);
			break;
		default:
			if (c < 0x20 || c == 0x7f)
				printf("\\u%04x", c);
			else
				putchar(c);
		}
	}
	putchar('"');
}

/* Before a JSON value: the separator, the indentation and the key. */
static void json_key(const char *key)
{
	if (out.nonempty[out.depth])
		putchar(',');
	out.nonempty[out.depth] = true;
	if (out.pretty && out.depth)
		json_indent();
	if (key) {
		json_string(key);
		fputs(out.pretty ? ": " : ":", stdout);
	}
}

static void json_begin(const char *key, char open)
{
	if (out.depth + 1 >= OUT_MAX_DEPTH) {
		fprintf(stderr, "ctrctl: output nested too deep\n");
		abort();
	}
	json_key(key);
	putchar(open);
	out.depth++;
	out.nonempty[out.depth] = false;
}

static void json_end(char close)
{
	bool nonempty = out.nonempty[out.depth];

	out.depth--;
	if (out.pretty && nonempty)
		json_indent();
	putchar(close);
	if (!out.depth) {
		/* A value per line (JSON lines): no separator before the next. */
		putchar('\n');
		out.nonempty[0] = false;
	}
}

void out_begin_object(const char *key)
{
	if (out.json)
		json_begin(key, '{');
}

void out_end_object(void)
{
	if (out.json)
		json_end('}');
}

void out_begin_array(const char *key)
{
	if (out.json)
		json_begin(key, '[');
}

void out_end_array(void)
{
	if (out.json)
		json_end(']');
}

void out_field_u64(const char *key, const char *fmt, uint64_t v)
{
	if (out.json) {
		json_key(key);
		printf("%" PRIu64, v);
	} else if (fmt) {
		printf(fmt, v);
	}
}

void out_field_s64(const char *key, const char *fmt, int64_t v)
{
	if (out.json) {
		json_key(key);
		printf("%" PRId64, v);
	} else if (fmt) {
		printf(fmt, v);
	}
}

void out_field_bool(const char *key, const char *fmt, bool v)
{
	if (out.json) {
		json_key(key);
		fputs(v ? "true" : "false", stdout);
	} else if (fmt) {
		printf(fmt, v ? "yes" : "no");
	}
}

void out_field_str(const char *key, const char *fmt, const char *s)
{
	if (out.json) {
		json_key(key);
		json_string(s);
	} else if (fmt) {
		printf(fmt, s);
	}
}

void out_field_null(const char *key, const char *text)
{
	if (out.json) {
		json_key(key);
		fputs("null", stdout);
	} else if (text) {
		fputs(text, stdout);
	}
}

/*
 * out_field_bits() - a bit mask by name
 * @key: the JSON key of the array of names
 * @fmt: the text format, one %s for the names joined by ','; NULL for none
 * @names: the names of the bits, in the order to print them
 * @nr_names: their number
 * @v: the mask
 *
 * Bits without a name are printed as one hexadecimal number ("0x40"), last.
 */
void out_field_bits(const char *key, const char *fmt,
		    const struct bit_name *names, size_t nr_names, uint64_t v)
{
	char text[256], unknown[24];
	uint64_t rest = v;
	size_t i, len = 0;

	text[0] = '\0';
	out_begin_array(key);
	for (i = 0; i < nr_names; i++) {
		if (!(v & names[i].bit))
			continue;
		rest &= ~names[i].bit;
		out_field_str(NULL, NULL, names[i].name);
		len += snprintf(text + len, sizeof(text) - len, "%s%s",
				len ? "," : "", names[i].name);
		if (len >= sizeof(text))
			len = sizeof(text) - 1;
	}
	if (rest) {
		snprintf(unknown, sizeof(unknown), "%#" PRIx64, rest);
		out_field_str(NULL, NULL, unknown);
		snprintf(text + len, sizeof(text) - len, "%s%s",
			 len ? "," : "", unknown);
	}
	out_end_array();
	if (!out.json && fmt)
		printf(fmt, text[0] ? text : "-");
}

void out_text(const char *fmt, ...)
{
	va_list ap;

	if (out.json)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

/*
 * out_finish() - flush the output at exit
 * @ret: the subcommand's exit status
 *
 * Return: @ret, or EXIT_FAIL if the output could not be written.
 */
int out_finish(int ret)
{
	if (fflush(stdout) == EOF || ferror(stdout)) {
		pr_err("write error: %s", strerror(errno ? errno : EIO));
		return ret ? ret : EXIT_FAIL;
	}
	return ret;
}
