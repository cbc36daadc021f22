/// An exact amount of one currency, held as a whole number of minor units (cents, pence, yen).
///
/// Money never passes through floating point: it is parsed from and formatted to decimal
/// strings digit by digit, added and subtracted only within one currency (mixing currencies is
/// a programming error caught by a precondition) and only with a check for overflow (`try a + b`,
/// ``checkedSum(in:)``), and split with ``allocate(_:)`` so that the parts always add up to the whole.
public struct Money: Hashable, Sendable, CustomStringConvertible {
    public let minorUnits: Int64
    public let currency: Currency

    public init(minorUnits: Int64, currency: Currency) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    public static func zero(_ currency: Currency) -> Money { Money(minorUnits: 0, currency: currency) }

    public var isZero: Bool { minorUnits == 0 }
    public var isNegative: Bool { minorUnits < 0 }
    public var isPositive: Bool { minorUnits > 0 }

    /// The amount as a decimal string with exactly the currency's minor-unit digits: `1234.50`.
    public var decimalString: String {
        MoneyFormat.decimalString(minorUnits: minorUnits, digits: currency.minorUnitDigits)
    }

    /// `1234.50 USD`: for messages and logs.
    public var description: String { "\(decimalString) \(currency.code)" }

    /// Parses a decimal string (`1234.5`, `-12.00`, `+3`) in this currency. More fraction digits
    /// than the currency has are an error unless they are zeros: nothing is rounded silently.
    public init(parsing text: String, currency: Currency) throws(MoneyParseError) {
        let minor = try MoneyFormat.parseMinorUnits(Array(text.utf8)[...], digits: currency.minorUnitDigits)
        self.init(minorUnits: minor, currency: currency)
    }

    /// `self + other`, checked: a sum beyond Int64 is a ``MoneyOverflow`` naming both values,
    /// never a trap. Mixing currencies is a programming error caught by a precondition.
    @inlinable
    public func adding(_ other: Money) throws(MoneyOverflow) -> Money {
        precondition(currency == other.currency, "adding \(other.currency) to \(currency)")
        return Money(minorUnits: try minorUnits.checkedAdding(other.minorUnits, currency: currency), currency: currency)
    }

    /// `self - other`, checked like ``adding(_:)``.
    @inlinable
    public func subtracting(_ other: Money) throws(MoneyOverflow) -> Money {
        precondition(currency == other.currency, "subtracting \(other.currency) from \(currency)")
        return Money(minorUnits: try minorUnits.checkedSubtracting(other.minorUnits, currency: currency), currency: currency)
    }

    /// `-self`, checked: the one Int64 value without a negative (`Int64.min`) is an overflow.
    @inlinable
    public func negated() throws(MoneyOverflow) -> Money {
        guard minorUnits != .min else { throw MoneyOverflow(operation: .negating, lhs: minorUnits, rhs: 0, currency: currency) }
        return Money(minorUnits: -minorUnits, currency: currency)
    }

    // The operators are the checked methods: `try a + b`. They throw rather than trap, so the
    // compiler finds every sum of amounts that does not say what happens when it overflows.

    @inlinable
    public static func + (lhs: Money, rhs: Money) throws(MoneyOverflow) -> Money { try lhs.adding(rhs) }

    @inlinable
    public static func - (lhs: Money, rhs: Money) throws(MoneyOverflow) -> Money { try lhs.subtracting(rhs) }

    @inlinable
    public static prefix func - (value: Money) throws(MoneyOverflow) -> Money { try value.negated() }

    @inlinable
    public static func += (lhs: inout Money, rhs: Money) throws(MoneyOverflow) { lhs = try lhs.adding(rhs) }

    @inlinable
    public static func -= (lhs: inout Money, rhs: Money) throws(MoneyOverflow) { lhs = try lhs.subtracting(rhs) }

    /// The largest amount ARAgent accepts from an input file (invoices, customers' limits and
    /// revenue, history, bank statements), by the currency's digits: 999,999,999,999.99 in a
    /// two-digit currency, 999,999,999,999 yen, 999,999,999,999.999 dinar.
    ///
    /// Why twelve whole digits: no real invoice or bank line comes near it (the largest single
    /// payments are in the tens of billions), it is refused with the file, line and column
    /// instead of being stored, and 92,000 such amounts still add up inside Int64, so the sums
    /// that reports and matching compute stay exact. Sums are checked all the same.
    public static let maximumWholeDigits = 12

    /// ``maximumWholeDigits`` in `currency`: ten to the power of (12 + its digits), less one minor unit.
    public static func maximumAmount(in currency: Currency) -> Money {
        var limit: Int64 = 1
        for _ in 0..<(maximumWholeDigits + currency.minorUnitDigits) { limit *= 10 }
        return Money(minorUnits: limit - 1, currency: currency)
    }

    /// Whether the amount's magnitude is at most ``maximumAmount(in:)``.
    public var isWithinImportLimit: Bool {
        minorUnits.magnitude <= Money.maximumAmount(in: currency).minorUnits.magnitude
    }

