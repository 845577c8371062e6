#include <zlib.h>

// deflateInit2 is a macro around deflateInit2_, which Swift cannot call: the same call, for a raw
// deflate stream (no zlib header or checksum: PNGEncoder writes those around its parts).
static inline int nnviz_deflate_init_raw(z_streamp _Nonnull stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
}
