import TemporalProtos

typealias TTaskQueue = Temporal_Api_Taskqueue_V1_TaskQueue

extension Temporal_Api_Taskqueue_V1_TaskQueue {
    /// A normal (not sticky) task queue; the server warns about requests that leave the kind unset.
    static func normal(_ name: String) -> Self {
        var queue = Self()
        queue.name = name
        queue.kind = .normal
        return queue
    }

    /// A worker's own sticky queue, named `name`, which stands in for the normal queue `normalName`.
    static func sticky(_ name: String, normalName: String) -> Self {
        var queue = Self()
        queue.name = name
        queue.kind = .sticky
        queue.normalName = normalName
        return queue
    }
}
