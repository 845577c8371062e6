// The CBLAS types only: nothing here links OpenBLAS, whose load-time symbol binding would cost every
// nnviz process. nnviz opens it with dlopen on its first product large enough for it
// (NNCore/Network/Matrix.swift) and calls it through these pointer types.
#include <cblas.h>

// OpenBLAS's own, declared here in case cblas.h is another BLAS's.
void openblas_set_num_threads(int num_threads);

typedef __typeof__(&cblas_sgemm) _Nonnull nnviz_cblas_sgemm_function;
typedef __typeof__(&openblas_set_num_threads) _Nonnull nnviz_openblas_set_num_threads_function;
