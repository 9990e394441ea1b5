#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// UUIDs as lowercase strings, from the kernel's `getrandom` through
/// `SystemRandomNumberGenerator`. Foundation's `UUID()` on Linux opens and reads /dev/urandom
/// for every UUID (three system calls, ~50 µs under load), which showed up in the profiles of
/// both the workflow engine and the agent server.
public enum RandomID {
    /// A new random (version 4) UUID, e.g. `"3b241101-e2bb-4255-8caf-4136c566a962"`.
    public static func uuid() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = ((generator.next() as UInt64) & ~0xF000) | 0x4000   // version 4
        return format(high: high, low: generator.next())
    }

    /// A new time-ordered (version 7) UUID: 48 bits of Unix milliseconds, then random bits, so
    /// that IDs made later sort later as text. Used as keys, they land next to each other in a
    /// B-tree instead of on random pages, which keeps the pages a commit dirties few.
    public static func timeOrderedUUID() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let milliseconds = UInt64(now.tv_sec) &* 1000 &+ UInt64(now.tv_nsec / 1_000_000)
        var generator = SystemRandomNumberGenerator()
        let high = (milliseconds << 16) | 0x7000 | ((generator.next() as UInt64) & 0x0FFF)   // version 7
        return format(high: high, low: generator.next())
    }

    /// The 128 bits as text, with the RFC 9562 variant bits set in `low`.
    private static func format(high: UInt64, low: UInt64) -> String {
        let low = (low & ~(0xC000_0000_0000_0000)) | 0x8000_0000_0000_0000
        var text = [UInt8]()
        text.reserveCapacity(36)
        // 8-4-4-4-12 hex digits: dashes before digits 8, 12, 16 and 20 of the 32.
        for digit in 0..<32 {
            if digit == 8 || digit == 12 || digit == 16 || digit == 20 { text.append(UInt8(ascii: "-")) }
            let half = digit < 16 ? high : low
            text.append(hexDigits[Int((half >> UInt64(60 - 4 * (digit % 16))) & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
