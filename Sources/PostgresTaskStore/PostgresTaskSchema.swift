/// The tables and functions of the shared task store on PostgreSQL, and their version.
///
/// The tables are those of the SQLite tasks file (`a2a_tasks`, `a2a_task_messages`,
/// `a2a_task_claims`), except for events: `a2a_task_event_batches` holds each batch of a task's
/// events in one row (a JSON array of `{"seq": n, "event": {...}}`, keyed by its last number).
/// Each write a replica makes is one call of a PL/pgSQL function: one round trip and one
/// transaction, whose checks and writes no other replica can come between (the claim of a
/// message id is its primary key). The calls of many sends go in one batch when they meet
/// (`a2a_claim_batch`, `a2a_write_batch`). Writing events notifies channel `a2a_task_events`
/// with the task's id, for the replicas following it (LISTEN/NOTIFY).
///
/// Version 2 (from 1): events in batches, the batch functions; `a2a_task_events` and
/// `a2a_append_events` are dropped.
enum PostgresTaskSchema {
    /// The version these tables and functions have; `switchboard_schema` names the one a
    /// database has.
    static let version = 2

    /// The channel that carries the ids of tasks with new events.
    static let channel = "a2a_task_events"

    /// Serialises starters migrating the same database (an advisory lock's key).
    static let migrationLock: Int64 = 0x5357_4254_4153_4B53  // "SWBTASKS"

