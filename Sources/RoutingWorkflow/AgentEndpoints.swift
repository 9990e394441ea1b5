import Foundation

/// Where each agent listens: the port in its definition on 127.0.0.1, unless overridden.
///
/// Overrides come from `SWITCHBOARD_AGENT_URLS`, a comma-separated list such as
/// `hr=http://127.0.0.1:9201,faq=http://10.0.0.5:9102`, or from `--agent-url` flags.
public struct AgentEndpoints: Sendable, Equatable {
    /// The environment variable that holds overrides.
    public static let environmentVariable = "SWITCHBOARD_AGENT_URLS"

    public private(set) var overrides: [String: String]

    public init(overrides: [String: String] = [:]) {
        self.overrides = overrides
    }

    /// Parses `id=url` pairs separated by commas.
    /// - Throws: `RoutingConfigurationError` naming the malformed entry.
    public init(parsing list: String, source: String = environmentVariable) throws {
        var overrides: [String: String] = [:]
        for entry in list.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, let url = URL(string: parts[1]),
                  let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil
            else {
                throw RoutingConfigurationError(
                    "\(source): '\(entry)' is not of the form id=http://host:port")
            }
            overrides[parts[0]] = parts[1]
        }
        self.overrides = overrides
    }

    /// Reads overrides from the environment (empty when the variable is unset).
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> AgentEndpoints
    {
        guard let list = environment[environmentVariable] else { return AgentEndpoints() }
        return try AgentEndpoints(parsing: list)
    }

    /// Adds the overrides of `other`, which win.
    public func merging(_ other: AgentEndpoints) -> AgentEndpoints {
        AgentEndpoints(overrides: overrides.merging(other.overrides) { _, new in new })
    }

    /// The base URL of agent `id` whose definition says `port`.
    public func url(forAgent id: String, port: Int) -> String {
        overrides[id] ?? "http://127.0.0.1:\(port)"
    }
}
