/// The kinds of file `aragent import` reads, each with the columns of CONTRACTS.md.
public enum ImportKind: String, Sendable, CaseIterable {
    case customers, invoices, history

    /// A column of the canonical layout.
    public struct Field: Sendable, Hashable {
        public let name: String
        public let isRequired: Bool
    }

    public var fields: [Field] {
        func f(_ name: String, _ required: Bool = false) -> Field { Field(name: name, isRequired: required) }
        switch self {
        case .customers:
            return [f("customer_id", true), f("name", true), f("email"), f("phone"), f("payment_terms_days"),
                    f("credit_limit"), f("currency"), f("key_account"), f("annual_revenue"), f("parent_customer_id"),
                    f("account_owner"), f("time_zone"), f("language")]
        case .invoices:
            // customer_name is our extension: exports that know customers only by name (Xero,
            // QuickBooks) use it to name the customers an import creates.
            return [f("invoice_number", true), f("customer_id", true), f("issue_date", true), f("due_date", true),
                    f("currency", true), f("amount", true), f("open_amount"), f("po_number"), f("paid_date"),
                    f("disputed"), f("customer_name")]
        case .history:
            return [f("transaction_id", true), f("value_date", true), f("amount", true), f("currency", true),
                    f("payer_name"), f("payer_account"), f("remittance"), f("customer_id", true), f("invoice_numbers")]
        }
    }

    /// The field that identifies a record: importing a record with a known key updates it.
    public var keyField: String {
        switch self {
        case .customers: "customer_id"
        case .invoices: "invoice_number"
        case .history: "transaction_id"
        }
    }
}
