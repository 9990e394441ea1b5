import Foundation

// Counts for monitoring, read on the reader connection (a few index lookups; run per scrape).
extension WorkflowStore {
    /// Open runs waiting on a timer, and open runs with nothing to do until a signal arrives
    /// (no pending activity, no timer, not runnable).
    public func waitingCounts() throws -> (timers: Int, signals: Int) {
        let running = WorkflowStatus.running.rawValue
        let timers = try reader.query("SELECT COUNT(DISTINCT run_id) FROM timers").first?.int(0) ?? 0
        let signals = try reader.query(
            """
            SELECT COUNT(*) FROM workflows w WHERE w.status = ?1 AND w.runnable = 0
                AND NOT EXISTS (SELECT 1 FROM activities a WHERE a.run_id = w.run_id)
                AND NOT EXISTS (SELECT 1 FROM timers t WHERE t.run_id = w.run_id)
            """, [.text(running)]).first?.int(0) ?? 0
        return (timers, signals)
    }

    /// The bytes of the history file and of its write-ahead log (0 when there is none).
    public func fileSizes() -> (database: Int, wal: Int) {
        func size(_ path: String) -> Int {
            ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
        }
        return (size(path), size(path + "-wal"))
    }
}
