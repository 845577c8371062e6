#include <hdf5.h>
#include <hdf5_hl.h>

// These are macros that call H5open() first, which Swift cannot import: one function each.
static inline hid_t nnviz_H5T_NATIVE_FLOAT(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t nnviz_H5T_NATIVE_USHORT(void) { return H5T_NATIVE_USHORT; }
static inline hid_t nnviz_H5T_C_S1(void) { return H5T_C_S1; }
static inline unsigned nnviz_H5F_ACC_RDONLY(void) { return H5F_ACC_RDONLY; }
