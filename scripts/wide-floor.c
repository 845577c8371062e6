/*
 * The floor of nnviz-bench's wide job: one epoch's matrix products alone, with the BLAS nnviz uses.
 *
 * wide trains Dense 256 relu → 128 relu → 10 softmax on 60000 × 784 inputs, batch 128, one epoch
 * (469 batches, the last of 96 rows). Each batch does, with the shapes and transpositions of nnviz's
 * training step (row-major, a batch of b rows):
 *   forward   Z1 = X·W1ᵀ (b×784 · 784×256), Z2 = A1·W2ᵀ (b×256 · 256×128), Z3 = A2·W3ᵀ (b×128 · 128×10)
 *   backward  ∂W3 = ∂Z3ᵀ·A2, ∂A2 = ∂Z3·W3, ∂W2 = ∂Z2ᵀ·A1, ∂A1 = ∂Z2·W2, ∂W1 = ∂Z1ᵀ·X
 * This program times exactly those cblas_sgemm calls, on contiguous batches, with nothing between
 * them: no activations, no loss, no update, no gathering of shuffled rows. No training program with
 * the same BLAS can be faster than this. The BLAS's own threads are used (OPENBLAS_NUM_THREADS, all
 * processors by default).
 *
 *   cc -O2 scripts/wide-floor.c $(pkg-config --cflags --libs openblas) -o wide-floor && ./wide-floor [rounds]
 *
 * prints the median and fastest of `rounds` epochs (default 5), after one epoch of warm-up.
 */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { ROWS = 60000, INPUTS = 784, H1 = 256, H2 = 128, CLASSES = 10, BATCH = 128 };

static float *filled(size_t count) {
    float *p = malloc(count * sizeof *p);
    if (!p) {
        fprintf(stderr, "wide-floor: out of memory\n");
        exit(1);
    }
    for (size_t i = 0; i < count; i++) p[i] = (float)((i * 2654435761u) % 1000) / 1000.0f - 0.5f;
    return p;
}

/* C = op(A)·op(B), row-major, op(A) m×k, op(B) k×n. */
static void gemm(int ta, int tb, int m, int n, int k, const float *a, const float *b, float *c) {
    cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n, k, 1.0f, a,
                ta ? m : k, b, tb ? k : n, 0.0f, c, n);
}

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static float *x, *w1, *w2, *w3, *z1, *z2, *z3, *dw1, *dw2, *dw3, *d1, *d2;

static void epoch(void) {
    for (int first = 0; first < ROWS; first += BATCH) {
        int b = ROWS - first < BATCH ? ROWS - first : BATCH;
        const float *xb = x + (size_t)first * INPUTS;
        gemm(0, 1, b, H1, INPUTS, xb, w1, z1);
        gemm(0, 1, b, H2, H1, z1, w2, z2);
        gemm(0, 1, b, CLASSES, H2, z2, w3, z3);
        gemm(1, 0, CLASSES, H2, b, z3, z2, dw3);
        gemm(0, 0, b, H2, CLASSES, z3, w3, d2);
        gemm(1, 0, H2, H1, b, d2, z1, dw2);
        gemm(0, 0, b, H1, H2, d2, w2, d1);
        gemm(1, 0, H1, INPUTS, b, d1, xb, dw1);
    }
}

static int compare(const void *a, const void *b) {
    double d = *(const double *)a - *(const double *)b;
    return (d > 0) - (d < 0);
}

int main(int argc, char **argv) {
    int rounds = argc > 1 ? atoi(argv[1]) : 5;
    if (rounds < 1 || rounds > 1000) {
        fprintf(stderr, "wide-floor: rounds must be between 1 and 1000\n");
        return 1;
    }
    x = filled((size_t)ROWS * INPUTS);
    w1 = filled(H1 * INPUTS), w2 = filled(H2 * H1), w3 = filled(CLASSES * H2);
    z1 = filled(BATCH * H1), z2 = filled(BATCH * H2), z3 = filled(BATCH * CLASSES);
    d1 = filled(BATCH * H1), d2 = filled(BATCH * H2);
    dw1 = filled(H1 * INPUTS), dw2 = filled(H2 * H1), dw3 = filled(CLASSES * H2);
    epoch();
    double times[1000];
    for (int r = 0; r < rounds; r++) {
        double start = seconds();
        epoch();
        times[r] = seconds() - start;
    }
    qsort(times, rounds, sizeof times[0], compare);
    /* Multiply-adds per row: forward and the weight gradients each Σ in·out over the layers, plus the
     * two activation gradients. */
    double flops = 2.0 * ROWS * (2.0 * (INPUTS * H1 + H1 * H2 + H2 * CLASSES) + CLASSES * H2 + H2 * H1);
    printf("wide floor: products_s=%.3f fastest_s=%.3f gflops=%.0f threads=%d\n", times[rounds / 2], times[0],
           flops / times[rounds / 2] / 1e9, openblas_get_num_threads());
    return 0;
}
