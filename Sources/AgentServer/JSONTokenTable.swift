/// Shortens the JSON of a packed task by replacing the member names and fixed values that every
/// task repeats with one byte each. The bytes 0xF5 to 0xFF never occur in UTF-8, so they cannot
/// be confused with the JSON's own bytes, and expanding them gives the JSON back exactly. An
/// ordinary task's JSON shrinks by about a third (600 to 420 bytes).
enum JSONTokenTable {
    /// The texts, each replaced by 0xF5 plus its index. Where one text begins another, the
    /// longer comes first.
    private static let texts: [[UInt8]] = [
        #"{"artifacts":[{"artifactId":""#,
        #"],"contextId":"","history":[{"#,
        #""parts":[{"text":""#,
        #"],"role":"ROLE_USER"}"#,
        #"],"role":"ROLE_AGENT"}"#,
        #"],"id":"","status":{"#,
        #""state":"TASK_STATE_"#,
        #""messageId":""#,
        #""name":""#,
        #""metadata":{"#,
        #""}]}"#,
    ].map { Array($0.utf8) }

    private static let first: UInt8 = 0xF5

    /// `json` with every text of the table replaced by its byte.
    static func shorten(_ json: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(json.count)
        json.withUnsafeBufferPointer { input in
            var index = 0
            scanning: while index < input.count {
                let byte = input[index]
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "]") {
                    for (offset, text) in texts.enumerated() where text[0] == byte && index + text.count <= input.count
                        && input[index..<index + text.count].elementsEqual(text) {
                        output.append(first + UInt8(offset))
                        index += text.count
                        continue scanning
                    }
                }
                output.append(byte)
                index += 1
            }
        }
        return output
    }

    /// The JSON that `shorten` was given.
    static func expand(_ shortened: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(shortened.count + shortened.count / 2)
        for byte in shortened {
            if byte >= first, Int(byte - first) < texts.count {
                output.append(contentsOf: texts[Int(byte - first)])
            } else {
                output.append(byte)
            }
        }
        return output
    }
}
