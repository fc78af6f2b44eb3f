/*
 * perf_line.c - the lines of `perf script`, sample headers and frame
 * lines, and the frame names stackcollapse-perf.pl makes of a frame line
 * (docs: input-formats, "perf script").
 *
 * A header's parts are found as the script's regular expressions find
 * them (the shortest command name followed by the ids, the event the last
 * word), so that even odd lines split the same way.  A frame's names
 * follow these rules, in the order they apply: the symbol's "+0x1f" offset goes; a
 * symbol starting with "(" is not a function and gives no frame; "a->b"
 * (perf's inlined functions) gives a frame each, the later ones marked
 * "_[i]"; "[unknown]" becomes the dso's file name in brackets ("[libc.so.6]",
 * or "[unknown]" when the dso is unknown too), with the address inside
 * with --addrs ("[unknown <7f00>]"); ';' becomes ':', what follows the
 * first '(' goes (unless it opens "(anonymous namespace)", or the name is
 * a Go method like "net/http.(*Client).Do"), and so do quotes; in a process
 * whose name starts with "java", a class name's leading 'L' goes
 * ("Ljava/lang/Thread:.run"); then --kernel marks frames of kernel dsos
 * ("[kernel.kallsyms]", "...vmlinux") "_[k]" and --jit those of a JIT's map
 * file ("/tmp/perf-PID.map") "_[j]".
 */
#include <string.h>

#include "decode/perf_line.h"

