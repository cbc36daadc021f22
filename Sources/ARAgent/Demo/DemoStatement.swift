import ARBankFormats
import ARCore

/// The demo company's latest bank statement, as the canonical statement CSV: what a week of
/// incoming payments looks like, so that cash application has something to show. Most payments
/// quote their invoice and post on their own; some pay two invoices at once, some a little short
/// (a bank fee), some quote nothing (the matcher finds them by payer and amount), some pay part of
/// an invoice or a round sum on account and wait for a person, and some are not customer cash.
///
/// Deterministic for a company: the same seed and date make the same file, so running `aragent
/// demo` again finds every line already stored and changes nothing.
public enum DemoStatement {
    /// How many open invoices get an exact payment quoting their number (applied automatically).
    public static let exactPayments = 12
    /// Payments of two invoices of one customer in one transfer, both numbers quoted.
    public static let combinedPayments = 2
    /// Payments short by a bank fee (``bankFeeMinorUnits``), quoting the invoice.
    public static let shortPayments = 2
    /// Payments of an invoice's exact amount from its customer that quote nothing.
    public static let unreferencedPayments = 2
    /// Half an invoice, from a payer named by the first word of the customer's name, quoting
    /// nothing: a person decides.
    public static let partialPayments = 2
    /// A round sum (``onAccountMinorUnits``) "on account" from a customer: a person decides.
    public static let onAccountPayments = 2
    public static let onAccountMinorUnits: Int64 = 100_000
    public static let bankFeeMinorUnits: Int64 = 1_500

    public static func csv(_ company: DemoCompany, asOf: CalendarDate) -> String {
        let names = Dictionary(company.customers.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        // Oldest-due first, then by number: the customers most likely to be paying now.
        let open = company.invoices.filter { $0.openAmount.isPositive && !$0.isDisputed && $0.amount == $0.openAmount }
            .sorted { ($0.dueDate, $0.number.rawValue) < ($1.dueDate, $1.number.rawValue) }
        var used = Set<InvoiceNumber>()
        var rows: [(payer: String, amount: Money, remittance: String)] = []
        func take(_ count: Int, where include: (Invoice) -> Bool = { _ in true }) -> [Invoice] {
            var chosen: [Invoice] = []
            for invoice in open where chosen.count < count && !used.contains(invoice.number) && include(invoice) {
                chosen.append(invoice)
                used.insert(invoice.number)
            }
            return chosen
        }
        for invoice in take(exactPayments) {
            rows.append((names[invoice.customerID] ?? invoice.customerID.rawValue, invoice.openAmount, "Invoice \(invoice.number)"))
        }
        var combined = 0
        for first in open where combined < combinedPayments && !used.contains(first.number) {
            guard let second = open.first(where: { $0.customerID == first.customerID && $0.number != first.number && !used.contains($0.number)
                                                   && $0.openAmount.currency == first.openAmount.currency }),
                  let total = try? first.openAmount + second.openAmount else { continue }
            used.formUnion([first.number, second.number])
            rows.append((names[first.customerID] ?? first.customerID.rawValue, total, "\(first.number) \(second.number)"))
            combined += 1
        }
        for invoice in take(shortPayments, where: { $0.openAmount.minorUnits > bankFeeMinorUnits * 10 }) {
            rows.append((names[invoice.customerID] ?? invoice.customerID.rawValue,
                         Money(minorUnits: invoice.openAmount.minorUnits - bankFeeMinorUnits, currency: invoice.openAmount.currency),
                         "INV \(invoice.number) less charges"))
        }
        for invoice in take(unreferencedPayments) {
            rows.append(((names[invoice.customerID] ?? invoice.customerID.rawValue).uppercased(), invoice.openAmount, "PAYMENT THANK YOU"))
        }
        for invoice in take(partialPayments, where: { $0.openAmount.minorUnits > 20_000 }) {
            let name = names[invoice.customerID] ?? invoice.customerID.rawValue
            rows.append((String(name.split(separator: " ").first ?? Substring(name)).uppercased(),
                         Money(minorUnits: invoice.openAmount.minorUnits / 2, currency: invoice.openAmount.currency), "payment"))
        }
        for invoice in take(onAccountPayments, where: { $0.openAmount.minorUnits > onAccountMinorUnits * 2 }) {
            rows.append((names[invoice.customerID] ?? invoice.customerID.rawValue,
                         Money(minorUnits: onAccountMinorUnits, currency: invoice.openAmount.currency), "on account"))
        }
        let currency = open.first?.openAmount.currency ?? .usd
        rows.append(("HMRC VAT REFUND", Money(minorUnits: 48_213, currency: currency), "VAT REPAYMENT"))
        rows.append(("INTEREST", Money(minorUnits: 1_204, currency: currency), "CREDIT INTEREST"))
        return StatementWriter.csv(rows.enumerated().map { index, row in
            let day = asOf.advanced(by: -(index % 5))
            return BankTransaction(bankReference: "DEMO-\(asOf.iso)-\(index + 1)", bookingDate: day, valueDate: day, amount: row.amount,
                                   payerName: row.payer, remittance: row.remittance)
        })
    }
}
