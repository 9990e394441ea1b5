import Foundation
import Logging
import SQLiteSupport

/// The event history in SQLite: workflows, append-only events, pending activities, timers,
/// query values and live workers. WAL mode, a busy timeout, and `BEGIN IMMEDIATE` for every
/// read-modify-write, so several worker processes can share one file.
public final class WorkflowStore: Sendable {
    /// The default file, relative to the working directory.
    public static let defaultPath = ".switchboard/history.db"
    /// The environment variable that overrides the default file.
    public static let pathVariable = "SWITCHBOARD_DB"
    /// Payloads above this size are logged as a warning.
    public static let payloadWarningBytes = 512 * 1024
    /// Payloads above this size are refused.
    public static let payloadLimitBytes = 2 * 1024 * 1024
    /// Histories longer than this get a warning that suggests continue-as-new.
    public static let historyWarningLength = 10_000

    public let path: String
    public let durability: Durability
    /// The connection every write (and every read inside a write) goes through.
    let database: SQLiteConnection
    /// A second connection for reads outside transactions: in WAL mode they see the last commit
    /// without waiting for the writer's lock.
    let reader: SQLiteConnection
    /// Shares one commit among concurrent writers (workflow tasks, activity results, starts).
    let committer: GroupCommitter
    /// With `normal` durability, checkpoints the WAL on a thread of its own, so that no commit
    /// waits for one. With `full`, SQLite's own checkpoint in the commit stays: the commits sync
    /// the WAL anyway, and the background one measured no faster there.
    let checkpointer: BackgroundCheckpointer?
    let codec: PayloadCodec
    let logger: Logger
    /// Wakes workers of this process when a client of this process adds work.
    let wakeup = Wakeup()
    /// Wakes clients of this process waiting for a workflow's result.
    let closes = CloseNotifier()
    /// Wakes followers of one workflow (`RunWatch`) after a change of theirs here, and watchers
    /// of the whole store (the console's live list) after any; both after a poke from another
    /// process.
    let runChanges = RunChangeFeed()
    /// The workflows whose activity attempts run in this process now.
    let attemptsHere = AttemptsHere()
    /// Workers of this process that run the first task of the runs started here.
    let localStarters = LocalStarters()
    /// Wakes workers and clients of other processes on this file (nil: they poll).
    let otherProcesses: CrossProcessWakeup?
    /// What running activities publish for live watchers (nil: nothing is published).
    let live: LiveOutput?

