import Foundation
import HTTPServerCore
import Synchronization

/// Counters the routes share with the tests.
final class RouteEvents: Sendable {
    let streamsClosedByClient = Atomic<Int>(0)
    let requests = Atomic<Int>(0)
}

/// The server side of the client tests: each path exercises one client behaviour.
struct ClientTestRoutes: HTTPResponder {
    let events = RouteEvents()

    func respondImmediately(to request: HTTPRequest) -> HTTPResponse? {
        guard request.path == "/fast" else { return nil }
        events.requests.add(1, ordering: .relaxed)
        return HTTPResponse(text: "fast")
    }

    func respond(to request: HTTPRequest) async -> HTTPResponse {
        events.requests.add(1, ordering: .relaxed)
        let milliseconds = Int(request.query["ms"] ?? "0") ?? 0
        switch request.path {
        case "/echo":
            var headers: HTTPHeaders = ["Content-Type": "application/octet-stream", "X-Method": request.method]
            headers.add("X-Header", request.headers["X-Test"] ?? "-")
            headers.add("X-Content-Type", request.headers["Content-Type"] ?? "-")
            return HTTPResponse(headers: headers, body: .bytes(request.body))
        case "/status":
            let code = Int(request.query["code"] ?? "500") ?? 500
            return HTTPResponse(status: code, headers: ["Retry-After": "3"], text: "status \(code)")
        case "/slow":
            try? await Task.sleep(for: .milliseconds(milliseconds))
            return HTTPResponse(text: "slow")
        case "/big":
            let size = Int(request.query["bytes"] ?? "0") ?? 0
            return HTTPResponse(body: .bytes([UInt8](repeating: 0x61, count: size)))
        case "/sse":
            let count = Int(request.query["n"] ?? "3") ?? 3
            return HTTPResponse(headers: ["Content-Type": "text/event-stream"], body: .stream { writer in
                for index in 0..<count {
                    try await writer.write("id: \(index)\ndata: event \(index)\n\n")
                    if milliseconds > 0 { try await Task.sleep(for: .milliseconds(milliseconds)) }
                }
            })
        case "/stall":
            // One event, then silence until the client goes away.
            let events = self.events
            return HTTPResponse(headers: ["Content-Type": "text/plain"], body: .stream { writer in
                try await writer.write("data: first\n\n")
                while !writer.isClosed {
                    try? await Task.sleep(for: .milliseconds(20))
                }
                events.streamsClosedByClient.add(1, ordering: .relaxed)
            })
        case "/headers-then-stall":
            let events = self.events
            return HTTPResponse(headers: ["Content-Type": "text/event-stream"], body: .stream { writer in
                try await Task.sleep(for: .milliseconds(milliseconds))
                while !writer.isClosed {
                    try? await Task.sleep(for: .milliseconds(20))
                }
                events.streamsClosedByClient.add(1, ordering: .relaxed)
            })
        case "/drop":
            // Promises more bytes than it sends, then closes: the client sees the connection break.
            return HTTPResponse(headers: ["Content-Length": "100000", "Connection": "close"], body: .stream { writer in
                try await writer.write("data: partial\n\n")
            })
        default:
            return HTTPResponse(status: 404, text: "no route \(request.path)")
        }
    }
}

/// A started server on 127.0.0.1 with the test routes; call `stop()` when done.
struct TestServer {
    let server: HTTPServer
    let routes: ClientTestRoutes

    init(configuration: HTTPServerConfiguration = .init(streamHeartbeatSeconds: 0)) throws {
        routes = ClientTestRoutes()
        server = HTTPServer(configuration: configuration, responder: routes)
        try server.start()
    }

    func url(_ pathAndQuery: String) -> URL {
        URL(string: "http://127.0.0.1:\(server.port)\(pathAndQuery)")!
    }

    func stop() async { await server.shutdown() }
}
