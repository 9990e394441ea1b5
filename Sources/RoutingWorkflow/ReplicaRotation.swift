import Synchronization

/// The replicas of each agent and whose turn it is: each call starts at the next replica, so
/// calls spread across them, and goes on to the others when the first is down.
final class ReplicaRotation: Sendable {
    /// One agent's replicas and its turn counter.
    private final class Replicas: Sendable {
        let urls: [String]
        let turn = Atomic<Int>(0)
        init(_ urls: [String]) { self.urls = urls }
    }

    /// Every replica URL → the replicas of its agent.
    private let byURL: [String: Replicas]

    /// - Parameter lists: the base URLs of each agent that has several replicas.
    init(_ lists: [[String]]) {
        var byURL: [String: Replicas] = [:]
        for list in lists where !list.isEmpty {
            let replicas = Replicas(list)
            for url in list { byURL[url] = replicas }
        }
        self.byURL = byURL
    }

    /// The URLs to try for one call to the agent at `url`, in order: `url` alone when it has no
    /// other replicas, else all of them starting one further than the previous call did.
    /// With `advancing` false (a look at the agent's card), the turn stays where it is, so the
    /// cards fetched between calls do not skew how calls spread.
    func order(for url: String, advancing: Bool = true) -> [String] {
        guard let replicas = byURL[url] else { return [url] }
        let start = advancing ? replicas.turn.wrappingAdd(1, ordering: .relaxed).oldValue : replicas.turn.load(ordering: .relaxed)
        let first = ((start % replicas.urls.count) + replicas.urls.count) % replicas.urls.count
        return Array(replicas.urls[first...] + replicas.urls[..<first])
    }
}
