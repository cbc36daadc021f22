import ARAgent
import ARBankFormats
import ARCore
import Foundation

/// Writes a generated cash-application world as the files `aragent cash-apply` reads, plus the
/// right answers (`truth.csv`), so the whole path from bytes to decisions can be measured and
/// scored, by us or by anyone with the files.
enum CashWorldFiles {
    static func write(_ world: CashApplicationWorld, to folder: String, format: BankFileFormat, asOf: CalendarDate) throws -> (statement: String, truth: String) {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
        func save(_ text: String, _ name: String) throws { try Data(text.utf8).write(to: URL(fileURLWithPath: path(name))) }
        let company = DemoCompany.fromWorld(world)
        _ = try DemoFiles.write(company, to: folder)
        let transactions = world.payments.map { payment in
            BankTransaction(bankReference: payment.id.rawValue, bookingDate: payment.valueDate, valueDate: payment.valueDate, amount: payment.amount,
                            payerName: payment.payerName, payerAccount: payment.payerAccount, remittance: payment.remittance)
        }
        let statementName: String
        switch format {
        case .camt053:
            statementName = "statement.xml"
            try save(StatementWriter.camt053(transactions, account: "US00ARAGENT0000000001", statementID: "STMT-\(asOf.iso)", created: asOf), statementName)
        case .mt940:
            statementName = "statement.sta"
            try save(StatementWriter.mt940(transactions, account: "NL91ABNA0417164300", statementID: "STMT-\(asOf.iso)", created: asOf), statementName)
        case .bai2:
            statementName = "statement.bai2"
            try save(StatementWriter.bai2(transactions, account: "0000000001", created: asOf), statementName)
        default:
            statementName = "statement.csv"
            try save(StatementWriter.csv(transactions), statementName)
        }
        var truth = CSVWriter(.verbatim)
        truth.row(["transaction_id", "invoice_number", "amount", "pattern"])
        for payment in world.payments {
            guard let expected = world.truth[payment.id] else { continue }
            if expected.allocations.isEmpty { truth.row([payment.id.rawValue, "", "", expected.pattern]) }
            for (invoice, cents) in expected.allocations.sorted(by: { $0.key < $1.key }) {
                truth.row([payment.id.rawValue, invoice.rawValue, MoneyFormat.decimalString(minorUnits: cents, digits: 2), expected.pattern])
            }
        }
        try save(truth.text, "truth.csv")
        return (path(statementName), path("truth.csv"))
    }
}

extension DemoCompany {
    /// A world's customers, open invoices and history in the shape the demo files are written from.
    static func fromWorld(_ world: CashApplicationWorld) -> DemoCompany {
        var company = DemoCompany(seed: 0, size: .init(customers: 1, invoices: 0), asOf: CalendarDate(daysSinceEpoch: 0))
        company.customers = world.customers
        company.invoices = world.invoices
        company.receipts = world.history
        return company
    }
}
