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
/// loops, as are all products when OpenBLAS is not installed. Each part is the same BLAS computation
/// on its rows, so the split does not change the result (with OpenBLAS's kernels the parts were
/// bit-identical to one call for the shapes nnviz-bench uses).
///
/// With `rowsAdding` (a vector of n values), C = alpha · op(A) · op(B) + [v; v; …; v] instead: the
/// product added to the vector in every row, as if C had been filled with it and beta were 1.
/// `before` and `after` are work that goes with rows of C, done by the thread that computes those
/// rows, just before and just after it computes them (all rows at once when the product is not
/// split); each call may touch only what belongs to its own rows.
func multiply(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
              _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
              into c: UnsafeMutablePointer<Float>, alpha: Float = 1, beta: Float = 0, rowsAdding vector: UnsafePointer<Float>? = nil,
              before: (Range<Int>) -> Void = { _ in }, after: (Range<Int>) -> Void = { _ in }) {
    let parts = m * n * k < parallelProductSize || OpenBLAS.shared() == nil ? 1 : min(processorCount, m / 32)
    guard parts > 1 else {
        before(0..<m)
        multiplyRows(0..<m, transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a, b, into: c,
                     alpha: alpha, beta: beta, rowsAdding: vector)
        after(0..<m)
        return
    }
    @Sendable func part(_ part: Int, _ shared: SharedOperands) {
        let rows = m * part / parts..<m * (part + 1) / parts
        shared.before(rows)
        multiplyRows(rows, transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, shared.a, shared.b, into: shared.c,
                     alpha: alpha, beta: beta, rowsAdding: shared.vector)
        shared.after(rows)
    }
    withoutActuallyEscaping(before) { before in
        withoutActuallyEscaping(after) { after in
            let shared = SharedOperands(a: a, b: b, c: c, vector: vector, before: before, after: after)
            DispatchQueue.concurrentPerform(iterations: parts) { part($0, shared) }
        }
    }
}

/// The rows `rows` of the product `multiply` computes (same arguments), on the calling thread: the
/// BLAS or the Swift loops, chosen by the size of the whole product, so that whichever rows a thread
/// takes, each value is computed as the whole product computes it.
func multiplyRows(_ rows: Range<Int>, transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                  _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, into c: UnsafeMutablePointer<Float>,
                  alpha: Float = 1, beta: Float = 0, rowsAdding vector: UnsafePointer<Float>? = nil) {
    guard !rows.isEmpty else { return }
    let lda = transposeA ? m : k
    let ldb = transposeB ? k : n
    let beta = vector == nil ? beta : 1
    // Rows of C need rows of op(A) only: a row offset in A, or a column offset when A is stored transposed.
    let partA = a + (transposeA ? rows.lowerBound : rows.lowerBound * lda)
    let partC = c + rows.lowerBound * n
    guard m * n * k > smallProductLimit, let blas = OpenBLAS.shared() else {
        smallMultiply(transposeA: transposeA, transposeB: transposeB, m: rows.count, n: n, k: k, partA, lda, b, ldb,
                      into: partC, alpha: alpha, beta: beta, initialRow: vector)
        return
    }
    if let vector { fillRows(partC, with: vector, rows: rows.count, columns: n) }
    blas.sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
               Int32(rows.count), Int32(n), Int32(k), alpha, partA, Int32(lda), b, Int32(ldb), beta, partC, Int32(n))
}

