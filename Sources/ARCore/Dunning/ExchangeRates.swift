/// An exchange rate as the user wrote it: an exact decimal (`1.08` is 108 with scale 2), so a
/// threshold converted by it never depends on binary fractions.
public struct DecimalRate: Sendable, Hashable, CustomStringConvertible {
    /// The rate's digits without the point.
    public let units: Int64
    /// How many of those digits are after the point.
    public let scale: Int

    /// No published exchange rate needs more decimals; a longer one is a typo. The bound also keeps
    /// the powers of ten in a conversion small.
    public static let maximumScale = 10

    /// The identity rate: one unit of the quote currency is worth one unit of it.
    public static let one = DecimalRate(checkedUnits: 1, scale: 0)

    private init(checkedUnits: Int64, scale: Int) {
        self.units = checkedUnits
        self.scale = scale
    }

    /// Parses `1.08`, `0.0067`, `150`: digits with at most one point, more than zero.
    public init(parsing text: String) throws(DecimalRateError) {
        let trimmed = text.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        guard !trimmed.isEmpty, trimmed.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: ".") }) else { throw .notADecimal }
        let parts = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, !(parts.first ?? "").isEmpty || parts.count == 2 else { throw .notADecimal }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard fraction.utf8.count <= Self.maximumScale else { throw .tooManyDecimals(allowed: Self.maximumScale) }
        let units: Int64
        do { units = try MoneyFormat.parseMinorUnits(Array(trimmed.utf8)[...], digits: fraction.utf8.count) } catch {
            throw error == .outOfRange ? .outOfRange : .notADecimal
        }
        guard units > 0 else { throw .notPositive }
        self.init(checkedUnits: units, scale: fraction.utf8.count)
    }

    /// `1.08`: the digits as written (trailing zeros kept, so the user recognises the rate).
    public var description: String { MoneyFormat.decimalString(minorUnits: units, digits: scale) }
}

/// Why a rate is not a rate, in words a user can act on.
public enum DecimalRateError: Error, Hashable, Sendable, CustomStringConvertible {
    case notADecimal, notPositive, outOfRange
    case tooManyDecimals(allowed: Int)

    public var description: String {
        switch self {
        case .notADecimal: "is not a decimal rate; write digits with a '.', such as 1.08"
        case .notPositive: "must be more than zero"
        case .outOfRange: "is too large to be a rate"
        case .tooManyDecimals(let allowed): "has more than \(allowed) decimals; no exchange rate needs that many"
        }
    }
}

/// One currency's rate in a table: one `currency` is worth `rate` of `quote`.
public struct ExchangeRate: Sendable, Hashable, CustomStringConvertible {
    public let currency: Currency
    public let quote: Currency
    public let rate: DecimalRate

    /// `1 EUR = 1.08 USD`.
    public var description: String { "1 \(currency.code) = \(rate) \(quote.code)" }
}

/// The rates the user supplies in the policy, all quoted in one currency (the policy's base
/// currency): what one unit of each other currency is worth in it. No rate is ever guessed or
/// fetched: a currency without one has none.
public struct ExchangeRates: Sendable, Hashable {
    public let quote: Currency
    public private(set) var rates: [Currency: DecimalRate]

    public init(quote: Currency, rates: [Currency: DecimalRate] = [:]) {
        self.quote = quote
        self.rates = rates.filter { $0.key != quote }
    }

    /// Sets one currency's rate; the quote currency's own rate is always one and cannot be set.
    /// - Returns: false when `currency` is the quote currency.
    @discardableResult
    public mutating func set(_ rate: DecimalRate, for currency: Currency) -> Bool {
        guard currency != quote else { return false }
        rates[currency] = rate
        return true
    }

    /// The rate of `currency` against the quote currency: one for the quote itself, nil when the table has none.
    public func rate(for currency: Currency) -> ExchangeRate? {
        if currency == quote { return ExchangeRate(currency: currency, quote: quote, rate: .one) }
        return rates[currency].map { ExchangeRate(currency: currency, quote: quote, rate: $0) }
    }

    /// The rates used to convert from one currency to another, in the order applied (one when
    /// either is the quote currency, two otherwise: into the quote currency, then out of it).
    public func path(from source: Currency, to target: Currency) -> [ExchangeRate]? {
        guard let from = rate(for: source), let to = rate(for: target) else { return nil }
        return [from, to].filter { $0.currency != quote }
    }

    /// `amount` expressed in `target`, computed in 128-bit integers from the exact rates and
    /// rounded once (``ThresholdRounding/rounded(_:over:)``) to the target's minor unit.
    /// - Returns: nil when either currency has no rate.
    /// - Throws: ``ConversionOverflow`` when the result (or a step of it) does not fit.
    public func convert(_ amount: Money, to target: Currency) throws(ConversionOverflow) -> Money? {
        if amount.currency == target { return amount }
        guard let from = rate(for: amount.currency)?.rate, let to = rate(for: target)?.rate else { return nil }
        // amount_minor / 10^d(from) × from  =  value in the quote currency;  ÷ to × 10^d(target)  =  target minor units.
        // One fraction, so rounding happens once: amount × from.units × 10^(to.scale + d(target)) / (to.units × 10^(d(from) + from.scale)).
        let numerator = try Self.product([Int128(amount.minorUnits), Int128(from.units), Self.power(to.scale + target.minorUnitDigits)])
        let denominator = try Self.product([Int128(to.units), Self.power(amount.currency.minorUnitDigits + from.scale)])
        guard let minor = Int64(exactly: ThresholdRounding.rounded(numerator, over: denominator)) else { throw ConversionOverflow() }
        return Money(minorUnits: minor, currency: target)
    }

    static func power(_ exponent: Int) -> Int128 {
        // The exponent is at most 2 × maximumScale + the largest minor-unit digits (4): far inside 128 bits.
        var value: Int128 = 1
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    static func product(_ factors: [Int128]) throws(ConversionOverflow) -> Int128 {
        var result: Int128 = 1
        for factor in factors {
            let (next, overflow) = result.multipliedReportingOverflow(by: factor)
            guard !overflow else { throw ConversionOverflow() }
            result = next
        }
        return result
    }
}

/// A conversion whose result does not fit in an amount.
public struct ConversionOverflow: Error, Hashable, Sendable {}

/// The one rounding rule for converted thresholds: to the nearest minor unit, halves away from
/// zero (commercial rounding, the rule a controller checks by hand: 46.295 becomes 46.30).
public enum ThresholdRounding {
    /// `numerator / denominator` rounded half away from zero; the denominator must be positive.
    public static func rounded(_ numerator: Int128, over denominator: Int128) -> Int128 {
        let quotient = numerator / denominator
        let remainder = numerator % denominator
        // |remainder| < denominator ≤ Int128.max, so twice it fits in the unsigned magnitude.
        guard remainder.magnitude * 2 >= denominator.magnitude else { return quotient }
        return numerator < 0 ? quotient - 1 : quotient + 1
    }
}
