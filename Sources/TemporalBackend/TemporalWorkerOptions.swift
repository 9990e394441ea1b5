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

    public init(maxConcurrentActivities: Int = 32, maxConcurrentWorkflowTasks: Int = 16, shutdownGrace: Duration = .seconds(10),
                eagerActivities: Bool = true) {
        self.maxConcurrentActivities = max(1, maxConcurrentActivities)
        self.maxConcurrentWorkflowTasks = max(1, maxConcurrentWorkflowTasks)
        self.shutdownGrace = shutdownGrace
        self.eagerActivities = eagerActivities
    }

    /// Long polls held open at once per kind of task (workflow, activity): enough that a task
    /// the server has finds a waiting poll (a task no poll waits for goes through the server's
    /// backlog, which is slower), few enough not to crowd the connection.
    public var pollersPerKind: Int = 2
}
