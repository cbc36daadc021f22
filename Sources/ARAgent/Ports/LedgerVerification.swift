import ARCore

/// One broken invariant, with the ids of the records involved.
public struct Violation: Sendable, Hashable {
    /// The invariant's name, as in `aragent verify`'s output and the README.
    public var rule: String
    public var ids: [String]
    public var detail: String
    public init(rule: String, ids: [String], detail: String) {
        self.rule = rule
        self.ids = ids
        self.detail = detail
    }
}

/// What `aragent verify` found: how many records each rule looked at, and every violation.
public struct VerificationReport: Sendable, Hashable {
    public var checked: [String: Int]
    public var violations: [Violation]
    public var ok: Bool { violations.isEmpty }
    public init(checked: [String: Int] = [:], violations: [Violation] = []) {
        self.checked = checked
        self.violations = violations
    }
}

/// A disagreement between the ERP's facts and ARAgent's records, shown to a person, never resolved silently.
public struct ReconciliationItem: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// ARAgent applied cash (or wrote off) that the ERP's export does not show yet: post it to the ERP.
        case appliedNotInERP = "applied_not_in_erp"
        /// The ERP says the invoice was paid while ARAgent holds a matching payment unapplied.
        case erpPaidCashUnapplied = "erp_paid_cash_unapplied"
        /// The ERP's open amount and ARAgent's records both reduced the invoice: counted twice.
        case doubleCounted = "double_counted"
        /// ARAgent reversed a payment that the ERP has recorded.
        case reversedStillInERP = "reversed_still_in_erp"
        /// The ERP still flags a dispute that ARAgent's dispute record resolved.
        case disputeResolvedStillFlagged = "dispute_resolved_still_flagged"
    }
    public var kind: Kind
    public var invoice: InvoiceNumber
    public var customerID: CustomerID
    /// The figure the ERP shows and the one ARAgent uses.
    public var erpOpen: Money
    public var open: Money
    /// The amount in question (applied, held, counted twice).
    public var amount: Money
    public var detail: String
    public init(kind: Kind, invoice: InvoiceNumber, customerID: CustomerID, erpOpen: Money, open: Money, amount: Money, detail: String) {
        self.kind = kind
        self.invoice = invoice
        self.customerID = customerID
        self.erpOpen = erpOpen
        self.open = open
        self.amount = amount
        self.detail = detail
    }
}

/// Checks of the live ledger against its invariants, and the ERP/ARAgent reconciliation.
public protocol LedgerVerification: Sendable {
    /// Every invariant over the whole ledger; at most `limit` violations are listed per rule (all are counted).
    func verify(limit: Int) async throws -> VerificationReport
    func reconciliation() async throws -> [ReconciliationItem]
}
