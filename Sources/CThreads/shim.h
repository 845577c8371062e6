// Where a new thread runs: glibc's GNU extensions for it, which Swift's Glibc module (built without
// _GNU_SOURCE) leaves out, declared here as glibc declares them.
#include <pthread.h>
#include <sched.h>

extern int sched_getcpu(void);
extern int pthread_getaffinity_np(pthread_t thread, size_t size, cpu_set_t *set);
extern int pthread_attr_setaffinity_np(pthread_attr_t *attributes, size_t size, const cpu_set_t *set);

// Asks the threads made with `attributes` to run on the processors this thread may use other than
// the one it runs on now. Returns 1 if it did; 0, with `attributes` unchanged, if there is no other.
static inline int nnviz_threads_elsewhere(pthread_attr_t *_Nonnull attributes) {
    cpu_set_t allowed;
    if (pthread_getaffinity_np(pthread_self(), sizeof allowed, &allowed) != 0) return 0;
    const int current = sched_getcpu();
    const int bitsPerWord = 8 * (int)sizeof allowed.__bits[0];
    const int words = (int)(sizeof allowed.__bits / sizeof allowed.__bits[0]);
    if (current < 0 || current >= bitsPerWord * words) return 0;
    allowed.__bits[current / bitsPerWord] &= ~((__cpu_mask)1 << (current % bitsPerWord));
    int others = 0;
    for (int word = 0; word < words; word++) others |= allowed.__bits[word] != 0;
    return others && pthread_attr_setaffinity_np(attributes, sizeof allowed, &allowed) == 0;
}
