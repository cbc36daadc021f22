/// A non-money figure (days, a percentage) kept exactly to two decimals: `7371` hundredths is 73.71.
///
/// Ratios such as DSO are computed from integer minor units with ``rounded(_:over:)``, which
/// rounds once, half away from zero, so the figures never depend on floating-point error.
public struct Hundredths: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let value: Int64

    public init(value: Int64) { self.value = value }

    public init(whole: Int64) { self.value = whole * 100 }

    /// `numerator / denominator` rounded half away from zero to two decimals; `nil` when the
    /// denominator is zero, or when the ratio is beyond what two-decimal Int64 holds (±92
    /// quadrillion: DSO over a ledger of absurd amounts against a cent of sales), which a report
    /// shows as "n/a" rather than crashing.
    public static func rounded(_ numerator: Int128, over denominator: Int128) -> Hundredths? {
        guard denominator != 0 else { return nil }
        let (scaledCheck, overflow) = numerator.multipliedReportingOverflow(by: 100)
        guard !overflow, scaledCheck.magnitude / denominator.magnitude < UInt128(Int64.max) else { return nil }
        let scaled = numerator * 100
        let negative = (scaled < 0) != (denominator < 0)
        let n = scaled.magnitude, d = denominator.magnitude
        var quotient = n / d
        if (n % d) * 2 >= d { quotient += 1 }
        let magnitude = Int64(quotient)
        return Hundredths(value: negative ? -magnitude : magnitude)
    }

    /// `73.71`, `-0.50`, `45.00`: also valid as a JSON number.
    public var description: String { MoneyFormat.decimalString(minorUnits: value, digits: 2) }

    public static func < (lhs: Hundredths, rhs: Hundredths) -> Bool { lhs.value < rhs.value }
}
