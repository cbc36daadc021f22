@testable import ARStore
import Foundation
import Testing

@Suite("Timestamps")
struct TimestampTests {
    @Test("instants are written exactly as ISO8601DateFormatter writes them with milliseconds, and sort as text")
    func sameAsFoundation() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var generator = SystemRandomNumberGenerator()
        var instants: [Date] = [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 951_782_400.999),  // 2000-02-29
                                Date(timeIntervalSince1970: 1_798_761_599.5), Date(timeIntervalSince1970: 4_102_444_800)]  // 2026-12-31, 2100-01-01
        for _ in 0..<2_000 { instants.append(Date(timeIntervalSince1970: Double(Int64.random(in: 0...4_102_444_800_000, using: &generator)) / 1_000)) }
        // Between milliseconds, as the clock gives them.
        for _ in 0..<2_000 { instants.append(Date(timeIntervalSince1970: Double(Int64.random(in: 0...4_102_444_800_000_000, using: &generator)) / 1_000_000)) }
        for instant in instants {
            #expect(Timestamp.text(instant) == formatter.string(from: instant), "\(instant.timeIntervalSince1970)")
        }
        let sorted = instants.sorted()
        #expect(sorted.map(Timestamp.text) == sorted.map(Timestamp.text).sorted())
    }
}
