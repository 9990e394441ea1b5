import DurableEngine
import Foundation
import Testing

/// `TemporalJSON.time` writes what `ISO8601DateFormatter` with fractional seconds writes.
@Suite struct TemporalJSONTimeTests {
    @Test func matchesFoundationsFormatterOnRandomTimes() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var generator = SystemRandomNumberGenerator()
        var dates = [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 1_796_665_410.999_9),
                     Date(timeIntervalSince1970: 951_782_400.5)]   // 2000-02-29
        for _ in 0..<2_000 { dates.append(Date(timeIntervalSince1970: Double.random(in: 0..<4_102_444_800, using: &generator))) }
        for date in dates {
            #expect(TemporalJSON.time(date) == formatter.string(from: date), "\(date.timeIntervalSince1970)")
        }
    }
}
