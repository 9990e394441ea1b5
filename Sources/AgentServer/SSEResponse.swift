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
    static func make(_ events: AsyncStream<StreamResponse>,
                     encode: @escaping @Sendable (StreamResponse) throws -> [UInt8]) -> HTTPResponse {
        HTTPResponse(status: 200, headers: headers, body: .stream { writer in
            let outbox = SSEOutbox()
            let reader = Task {
                for await event in events {
                    do {
                        var bytes = Array("data: ".utf8)
                        bytes += try encode(event)
                        bytes += Array("\r\n\r\n".utf8)
                        outbox.append(bytes)
                    } catch {
                        outbox.append(Array("event: error\r\ndata: {\"error\":{\"code\":-32603,\"message\":\"cannot encode an event\"}}\r\n\r\n".utf8))
                        break
                    }
                }
                outbox.finish()
            }
            defer { reader.cancel() }
            try await withTaskCancellationHandler {
                while let bytes = await outbox.take() {
                    try await writer.write(bytes)
                }
            } onCancel: {
                outbox.finish()
            }
        })
    }
}
