import A2AProtocol
import AgentServer
import PostgresNIO

/// One call of `a2a_write_batch`: the events (one batch row per task), tasks and settlements
/// of several tasks one replica computes, sorted by task id, and perhaps a cleanup of settled
/// tasks' events. A prepared statement: the server plans it once per connection.
struct WriteBatchStatement: PostgresPreparedStatement {
    static let sql = "SELECT a2a_write_batch($1, $2, $3, $4, $5, $6, $7, $8, $9)"
    typealias Row = Void

    private let owner: String
    private var ids: [String] = []
    private var lastSeqs: [Int32] = []
    private var events: [String] = []
    private var tasks: [String] = []
    private var updated: [Int64] = []
    private var settled: [Int64] = []
    private let cleaning: (from: Int64, before: Int64)?

    init(owner: String, _ writes: [SharedTaskWrite], cleaning: (from: Int64, before: Int64)?) throws {
        self.owner = owner
        self.cleaning = cleaning
        for write in writes.sorted(by: { $0.id < $1.id }) {
            guard let last = write.events.last?.seq else { continue }
            ids.append(write.id)
            lastSeqs.append(Int32(clamping: last))
            events.append(try NumberedEvent.batch(write.events))
            tasks.append(try write.task.map { try A2AJSON.encodeString($0.task) } ?? "")
            updated.append(write.task?.updatedMicros ?? 0)
            settled.append(write.settledAt ?? 0)
        }
    }

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 9)
        bindings.append(owner)
        bindings.append(ids)
        bindings.append(lastSeqs)
        bindings.append(events)
        bindings.append(tasks)
        bindings.append(updated)
        bindings.append(settled)
        bindings.append(cleaning?.from ?? 0)
        bindings.append(cleaning?.before ?? 0)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {}
}
