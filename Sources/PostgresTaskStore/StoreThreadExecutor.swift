import Foundation

/// A task executor with one thread of its own, for the store's background work (the client's
/// pool, the listener, the watchdog of calls) and for its start, which blocks its caller until
/// the server answered: that work never waits for a thread of Swift's cooperative pool (two
/// threads on two cores), which the blocked caller may be holding itself.
final class StoreThreadExecutor: TaskExecutor, @unchecked Sendable {
    // @unchecked Sendable: `jobs` is only touched while holding `condition`'s lock.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    init(name: String) {
        // The thread holds the executor for good: both live as long as the process.
        let thread = Thread { self.runJobs() }
        thread.name = name
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Runs the queued jobs in order, forever (the executor lives as long as its store: the process).
    private func runJobs() {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let batch = jobs
            jobs.removeAll(keepingCapacity: true)
            condition.unlock()
            for job in batch { job.runSynchronously(on: asUnownedTaskExecutor()) }
        }
    }
}
