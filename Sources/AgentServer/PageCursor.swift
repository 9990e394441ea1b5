import Foundation

/// The ListTasks page token: the sort key of the last task on the previous page, base64url.
struct PageCursor {
    var micros: Int64
    var id: String

    init(micros: Int64, id: String) {
        self.micros = micros
        self.id = id
    }

    /// Parses a token; nil when it was not made by `token`.
    init?(token: String) {
        var base64 = String(token.map { $0 == "-" ? "+" : $0 == "_" ? "/" : $0 })
        while base64.utf8.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let text = String(validating: data, as: UTF8.self),
              let colon = text.firstIndex(of: ":"), let micros = Int64(text[..<colon])
        else { return nil }
        self.micros = micros
        self.id = String(text[text.index(after: colon)...])
    }

    var token: String {
        // base64url without padding (character maps: Foundation's replacingOccurrences goes through NSString)
        String(Data("\(micros):\(id)".utf8).base64EncodedString().compactMap { $0 == "+" ? "-" : $0 == "/" ? "_" : $0 == "=" ? nil : $0 })
    }
}
