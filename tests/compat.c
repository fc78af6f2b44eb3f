/*
 * compat.c - parity test: run cflamegraph on every case in fixtures/compat
 * and compare its frames with what flamegraph.pl drew (one TSV per case):
 * same tooltip, y and height; x and width within 0.15 px; same fill; same
 * image size and exit status.  The SVG is read with libxml2.
 * usage: compat CFLAMEGRAPH FIXTURE_DIR
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

typedef struct frame {
    char *title, *fill;
    double x, y, w, h;
    int used;
} frame;

typedef struct frames {
    frame *v;
    size_t n, cap;
    char width[32], height[32];
} frames;

static void add(frames *f, frame fr)
{
    if (f->n == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 256;
        f->v = realloc(f->v, f->cap * sizeof *f->v);
        if (!f->v)
            exit(3);
    }
    f->v[f->n++] = fr;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t k;
    while (buf && (k = fread(buf + n, 1, cap - n - 1, fp)) > 0) {
        n += k;
        if (cap - n < 2) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
    }
    fclose(fp);
    if (!buf)
        exit(3);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

static void read_tsv(const char *path, frames *f)
{
    char *text = slurp(path, NULL);
    if (!text) {
        fprintf(stderr, "compat: cannot read %s\n", path);
        exit(3);
    }
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *col[7] = {0};
        int k = 0;
        char *p = line;
        while (k < 7) {
            col[k++] = p;
            char *tab = strchr(p, '\t');
            if (!tab)
                break;
            *tab = '\0';
            p = tab + 1;
        }
        if (strcmp(col[0], "#") == 0) {
            for (int i = 1; i < k; i++) {
                if (strncmp(col[i], "width=", 6) == 0)
                    snprintf(f->width, sizeof f->width, "%s", col[i] + 6);
                if (strncmp(col[i], "height=", 7) == 0)
                    snprintf(f->height, sizeof f->height, "%s", col[i] + 7);
            }
            continue;
        }
        if (k < 6)
            continue;
        frame fr = {strdup(col[0]), strdup(col[5]), atof(col[1]), atof(col[2]), atof(col[3]),
                    atof(col[4]), 0};
        add(f, fr);
    }
    free(text);
}

static char *attr(xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    char *s = strdup(v ? (const char *)v : "");
    xmlFree(v);
    return s;
}

static xmlNode *find_id(xmlNode *n, const char *id)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        xmlChar *v = xmlGetProp(n, (const xmlChar *)"id");
        int hit = v && strcmp((const char *)v, id) == 0;
        xmlFree(v);
        if (hit)
            return n;
        xmlNode *c = find_id(n->children, id);
        if (c)
            return c;
    }
    return NULL;
}

/* @return 0 when the SVG parses. */
static int read_svg(const char *path, frames *f)
{
    xmlDoc *doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR);
    if (!doc)
        return -1;
    xmlNode *root = xmlDocGetRootElement(doc);
    char *w = attr(root, "width"), *h = attr(root, "height");
    snprintf(f->width, sizeof f->width, "%s", w);
    snprintf(f->height, sizeof f->height, "%s", h);
    free(w);
    free(h);
    xmlNode *holder = find_id(root, "frames");
    for (xmlNode *g = holder ? holder->children : NULL; g; g = g->next) {
        if (g->type != XML_ELEMENT_NODE)
            continue;
        frame fr = {0};
        for (xmlNode *c = g->children; c; c = c->next) {
            if (c->type != XML_ELEMENT_NODE)
                continue;
            if (strcmp((const char *)c->name, "title") == 0 && !fr.title) {
                xmlChar *t = xmlNodeGetContent(c);
                fr.title = strdup((const char *)t);
                xmlFree(t);
            } else if (strcmp((const char *)c->name, "rect") == 0 && !fr.fill) {
                char *v;
                v = attr(c, "x"); fr.x = atof(v); free(v);
                v = attr(c, "y"); fr.y = atof(v); free(v);
                v = attr(c, "width"); fr.w = atof(v); free(v);
                v = attr(c, "height"); fr.h = atof(v); free(v);
                fr.fill = attr(c, "fill");
            }
        }
        if (!fr.fill) {
            free(fr.title);
            continue;
        }
        if (!fr.title)
            fr.title = strdup("");
        add(f, fr);
    }
    xmlFreeDoc(doc);
    return 0;
}

static void free_frames(frames *f)
{
    for (size_t i = 0; i < f->n; i++) {
        free(f->v[i].title);
        free(f->v[i].fill);
    }
    free(f->v);
}

