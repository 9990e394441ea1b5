import A2AProtocol
import HTTPServerCore

/// Builds `text/event-stream` responses: one `data: <json>` event per stream item.
enum SSEResponse {
    static let headers: HTTPHeaders = [
        "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store", "X-Accel-Buffering": "no",
    ]

    /// Streams `events`, each encoded by `encode`, until the task's stream ends or the client leaves.
    static func make(_ events: AsyncStream<StreamResponse>,
                     encode: @escaping @Sendable (StreamResponse) throws -> [UInt8]) -> HTTPResponse {
        HTTPResponse(status: 200, headers: headers, body: .stream { writer in
            for await event in events {
                var bytes = Array("data: ".utf8)
                bytes += try encode(event)
                bytes += Array("\r\n\r\n".utf8)
                try await writer.write(bytes)
            }
        })
    }
}
