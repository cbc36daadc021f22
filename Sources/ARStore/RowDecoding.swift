import ARCore
import SQLKit

/// Reads domain values back from stored rows. A stored value the domain rejects (an unknown
/// currency, a malformed date) means the database was edited by hand: say which row and column.
enum RowDecoding {
    static func currency(_ row: any SQLRow, _ column: String) throws -> Currency {
        let code = try row.decode(column: column, as: String.self)
        guard let currency = Currency(code: code) else {
            throw DatabaseError("column \(column) holds '\(code)', not an ISO 4217 currency code")
        }
        return currency
    }

    static func date(_ row: any SQLRow, _ column: String) throws -> CalendarDate? {
        guard let text = try row.decode(column: column, as: String?.self) else { return nil }
        guard let date = CalendarDate(iso: text) else {
            throw DatabaseError("column \(column) holds '\(text)', not a YYYY-MM-DD date")
        }
        return date
    }

    static func requiredDate(_ row: any SQLRow, _ column: String) throws -> CalendarDate {
        guard let date = try date(row, column) else { throw DatabaseError("column \(column) is empty") }
        return date
    }

    static func customer(_ row: any SQLRow) throws -> Customer {
        let currency = try row.decode(column: "currency", as: String?.self).flatMap { Currency(code: $0) }
        let amountsCurrency = try row.decode(column: "amounts_currency", as: String?.self).flatMap { Currency(code: $0) } ?? currency ?? .usd
        return Customer(
            id: CustomerID(try row.decode(column: "customer_id", as: String.self)),
            name: try row.decode(column: "name", as: String.self),
            email: try row.decode(column: "email", as: String?.self),
            phone: try row.decode(column: "phone", as: String?.self),
            paymentTermsDays: try row.decode(column: "payment_terms_days", as: Int?.self),
            creditLimit: try row.decode(column: "credit_limit_minor", as: Int64?.self).map { Money(minorUnits: $0, currency: amountsCurrency) },
            currency: currency,
            isKeyAccount: try row.decode(column: "key_account", as: Bool.self),
            annualRevenue: try row.decode(column: "annual_revenue_minor", as: Int64?.self).map { Money(minorUnits: $0, currency: amountsCurrency) },
            parentID: try row.decode(column: "parent_customer_id", as: String?.self).map { CustomerID($0) },
            accountOwner: try row.decode(column: "account_owner", as: String?.self),
            timeZone: try row.decode(column: "time_zone", as: String?.self),
            language: try row.decode(column: "language", as: String?.self)
        )
    }

    /// The invoice as every feature sees it: its derived open amount, paid date and dispute flag.
    static func invoice(_ row: any SQLRow) throws -> Invoice {
        try invoice(row, open: "open_amount_minor", paid: "paid_date", disputed: "disputed")
    }

    /// The invoice as the ERP's export stated it (the `erp_*` columns), for comparing an import with what is stored.
    static func invoiceFacts(_ row: any SQLRow) throws -> Invoice {
        try invoice(row, open: "erp_open_minor", paid: "erp_paid_date", disputed: "erp_disputed")
    }

    private static func invoice(_ row: any SQLRow, open: String, paid: String, disputed: String) throws -> Invoice {
        let currency = try currency(row, "currency")
        return Invoice(
            number: InvoiceNumber(try row.decode(column: "invoice_number", as: String.self)),
            customerID: CustomerID(try row.decode(column: "customer_id", as: String.self)),
            issueDate: try requiredDate(row, "issue_date"),
            dueDate: try requiredDate(row, "due_date"),
            amount: Money(minorUnits: try row.decode(column: "amount_minor", as: Int64.self), currency: currency),
            openAmount: Money(minorUnits: try row.decode(column: open, as: Int64.self), currency: currency),
            poNumber: try row.decode(column: "po_number", as: String?.self),
            paidDate: try date(row, paid),
            isDisputed: try row.decode(column: disputed, as: Bool.self)
        )
    }

    static func receipt(_ row: any SQLRow) throws -> HistoricalReceipt {
        let currency = try currency(row, "currency")
        let customer = CustomerID(try row.decode(column: "customer_id", as: String.self))
        let payment = Payment(
            id: PaymentID(try row.decode(column: "transaction_id", as: String.self)),
            valueDate: try requiredDate(row, "value_date"),
            amount: Money(minorUnits: try row.decode(column: "amount_minor", as: Int64.self), currency: currency),
            payerName: try row.decode(column: "payer_name", as: String?.self),
            payerAccount: try row.decode(column: "payer_account", as: String?.self),
            remittance: try row.decode(column: "remittance", as: String?.self),
            customerID: customer)
        let numbers = try row.decode(column: "invoice_numbers", as: String.self)
            .split(separator: ";").map { InvoiceNumber(String($0)) }
        return HistoricalReceipt(payment: payment, customerID: customer, invoiceNumbers: numbers)
    }
}
