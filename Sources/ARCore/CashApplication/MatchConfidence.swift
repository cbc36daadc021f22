/// The confidences (per mille) and discounts the matcher gives its explanations, named so that
/// the calibration table of `aragent bench cash` can be read against them. A confidence is
/// meant as the share of such explanations that are right: the auto-post threshold
/// (``MatchingPolicy/autoApplyThreshold``) is chosen against it.
public enum MatchConfidence {
    /// Two or more explanations about equally good (two open invoices of one amount and no
    /// reference, a name that resembles two customers, a shortfall that is a fee as much as a
    /// discount): even odds at best, far below any threshold, every one shown to a person.
    public static let tie = 600
    /// A unique exact completion of a partial remittance list: the named invoices' confidence less
    /// this, and less the second figure for each further invoice it takes (a larger set is more
    /// likely a coincidence).
    public static let completionDiscount = 40
    public static let completionDiscountPerExtraItem = 15
    /// A completion short by a bank fee: many sets of open items lie within a fee of the rest, so
    /// one is a suggestion (a completion short by the discount to the cent is not capped).
    public static let feeCompletion = 850
    /// The named invoices paid and the excess held on account: their confidence less this.
    public static let onAccountDiscount = 80
    /// Held on account although a completion fits: a poor second.
    public static let onAccountRival = 700
    /// Held on account for a payer that is not certain (a name resemblance, no known account).
    public static let onAccountUncertain = 850
    /// Held on account although the excess is large against the payer's open items and history
    /// (1,000,000.00 paying a 100.00 invoice).
    public static let onAccountLarge = 800
    /// The named invoices short by a fee or the discount: their confidence less this.
    public static let shortPaymentDiscount = 40
    /// No reference, one invoice the amount falls short of by a fee or the discount: the payer's
    /// confidence less this, below the threshold, since many amounts lie within a fee of some
    /// open invoice.
    public static let unreferencedShortDiscount = 80
    /// A bank fee on several invoices: which one bears it is a guess.
    public static let feeOnSeveral = 850
    /// Steps of the combination search per payment, so that it never runs away on a large account.
    public static let combinationSearchSteps = 200_000
}
