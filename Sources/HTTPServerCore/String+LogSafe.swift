extension String {
    /// The text with every control character (C0, DEL and C1) written as `\n`, `\r`, `\t` or
    /// `\u{1B}`, and backslashes doubled. Anything that came from a client passes through this
    /// before it is logged, so a request cannot forge a log line or send escape sequences to
    /// the terminal of whoever reads the log.
    public var logSafe: String {
        guard unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0 == "\\" }) else {
            return self
        }
        var out = ""
        out.reserveCapacity(utf8.count + 8)
        for scalar in unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value):
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
