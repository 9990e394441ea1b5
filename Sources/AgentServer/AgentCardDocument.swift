import A2AProtocol
import Foundation
import HTTPServerCore
import Synchronization

/// The encoded agent card with its cache validators, answered on the event-loop fast path.
public final class AgentCardDocument: Sendable {
    private struct State {
        var card: AgentCard
        var bytes: [UInt8]
        var etag: String
        var lastModified: String
    }

    private let state: Mutex<State>
    private let maxAge: Int

    /// - Throws: when the card cannot be encoded.
    public init(card: AgentCard, maxAge: Int) throws {
        self.maxAge = maxAge
        state = Mutex(try Self.encode(card))
    }

    /// The card served now.
    public var card: AgentCard { state.withLock { $0.card } }

    /// Replaces the card (e.g. once the real port is known).
    public func update(_ card: AgentCard) throws {
        let encoded = try Self.encode(card)
        state.withLock { $0 = encoded }
    }

    /// 200 with the card, or 304 when `If-None-Match` matches the ETag.
    func response(to request: HTTPRequest) -> HTTPResponse {
        let current = state.withLock { $0 }
        var headers: HTTPHeaders = [
            "ETag": current.etag, "Last-Modified": current.lastModified,
            "Cache-Control": "public, max-age=\(maxAge)",
        ]
        if let match = request.headers["If-None-Match"],
           match.split(separator: ",").contains(where: { Self.weakEqual($0, current.etag) || $0.trimmingSpacesAndTabs() == "*" }) {
            return HTTPResponse(status: 304, headers: headers)
        }
        headers.add("Content-Type", "application/json")
        return HTTPResponse(status: 200, headers: headers, body: .bytes(request.method == "HEAD" ? [] : current.bytes))
    }

    private static func weakEqual(_ candidate: Substring, _ etag: String) -> Bool {
        func opaque(_ tag: some StringProtocol) -> Substring {
            let trimmed = Substring(tag.trimmingSpacesAndTabs())
            return trimmed.hasPrefix("W/") ? trimmed.dropFirst(2) : trimmed
        }
        return opaque(candidate) == opaque(etag)
    }

    private static func encode(_ card: AgentCard) throws -> State {
        let bytes = try A2AJSON.encode(card)
        // FNV-1a 64-bit over the card bytes: a cheap, stable validator (not a security hash).
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let etag = "W/\"\(String(hash, radix: 16))\""
        return State(card: card, bytes: bytes, etag: etag, lastModified: httpDate(Date()))
    }

    /// An IMF-fixdate, e.g. `Sun, 22 Nov 2026 23:18:19 GMT`.
    static func httpDate(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }
}
