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
    /// oldest (first in, first out), as collectors do, for a customer whose history shows it
    /// paying without references; for anyone else, and with this off, such payments go to review.
    public var oldestFirstForEqualAmounts: Bool
    /// Two payers within this many per mille of each other, not of one family, are a tie: who
    /// paid is then a guess and nothing found by amount alone is posted.
    public var payerTieMargin: Int
    /// Two explanations of different invoices within this many per mille are a tie: review.
    public var explanationTieMargin: Int
    /// An overpayment is held on account without review only when the excess is at most this
    /// share (basis points) of the customer's open items, or at most its largest receipt before.
    public var overpaymentShareOfOpenBasisPoints: Int64

    /// The auto-post threshold chosen on the development set's calibration table (`aragent bench
    /// cash`): the lowest band at or above it was right in every case there.
    public static let defaultAutoApplyThreshold = 900

    public init(autoApplyThreshold: Int = MatchingPolicy.defaultAutoApplyThreshold, bankFeeTolerance: Int64 = 2_500, discountBasisPoints: Int64 = 200,
                discountDays: Int = 10, maximumCombinationSize: Int = 4, combinationSearchWidth: Int = 24,
                oldestFirstForEqualAmounts: Bool = true, payerTieMargin: Int = 50, explanationTieMargin: Int = 20,
                overpaymentShareOfOpenBasisPoints: Int64 = 2_500) {
        self.autoApplyThreshold = autoApplyThreshold
        self.bankFeeTolerance = bankFeeTolerance
        self.discountBasisPoints = discountBasisPoints
        self.discountDays = discountDays
        self.maximumCombinationSize = maximumCombinationSize
        self.combinationSearchWidth = combinationSearchWidth
        self.oldestFirstForEqualAmounts = oldestFirstForEqualAmounts
        self.payerTieMargin = payerTieMargin
        self.explanationTieMargin = explanationTieMargin
        self.overpaymentShareOfOpenBasisPoints = overpaymentShareOfOpenBasisPoints
    }
}
