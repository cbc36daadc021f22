import ARCore
import Foundation

/// Instants are UTC, written ISO 8601 with milliseconds so that they sort as text
/// (`2026-12-03T07:20:05.123Z`, as `ISO8601DateFormatter` writes them with fractional seconds).
enum Timestamp {
    static func now() -> String { text(Date()) }

    /// Written by hand: every state change stamps its audit entries, and creating an
    /// `ISO8601DateFormatter` for each cost a tenth of reading a reply into the ledger.
    static func text(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1_000).rounded())
        let (days, inDay) = milliseconds.quotientAndRemainder(dividingBy: 86_400_000)
        let dayStart = inDay < 0 ? days - 1 : days
        let within = inDay < 0 ? inDay + 86_400_000 : inDay
        let day = CalendarDate(daysSinceEpoch: Int32(clamping: dayStart))
        func pad(_ value: Int64, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let hours = within / 3_600_000, minutes = within / 60_000 % 60, seconds = within / 1_000 % 60, millis = within % 1_000
        return "\(day.iso)T\(pad(hours, 2)):\(pad(minutes, 2)):\(pad(seconds, 2)).\(pad(millis, 3))Z"
    }
}
