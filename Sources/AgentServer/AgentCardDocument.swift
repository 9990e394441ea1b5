import A2AProtocol
import Foundation
import HTTPServerCore
import JSONBytes
import Synchronization

/// The encoded agent card with its cache validators, answered on the event-loop fast path.
///
/// A request that asks for A2A 1.0 (the `A2A-Version` header or query parameter) gets the pure
/// 1.0 card. One that does not is a 0.3 client by the spec's rule, and gets the same card with
/// the 0.3 discovery fields added (`url`, `preferredTransport`, `protocolVersion` and a 0.3
/// JSON-RPC interface), as a2a-sdk serves them; 0.3 clients find no endpoint without them.
public final class AgentCardDocument: Sendable {
    private struct Encoding {
        var bytes: [UInt8]
        var etag: String
    }

    private struct State {
        var card: AgentCard
        var pure: Encoding
        /// The card with the 0.3 fields, or nil when only the pure card is served.
        var withLegacyFields: Encoding?
        var lastModified: String
    }

    private let state: Mutex<State>
    private let maxAge: Int
    private let servesLegacyFields: Bool

    /// - Parameter legacyFields: false serves the pure 1.0 card to every request (for
    ///   conformance kits that fetch it without the version header).
    /// - Throws: when the card cannot be encoded.
    public init(card: AgentCard, maxAge: Int, legacyFields: Bool = true) throws {
        self.maxAge = maxAge
        self.servesLegacyFields = legacyFields
        state = Mutex(try Self.encode(card, legacyFields: legacyFields))
    }

    /// The card served now.
    public var card: AgentCard { state.withLock { $0.card } }

    /// Replaces the card (e.g. once the real port is known).
    public func update(_ card: AgentCard) throws {
        let encoded = try Self.encode(card, legacyFields: servesLegacyFields)
        state.withLock { $0 = encoded }
    }

    /// 200 with the card, or 304 when `If-None-Match` matches the ETag.
    func response(to request: HTTPRequest) -> HTTPResponse {
        let current = state.withLock { $0 }
        let asksForV1 = A2AVersion.isV1(A2AAgentResponder.requestedVersion(request))
        let encoding = asksForV1 ? current.pure : current.withLegacyFields ?? current.pure
        var headers: HTTPHeaders = [
            "ETag": encoding.etag, "Last-Modified": current.lastModified,
            "Cache-Control": "public, max-age=\(maxAge)",
        ]
        if current.withLegacyFields != nil { headers.add("Vary", A2AVersion.headerName) }
        if let match = request.headers["If-None-Match"],
           match.split(separator: ",").contains(where: { Self.weakEqual($0, encoding.etag) || $0.trimmingSpacesAndTabs() == "*" }) {
            return HTTPResponse(status: 304, headers: headers)
        }
        headers.add("Content-Type", "application/json")
        return HTTPResponse(status: 200, headers: headers, body: .bytes(request.method == "HEAD" ? [] : encoding.bytes))
    }


    private static func weakEqual(_ candidate: Substring, _ etag: String) -> Bool {
        func opaque(_ tag: some StringProtocol) -> Substring {
            let trimmed = Substring(tag.trimmingSpacesAndTabs())
            return trimmed.hasPrefix("W/") ? trimmed.dropFirst(2) : trimmed
        }
        return opaque(candidate) == opaque(etag)
    }

    private static func encode(_ card: AgentCard, legacyFields: Bool) throws -> State {
        let bytes = try A2AJSON.encode(card)
        return State(card: card, pure: encoding(bytes), withLegacyFields: legacyFields ? try addingLegacyFields(card, bytes) : nil,
                     lastModified: HTTPDate.format(Date()))
    }

    /// The card JSON plus what a 0.3 client reads: the JSON-RPC endpoint as `url` and as a 0.3
    /// interface. No 0.3 HTTP+JSON interface: the 0.3 REST routes (`/v1/...`) are not served.
    private static func addingLegacyFields(_ card: AgentCard, _ bytes: [UInt8]) throws -> Encoding? {
        guard let rpc = card.supportedInterfaces.first(where: { $0.protocolBinding == "JSONRPC" }),
              case .object(var members) = try JSONValue.parse(bytes),
              case .array(let interfaces)? = members["supportedInterfaces"] else { return nil }
        members["supportedInterfaces"] = .array(interfaces + [
            ["url": .string(rpc.url), "protocolBinding": "JSONRPC", "protocolVersion": .string(A2AVersion.legacy)],
        ])
        members["url"] = .string(rpc.url)
        members["preferredTransport"] = "JSONRPC"
        members["protocolVersion"] = .string(A2AVersion.legacy)
        return encoding(try JSONValue.object(members).jsonBytes())
    }

    /// The bytes with their ETag: FNV-1a 64-bit, a cheap, stable validator (not a security hash).
    private static func encoding(_ bytes: [UInt8]) -> Encoding {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return Encoding(bytes: bytes, etag: "W/\"\(String(hash, radix: 16))\"")
    }
}
