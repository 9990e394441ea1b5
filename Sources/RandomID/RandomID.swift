/// Random (version 4) UUIDs as lowercase strings, from the kernel's `getrandom` through
/// `SystemRandomNumberGenerator`. Foundation's `UUID()` on Linux opens and reads /dev/urandom
/// for every UUID (three system calls, ~50 µs under load), which showed up in the profiles of
/// both the workflow engine and the agent server.
public enum RandomID {
    /// A new random UUID, e.g. `"3b241101-e2bb-4255-8caf-4136c566a962"`.
    public static func uuid() -> String {
        var generator = SystemRandomNumberGenerator()
        var high = generator.next() as UInt64
        var low = generator.next() as UInt64
        high = (high & ~0xF000) | 0x4000                            // version 4
        low = (low & ~(0xC000_0000_0000_0000)) | 0x8000_0000_0000_0000  // RFC 4122 variant
        var text = [UInt8]()
        text.reserveCapacity(36)
        for (index, shift) in stride(from: 60, through: 0, by: -4).enumerated() {
            if index == 8 || index == 12 { text.append(UInt8(ascii: "-")) }
            text.append(hexDigits[Int((high >> UInt64(shift)) & 0xF)])
        }
        for (index, shift) in stride(from: 60, through: 0, by: -4).enumerated() {
            if index == 0 || index == 4 { text.append(UInt8(ascii: "-")) }
            text.append(hexDigits[Int((low >> UInt64(shift)) & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
