// fontconfig's header, for its types and constants only: nothing here links libfontconfig (with
// FreeType, libpng, expat). nnviz opens it with dlopen when it first sets up the fonts
// (NNRender/Common/FontConfiguration.swift) and calls it through the table below.
#include <fontconfig/fontconfig.h>
#include <dlfcn.h>
#include <stddef.h>

// The functions nnviz calls.
#define NNVIZ_FONTCONFIG_FUNCTIONS(F) \
    F(FcConfigCreate) F(FcConfigParseAndLoadFromMemory) F(FcConfigBuildFonts) F(FcConfigSetCurrent) F(FcConfigDestroy)

// Each field typed from fontconfig's own declaration, so a call through it is checked as a direct call is.
#define NNVIZ_FONTCONFIG_FIELD(name) __typeof__(&name) _Nonnull name;
typedef struct {
    NNVIZ_FONTCONFIG_FUNCTIONS(NNVIZ_FONTCONFIG_FIELD)
} nnviz_fontconfig_api;

// Looks every function up in `library` (a dlopen handle) into `api`; returns NULL, or the name of
// the first function the library lacks (then `api` is incomplete and must not be used).
static inline const char *_Nullable nnviz_fontconfig_bind(void *_Nonnull library, nnviz_fontconfig_api *_Nonnull api) {
#define NNVIZ_FONTCONFIG_BIND(name) if (!(api->name = (__typeof__(api->name))dlsym(library, #name))) return #name;
    NNVIZ_FONTCONFIG_FUNCTIONS(NNVIZ_FONTCONFIG_BIND)
#undef NNVIZ_FONTCONFIG_BIND
    return NULL;
}
