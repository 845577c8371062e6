// Cairo's headers, for its types and constants only: nothing here links libcairo, which brings
// pixman, libpng, FreeType, fontconfig and the X11/xcb libraries into every process. nnviz opens it
// with dlopen when it first draws a chart (NNRender/Chart/Cairo/CairoLibrary.swift) and calls it
// through the table below.
#include <cairo/cairo.h>
#include <cairo/cairo-svg.h>
#include <cairo/cairo-pdf.h>
#include <dlfcn.h>
#include <stddef.h>

// The functions nnviz calls, without their `cairo_` prefix.
#define NNVIZ_CAIRO_FUNCTIONS(F) \
    F(status_to_string) F(image_surface_create) F(svg_surface_create_for_stream) F(svg_surface_set_document_unit) \
    F(pdf_surface_create_for_stream) F(pdf_surface_set_metadata) F(surface_status) F(surface_destroy) \
    F(surface_flush) F(surface_finish) F(surface_mark_dirty) F(image_surface_get_data) F(image_surface_get_width) \
    F(image_surface_get_height) F(image_surface_get_stride) F(image_surface_get_format) \
    F(create) F(destroy) F(status) F(font_options_create) F(font_options_destroy) \
    F(font_options_set_hint_metrics) F(font_options_set_hint_style) F(set_font_options) F(select_font_face) \
    F(set_font_size) F(text_extents) F(font_extents) F(show_text) F(set_source_rgb) F(set_source_surface) \
    F(get_source) F(pattern_set_filter) F(set_line_width) F(set_line_join) F(set_line_cap) F(set_dash) \
    F(save) F(restore) F(scale) F(translate) F(rotate) F(move_to) F(line_to) F(close_path) F(new_sub_path) \
    F(arc) F(rectangle) F(fill) F(fill_preserve) F(stroke) F(curve_to) F(set_source_rgba) F(clip) \
    F(get_matrix) F(set_matrix) F(show_page)

// Each field typed from Cairo's own declaration of cairo_NAME, so a call through it is checked as a
// direct call is.
#define NNVIZ_CAIRO_FIELD(name) __typeof__(&cairo_##name) _Nonnull name;
typedef struct {
    NNVIZ_CAIRO_FUNCTIONS(NNVIZ_CAIRO_FIELD)
} nnviz_cairo_api;

// Looks every function up in `library` (a dlopen handle) into `api`; returns NULL, or the name of
// the first function the library lacks (then `api` is incomplete and must not be used).
static inline const char *_Nullable nnviz_cairo_bind(void *_Nonnull library, nnviz_cairo_api *_Nonnull api) {
#define NNVIZ_CAIRO_BIND(name) if (!(api->name = (__typeof__(api->name))dlsym(library, "cairo_" #name))) return "cairo_" #name;
    NNVIZ_CAIRO_FUNCTIONS(NNVIZ_CAIRO_BIND)
#undef NNVIZ_CAIRO_BIND
    return NULL;
}
