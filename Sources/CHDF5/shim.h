// HDF5's headers, for its types and constants only: nothing here links libhdf5, which brings some
// thirty more shared libraries into a process. nnviz opens it with dlopen when it first reads an
// HDF5 file (NNCore/IO/Import/HDF5Library.swift) and calls it through the table below.
#if __has_include(<hdf5/serial/hdf5.h>)
#include <hdf5/serial/hdf5.h>
#include <hdf5/serial/hdf5_hl.h>
#else
#include <hdf5.h>
#include <hdf5_hl.h>
#endif
#include <dlfcn.h>

// The functions nnviz calls, and the globals behind the type macros it uses (H5T_NATIVE_FLOAT is
// H5open() then H5T_NATIVE_FLOAT_g).
#define NNVIZ_HDF5_FUNCTIONS(F) \
    F(H5open) F(H5get_libversion) F(H5free_memory) F(H5Eset_auto2) F(H5LTopen_file_image) F(H5Fclose) \
    F(H5Lexists) F(H5Lget_name_by_idx) F(H5Gopen2) F(H5Gclose) F(H5Gget_info_by_name) \
    F(H5Aexists_by_name) F(H5Aopen_by_name) F(H5Aclose) F(H5Aget_type) F(H5Aget_space) F(H5Aread) \
    F(H5Sclose) F(H5Sget_simple_extent_npoints) F(H5Sget_simple_extent_ndims) F(H5Sget_simple_extent_dims) \
    F(H5Tclose) F(H5Tget_class) F(H5Tis_variable_str) F(H5Tcopy) F(H5Tset_size) F(H5Tset_cset) \
    F(H5Tget_cset) F(H5Tget_size) F(H5Dopen2) F(H5Dclose) F(H5Dget_space) F(H5Dget_type) \
    F(H5Dget_storage_size) F(H5Dread) F(H5Dget_create_plist) F(H5Pclose) F(H5Pget_nfilters)
#define NNVIZ_HDF5_GLOBALS(G) G(H5T_NATIVE_FLOAT_g) G(H5T_NATIVE_USHORT_g) G(H5T_C_S1_g)

// Each field typed from HDF5's own declaration, so a call through it is checked as a direct call is.
#define NNVIZ_HDF5_FUNCTION_FIELD(name) __typeof__(&name) _Nonnull name;
#define NNVIZ_HDF5_GLOBAL_FIELD(name) const __typeof__(name) *_Nonnull name;
typedef struct {
    NNVIZ_HDF5_FUNCTIONS(NNVIZ_HDF5_FUNCTION_FIELD)
    NNVIZ_HDF5_GLOBALS(NNVIZ_HDF5_GLOBAL_FIELD)
} nnviz_hdf5_api;

// Looks every symbol up in `library` (a dlopen handle) into `api`; returns NULL, or the name of the
// first symbol the library lacks (then `api` is incomplete and must not be used).
static inline const char *_Nullable nnviz_hdf5_bind(void *_Nonnull library, nnviz_hdf5_api *_Nonnull api) {
#define NNVIZ_HDF5_BIND(name) if (!(api->name = (__typeof__(api->name))dlsym(library, #name))) return #name;
    NNVIZ_HDF5_FUNCTIONS(NNVIZ_HDF5_BIND)
    NNVIZ_HDF5_GLOBALS(NNVIZ_HDF5_BIND)
#undef NNVIZ_HDF5_BIND
    return NULL;
}
