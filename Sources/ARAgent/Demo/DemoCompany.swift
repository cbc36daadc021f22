import ARCore

/// A realistic demo company: customers with different payment habits, a year of settled
/// history, and an open ledger with some of everything a collector meets (overdue items,
/// disputes, partial payments, key accounts, subsidiaries paying through parents).
///
/// The same generator, at a larger size, makes the benchmark data, so what is measured looks
/// like what users run.
public struct DemoCompany: Sendable {
    /// How a customer pays: the spread of days from due date to payment.
    public enum Habit: String, Sendable, CaseIterable {
        case reliable, average, chronicallyLate = "chronically_late"

        func daysLate(using rng: inout SeededGenerator) -> Int {
            switch self {
            case .reliable: Int.random(in: -5...3, using: &rng)
            case .average: rng.chance(60) ? Int.random(in: -2...5, using: &rng) : Int.random(in: 6...25, using: &rng)
            case .chronicallyLate: Int.random(in: 10...95, using: &rng)
            }
        }
    }

    public struct Size: Sendable {
        public var customers: Int
        public var invoices: Int
        /// Percentage of invoices issued so recently that they are still open (before habits settle older ones).
        public var openPercent: Int
        /// Whether customers have paid their older invoices. A benchmark of the open ledger
        /// turns this off: every invoice stays open, spread over all the aging buckets.
        public var settles: Bool

        public init(customers: Int, invoices: Int, openPercent: Int = 15, settles: Bool = true) {
            self.customers = customers
            self.invoices = invoices
            self.openPercent = openPercent
            self.settles = settles
        }

        /// `--scale N`: N × 300 customers and N × 6,000 invoices over 13 months.
        public static func scale(_ n: Int) -> Size { Size(customers: 300 * n, invoices: 6_000 * n) }
    }

    public var customers: [Customer] = []
    public var habits: [CustomerID: Habit] = [:]
    public var invoices: [Invoice] = []
    public var receipts: [HistoricalReceipt] = []

    private static let namesA = ["Acme", "Northwind", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Wonka",
                                 "Tyrell", "Cyberdyne", "Hooli", "Vandelay", "Soylent", "Oscorp", "Gringotts",
                                 "Blue Harbor", "Red Maple", "Silver Birch", "Granite", "Evergreen", "Summit", "Bluebird"]
    private static let namesB = ["Trading", "Logistics", "Foods", "Manufacturing", "Supplies", "Retail", "Systems",
                                 "Engineering", "Health", "Textiles", "Builders", "Media", "Energy", "Labs"]
    private static let suffixes = ["Inc.", "LLC", "Ltd", "GmbH", "S.A.", "Corp.", "B.V.", "PLC"]

    /// The demo's customers in Europe write in their own language when their legal form says
    /// which (a GmbH German, a B.V. Dutch, an S.A. Spanish); the rest read English. Taken from
    /// the name, not the random generator, so the demo's numbers stay what they were.
    static func language(name: String, currency: Currency) -> String? {
        guard currency == .eur else { return nil }
        if name.hasSuffix("GmbH") { return "de" }
        if name.hasSuffix("B.V.") { return "nl" }
        if name.hasSuffix("S.A.") { return "es" }
        return nil
    }