    /// Splits the amount in proportion to `ratios` so that the parts add up exactly to the whole.
    ///
    /// Each part first gets the floor of its share; the minor units left over go one each to the
    /// parts with the largest remainders (ties to the earlier part): the largest-remainder rule, so
    /// `10.00` in three equal parts is `3.34, 3.33, 3.33`. Ratios must be non-negative and not all zero.
    public func allocate(_ ratios: [Int64]) -> [Money] {
        precondition(!ratios.isEmpty && ratios.allSatisfy { $0 >= 0 }, "ratios must be non-negative")
        let total = ratios.reduce(Int128(0)) { $0 + Int128($1) }
        precondition(total > 0, "ratios must not all be zero")
        let whole = Int128(minorUnits)
        var parts = ratios.map { whole * Int128($0) / total }
        var remainders = ratios.enumerated().map { index, ratio in
            (index: index, remainder: abs(whole * Int128(ratio) % total))
        }
        var leftover = whole - parts.reduce(0, +)
        remainders.sort { $0.remainder != $1.remainder ? $0.remainder > $1.remainder : $0.index < $1.index }
        let step: Int128 = leftover >= 0 ? 1 : -1
        var cursor = 0
        while leftover != 0 {
            parts[remainders[cursor % remainders.count].index] += step
            leftover -= step
            cursor += 1
        }
        return parts.map { Money(minorUnits: Int64($0), currency: currency) }
    }

    /// Splits the amount into `count` parts as equal as possible.
    public func allocate(evenly count: Int) -> [Money] {
        allocate(Array(repeating: 1, count: count))
    }
}

extension Money: Comparable {
    public static func < (lhs: Money, rhs: Money) -> Bool {
        precondition(lhs.currency == rhs.currency, "comparing \(lhs.currency) with \(rhs.currency)")
        return lhs.minorUnits < rhs.minorUnits
    }
}

/// Why a decimal string is not an amount, in words a user can act on.
public enum MoneyParseError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case notANumber
    case tooManyFractionDigits(allowed: Int)
    case outOfRange

    public var description: String {
        switch self {
        case .empty: "is empty; write an amount such as 1234.50"
        case .notANumber: "is not a decimal amount; write digits with a '.' before the cents, such as 1234.50"
        case .tooManyFractionDigits(let allowed):
            "has more than \(allowed) digits after the decimal point for its currency; round it in the source"
        case .outOfRange: "is too large to be an amount"
        }
    }
}

/// Digit-by-digit conversion between decimal text and minor units, shared by the CSV importer
/// (which parses bytes straight from the file) and ``Money``.
public enum MoneyFormat {
    /// Parses `[+-]digits[.digits]` into minor units with `digits` fraction digits.
    public static func parseMinorUnits(_ bytes: ArraySlice<UInt8>, digits: Int) throws(MoneyParseError) -> Int64 {
        var index = bytes.startIndex
        let end = bytes.endIndex
        // Surrounding blanks are common in exports and carry no meaning.
        while index < end, bytes[index] == 0x20 { index += 1 }
        var last = end
        while last > index, bytes[last - 1] == 0x20 { last -= 1 }
        guard index < last else { throw .empty }
        var negative = false
        if bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        var value: Int64 = 0
        var sawDigit = false
        var fractionDigits = -1
        while index < last {
            let byte = bytes[index]
            if byte == UInt8(ascii: ".") {
                guard fractionDigits < 0 else { throw .notANumber }
                fractionDigits = 0
            } else if byte >= 0x30 && byte <= 0x39 {
                sawDigit = true
                let digit = Int64(byte - 0x30)
                if fractionDigits >= 0 {
                    fractionDigits += 1
                    if fractionDigits > digits {
                        guard digit == 0 else { throw .tooManyFractionDigits(allowed: digits) }
                        index += 1
                        continue
                    }
                }
                let (times10, overflowA) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflowB) = times10.addingReportingOverflow(digit)
                guard !overflowA && !overflowB else { throw .outOfRange }
                value = sum
            } else {
                throw .notANumber
            }
            index += 1
        }
        guard sawDigit else { throw .notANumber }
        var scale = max(fractionDigits, 0)
        while scale < digits {
            let (times10, overflow) = value.multipliedReportingOverflow(by: 10)
            guard !overflow else { throw .outOfRange }
            value = times10
            scale += 1
        }
        return negative ? -value : value
    }

    public static func decimalString(minorUnits: Int64, digits: Int) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        appendDecimal(minorUnits: minorUnits, digits: digits, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The decimal text of ``decimalString(minorUnits:digits:)``, appended to `bytes`: a report
    /// writes a million amounts, and making a string of each was a tenth of its time.
    public static func appendDecimal(minorUnits: Int64, digits: Int, to bytes: inout [UInt8]) {
        if minorUnits < 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = minorUnits.magnitude
        // Every digit, least significant first (at most 20 for a UInt64, and zeros up to one
        // whole digit before the point: 0.05, not .05), on the stack.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(21, digits + 1)) { reversed in
            var count = 0
            var rest = magnitude
            repeat {
                reversed[count] = UInt8(ascii: "0") + UInt8(rest % 10)
                count += 1
                rest /= 10
            } while rest > 0
            while count < digits + 1 {
                reversed[count] = UInt8(ascii: "0")
                count += 1
            }
            for position in stride(from: count - 1, through: 0, by: -1) {
                bytes.append(reversed[position])
                if position == digits && digits > 0 { bytes.append(UInt8(ascii: ".")) }
            }
        }
    }
}
