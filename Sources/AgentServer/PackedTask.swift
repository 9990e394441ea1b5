import A2AProtocol
import Foundation

/// A finished task as the store keeps it once it is no longer among the most recent: one byte
/// array holding the task's id, state, times, context, status timestamp, message ids and its
/// JSON, without the fields already stored beside it. A task of a short question and a 330-byte
/// answer takes about 600 bytes this way, against about 2.5 KB as a `TaskEntry`.
///
/// It is also the store's key: hashing and equality read only the id at the front, so a
/// `PackedTask(probe:)` holding nothing but an id finds a packed task in a set or dictionary.
///
/// Layout (integers little-endian): u32 id length, id; u8 state; u8 flags; i64 created µs;
/// i64 updated µs; u32 context length, context; the status timestamp, as i64 milliseconds when
/// it has the server's form, else as u32 length and text, absent when there is none; the message
/// ids as u32 count and (u32 length, id) each (kept although the history holds them: evicting a
/// task must not decode it); u32 reply length and the reply's JSON, when there is a reply; the
/// task's JSON to the end, shortened by `JSONTokenTable`.
struct PackedTask: Hashable, Sendable {
    let bytes: [UInt8]

    /// The meaning of each bit of the flags byte.
    private enum Flag {
        /// The history's messages (and the status message) name this task and its context; the
        /// ids are left out of the JSON and put back when unpacked.
        static let messagesNameTheTask: UInt8 = 1
        static let timestampText: UInt8 = 2
        static let reply: UInt8 = 4
        static let timestampMillis: UInt8 = 8
    }

