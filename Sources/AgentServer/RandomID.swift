import Foundation

/// Random (version 4) UUIDs in lowercase text, for task, context, artifact and message ids.
/// Foundation's `UUID()` opens, reads and closes `/dev/urandom` on every call on Linux; this
/// takes the 16 bytes from the C library's `arc4random_buf` (the kernel's `getrandom`) and
/// formats them directly.
enum RandomID {
    /// A new id such as `3f2b6c1e-9a4d-4e7f-8b21-0c5d9e8f7a61`.
    static func uuid() -> String {
        var bytes: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &bytes) { arc4random_buf($0.baseAddress!, $0.count) }
        return withUnsafeMutableBytes(of: &bytes) { raw in
            raw[6] = (raw[6] & 0x0F) | 0x40  // version 4
            raw[8] = (raw[8] & 0x3F) | 0x80  // RFC 4122 variant
            return String(unsafeUninitializedCapacity: 36) { text in
                var index = 0
                for (position, byte) in raw.enumerated() {
                    if position == 4 || position == 6 || position == 8 || position == 10 {
                        text[index] = UInt8(ascii: "-")
                        index += 1
                    }
                    text[index] = hexDigits[Int(byte >> 4)]
                    text[index + 1] = hexDigits[Int(byte & 0x0F)]
                    index += 2
                }
                return index
            }
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