/* Perl's \s, \d and \w on bytes (the script reads bytes). */
static int is_space(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static int is_word(unsigned char c)
{
    return is_digit(c) || c == '_' || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* Where what (k >= 1 bytes) first occurs in s[0..n), or NULL.  The strings
 * searched are short: memchr on the first byte beats memmem's set-up. */
static const char *find(const char *s, size_t n, const char *what, size_t k)
{
    const char *end = s + n;
    while ((size_t)(end - s) >= k && (s = memchr(s, what[0], (size_t)(end - s) - k + 1)) != NULL) {
        if (memcmp(s + 1, what + 1, k - 1) == 0)
            return s;
        s++;
    }
    return NULL;
}

static int contains(const char *s, size_t n, const char *what)
{
    return find(s, n, what, strlen(what)) != NULL;
}

/* ---- sample headers ---------------------------------------------------- */

/*
 * The event at the end of a header, as in "...: 10101010 cpu-clock:": a
 * colon, optional blank space and period digits, blank space, then the
 * last word, which ends in a colon (dropped from the event's name), then
 * only blank space.  A header such as "java 19983 cycles:", with no colon
 * before the event, has none.
 */
static void parse_event(const char *l, size_t n, fl_perf_header *h)
{
    size_t t = n;
    while (t > 0 && is_space((unsigned char)l[t - 1]))
        t--;
    if (t < 2 || l[t - 1] != ':')
        return;
    size_t u = t - 1;                 /* the last word: l[u..t) */
    while (u > 0 && !is_space((unsigned char)l[u - 1]))
        u--;
    if (u == 0 || u == t - 1)
        return;
    size_t v = u;                     /* blank space before it: l[v..u) */
    while (v > 0 && is_space((unsigned char)l[v - 1]))
        v--;
    size_t w = v;                     /* the period: l[w..v) */
    while (w > 0 && is_digit((unsigned char)l[w - 1]))
        w--;
    size_t x = w;
    if (w < v)
        while (x > 0 && is_space((unsigned char)l[x - 1]))
            x--;
    if (x == 0 || l[x - 1] != ':')
        return;
    h->event = l + u;
    h->event_len = t - 1 - u;
    if (w < v) {
        h->period = l + w;
        h->period_len = v - w;
    }
}

/*
 * The command name is the shortest run of at least two bytes, the first
 * not blank, that is followed by blank space, the pid's digits, optionally
 * slashes and the tid's digits, and blank space.  Names may hold spaces and
 * digits ("V8 WorkerThread 24636/25607 ..."), hence the shortest.
 */
int fl_perf_parse_header(const char *l, size_t n, fl_perf_header *h)
{
    memset(h, 0, sizeof *h);
    if (n < 4 || is_space((unsigned char)l[0]))
        return 0;
    for (size_t i = 2; i < n; i++) {
        if (!is_space((unsigned char)l[i]))
            continue;
        size_t j = i;
        while (j < n && is_space((unsigned char)l[j]))
            j++;
        size_t k = j;
        while (k < n && is_digit((unsigned char)l[k]))
            k++;
        /* Every i in this blank run leads to the same digits: try once. */
        if (k == j) {
            i = j - 1;
            continue;
        }
        size_t m = k;
        while (m < n && l[m] == '/')
            m++;
        size_t e = m;
        while (e < n && is_digit((unsigned char)l[e]))
            e++;
        if (e == n || !is_space((unsigned char)l[e])) {
            i = e - 1;
            continue;
        }
        h->comm = l;
        h->comm_len = i;
        h->pid = l + j;
        h->pid_len = k - j;
        if (e > m) {
            h->tid = l + m;
            h->tid_len = e - m;
        }
        h->fields = e;
        parse_event(l, n, h);
        return 1;
    }
    return 0;
}

/* "[cpu] time:" after the ids: a tracepoint's header ends in its fields,
 * not in an event name, but has a time. */
static int has_time(const char *l, size_t n, size_t i)
{
    while (i < n && is_space((unsigned char)l[i]))
        i++;
    if (i < n && l[i] == '[') {
        while (i < n && l[i] != ']')
            i++;
        if (i == n)
            return 0;
        i++;
        while (i < n && is_space((unsigned char)l[i]))
            i++;
    }
    size_t d = i;
    while (i < n && is_digit((unsigned char)l[i]))
        i++;
    if (i == d || i == n || l[i] != '.')
        return 0;
    d = ++i;
    while (i < n && is_digit((unsigned char)l[i]))
        i++;
    return i > d && i < n && l[i] == ':';
}

int fl_perf_is_header(const char *line, size_t len)
{
    fl_perf_header h;
    if (!fl_perf_parse_header(line, len, &h))
        return 0;
    size_t t = len;
    while (t > 0 && is_space((unsigned char)line[t - 1]))
        t--;
    return line[t - 1] == ':' || has_time(line, len, h.fields);
}

/* ---- frame lines ---------------------------------------------------- */

/*
 * "addr symbol (dso)": after blank space, the address (word characters),
 * blank space, the symbol up to the last " (" that a ")" follows, the dso
 * up to the last ")"; whatever follows is ignored.  The edge cases are the
 * script's: when nothing is left between the address and the " (", the
 * symbol is the byte before it.
 */
int fl_perf_parse_frame(const char *l, size_t n, fl_perf_frame *f)
{
    size_t s = 0;
    while (s < n && is_space((unsigned char)l[s]))
        s++;
    size_t e = s;
    while (e < n && is_word((unsigned char)l[e]))
        e++;
    if (e == s)
        return 0;
    const char *close = memrchr(l + e, ')', n - e);
    if (!close)
        return 0;
    size_t r = (size_t)(close - l), q = r;
    /* the last " (" before the ")", after the address */
    for (;;) {
        const char *open = q > e ? memrchr(l + e, '(', q - e) : NULL;
        if (!open)
            return 0;
        q = (size_t)(open - l);
        if (l[q - 1] == ' ')
            break;
    }
    q--;                              /* the space */
    size_t f0 = e;
    while (f0 < n && is_space((unsigned char)l[f0]))
        f0++;
    size_t pc_end = e, func_start;
    if (q >= f0 + 1)
        func_start = f0;
    else if (q >= e + 1)
        func_start = q - 1;           /* a blank byte */
    else if (q == e && e >= s + 2)
        func_start = pc_end = e - 1;  /* the address's last byte */
    else
        return 0;
    f->pc = l + s;
    f->pc_len = pc_end - s;
    f->func = l + func_start;
    f->func_len = q - func_start;
    f->dso = l + q + 2;
    f->dso_len = r - (q + 2);
    return 1;
}

/* Bytes the clean-up looks at: '(' ';' '"' '\'' (1), and '-' of "->" (2). */
static const unsigned char special[256] = {['('] = 1, [';'] = 1, ['"'] = 1, ['\''] = 1, ['-'] = 2};

/* A Go method keeps its parentheses: ".(" with ")." somewhere after it. */
static int go_method(const char *s, size_t n)
{
    const char *open = find(s, n, ".(", 2);
    if (!open)
        return 0;
    size_t from = (size_t)(open - s) + 2;
    return from < n && find(s + from, n - from, ").", 2) != NULL;
}

static int kernel_dso(const char *d, size_t n)
{
    return n && (d[0] == '[' || (n >= 7 && memcmp(d + n - 7, "vmlinux", 7) == 0)) &&
           !contains(d, n, "unknown");
}

static int jit_dso(const char *d, size_t n)
{
    const char *end = d + n;
    while (d < end && (d = find(d, (size_t)(end - d), "/tmp/perf-", 10)) != NULL) {
        d += 10;
        const char *x = d;
        while (x < end && is_digit((unsigned char)*x))
            x++;
        if (x > d && end - x >= 4 && memcmp(x, ".map", 4) == 0)
            return 1;
    }
    return 0;
}

/*
 * Append one name, cleaned up.  inlined: not the first of the names
 * "a->b" gives; plain: func has no byte to clean up.
 */
static int put_name(const fl_perf_frame *f, const fl_perf_naming *how, const char *func,
                    size_t len, int inlined, int plain, fl_buf *out, fl_buf *tmp)
{
    if (len == 9 && memcmp(func, "[unknown]", 9) == 0) {
        /* The dso's file name says more than nothing. */
        const char *base = "unknown";
        size_t blen = 7;
        if (!(f->dso_len == 9 && memcmp(f->dso, "[unknown]", 9) == 0)) {
            const char *slash = memrchr(f->dso, '/', f->dso_len);
            base = slash ? slash + 1 : f->dso;
            blen = f->dso_len - (size_t)(base - f->dso);
        }
        tmp->len = 0;
        int rc = fl_buf_putc(tmp, '[') | fl_buf_append(tmp, base, blen);
        if (how->addrs)
            rc |= fl_buf_puts(tmp, " <") | fl_buf_append(tmp, f->pc, f->pc_len) |
                  fl_buf_putc(tmp, '>');
        if ((rc | fl_buf_putc(tmp, ']')) != 0)
            return -1;
        func = tmp->data;
        len = tmp->len;
        plain = 0;
    }
    size_t start = out->len;
    if (fl_buf_reserve(out, len + 4) != 0)
        return -1;
    size_t i = plain ? len : 0;
    while (i < len && special[(unsigned char)func[i]] != 1)
        i++;
    if (i == len) {
        memcpy(out->data + out->len, func, len);
        out->len += len;
    } else {
        /* ';' would split the frame; what follows a '(' is the argument
         * list; quotes go. */
        size_t end = len;
        if (!go_method(func, len)) {
            for (size_t k = i; k < len; k++)
                if (func[k] == '(' && !(len - k - 1 >= 20 &&
                                        memcmp(func + k + 1, "anonymous namespace)", 20) == 0)) {
                    end = k;
                    break;
                }
        }
        char *o = out->data + out->len;
        memcpy(o, func, i);
        o += i;
        for (size_t k = i; k < end; k++) {
            char c = func[k];
            if (c == ';')
                *o++ = ':';
            else if (c != '"' && c != '\'')
                *o++ = c;
        }
        out->len = (size_t)(o - out->data);
    }
    char *name = out->data + start;
    size_t nlen = out->len - start;
    if (how->java && nlen && name[0] == 'L' && memchr(name, '/', nlen)) {
        memmove(name, name + 1, nlen - 1);
        out->len--;
        nlen--;
    }
    const char *suffix = NULL;
    if (inlined) {
        if (!contains(name, nlen, "_[i]"))
            suffix = "_[i]";
    } else if (how->kernel && kernel_dso(f->dso, f->dso_len)) {
        suffix = "_[k]";
    } else if (how->jit && jit_dso(f->dso, f->dso_len) && !contains(name, nlen, "_[j]")) {
        suffix = "_[j]";
    }
    if (suffix) {
        memcpy(out->data + out->len, suffix, 4);
        out->len += 4;
    }
    return 0;
}

int fl_perf_frame_names(const fl_perf_frame *f, const fl_perf_naming *how, fl_buf *out,
                        fl_buf *tmp)
{
    const char *func = f->func;
    size_t len = f->func_len;
    /* perf 4.8 and later add offsets: the same function anywhere in it is
     * one frame. */
    size_t h = len;
    while (h > 0 &&
           (is_digit((unsigned char)func[h - 1]) || (func[h - 1] >= 'a' && func[h - 1] <= 'f')))
        h--;
    if (h < len && h >= 3 && memcmp(func + h - 3, "+0x", 3) == 0)
        len = h - 3;
    if (len == 0 || func[0] == '(')
        return 0;
    /* One pass tells whether anything needs cleaning up (most names need
     * nothing) and whether there may be a "->". */
    unsigned seen = 0;
    for (size_t i = 0; i < len; i++)
        seen |= special[(unsigned char)func[i]];
    if (!(seen & 2) || !find(func, len, "->", 2))
        return put_name(f, how, func, len, 0, !(seen & 1), out, tmp) == 0 ? 1 : -1;
    /* Empty names at the end are dropped, as Perl's split drops them. */
    size_t keep = len;
    while (keep >= 2 && func[keep - 1] == '>' && func[keep - 2] == '-')
        keep -= 2;
    int names = 0;
    for (size_t p = 0; keep > 0; names++) {
        const char *a = find(func + p, keep - p, "->", 2);
        size_t q = a ? (size_t)(a - func) : keep;
        if ((names && fl_buf_putc(out, ';') != 0) ||
            put_name(f, how, func + p, q - p, names > 0, 0, out, tmp) != 0)
            return -1;
        if (!a) {
            names++;
            break;
        }
        p = q + 2;
    }
    return names;
}
