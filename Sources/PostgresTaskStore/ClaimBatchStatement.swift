import A2AProtocol
import AgentServer
import PostgresNIO

/// One call of `a2a_claim_batch`: the claims of new messages that met, sorted by message id
/// (two replicas' batches then take their rows in the same order, and never wait for each other
/// in a circle). A prepared statement: the server plans it once per connection.
struct ClaimBatchStatement: PostgresPreparedStatement {
    static let sql = "SELECT a2a_claim_batch($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
    typealias Row = [String]

    /// The claim of one new message's task (see `SharedTaskStore.claimNew`).
    struct Claim: Sendable {
        var id: String
        var contextId: String
        var created: Int64
        var updated: Int64
        var json: String
        var messageId: String
        var unlessTask: String
        var owner: String
        var leaseUntil: Int64
        var firstEvent: String

        init(_ entry: TaskEntry, messageId: String, unlessTask: String?, owner: String, leaseUntil: Int64) throws {
            id = entry.task.id
            contextId = entry.task.contextId
            created = entry.createdMicros
            updated = entry.updatedMicros
            json = try A2AJSON.encodeString(entry.task)
            self.messageId = messageId
            self.unlessTask = unlessTask ?? ""
            self.owner = owner
            self.leaseUntil = leaseUntil
            firstEvent = try NumberedEvent.batch([(0, StreamResponse.task(entry.task))])
        }
    }

    private let claims: [Claim]
    /// Where each claim of the batch as given is in `claims`.
    let order: [Int]

    init(_ batch: [Claim]) {
        let sorted = batch.indices.sorted { batch[$0].messageId < batch[$1].messageId }
        claims = sorted.map { batch[$0] }
        var order = [Int](repeating: 0, count: batch.count)
        for (position, index) in sorted.enumerated() { order[index] = position }
        self.order = order
    }

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 10)
        bindings.append(claims.map(\.id))
        bindings.append(claims.map(\.contextId))
        bindings.append(claims.map(\.created))
        bindings.append(claims.map(\.updated))
        bindings.append(claims.map(\.json))
        bindings.append(claims.map(\.messageId))
        bindings.append(claims.map(\.unlessTask))
        bindings.append(claims.first?.owner ?? "")
        bindings.append(claims.map(\.leaseUntil))
        bindings.append(claims.map(\.firstEvent))
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        try row.decode([String].self)
    }

    /// The answers of the server (in sorted order) in the order of the batch as given: nil
    /// where this replica's task won the message, else the task the message has.
    func answers(_ sorted: [String]) -> [String?] {
        guard sorted.count == claims.count else { return [] }
        return order.map { sorted[$0].isEmpty ? nil : sorted[$0] }
    }
}
