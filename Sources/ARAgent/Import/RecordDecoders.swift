import ARCore
import Foundation

/// Turns located rows into domain values for one ``ImportKind``, checking every rule a finance
/// team relies on (amounts exact in their currency, never negative, at most the import limit,
/// open ≤ amount, due on or after issue, …).
struct RecordDecoders {
    let defaultCurrency: Currency

    /// Each kind's field positions, looked up once: `ImportKind.fields` builds its array on every
    /// call, and looking up a dozen fields per row that way was a fifth of parsing a
    /// million-invoice file.
    private static let positions: [ImportKind: [String: Int]] = Dictionary(uniqueKeysWithValues: ImportKind.allCases.map { kind in
        (kind, Dictionary(uniqueKeysWithValues: kind.fields.enumerated().map { ($0.element.name, $0.offset) }))
    })

    private struct Fields {
        let invoiceNumber, customerID, issueDate, dueDate, currency, amount, openAmount, poNumber, paidDate, disputed, customerName: Int
    }

    private static let invoiceFields: Fields = {
        let at = { (name: String) in positions[.invoices]![name]! }
        return Fields(invoiceNumber: at("invoice_number"), customerID: at("customer_id"), issueDate: at("issue_date"), dueDate: at("due_date"),
                      currency: at("currency"), amount: at("amount"), openAmount: at("open_amount"), poNumber: at("po_number"),
                      paidDate: at("paid_date"), disputed: at("disputed"), customerName: at("customer_name"))
    }()

    private func index(_ kind: ImportKind, _ name: String) -> Int {
        Self.positions[kind]![name]!
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
        let languageField = index(k, "language")
        let language = row.string(languageField)
        if let language, !CustomerLanguage.isValid(language) {
            throw row.problem(languageField, "language '\(language)' is not an ISO 639-1 code; write two letters such as de, fr or es (optionally with a region: de-CH)")
        }
        return Customer(
            id: CustomerID(id), name: name, email: row.string(index(k, "email")), phone: row.string(index(k, "phone")),
            paymentTermsDays: try row.integer(index(k, "payment_terms_days"), range: 0...3650),
            creditLimit: creditLimit, currency: currency,
            isKeyAccount: try row.bool(index(k, "key_account")) ?? false,
            annualRevenue: try row.money(index(k, "annual_revenue"), currency: moneyCurrency, required: false),
            parentID: parent.map { CustomerID($0) }, accountOwner: row.string(index(k, "account_owner")), timeZone: timeZone,
            language: language
        )
    }

    func invoice(_ row: RowView) throws(ImportProblem) -> (Invoice, customerName: String?) {
        let f = Self.invoiceFields
        let number = try row.requiredString(f.invoiceNumber)
        let customer = try row.requiredString(f.customerID)
        let issue = try row.date(f.issueDate, required: true)!
        let due = try row.date(f.dueDate, required: true)!
        if due < issue {
            throw row.problem(f.dueDate, "due_date \(due) is before issue_date \(issue); check the two dates")
        }
        let currency = try row.currency(f.currency, default: nil)
        let amount = try row.money(f.amount, currency: currency, required: true)!
        let paid = try row.date(f.paidDate, required: false)
        if let paid, paid < issue {
            throw row.problem(f.paidDate, "paid_date \(paid) is before issue_date \(issue); check the two dates")
        }
        let openField = f.openAmount
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
            amount: amount, openAmount: open, poNumber: row.string(f.poNumber), paidDate: paid,
            isDisputed: try row.bool(f.disputed) ?? false
        )
        return (invoice, row.string(f.customerName))
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