    /// Opens (creating and migrating if needed) the history at `path`.
    /// - Parameter busyTimeout: how long a write waits for another process's write lock
    ///   before it fails with the lock error.
    /// - Throws: `StoreError` or `SQLiteError` naming the file: corrupt, locked, read-only,
    ///   or written by a newer switchboard.
    public init(path: String, durability: Durability = .full, codec: PayloadCodec = PayloadCodec(keyBytes: nil),
                busyTimeout: Duration = .seconds(5), logger: Logger = Logger(label: "switchboard.store")) throws {
        self.path = path
        self.durability = durability
        self.codec = codec
        self.logger = logger
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw StoreError("\(path): cannot create the directory \(directory): \(error.localizedDescription)")
            }
        }
        let busyMilliseconds = Int(busyTimeout.seconds * 1000)
        database = try SQLiteConnection(path: path, synchronous: durability == .full ? .full : .normal,
                                        busyTimeoutMilliseconds: busyMilliseconds)
        if SQLiteConnection.batchesWALByDefault && !database.batchesWAL {
            logger.notice("""
                \(path): SQLite \(SQLiteConnection.libraryVersion) is outside the releases the batched-WAL VFS \
                was written for; using SQLite's own VFS
                """)
        }
        committer = GroupCommitter(connection: database)
        try Self.migrate(database, path: path)
        reader = try SQLiteConnection(path: path, synchronous: durability == .full ? .full : .normal,
                                      busyTimeoutMilliseconds: busyMilliseconds, readOnly: true)
        do {
            otherProcesses = try CrossProcessWakeup(databasePath: path)
        } catch {
            logger.warning("\(error); other processes on this history file will notice its changes at their next poll")
            otherProcesses = nil
        }
        do {
            live = try LiveOutput(databasePath: path)
        } catch {
            logger.warning("\(error); activities' live output will not be shown")
            live = nil
        }
        // Last, so that no failure after it leaves its thread running without a store to stop it.
        checkpointer = durability == .normal ? try BackgroundCheckpointer(writer: database) : nil
    }

    /// Starts listening for other processes' commits (once; later calls do nothing): each wakes
    /// this process's workers and its clients waiting for a result. False when it cannot, and
    /// they must poll.
    @discardableResult
    func watchOtherProcesses() -> Bool {
        guard let otherProcesses else { return false }
        do {
            try otherProcesses.startWatching { [weak self] in
                self?.wakeup.signal()
                self?.closes.wakeEveryWaiter()
                self?.runChanges.signalEveryone()
            }
            return true
        } catch {
            logger.warning("\(error); this process will notice other processes' changes at its next poll")
            return false
        }
    }

    /// Tells other processes on this file, and followers of `workflowID` in this one, that
    /// something they may wait for was committed: new work for their workers, a closed run for
    /// their clients, a step for progress lines.
    func pokeOtherProcesses(_ workflowID: String) {
        runChanges.signal(workflowID)
        otherProcesses?.poke()
    }

    deinit {
        checkpointer?.stop()
        committer.stop()
    }

    /// The path from `SWITCHBOARD_DB`, else the default.
    public static func resolvePath(_ explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> String
    {
        explicit ?? environment[pathVariable] ?? defaultPath
    }

    private static func migrate(_ database: SQLiteConnection, path: String) throws {
        // Read first, so that a current database opens even while another process writes.
        let tables = try database.query("SELECT 1 FROM sqlite_master WHERE name = 'schema_migrations'")
        if !tables.isEmpty,
           try database.query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").first?.int(0) == StoreSchema.migrations.count {
            return
        }
        try database.transaction {
            try database.execute("CREATE TABLE IF NOT EXISTS schema_migrations(version INTEGER PRIMARY KEY, applied_at REAL NOT NULL)")
            let current = try database.query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").first?.int(0) ?? 0
            if current > StoreSchema.migrations.count {
                throw StoreError(
                    "\(path): the history was written by a newer switchboard (schema \(current), this build knows up to "
                        + "\(StoreSchema.migrations.count)); upgrade switchboard, nothing was changed")
            }
            for version in (current + 1)..<(StoreSchema.migrations.count + 1) {
                try database.execute(StoreSchema.migrations[version - 1])
                try database.run("INSERT INTO schema_migrations(version, applied_at) VALUES(?1, ?2)",
                                 [.integer(Int64(version)), .real(Date().timeIntervalSince1970)])
            }
        }
    }

    // MARK: - Encoding

    func seal<T: Encodable>(_ value: T) throws -> [UInt8] {
        try codec.seal(try Payload(encoding: value).data)
    }

    /// The engine's own records skip `JSONEncoder` (see `StoredJSON`); same bytes, less time.
    func seal(_ attributes: EventAttributes) throws -> [UInt8] { try codec.seal(try StoredJSON.encode(attributes)) }
    func seal(_ options: ActivityOptions) throws -> [UInt8] { try codec.seal(try StoredJSON.encode(options)) }
    func seal(_ failure: ActivityFailureInfo) throws -> [UInt8] { try codec.seal(StoredJSON.encode(failure)) }

    func open<T: Decodable>(_ bytes: [UInt8], as type: T.Type) throws -> T {
        try Payload(data: try codec.open(bytes)).decode(type)
    }

    /// An event's stored attributes: read by `StoredJSONReader` when it knows their shape (all
    /// this engine writes), else by `JSONDecoder`.
    func openAttributes(_ stored: [UInt8]) throws -> EventAttributes {
        let bytes = try codec.open(stored)
        return try StoredJSONReader.attributes(bytes) ?? Payload(data: bytes).decode(EventAttributes.self)
    }

    /// Refuses payloads over 2 MiB and warns above 512 KiB.
    func checkSize(_ payload: Payload?, _ what: String) throws {
        guard let payload else { return }
        if payload.data.count > Self.payloadLimitBytes {
            throw ApplicationError(type: "PayloadTooLarge",
                                   message: "\(what) is \(payload.data.count) bytes, over the 2 MiB limit", nonRetryable: true)
        }
        if payload.data.count > Self.payloadWarningBytes {
            logger.warning("\(what) is \(payload.data.count) bytes (over 512 KiB); large payloads slow every replay")
        }
    }

    // MARK: - Events

    /// Appends events to a run inside the caller's transaction; returns them with their ids.
    @discardableResult
    func append(_ run: String, _ events: [(EventType, EventAttributes)], now: Date, markRunnable: Bool) throws
        -> [HistoryEvent]
    {
        try append(run, try sealed(events), now: now, markRunnable: markRunnable)
    }

    /// Appends events whose attributes are already encoded.
    @discardableResult
    func append(_ run: String, _ events: [SealedEvent], now: Date, markRunnable: Bool) throws -> [HistoryEvent] {
        guard let row = try database.query("SELECT next_event_id FROM workflows WHERE run_id = ?1", [.text(run)]).first,
              let next = row.int(0)
        else { throw StoreError("\(path): run \(run) is missing") }
        var appended: [HistoryEvent] = []
        appended.reserveCapacity(events.count)
        let stored = Self.storedTime(now)
        for event in events {
            let recorded = HistoryEvent(eventID: next + appended.count, eventTime: stored, eventType: event.type,
                                        attributes: event.attributes)
            try database.run(
                "INSERT INTO events(run_id, event_id, event_type, event_time, attributes) VALUES(?1, ?2, ?3, ?4, ?5)",
                [.text(run), .integer(Int64(recorded.eventID)), .text(event.type.rawValue), .real(now.timeIntervalSince1970),
                 .blob(event.blob)])
            appended.append(recorded)
        }
        let id = next + appended.count
        try database.run(
            "UPDATE workflows SET next_event_id = ?2\(markRunnable ? ", runnable = 1" : "") WHERE run_id = ?1",
            [.text(run), .integer(Int64(id))])
        if id > Self.historyWarningLength, next <= Self.historyWarningLength {
            logger.warning("run \(run) has over \(Self.historyWarningLength) events; consider continue-as-new")
        }
        return appended
    }

    /// Encodes events for `append`; call it outside the transaction when you can.
    func sealed(_ events: [(EventType, EventAttributes)]) throws -> [SealedEvent] {
        try events.map { try sealed($0.0, $0.1) }
    }

    /// Encodes one event for `append`.
    func sealed(_ type: EventType, _ attributes: EventAttributes) throws -> SealedEvent {
        SealedEvent(type: type, attributes: attributes, blob: try seal(attributes))
    }

    /// `time` as it reads back from the database, so that events kept in memory equal replayed ones.
    static func storedTime(_ time: Date) -> Date { Date(timeIntervalSince1970: time.timeIntervalSince1970) }

    /// The history of a run, in order (only the events after `afterEventID` when given).
    public func events(runID: String, after afterEventID: Int = 0) throws -> [HistoryEvent] {
        try reader.query(
            "SELECT event_id, event_type, event_time, attributes FROM events WHERE run_id = ?1 AND event_id > ?2 ORDER BY event_id",
            [.text(runID), .integer(Int64(afterEventID))]
        ).map { row in
            guard let type = EventType(rawValue: row.string(1) ?? "") else {
                throw StoreError("\(path): unknown event type \(row.string(1) ?? "?") in run \(runID)")
            }
            return HistoryEvent(
                eventID: row.int(0) ?? 0, eventTime: Date(timeIntervalSince1970: row.double(2) ?? 0), eventType: type,
                attributes: try openAttributes(row.bytes(3) ?? []))
        }
    }

    /// The newest run of `workflowID`.
    func latestRun(_ workflowID: String, on connection: SQLiteConnection? = nil) throws -> WorkflowRecord? {
        try (connection ?? database).query(
            "SELECT \(Self.recordColumns) FROM workflows WHERE workflow_id = ?1 ORDER BY start_time DESC, rowid DESC LIMIT 1",
            [.text(workflowID)]
        ).first.map(record)
    }

    static let recordColumns = "workflow_id, run_id, workflow_type, status, start_time, close_time, next_event_id"

    func record(_ row: SQLiteRow) throws -> WorkflowRecord {
        WorkflowRecord(
            workflowID: row.string(0) ?? "", runID: row.string(1) ?? "", workflowType: row.string(2) ?? "",
            status: WorkflowStatus(rawValue: row.string(3) ?? "") ?? .running,
            startTime: Date(timeIntervalSince1970: row.double(4) ?? 0),
            closeTime: row.double(5).map { Date(timeIntervalSince1970: $0) }, historyLength: (row.int(6) ?? 1) - 1)
    }

    /// Closes a run inside the caller's transaction: status, close event, no pending work left.
    @discardableResult
    func close(_ run: String, status: WorkflowStatus, event: (EventType, EventAttributes), result: Payload?,
               failure: ActivityFailureInfo?, now: Date) throws -> [HistoryEvent] {
        let appended = try append(run, [event], now: now, markRunnable: false)
        try database.run(
            """
            UPDATE workflows SET status = ?2, close_time = ?3, result = ?4, failure = ?5, runnable = 0, owner = NULL,
                lease_expiry = NULL WHERE run_id = ?1
            """,
            [.text(run), .text(status.rawValue), .real(now.timeIntervalSince1970),
             .bytes(try result.map { try codec.seal($0.data) }), .bytes(try failure.map { try seal($0) })])
        try database.run("DELETE FROM activities WHERE run_id = ?1", [.text(run)])
        try database.run("DELETE FROM timers WHERE run_id = ?1", [.text(run)])
        live?.remove(runID: run)   // whoever watched live reads the result from the history now
        return appended
    }
}
