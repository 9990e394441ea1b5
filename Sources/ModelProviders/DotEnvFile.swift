import Foundation

/// Reads a `.env` file: `KEY=value` lines, `#` comments, optional `export `, single or double
/// quotes. Read explicitly (the environment still wins), so no setting is silently missed.
public enum DotEnvFile {
    /// The variables in `file`, or empty when it does not exist.
    /// - Throws: `ModelConfigurationError` naming the file and line of a malformed entry.
    public static func load(_ file: URL) throws -> [String: String] {
        guard FileManager.default.fileExists(atPath: file.path) else { return [:] }
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            throw ModelConfigurationError("\(file.path) cannot be read as UTF-8 text")
        }
        return try parse(text, source: file.path)
    }

    /// Parses `.env` text.
    public static func parse(_ text: String, source: String = ".env") throws -> [String: String] {
        var values: [String: String] = [:]
        for (index, rawLine) in text.components(separatedBy: .newlines).enumerated() {
            var line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst(7)).trimmingCharacters(in: .whitespaces) }
            guard let equals = line.firstIndex(of: "=") else {
                throw ModelConfigurationError("\(source) line \(index + 1): expected KEY=value, got '\(rawLine)'")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw ModelConfigurationError("\(source) line \(index + 1): '\(key)' is not a valid variable name")
            }
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if let quote = value.first, quote == "\"" || quote == "'" {
                guard value.count >= 2, value.last == quote else {
                    throw ModelConfigurationError("\(source) line \(index + 1): unterminated quote in the value of \(key)")
                }
                value = String(value.dropFirst().dropLast())
            } else if let comment = value.range(of: " #") {
                value = value[..<comment.lowerBound].trimmingCharacters(in: .whitespaces)
            }
            values[key] = value
        }
        return values
    }
}
