/// Settings of a `TemporalWorker`.
public struct TemporalWorkerOptions: Sendable {
    /// The most activity attempts running at once.
    public var maxConcurrentActivities: Int
    /// The most workflow tasks being decided at once.
    public var maxConcurrentWorkflowTasks: Int
    /// How long a graceful shutdown lets running work finish before handing it back.
    public var shutdownGrace: Duration

    public init(maxConcurrentActivities: Int = 32, maxConcurrentWorkflowTasks: Int = 16, shutdownGrace: Duration = .seconds(10)) {
        self.maxConcurrentActivities = max(1, maxConcurrentActivities)
        self.maxConcurrentWorkflowTasks = max(1, maxConcurrentWorkflowTasks)
        self.shutdownGrace = shutdownGrace
    }

    /// Long polls held open at once per kind of task: enough to keep slots busy, few enough
    /// not to crowd the connection.
    var pollersPerKind: Int { 2 }
}
