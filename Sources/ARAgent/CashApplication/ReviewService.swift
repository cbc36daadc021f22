import ARCore

/// A person's decisions on bank lines waiting for review, the same from the CLI (`aragent
/// review accept|split`) and the workbench: each checks the line's state first, so the refusal
/// says what to do, and posts through ``CashApplicationStore/allocate(transactionID:allocations:reason:actor:)``,
/// which re-checks everything in its own transaction.
public struct ReviewService: Sendable {
    public let store: any CashApplicationStore & CollectionsStore

    public init(store: any CashApplicationStore & CollectionsStore) { self.store = store }

    /// Applies suggestion `rank` (1 is the best) as it stands.
    public func accept(transaction id: Int64, suggestion rank: Int, actor: String) async throws {
        _ = try await allocatable(id)
        let suggestions = try await store.suggestions(transactionID: id)
        guard rank >= 1, rank <= suggestions.count else {
            throw CashApplicationError("transaction \(id) has \(suggestions.count) suggestion(s), so there is no suggestion \(rank); `aragent review show \(id)` lists them")
        }
        let chosen = suggestions[rank - 1]
        try await store.allocate(transactionID: id, allocations: chosen.allocations,
                                 reason: "suggestion \(rank) accepted by \(actor): \(chosen.reasons.joined(separator: "; "))", actor: actor)
    }

    /// One requested part of a split: an invoice and an amount as the person wrote them.
    public struct Part: Sendable, Hashable {
        public var invoice: String
        public var amount: String
        public init(invoice: String, amount: String) {
            self.invoice = invoice
            self.amount = amount
        }
    }

    /// Applies the line by hand: each part to its invoice; the rest stays unapplied. Each part is
    /// checked (the invoice exists, the amount is a positive amount in the line's currency) before
    /// anything is posted; the store then checks, in its transaction, that the parts add up
    /// (checked arithmetic) to no more than the line's unapplied cash.
    public func split(transaction id: Int64, parts: [Part], note: String, actor: String) async throws {
        let transaction = try await allocatable(id)
        guard !parts.isEmpty else { throw CashApplicationError("name at least one invoice and amount to apply transaction \(id) to") }
        let currency = transaction.unapplied.currency
        var allocations: [ProposedAllocation] = []
        for (index, part) in parts.enumerated() {
            let where_ = "part \(index + 1) (\(part.invoice)=\(part.amount))"
            guard let invoice = try await store.invoice(InvoiceNumber(part.invoice)) else {
                throw CashApplicationError("\(where_): invoice '\(part.invoice)' is not in the ledger")
            }
            guard let amount = try? Money(parsing: part.amount, currency: currency), amount.isPositive else {
                throw CashApplicationError("\(where_): '\(part.amount)' is not a positive amount in \(currency.code), such as 250.00")
            }
            allocations.append(ProposedAllocation(invoice: invoice.number, customer: invoice.customerID, amount: amount))
        }
        try await store.allocate(transactionID: id, allocations: allocations, reason: "split by \(actor): \(note)", actor: actor)
    }

    /// The line, if it may be allocated now; refused first, so the message says what to do.
    private func allocatable(_ id: Int64) async throws -> StoredBankTransaction {
        guard let transaction = try await store.transaction(id: id) else {
            throw CashApplicationError("there is no bank transaction \(id); `aragent review list --status all` lists them")
        }
        guard let status = transaction.status else { throw CashApplicationError("bank transaction \(id) has no status; run `aragent verify`") }
        if let refusal = BankLineLifecycle.refusal(.allocate, from: status, line: String(id)) { throw CashApplicationError(refusal) }
        return transaction
    }
}
