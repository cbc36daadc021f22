import ARCore

/// Long lists read a page at a time by keyset (after the last key seen, never OFFSET), so that
/// page 1,000 of a million invoices costs what page 1 does and a row added meanwhile neither
/// repeats nor hides another.
public protocol LedgerPages: Sendable {
    /// Invoices in invoice-number order after `after`, optionally of one status; at most `limit`.
    func invoicePage(status: InvoiceStatus?, after: InvoiceNumber?, limit: Int) async throws -> [Invoice]
    /// Customers in id order after `after`; at most `limit`.
    func customerPage(after: CustomerID?, limit: Int) async throws -> [Customer]
    /// Actions in id order after `after`, optionally of one status; at most `limit`.
    func actionPage(status: ActionStatus?, after: String?, limit: Int) async throws -> [StoredAction]
    /// The customers of these ids (for names beside a page of actions or invoices).
    func customers(ids: Set<CustomerID>) async throws -> [CustomerID: Customer]
    /// Whether the database answers and every migration is applied.
    func isReady() async -> Bool
}