    /// A key for looking up the task with this id.
    init(probe id: String) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4 + id.utf8.count)
        Self.append(id, to: &bytes)
        self.bytes = bytes
    }

    /// Packs a finished entry. Its replay log (`events`) is not kept: a finished task answers a
    /// resend with itself.
    init(_ entry: TaskEntry) throws {
        var task = entry.task
        var flags: UInt8 = 0
        let messages = (task.history ?? []) + [task.status.message].compactMap { $0 }
        if messages.allSatisfy({ $0.taskId == task.id && $0.contextId == task.contextId }) {
            flags |= Flag.messagesNameTheTask
            task.history = task.history?.map(Self.withoutIds)
            task.status.message = task.status.message.map(Self.withoutIds)
        }
        let timestamp = task.status.timestamp
        let millis = timestamp.flatMap(A2AJSON.timestampMillis)
        if millis != nil {
            flags |= Flag.timestampMillis
        } else if timestamp != nil {
            flags |= Flag.timestampText
        }
        task.id = ""
        task.contextId = ""
        task.status.timestamp = nil
        let json = JSONTokenTable.shorten(try A2AJSON.encode(task))
        let reply = try entry.reply.map { try A2AJSON.encode($0) }
        if reply != nil { flags |= Flag.reply }

        var bytes: [UInt8] = []
        bytes.reserveCapacity(64 + entry.task.id.utf8.count + entry.task.contextId.utf8.count + json.count
                              + (reply?.count ?? 0) + entry.messageIds.reduce(0) { $0 + 4 + $1.utf8.count })
        Self.append(entry.task.id, to: &bytes)
        bytes.append(UInt8(TaskState.allCases.firstIndex(of: entry.task.status.state) ?? 0))
        bytes.append(flags)
        Self.append(UInt64(bitPattern: entry.createdMicros), to: &bytes)
        Self.append(UInt64(bitPattern: entry.updatedMicros), to: &bytes)
        Self.append(entry.task.contextId, to: &bytes)
        if let millis {
            Self.append(UInt64(bitPattern: millis), to: &bytes)
        } else if let timestamp {
            Self.append(timestamp, to: &bytes)
        }
        Self.append(UInt32(entry.messageIds.count), to: &bytes)
        for messageId in entry.messageIds { Self.append(messageId, to: &bytes) }
        if let reply {
            Self.append(UInt32(reply.count), to: &bytes)
            bytes.append(contentsOf: reply)
        }
        bytes.append(contentsOf: json)
        self.bytes = bytes
    }

    /// The entry back, with its replay log empty.
    /// - Throws: when the stored JSON does not decode (it always does: this type wrote it).
    func unpacked() throws -> TaskEntry {
        var reader = Reader(bytes: bytes, offset: contextOffset)
        let contextId = reader.string()
        let timestamp = readTimestamp(&reader)
        let messageIds = readMessageIds(&reader)
        var reply: Message?
        if flags & Flag.reply != 0 {
            let length = Int(reader.uint32())
            reply = try A2AJSON.decode(Message.self, from: bytes[reader.offset..<reader.offset + length])
            reader.offset += length
        }
        var task = try A2AJSON.decode(A2ATask.self, from: JSONTokenTable.expand(bytes[reader.offset...]))
        task.id = id
        task.contextId = contextId
        task.status.timestamp = timestamp
        if flags & Flag.messagesNameTheTask != 0 {
            task.history = task.history?.map { $0.naming(task) }
            task.status.message = task.status.message?.naming(task)
        }
        return TaskEntry(task: task, messageIds: messageIds,
                         createdAt: TaskEntry.date(micros: createdMicros), updatedAt: TaskEntry.date(micros: updatedMicros), events: [], reply: reply)
    }

    /// The task's id.
    var id: String { Reader(bytes: bytes, offset: 0).peekString() }

    /// The task's state.
    var state: TaskState { TaskState.allCases[Int(bytes[idEnd])] }

    /// When the task was created, in microseconds since 1970 (the sort key of ListTasks).
    var createdMicros: Int64 { Int64(bitPattern: Reader(bytes: bytes, offset: idEnd + 2).uint64Peek()) }

    /// When the task last changed, in microseconds since 1970.
    var updatedMicros: Int64 { Int64(bitPattern: Reader(bytes: bytes, offset: idEnd + 10).uint64Peek()) }

    /// The task's context id.
    var contextId: String { Reader(bytes: bytes, offset: contextOffset).peekString() }

    /// The status timestamp, nil when the status has none.
    var statusTimestamp: String? {
        var reader = Reader(bytes: bytes, offset: contextOffset)
        reader.skipString()
        return readTimestamp(&reader)
    }

    /// The ids of the messages that created or continued the task.
    var messageIds: [String] {
        var reader = Reader(bytes: bytes, offset: contextOffset)
        reader.skipString()
        _ = readTimestamp(&reader)
        return readMessageIds(&reader)
    }

    private func readTimestamp(_ reader: inout Reader) -> String? {
        if flags & Flag.timestampMillis != 0 {
            defer { reader.offset += 8 }
            return A2AJSON.timestamp(millis: Int64(bitPattern: reader.uint64Peek()))
        }
        return flags & Flag.timestampText != 0 ? reader.string() : nil
    }

    private func readMessageIds(_ reader: inout Reader) -> [String] {
        (0..<reader.uint32()).map { _ in reader.string() }
    }

    static func == (lhs: PackedTask, rhs: PackedTask) -> Bool {
        lhs.bytes.withUnsafeBufferPointer { left in
            rhs.bytes.withUnsafeBufferPointer { right in
                let leftEnd = 4 + Int(Reader.uint32(left, at: 0)), rightEnd = 4 + Int(Reader.uint32(right, at: 0))
                return leftEnd == rightEnd && left[4..<leftEnd].elementsEqual(right[4..<rightEnd])
            }
        }
    }

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { raw in
            hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: raw[4..<idEnd]))
        }
    }

    private var idEnd: Int { 4 + Int(Reader(bytes: bytes, offset: 0).uint32Peek()) }
    private var flags: UInt8 { bytes[idEnd + 1] }
    private var contextOffset: Int { idEnd + 18 }

    private static func withoutIds(_ message: Message) -> Message {
        var message = message
        message.taskId = nil
        message.contextId = nil
        return message
    }


    private static func append(_ string: String, to bytes: inout [UInt8]) {
        append(UInt32(string.utf8.count), to: &bytes)
        bytes.append(contentsOf: string.utf8)
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// Reads the fields of the layout in order.
    private struct Reader {
        let bytes: [UInt8]
        var offset: Int

        static func uint32(_ buffer: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt32 {
            (0..<4).reduce(0) { $0 | UInt32(buffer[offset + $1]) << (8 * $1) }
        }

        func uint32Peek() -> UInt32 {
            bytes.withUnsafeBufferPointer { Self.uint32($0, at: offset) }
        }

        mutating func uint32() -> UInt32 {
            defer { offset += 4 }
            return uint32Peek()
        }

        func uint64Peek() -> UInt64 {
            bytes.withUnsafeBufferPointer { UInt64(Self.uint32($0, at: offset + 4)) << 32 | UInt64(Self.uint32($0, at: offset)) }
        }

        func peekString() -> String {
            let length = Int(uint32Peek())
            return String(decoding: bytes[(offset + 4)..<(offset + 4 + length)], as: UTF8.self)
        }

        mutating func string() -> String {
            defer { skipString() }
            return peekString()
        }

        mutating func skipString() {
            offset += 4 + Int(uint32Peek())
        }
    }
}

private extension Message {
    /// The message with the task's id and context (see `PackedTask.init`).
    func naming(_ task: A2ATask) -> Message {
        var message = self
        message.taskId = task.id
        message.contextId = task.contextId
        return message
    }
}
