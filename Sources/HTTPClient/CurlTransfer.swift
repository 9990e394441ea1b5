import CCurl
import Foundation
import Synchronization

/// One request in flight on the client's loop thread: the easy handle, what has been received,
/// and how to hand the outcome back to the awaiting Swift task.
///
/// `@unchecked Sendable`: `completion` is set by the submitting task before the transfer is
/// queued (the queue's mutex orders that write before the loop thread reads it); every other
/// mutable field is touched only on the loop thread (curl callbacks and the loop itself). The
/// cross-thread flags are atomics.
final class CurlTransfer: @unchecked Sendable {
    enum Completion {
        case whole(CheckedContinuation<HTTPClientResponse, any Error>)
        case stream(CheckedContinuation<HTTPClientStream, any Error>)
    }

    let request: HTTPClientRequest
    let maxBodySize: Int
    /// Set by any thread to ask the loop to abort.
    let cancelRequested = Atomic<Bool>(false)
    /// Set by the loop once the outcome has been delivered.
    let finished = Atomic<Bool>(false)

    var completion: Completion?
    var easy: UnsafeMutableRawPointer?
    var headerList: UnsafeMutablePointer<curl_slist>?
    let errorBuffer: UnsafeMutablePointer<CChar>

    var status = 0
    var headers = HTTPClientHeaders()
    var body: [UInt8] = []
    var headDelivered = false
    var bodyContinuation: AsyncThrowingStream<[UInt8], any Error>.Continuation?
    var failure: HTTPClientError?
    /// Called (on the loop thread) when a stream's consumer goes away.
    var onConsumerGone: (@Sendable () -> Void)?

    init(request: HTTPClientRequest, maxBodySize: Int) {
        self.request = request
        self.maxBodySize = maxBodySize
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        errorBuffer.deallocate()
        if let headerList { ccurl_slist_free_all(headerList) }
    }

    var isStream: Bool {
        if case .stream = completion { true } else { false }
    }

    /// The last curl error text, if curl wrote one.
    var curlMessage: String {
        String(cString: errorBuffer)
    }

    // MARK: - Callbacks (loop thread)

    /// One header line (status lines included) as curl received it.
    func receiveHeaderLine(_ raw: UnsafeRawBufferPointer) {
        var end = raw.count
        while end > 0, raw[end - 1] == 0x0A || raw[end - 1] == 0x0D { end -= 1 }
        let line = raw[0..<end]
        if line.isEmpty {
            var code = 0
            if let easy { _ = ccurl_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &code) }
            if code >= 200 {
                status = code
                if isStream { deliverHead() }
            }
            return
        }
        if line.starts(with: "HTTP/".utf8) {
            headers = HTTPClientHeaders()  // a new response (after 1xx or a proxy's CONNECT)
            return
        }
        guard let colon = line.firstIndex(of: 0x3A) else { return }
        let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self)
        let value = String(decoding: line[(colon + 1)...], as: UTF8.self)
            .trimmingCharacters(in: .whitespaces)
        headers.add(name, value)
    }

    /// A piece of the body. Returns the bytes consumed; fewer aborts the transfer.
    func receiveBody(_ chunk: UnsafeRawBufferPointer) -> Int {
        if isStream {
            if !headDelivered {
                var code = 0
                if let easy { _ = ccurl_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &code) }
                status = code
                deliverHead()
            }
            guard let bodyContinuation else { return 0 }
            if case .terminated = bodyContinuation.yield(Array(chunk)) { return 0 }
            return chunk.count
        }
        if body.count + chunk.count > maxBodySize {
            failure = .responseTooLarge(limit: maxBodySize)
            return 0
        }
        body.append(contentsOf: chunk)
        return chunk.count
    }

    // MARK: - Outcome (loop thread)

    private func deliverHead() {
        guard !headDelivered, case .stream(let continuation) = completion else { return }
        headDelivered = true
        let (chunks, bodyContinuation) = AsyncThrowingStream<[UInt8], any Error>.makeStream(bufferingPolicy: .unbounded)
        let gone = onConsumerGone
        bodyContinuation.onTermination = { termination in
            if case .cancelled = termination { gone?() }
        }
        self.bodyContinuation = bodyContinuation
        let abort = TransferAbort { gone?() }
        continuation.resume(returning: HTTPClientStream(
            status: status, headers: headers, body: HTTPClientBody(chunks: chunks, abort: abort)))
    }

    /// Delivers success: the whole response, or the end of a stream.
    func succeed() {
        guard !finished.exchange(true, ordering: .acquiringAndReleasing) else { return }
        switch completion {
        case .whole(let continuation):
            continuation.resume(returning: HTTPClientResponse(status: status, headers: headers, body: body))
        case .stream:
            deliverHead()
            bodyContinuation?.finish()
        case nil:
            break
        }
        body = []
    }

    /// Delivers a failure to whoever is waiting: the request's caller or the stream's reader.
    func fail(_ error: HTTPClientError) {
        guard !finished.exchange(true, ordering: .acquiringAndReleasing) else { return }
        switch completion {
        case .whole(let continuation):
            continuation.resume(throwing: error)
        case .stream(let continuation):
            if headDelivered { bodyContinuation?.finish(throwing: error) } else { continuation.resume(throwing: error) }
        case nil:
            break
        }
        body = []
    }
}
