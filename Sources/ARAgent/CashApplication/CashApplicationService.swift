import ARBankFormats
import ARCore

/// Cash application over files, with no database: the engine behind `aragent cash-apply`
/// (CONTRACTS.md) and the same matcher the database-backed flow uses.
public struct CashApplicationService: Sendable {
    public let policy: MatchingPolicy

    public init(policy: MatchingPolicy = MatchingPolicy()) { self.policy = policy }

    /// The credits of a bank file as payments to match; debits are not customer payments and
    /// are left out. A transaction without a bank reference is named by its statement and line.
    public static func payments(from file: BankFile) -> [IncomingPayment] {
        file.statements.flatMap { statement in
            statement.transactions.filter(\.isCredit).map { transaction in
                let id = transaction.bankReference ?? "\(statement.statementID ?? statement.accountID ?? "statement")-line\(transaction.line)"
                let date = transaction.valueDate ?? transaction.bookingDate ?? CalendarDate(daysSinceEpoch: 0)
                return IncomingPayment(id: PaymentID(id), valueDate: date, amount: transaction.amount, payerName: transaction.payerName,
                                       payerAccount: transaction.payerAccount, remittance: transaction.remittance,
                                       references: transaction.structuredReferences + (transaction.endToEndID.map { [$0] } ?? []))
            }
        }
    }

    /// Decides every payment, in value-date order, against the open invoices. Amounts whose
    /// magnitudes together pass Int64 are a ``MoneyOverflow`` before anything is matched, so the
    /// matcher's own sums never can overflow.
    public func apply(customers: [Customer], invoices: [Invoice], history: [HistoricalReceipt],
                      payments: [IncomingPayment]) throws(MoneyOverflow) -> [MatchDecision] {
        try AmountBounds.checkSummable(invoices.map(\.openAmount) + payments.map(\.amount), what: "the open invoices and the payments to match")
        var ledger = CashApplicationLedger(customers: customers, openInvoices: invoices, knowledge: PayerKnowledge(history: history))
        let ordered = payments.enumerated().sorted { ($0.element.valueDate, $0.offset) < ($1.element.valueDate, $1.offset) }.map(\.element)
        return CashMatcher(policy: policy).apply(ordered, to: &ledger)
    }

    /// The CONTRACTS.md output rows: for a posted payment its allocations (`auto`); for one left
    /// for review the allocations of up to three suggestions, best first (`review`); none for an
    /// unmatched one. `reason` is filled for `--explain`.
    public static func rows(_ decisions: [MatchDecision], explain: Bool) -> [[String]] {
        var rows: [[String]] = []
        for decision in decisions {
            let proposals: [MatchProposal]
            switch decision.outcome {
            case .auto: proposals = Array(decision.proposals.prefix(1))
            case .review: proposals = Array(decision.proposals.prefix(3))
            case .unmatched: proposals = []
            }
            for (rank, proposal) in proposals.enumerated() {
                let confidence = MoneyFormat.decimalString(minorUnits: Int64(proposal.confidence), digits: 3)
                for allocation in proposal.allocations {
                    var row = [decision.payment.id.rawValue, allocation.invoice.rawValue, allocation.amount.decimalString,
                               confidence, decision.outcome.rawValue]
                    if explain {
                        var reason = proposal.reasons.joined(separator: "; ")
                        if decision.outcome == .review { reason = "suggestion \(rank + 1) of \(proposals.count): \(reason). \(decision.summary)" }
                        if let adjustment = allocation.adjustment, let why = allocation.adjustmentReason {
                            reason += "; \(adjustment.decimalString) recorded as \(why.rawValue)"
                        }
                        if proposal.unapplied.isPositive { reason += "; \(proposal.unapplied.decimalString) unapplied, held on account" }
                        row.append(reason)
                    }
                    rows.append(row)
                }
            }
        }
        return rows
    }
}
