import ARAgent
import ARCore
import SQLKit

/// How each kind of record maps onto its table: the columns, and the row of values for a record.
/// `content_hash` and `import_id` are added by the writer.
struct TableSpec: Sendable {
    let table: String
    let key: String
    let columns: [String]
    let entity: AuditEvent.Entity

    static let customers = TableSpec(
        table: "customers", key: "customer_id",
        columns: ["customer_id", "name", "email", "phone", "payment_terms_days", "credit_limit_minor", "currency",
                  "amounts_currency", "key_account", "annual_revenue_minor", "parent_customer_id", "account_owner", "time_zone", "language", "placeholder"],
        entity: .customer)

    /// The ERP's facts only: an import writes these and never ARAgent's derived state
    /// (`open_amount_minor`, `paid_date`, `disputed`, `status`), which ``LedgerState`` keeps.
    /// The values are those of ``row(_:)-(Invoice)`` in the same order, so content hashes taken
    /// before migration 004 still compare equal.
    static let invoices = TableSpec(
        table: "invoices", key: "invoice_number",
        columns: ["invoice_number", "customer_id", "issue_date", "due_date", "currency", "amount_minor",
                  "erp_open_minor", "po_number", "erp_paid_date", "erp_disputed", "erp_status"],
        entity: .invoice)

    /// Written with a new invoice only: its derived state, which for an invoice without records
    /// of ours is the ERP's (see ``OpenAmountRule``).
    static let invoiceDerivedColumns = ["open_amount_minor", "paid_date", "disputed", "status"]

    /// The derived values of a new invoice, from its fact row.
    static func derivedValues(ofNew facts: [SQLValue]) -> [SQLValue] {
        var paid: CalendarDate?
        if case .text(let text) = facts[8] { paid = CalendarDate(iso: text) }
        var disputed = false
        if case .bool(let flag) = facts[9] { disputed = flag }
        guard case .int(let amount) = facts[5], case .int(let erpOpen) = facts[6] else { return [facts[6], facts[8], facts[9], facts[10]] }
        let derived = OpenAmountRule.derive(OpenAmountRule.Facts(amount: amount, erpOpen: erpOpen, erpPaidDate: paid),
                                            OpenAmountRule.Records(openDispute: disputed))
        return [.int(derived.open), .optional(derived.paidDate?.iso), .bool(derived.disputed), .text(derived.status.rawValue)]
    }

    static let receipts = TableSpec(
        table: "historical_receipts", key: "transaction_id",
        columns: ["transaction_id", "value_date", "currency", "amount_minor", "payer_name", "payer_account",
                  "remittance", "customer_id", "invoice_numbers"],
        entity: .payment)

    /// A stored row read back as the values it was written from.
    func storedRow(_ row: any SQLRow) throws -> [SQLValue] {
        switch entity {
        case .customer:
            return TableSpec.row(try RowDecoding.customer(row), placeholder: try row.decode(column: "placeholder", as: Bool.self))
        case .invoice: return TableSpec.row(try RowDecoding.invoiceFacts(row))
        default: return TableSpec.row(try RowDecoding.receipt(row))
        }
    }

    static func row(_ customer: Customer, placeholder: Bool = false) -> [SQLValue] {
        let amountsCurrency = customer.creditLimit?.currency ?? customer.annualRevenue?.currency
        return [.text(customer.id.rawValue), .text(customer.name), .optional(customer.email), .optional(customer.phone),
                .optional(customer.paymentTermsDays.map(Int64.init)), .optional(customer.creditLimit?.minorUnits),
                .optional(customer.currency?.code), .optional(amountsCurrency?.code), .bool(customer.isKeyAccount),
                .optional(customer.annualRevenue?.minorUnits), .optional(customer.parentID?.rawValue), .optional(customer.accountOwner),
                .optional(customer.timeZone), .optional(customer.language), .bool(placeholder)]
    }

    static func row(_ invoice: Invoice) -> [SQLValue] {
        [.text(invoice.number.rawValue), .text(invoice.customerID.rawValue), .text(invoice.issueDate.iso),
         .text(invoice.dueDate.iso), .text(invoice.currency.code), .int(invoice.amount.minorUnits),
         .int(invoice.openAmount.minorUnits), .optional(invoice.poNumber), .optional(invoice.paidDate?.iso),
         .bool(invoice.isDisputed), .text(invoice.status.rawValue)]
    }

    static func row(_ receipt: HistoricalReceipt) -> [SQLValue] {
        let payment = receipt.payment
        return [.text(payment.id.rawValue), .text(payment.valueDate.iso), .text(payment.amount.currency.code),
                .int(payment.amount.minorUnits), .optional(payment.payerName), .optional(payment.payerAccount),
                .optional(payment.remittance), .text(receipt.customerID.rawValue),
                .text(receipt.invoiceNumbers.map(\.rawValue).joined(separator: ";"))]
    }
}
