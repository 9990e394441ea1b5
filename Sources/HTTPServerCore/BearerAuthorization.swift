/// The `Authorization: Bearer <token>` check (RFC 6750), shared by the agent server and the
/// console.
public enum BearerAuthorization {
    /// True when `request` carries `token` as a bearer token: the scheme in any case, spaces
    /// and tabs around the token ignored, compared without stopping at the first difference.
    public static func carries(_ token: String, in request: HTTPRequest) -> Bool {
        guard let header = request.headers["Authorization"] else { return false }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return false }
        let isBlank: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        let given = parts[1].utf8.drop(while: isBlank).reversed().drop(while: isBlank).reversed()
        return constantTimeEqual(Array(given), Array(token.utf8))
    }

    /// Compares every byte, so the time taken does not reveal how long a prefix matched.
    public static func constantTimeEqual(_ given: [UInt8], _ expected: [UInt8]) -> Bool {
        var difference = UInt8(given.count == expected.count ? 0 : 1)
        for index in 0..<max(given.count, expected.count) {
            let a = index < given.count ? given[index] : 0
            let b = index < expected.count ? expected[index] : 0
            difference |= a ^ b
        }
        return difference == 0
    }

    /// `constantTimeEqual` on the UTF-8 of two strings.
    public static func constantTimeEqual(_ given: String, _ expected: String) -> Bool {
        constantTimeEqual(Array(given.utf8), Array(expected.utf8))
    }
}
