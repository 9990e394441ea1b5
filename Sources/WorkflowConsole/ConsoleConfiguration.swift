import DurableEngine
import HTTPServerCore

/// What `switchboard console` serves and how.
public struct ConsoleConfiguration: Sendable {
    /// An agent the Agents page shows: its definition's id and name, and where it answers.
    public struct Agent: Sendable, Equatable {
        public var id: String
        public var name: String
        public var url: String
        /// The bearer token the agent wants, when one is configured for it.
        public var bearerToken: String?

        public init(id: String, name: String, url: String, bearerToken: String? = nil) {
            self.id = id
            self.name = name
            self.url = url
            self.bearerToken = bearerToken
        }
    }

    /// The address to listen on; loopback unless a token is set.
    public var host: String
    public var port: Int
    /// The history file the console reads and writes (signals, cancels, questions).
    public var databasePath: String
    /// The payload codec (the encryption key), when the history is encrypted.
    public var codec: PayloadCodec
    /// The token a browser or a script must present; nil on loopback means no login.
    public var token: String?
    /// The agents under `agents/`, for the Agents page.
    public var agents: [Agent]
    /// The agent that answers a question the classifier cannot place.
    public var defaultAgentID: String
    /// Serves `GET /metrics` on the console's port (behind the token when one is set); nil:
    /// no such page.
    public var metricsEndpoint: (any HTTPResponder)?

    public init(host: String = "127.0.0.1", port: Int = 8233, databasePath: String, codec: PayloadCodec = PayloadCodec(keyBytes: nil),
                token: String? = nil, agents: [Agent] = [], defaultAgentID: String = "faq") {
        self.host = host
        self.port = port
        self.databasePath = databasePath
        self.codec = codec
        self.token = token
        self.agents = agents
        self.defaultAgentID = defaultAgentID
    }

    /// Whether `host` is a loopback address, where the console may run without a token.
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
