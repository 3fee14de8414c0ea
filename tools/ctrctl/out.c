// SPDX-License-Identifier: GPL-2.0
/*
 * ctrctl's stream output (see out.h): text or JSON lines from the same
 * calls, written as they go; strings are escaped.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"

#define OUT_MAX_DEPTH	8	/* nested objects */

static struct {
	bool json;
	unsigned int depth;
	bool nonempty[OUT_MAX_DEPTH];	/* a value was written at this depth */
} out;

void out_set_json(bool json)
{
	out.json = json;
}

bool out_is_json(void)
{
	return out.json;
}

/*
 * The length of the valid UTF-8 sequence at @s (1 to 4), or 0: a stray
 * continuation byte, a truncated sequence, an overlong form, a surrogate,
 * or a code point above U+10FFFF.
 */
static size_t utf8_len(const unsigned char *s)
{
	size_t n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	for (i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	if ((s[0] == 0xe0 && s[1] < 0xa0) ||	/* overlong */
	    (s[0] == 0xed && s[1] >= 0xa0) ||	/* surrogate */
	    (s[0] == 0xf0 && s[1] < 0x90) ||	/* overlong */
	    (s[0] == 0xf4 && s[1] >= 0x90))	/* above U+10FFFF */
		return 0;
	return n;
}

/*
 * utf8_escape() - @s with every byte that is not part of a valid UTF-8
 * sequence written as the four characters \xHH, malloc'd (NULL: no memory).
 * For text libsmartcols prints as JSON, which copies bytes as they are.
 */
char *utf8_escape(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n, len = 0;
	char *t, *q;

	for (; *p; p += n ? n : 1)
		len += (n = utf8_len(p)) ? n : 4;
	t = malloc(len + 1);
	if (!t)
		return NULL;
	for (p = (const unsigned char *)s, q = t; *p; p += n ? n : 1) {
		n = utf8_len(p);
		if (n) {
			memcpy(q, p, n);
			q += n;
		} else {
			q += sprintf(q, "\\x%02x", *p);
		}
	}
	*q = '\0';
	return t;
}

/*
 * A JSON string, always valid UTF-8: a byte that is not part of a valid
 * UTF-8 sequence is written as the four characters \xHH (a JSON "\\xHH"),
 * as the text output shows it.
 */
static void json_string(const char *s)
{
	size_t n;

	putchar('"');
	for (; *s; s++) {
		unsigned char c = *s;

		if (c >= 0x80) {
			n = utf8_len((const unsigned char *)s);
			if (!n) {
				printf("\\\\x%02x", c);
				continue;
			}
			fwrite(s, 1, n, stdout);
			s += n - 1;
			continue;
		}

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
	if (key) {
		json_string(key);
		putchar(':');
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
	out.depth--;
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
		errmsg("write error: %s", strerror(errno ? errno : EIO));
		return ret ? ret : EXIT_FAIL;
	}
	return ret;
}