    public init(seed: UInt64, size: Size, asOf: CalendarDate, progress: (any ProgressReporter)? = nil) {
        var rng = SeededGenerator(seed: seed)
        let width = max(5, String(size.customers).count)
        progress?.begin(phase: "creating customers", total: size.customers, unit: "customers")
        for index in 0..<size.customers {
            let id = CustomerID("C" + String(repeating: "0", count: width - String(index + 1).count) + String(index + 1))
            let name = "\(Self.namesA.randomElement(using: &rng)!) \(Self.namesB.randomElement(using: &rng)!) \(index + 1) \(Self.suffixes.randomElement(using: &rng)!)"
            let roll = Int.random(in: 0..<100, using: &rng)
            let habit: Habit = roll < 45 ? .reliable : roll < 80 ? .average : .chronicallyLate
            let currency: Currency = rng.chance(88) ? .usd : rng.chance(60) ? .eur : Currency(code: "GBP")!
            let isKey = rng.chance(3)
            let revenue = isKey ? Int64.random(in: 1_000_000...5_000_000, using: &rng) : Int64.random(in: 5_000...400_000, using: &rng)
            let parent: CustomerID? = index > 20 && rng.chance(5) ? customers[Int.random(in: 0..<20, using: &rng)].id : nil
            customers.append(Customer(
                id: id, name: name, email: "ap@\(name.lowercased().filter { $0.isLetter }.prefix(20)).example",
                phone: "+1-555-\(1000 + index % 9000)", paymentTermsDays: [30, 30, 30, 15, 45, 60].randomElement(using: &rng)!,
                creditLimit: Money(minorUnits: revenue * 20, currency: currency), currency: currency, isKeyAccount: isKey,
                annualRevenue: Money(minorUnits: revenue * 100, currency: currency), parentID: parent,
                language: Self.language(name: name, currency: currency)
            ))
            habits[id] = habit
        }
        progress?.finish()

        progress?.begin(phase: "creating invoices", total: size.invoices, unit: "invoices")
        invoices.reserveCapacity(size.invoices)
        let historyDays = 395
        let start = asOf.advanced(by: -historyDays)
        let numberWidth = max(6, String(size.invoices).count)
        for index in 0..<size.invoices {
            if index & 0xFFFF == 0 { progress?.advance(to: index, rows: index) }
            let customer = customers[Int.random(in: 0..<customers.count, using: &rng)]
            let terms = customer.paymentTermsDays ?? 30
            let recent = rng.chance(size.openPercent)
            let issue = recent
                ? asOf.advanced(by: -Int.random(in: 0..<max(1, terms), using: &rng))
                : start.advanced(by: Int.random(in: 0..<(historyDays - 10), using: &rng))
            let due = issue.advanced(by: terms)
            let scaleFactor: Int64 = customer.isKeyAccount ? 20 : 1
            let amount = Money(minorUnits: Int64.random(in: 5_000...900_000, using: &rng) * scaleFactor
                                   + (rng.chance(30) ? 0 : Int64.random(in: 0...99, using: &rng)),
                               currency: customer.currency ?? .usd)
            let number = InvoiceNumber("INV-" + String(repeating: "0", count: numberWidth - String(index + 1).count) + String(index + 1))
            let paidOn = due.advanced(by: habits[customer.id]!.daysLate(using: &rng))
            // Disputes on older invoices have mostly been resolved (and paid, late) by now.
            let disputed = rng.chance(3) && (issue > asOf.advanced(by: -120) || rng.chance(30))
            var invoice = Invoice(number: number, customerID: customer.id, issueDate: issue, dueDate: due, amount: amount,
                                  poNumber: rng.chance(40) ? "PO-\(Int.random(in: 10_000...99_999, using: &rng))" : nil,
                                  isDisputed: disputed)
            if size.settles && !disputed && paidOn <= asOf && paidOn >= issue {
                invoice.paidDate = paidOn
                invoice.openAmount = .zero(amount.currency)
                receipts.append(HistoricalReceipt(
                    payment: Payment(id: PaymentID("TX-\(number.rawValue)"), valueDate: paidOn, amount: amount,
                                     payerName: rng.chance(70) ? customer.name.uppercased() : customer.name,
                                     payerAccount: "ACCT\(customer.id.rawValue)",
                                     remittance: rng.chance(80) ? "Invoice \(number.rawValue)" : nil, customerID: customer.id),
                    customerID: customer.id, invoiceNumbers: [number]))
            } else if rng.chance(5) {
                // A partial payment already received.
                let paid = amount.minorUnits * Int64.random(in: 20...70, using: &rng) / 100
                invoice.openAmount = Money(minorUnits: amount.minorUnits - paid, currency: amount.currency)
            }
            invoices.append(invoice)
        }
        progress?.finish()
    }
}
