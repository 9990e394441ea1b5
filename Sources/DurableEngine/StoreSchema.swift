/// The numbered migrations of the history database. Never edit a shipped one; append.
enum StoreSchema {
    static let migrations: [String] = [
        // 1: workflows, append-only events, pending activities, timers, query values, workers.
        // Signals are appended to the history itself, which is their inbox (WorkflowExecutionSignaled).
        """
        CREATE TABLE workflows(
            run_id TEXT PRIMARY KEY,
            workflow_id TEXT NOT NULL,
            workflow_type TEXT NOT NULL,
            status TEXT NOT NULL,
            input BLOB,
            result BLOB,
            failure BLOB,
            start_time REAL NOT NULL,
            close_time REAL,
            next_event_id INTEGER NOT NULL,
            runnable INTEGER NOT NULL DEFAULT 0,
            owner TEXT,
            lease_expiry REAL,
            continued_from TEXT
        );
        CREATE INDEX workflows_by_id ON workflows(workflow_id, start_time);
        CREATE INDEX workflows_runnable ON workflows(runnable) WHERE runnable = 1;
        CREATE INDEX workflows_by_status ON workflows(status, start_time);
        CREATE INDEX workflows_by_type ON workflows(workflow_type, start_time);
        CREATE INDEX workflows_by_start ON workflows(start_time);
        CREATE TABLE events(
            run_id TEXT NOT NULL,
            event_id INTEGER NOT NULL,
            event_type TEXT NOT NULL,
            event_time REAL NOT NULL,
            attributes BLOB NOT NULL,
            PRIMARY KEY(run_id, event_id)
        ) WITHOUT ROWID;
        CREATE TABLE activities(
            run_id TEXT NOT NULL,
            scheduled_event_id INTEGER NOT NULL,
            activity_id TEXT NOT NULL,
            activity_type TEXT NOT NULL,
            input BLOB NOT NULL,
            options BLOB NOT NULL,
            attempt INTEGER NOT NULL DEFAULT 0,
            scheduled_time REAL NOT NULL,
            next_attempt_time REAL NOT NULL,
            started_time REAL,
            last_failure BLOB,
            heartbeat_details BLOB,
            last_heartbeat REAL,
            owner TEXT,
            lease_expiry REAL,
            PRIMARY KEY(run_id, scheduled_event_id)
        );
        CREATE INDEX activities_due ON activities(next_attempt_time);
        CREATE TABLE timers(
            run_id TEXT NOT NULL,
            started_event_id INTEGER NOT NULL,
            timer_id TEXT NOT NULL,
            fire_time REAL NOT NULL,
            PRIMARY KEY(run_id, started_event_id)
        );
        CREATE INDEX timers_due ON timers(fire_time);
        CREATE TABLE query_values(
            run_id TEXT NOT NULL,
            name TEXT NOT NULL,
            value BLOB NOT NULL,
            PRIMARY KEY(run_id, name)
        );
        CREATE TABLE workers(
            identity TEXT PRIMARY KEY,
            pid INTEGER NOT NULL,
            started_at REAL NOT NULL,
            heartbeat REAL NOT NULL
        );
        """,
        // 2: pending activities clustered by their key (one B-tree instead of a table plus its
        // key index), and indexed by due time only while unclaimed. A claimed attempt (the usual
        // case: the worker that schedules an activity claims it in the same commit) then
        // touches no index page; claims of expired leases scan the table of pending activities.
        """
        CREATE TABLE activities_clustered(
            run_id TEXT NOT NULL,
            scheduled_event_id INTEGER NOT NULL,
            activity_id TEXT NOT NULL,
            activity_type TEXT NOT NULL,
            input BLOB NOT NULL,
            options BLOB NOT NULL,
            attempt INTEGER NOT NULL DEFAULT 0,
            scheduled_time REAL NOT NULL,
            next_attempt_time REAL NOT NULL,
            started_time REAL,
            last_failure BLOB,
            heartbeat_details BLOB,
            last_heartbeat REAL,
            owner TEXT,
            lease_expiry REAL,
            PRIMARY KEY(run_id, scheduled_event_id)
        ) WITHOUT ROWID;
        INSERT INTO activities_clustered(run_id, scheduled_event_id, activity_id, activity_type, input, options, attempt,
            scheduled_time, next_attempt_time, started_time, last_failure, heartbeat_details, last_heartbeat, owner,
            lease_expiry)
        SELECT run_id, scheduled_event_id, activity_id, activity_type, input, options, attempt, scheduled_time,
            next_attempt_time, started_time, last_failure, heartbeat_details, last_heartbeat, owner, lease_expiry
        FROM activities;
        DROP TABLE activities;
        ALTER TABLE activities_clustered RENAME TO activities;
        CREATE INDEX activities_due ON activities(next_attempt_time) WHERE owner IS NULL;
        """,
    ]
}
