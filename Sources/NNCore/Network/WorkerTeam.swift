import Foundation
import Synchronization

/// A fixed team of threads that run jobs together: the caller of `run` is member 0, and the other
/// `members − 1` threads, started once, wait between jobs for the next one.
///
/// A job meets itself at `synchronize`, where every member waits until all have arrived. Members
/// wait by spinning for up to about a tenth of a millisecond, which is what the short, even phases
/// of a training step need (waking a sleeping thread costs more than that), and then sleep on a
/// condition variable, so a team that has nothing to do (between epochs, or on a machine shared
/// with other work) costs no processor time.
final class WorkerTeam {
    let members: Int
    private let shared: Shared
    private var threads: [pthread_t] = []

    /// A team of `members` (at least 1); with 1, `run` just calls its job.
    init(members: Int) {
        precondition(members >= 1)
        self.members = members
        shared = Shared(members: members)
        for member in 1..<members {
            let context = Unmanaged.passRetained(Start(shared: shared, member: member)).toOpaque()
            var thread = pthread_t()
            guard pthread_create(&thread, nil, { context in
                let start = Unmanaged<Start>.fromOpaque(context!).takeRetainedValue()
                start.shared.serve(member: start.member)
                return nil
            }, context) == 0 else {
                Unmanaged<Start>.fromOpaque(context).release()
                preconditionFailure("could not start a worker thread")
            }
            threads.append(thread)
        }
    }

    deinit {
        shared.job = nil
        shared.rendezvous.wait()
        for thread in threads { pthread_join(thread, nil) }
    }

    /// Runs `job(member)` on every member at once, the caller being member 0, and returns when all
    /// have finished. The job may call `synchronize()`, every member the same number of times.
    func run(_ job: (Int) -> Void) {
        guard members > 1 else {
            job(0)
            return
        }
        withoutActuallyEscaping(job) { job in
            shared.job = Job(body: job)
            shared.rendezvous.wait()
            job(0)
            shared.rendezvous.wait()
            shared.job = nil
        }
    }

    /// Inside a job: waits until every member has reached this point; what any member wrote before
    /// it is then visible to all.
    func synchronize() {
        if members > 1 { shared.rendezvous.wait() }
    }

    /// A job handed to the members. Sending it is safe: `run` keeps it alive and does not return
    /// until every member has finished it, and the job itself decides what each member touches.
    private struct Job: @unchecked Sendable {
        let body: (Int) -> Void
    }

    /// What the members share. `job` is written by member 0 only before the rendezvous that starts
    /// a job (or stops the team) and after the one that ends it, and read by the others only in between.
    private final class Shared: @unchecked Sendable {
        let rendezvous: Rendezvous
        var job: Job?

        init(members: Int) {
            rendezvous = Rendezvous(count: members)
        }

        func serve(member: Int) {
            while true {
                rendezvous.wait()
                guard perform(member: member) else { return }
                rendezvous.wait()
            }
        }

        /// Runs the current job, if there is one; the reference to it ends with this call, before
        /// the rendezvous that lets `run` return.
        @inline(never)
        private func perform(member: Int) -> Bool {
            guard let job else { return false }
            job.body(member)
            return true
        }
    }

    private final class Start {
        let shared: Shared
        let member: Int

        init(shared: Shared, member: Int) {
            self.shared = shared
            self.member = member
        }
    }
}

/// A reusable barrier for `count` threads: each `wait` returns once all `count` have called it.
///
/// The last to arrive starts the next round; the others spin on the round number for a while
/// (`spins` loads) and then sleep until it changes. The arrivals and the new round are atomic
/// read-modify-writes and stores with acquire and release ordering, so everything a thread wrote
/// before its `wait` is visible to every thread after theirs.
final class Rendezvous: @unchecked Sendable {  // The atomics and the pthread objects are the state.
    let count: Int
    private let spins: Int
    private let arrived = Atomic<Int>(0)
    private let round = Atomic<Int>(0)
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>

    init(count: Int, spins: Int = 200_000) {
        self.count = count
        self.spins = spins
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        condition = .allocate(capacity: 1)
        condition.initialize(to: pthread_cond_t())
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    func wait() {
        let current = round.load(ordering: .acquiring)
        if arrived.add(1, ordering: .acquiringAndReleasing).newValue == count {
            arrived.store(0, ordering: .relaxed)
            pthread_mutex_lock(mutex)
            round.add(1, ordering: .releasing)
            pthread_cond_broadcast(condition)
            pthread_mutex_unlock(mutex)
            return
        }
        for _ in 0..<spins where round.load(ordering: .acquiring) != current { return }
        pthread_mutex_lock(mutex)
        while round.load(ordering: .acquiring) == current { pthread_cond_wait(condition, mutex) }
        pthread_mutex_unlock(mutex)
    }
}
