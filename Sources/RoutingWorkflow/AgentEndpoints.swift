import Foundation

/// Where each agent listens: the port in its definition on 127.0.0.1, unless overridden.
///
/// Overrides come from `SWITCHBOARD_AGENT_URLS`, a comma-separated list such as
/// `hr=http://127.0.0.1:9201,faq=http://10.0.0.5:9102`, or from `--agent-url` flags. An agent
/// with several replicas lists them all: `hr=http://a:9201,http://b:9201` (a URL without `id=`
/// belongs to the agent before it), or repeats the id (`--agent-url hr=http://a --agent-url hr=http://b`).
public struct AgentEndpoints: Sendable, Equatable {
    /// The environment variable that holds overrides.
    public static let environmentVariable = "SWITCHBOARD_AGENT_URLS"

    /// Agent id → the base URLs of its replicas, in the order given (the first is its primary URL).
    public private(set) var overrides: [String: [String]]

    public init(overrides: [String: [String]] = [:]) {
        self.overrides = overrides
    }

    /// Parses `id=url` entries separated by commas; a bare URL adds a replica to the agent before it.
    /// - Throws: `RoutingConfigurationError` naming the malformed entry: an empty entry, a URL that
    ///   is not http(s), a URL without an agent id, or the same URL twice for one agent.
    public init(parsing list: String, source: String = environmentVariable) throws {
        overrides = [:]
        guard !list.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        var current: String?
        for entry in list.split(separator: ",", omittingEmptySubsequences: false).map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard !entry.isEmpty else {
                throw RoutingConfigurationError("\(source): an empty URL in '\(list)' (two commas in a row, or one at an end)")
            }
            let url: String
            if let (id, rest) = Self.splitID(entry) {
                guard !id.isEmpty else { throw RoutingConfigurationError("\(source): '\(entry)' has no agent id before '='") }
                current = id
                url = rest
            } else {
                guard current != nil else {
                    throw RoutingConfigurationError(
                        "\(source): '\(entry)' does not say which agent it is for; write id=http://host:port")
                }
                url = entry
            }
            try add(url, to: current!, entry: entry, source: source)
        }
    }

    /// Parses the `--agent-url` flags: each is a list as above, starting with `id=`; repeating an
    /// id adds replicas to it.
    /// - Throws: `RoutingConfigurationError` as `init(parsing:source:)`, also for the same URL in two flags.
    public init(flags: [String], source: String = "--agent-url") throws {
        overrides = [:]
        for flag in flags {
            for (id, urls) in try AgentEndpoints(parsing: flag, source: source).overrides {
                for url in urls { try add(url, to: id, entry: flag, source: source) }
            }
        }
    }

    /// Reads overrides from the environment (empty when the variable is unset).
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> AgentEndpoints
    {
        guard let list = environment[environmentVariable] else { return AgentEndpoints() }
        return try AgentEndpoints(parsing: list)
    }

    /// Adds the overrides of `other`, which win: an agent `other` names gets exactly its URLs.
    public func merging(_ other: AgentEndpoints) -> AgentEndpoints {
        AgentEndpoints(overrides: overrides.merging(other.overrides) { _, new in new })
    }

    /// The primary base URL of agent `id` whose definition says `port`.
    public func url(forAgent id: String, port: Int) -> String {
        urls(forAgent: id, port: port)[0]
    }

    /// The base URLs of every replica of agent `id` whose definition says `port`.
    public func urls(forAgent id: String, port: Int) -> [String] {
        overrides[id] ?? ["http://127.0.0.1:\(port)"]
    }

    /// The agents with more than one replica: their URL lists.
    public var replicaLists: [[String]] {
        overrides.values.filter { $0.count > 1 }
    }

    private mutating func add(_ url: String, to id: String, entry: String, source: String) throws {
        guard !url.isEmpty else { throw RoutingConfigurationError("\(source): '\(entry)' has an empty URL for agent \(id)") }
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = parsed.host, !host.isEmpty
        else {
            throw RoutingConfigurationError("\(source): '\(url)' (agent \(id)) is not an http:// or https:// URL with a host")
        }
        guard overrides[id]?.contains(url) != true else {
            throw RoutingConfigurationError("\(source): '\(url)' is given twice for agent \(id)")
        }
        overrides[id, default: []].append(url)
    }

    /// `id=rest` when the entry starts with an agent id (the text before `=` holds no `:` or `/`,
    /// so a URL with `=` in its query is not taken for one).
    private static func splitID(_ entry: String) -> (String, String)? {
        guard let equals = entry.firstIndex(of: "=") else { return nil }
        let id = entry[..<equals]
        guard !id.contains(":"), !id.contains("/") else { return nil }
        return (id.trimmingCharacters(in: .whitespaces), entry[entry.index(after: equals)...].trimmingCharacters(in: .whitespaces))
    }
}
