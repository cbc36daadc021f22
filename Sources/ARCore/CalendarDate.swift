/// A business date (issue, due, value, promise): a day in the proleptic Gregorian calendar with
/// no time zone. "Today" is decided at the edge, in the company's time zone, and passed in.
///
/// Stored as the number of days since 1970-01-01 so that differences ("days past due") are a
/// subtraction and comparisons are integer comparisons.
public struct CalendarDate: Hashable, Sendable, Comparable, CustomStringConvertible, Strideable {
    public let daysSinceEpoch: Int32

    public init(daysSinceEpoch: Int32) { self.daysSinceEpoch = daysSinceEpoch }

    /// `nil` when the day does not exist (2023-02-30, month 13).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...CalendarDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.daysSinceEpoch = Int32(CalendarDate.daysFromCivil(year: year, month: month, day: day))
    }

    /// Parses `YYYY-MM-DD`.
    public init?(iso text: String) {
        guard let date = CalendarDate.parseISO(Array(text.utf8)[...]) else { return nil }
        self = date
    }

    public var year: Int { components.year }
    public var month: Int { components.month }
    public var day: Int { components.day }

    public var components: (year: Int, month: Int, day: Int) {
        CalendarDate.civilFromDays(Int(daysSinceEpoch))
    }

    /// `YYYY-MM-DD`. Written byte by byte: imports and reports format millions of dates, and a
    /// ten-byte string is stored inline, without a heap allocation.
    public var iso: String {
        let (y, m, d) = components
        return String(unsafeUninitializedCapacity: 10) { buffer in
            func put(_ value: Int, at offset: Int, width: Int) {
                var rest = value
                for index in stride(from: offset + width - 1, through: offset, by: -1) {
                    buffer[index] = UInt8(0x30 + rest % 10)
                    rest /= 10
                }
            }
            put(y, at: 0, width: 4)
            buffer[4] = UInt8(ascii: "-")
            put(m, at: 5, width: 2)
            buffer[7] = UInt8(ascii: "-")
            put(d, at: 8, width: 2)
            return 10
        }
    }

    public var description: String { iso }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }

    public func distance(to other: CalendarDate) -> Int { Int(other.daysSinceEpoch) - Int(daysSinceEpoch) }
    public func advanced(by days: Int) -> CalendarDate { CalendarDate(daysSinceEpoch: daysSinceEpoch + Int32(days)) }

    /// Days from `other` to `self`: positive when `self` is later. `asOf.days(since: due)` is days past due.
    public func days(since other: CalendarDate) -> Int { other.distance(to: self) }

    public func adding(days: Int) -> CalendarDate { advanced(by: days) }

    /// The first day of this date's month.
    public var startOfMonth: CalendarDate {
        let (y, m, _) = components
        return CalendarDate(daysSinceEpoch: Int32(CalendarDate.daysFromCivil(year: y, month: m, day: 1)))
    }

    /// The last day of the previous month.
    public var endOfPreviousMonth: CalendarDate { startOfMonth.advanced(by: -1) }

    /// Adds calendar months, clamping the day to the target month's length (Jan 31 + 1 month = Feb 28/29).
    public func adding(months: Int) -> CalendarDate {
        let (y, m, d) = components
        let total = y * 12 + (m - 1) + months
        let year = total / 12
        let month = total % 12 + 1
        let day = min(d, CalendarDate.daysIn(month: month, year: year))
        return CalendarDate(daysSinceEpoch: Int32(CalendarDate.daysFromCivil(year: year, month: month, day: day)))
    }

    /// 0 = Monday … 6 = Sunday.
    public var weekdayIndex: Int {
        // 1970-01-01 was a Thursday (index 3).
        let value = (Int(daysSinceEpoch) + 3) % 7
        return value < 0 ? value + 7 : value
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    /// Parses `YYYY-MM-DD` from raw bytes without allocating: the CSV importer's hot path.
    public static func parseISO(_ bytes: ArraySlice<UInt8>) -> CalendarDate? {
        guard bytes.count == 10 else { return nil }
        let b = bytes.startIndex
        guard bytes[b + 4] == UInt8(ascii: "-"), bytes[b + 7] == UInt8(ascii: "-"),
              let y = digits(bytes, b, 4), let m = digits(bytes, b + 5, 2), let d = digits(bytes, b + 8, 2)
        else { return nil }
        return CalendarDate(year: y, month: m, day: d)
    }

    /// Reads `count` ASCII digits starting at `start`; `nil` if any is not a digit.
    public static func digits(_ bytes: ArraySlice<UInt8>, _ start: Int, _ count: Int) -> Int? {
        var value = 0
        for index in start..<(start + count) {
            let byte = bytes[index]
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    // Howard Hinnant's days_from_civil / civil_from_days: exact for the proleptic Gregorian calendar.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
