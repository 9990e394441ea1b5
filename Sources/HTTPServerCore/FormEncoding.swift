/// `application/x-www-form-urlencoded` bodies, as HTML forms post them.
public enum FormEncoding {
    /// The fields of `body`, percent-decoded with `+` as a space; a repeated name keeps its
    /// last value.
    public static func fields(_ body: [UInt8]) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let name = pair.prefix { $0 != "=" }
            let value = pair.dropFirst(name.count + 1)
            fields[HTTPRequestTarget.decode(name, plusIsSpace: true)] = HTTPRequestTarget.decode(value, plusIsSpace: true)
        }
        return fields
    }
}