/// The operands of one split product and the work around it, handed to its parts. Sending them is
/// safe: `multiply`'s caller keeps the memory and the closures alive until `multiply` returns,
/// `concurrentPerform` returns only after every part has finished, the parts only read A, B and the
/// vector, each part writes only its own rows of C, and `before` and `after` are called for a part's
/// rows only, touching only what belongs to them (as `multiply` requires of its callers).
private struct SharedOperands: @unchecked Sendable {
    let a: UnsafePointer<Float>
    let b: UnsafePointer<Float>
    let c: UnsafeMutablePointer<Float>
    let vector: UnsafePointer<Float>?
    let before: (Range<Int>) -> Void
    let after: (Range<Int>) -> Void
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

/// The processors this process may run on (its CPU affinity, not only those online): the one count
/// that nnviz's parallel work (products, training teams, PNG parts) is sized by.
package let processorCount = max(1, ProcessInfo.processInfo.activeProcessorCount)
/// The multiply-adds below which a product stays on one thread (each part also keeps 32 rows or more).
private let parallelProductSize = 1 << 20

/// Products with at most this many multiply-adds are done in Swift: below it, the BLAS call and its
/// packing cost more than the arithmetic.
let smallProductLimit = 4096

/// `multiply` for small matrices, vectorised along the rows of C: every value of C is computed with
/// the same operations in the same order as the plain definition
///
/// ```
/// s = 0;  for p in 0..<k { s += A[i, p] · B[p, j] };  C[i, j] = β·C[i, j] + α·s        (op(B) = Bᵀ)
/// c = β·C[i, j];  for p in 0..<k { c += (α·A[i, p]) · B[p, j] };  C[i, j] = c           (otherwise)
/// ```
///
/// only eight or four columns j and four rows i at a time, in SIMD registers: each value keeps its
/// own operations, so the results are bit-identical to the plain loops whatever the grouping. With
/// op(B) = Bᵀ, B is first copied transposed so that its rows are contiguous too.
private func smallMultiply(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                           _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
                           into c: UnsafeMutablePointer<Float>, alpha: Float, beta: Float, initialRow: UnsafePointer<Float>?) {
    if let initialRow, !transposeB {
        // Only op(B) = Bᵀ (a dense layer's forward product) reads the vector in place; here C is
        // filled with it first.
        fillRows(c, with: initialRow, rows: m, columns: n)
    }
    // A[i, p] = a[i · rowStride + p · depthStride]
    let (rowStride, depthStride) = transposeA ? (1, lda) : (lda, 1)
    guard transposeB else {
        rowsOfTerms(m: m, n: n, k: k, a, rowStride: rowStride, depthStride: depthStride, b, ldb, into: c, alpha: alpha, beta: beta)
        return
    }
    withUnsafeTemporaryAllocation(of: Float.self, capacity: max(n * k, 1)) { packed in
        let bt = packed.baseAddress!
        for j in 0..<n {
            for p in 0..<k { bt[p * n + j] = b[j * ldb + p] }
        }
        rowsOfSums(m: m, n: n, k: k, a, rowStride: rowStride, depthStride: depthStride, UnsafePointer(bt), into: c,
                   alpha: alpha, beta: beta, initialRow: initialRow)
    }
}

/// C[i, j] = c, c = β·C[i, j] then c += (α·A[i, p])·B[p, j] for p = 0, 1, …, k − 1 (B is k×n with rows `ldb` apart).
@inline(__always)
private func rowsOfTerms(m: Int, n: Int, k: Int, _ a: UnsafePointer<Float>, rowStride: Int, depthStride: Int,
                         _ b: UnsafePointer<Float>, _ ldb: Int, into c: UnsafeMutablePointer<Float>, alpha: Float, beta: Float) {
    // Four rows of C at a time share each load of B.
    @inline(__always)
    func fourRows<V: SIMD>(_: V.Type, _ i: Int, _ j: Int) where V.Scalar == Float {
        let out = c + i * n + j
        var (s0, s1, s2, s3) = (scaled(load(out, as: V.self), by: beta), scaled(load(out + n, as: V.self), by: beta),
                                scaled(load(out + 2 * n, as: V.self), by: beta), scaled(load(out + 3 * n, as: V.self), by: beta))
        var row = a + i * rowStride
        var column = b + j
        for _ in 0..<k {
            let terms = load(column, as: V.self)
            s0 += V(repeating: alpha * row[0]) * terms
            s1 += V(repeating: alpha * row[rowStride]) * terms
            s2 += V(repeating: alpha * row[2 * rowStride]) * terms
            s3 += V(repeating: alpha * row[3 * rowStride]) * terms
            row += depthStride
            column += ldb
        }
        store(s0, to: out)
        store(s1, to: out + n)
        store(s2, to: out + 2 * n)
        store(s3, to: out + 3 * n)
    }
    @inline(__always)
    func oneRow<V: SIMD>(_: V.Type, _ i: Int, _ j: Int) where V.Scalar == Float {
        let out = c + i * n + j
        var sum = scaled(load(out, as: V.self), by: beta)
        for p in 0..<k {
            sum += V(repeating: alpha * a[i * rowStride + p * depthStride]) * load(b + p * ldb + j, as: V.self)
        }
        store(sum, to: out)
    }
    @inline(__always)
    func columns<V: SIMD>(_: V.Type, _ j: Int) where V.Scalar == Float {
        var i = 0
        while i + 4 <= m { fourRows(V.self, i, j); i += 4 }
        while i < m { oneRow(V.self, i, j); i += 1 }
    }
    var j = 0
    while j + 8 <= n { columns(SIMD8<Float>.self, j); j += 8 }
    if j + 4 <= n { columns(SIMD4<Float>.self, j); j += 4 }
    while j < n {
        var i = 0
        while i + 4 <= m {
            let out = c + i * n + j
            var (s0, s1, s2, s3) = (scaled(out[0], by: beta), scaled(out[n], by: beta), scaled(out[2 * n], by: beta),
                                    scaled(out[3 * n], by: beta))
            var row = a + i * rowStride
            var column = b + j
            for _ in 0..<k {
                let term = column[0]
                s0 += alpha * row[0] * term
                s1 += alpha * row[rowStride] * term
                s2 += alpha * row[2 * rowStride] * term
                s3 += alpha * row[3 * rowStride] * term
                row += depthStride
                column += ldb
            }
            (out[0], out[n], out[2 * n], out[3 * n]) = (s0, s1, s2, s3)
            i += 4
        }
        while i < m {
            var sum = scaled(c[i * n + j], by: beta)
            for p in 0..<k { sum += alpha * a[i * rowStride + p * depthStride] * b[p * ldb + j] }
            c[i * n + j] = sum
            i += 1
        }
        j += 1
    }
}

/// C[i, j] = β·C[i, j] + α·s, s = Σ_p A[i, p]·Bt[p, j] summed from p = 0 up (Bt is k×n, rows n apart);
/// with `initialRow`, v[j] + α·s (β must then be 1).
@inline(__always)
private func rowsOfSums(m: Int, n: Int, k: Int, _ a: UnsafePointer<Float>, rowStride: Int, depthStride: Int,
                        _ bt: UnsafePointer<Float>, into c: UnsafeMutablePointer<Float>, alpha: Float, beta: Float,
                        initialRow: UnsafePointer<Float>?) {
    @inline(__always)
    func initial(_ i: Int, _ j: Int) -> Float {
        if let initialRow { return initialRow[j] }
        return scaled(c[i * n + j], by: beta)
    }
    @inline(__always)
    func finish<V: SIMD>(_ sum: V, _ i: Int, _ j: Int) where V.Scalar == Float {
        let out = c + i * n + j
        let start = initialRow.map { load($0 + j, as: V.self) } ?? scaled(load(out, as: V.self), by: beta)
        store(start + V(repeating: alpha) * sum, to: out)
    }
    // Four rows of C at a time share each load of Bt.
    @inline(__always)
    func fourRows<V: SIMD>(_: V.Type, _ i: Int, _ j: Int) where V.Scalar == Float {
        var (s0, s1, s2, s3) = (V(), V(), V(), V())
        var row = a + i * rowStride
        var column = bt + j
        for _ in 0..<k {
            let factors = load(column, as: V.self)
            s0 += V(repeating: row[0]) * factors
            s1 += V(repeating: row[rowStride]) * factors
            s2 += V(repeating: row[2 * rowStride]) * factors
            s3 += V(repeating: row[3 * rowStride]) * factors
            row += depthStride
            column += n
        }
        finish(s0, i, j)
        finish(s1, i + 1, j)
        finish(s2, i + 2, j)
        finish(s3, i + 3, j)
    }
    @inline(__always)
    func oneRow<V: SIMD>(_: V.Type, _ i: Int, _ j: Int) where V.Scalar == Float {
        var sum = V()
        for p in 0..<k {
            sum += V(repeating: a[i * rowStride + p * depthStride]) * load(bt + p * n + j, as: V.self)
        }
        finish(sum, i, j)
    }
    @inline(__always)
    func columns<V: SIMD>(_: V.Type, _ j: Int) where V.Scalar == Float {
        var i = 0
        while i + 4 <= m { fourRows(V.self, i, j); i += 4 }
        while i < m { oneRow(V.self, i, j); i += 1 }
    }
    var j = 0
    while j + 8 <= n { columns(SIMD8<Float>.self, j); j += 8 }
    if j + 4 <= n { columns(SIMD4<Float>.self, j); j += 4 }
    while j < n {
        var i = 0
        while i + 4 <= m {
            var (s0, s1, s2, s3): (Float, Float, Float, Float) = (0, 0, 0, 0)
            var row = a + i * rowStride
            var column = bt + j
            for _ in 0..<k {
                let factor = column[0]
                s0 += row[0] * factor
                s1 += row[rowStride] * factor
                s2 += row[2 * rowStride] * factor
                s3 += row[3 * rowStride] * factor
                row += depthStride
                column += n
            }
            let out = c + i * n + j
            (out[0], out[n], out[2 * n], out[3 * n]) = (initial(i, j) + alpha * s0, initial(i + 1, j) + alpha * s1,
                                                        initial(i + 2, j) + alpha * s2, initial(i + 3, j) + alpha * s3)
            i += 4
        }
        while i < m {
            var sum: Float = 0
            for p in 0..<k { sum += a[i * rowStride + p * depthStride] * bt[p * n + j] }
            c[i * n + j] = initial(i, j) + alpha * sum
            i += 1
        }
        j += 1
    }
}

/// β·x as the plain definition computes it: 0 when β = 0 (whatever x holds), x itself when β = 1.
@inline(__always)
private func scaled<V: SIMD>(_ x: V, by beta: Float) -> V where V.Scalar == Float {
    beta == 0 ? V() : beta == 1 ? x : x * V(repeating: beta)
}

@inline(__always)
private func scaled(_ x: Float, by beta: Float) -> Float {
    beta == 0 ? 0 : beta == 1 ? x : x * beta
}

@inline(__always)
private func load<V: SIMD>(_ pointer: UnsafePointer<Float>, as _: V.Type) -> V where V.Scalar == Float {
    UnsafeRawPointer(pointer).loadUnaligned(as: V.self)
}

@inline(__always)
private func store<V: SIMD>(_ value: V, to pointer: UnsafeMutablePointer<Float>) where V.Scalar == Float {
    UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: V.self)
}

