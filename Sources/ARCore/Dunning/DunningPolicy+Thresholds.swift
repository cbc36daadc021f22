/// The policy's money thresholds: their names, their defaults, and how they are resolved for the
/// currencies a ledger holds.
extension DunningPolicy {
    /// A money threshold of the policy, by the key it has in the policy file.
    public enum Threshold: String, Sendable, Hashable, CaseIterable {
        case minimumBalance = "minimum_balance"
        case smallBalance = "small_balance"
        case approvalAbove = "approval_above"
        case highValueRevenue = "high_value_revenue"
    }

    public subscript(threshold: Threshold) -> MoneyThreshold {
        get {
            switch threshold {
            case .minimumBalance: minimumBalance
            case .smallBalance: smallBalance
            case .approvalAbove: approvalAbove
            case .highValueRevenue: highValueRevenue
            }
        }
        set {
            switch threshold {
            case .minimumBalance: minimumBalance = newValue
            case .smallBalance: smallBalance = newValue
            case .approvalAbove: approvalAbove = newValue
            case .highValueRevenue: highValueRevenue = newValue
            }
        }
    }

    /// The currency the policy's amounts are written in and its rates are quoted in.
    public var baseCurrency: Currency { rates.quote }

    /// The currencies the defaults give amounts of their own, besides the base USD: those most
    /// new installations (and the demo company) invoice in, so a fresh ledger in them is judged
    /// without a rate table. Any other currency needs its own amounts or a rate.
    public static let defaultOwnAmountCurrencies: [Currency] = ["EUR", "GBP"].compactMap { Currency(code: $0) }

    /// A figure in USD and the same figure in each of ``defaultOwnAmountCurrencies`` (all two-digit currencies).
    static func sameFigure(_ minorUnits: Int64) -> MoneyThreshold {
        MoneyThreshold(Money(minorUnits: minorUnits, currency: .usd),
                       overrides: defaultOwnAmountCurrencies.map { Money(minorUnits: minorUnits, currency: $0) })
    }

    /// 50.00: below it a reminder costs more attention than it brings in.
    public static let defaultMinimumBalance = sameFigure(5_000)
    /// 250.00: below it the softer, later `small_balance` path (no agency) applies.
    public static let defaultSmallBalance = sameFigure(25_000)
    /// 50,000.00: an action on more than this is one a person should see before it goes out.
    public static let defaultApprovalAbove = sameFigure(5_000_000)
    /// 1,000,000.00 a year: a relationship worth a call from its owner rather than an automated message.
    public static let defaultHighValueRevenue = sameFigure(100_000_000)

    /// Every threshold the planner needs for these currencies, resolved once: the balance
    /// thresholds (minimum, small, approval) for the currencies of balances, the high-value
    /// revenue for the currencies of revenues.
    /// - Throws: one ``ThresholdError/noAmount(_:base:)`` naming every currency and key that has
    ///   neither an amount of its own nor a rate, or the first conversion that overflows.
    public func thresholds(balances: Set<Currency>, revenues: Set<Currency>) throws(ThresholdError) -> ResolvedThresholds {
        var resolved = ResolvedThresholds()
        var missing: [ThresholdError] = []
        let wanted = balances.sorted().flatMap { currency in [Threshold.minimumBalance, .smallBalance, .approvalAbove].map { ($0, currency) } }
            + revenues.sorted().map { (Threshold.highValueRevenue, $0) }
        for (threshold, currency) in wanted {
            do {
                resolved.table[threshold, default: [:]][currency] = try self[threshold].applied(to: currency, rates: rates, name: threshold.rawValue)
            } catch {
                guard case .noAmount = error else { throw error }
                missing.append(error)
            }
        }
        if let error = ThresholdError.merged(missing) { throw error }
        return resolved
    }
}

/// The thresholds as they apply to each currency of one plan.
public struct ResolvedThresholds: Sendable, Hashable {
    var table: [DunningPolicy.Threshold: [Currency: AppliedThreshold]] = [:]

    /// The threshold for a balance in `currency`.
    /// - Throws: ``ThresholdError/noAmount(_:base:)`` when it was not resolved for that currency.
    public func applied(_ threshold: DunningPolicy.Threshold, in currency: Currency, base: Currency) throws(ThresholdError) -> AppliedThreshold {
        guard let applied = table[threshold]?[currency] else { throw .noAmount([currency: [threshold.rawValue]], base: base) }
        return applied
    }
}
