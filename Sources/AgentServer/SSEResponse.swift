import A2AProtocol
import Foundation
import HTTPServerCore

/// Builds `text/event-stream` responses: one `data: <json>` event per stream item.
enum SSEResponse {
    static let headers: HTTPHeaders = [
        "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store", "X-Accel-Buffering": "no",
    ]

    /// Streams `events`, each encoded by `encode`, until the task's stream ends or the client
    /// leaves. Events that pile up while a chunk is being written go out together.
    static func make(_ events: TaskEventFeed,
                     encode: @escaping @Sendable (StreamResponse) throws -> [UInt8]) -> HTTPResponse {
        HTTPResponse(status: 200, headers: headers, body: .stream { writer in
            defer { events.cancel() }  // the client left or a write failed: the manager drops the feed
            while let batch = await events.nextBatch() {
                var bytes: [UInt8] = []
                for event in batch {
                    do {
                        let json = try encode(event)
                        bytes.reserveCapacity(bytes.count + json.count + 10)
                        bytes += Self.dataPrefix
                        bytes += json
                        bytes += Self.eventEnd
                    } catch {
                        bytes += Self.encodingFailure
                        try await writer.write(bytes)
                        return
                    }
                }
                try await writer.write(bytes)
            }
        })
    }

    private static let dataPrefix = Array("data: ".utf8)
    private static let eventEnd = Array("\r\n\r\n".utf8)
    private static let encodingFailure = Array(
        "event: error\r\ndata: {\"error\":{\"code\":-32603,\"message\":\"cannot encode an event\"}}\r\n\r\n".utf8)
}
