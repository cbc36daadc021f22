import ARBankFormats
import ARCore

/// What `aragent import statement` did.
public struct StatementImportReport: Sendable {
    public var format: BankFileFormat
    public var credits: Int
    public var debitsSkipped: Int
    public var duplicates: Int
    public var stored: Int
    public var autoApplied: Int
    public var review: Int
    public var unmatched: Int
    public var warnings: [BankFileWarning]
}

/// Imports a bank file into the ledger and applies what it can: stores the new credit lines
/// (an overlapping or repeated statement adds nothing), matches them against the open
/// invoices, posts the confident ones and queues the rest for review.
public struct StatementImportService: Sendable {
    public let store: any CashApplicationStore
    public let policy: MatchingPolicy
    public let actor: String

    public init(store: any CashApplicationStore, policy: MatchingPolicy = MatchingPolicy(), actor: String = "agent") {
        self.store = store
        self.policy = policy
        self.actor = actor
    }

    public func importStatement(bytes: [UInt8], file: String) async throws -> StatementImportReport {
        let bankFile = try BankFileReader.read(bytes)
        var lines: [NewBankTransaction] = []
        var occurrences: [String: Int] = [:]
        var debits = 0
        for statement in bankFile.statements {
            for transaction in statement.transactions {
                guard transaction.isCredit else { debits += 1; continue }
                let account = transaction.accountID ?? statement.accountID ?? ""
                let key: String
                if let reference = transaction.bankReference, !reference.isEmpty {
                    key = "ref|\(account)|\(reference)"
                } else {
                    // No bank reference: the same line in an overlapping statement has the same
                    // content; two identical lines in one file are told apart by their order.
                    let content = "\(account)|\((transaction.valueDate ?? transaction.bookingDate)?.iso ?? "")|\(transaction.amount)|\(transaction.payerName ?? "")|\(transaction.payerAccount ?? "")|\(transaction.remittance ?? "")"
                    occurrences[content, default: 0] += 1
                    key = "content|\(content)|\(occurrences[content]!)"
                }
                let payment = CashApplicationService.payments(from: BankFile(format: bankFile.format, statements: [
                    BankStatement(statementID: statement.statementID, accountID: statement.accountID, transactions: [transaction]),
                ])).first!
                lines.append(NewBankTransaction(naturalKey: key, format: bankFile.format.rawValue, accountID: account.isEmpty ? nil : account,
                                                statementID: transaction.statementID ?? statement.statementID,
                                                bankReference: transaction.bankReference, bookingDate: transaction.bookingDate, payment: payment))
            }
        }
        let (stored, duplicates) = try await store.storeStatement(lines, source: file, fingerprint: Fingerprint.of(bytes), actor: actor)
        var report = StatementImportReport(format: bankFile.format, credits: lines.count, debitsSkipped: debits, duplicates: duplicates,
                                           stored: stored.count, autoApplied: 0, review: 0, unmatched: 0, warnings: bankFile.warnings)
        guard !stored.isEmpty else { return report }
        let decisions = try await match(stored)
        report.autoApplied = decisions.filter { $0.decision.outcome == .auto }.count
        report.review = decisions.filter { $0.decision.outcome == .review }.count
        report.unmatched = decisions.count - report.autoApplied - report.review
        return report
    }

    /// Matches stored transactions against the ledger as it is now and records the decisions.
    @discardableResult
    public func match(_ transactions: [StoredBankTransaction]) async throws -> [(transactionID: Int64, decision: MatchDecision)] {
        let inputs = try await store.matchingInputs()
        let payments = transactions.map { stored in
            var payment = stored.line.payment
            payment.amount = stored.unapplied
            return payment
        }
        let decisions = try CashApplicationService(policy: policy).apply(customers: inputs.customers, invoices: inputs.openInvoices,
                                                                      history: inputs.history, payments: payments)
        let pairs = decisions.map { decision in (transactionID: Int64(decision.payment.id.rawValue) ?? 0, decision: decision) }
        try await store.record(pairs, actor: actor)
        return pairs
    }
}
