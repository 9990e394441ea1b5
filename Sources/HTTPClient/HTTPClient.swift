import Foundation

/// An HTTP/1.1 and HTTP/2 client on libcurl's multi interface: every transfer of one client runs
/// on one loop thread, with an async API. TLS uses the system CA store and the standard proxy
/// variables (`http_proxy`, `https_proxy`, `no_proxy`) are honoured.
///
/// It never retries: failures come back as `HTTPClientError` with `isRetryable`, and the caller
/// (the durable engine) decides. Cancelling the calling task aborts the transfer.
///
/// ```swift
/// let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url))
/// let stream = try await HTTPClient.shared.stream(request)
/// for try await event in stream.events() { print(event.data) }
/// ```
public final class HTTPClient: Sendable {
    /// A process-wide client with the default configuration.
    public static let shared = HTTPClient()

    public let configuration: HTTPClientConfiguration
    private let loop: CurlLoop

    public init(configuration: HTTPClientConfiguration = .init()) {
        self.configuration = configuration
        loop = CurlLoop(configuration: configuration)
        loop.start()
    }

    deinit {
        loop.shutdown()
    }

    /// Sends `request` and returns the whole response (any status) within its total timeout.
    /// - Throws: `HTTPClientError`.
    public func execute(_ request: HTTPClientRequest) async throws -> HTTPClientResponse {
        try Self.validate(request)
        let transfer = CurlTransfer(request: request, maxBodySize: configuration.maxResponseBodySize)
        let loop = self.loop
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                transfer.completion = .whole(continuation)
                loop.submit(transfer)
            }
        } onCancel: {
            loop.cancel(transfer)
        }
    }

    /// Sends `request` and returns as soon as the status and headers have arrived; the body
    /// follows as an `AsyncSequence` of chunks. No total deadline applies, only the idle timeout.
    /// Dropping the stream or cancelling its reader aborts the transfer.
    /// - Throws: `HTTPClientError` (before the head; later failures are thrown by the body).
    public func stream(_ request: HTTPClientRequest) async throws -> HTTPClientStream {
        try Self.validate(request)
        let transfer = CurlTransfer(request: request, maxBodySize: configuration.maxResponseBodySize)
        let loop = self.loop
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                transfer.completion = .stream(continuation)
                loop.submit(transfer)
            }
        } onCancel: {
            loop.cancel(transfer)
        }
    }

    private static func validate(_ request: HTTPClientRequest) throws {
        guard let scheme = request.url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = request.url.host, !host.isEmpty
        else {
            throw HTTPClientError.invalidURL("\(request.url.absoluteString.prefix(200)) is not an absolute http(s) URL")
        }
        for (name, value) in request.headers {
            let badName = name.isEmpty || name.utf8.contains { $0 <= 0x20 || $0 == 0x3A || $0 >= 0x7F }
            let badValue = value.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0 }
            if badName || badValue {
                throw HTTPClientError.invalidRequest("header \(name.debugDescription.prefix(100)) has a forbidden character")
            }
        }
        if request.method.rawValue.isEmpty || request.method.rawValue.utf8.contains(where: { $0 <= 0x20 || $0 >= 0x7F }) {
            throw HTTPClientError.invalidRequest("method \(request.method.rawValue.debugDescription) is not a token")
        }
    }
}
