/// The knobs of cash application, with defaults a controller would accept on day one.
public struct MatchingPolicy: Sendable, Hashable {
    /// Decisions with at least this confidence (per mille) are posted without review.
    public var autoApplyThreshold: Int
    /// The largest shortfall taken as a bank fee, per currency's minor units (default 25.00).
    public var bankFeeTolerance: Int64
    /// Early-payment discount terms: percent (in basis points) taken when paid within `discountDays` of issue.
    public var discountBasisPoints: Int64
    public var discountDays: Int
    /// At most this many open items are combined to explain one payment.
    public var maximumCombinationSize: Int
    /// Only this many of a customer's oldest open items are searched for combinations.
    public var combinationSearchWidth: Int
    /// Among several open items of exactly the payment's amount and no reference, apply to the
    /// oldest (first in, first out), as collectors do; off, such payments go to review.
    public var oldestFirstForEqualAmounts: Bool

    public init(autoApplyThreshold: Int = 900, bankFeeTolerance: Int64 = 2_500, discountBasisPoints: Int64 = 200,
                discountDays: Int = 10, maximumCombinationSize: Int = 4, combinationSearchWidth: Int = 24,
                oldestFirstForEqualAmounts: Bool = true) {
        self.autoApplyThreshold = autoApplyThreshold
        self.bankFeeTolerance = bankFeeTolerance
        self.discountBasisPoints = discountBasisPoints
        self.discountDays = discountDays
        self.maximumCombinationSize = maximumCombinationSize
        self.combinationSearchWidth = combinationSearchWidth
        self.oldestFirstForEqualAmounts = oldestFirstForEqualAmounts
    }
}
