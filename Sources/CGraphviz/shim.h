// Graphviz's headers, for its types and constants only: nothing here links libgvc, which brings
// libcgraph, libcdt, libpathplan and libltdl into every process. nnviz opens it with dlopen when it
// first lays out a diagram (NNRender/Diagram/GraphvizLibrary.swift) and calls it through the table below.
#include <graphviz/gvc.h>
#include <graphviz/cgraph.h>
#include <graphviz/gvplugin.h>
#include <graphviz/gvplugin_device.h>
#include <graphviz/gvplugin_render.h>
#include <graphviz/gvplugin_textlayout.h>
#include <dlfcn.h>
#include <stddef.h>

// The functions nnviz calls (libgvc's and, through it, libcgraph's).
#define NNVIZ_GRAPHVIZ_FUNCTIONS(F) \
    F(gvContext) F(gvContextPlugins) F(gvAddLibrary) F(gvFreeContext) F(gvLayout) F(gvFreeLayout) \
    F(gvRender) F(gvRenderData) F(gvFreeRenderData) F(attach_attrs) \
    F(agmemread) F(agclose) F(agget) F(agsafeset) F(agfstnode) F(agnxtnode) F(agnameof) \
    F(agseterrf) F(agreseterrors) F(agerrors)

// Each field typed from Graphviz's own declaration, so a call through it is checked as a direct call is.
#define NNVIZ_GRAPHVIZ_FIELD(name) __typeof__(&name) _Nonnull name;
typedef struct {
    NNVIZ_GRAPHVIZ_FUNCTIONS(NNVIZ_GRAPHVIZ_FIELD)
} nnviz_graphviz_api;

// Looks every function up in `library` (a dlopen handle of libgvc, whose dependencies include
// libcgraph) into `api`; returns NULL, or the name of the first function the library lacks (then
// `api` is incomplete and must not be used).
static inline const char *_Nullable nnviz_graphviz_bind(void *_Nonnull library, nnviz_graphviz_api *_Nonnull api) {
#define NNVIZ_GRAPHVIZ_BIND(name) if (!(api->name = (__typeof__(api->name))dlsym(library, #name))) return #name;
    NNVIZ_GRAPHVIZ_FUNCTIONS(NNVIZ_GRAPHVIZ_BIND)
#undef NNVIZ_GRAPHVIZ_BIND
    return NULL;
}
