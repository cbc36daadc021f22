import ARCore
import Foundation

/// Turns located rows into domain values for one ``ImportKind``, checking every rule a finance
/// team relies on (amounts exact in their currency, never negative, at most the import limit,
/// open ≤ amount, due on or after issue, …).
struct RecordDecoders {
    let defaultCurrency: Currency

    private func index(_ kind: ImportKind, _ name: String) -> Int {
        kind.fields.firstIndex { $0.name == name }!
    }

    func customer(_ row: RowView) throws(ImportProblem) -> Customer {
        let k = ImportKind.customers
        let id = try row.requiredString(index(k, "customer_id"))
        let name = try row.requiredString(index(k, "name"))
        let currencyField = index(k, "currency")
        let currency: Currency? = row.raw(currencyField) == nil ? nil : try row.currency(currencyField, default: nil)
        let moneyCurrency = currency ?? defaultCurrency
        let creditLimit = try row.money(index(k, "credit_limit"), currency: moneyCurrency, required: false)
        let parent = row.string(index(k, "parent_customer_id"))
        if parent == id {
            throw row.problem(index(k, "parent_customer_id"), "parent_customer_id '\(id)' is the customer itself; leave it empty or name the parent")
        }
        let zoneField = index(k, "time_zone")
        let timeZone = row.string(zoneField)
        if let timeZone, TimeZone(identifier: timeZone) == nil {
            throw row.problem(zoneField, "time_zone '\(timeZone)' is not an IANA time zone; write one such as Europe/Berlin or America/New_York")
        }
        return Customer(
            id: CustomerID(id), name: name, email: row.string(index(k, "email")), phone: row.string(index(k, "phone")),
            paymentTermsDays: try row.integer(index(k, "payment_terms_days"), range: 0...3650),
            creditLimit: creditLimit, currency: currency,
            isKeyAccount: try row.bool(index(k, "key_account")) ?? false,
            annualRevenue: try row.money(index(k, "annual_revenue"), currency: moneyCurrency, required: false),
            parentID: parent.map { CustomerID($0) }, accountOwner: row.string(index(k, "account_owner")), timeZone: timeZone
        )
    }

    func invoice(_ row: RowView) throws(ImportProblem) -> (Invoice, customerName: String?) {
        let k = ImportKind.invoices
        let number = try row.requiredString(index(k, "invoice_number"))
        let customer = try row.requiredString(index(k, "customer_id"))
        let issue = try row.date(index(k, "issue_date"), required: true)!
        let due = try row.date(index(k, "due_date"), required: true)!
        if due < issue {
            throw row.problem(index(k, "due_date"), "due_date \(due) is before issue_date \(issue); check the two dates")
        }
        let currency = try row.currency(index(k, "currency"), default: nil)
        let amount = try row.money(index(k, "amount"), currency: currency, required: true)!
        let paid = try row.date(index(k, "paid_date"), required: false)
        if let paid, paid < issue {
            throw row.problem(index(k, "paid_date"), "paid_date \(paid) is before issue_date \(issue); check the two dates")
        }
        let openField = index(k, "open_amount")
        // A settled invoice owes nothing; an unsettled one owes its amount unless told otherwise.
        let open = try row.money(openField, currency: currency, required: false) ?? (paid == nil ? amount : .zero(currency))
        if open > amount {
            throw row.problem(openField, "open_amount \(open.decimalString) is more than amount \(amount.decimalString); it must lie between 0 and the amount")
        }
        if paid != nil && !open.isZero {
            throw row.problem(openField, "open_amount \(open.decimalString) is not zero but paid_date says the invoice was paid in full; clear one of them")
        }
        let invoice = Invoice(
            number: InvoiceNumber(number), customerID: CustomerID(customer), issueDate: issue, dueDate: due,
            amount: amount, openAmount: open, poNumber: row.string(index(k, "po_number")), paidDate: paid,
            isDisputed: try row.bool(index(k, "disputed")) ?? false
        )
        return (invoice, row.string(index(k, "customer_name")))
    }

    func receipt(_ row: RowView) throws(ImportProblem) -> HistoricalReceipt {
        let k = ImportKind.history
        let id = try row.requiredString(index(k, "transaction_id"))
        let date = try row.date(index(k, "value_date"), required: true)!
        let currency = try row.currency(index(k, "currency"), default: nil)
        let amount = try row.money(index(k, "amount"), currency: currency, required: true)!
        let customer = try row.requiredString(index(k, "customer_id"))
        let numbers = (row.string(index(k, "invoice_numbers")) ?? "")
            .split(separator: ";").map { $0.trimmingCharacters(in: " \t") }.filter { !$0.isEmpty }.map { InvoiceNumber($0) }
        let payment = Payment(
            id: PaymentID(id), valueDate: date, amount: amount, payerName: row.string(index(k, "payer_name")),
            payerAccount: row.string(index(k, "payer_account")), remittance: row.string(index(k, "remittance")),
            customerID: CustomerID(customer)
        )
        return HistoricalReceipt(payment: payment, customerID: CustomerID(customer), invoiceNumbers: numbers)
    }
}
