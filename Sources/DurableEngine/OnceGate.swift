import Synchronization

/// Lets exactly one caller through; tells the others it is taken.
final class OnceGate: Sendable {
    private let claimed = Atomic<Bool>(false)
    func claim() -> Bool { claimed.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged }
    var isClaimed: Bool { claimed.load(ordering: .acquiring) }
}
