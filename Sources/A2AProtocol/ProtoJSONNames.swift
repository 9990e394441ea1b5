import JSONBytes

/// ProtoJSON readers accept a field's original proto name (`history_length`) as well as its
/// JSON name (`historyLength`). This rewrites snake_case member names to camelCase, leaving
/// free-form values (`metadata`, `data`) untouched.
public enum ProtoJSONNames {
    /// Members whose values are user JSON and must not be rewritten.
    static let opaqueMembers: Set<String> = ["metadata", "data"]

    /// `value` with every snake_case member name outside opaque values in camelCase.
    public static func camelCased(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let members):
            var result: [String: JSONValue] = [:]
            for (key, member) in members {
                let name = camelCase(key)
                result[name] = opaqueMembers.contains(name) ? member : camelCased(member)
            }
            return .object(result)
        case .array(let items):
            return .array(items.map(camelCased))
        default:
            return value
        }
    }

    /// `history_length` -> `historyLength`; names without underscores are returned as they are.
    public static func camelCase(_ name: String) -> String {
        guard name.contains("_" as Character) else { return name }
        var result = ""
        var upperNext = false
        for character in name {
            if character == "_" {
                upperNext = !result.isEmpty
            } else if upperNext {
                result += character.uppercased()
                upperNext = false
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// True when `value` has a snake_case member name that `camelCased` would rewrite.
    public static func hasSnakeCaseNames(_ value: JSONValue) -> Bool {
        switch value {
        case .object(let members):
            for (key, member) in members {
                if key.utf8.contains(UInt8(ascii: "_")) { return true }
                if !opaqueMembers.contains(key), hasSnakeCaseNames(member) { return true }
            }
            return false
        case .array(let items):
            return items.contains(where: hasSnakeCaseNames)
        default:
            return false
        }
    }

    /// True when the JSON text may contain a snake_case member name (a cheap pre-check).
    public static func mayContainSnakeCase(_ bytes: some Sequence<UInt8>) -> Bool {
        bytes.contains(UInt8(ascii: "_"))
    }
}
