/// An incremental parser for `text/event-stream` bodies (the WHATWG HTML "server-sent events"
/// interpretation rules): lines end with LF, CR or CRLF, also when a chunk boundary falls between
/// CR and LF; `:` lines are comments; `event:`, `data:` (several join with `\n`), `id:` and
/// `retry:` fields; a blank line dispatches; a block without data dispatches nothing; an event
/// left incomplete at the end of the stream is dropped.
///
/// ```swift
/// var parser = SSEParser()
/// for event in try parser.feed(chunk) { print(event.event, event.data) }
/// ```
public struct SSEParser: Sendable {
    /// Thrown when one line or one event's data outgrows `maxEventSize`.
    public struct EventTooLarge: Error, Sendable, CustomStringConvertible {
        public let limit: Int
        public var description: String { "server-sent event larger than \(limit) bytes" }
    }

    /// The most bytes one line or one event's data may hold.
    public let maxEventSize: Int

    private var line: [UInt8] = []
    private var afterCR = false
    private var atStart = true
    private var eventType: String?
    private var data: [UInt8] = []
    private var hasData = false
    private var lastEventID: String?
    private var retry: Int?

    public init(maxEventSize: Int = 8 << 20) {
        self.maxEventSize = maxEventSize
    }

    /// Feeds the next chunk; returns the events it completed, in order.
    /// - Throws: `EventTooLarge` when a line or an event exceeds `maxEventSize`.
    public mutating func feed(_ bytes: some Collection<UInt8>) throws -> [SSEEvent] {
        var events: [SSEEvent] = []
        var segmentStart = bytes.startIndex
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte == 0x0A || byte == 0x0D {
                line.append(contentsOf: bytes[segmentStart..<index])
                if byte == 0x0A && afterCR && line.isEmpty {
                    afterCR = false  // the LF of a CRLF whose CR ended the previous line
                } else {
                    afterCR = byte == 0x0D
                    try finishLine(into: &events)
                }
                segmentStart = bytes.index(after: index)
            } else if afterCR {
                afterCR = false
            }
            index = bytes.index(after: index)
        }
        line.append(contentsOf: bytes[segmentStart..<bytes.endIndex])
        if !line.isEmpty { afterCR = false }
        if line.count > maxEventSize { throw EventTooLarge(limit: maxEventSize) }
        return events
    }

    /// Ends the stream: an event without its closing blank line is discarded, as the standard says.
    public mutating func finish() {
        line.removeAll()
        data.removeAll()
        hasData = false
        eventType = nil
        retry = nil
        afterCR = false
    }

    private mutating func finishLine(into events: inout [SSEEvent]) throws {
        defer { line.removeAll(keepingCapacity: true) }
        if atStart {
            atStart = false
            if line.starts(with: [0xEF, 0xBB, 0xBF]) { line.removeFirst(3) }  // UTF-8 BOM
        }
        if line.isEmpty {
            dispatch(into: &events)
            return
        }
        if line[0] == 0x3A { return }  // ":" comment (keep-alive)
        let field: ArraySlice<UInt8>
        var value: ArraySlice<UInt8>
        if let colon = line.firstIndex(of: 0x3A) {
            field = line[..<colon]
            value = line[(colon + 1)...]
            if value.first == 0x20 { value = value.dropFirst() }
        } else {
            field = line[...]
            value = []
        }
        switch String(decoding: field, as: UTF8.self) {
        case "event":
            eventType = String(decoding: value, as: UTF8.self)
        case "data":
            if hasData { data.append(0x0A) }
            data.append(contentsOf: value)
            hasData = true
            if data.count > maxEventSize { throw EventTooLarge(limit: maxEventSize) }
        case "id":
            if !value.contains(0) { lastEventID = String(decoding: value, as: UTF8.self) }
        case "retry":
            if !value.isEmpty, value.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), value.count <= 18 {
                retry = Int(String(decoding: value, as: UTF8.self))
            }
        default:
            break  // unknown fields are ignored
        }
    }

    private mutating func dispatch(into events: inout [SSEEvent]) {
        defer {
            data.removeAll(keepingCapacity: true)
            hasData = false
            eventType = nil
            retry = nil
        }
        guard hasData else { return }
        let type = eventType.flatMap { $0.isEmpty ? nil : $0 } ?? "message"
        events.append(SSEEvent(event: type, data: String(decoding: data, as: UTF8.self), id: lastEventID, retry: retry))
    }
}
