/*
 * svgcheck.c - exit 0 when every FILE is well-formed XML with an <svg> root,
 * as libxml2 reads it; print why not otherwise.  usage: svgcheck FILE...
 */
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>

int main(int argc, char **argv)
{
    int bad = 0;
    for (int i = 1; i < argc; i++) {
        xmlDoc *doc = xmlReadFile(argv[i], NULL, XML_PARSE_NONET | XML_PARSE_HUGE);
        xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
        if (!root || strcmp((const char *)root->name, "svg") != 0) {
            fprintf(stderr, "svgcheck: %s: not a well-formed SVG document\n", argv[i]);
            bad = 1;
        }
        xmlFreeDoc(doc);
    }
    xmlCleanupParser();
    return bad;
}
