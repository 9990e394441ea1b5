/// Schemes that must all be satisfied: `{"schemes":{"bearer":{"list":[]}}}`.
public struct SecurityRequirement: Sendable, Hashable, Codable {
    /// Scopes required for one scheme.
    public struct Scopes: Sendable, Hashable, Codable {
        public var list: [String]

        public init(list: [String] = []) { self.list = list }
    }

    public var schemes: [String: Scopes]

    public init(schemes: [String: Scopes]) { self.schemes = schemes }
}
