import Foundation

/// A bearer token for A2A calls, from `--token`, `--token-file` or environment variables. The
/// agent that requires it and the router that sends it read it the same way. An empty or
/// malformed token is an error, never "no auth": a typo in a deployment script must not
/// silently open an agent.
public enum BearerToken {
    /// The shared environment variable, read last.
    public static let environmentVariable = "SWITCHBOARD_AGENT_TOKEN"

    /// The token, or nil when none was asked for. `variables` are tried in order when neither
    /// option is given; the first one that is set is used.
    /// - Throws: `BearerTokenError` naming the option, file or variable at fault.
    public static func resolve(option: String?, file: String?, variables: [String] = [environmentVariable],
                               environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String? {
        if option != nil, file != nil {
            throw BearerTokenError("give --token or --token-file, not both")
        }
        if let option {
            return try validated(option, source: "--token")
        }
        if let file {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: file))
            } catch {
                throw BearerTokenError("cannot read the token file \(file): \((error as NSError).localizedDescription)")
            }
            let text = String(decoding: data, as: UTF8.self)
            return try validated(text.trimmingCharacters(in: .whitespacesAndNewlines), source: "the token file \(file)")
        }
        for variable in variables {
            if let value = environment[variable] { return try validated(value, source: variable) }
        }
        return nil
    }

    /// A token is 1 to 4096 visible ASCII characters (RFC 6750's b64token is a subset).
    private static func validated(_ token: String, source: String) throws -> String {
        guard !token.isEmpty else {
            throw BearerTokenError("\(source) is empty; give a token, or leave it out to run without authentication")
        }
        guard token.utf8.count <= 4096, token.utf8.allSatisfy({ $0 > 32 && $0 < 127 }) else {
            throw BearerTokenError("\(source) must be at most 4096 visible ASCII characters, without spaces")
        }
        return token
    }
}

/// A bearer token option, file or variable is unusable; the message names which.
public struct BearerTokenError: Error, CustomStringConvertible, Sendable {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
