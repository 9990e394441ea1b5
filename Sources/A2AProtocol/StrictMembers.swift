import JSONBytes

/// The members of a JSON object, read the way a Codable keyed container reads them, for the
/// `init?(strict:)` fast paths. Each accessor answers nil when the member has a type Codable
/// would reject, so the caller gives up and lets Codable report the error; an absent or null
/// optional member reads as `.some(nil)`, as `decodeIfPresent` does.
struct StrictMembers {
    let members: [String: JSONValue]

    init?(_ json: JSONValue) {
        guard case .object(let members) = json else { return nil }
        self.members = members
    }

    /// A required string.
    func string(_ key: String) -> String? {
        if case .string(let value)? = members[key] { return value }
        return nil
    }

    func optionalString(_ key: String) -> String?? {
        switch members[key] {
        case nil, .null?: return .some(nil)
        case .string(let value)?: return .some(value)
        default: return nil
        }
    }

    /// An optional string where the empty string means absent (how the A2A types read ids).
    func optionalNonEmptyString(_ key: String) -> String?? {
        optionalString(key).map { $0.flatMap { $0.isEmpty ? nil : $0 } }
    }

    func optionalBool(_ key: String) -> Bool?? {
        switch members[key] {
        case nil, .null?: return .some(nil)
        case .bool(let value)?: return .some(value)
        default: return nil
        }
    }

    func optionalStrings(_ key: String) -> [String]?? {
        switch members[key] {
        case nil, .null?:
            return .some(nil)
        case .array(let items)?:
            var strings: [String] = []
            strings.reserveCapacity(items.count)
            for item in items {
                guard case .string(let value) = item else { return nil }
                strings.append(value)
            }
            return .some(strings)
        default:
            return nil
        }
    }

    /// A free-form member (`metadata`); null reads as absent, as `decodeIfPresent` does.
    func optionalValue(_ key: String) -> JSONValue? {
        if let value = members[key], value != .null { return value }
        return nil
    }

    /// Each element of `values` read by `element`; nil as soon as one is not.
    static func array<T>(_ values: [JSONValue], _ element: (JSONValue) -> T?) -> [T]? {
        var items: [T] = []
        items.reserveCapacity(values.count)
        for value in values {
            guard let item = element(value) else { return nil }
            items.append(item)
        }
        return items
    }

    /// An optional array member, each element read by `element`; `.some(nil)` when absent or
    /// null, nil when it is not an array or an element does not read.
    func optionalArray<T>(_ key: String, _ element: (JSONValue) -> T?) -> [T]?? {
        switch members[key] {
        case nil, .null?: return .some(nil)
        case .array(let values)?: return Self.array(values, element).map { .some($0) }
        default: return nil
        }
    }

    /// True when the member is there with a non-null value.
    func has(_ key: String) -> Bool {
        optionalValue(key) != nil
    }
}
