import ARCore

/// A decimal amount exactly as a file wrote it, kept until its currency is known.
///
/// MT940 and OFX give the currency apart from the amounts, sometimes after them (an MT940 without
/// `:60F:` names it only in `:62F:`; an OFX entry may carry its own `CURRENCY`), and the currency
/// decides how many minor units the digits mean. So the digits are kept as one integer and a scale,
/// and turned into ``Money`` once the currency is settled: nothing passes through floating point.
struct DecimalAmount: Sendable, Hashable {
    /// Every digit as one integer, sign included: `-12,5` is `-125` with scale 1.
    var units: Int64
    /// How many of the digits come after the decimal separator.
    var scale: Int

    var isNegative: Bool { units < 0 }
    var negated: DecimalAmount { DecimalAmount(units: -units, scale: scale) }

    /// Parses `[+-]digits[separator digits]`, ignoring blanks around it. `separators` are the
    /// bytes accepted as the decimal separator (MT940 allows only `,`, so it passes `,` twice; OFX
    /// writes `.` but European banks write `,`). Thousands separators are not accepted: they
    /// would be ambiguous.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, separators: (UInt8, UInt8), allowSign: Bool) throws(MoneyParseError) -> DecimalAmount {
        var index = 0
        var end = bytes.count
        while index < end, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        while end > index, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        guard index < end else { throw .empty }
        var negative = false
        if allowSign, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        var units: Int64 = 0
        var scale = -1
        var sawDigit = false
        while index < end {
            let byte = bytes[index]
            if byte >= 0x30 && byte <= 0x39 {
                sawDigit = true
                let (times10, overflowA) = units.multipliedReportingOverflow(by: 10)
                let (sum, overflowB) = times10.addingReportingOverflow(Int64(byte - 0x30))
                guard !overflowA && !overflowB else { throw .outOfRange }
                units = sum
                if scale >= 0 { scale += 1 }
            } else if (byte == separators.0 || byte == separators.1) && scale < 0 {
                scale = 0
            } else {
                throw .notANumber
            }
            index += 1
        }
        guard sawDigit else { throw .notANumber }
        return DecimalAmount(units: negative ? -units : units, scale: max(scale, 0))
    }

    /// The amount in minor units of a currency with `digits` minor-unit digits. Extra fraction
    /// digits are accepted only when they are zeros (`12,500` EUR): nothing is rounded.
    func minorUnits(digits: Int) throws(MoneyParseError) -> Int64 {
        var value = units
        var currentScale = scale
        while currentScale > digits {
            guard value % 10 == 0 else { throw .tooManyFractionDigits(allowed: digits) }
            value /= 10
            currentScale -= 1
        }
        while currentScale < digits {
            let (times10, overflow) = value.multipliedReportingOverflow(by: 10)
            guard !overflow else { throw .outOfRange }
            value = times10
            currentScale += 1
        }
        return value
    }

    func money(_ currency: Currency) throws(MoneyParseError) -> Money {
        Money(minorUnits: try minorUnits(digits: currency.minorUnitDigits), currency: currency)
    }
}
