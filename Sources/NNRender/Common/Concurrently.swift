internal import CThreads
import Foundation
import NNCore
import Synchronization

/// Runs `body(index)` for every index in 0..<count on up to `threads` threads, the caller's among
/// them, and returns when all have finished. Each thread takes the next index not yet taken, so a
/// helper that the system starts late (or cannot start) leaves its share to the others; what each
/// index does must not depend on which thread runs it.
///
/// The helpers are asked to run on other processors than the caller's: a new thread otherwise often
/// waits on the caller's own processor until the caller is done, and a job of a millisecond or two
/// (a picture's PNG parts) then runs one part after another.
func concurrently(_ count: Int, threads: Int, _ body: (Int) -> Void) {
    let helpers = max(0, min(threads, count) - 1)
    guard helpers > 0 else {
        for index in 0..<count { body(index) }
        return
    }
    withoutActuallyEscaping(body) { body in
        let work = SharedWork(count: count, body: body)
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        _ = nnviz_threads_elsewhere(&attributes)
        var started: [pthread_t] = []
        for _ in 0..<helpers {
            let context = Unmanaged.passRetained(work).toOpaque()
            var thread = pthread_t()
            let status = pthread_create(&thread, &attributes, { context in
                Unmanaged<SharedWork>.fromOpaque(context!).takeRetainedValue().run()
                return nil
            }, context)
            if status == 0 { started.append(thread) } else { Unmanaged<SharedWork>.fromOpaque(context).release() }
        }
        work.run()
        for thread in started { pthread_join(thread, nil) }
    }
}

/// The indices of `concurrently` and what to do with each: shared safely, because `concurrently`
/// keeps it alive and returns only after every thread has finished, and each index is taken once.
private final class SharedWork: @unchecked Sendable {
    let count: Int
    let body: (Int) -> Void
    let next = Atomic<Int>(0)

    init(count: Int, body: @escaping (Int) -> Void) {
        self.count = count
        self.body = body
    }

    func run() {
        while true {
            let index = next.add(1, ordering: .relaxed).oldValue
            guard index < count else { return }
            body(index)
        }
    }
}
