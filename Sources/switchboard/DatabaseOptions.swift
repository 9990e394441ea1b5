import ArgumentParser
import DurableEngine

/// `--db` and `--durability`, shared by every command that opens the history.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: "The history file (default: $SWITCHBOARD_DB, else .switchboard/history.db).")
    var path: String?

    @Option(help: "full: a commit survives power loss (default). normal: survives crashes of the process, faster.")
    var durability: Durability = .full

    /// Opens (creating if needed) the history; payloads are encrypted when SWITCHBOARD_ENCRYPTION_KEY is set.
    func openStore() throws -> WorkflowStore {
        try WorkflowStore(path: WorkflowStore.resolvePath(path), durability: durability, codec: PayloadCodec.fromEnvironment())
    }
}

extension Durability: ExpressibleByArgument {}
extension WorkflowIDConflictPolicy: ExpressibleByArgument {}
extension WorkflowIDReusePolicy: ExpressibleByArgument {}
