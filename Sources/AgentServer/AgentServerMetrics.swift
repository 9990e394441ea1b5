import A2AProtocol
import Metrics

/// The agent server's metrics, made once per server through swift-metrics (a no-op unless a
/// backend was bootstrapped, see `SwitchboardMetrics`): a request only bumps counters picked
/// from pre-made tables, with no label formatting and no lookup under a lock.
public final class AgentServerMetrics: Sendable {
    /// The `method` label: the A2A operation, the same for both bindings and both versions.
    public enum Method: Int, CaseIterable, Sendable {
        case sendMessage, sendStreamingMessage, getTask, listTasks, cancelTask, subscribeToTask, getAgentCard, metrics
        /// Anything else, and requests refused before their method was read (401 on the fast path).
        case other

        public var label: String {
            switch self {
            case .sendMessage: "SendMessage"
            case .sendStreamingMessage: "SendStreamingMessage"
            case .getTask: "GetTask"
            case .listTasks: "ListTasks"
            case .cancelTask: "CancelTask"
            case .subscribeToTask: "SubscribeToTask"
            case .getAgentCard: "GetAgentCard"
            case .metrics: "Metrics"
            case .other: "other"
            }
        }
    }

    /// Status codes with series of their own; any other is counted as `status="other"`.
    static let statuses = [200, 400, 401, 404, 405, 408, 413, 415, 429, 500, 503]

    public static let requestsName = "switchboard_agent_requests_total"
    public static let durationName = "switchboard_agent_request_duration_seconds"
    public static let openStreamsName = "switchboard_agent_open_streams"
    public static let tasksName = "switchboard_agent_tasks"
    public static let rateLimitedName = "switchboard_agent_rate_limited_requests_total"

    /// `[method][status index]`, the last index being `other`.
    private let requests: [[Counter]]
    private let durations: [CoreMetrics.Timer]
    /// SSE responses being written now.
    let openStreams: Meter
    /// Tasks held in memory, set when metrics are read.
    let tasks: Meter
    /// Requests answered 429 by the rate limit (with or without a valid token).
    let rateLimited: Counter

    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        requests = Method.allCases.map { method in
            (Self.statuses.map(String.init) + ["other"]).map { status in
                Counter(label: Self.requestsName, dimensions: [("method", method.label), ("status", status)], factory: factory)
            }
        }
        durations = Method.allCases.map {
            CoreMetrics.Timer(label: Self.durationName, dimensions: [("method", $0.label)], factory: factory)
        }
        openStreams = Meter(label: Self.openStreamsName, factory: factory)
        tasks = Meter(label: Self.tasksName, factory: factory)
        rateLimited = Counter(label: Self.rateLimitedName, factory: factory)
    }

    /// Counts one answered request and its time to the response head.
    func record(_ method: Method, status: Int, since start: ContinuousClock.Instant) {
        record(method, status: status, elapsed: start.duration(to: .now))
    }

    /// Counts one answered request that took `elapsed` to its response head.
    public func record(_ method: Method, status: Int, elapsed: Duration) {
        requests[method.rawValue][Self.statusIndex(status)].increment()
        durations[method.rawValue].record(duration: elapsed)
    }

    private static func statusIndex(_ status: Int) -> Int {
        statuses.firstIndex(of: status) ?? statuses.count
    }
}

extension AgentServerMetrics.Method {
    /// The operation of a JSON-RPC method, 1.0 or 0.3.
    init(_ method: A2AMethod) {
        switch method {
        case .sendMessage, .v03Send: self = .sendMessage
        case .sendStreamingMessage, .v03Stream: self = .sendStreamingMessage
        case .getTask, .v03GetTask: self = .getTask
        case .listTasks: self = .listTasks
        case .cancelTask, .v03CancelTask: self = .cancelTask
        case .subscribeToTask, .v03Resubscribe: self = .subscribeToTask
        default: self = .other
        }
    }

    /// The operation of an HTTP+JSON route.
    init(_ route: RESTRoute) {
        switch route {
        case .send: self = .sendMessage
        case .stream: self = .sendStreamingMessage
        case .getTask: self = .getTask
        case .listTasks: self = .listTasks
        case .cancel: self = .cancelTask
        case .subscribe: self = .subscribeToTask
        case .extendedCard, .pushConfig, .wrongMethod: self = .other
        }
    }
}
