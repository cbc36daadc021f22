import ARBankFormats
import ARCore

/// What `aragent import statement` did.
public struct StatementImportReport: Sendable {
    public var format: BankFileFormat
    public var credits: Int
    public var debitsSkipped: Int
    public var duplicates: Int
    public var stored: Int
    /// Lines an earlier import stored but never matched (it was interrupted), matched now.
    public var recovered: Int
    public var autoApplied: Int
    public var review: Int
    public var unmatched: Int
    public var warnings: [BankFileWarning]
}

/// One line the matcher decided, and what recording the decision did.
public struct MatchedLine: Sendable {
    public var transactionID: Int64
    public var decision: MatchDecision
    public var recorded: RecordedDecision
}

/// What `aragent rematch` did: each line it matched again, with its status before and after.
public struct RematchReport: Sendable {
    public var lines: [(line: StoredBankTransaction, recorded: RecordedDecision)]

    public func count(_ statuses: Set<TransactionStatus>) -> Int { lines.filter { $0.recorded.to.map(statuses.contains) ?? false }.count }
    /// Lines a person decided while the matcher ran, left as the person left them.
    public var leftAlone: Int { lines.filter { $0.recorded.to == nil }.count }
}

/// Imports a bank file into the ledger and applies what it can: stores the new credit lines
/// (an overlapping or repeated statement adds nothing), then matches every line still `new`
/// (its own, and any an interrupted import left behind) against the open invoices, posts the
/// confident ones and queues the rest for review. `rematch` matches again the lines nobody has
/// decided yet, after new invoices or history arrived.
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
        let lines = try Self.lines(of: bankFile)
        let (stored, duplicates) = try await store.storeStatement(lines.lines, source: file, fingerprint: Fingerprint.of(bytes), actor: actor)
        // Every line still `new`, not only this file's: storing and matching are two steps, and a
        // crash between them must not strand the lines an earlier import stored.
        let pending = try await store.transactions(status: .new)
        let own = Set(stored.map(\.id))
        var report = StatementImportReport(format: bankFile.format, credits: lines.lines.count, debitsSkipped: lines.debits, duplicates: duplicates,
                                           stored: stored.count, recovered: pending.filter { !own.contains($0.id) }.count,
                                           autoApplied: 0, review: 0, unmatched: 0, warnings: bankFile.warnings)
        guard !pending.isEmpty else { return report }
        let matched = try await match(pending, context: "import of \(file)")
        report.autoApplied = matched.filter { [.applied, .partiallyApplied].contains($0.recorded.to) }.count
        report.review = matched.filter { $0.recorded.to == .review }.count
        report.unmatched = matched.filter { $0.recorded.to == .unmatched }.count
        return report
    }

    /// Matches again every line in `new`, `unmatched` or `review` (value date on or after
    /// `since`, when given) against the ledger as it is now. Lines a person applied or rejected
    /// are never touched.
    public func rematch(since: CalendarDate?) async throws -> RematchReport {
        let lines = try await store.matchable(since: since)
        guard !lines.isEmpty else { return RematchReport(lines: []) }
        let matched = try await match(lines, context: "rematch\(since.map { " --since \($0.iso)" } ?? "")")
        let byID = Dictionary(lines.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return RematchReport(lines: matched.compactMap { result in byID[result.transactionID].map { ($0, result.recorded) } })
    }

    /// Matches stored transactions against the ledger as it is now and records the decisions.
    @discardableResult
    public func match(_ transactions: [StoredBankTransaction], context: String = "matching") async throws -> [MatchedLine] {
        let first = try await matchOnce(transactions, context: context)
        // Lines of one batch are matched against the ledger as it was before the batch: a line
        // sent to review may suggest an invoice that another line of the same batch has just
        // paid. Those lines are matched once more against the ledger as it is now, so a person
        // is never offered a suggestion that can no longer be applied.
        let paid = Set(first.filter { [.applied, .partiallyApplied].contains($0.recorded.to) }.flatMap { $0.decision.applied?.invoices ?? [] })
        let stale = Set(first.filter { line in
            line.recorded.to == .review && line.decision.proposals.contains { !paid.isDisjoint(with: $0.invoices) }
        }.map(\.transactionID))
        guard !stale.isEmpty else { return first }
        var again: [StoredBankTransaction] = []
        for id in stale.sorted() { if let line = try await store.transaction(id: id) { again.append(line) } }
        let second = Dictionary(try await matchOnce(again, context: context + ", again after this batch's postings").map { ($0.transactionID, $0) },
                                uniquingKeysWith: { _, last in last })
        return first.map { second[$0.transactionID] ?? $0 }
    }

    private func matchOnce(_ transactions: [StoredBankTransaction], context: String) async throws -> [MatchedLine] {
        guard !transactions.isEmpty else { return [] }
        let inputs = try await store.matchingInputs()
        let payments = transactions.map { stored in
            var payment = stored.line.payment
            payment.amount = stored.unapplied
            return payment
        }
        let decisions = try CashApplicationService(policy: policy).apply(customers: inputs.customers, invoices: inputs.openInvoices,
                                                                      history: inputs.history, payments: payments)
        let ids = Dictionary(transactions.map { (String($0.id), $0.id) }, uniquingKeysWith: { first, _ in first })
        let pairs = try decisions.map { decision -> (transactionID: Int64, decision: MatchDecision) in
            guard let id = ids[decision.payment.id.rawValue] else {
                throw CashApplicationError("the matcher decided payment '\(decision.payment.id)', which is none of the \(transactions.count) bank transactions it was given")
            }
            return (id, decision)
        }
        let recorded = try await store.record(pairs, context: context, actor: actor)
        let results = Dictionary(recorded.map { ($0.transactionID, $0) }, uniquingKeysWith: { _, last in last })
        return pairs.map { pair in
            MatchedLine(transactionID: pair.transactionID, decision: pair.decision,
                        recorded: results[pair.transactionID] ?? RecordedDecision(transactionID: pair.transactionID, from: nil, to: nil, summary: "not recorded"))
        }
    }

    /// The credit lines of a bank file with their natural keys, and how many debits were left out.
    static func lines(of bankFile: BankFile) throws -> (lines: [NewBankTransaction], debits: Int) {
        var lines: [NewBankTransaction] = []
        var keys = BankLineKey()
        var debits = 0
        for statement in bankFile.statements {
            for transaction in statement.transactions {
                guard transaction.isCredit else { debits += 1; continue }
                let account = transaction.accountID ?? statement.accountID ?? ""
                let single = BankFile(format: bankFile.format, statements: [
                    BankStatement(statementID: statement.statementID, accountID: statement.accountID, transactions: [transaction]),
                ])
                guard let payment = CashApplicationService.payments(from: single).first else {
                    throw CashApplicationError("line \(transaction.line): the credit of \(transaction.amount) yields no payment to match")
                }
                lines.append(NewBankTransaction(naturalKey: keys.next(transaction, account: account, payment: payment),
                                                format: bankFile.format.rawValue, accountID: account.isEmpty ? nil : account,
                                                statementID: transaction.statementID ?? statement.statementID,
                                                bankReference: transaction.bankReference, bookingDate: transaction.bookingDate, payment: payment))
            }
        }
        return (lines, debits)
    }
}
