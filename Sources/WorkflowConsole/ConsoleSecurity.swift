import HTTPServerCore
import RandomID

/// Who may use the console and which posts are genuine.
///
/// - With a token, a browser proves it once on the login page and gets a session cookie
///   (HttpOnly, SameSite=Strict) holding a secret made at start-up; a script sends
///   `Authorization: Bearer <token>`. Without a token (loopback only) everyone on the host may.
/// - Every POST must carry the CSRF token (the form field `csrf`, or the header
///   `X-CSRF-Token`) and must not come from another origin (`Origin`, `Sec-Fetch-Site`).
struct ConsoleSecurity: Sendable {
    static let sessionCookie = "switchboard_console"
    private let token: String?
    private let sessionSecret: String
    /// The CSRF token of this console process; pages embed it, scripts read it from
    /// `GET /api/v1/csrf-token`.
    let csrfToken: String

    init(token: String?) {
        self.token = token
        sessionSecret = (RandomID.uuid() + RandomID.uuid()).filter { $0 != "-" }
        csrfToken = (RandomID.uuid() + RandomID.uuid()).filter { $0 != "-" }
    }

    var requiresLogin: Bool { token != nil }

    /// True when the request may use the console.
    func isAuthenticated(_ request: HTTPRequest) -> Bool {
        guard let token else { return true }
        if BearerAuthorization.carries(token, in: request) { return true }
        return Self.cookie(Self.sessionCookie, in: request).map { BearerAuthorization.constantTimeEqual($0, sessionSecret) } ?? false
    }

    /// The `Set-Cookie` value for a browser that presented `candidate`, or nil when it is wrong.
    func login(with candidate: String) -> String? {
        guard let token, BearerAuthorization.constantTimeEqual(candidate, token) else { return nil }
        return "\(Self.sessionCookie)=\(sessionSecret); Path=/; HttpOnly; SameSite=Strict"
    }

    /// Refuses a state-changing request without the CSRF token or from another origin.
    func checkPost(_ request: HTTPRequest, form: [String: String]) throws(ConsoleError) {
        if let site = request.headers["sec-fetch-site"], site != "same-origin", site != "none" {
            throw .forbidden("cross-site request refused (Sec-Fetch-Site: \(site))")
        }
        if let origin = request.headers["origin"] {
            let host = request.headers["host"] ?? ""
            guard origin == "http://\(host)" || origin == "https://\(host)" else {
                throw .forbidden("request from another origin refused (Origin: \(origin), Host: \(host))")
            }
        }
        let presented = request.headers["x-csrf-token"] ?? form["csrf"] ?? ""
        guard BearerAuthorization.constantTimeEqual(presented, csrfToken) else {
            throw .forbidden("missing or wrong CSRF token: send the form field csrf or the header X-CSRF-Token "
                             + "(GET /api/v1/csrf-token gives it)")
        }
    }

    /// The value of cookie `name` in the request, if sent.
    static func cookie(_ name: String, in request: HTTPRequest) -> String? {
        guard let header = request.headers["cookie"] else { return nil }
        for pair in header.split(separator: ";") {
            let trimmed = pair.drop { $0 == " " }
            if trimmed.hasPrefix(name + "=") { return String(trimmed.dropFirst(name.count + 1)) }
        }
        return nil
    }

    /// Headers every console response carries: a strict CSP (no inline script or style), no
    /// framing, no sniffing, no caching.
    static let headers: [(String, String)] = [
        ("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "same-origin"),
        ("Cache-Control", "no-store"),
    ]
}
