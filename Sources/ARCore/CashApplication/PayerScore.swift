/// How strongly each kind of evidence identifies the payer (per mille), in one place so the
/// order of trust can be read and argued about: a bank account that paid only this customer
/// before, then a payer name learned from history, the customer's own name, a name found in
/// free text, an account number written without its prefix, a masked account.
public enum PayerScore {
    /// An account that paid only this customer (nine receipts in ten or more) before.
    public static let soleAccount = 960
    /// An account shared between customers: 700 plus up to 200 by this customer's share.
    public static let sharedAccountBase = 700
    public static let sharedAccountRange = 200
    /// A payer name that paid (almost) only this customer before, and one that paid several.
    public static let soleLearnedName = 920
    public static let sharedLearnedName = 650
    /// The payer name is the customer's name (legal form, case and punctuation aside).
    public static let exactName = 930
    /// A payer name resembling a customer's scores its similarity less this.
    public static let resemblanceDiscount = 100
    /// A subsidiary is paid for by its parent a little less surely than the parent is identified.
    public static let subsidiaryDiscount = 30
    /// Evidence below this does not make a customer a likely payer (nor stop the free-text search).
    public static let likely = 650

    /// A customer's whole name (or an alias that paid only it) found in free text: a little less
    /// than a given payer name, because the text may mention a company in another role.
    public static let textName = 910
    /// A name found in part in free text scores its similarity less this.
    public static let textResemblanceDiscount = 150
    /// An account found in the text without its IBAN or routing prefix (eight digits or more),
    /// that paid only this customer: alone not enough to post on.
    public static let textAccountTail = 880
    public static let sharedTextAccount = 650
    /// A masked account (`****1234`) whose last four digits only this customer's known accounts end in.
    public static let textMaskedAccount = 760
    public static let sharedMaskedAccount = 500
    /// A name found (at least this similar) together with an account of the same customer: each
    /// confirms the other, by this much, up to the ceiling.
    public static let corroboratingSimilarity = 900
    public static let corroborationBonus = 40
    public static let corroboratedCeiling = 970

    static func account(count: Int, of total: Int) -> Int {
        count * 10 >= total * 9 ? soleAccount : sharedAccountBase + sharedAccountRange * count / max(total, 1)
    }
}
