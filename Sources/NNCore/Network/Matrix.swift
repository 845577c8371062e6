internal import COpenBLAS
import Dispatch
import Foundation
import Synchronization

// The hot loops of training and inference, in one place: matrix products and the element-wise passes
// around them, all over contiguous row-major Float storage.

/// C = alpha · op(A) · op(B) + beta · C for row-major matrices, where op(A) is m×k and op(B) is k×n.
///
/// Large products go to the BLAS (`cblas_sgemm`, `OpenBLAS`), the largest split by rows of C over the
/// processors; small ones, where a library call costs more than the arithmetic, are done in plain
/// loops, as are all products when OpenBLAS is not installed. Each
/// part is the same BLAS computation on its rows, so the split does not change the result (with
/// OpenBLAS's kernels the parts were bit-identical to one call for the shapes nnviz-bench uses).
func multiply(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
              _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
              into c: UnsafeMutablePointer<Float>, alpha: Float = 1, beta: Float = 0) {
    let lda = transposeA ? m : k
    let ldb = transposeB ? k : n
    guard m * n * k > smallProductLimit, let blas = OpenBLAS.shared() else {
        smallMultiply(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a, lda, b, ldb,
                      into: c, alpha: alpha, beta: beta)
        return
    }
    let parts = m * n * k < parallelProductSize ? 1 : min(processorCount, m / 32)
    guard parts > 1 else {
        blas.sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                   Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(n))
        return
    }
    // Rows [first, first + rows) of C need rows of op(A) only: a row offset in A, or a column offset
    // when A is stored transposed.
    let shared = SharedOperands(a: a, b: b, c: c)
    DispatchQueue.concurrentPerform(iterations: parts) { part in
        let first = m * part / parts
        let rows = m * (part + 1) / parts - first
        let partA = shared.a + (transposeA ? first : first * lda)
        let partC = shared.c + first * n
        blas.sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                   Int32(rows), Int32(n), Int32(k), alpha, partA, Int32(lda), shared.b,
                   Int32(ldb), beta, partC, Int32(n))
    }
}

/// The operands of one split product, handed to its parts. Sending them is safe: `multiply`'s caller
/// keeps the memory alive until `multiply` returns, `concurrentPerform` returns only after every part
/// has finished, the parts only read A and B, and each part writes only its own rows of C.
private struct SharedOperands: @unchecked Sendable {
    let a: UnsafePointer<Float>
    let b: UnsafePointer<Float>
    let c: UnsafeMutablePointer<Float>
}

/// How NNCore's matrix products use the processors: large products are split by rows of the result
/// over the processors by `multiply` itself, one single-threaded BLAS call per part, joined by
/// blocking waits. The BLAS's own threads wait for each other by spinning, which on a machine shared
/// with other work loses whole scheduler slices at every product (docs/performance.md).
public enum BLASThreads {
    /// Sets the BLAS to one thread per call, for `multiply`'s own split. Programs call it once at
    /// start-up (nnviz and nnviz-bench do) before any training; without it every part of a split
    /// product would start the BLAS's threads as well, which gives the same results, more slowly.
    public static func configure() {
        OpenBLAS.state.withLock { state in
            state.singleThreaded = true
            state.library?.setThreads(1)
        }
    }
}

/// OpenBLAS, opened on the first product large enough for it rather than linked: its load-time
/// binding of some 14,000 symbols cost every nnviz process about 9 M instructions, and most
/// processes (help, summaries, diagrams, the small models' charts) never call it (docs/performance.md).
struct OpenBLAS: @unchecked Sendable {  // Immutable: pointers into a library that stays loaded.
    let sgemm: nnviz_cblas_sgemm_function
    let setThreads: nnviz_openblas_set_num_threads_function

    /// Whether `BLASThreads.configure` asked for one thread per call, and the library once opened.
    struct State {
        var singleThreaded = false
        var opened = false
        var library: OpenBLAS?
    }
    static let state = Mutex(State())

    /// The process's OpenBLAS, opened on first use; nil if it is not installed.
    static func shared() -> OpenBLAS? {
        state.withLock { state in
            if !state.opened {
                state.opened = true
                state.library = open("libopenblas.so.0") ?? open("libopenblas.so")
                if state.singleThreaded { state.library?.setThreads(1) }
            }
            return state.library
        }
    }

