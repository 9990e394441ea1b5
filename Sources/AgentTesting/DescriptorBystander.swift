import Foundation
import Synchronization

/// A thread that keeps opening, checking and closing descriptors of its own, and counts those
/// closed under it by someone else: the trace of a double close, which closes whatever file
/// the number was given to meanwhile.
public final class DescriptorBystander: Sendable {
    private let stolen = Atomic<Int>(0)
    private let stopping = Atomic<Bool>(false)
    private let finished = Atomic<Bool>(false)

    public init() {}

    /// Starts the thread.
    public func start() {
        let thread = Thread { [self] in
            while !stopping.load(ordering: .relaxed) {
                let fd = open("/dev/null", O_RDONLY)
                if fd < 0 { continue }
                sched_yield()
                if fcntl(fd, F_GETFD) == -1 { stolen.wrappingAdd(1, ordering: .relaxed) } else { close(fd) }
            }
            finished.store(true, ordering: .releasing)
        }
        thread.name = "descriptor-bystander"
        thread.start()
    }

    /// Stops the thread and returns how many of its descriptors were closed under it.
    public func stop() async -> Int {
        stopping.store(true, ordering: .relaxed)
        _ = await eventually { finished.load(ordering: .acquiring) }
        return stolen.load(ordering: .relaxed)
    }
}
