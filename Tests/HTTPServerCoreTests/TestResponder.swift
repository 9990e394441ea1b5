import AgentTesting
import Foundation
import HTTPServerCore

/// Routes used by the server tests; each one exercises one server behaviour.
struct TestResponder: HTTPResponder {
    let producerCancelled = Flag()
    /// Producers of `/late-stream`: running now, and ended.
    let lateProducers = ActiveCount()
    /// Set when `/late-stream` has its request; it answers once `lateAnswer` opens.
    let lateRequestArrived = Flag()
    let lateAnswer = AsyncGate()

    func respondImmediately(to request: HTTPRequest) -> HTTPResponse? {
        switch request.path {
        case "/fast": HTTPResponse(text: "fast")
        case "/fast-events":
            // A stream from the loop thread's fast path: produced in a task of its own.
            HTTPResponse(headers: ["Content-Type": "text/event-stream"], body: .stream { writer in
                for index in 0..<3 { try await writer.write("data: \(index)\n\n") }
            })
        default: nil
        }
    }

    func respond(to request: HTTPRequest) async -> HTTPResponse {
        switch request.path {
        case "/echo":
            let query = request.query.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
            return HTTPResponse(headers: ["Content-Type": "text/plain"],
                                text: "\(request.method) \(request.path) \(query) \(String(decoding: request.body, as: UTF8.self))")
        case "/events":
            let count = Int(request.query["n"] ?? "3") ?? 3
            return HTTPResponse(headers: ["Content-Type": "text/event-stream"], body: .stream { writer in
                for index in 0..<count {
                    try await writer.write("data: \(index)\n\n")
                    try await Task.sleep(for: .milliseconds(20))
                }
            })
        case "/forever":
            let flag = producerCancelled
            return HTTPResponse(headers: ["Content-Type": "text/event-stream"], body: .stream { writer in
                do {
                    while true {
                        try await writer.write("data: tick\n\n")
                        try await Task.sleep(for: .milliseconds(10))
                    }
                } catch {
                    flag.set()
                    throw error
                }
            })
        case "/late-stream":
            // The test lets it answer once the client has gone: the producer must stop.
            lateRequestArrived.set()
            await lateAnswer.wait()
            let running = lateProducers
            return HTTPResponse(headers: ["Content-Type": "text/event-stream"], body: .stream { writer in
                running.enter()
                defer { running.leave() }
                while true {
                    try await writer.write("data: tick\n\n")
                    try await Task.sleep(for: .milliseconds(10))
                }
            })
        case "/big":
            let megabytes = Int(request.query["mb"] ?? "4") ?? 4
            return HTTPResponse(headers: ["Content-Type": "application/octet-stream"], body: .stream { writer in
                let block = [UInt8](repeating: 120, count: 64 * 1024)
                for _ in 0..<(megabytes * 16) { try await writer.write(block) }
            })
        case "/slow":
            try? await Task.sleep(for: .milliseconds(300))
            return HTTPResponse(text: "slow")
        default:
            return HTTPResponse(status: 404, text: "not found")
        }
    }
}

/// A thread-safe boolean that tests poll.
final class Flag: @unchecked Sendable {
    // @unchecked Sendable: `value` is guarded by `lock`.
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}

/// Starts a server on a free port with `configuration` changes, runs `body`, always shuts down.
func withServer(
    _ configure: (inout HTTPServerConfiguration) -> Void = { _ in }, responder: TestResponder = TestResponder(),
    _ body: (HTTPServer) async throws -> Void
) async throws {
    var configuration = HTTPServerConfiguration(port: 0)
    configure(&configuration)
    let server = HTTPServer(configuration: configuration, responder: responder)
    try server.start()
    do {
        try await body(server)
    } catch {
        await server.shutdown()
        throw error
    }
    await server.shutdown()
}