/* Run binary with the case's arguments; stdout to out_path; @return exit status. */
static int run_case(const char *binary, const char *dir, const char *name, const char *input,
                    const char *out_path)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/cases/%s.args", dir, name);
    char *text = slurp(path, NULL);
    if (!text)
        exit(3);
    char *argv[64];
    int argc = 0;
    argv[argc++] = (char *)binary;
    char *save = NULL;
    /* One argument per line; empty lines are not arguments. */
    for (char *p = text; *p && argc < 60;) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        if (*p)
            argv[argc++] = p;
        if (!nl)
            break;
        p = nl + 1;
    }
    (void)save;
    argv[argc++] = (char *)input;
    argv[argc] = NULL;
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        if (!freopen(out_path, "wb", stdout) || !freopen("/dev/null", "wb", stderr))
            _exit(127);
        /* --cp would write palette.map: keep it out of the tree. */
        if (chdir("/tmp") != 0)
            _exit(127);
        execv(binary, argv);
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    free(text);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

static int check_case(const char *binary, const char *dir, const char *name)
{
    char path[4096], input[4096], out[4096];
    snprintf(path, sizeof path, "%s/cases/%s.input", dir, name);
    char *in = slurp(path, NULL);
    if (!in)
        exit(3);
    in[strcspn(in, "\r\n")] = '\0';
    snprintf(input, sizeof input, "%s/inputs/%s", dir, in);
    free(in);
    snprintf(path, sizeof path, "%s/cases/%s.exit", dir, name);
    char *ex = slurp(path, NULL);
    int want_exit = ex ? atoi(ex) : 0;
    free(ex);
    snprintf(out, sizeof out, "/tmp/compat-%d-%s.svg", (int)getpid(), name);

    char abs_bin[4096], abs_in[4096];
    if (!realpath(binary, abs_bin) || !realpath(input, abs_in)) {
        fprintf(stderr, "compat: cannot resolve %s or %s\n", binary, input);
        exit(3);
    }
    int code = run_case(abs_bin, dir, name, abs_in, out);
    frames ref = {0}, got = {0};
    snprintf(path, sizeof path, "%s/cases/%s.tsv", dir, name);
    read_tsv(path, &ref);
    int problems = 0;
    if (code != want_exit) {
        printf("DIFF %s: exit %d, want %d\n", name, code, want_exit);
        problems++;
    }
    if (read_svg(out, &got) != 0) {
        printf("DIFF %s: SVG does not parse\n", name);
        problems++;
    } else if (strcmp(ref.width, got.width) != 0 || strcmp(ref.height, got.height) != 0) {
        printf("DIFF %s: size %sx%s, want %sx%s\n", name, got.width, got.height, ref.width,
               ref.height);
        problems++;
    }
    size_t matched = 0;
    for (size_t i = 0; i < ref.n; i++) {
        const frame *r = &ref.v[i];
        size_t j;
        for (j = 0; j < got.n; j++) {
            frame *c = &got.v[j];
            if (!c->used && strcmp(c->title, r->title) == 0 && fabs(c->y - r->y) < 0.5 &&
                fabs(c->x - r->x) <= 0.15 && fabs(c->w - r->w) <= 0.15 &&
                fabs(c->h - r->h) <= 0.15 && strcmp(c->fill, r->fill) == 0) {
                c->used = 1;
                matched++;
                break;
            }
        }
        if (j == got.n && problems < 5)
            printf("  missing in %s: %s at %.1f,%.1f %s\n", name, r->title, r->x, r->y, r->fill);
    }
    if (matched != ref.n || got.n != ref.n) {
        printf("DIFF %s: %zu/%zu frames match (%zu drawn)\n", name, matched, ref.n, got.n);
        problems++;
    }
    free_frames(&ref);
    free_frames(&got);
    unlink(out);
    return problems == 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: compat CFLAMEGRAPH FIXTURE_DIR\n");
        return 2;
    }
    char cases[4096];
    snprintf(cases, sizeof cases, "%s/cases", argv[2]);
    DIR *d = opendir(cases);
    if (!d) {
        perror(cases);
        return 2;
    }
    char *names[1024];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 1024) {
        size_t len = strlen(e->d_name);
        if (len > 5 && strcmp(e->d_name + len - 5, ".args") == 0)
            names[n++] = strndup(e->d_name, len - 5);
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_str);
    size_t ok = 0;
    for (size_t i = 0; i < n; i++) {
        ok += (size_t)check_case(argv[1], argv[2], names[i]);
        free(names[i]);
    }
    xmlCleanupParser();
    printf("compat: %zu/%zu cases exact\n", ok, n);
    printf("%zu passed, %zu failed\n", ok, n - ok);
    return ok == n && n > 0 ? 0 : 1;
}
