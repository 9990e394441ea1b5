import DurableEngine
import HTTPServerCore
import Synchronization

/// Server-sent events that tell a page when to re-read its live part: `event: changed` after
/// every change of what the page shows (a run started or closed for the list; a new event or
/// a retry for a workflow). Changes are noticed through the history's cross-process wake-ups,
/// with a re-check every second as the safety net; bursts are coalesced to one event per
/// 50 ms. The number of open streams is bounded.
final class LiveEvents: Sendable {
    static let maxStreams = 128
    private let open = Mutex(0)

    /// A stream for the Workflows page with `filter`: it changes when the counts by status do.
    func list(_ client: WorkflowClient, filter: WorkflowListFilter) throws(ConsoleError) -> HTTPResponse {
        try stream { (try? client.statusCounts(filter: filter)).map { counts in
            counts.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue)=\($0.value)" }.joined(separator: ",")
        } } waiting: { await client.waitForChange(timeout: .seconds(1)) }
    }

    /// A stream for one workflow's page: it changes with the run, its history and its retries.
    func workflow(_ client: WorkflowClient, workflowID: String) throws(ConsoleError) -> HTTPResponse {
        try stream {
            guard let record = try? client.record(workflowID: workflowID) else { return nil }
            let pending = (try? client.describe(workflowID: workflowID))?.pendingActivities
                .map { "\($0.activityID):\($0.attempt):\($0.state)" }.joined(separator: ",") ?? ""
            return "\(record.runID) \(record.status.rawValue) \(record.historyLength) \(pending)"
        } waiting: { await client.waitForChange(timeout: .seconds(1)) }
    }

    private func stream(_ fingerprint: @escaping @Sendable () -> String?,
                        waiting: @escaping @Sendable () async -> Void) throws(ConsoleError) -> HTTPResponse {
        let admitted = open.withLock { count -> Bool in
            guard count < Self.maxStreams else { return false }
            count += 1
            return true
        }
        guard admitted else { throw .unavailable("too many live pages are open (\(Self.maxStreams)); close some") }
        var headers = HTTPHeaders()
        headers.set("Content-Type", "text/event-stream")
        return HTTPResponse(status: 200, headers: headers, body: .stream { [self] writer in
            defer { open.withLock { $0 -= 1 } }
            try await writer.write("retry: 1000\n\n")
            // The first pass always says "changed": the page may have been rendered before a
            // change that came ahead of this stream.
            var sent = false
            var last: String?
            while !writer.isClosed {
                let current = fingerprint()
                if !sent || last != current {
                    try await writer.write("event: changed\ndata: \n\n")
                    (sent, last) = (true, current)
                }
                await waiting()
                try await Task.sleep(for: .milliseconds(50))
            }
        })
    }
}
