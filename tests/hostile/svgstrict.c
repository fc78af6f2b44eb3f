/*
 * svgstrict.c - exit 0 when every FILE is an SVG a browser opens: well-formed
 * XML and namespace-well-formed (every prefix declared, no attribute twice),
 * with an <svg> root in the SVG namespace.  tests/svgcheck only asks for
 * well-formed XML; browsers refuse a document with an undeclared prefix.
 * With -c N: the frames group must hold N elements.
 *
 * usage: svgstrict [-c N] FILE...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

static void silent(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

static long frame_elements(xmlNode *root)
{
    for (xmlNode *n = root->children; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, "g") != 0)
            continue;
        xmlChar *id = xmlGetProp(n, (const xmlChar *)"id");
        int frames = id && strcmp((const char *)id, "frames") == 0;
        xmlFree(id);
        if (!frames)
            continue;
        long count = 0;
        for (xmlNode *c = n->children; c; c = c->next)
            if (c->type == XML_ELEMENT_NODE)
                count++;
        return count;
    }
    return -1;
}

static int check(const char *path, long want_frames)
{
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        fprintf(stderr, "svgstrict: out of memory\n");
        return 1;
    }
    xmlDocPtr doc = xmlCtxtReadFile(ctxt, path, NULL,
                                    XML_PARSE_NONET | XML_PARSE_HUGE | XML_PARSE_NOERROR |
                                    XML_PARSE_NOWARNING);
    int bad = 0;
    const char *why = NULL;
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!doc || !ctxt->wellFormed)
        why = "not well-formed XML";
    else if (!ctxt->nsWellFormed)
        why = "not namespace-well-formed";
    else if (!root || strcmp((const char *)root->name, "svg") != 0 || !root->ns ||
             strcmp((const char *)root->ns->href, "http://www.w3.org/2000/svg") != 0)
        why = "the root is not an SVG <svg> element";
    if (why) {
        const xmlError *e = &ctxt->lastError;
        fprintf(stderr, "svgstrict: %s: %s", path, why);
        if (e->message)
            fprintf(stderr, " (line %d: %s)", e->line, e->message);
        else
            fputc('\n', stderr);
        bad = 1;
    } else if (want_frames >= 0) {
        long got = frame_elements(root);
        if (got != want_frames) {
            fprintf(stderr, "svgstrict: %s: %ld frame elements, want %ld\n", path, got,
                    want_frames);
            bad = 1;
        }
    }
    xmlFreeDoc(doc);
    xmlFreeParserCtxt(ctxt);
    return bad;
}

int main(int argc, char **argv)
{
    xmlSetGenericErrorFunc(NULL, silent);
    long want = -1;
    int i = 1, bad = 0;
    if (argc > 2 && strcmp(argv[1], "-c") == 0) {
        want = strtol(argv[2], NULL, 10);
        i = 3;
    }
    if (i >= argc) {
        fprintf(stderr, "usage: svgstrict [-c N] FILE...\n");
        return 2;
    }
    for (; i < argc; i++)
        bad |= check(argv[i], want);
    xmlCleanupParser();
    return bad;
}
