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

    @Test func doesNotRepeat() {
        let many = (0..<20_000).map { _ in RandomID.uuid() }
        #expect(Set(many).count == many.count)
    }
}