    /// OpenBLAS from `file` (a name the dynamic linker finds, or a path), or nil.
    static func open(_ file: String) -> OpenBLAS? {
        guard let handle = dlopen(file, RTLD_NOW | RTLD_LOCAL) else { return nil }
        guard let sgemm = dlsym(handle, "cblas_sgemm"), let setThreads = dlsym(handle, "openblas_set_num_threads") else {
            dlclose(handle)
            return nil
        }
        return OpenBLAS(sgemm: unsafeBitCast(sgemm, to: nnviz_cblas_sgemm_function.self),
                        setThreads: unsafeBitCast(setThreads, to: nnviz_openblas_set_num_threads_function.self))
    }
}

private let processorCount = ProcessInfo.processInfo.activeProcessorCount
/// The multiply-adds below which a product stays on one thread (each part also keeps 32 rows or more).
private let parallelProductSize = 1 << 20

/// Products with at most this many multiply-adds are done in Swift: below it, the BLAS call and its
/// packing cost more than the arithmetic.
let smallProductLimit = 4096

/// `multiply` for small matrices, one loop nest per transposition so that every inner loop runs
/// over contiguous memory.
private func smallMultiply(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                           _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
                           into c: UnsafeMutablePointer<Float>, alpha: Float, beta: Float) {
    if beta == 0 {
        c.update(repeating: 0, count: m * n)
    } else if beta != 1 {
        for i in 0..<m * n { c[i] *= beta }
    }
    switch (transposeA, transposeB) {
    case (false, true):
        // C[i, j] += alpha · Σ_p A[i, p] · B[j, p]: dot products of two contiguous rows.
        for i in 0..<m {
            let row = a + i * lda
            for j in 0..<n {
                let column = b + j * ldb
                var sum: Float = 0
                for p in 0..<k { sum += row[p] * column[p] }
                c[i * n + j] += alpha * sum
            }
        }
    case (false, false):
        // C[i, :] += alpha · A[i, p] · B[p, :]
        for i in 0..<m {
            let out = c + i * n
            for p in 0..<k {
                let scale = alpha * a[i * lda + p]
                let row = b + p * ldb
                for j in 0..<n { out[j] += scale * row[j] }
            }
        }
    case (true, false):
        // C[i, :] += alpha · A[p, i] · B[p, :]
        for p in 0..<k {
            let row = b + p * ldb
            for i in 0..<m {
                let scale = alpha * a[p * lda + i]
                let out = c + i * n
                for j in 0..<n { out[j] += scale * row[j] }
            }
        }
    case (true, true):
        for i in 0..<m {
            for j in 0..<n {
                var sum: Float = 0
                for p in 0..<k { sum += a[p * lda + i] * b[j * ldb + p] }
                c[i * n + j] += alpha * sum
            }
        }
    }
}

/// Every row of the rows×columns `matrix` set to `vector`, so that a product added with beta = 1
/// gives W·x + b in one pass.
@inline(__always)
func fillRows(_ matrix: UnsafeMutablePointer<Float>, with vector: UnsafePointer<Float>, rows: Int, columns: Int) {
    for r in 0..<rows {
        (matrix + r * columns).update(from: vector, count: columns)
    }
}

/// sums[j] = Σ_r matrix[r, j] over the rows×columns `matrix`.
@inline(__always)
func sumColumns(_ matrix: UnsafePointer<Float>, rows: Int, columns: Int, into sums: UnsafeMutablePointer<Float>) {
    sums.update(repeating: 0, count: columns)
    for r in 0..<rows {
        let row = matrix + r * columns
        for j in 0..<columns { sums[j] += row[j] }
    }
}

/// a = max(0, z), element by element.
@inline(__always)
func relu(_ z: UnsafePointer<Float>, into a: UnsafeMutablePointer<Float>, count: Int) {
    for i in 0..<count {
        let value = z[i]
        a[i] = value > 0 ? value : 0
    }
}

/// ReLU's backward pass, in place: ∂L/∂a in `gradient` becomes ∂L/∂z (kept where z > 0, else 0).
@inline(__always)
func reluBackward(z: UnsafePointer<Float>, gradient: UnsafeMutablePointer<Float>, count: Int) {
    for i in 0..<count {
        let g = gradient[i]
        gradient[i] = z[i] > 0 ? g : 0
    }
}

/// x = scale · x, element by element.
@inline(__always)
func scale(_ x: UnsafeMutablePointer<Float>, by factor: Float, count: Int) {
    for i in 0..<count { x[i] *= factor }
}
