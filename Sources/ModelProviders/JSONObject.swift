/// A decoded JSON object handed between tasks.
struct JSONObject: @unchecked Sendable {
    // @unchecked Sendable: the dictionary comes fresh from JSONSerialization, holds only JSON
    // values (strings, numbers, arrays, dictionaries) and is never mutated after decoding.
    let value: [String: Any]

    subscript(key: String) -> Any? { value[key] }
}
