import ARCore

/// How a source file writes its dates. Exports differ by region (QuickBooks US `1/19/2026`,
/// Xero UK `19/01/2026`), so a column mapping names the format instead of guessing per row.
public enum DateFormat: String, Sendable, CaseIterable {
    /// `2026-01-19`: the CONTRACTS.md format.
    case iso = "YYYY-MM-DD"
    /// `1/19/2026` or `01/19/2026`.
    case monthDayYear = "M/D/YYYY"
    /// `19/1/2026` or `19/01/2026`.
    case dayMonthYear = "D/M/YYYY"
    /// `19.01.2026`.
    case dayMonthYearDots = "D.M.YYYY"
    /// `20260119`.
    case compact = "YYYYMMDD"

    public init?(name: String) {
        let upper = name.uppercased()
        switch upper {
        case "YYYY-MM-DD", "ISO": self = .iso
        case "M/D/YYYY", "MM/DD/YYYY", "US": self = .monthDayYear
        case "D/M/YYYY", "DD/MM/YYYY": self = .dayMonthYear
        case "D.M.YYYY", "DD.MM.YYYY": self = .dayMonthYearDots
        case "YYYYMMDD": self = .compact
        default: return nil
        }
    }

    public func parse(_ bytes: ArraySlice<UInt8>) -> CalendarDate? {
        switch self {
        case .iso: return CalendarDate.parseISO(bytes)
        case .compact:
            guard bytes.count == 8, let y = CalendarDate.digits(bytes, bytes.startIndex, 4),
                  let m = CalendarDate.digits(bytes, bytes.startIndex + 4, 2),
                  let d = CalendarDate.digits(bytes, bytes.startIndex + 6, 2) else { return nil }
            return CalendarDate(year: y, month: m, day: d)
        case .monthDayYear, .dayMonthYear, .dayMonthYearDots:
            let separator = UInt8(ascii: self == .dayMonthYearDots ? "." : "/")
            let parts = bytes.split(separator: separator, omittingEmptySubsequences: false)
            guard parts.count == 3, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count),
                  parts[2].count == 4,
                  let a = CalendarDate.digits(parts[0], parts[0].startIndex, parts[0].count),
                  let b = CalendarDate.digits(parts[1], parts[1].startIndex, parts[1].count),
                  let y = CalendarDate.digits(parts[2], parts[2].startIndex, 4) else { return nil }
            return self == .monthDayYear ? CalendarDate(year: y, month: a, day: b) : CalendarDate(year: y, month: b, day: a)
        }
    }
}
