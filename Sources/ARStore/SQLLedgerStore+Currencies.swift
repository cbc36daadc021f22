import ARAgent
import ARCore

extension SQLLedgerStore {
    /// The currencies the planner judges thresholds in, read the way the planner's inputs are:
    /// open invoices (open amount above zero, not paid) and the annual revenue (in the
    /// customer's amounts currency, else its invoicing currency, else USD, as a customer row
    /// decodes) of customers with such an invoice.
    public func currenciesInUse() async throws -> (balances: Set<Currency>, revenues: Set<Currency>) {
        var balances = Set<Currency>()
        for row in try await database.fetch("SELECT DISTINCT currency FROM invoices WHERE open_amount_minor > 0 AND paid_date IS NULL") {
            guard case .text(let code) = row[0], let currency = Currency(code: code) else {
                throw DatabaseError("invoices hold the currency \(row[0].canonical.map { "'\($0)'" } ?? "NULL"), which is not an ISO 4217 code; correct the imported invoices")
            }
            balances.insert(currency)
        }
        var revenues = Set<Currency>()
        for row in try await database.fetch("""
            SELECT DISTINCT c.amounts_currency, c.currency FROM customers c
            WHERE c.annual_revenue_minor IS NOT NULL AND EXISTS (SELECT 1 FROM invoices i
                WHERE i.customer_id = c.customer_id AND i.open_amount_minor > 0 AND i.paid_date IS NULL)
            """) {
            var codes: [String] = []
            for value in row { if case .text(let code) = value { codes.append(code) } }
            revenues.insert(codes.lazy.compactMap { Currency(code: $0) }.first ?? .usd)
        }
        return (balances, revenues)
    }
}
