import Foundation
import RandomID
import Testing

@Suite struct RandomIDTests {
    @Test func isAVersion4UUIDInLowercase() throws {
        for _ in 0..<1000 {
            let text = RandomID.uuid()
            let parsed = try #require(UUID(uuidString: text), "\(text) does not parse as a UUID")
            #expect(parsed.uuidString.lowercased() == text)
            let bytes = withUnsafeBytes(of: parsed.uuid) { Array($0) }
            #expect(bytes[6] >> 4 == 4, "version nibble of \(text)")
            #expect(bytes[8] >> 6 == 0b10, "variant bits of \(text)")
        }
    }

    @Test func timeOrderedIDsAreVersion7AndSortByTime() async throws {
        let first = RandomID.timeOrderedUUID()
        try await Task.sleep(for: .milliseconds(3))
        let second = RandomID.timeOrderedUUID()
        #expect(first < second)
        for text in [first, second] {
            let parsed = try #require(UUID(uuidString: text))
            let bytes = withUnsafeBytes(of: parsed.uuid) { Array($0) }
            #expect(bytes[6] >> 4 == 7, "version nibble of \(text)")
            #expect(bytes[8] >> 6 == 0b10, "variant bits of \(text)")
            // The first 48 bits are the Unix time in milliseconds: within a minute of now.
            let milliseconds = bytes[0..<6].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            #expect(abs(Double(milliseconds) / 1000 - Date().timeIntervalSince1970) < 60)
        }
        #expect(Set((0..<10_000).map { _ in RandomID.timeOrderedUUID() }).count == 10_000)
    }

    @Test func doesNotRepeat() {
        let many = (0..<20_000).map { _ in RandomID.uuid() }
        #expect(Set(many).count == many.count)
    }
}