/// Every row of the rows×columns `matrix` set to `vector`, so that a product added with beta = 1
/// gives W·x + b in one pass.
@inline(__always)
func fillRows(_ matrix: UnsafeMutablePointer<Float>, with vector: UnsafePointer<Float>, rows: Int, columns: Int) {
    for r in 0..<rows {
        (matrix + r * columns).update(from: vector, count: columns)
    }
}

/// Row r of `batch` = row `order[r]` of the `width`-column `source`, for the `order.count` rows.
@inline(__always)
func gatherRows(_ source: UnsafePointer<Float>, order: UnsafeBufferPointer<Int>, width: Int, into batch: UnsafeMutablePointer<Float>) {
    guard width < 16 else {
        // Eight rows at a time, sixteen values of each in turn: the rows of a shuffled batch lie far
        // apart in a large data set, and eight independent streams let the processor wait for their
        // memory at once instead of one row after another (a third less time than a copy per row).
        var first = 0
        while first < order.count {
            let rows = min(8, order.count - first)
            var j = 0
            while j + 16 <= width {
                for q in first..<first + rows {
                    store(load(source + order[q] * width + j, as: SIMD16<Float>.self), to: batch + q * width + j)
                }
                j += 16
            }
            if j < width {
                for q in first..<first + rows { (batch + q * width + j).update(from: source + order[q] * width + j, count: width - j) }
            }
            first += rows
        }
        return
    }
    // Narrow rows are copied in registers: a call to memcpy per row would cost more than the copy.
    for (r, row) in order.enumerated() {
        let (from, to) = (source + row * width, batch + r * width)
        var j = 0
        while j + 4 <= width { store(load(from + j, as: SIMD4<Float>.self), to: to + j); j += 4 }
        while j < width { to[j] = from[j]; j += 1 }
    }
}

/// sums[j] = Σ_r matrix[r, j] over `rows` rows of `columns` values, rows `rowStride` apart.
@inline(__always)
func sumColumns(_ matrix: UnsafePointer<Float>, rows: Int, columns: Int, rowStride: Int? = nil, into sums: UnsafeMutablePointer<Float>) {
    let stride = rowStride ?? columns
    // Several columns at a time, each summed from row 0 down as in the plain loop.
    @inline(__always)
    func sum<V: SIMD>(_: V.Type, from j: Int) where V.Scalar == Float {
        var total = V()
        for r in 0..<rows { total += load(matrix + r * stride + j, as: V.self) }
        store(total, to: sums + j)
    }
    var j = 0
    while j + 8 <= columns { sum(SIMD8<Float>.self, from: j); j += 8 }
    if j + 4 <= columns { sum(SIMD4<Float>.self, from: j); j += 4 }
    while j < columns {
        var total: Float = 0
        for r in 0..<rows { total += matrix[r * stride + j] }
        sums[j] = total
        j += 1
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
