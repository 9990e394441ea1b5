/// The tables and functions of the shared task store on PostgreSQL, and their version.
///
/// The tables are those of the SQLite tasks file (`a2a_tasks`, `a2a_task_messages`,
/// `a2a_task_claims`, `a2a_task_events`). Each write a replica makes is one call of a PL/pgSQL
/// function: one round trip and one transaction, whose checks and writes no other replica can
/// come between (the claim of a message id is its primary key). Writing events notifies channel
/// `a2a_task_events` with the task's id, for the replicas following it (LISTEN/NOTIFY).
enum PostgresTaskSchema {
    /// The version these tables and functions have; `switchboard_schema` names the one a
    /// database has.
    static let version = 1

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
        CREATE TABLE IF NOT EXISTS a2a_task_events (
            task_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            json TEXT NOT NULL,
            PRIMARY KEY (task_id, seq))
        """,
        // A task starting a turn: its row, and its events reset to its snapshot.
        """
        CREATE OR REPLACE FUNCTION a2a_restart(p_id TEXT, p_json TEXT, p_updated BIGINT, p_event TEXT) RETURNS VOID
        LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE a2a_tasks SET json = p_json, updated_us = p_updated WHERE id = p_id;
            DELETE FROM a2a_task_events WHERE task_id = p_id;
            INSERT INTO a2a_task_events (task_id, seq, json) VALUES (p_id, 0, p_event);
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
            INSERT INTO a2a_task_events (task_id, seq, json) VALUES (p_id, 0, p_event)
            ON CONFLICT (task_id, seq) DO UPDATE SET json = EXCLUDED.json;
            RETURN NULL;
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
        // Nothing when p_owner no longer holds the claim. Followers are notified on commit.
        """
        CREATE OR REPLACE FUNCTION a2a_append_events(p_id TEXT, p_owner TEXT, p_seqs INTEGER[], p_events TEXT[], p_json TEXT,
                                                     p_updated BIGINT, p_settled BIGINT) RETURNS VOID
        LANGUAGE plpgsql AS $$
        DECLARE holder TEXT;
        BEGIN
            SELECT owner INTO holder FROM a2a_task_claims WHERE task_id = p_id;
            IF holder IS NOT NULL AND holder <> p_owner THEN RETURN; END IF;
            INSERT INTO a2a_task_events (task_id, seq, json) SELECT p_id, s, e FROM unnest(p_seqs, p_events) AS u(s, e)
            ON CONFLICT (task_id, seq) DO UPDATE SET json = EXCLUDED.json;
            IF p_json IS NOT NULL THEN
                UPDATE a2a_tasks SET json = p_json, updated_us = p_updated WHERE id = p_id;
            END IF;
            IF p_settled IS NOT NULL THEN
                UPDATE a2a_task_claims SET finished_us = p_settled WHERE task_id = p_id;
                -- The events of tasks that settled a minute ago have been read by every live stream.
                DELETE FROM a2a_task_events WHERE task_id IN (SELECT task_id FROM a2a_task_claims
                    WHERE finished_us < p_settled - 60000000 AND finished_us > p_settled - 120000000);
            END IF;
            PERFORM pg_notify('a2a_task_events', p_id);
        END $$
        """,
    ]
}
