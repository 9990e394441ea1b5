import DurableEngine
import HTTPServerCore
import Synchronization

/// Server-sent events that tell a page when to re-read its live part: `event: changed` after
/// every change of what the page shows (a run started or closed for the list; a new event or
/// a retry for a workflow). Changes are noticed through the history's cross-process wake-ups,
/// with a re-check every second as the safety net; a stream looks at most every 50 ms, so a
/// busy history costs each stream 20 reads a second at most. The number of open streams is
/// bounded.
final class LiveEvents: Sendable {
    static let maxStreams = 128
    private let open = Mutex(0)
    private let metrics: ConsoleMetrics

    init(metrics: ConsoleMetrics) {
        self.metrics = metrics
    }

    /// A stream for the Workflows page with `filter`: it changes when the counts by status do.
    func list(_ client: WorkflowClient, filter: WorkflowListFilter) throws(ConsoleError) -> HTTPResponse {
        try stream(client) { (try? client.statusCounts(filter: filter)).map { counts in
            counts.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue)=\($0.value)" }.joined(separator: ",")
        } }
    }

    /// A stream for one workflow's page: it changes with the run, its history and its retries.
    func workflow(_ client: WorkflowClient, workflowID: String) throws(ConsoleError) -> HTTPResponse {
        try stream(client) {
            guard let record = try? client.record(workflowID: workflowID) else { return nil }
            let pending = (try? client.describe(workflowID: workflowID))?.pendingActivities
                .map { "\($0.activityID):\($0.attempt):\($0.state)" }.joined(separator: ",") ?? ""
            return "\(record.runID) \(record.status.rawValue) \(record.historyLength) \(pending)"
        }
    }

    private func stream(_ client: WorkflowClient, _ fingerprint: @escaping @Sendable () -> String?) throws(ConsoleError)
        -> HTTPResponse {
        let admitted = open.withLock { count -> Bool in
            guard count < Self.maxStreams else { return false }
            count += 1
            return true
        }
        guard admitted else { throw .unavailable("too many live pages are open (\(Self.maxStreams)); close some") }
        // Before the first look: a change after it is then seen by the first wait.
        let watched = client.watchForChanges()
        var headers = HTTPHeaders()
        headers.set("Content-Type", "text/event-stream")
        return HTTPResponse(status: 200, headers: headers, body: .stream { [self] writer in
            metrics.liveStreams.increment()
            defer {
                open.withLock { $0 -= 1 }
                metrics.liveStreams.decrement()
            }
            try await writer.write("retry: 1000\n\n")
            // The first pass always says "changed": the page may have been rendered before a
            // change that came ahead of this stream.
            var sent = false
            var last: String?
            var seen = watched
            let clock = ContinuousClock()
            while !writer.isClosed {
                let looked = clock.now
                let current = fingerprint()
                if !sent || last != current {
                    try await writer.write("event: changed\ndata: \n\n")
                    (sent, last) = (true, current)
                }
                seen = await client.waitForChange(after: seen, timeout: .seconds(1))
                // At most 20 looks a second however busy the history is; a change meanwhile
                // is counted, so the next look sees it.
                try await Task.sleep(until: looked + .milliseconds(50))
            }
        })
    }
}
