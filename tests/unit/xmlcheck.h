/* xmlcheck.h - XML well-formedness check for rendered SVGs (unit tests). */
#ifndef FLAME_TEST_XMLCHECK_H
#define FLAME_TEST_XMLCHECK_H

#include <limits.h>
#include <stddef.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

/*
 * @return 1 when buf[0..len) parses with libxml2 as a well-formed XML
 * document whose root element is <svg>, else 0.  No network, no DTD
 * loading, no messages on stderr.
 */
static inline int svg_well_formed(const char *buf, size_t len)
{
    if (!buf || len == 0 || len > INT_MAX)
        return 0;
    xmlDocPtr doc = xmlReadMemory(buf, (int)len, "test.svg", NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc)
        return 0;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    int ok = root != NULL && root->name != NULL && strcmp((const char *)root->name, "svg") == 0;
    xmlFreeDoc(doc);
    return ok;
}

#endif /* FLAME_TEST_XMLCHECK_H */
