import Foundation

/// Checks, before rendering, that every `{{ variable }}` and every `{% for x in list %}` of a
/// template resolves in the context, because Stencil renders a missing variable as empty text.
/// Loop variables are checked against every element of the list they iterate.
enum TemplateVariableChecker {
    static func check(_ source: String, context: [String: Any], template: String) throws {
        let pattern = try! NSRegularExpression(pattern: #"\{\{\s*(.*?)\s*\}\}|\{%\s*(.*?)\s*%\}"#, options: [.dotMatchesLineSeparators])
        let text = source as NSString
        // Each scope maps loop-variable names to the values they take.
        var scopes: [[String: [Any]]] = []
        for match in pattern.matches(in: source, range: NSRange(location: 0, length: text.length)) {
            if match.range(at: 1).location != NSNotFound {
                let expression = text.substring(with: match.range(at: 1))
                let path = expression.split(separator: "|")[0].trimmingCharacters(in: .whitespaces)
                _ = try resolve(path, context: context, scopes: scopes, template: template)
            } else {
                let words = text.substring(with: match.range(at: 2)).split(separator: " ").map(String.init)
                guard let tag = words.first else { continue }
                if tag == "for", words.count >= 4, words[2] == "in" {
                    let values = try resolve(words[3], context: context, scopes: scopes, template: template)
                    let elements = values.flatMap { ($0 as? [Any]) ?? [] }
                    scopes.append([words[1]: elements])
                } else if tag == "endfor", !scopes.isEmpty {
                    scopes.removeLast()
                }
            }
        }
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
