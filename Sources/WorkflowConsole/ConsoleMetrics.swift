import Metrics

/// The console's metrics, through swift-metrics (a no-op unless a backend was bootstrapped):
/// requests by kind of page and status, their time to the response head, and the live
/// streams open. Labels come from fixed tables, so no client can add series.
final class ConsoleMetrics: Sendable {
    /// The `page` label: what a request was for.
    enum Page: Int, CaseIterable, Sendable {
        case list, workflow, fragment, events, ask, agents, api, action, asset, login, metrics, other

        var label: String { String(describing: self) }

        init(path: String) {
            switch path {
            case "/": self = .list
            case "/workflow": self = .workflow
            case "/fragments/workflows", "/fragments/workflow": self = .fragment
            case "/events/workflows", "/events/workflow": self = .events
            case "/ask": self = .ask
            case "/agents": self = .agents
            case "/login": self = .login
            case "/metrics": self = .metrics
            case _ where path.hasPrefix("/api/"): self = .api
            case _ where path.hasPrefix("/actions/"): self = .action
            case _ where path.hasPrefix("/assets/"): self = .asset
            default: self = .other
            }
        }
    }

    static let statuses = [200, 303, 400, 401, 403, 404, 405, 409, 422, 500, 503]
    static let requestsName = "switchboard_console_requests_total"
    static let durationName = "switchboard_console_request_duration_seconds"
    static let liveStreamsName = "switchboard_console_live_streams"

    /// `[page][status index]`, the last index being `other`.
    private let requests: [[Counter]]
    private let durations: [Metrics.Timer]
    /// Live-update streams open now.
    let liveStreams: Meter

    init(factory: any MetricsFactory = MetricsSystem.factory) {
        requests = Page.allCases.map { page in
            (Self.statuses.map(String.init) + ["other"]).map { status in
                Counter(label: Self.requestsName, dimensions: [("page", page.label), ("status", status)], factory: factory)
            }
        }
        durations = Page.allCases.map { Metrics.Timer(label: Self.durationName, dimensions: [("page", $0.label)], factory: factory) }
        liveStreams = Meter(label: Self.liveStreamsName, factory: factory)
    }

    /// Counts one answered request that took `elapsed` to its response head.
    func record(_ page: Page, status: Int, elapsed: Duration) {
        requests[page.rawValue][Self.statuses.firstIndex(of: status) ?? Self.statuses.count].increment()
        durations[page.rawValue].record(duration: elapsed)
    }
}
