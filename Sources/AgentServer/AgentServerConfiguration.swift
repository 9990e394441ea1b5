import Foundation
import HTTPServerCore

/// Limits and policies of an agent server.
public struct AgentServerConfiguration: Sendable {
    /// A bearer token every A2A call must carry; nil disables authentication. The card stays public.
    public var bearerToken: String?
    /// Requests per second each client address may make (token bucket); nil disables the limit.
    public var rateLimit: Double?
    /// Burst size of the rate limit bucket.
    public var rateLimitBurst: Double
    /// The largest total text (UTF-8 bytes) one message may carry.
    public var maxMessageTextBytes: Int
    /// The most parts one message may carry.
    public var maxParts: Int
    /// The largest total metadata (bytes of compact JSON) one request may carry: the request's,
    /// the message's and its parts' together.
    public var maxMetadataBytes: Int
    /// Tasks kept in memory (least recently used terminal tasks are dropped first).
    public var taskCapacity: Int
    /// Estimated bytes of finished tasks kept in memory (see `TaskEntry.estimatedBytes`); over
    /// it the least recently used finished tasks are dropped first, whatever their count.
    public var maxTaskBytes: Int
    /// How long a finished task stays in memory.
    public var taskTTL: TimeInterval
    /// SQLite file that keeps tasks across restarts; nil keeps them in memory only.
    public var tasksDatabasePath: String?
    /// Opens the task store replicas share across hosts (`--tasks-url`, PostgreSQL), used
    /// instead of `tasksDatabasePath`; nil: none. Called once, when the server starts.
    public var sharedTaskStore: (@Sendable () throws -> any SharedTaskStore)?
    /// True when tasks live in a store other replicas may share (a file or a server).
    public var sharesTasks: Bool { tasksDatabasePath != nil || sharedTaskStore != nil }
    /// How long a replica's claim on a task it computes lasts without renewal (it renews three
    /// times per lease). When a replica on a shared `tasksDatabasePath` (or `sharedTaskStore`) dies, its running tasks
    /// are taken over (on a resend) or failed (on GetTask) once this has passed.
    public var taskLease: TimeInterval = 10
    /// How long a shared store (`tasksDatabasePath` or `sharedTaskStore`) keeps a finished task
    /// (`--task-retention`): the replicas delete older ones, with their message ids, so a resend
    /// of such a message computes it anew. Memory keeps a replica's finished tasks for `taskTTL`
    /// whatever this is. Nil keeps them for good. Default 7 days.
    public var finishedTaskRetention: TimeInterval? = 7 * 86_400
    /// `max-age` of the agent card.
    public var cardMaxAgeSeconds: Int
    /// Add the 0.3 discovery fields to the card for requests that do not ask for 1.0 (see
    /// `AgentCardDocument`); false serves the pure 1.0 card to everyone.
    public var cardLegacyFields: Bool
    /// The largest `pageSize` ListTasks accepts, and its default.
    public var maxPageSize: Int
    public var defaultPageSize: Int
    /// Where tasks this server does not hold are found, and new task IDs come from (nil: the
    /// server's own store is the only one, and IDs are UUIDs).
    public var externalTasks: (any ExternalTaskSource)?
    /// Answers `/metrics` on the agent's port, behind the bearer token when one is set (nil: 404).
    public var metricsEndpoint: (any HTTPResponder)?
    /// Where the server's request metrics go (nil: made from swift-metrics' bootstrapped factory).
    public var metrics: AgentServerMetrics?

    public init(
        bearerToken: String? = nil, rateLimit: Double? = 200, rateLimitBurst: Double = 400,
        maxMessageTextBytes: Int = 32 << 10, maxParts: Int = 16, maxMetadataBytes: Int = 16 << 10, taskCapacity: Int = 10_000,
        maxTaskBytes: Int = 64 << 20,
        taskTTL: TimeInterval = 3600, tasksDatabasePath: String? = nil, cardMaxAgeSeconds: Int = 300,
        cardLegacyFields: Bool = true,
        maxPageSize: Int = 100, defaultPageSize: Int = 50
    ) {
        self.bearerToken = bearerToken
        self.rateLimit = rateLimit
        self.rateLimitBurst = rateLimitBurst
        self.maxMessageTextBytes = maxMessageTextBytes
        self.maxParts = maxParts
        self.maxMetadataBytes = maxMetadataBytes
        self.taskCapacity = taskCapacity
        self.maxTaskBytes = maxTaskBytes
        self.taskTTL = taskTTL
        self.tasksDatabasePath = tasksDatabasePath
        self.cardMaxAgeSeconds = cardMaxAgeSeconds
        self.cardLegacyFields = cardLegacyFields
        self.maxPageSize = maxPageSize
        self.defaultPageSize = defaultPageSize
    }
}
