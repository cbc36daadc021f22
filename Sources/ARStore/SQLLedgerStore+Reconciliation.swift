import ARAgent
import ARCore

/// `aragent report reconciliation`: where the ERP's facts and ARAgent's records disagree.
extension SQLLedgerStore {
    public func reconciliation() async throws -> [ReconciliationItem] {
        let unreflected = """
            (SELECT invoice_number, CAST(SUM(amount) AS BIGINT) AS total, MIN(since) AS since FROM (
                SELECT invoice_number, amount_minor + adjustment_minor AS amount, created_at AS since FROM allocations WHERE erp_reflected_at IS NULL
                UNION ALL SELECT invoice_number, amount_minor AS amount, created_at AS since FROM invoice_adjustments WHERE erp_reflected_at IS NULL) x
             GROUP BY invoice_number)
            """
        var items: [ReconciliationItem] = []
        func add(_ kind: ReconciliationItem.Kind, _ query: String, detail: (Money, [SQLValue]) -> String) async throws {
            for row in try await database.fetch(query) {
                guard case .text(let number) = row[0], case .text(let customer) = row[1], case .text(let code) = row[2],
                      let currency = Currency(code: code), case .int(let erpOpen) = row[3], case .int(let open) = row[4],
                      case .int(let amount) = row[5] else { continue }
                let money = Money(minorUnits: amount, currency: currency)
                items.append(ReconciliationItem(kind: kind, invoice: InvoiceNumber(number), customerID: CustomerID(customer),
                                                erpOpen: Money(minorUnits: erpOpen, currency: currency), open: Money(minorUnits: open, currency: currency),
                                                amount: money, detail: detail(money, row)))
            }
        }
        let columns = "i.invoice_number, i.customer_id, i.currency, CASE WHEN i.erp_paid_date IS NULL THEN i.erp_open_minor ELSE 0 END, i.open_amount_minor"
        try await add(.appliedNotInERP, """
            SELECT \(columns), u.total, u.since FROM invoices i JOIN \(unreflected) u ON u.invoice_number = i.invoice_number
            WHERE u.total > 0 AND i.erp_paid_date IS NULL AND u.total <= i.erp_open_minor ORDER BY u.since, i.invoice_number
            """) { money, row in "\(money) applied or written off in ARAgent since \(Self.day(row[6])) is not in the ERP's export yet: post it to the ERP" }
        try await add(.doubleCounted, """
            SELECT \(columns), u.total, CASE WHEN i.erp_paid_date IS NULL THEN 'open' ELSE i.erp_paid_date END
            FROM invoices i JOIN \(unreflected) u ON u.invoice_number = i.invoice_number
            WHERE u.total > 0 AND (i.erp_paid_date IS NOT NULL OR u.total > i.erp_open_minor) ORDER BY i.invoice_number
            """) { money, row in
            if case .text(let paid) = row[6], paid != "open" {
                return "the ERP says it was settled on \(paid), and ARAgent applied \(money) it does not show: a second payment, or a payment the ERP booked elsewhere; refund, move or reverse it"
            }
            return "ARAgent applied \(money), more than the ERP's open amount: the ERP recorded a payment ARAgent applied too, or the customer paid twice"
        }
        try await add(.reversedStillInERP, """
            SELECT \(columns), -r.amount_minor - r.adjustment_minor, r.id FROM allocations r JOIN allocations o ON o.id = r.reverses
            JOIN invoices i ON i.invoice_number = r.invoice_number
            WHERE r.erp_reflected_at IS NULL AND o.erp_reflected_at IS NOT NULL ORDER BY r.id
            """) { money, row in "ARAgent reversed \(money) (reversal \(Self.day(row[6]))) that the ERP recorded: reverse it in the ERP too" }
        try await add(.erpPaidCashUnapplied, """
            SELECT \(columns), t.unapplied_minor, t.id FROM invoices i JOIN bank_transactions t
                ON t.currency = i.currency AND t.unapplied_minor = i.amount_minor - (CASE WHEN i.erp_paid_date IS NULL THEN i.erp_open_minor ELSE 0 END)
            WHERE (i.erp_paid_date IS NOT NULL OR i.erp_open_minor < i.amount_minor) AND t.unapplied_minor > 0
              AND t.status IN ('new', 'unmatched', 'review', 'partially_applied') AND t.value_date >= i.issue_date
              AND NOT EXISTS (SELECT 1 FROM allocations a WHERE a.invoice_number = i.invoice_number)
              AND (EXISTS (SELECT 1 FROM review_suggestions s WHERE s.transaction_id = t.id AND s.invoice_number = i.invoice_number)
                   OR \(database.engine == .sqlite ? "instr(COALESCE(t.remittance, ''), i.invoice_number) > 0" : "strpos(COALESCE(t.remittance, ''), i.invoice_number) > 0"))
            ORDER BY i.invoice_number
            """) { money, row in "the ERP shows \(money) paid, and bank line \(Self.day(row[6])) holds that amount unapplied naming this invoice: apply it in ARAgent (aragent review) or tell the ERP" }
        try await add(.disputeResolvedStillFlagged, """
            SELECT \(columns), i.open_amount_minor, d.outcome FROM invoices i JOIN disputes d ON d.invoice_number = i.invoice_number
            WHERE i.erp_disputed AND d.status = 'resolved' AND d.outcome <> 'erp_cleared'
              AND NOT EXISTS (SELECT 1 FROM disputes o WHERE o.invoice_number = i.invoice_number AND o.status = 'open')
              AND d.id = (SELECT MAX(id) FROM disputes m WHERE m.invoice_number = i.invoice_number)
            ORDER BY i.invoice_number
            """) { _, row in "resolved in ARAgent (\(Self.day(row[6]))), but the ERP's export still flags it as disputed: clear the flag in the ERP" }
        return items
    }

    private static func day(_ value: SQLValue) -> String {
        switch value {
        case .text(let text): String(text.prefix(10))
        case .int(let number): String(number)
        default: "?"
        }
    }
}
