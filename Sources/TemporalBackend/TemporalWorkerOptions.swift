/// Settings of a `TemporalWorker`.
public struct TemporalWorkerOptions: Sendable {
    /// The most activity attempts running at once.
    public var maxConcurrentActivities: Int
    /// The most workflow tasks being decided at once.
    public var maxConcurrentWorkflowTasks: Int
    /// How long a graceful shutdown lets running work finish before handing it back.
    public var shutdownGrace: Duration
    /// Asks the server to hand the activities a workflow task schedules straight back in its
    /// answer (eager execution), when this worker runs them and has free activity slots: one
    /// poll round trip less per activity. A server with eager execution off schedules them as usual.
    public var eagerActivities: Bool
    /// Sticky execution, as Temporal's SDKs do it: the worker polls a task queue of its own as
    /// well, asks the server to send each run's next workflow tasks there, and keeps the runs'
    /// histories (`maxCachedWorkflows` of them), so that such a task brings only the new events.
    /// Off: every task comes from the normal queue with the whole history.
    public var stickyQueue: Bool
    /// How many open runs' histories a sticky worker keeps, least recently used dropped first (a
    /// dropped run's next task fetches its history again); 0 turns sticky execution off.
    public var maxCachedWorkflows: Int
    /// How long a task waits on this worker's sticky queue before the server hands it to the
    /// normal queue instead (a worker that went away without saying so).
    public var stickyScheduleToStartTimeout: Duration = .seconds(10)

    public init(maxConcurrentActivities: Int = 32, maxConcurrentWorkflowTasks: Int = 16, shutdownGrace: Duration = .seconds(10),
                eagerActivities: Bool = true, stickyQueue: Bool = true, maxCachedWorkflows: Int = 1000) {
        self.maxConcurrentActivities = max(1, maxConcurrentActivities)
        self.maxConcurrentWorkflowTasks = max(1, maxConcurrentWorkflowTasks)
        self.shutdownGrace = shutdownGrace
        self.eagerActivities = eagerActivities
        self.stickyQueue = stickyQueue
        self.maxCachedWorkflows = max(0, maxCachedWorkflows)
    }

    /// True when workflow tasks go through a sticky queue: it is on and has a cache to use.
    var usesStickyQueue: Bool { stickyQueue && maxCachedWorkflows > 0 }

    /// Long polls held open at once per kind of task (workflow, activity): enough that a task
    /// the server has finds a waiting poll (a task no poll waits for goes through the server's
    /// backlog, which is slower), few enough not to crowd the connection.
    public var pollersPerKind: Int = 2
}
