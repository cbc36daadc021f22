/// What a customer disputes: the `dispute_*` labels of CONTRACTS.md without the prefix, and
/// `unspecified` for a dispute the ERP's export flags without saying why.
public enum DisputeType: String, Sendable, Hashable, CaseIterable {
    case notReceived = "not_received", pricing, quality, duplicate, tax, unspecified

    /// The types a person may name (`unspecified` is what imports use).
    public static let namedByPeople: [DisputeType] = allCases.filter { $0 != .unspecified }
}

/// How a dispute ended.
public enum DisputeOutcome: String, Sendable, Hashable, CaseIterable {
    /// The customer was right, in part or whole: a credit note reduces what is owed.
    case creditNote = "credit_note"
    /// The invoice is corrected and billed again in the ERP; the original is chased as the ERP's
    /// export shows it until the ERP closes or changes it.
    case rebill
    /// What is owed is given up, in part or whole.
    case writeOff = "write_off"
    /// The customer was wrong: the invoice is owed as it stands and chasing resumes.
    case rejected
    /// The ERP's export no longer flags an invoice it had flagged as disputed (imports only).
    case erpCleared = "erp_cleared"

    /// The outcomes a person records with `aragent dispute resolve`.
    public static let chosenByPeople: [DisputeOutcome] = [.creditNote, .rebill, .writeOff, .rejected]

    /// The adjustment an outcome records on the invoice, if any.
    public var adjustmentKind: AdjustmentKind? {
        switch self {
        case .creditNote: .creditNote
        case .writeOff: .writeOff
        case .rebill, .rejected, .erpCleared: nil
        }
    }
}

/// An amount taken off an invoice by ARAgent (not cash): it counts against the ERP's open amount
/// until the ERP's export reflects it (``OpenAmountRule``).
public enum AdjustmentKind: String, Sendable, Hashable, CaseIterable {
    case writeOff = "write_off", creditNote = "credit_note"
}
