import ARAgent
import ARBankFormats
import ARCore
import Foundation

/// A world with known answers that `bench cash` scores: the development set
/// (``CashApplicationWorld``) or the independent test set (``IndependentCashWorld``).
struct BenchWorld {
    var name: String
    var customers: [Customer]
    var invoices: [Invoice]
    var history: [HistoricalReceipt]
    var payments: [IncomingPayment]
    var truth: [PaymentID: CashApplicationWorld.Truth]
    /// Further ways to group the answers than by pattern (the test set's payer presentation and rail).
    var groupings: [(name: String, truth: [PaymentID: CashApplicationWorld.Truth])] = []
    /// Patterns whose lines are a customer's money that must not be posted now (no allocation in
    /// the answer, so the scorer counts them with the non-customer credits).
    var notPostable: Set<String> = []

    init(dev world: CashApplicationWorld) {
        name = "dev"
        customers = world.customers
        invoices = world.invoices
        history = world.history
        payments = world.payments
        truth = world.truth
    }

    init(test world: IndependentCashWorld) {
        name = "test"
        customers = world.customers
        invoices = world.invoices
        history = world.history
        payments = world.payments
        truth = world.truth
        groupings = [("payer presentation", world.truthGrouped(by: .presentation)), ("rail", world.truthGrouped(by: .channel))]
        notPostable = [IndependentPattern.invoiceNotImported.rawValue, IndependentPattern.duplicatePayment.rawValue]
    }
}

/// Writes a generated cash-application world as the files `aragent cash-apply` reads, plus the
/// right answers (`truth.csv`), so the whole path from bytes to decisions can be measured and
/// scored, by us or by anyone with the files.
enum CashWorldFiles {
    static func write(_ world: BenchWorld, to folder: String, rendering: StatementRendering, asOf: CalendarDate) throws -> (statement: String, truth: String, ids: [String: PaymentID]) {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
        func save(_ text: String, _ name: String) throws { try Data(text.utf8).write(to: URL(fileURLWithPath: path(name))) }
        let company = DemoCompany.fromWorld(world)
        _ = try DemoFiles.write(company, to: folder)
        let (statement, ids) = rendering.render(world.payments, asOf: asOf)
        try save(statement, rendering.fileName)
        let written = Dictionary(ids.map { ($0.value, $0.key) }, uniquingKeysWith: { first, _ in first })
        var truth = CSVWriter(.verbatim)
        truth.row(["transaction_id", "invoice_number", "amount", "pattern", "requires_review"])
        for payment in world.payments {
            guard let expected = world.truth[payment.id] else { continue }
            let id = written[payment.id] ?? payment.id.rawValue
            let review = expected.requiresReview ? "true" : "false"
            if expected.allocations.isEmpty { truth.row([id, "", "", expected.pattern, review]) }
            for (invoice, cents) in expected.allocations.sorted(by: { $0.key < $1.key }) {
                truth.row([id, invoice.rawValue, MoneyFormat.decimalString(minorUnits: cents, digits: 2), expected.pattern, review])
            }
        }
        try save(truth.text, "truth.csv")
        return (path(rendering.fileName), path("truth.csv"), ids)
    }
}

extension DemoCompany {
    /// A world's customers, invoices and history in the shape the demo files are written from.
    static func fromWorld(_ world: BenchWorld) -> DemoCompany {
        var company = DemoCompany(seed: 0, size: .init(customers: 1, invoices: 0), asOf: CalendarDate(daysSinceEpoch: 0))
        company.customers = world.customers
        company.invoices = world.invoices
        company.receipts = world.history
        return company
    }
}
