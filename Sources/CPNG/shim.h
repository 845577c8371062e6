#include <png.h>
#include <setjmp.h>
#include <stdio.h>

/*
 * libpng reports an error by a longjmp back to a setjmp made by its caller. Swift cannot make that
 * setjmp, so nnviz writes a whole PNG in this one C function: the jump never crosses a Swift frame
 * (the write callback, which is Swift, never raises a libpng error).
 */

struct nnviz_png_failure {
    jmp_buf jump;
    char message[200];
};

static void nnviz_png_error(png_structp png, png_const_charp message) {
    struct nnviz_png_failure *failure = (struct nnviz_png_failure *)png_get_error_ptr(png);
    snprintf(failure->message, sizeof failure->message, "%s", message);
    longjmp(failure->jump, 1);
}

static void nnviz_png_warning(png_structp png, png_const_charp message) {
    (void)png;
    (void)message;
}

static void nnviz_png_flush(png_structp png) {
    (void)png;
}

/*
 * Writes `height` rows of `width` 8-bit RGB pixels (RGBA if `alpha`), row i starting at
 * `pixels + i * stride`, as one PNG: no interlacing, no time or text chunks, the row filter(s)
 * `filters` (PNG_FILTER_NONE, PNG_FILTER_UP, …) and zlib level `level`. The bytes go to `write`
 * with `closure` as its io pointer. Returns 0, or -1 with libpng's message in `message`.
 */
static inline int nnviz_png_write(const unsigned char *pixels, unsigned width, unsigned height, size_t stride,
                                  int alpha, int filters, int level, png_rw_ptr write, void *closure,
                                  char *message, size_t message_size) {
    struct nnviz_png_failure failure;
    failure.message[0] = 0;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &failure, nnviz_png_error, nnviz_png_warning);
    if (!png) {
        snprintf(message, message_size, "libpng could not start");
        return -1;
    }
    png_infop info = png_create_info_struct(png);
    if (!info || setjmp(failure.jump)) {
        png_destroy_write_struct(&png, &info);
        snprintf(message, message_size, "%s", failure.message[0] ? failure.message : "libpng ran out of memory");
        return -1;
    }
    png_set_write_fn(png, closure, write, nnviz_png_flush);
    png_set_IHDR(png, info, width, height, 8, alpha ? PNG_COLOR_TYPE_RGB_ALPHA : PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, filters);
    png_set_compression_level(png, level);
    png_write_info(png, info);
    for (unsigned row = 0; row < height; row++) {
        png_write_row(png, pixels + (size_t)row * stride);
    }
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    return 0;
}
