import Foundation
import SQLiteSupport

// Timers and the liveness of workers.
extension WorkflowStore {
    /// Fires due timers: appends TimerFired and makes their runs runnable. Returns how many fired.
    @discardableResult
    func fireDueTimers() throws -> Int {
        let now = Date()
        let due = try reader.query("SELECT 1 FROM timers WHERE fire_time <= ?1 LIMIT 1", [.real(now.timeIntervalSince1970)])
        guard !due.isEmpty else { return 0 }
        return try database.transaction {
            let rows = try database.query(
                "SELECT run_id, started_event_id, timer_id FROM timers WHERE fire_time <= ?1 ORDER BY fire_time LIMIT 500",
                [.real(now.timeIntervalSince1970)])
            for row in rows {
                var attributes = EventAttributes()
                attributes.timerID = row.string(2)
                attributes.scheduledEventID = row.int(1)
                try append(row.string(0) ?? "", [(.timerFired, attributes)], now: now, markRunnable: true)
                try database.run("DELETE FROM timers WHERE run_id = ?1 AND started_event_id = ?2",
                                 [.text(row.string(0) ?? ""), .integer(Int64(row.int(1) ?? 0))])
            }
            return rows.count
        }
    }

    /// The earliest time a timer or activity retry is due, if any.
    func nextDueTime() throws -> Date? {
        let row = try reader.query(
            "SELECT MIN(t) FROM (SELECT MIN(fire_time) AS t FROM timers UNION ALL SELECT MIN(next_attempt_time) FROM activities WHERE owner IS NULL)"
        ).first
        return row?.double(0).map { Date(timeIntervalSince1970: $0) }
    }

    /// Extends every lease `owner` holds and refreshes its liveness row.
    func renewLeases(owner: String, lease: Double) throws {
        let now = Date().timeIntervalSince1970
        try database.transaction(durable: false) {
            try database.run("UPDATE workflows SET lease_expiry = ?2 WHERE owner = ?1", [.text(owner), .real(now + lease)])
            try database.run("UPDATE activities SET lease_expiry = ?2 WHERE owner = ?1", [.text(owner), .real(now + lease)])
            try database.run(
                """
                INSERT INTO workers(identity, pid, started_at, heartbeat) VALUES(?1, ?2, ?3, ?3)
                ON CONFLICT(identity) DO UPDATE SET heartbeat = ?3
                """, [.text(owner), .integer(Int64(getpid())), .real(now)])
            // Workers killed without a goodbye leave their row; one silent for ten leases (a
            // minute at least) is gone for good, and its leases have long expired.
            try database.run("DELETE FROM workers WHERE heartbeat < ?1", [.real(now - max(10 * lease, 60))])
        }
    }

    /// Gives back everything `owner` holds (graceful shutdown) and forgets the worker.
    func releaseAll(owner: String) throws {
        try database.transaction {
            try database.run("UPDATE workflows SET owner = NULL, lease_expiry = NULL WHERE owner = ?1", [.text(owner)])
            try database.run(
                "UPDATE activities SET owner = NULL, lease_expiry = NULL, attempt = attempt - 1 WHERE owner = ?1",
                [.text(owner)])
            try database.run("DELETE FROM workers WHERE identity = ?1", [.text(owner)])
        }
    }
}
