import Foundation

/// Checks, before rendering, that every `{{ variable }}` and every `{% for x in list %}` of a
/// template resolves in the context, because Stencil renders a missing variable as empty text.
/// Loop variables are checked against every element of the list they iterate.
enum TemplateVariableChecker {
    static func check(_ source: String, context: [String: Any], template: String) throws {
        // Each scope maps loop-variable names to the values they take.
        var scopes: [[String: [Any]]] = []
        for tag in tags(in: source) {
            if tag.isVariable {
                let path = tag.body.split(separator: "|", omittingEmptySubsequences: false)[0]
                    .trimmingCharacters(in: .whitespaces)
                _ = try resolve(path, context: context, scopes: scopes, template: template)
            } else {
                let words = tag.body.split(separator: " ").map(String.init)
                guard let name = words.first else { continue }
                if name == "for", words.count >= 4, words[2] == "in" {
                    let values = try resolve(words[3], context: context, scopes: scopes, template: template)
                    let elements = values.flatMap { ($0 as? [Any]) ?? [] }
                    scopes.append([words[1]: elements])
                } else if name == "endfor", !scopes.isEmpty {
                    scopes.removeLast()
                }
            }
        }
    }

    /// The `{{ variable }}` and `{% tag %}` markers of `source` in order, each with the text
    /// between its delimiters, trimmed. A marker runs to the first closing delimiter (across
    /// lines); an opening one that is never closed is skipped. Scanned by hand rather than with
    /// `NSRegularExpression`, whose first use loads ICU: a few megabytes of every agent's memory.
    static func tags(in source: String) -> [(isVariable: Bool, body: String)] {
        let bytes = Array(source.utf8)
        let brace = UInt8(ascii: "{"), closing = UInt8(ascii: "}"), percent = UInt8(ascii: "%")
        var found: [(isVariable: Bool, body: String)] = []
        var index = 0
        while index + 1 < bytes.count {
            guard bytes[index] == brace, bytes[index + 1] == brace || bytes[index + 1] == percent else {
                index += 1
                continue
            }
            let isVariable = bytes[index + 1] == brace
            let close = isVariable ? closing : percent
            var end = index + 2
            while end + 1 < bytes.count, !(bytes[end] == close && bytes[end + 1] == closing) { end += 1 }
            guard end + 1 < bytes.count else {
                index += 1   // never closed: look for the next marker from the next character
                continue
            }
            let body = String(decoding: bytes[(index + 2)..<end], as: UTF8.self)
            found.append((isVariable, body.trimmingCharacters(in: .whitespacesAndNewlines)))
            index = end + 2
        }
        return found
    }

    /// Every value `path` takes (several inside loops); throws when one is missing.
    private static func resolve(_ path: String, context: [String: Any], scopes: [[String: [Any]]], template: String) throws -> [Any] {
        if path.hasPrefix("\"") || path.hasPrefix("'") || Double(path) != nil { return [path] }
        let parts = path.split(separator: ".").map(String.init)
        guard let root = parts.first else { return [] }
        var values: [Any]
        if let scoped = scopes.reversed().first(where: { $0[root] != nil })?[root] {
            values = scoped
        } else if let value = context[root] {
            values = [value]
        } else {
            throw PromptError.missingVariable(name: root, template: template)
        }
        for (depth, key) in parts.dropFirst().enumerated() {
            values = try values.map { value in
                if let dictionary = value as? [String: Any], let next = dictionary[key] { return next }
                if let list = value as? [Any], key == "count" { return list.count }
                throw PromptError.missingVariable(name: parts.prefix(depth + 2).joined(separator: "."), template: template)
            }
        }
        return values
    }
}
