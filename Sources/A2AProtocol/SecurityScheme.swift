import JSONBytes

/// One way to authenticate (1.0 oneof wrapper), e.g. `{"httpAuthSecurityScheme":{"scheme":"Bearer"}}`.
public struct SecurityScheme: Sendable, Hashable, Codable {
    /// HTTP authentication (`Bearer`, `Basic`).
    public struct HTTPAuth: Sendable, Hashable, Codable {
        public var scheme: String
        public var bearerFormat: String?
        public var description: String?

        public init(scheme: String, bearerFormat: String? = nil, description: String? = nil) {
            self.scheme = scheme
            self.bearerFormat = bearerFormat
            self.description = description
        }
    }

    /// An API key in a header, query parameter or cookie.
    public struct APIKey: Sendable, Hashable, Codable {
        public var location: String
        public var name: String
        public var description: String?

        public init(location: String, name: String, description: String? = nil) {
            self.location = location
            self.name = name
            self.description = description
        }
    }

    public var httpAuthSecurityScheme: HTTPAuth?
    public var apiKeySecurityScheme: APIKey?
    public var oauth2SecurityScheme: JSONValue?
    public var openIdConnectSecurityScheme: JSONValue?
    public var mtlsSecurityScheme: JSONValue?

    public init(
        httpAuthSecurityScheme: HTTPAuth? = nil, apiKeySecurityScheme: APIKey? = nil,
        oauth2SecurityScheme: JSONValue? = nil, openIdConnectSecurityScheme: JSONValue? = nil,
        mtlsSecurityScheme: JSONValue? = nil
    ) {
        self.httpAuthSecurityScheme = httpAuthSecurityScheme
        self.apiKeySecurityScheme = apiKeySecurityScheme
        self.oauth2SecurityScheme = oauth2SecurityScheme
        self.openIdConnectSecurityScheme = openIdConnectSecurityScheme
        self.mtlsSecurityScheme = mtlsSecurityScheme
    }

    /// `Authorization: Bearer <token>`.
    public static let bearer = SecurityScheme(httpAuthSecurityScheme: HTTPAuth(scheme: "Bearer"))
}