    /// Creates what is missing, for version 0 (a new database) up to `version`, one statement each.
    static let create: [String] = [
        """
        CREATE TABLE IF NOT EXISTS a2a_tasks (
            id TEXT PRIMARY KEY,
            context_id TEXT NOT NULL,
            created_us BIGINT NOT NULL,
            updated_us BIGINT NOT NULL,
            json TEXT NOT NULL)
        """,
        """
        CREATE INDEX IF NOT EXISTS a2a_tasks_created ON a2a_tasks (created_us)
        """,
        """
        CREATE INDEX IF NOT EXISTS a2a_tasks_updated ON a2a_tasks (updated_us)
        """,
        """
        CREATE TABLE IF NOT EXISTS a2a_task_messages (
            message_id TEXT PRIMARY KEY,
            task_id TEXT NOT NULL)
        """,
        """
        CREATE INDEX IF NOT EXISTS a2a_task_messages_task ON a2a_task_messages (task_id)
        """,
        """
        CREATE TABLE IF NOT EXISTS a2a_task_claims (
            task_id TEXT PRIMARY KEY,
            owner TEXT NOT NULL,
            lease_until_us BIGINT NOT NULL,
            cancel_requested BOOLEAN NOT NULL DEFAULT FALSE,
            finished_us BIGINT,
            orphaned BOOLEAN NOT NULL DEFAULT FALSE)
        """,
        """
        CREATE INDEX IF NOT EXISTS a2a_task_claims_running ON a2a_task_claims (owner) WHERE finished_us IS NULL
        """,
        """
        CREATE INDEX IF NOT EXISTS a2a_task_claims_finished ON a2a_task_claims (finished_us)
        """,
        """
        CREATE TABLE IF NOT EXISTS a2a_task_event_batches (
            task_id TEXT NOT NULL,
            last_seq INTEGER NOT NULL,
            json TEXT NOT NULL,
            PRIMARY KEY (task_id, last_seq))
        """,
        """
        DROP FUNCTION IF EXISTS a2a_append_events(TEXT, TEXT, INTEGER[], TEXT[], TEXT, BIGINT, BIGINT)
        """,
        """
        DROP TABLE IF EXISTS a2a_task_events
        """,
        // A task starting a turn: its row, and its events reset to its snapshot.
        """
        CREATE OR REPLACE FUNCTION a2a_restart(p_id TEXT, p_json TEXT, p_updated BIGINT, p_event TEXT) RETURNS VOID
        LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE a2a_tasks SET json = p_json, updated_us = p_updated WHERE id = p_id;
            DELETE FROM a2a_task_event_batches WHERE task_id = p_id;
            INSERT INTO a2a_task_event_batches (task_id, last_seq, json) VALUES (p_id, 0, p_event);
        END $$
        """,
        """
        CREATE OR REPLACE FUNCTION a2a_save(p_id TEXT, p_context TEXT, p_created BIGINT, p_updated BIGINT, p_json TEXT,
                                            p_messages TEXT[]) RETURNS VOID
        LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO a2a_tasks (id, context_id, created_us, updated_us, json) VALUES (p_id, p_context, p_created, p_updated, p_json)
            ON CONFLICT (id) DO UPDATE SET context_id = EXCLUDED.context_id, created_us = EXCLUDED.created_us,
                updated_us = EXCLUDED.updated_us, json = EXCLUDED.json;
            INSERT INTO a2a_task_messages (message_id, task_id) SELECT m, p_id FROM unnest(p_messages) AS m
            ON CONFLICT (message_id) DO NOTHING;
        END $$
        """,
        // NULL when this replica's task won the message; else the task the message has.
        """
        CREATE OR REPLACE FUNCTION a2a_claim_new(p_id TEXT, p_context TEXT, p_created BIGINT, p_updated BIGINT, p_json TEXT,
                                                 p_message TEXT, p_unless TEXT, p_owner TEXT, p_lease BIGINT, p_event TEXT)
        RETURNS TEXT LANGUAGE plpgsql AS $$
        DECLARE existing TEXT;
        BEGIN
            INSERT INTO a2a_task_messages (message_id, task_id) VALUES (p_message, p_id) ON CONFLICT (message_id) DO NOTHING;
            IF NOT FOUND THEN
                SELECT task_id INTO existing FROM a2a_task_messages WHERE message_id = p_message;
                IF existing IS DISTINCT FROM p_unless THEN RETURN existing; END IF;
            END IF;
            INSERT INTO a2a_tasks (id, context_id, created_us, updated_us, json) VALUES (p_id, p_context, p_created, p_updated, p_json)
            ON CONFLICT (id) DO UPDATE SET json = EXCLUDED.json, updated_us = EXCLUDED.updated_us;
            INSERT INTO a2a_task_claims (task_id, owner, lease_until_us) VALUES (p_id, p_owner, p_lease)
            ON CONFLICT (task_id) DO UPDATE SET owner = EXCLUDED.owner, lease_until_us = EXCLUDED.lease_until_us,
                cancel_requested = FALSE, finished_us = NULL, orphaned = FALSE;
            INSERT INTO a2a_task_event_batches (task_id, last_seq, json) VALUES (p_id, 0, p_event)
            ON CONFLICT (task_id, last_seq) DO UPDATE SET json = EXCLUDED.json;
            RETURN NULL;
        END $$
        """,
        // a2a_claim_new for several messages, in one transaction, in the order given (sorted by
        // message id, so two replicas' batches take their rows in the same order); '' for each
        // message this replica's task won, else the task the message has. p_unless '' is none.
        """
        CREATE OR REPLACE FUNCTION a2a_claim_batch(p_ids TEXT[], p_contexts TEXT[], p_created BIGINT[], p_updated BIGINT[],
                                                   p_json TEXT[], p_messages TEXT[], p_unless TEXT[], p_owner TEXT,
                                                   p_lease BIGINT[], p_events TEXT[]) RETURNS TEXT[]
        LANGUAGE plpgsql AS $$
        DECLARE answers TEXT[] := '{}';
        BEGIN
            FOR i IN 1 .. coalesce(array_length(p_ids, 1), 0) LOOP
                answers := array_append(answers, coalesce(a2a_claim_new(p_ids[i], p_contexts[i], p_created[i], p_updated[i],
                    p_json[i], p_messages[i], NULLIF(p_unless[i], ''), p_owner, p_lease[i], p_events[i]), ''));
            END LOOP;
            RETURN answers;
        END $$
        """,
        // Makes p_owner the computer of a task starting a turn: the same turn of an abandoned task
        // (a takeover), or with p_message, the next turn of a settled one (a follow-up; also of a
        // task without a claim). False when the task is not (any more) in that state.
        """
        CREATE OR REPLACE FUNCTION a2a_reclaim(p_id TEXT, p_owner TEXT, p_lease BIGINT, p_now BIGINT, p_message TEXT,
                                               p_json TEXT, p_updated BIGINT, p_event TEXT) RETURNS BOOLEAN
        LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE a2a_task_claims SET owner = p_owner, lease_until_us = p_lease, cancel_requested = FALSE, finished_us = NULL,
                orphaned = FALSE
            WHERE task_id = p_id AND CASE WHEN p_message IS NULL THEN orphaned OR (finished_us IS NULL AND lease_until_us < p_now)
                                          ELSE finished_us IS NOT NULL END;
            IF NOT FOUND THEN
                IF p_message IS NULL THEN RETURN FALSE; END IF;
                INSERT INTO a2a_task_claims (task_id, owner, lease_until_us) VALUES (p_id, p_owner, p_lease)
                ON CONFLICT (task_id) DO NOTHING;
                IF NOT FOUND THEN RETURN FALSE; END IF;
            END IF;
            IF p_message IS NOT NULL THEN
                INSERT INTO a2a_task_messages (message_id, task_id) VALUES (p_message, p_id) ON CONFLICT (message_id) DO NOTHING;
            END IF;
            PERFORM a2a_restart(p_id, p_json, p_updated, p_event);
            RETURN TRUE;
        END $$
        """,
        """
        CREATE OR REPLACE FUNCTION a2a_settle_abandoned(p_id TEXT, p_now BIGINT, p_json TEXT, p_updated BIGINT) RETURNS BOOLEAN
        LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE a2a_task_claims SET orphaned = TRUE, finished_us = p_now
            WHERE task_id = p_id AND finished_us IS NULL AND lease_until_us < p_now;
            IF NOT FOUND AND EXISTS (SELECT 1 FROM a2a_task_claims WHERE task_id = p_id) THEN RETURN FALSE; END IF;
            UPDATE a2a_tasks SET json = p_json, updated_us = p_updated WHERE id = p_id;
            RETURN TRUE;
        END $$
        """,
        // For each task (sorted by id) whose claim p_owner holds: its batch of events (p_json ''
        // keeps the task's row; p_settled 0 leaves the claim running). With p_clean_before > 0,
        // drops the events of tasks that settled from p_clean_from to then. Followers are
        // notified on commit: one notification carries the ids of many tasks, one a line.
        """
        CREATE OR REPLACE FUNCTION a2a_write_batch(p_owner TEXT, p_ids TEXT[], p_last INTEGER[], p_events TEXT[], p_json TEXT[],
                                                   p_updated BIGINT[], p_settled BIGINT[], p_clean_from BIGINT,
                                                   p_clean_before BIGINT) RETURNS VOID
        LANGUAGE plpgsql AS $$
        DECLARE holder TEXT; written TEXT := '';
        BEGIN
            FOR i IN 1 .. coalesce(array_length(p_ids, 1), 0) LOOP
                SELECT owner INTO holder FROM a2a_task_claims WHERE task_id = p_ids[i];
                CONTINUE WHEN holder IS NOT NULL AND holder <> p_owner;
                INSERT INTO a2a_task_event_batches (task_id, last_seq, json) VALUES (p_ids[i], p_last[i], p_events[i])
                ON CONFLICT (task_id, last_seq) DO UPDATE SET json = EXCLUDED.json;
                IF p_json[i] <> '' THEN
                    UPDATE a2a_tasks SET json = p_json[i], updated_us = p_updated[i] WHERE id = p_ids[i];
                END IF;
                IF p_settled[i] <> 0 THEN
                    UPDATE a2a_task_claims SET finished_us = p_settled[i] WHERE task_id = p_ids[i];
                END IF;
                IF octet_length(written) + octet_length(p_ids[i]) > 7000 THEN  -- a notification holds up to 8000 bytes
                    PERFORM pg_notify('a2a_task_events', written);
                    written := '';
                END IF;
                written := CASE WHEN written = '' THEN p_ids[i] ELSE written || chr(10) || p_ids[i] END;
            END LOOP;
            IF written <> '' THEN PERFORM pg_notify('a2a_task_events', written); END IF;
            IF p_clean_before > 0 THEN
                DELETE FROM a2a_task_event_batches WHERE task_id IN (SELECT task_id FROM a2a_task_claims
                    WHERE finished_us >= p_clean_from AND finished_us < p_clean_before);
            END IF;
        END $$
        """,
    ]
}
