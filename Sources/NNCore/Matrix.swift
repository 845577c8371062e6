import COpenBLAS

/// C = alpha · op(A) · op(B) + beta · C for row-major matrices, where op(A) is m×k and op(B) is k×n.
///
/// Large products go to the BLAS (`cblas_sgemm`); tiny ones, where a library call costs more than
/// the arithmetic, are done in a plain loop.
@inline(__always)
func multiply(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
              _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
              into c: UnsafeMutablePointer<Float>, alpha: Float = 1, beta: Float = 0) {
    let lda = transposeA ? m : k
    let ldb = transposeB ? k : n
    if m * n * k <= 4096 {
        for i in 0..<m {
            for j in 0..<n {
                var sum: Float = 0
                for p in 0..<k {
                    let x = transposeA ? a[p * lda + i] : a[i * lda + p]
                    let y = transposeB ? b[j * ldb + p] : b[p * ldb + j]
                    sum += x * y
                }
                c[i * n + j] = alpha * sum + (beta == 0 ? 0 : beta * c[i * n + j])
            }
        }
        return
    }
    cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(n))
}
