/// A provider whose calls are timed into `ModelCallMetrics`: a whole answer, or a stream from
/// the request to its last delta. A call cancelled by its caller is not recorded.
public struct MeteredModelProvider: ModelProvider {
    public let provider: any ModelProvider
    let metrics: ModelCallMetrics

    public init(_ provider: any ModelProvider, metrics: ModelCallMetrics) {
        self.provider = provider
        self.metrics = metrics
    }

    public var description: String { provider.description }

    public func complete(_ request: ModelRequest) async throws -> String {
        let start = ContinuousClock.now
        do {
            let answer = try await provider.complete(request)
            metrics.record(since: start, failed: false)
            return answer
        } catch {
            if !Task.isCancelled { metrics.record(since: start, failed: true) }
            throw error
        }
    }

    public func stream(_ request: ModelRequest) -> AsyncThrowingStream<String, any Error> {
        let start = ContinuousClock.now
        let upstream = provider.stream(request)
        let metrics = self.metrics
        return AsyncThrowingStream { continuation in
            let forwarding = Task {
                do {
                    for try await delta in upstream { continuation.yield(delta) }
                    metrics.record(since: start, failed: false)
                    continuation.finish()
                } catch {
                    if !Task.isCancelled { metrics.record(since: start, failed: true) }
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in forwarding.cancel() }
        }
    }
}
