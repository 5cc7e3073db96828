// libxml2's SAX2 push parser, for CohortCore's XMLReader. The include path comes from pkg-config
// (libxml-2.0), which puts /usr/include/libxml2 on it.
#include <libxml/xmlversion.h>
// Debian's libxml2 is built with ICU, and encoding.h would then include ICU's headers, which clash
// with Foundation's own copy of ICU. cohort never touches the ICU members of libxml2's encoding
// handler (it only passes pointers to it), so they are left out of this view of the headers.
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
