import TemporalProtos

extension Temporal_Api_Taskqueue_V1_TaskQueue {
    /// A normal (not sticky) task queue; the server warns about requests that leave the kind unset.
    static func normal(_ name: String) -> Self {
        var queue = Self()
        queue.name = name
        queue.kind = .normal
        return queue
    }
}
