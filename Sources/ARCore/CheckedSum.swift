/// A sum or difference of amounts that does not fit in the 64-bit minor units ARAgent holds
/// money in (±92,233,720,368,547,758.07 in a two-digit currency).
///
/// Amounts are checked at every addition instead of trapping: a hostile or mistaken file with
/// amounts whose total passes Int64 is an error a person can act on, never a crash. The error
/// carries both operands, so the message shows the values; `context` says what was being summed
/// (a customer's open invoices, a statement's lines) and, where the input came from a file,
/// `location` says the file and line.
public struct MoneyOverflow: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Operation: String, Sendable {
        case adding, subtracting, negating
    }

    public let operation: Operation
    /// The running value, in minor units.
    public let lhs: Int64
    /// The value added or subtracted, in minor units (0 when negating).
    public let rhs: Int64
    /// The currency of both, when known (sums of bare minor units have none).
    public let currency: Currency?
    /// What was being computed: "the open invoices of customer C1".
    public var context: String?
    /// Where the values came from: `statement.xml:12`, when the input was a file.
    public var location: String?

    public init(operation: Operation, lhs: Int64, rhs: Int64, currency: Currency?, context: String? = nil, location: String? = nil) {
        self.operation = operation
        self.lhs = lhs
        self.rhs = rhs
        self.currency = currency
        self.context = context
        self.location = location
    }

    /// The same overflow, saying what was being summed (the innermost context is kept).
    public func summing(_ context: String) -> MoneyOverflow {
        var copy = self
        copy.context = copy.context.map { "\(context): \($0)" } ?? context
        return copy
    }

    /// The same overflow, saying where its input came from.
    public func at(_ location: String) -> MoneyOverflow {
        var copy = self
        if copy.location == nil { copy.location = location }
        return copy
    }

    private func shown(_ minor: Int64) -> String {
        guard let currency else { return "\(minor) minor units" }
        return Money(minorUnits: minor, currency: currency).description
    }

    public var description: String {
        let what: String
        switch operation {
        case .adding: what = "adding \(shown(rhs)) to \(shown(lhs))"
        case .subtracting: what = "subtracting \(shown(rhs)) from \(shown(lhs))"
        case .negating: what = "negating \(shown(lhs))"
        }
        let limit = currency.map { Money(minorUnits: Int64.max, currency: $0).description } ?? "\(Int64.max) minor units"
        let prefix = [location, context].compactMap { $0 }.joined(separator: ": ")
        return (prefix.isEmpty ? "" : prefix + ": ")
            + "\(what) goes beyond ±\(limit), the largest amount that can be held exactly; "
            + "an amount in the input is far too large (amounts above \(currency.map { Money.maximumAmount(in: $0).decimalString } ?? "999999999999.99") are refused at import): correct it at the source"
    }
}

extension Int64 {
    /// `self + other`, or a ``MoneyOverflow`` naming both when the sum does not fit.
    @inlinable
    public func checkedAdding(_ other: Int64, currency: Currency? = nil) throws(MoneyOverflow) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        guard !overflow else { throw MoneyOverflow(operation: .adding, lhs: self, rhs: other, currency: currency) }
        return sum
    }

    /// `self - other`, or a ``MoneyOverflow`` naming both when the difference does not fit.
    @inlinable
    public func checkedSubtracting(_ other: Int64, currency: Currency? = nil) throws(MoneyOverflow) -> Int64 {
        let (difference, overflow) = subtractingReportingOverflow(other)
        guard !overflow else { throw MoneyOverflow(operation: .subtracting, lhs: self, rhs: other, currency: currency) }
        return difference
    }
}

extension Sequence where Element == Int64 {
    /// The exact sum of minor units, or a ``MoneyOverflow`` at the first addition that does not fit.
    @inlinable
    public func checkedSum(currency: Currency? = nil) throws(MoneyOverflow) -> Int64 {
        var total: Int64 = 0
        for value in self { total = try total.checkedAdding(value, currency: currency) }
        return total
    }
}

extension Sequence where Element == Money {
    /// The exact sum, in `currency` (the result when the sequence is empty), or a
    /// ``MoneyOverflow`` at the first addition that does not fit. Mixing currencies is a
    /// programming error, as with ``Money/adding(_:)``.
    @inlinable
    public func checkedSum(in currency: Currency) throws(MoneyOverflow) -> Money {
        var total = Money.zero(currency)
        for value in self { total = try total.adding(value) }
        return total
    }
}

/// The check that lets pure code (the planner, the matcher) add amounts without failing: when
/// the magnitudes of all the amounts it is given add up within Int64, every sum and difference of
/// any of them does too. Services run it on what they hand in, so an absurd ledger (amounts stored
/// before imports refused them) is one clear error up front instead of a trap deep inside.
public enum AmountBounds {
    /// Throws a ``MoneyOverflow`` saying `what` unless the magnitudes of `amounts` add up within
    /// Int64, per currency and across all currencies together.
    public static func checkSummable(_ amounts: some Sequence<Money>, what: String) throws(MoneyOverflow) {
        var perCurrency: [Currency: Int64] = [:]
        for amount in amounts {
            guard amount.minorUnits != .min else {
                throw MoneyOverflow(operation: .negating, lhs: amount.minorUnits, rhs: 0, currency: amount.currency).summing(what)
            }
            let running = perCurrency[amount.currency] ?? 0
            do {
                perCurrency[amount.currency] = try running.checkedAdding(abs(amount.minorUnits), currency: amount.currency)
            } catch {
                throw error.summing("\(what) in \(amount.currency)")
            }
        }
        var all: Int64 = 0
        for (currency, total) in perCurrency.sorted(by: { $0.key < $1.key }) {
            do { all = try all.checkedAdding(total) } catch { throw error.summing("\(what), all currencies together (at \(currency))") }
        }
    }
}
