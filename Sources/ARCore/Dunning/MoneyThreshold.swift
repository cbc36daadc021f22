/// An amount of the policy that balances are compared with (the minimum balance, the small
/// balance, the approval amount, the high-value revenue), named in a currency.
///
/// A balance is only ever compared with an amount of its own currency: the threshold's own
/// amount for that currency when the policy gives one; else the base amount when the currency
/// is the base's; else the base amount converted by the user's rate table. When none of these
/// exists there is no threshold for the currency, and that is an error for the caller to
/// report: minor units of different currencies are never compared.
public struct MoneyThreshold: Sendable, Hashable {
    /// The amount in the policy's base currency.
    public var base: Money
    /// The policy's own amounts for other currencies, each keyed by its currency.
    public private(set) var overrides: [Currency: Money]

    public init(_ base: Money, overrides: [Money] = []) {
        self.base = base
        self.overrides = [:]
        for amount in overrides { self.overrides[amount.currency] = amount }
    }

    /// Gives `amount.currency` its own amount (replacing any earlier one).
    public mutating func setOverride(_ amount: Money) {
        overrides[amount.currency] = amount
    }

    /// The amount that applies to a balance in `currency`, and how it was found.
    /// - Parameter name: the threshold's policy key, for the error.
    /// - Throws: ``ThresholdError/noAmount(_:base:)`` when the policy has no amount for the
    ///   currency and no rate to convert one; ``ThresholdError/conversionOverflow(threshold:amount:currency:)``
    ///   when the converted amount does not fit.
    public func applied(to currency: Currency, rates: ExchangeRates, name: String) throws(ThresholdError) -> AppliedThreshold {
        if let own = overrides[currency] { return AppliedThreshold(amount: own, source: currency == base.currency ? .base : .ownAmount) }
        if currency == base.currency { return AppliedThreshold(amount: base, source: .base) }
        guard let path = rates.path(from: base.currency, to: currency) else {
            throw .noAmount([currency: [name]], base: base.currency)
        }
        let converted: Money?
        do { converted = try rates.convert(base, to: currency) } catch {
            throw .conversionOverflow(threshold: name, amount: base, currency: currency)
        }
        guard let converted else { throw .noAmount([currency: [name]], base: base.currency) }
        return AppliedThreshold(amount: converted, source: .converted(from: base, rates: path))
    }
}

/// A threshold as it applies to one currency: the amount and where it came from, for the reason
/// of every decision it makes.
public struct AppliedThreshold: Sendable, Hashable, CustomStringConvertible {
    public enum Source: Sendable, Hashable {
        /// The policy's base amount, the balance being in the base currency.
        case base
        /// The policy's own amount for this currency.
        case ownAmount
        /// The base amount converted by the rates, rounded once (``ThresholdRounding``).
        case converted(from: Money, rates: [ExchangeRate])
    }

    public var amount: Money
    public var source: Source

    public init(amount: Money, source: Source) {
        self.amount = amount
        self.source = source
    }

    /// How the amount was found, in words: `the policy's amount`, `the policy's own EUR amount`,
    /// `50.00 USD converted at 1 EUR = 1.08 USD, rounded half away from zero`.
    public var how: String {
        switch source {
        case .base: "the policy's amount"
        case .ownAmount: "the policy's own \(amount.currency.code) amount"
        case .converted(let from, let rates):
            "\(from) converted at \(rates.map(\.description).joined(separator: " and ")), rounded half away from zero"
        }
    }

    /// `46.30 EUR (50.00 USD converted at 1 EUR = 1.08 USD, rounded half away from zero)`.
    public var description: String { "\(amount) (\(how))" }
}
