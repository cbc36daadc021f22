import ARCore
import Testing

@Suite("Aging")
struct AgingTests {
    let usd = Currency.usd
    let asOf = CalendarDate(iso: "2026-06-30")!

    func invoice(_ number: String, customer: String = "C1", due: String, amount: Int64, open: Int64? = nil,
                 issued: String = "2026-01-01", paid: String? = nil, currency: Currency = .usd) -> Invoice {
        Invoice(number: InvoiceNumber(number), customerID: CustomerID(customer), issueDate: CalendarDate(iso: issued)!,
                dueDate: CalendarDate(iso: due)!, amount: Money(minorUnits: amount, currency: currency),
                openAmount: open.map { Money(minorUnits: $0, currency: currency) }, paidDate: paid.flatMap { CalendarDate(iso: $0) })
    }

    @Test("bucket edges follow days past due = as-of minus due date", arguments: [
        (-5, AgingBucket.notDue), (0, .notDue), (1, .days1to30), (30, .days1to30), (31, .days31to60), (60, .days31to60),
        (61, .days61to90), (90, .days61to90), (91, .days91to120), (120, .days91to120), (121, .days120Plus), (4000, .days120Plus),
    ])
    func edges(days: Int, bucket: AgingBucket) {
        #expect(AgingBucket(daysPastDue: days) == bucket)
    }

    @Test("an invoice is open on the as-of date if issued by then and not yet paid")
    func openness() throws {
        let invoices = [
            invoice("A", due: "2026-06-30", amount: 100),                                   // due today: not due
            invoice("B", due: "2026-05-31", amount: 200, open: 50),                         // 30 days: open part only
            invoice("C", due: "2026-05-30", amount: 300, paid: "2026-07-05"),               // paid later: full amount open then
            invoice("D", due: "2026-01-31", amount: 400, paid: "2026-06-30"),               // paid on the day: not open
            invoice("E", due: "2026-08-01", amount: 500, issued: "2026-07-01"),             // issued later: not open
            invoice("F", customer: "C2", due: "2026-02-28", amount: 700, currency: .eur),  // 122 days, other currency
        ]
        let report = try AgingReport(asOf: asOf, invoices: invoices, customerNames: ["C1": "One", "C2": "Two"])
        let usdTotal = report.totals.first { $0.currency == .usd }!
        #expect(usdTotal[.notDue].minorUnits == 100)
        #expect(usdTotal[.days1to30].minorUnits == 50)
        #expect(usdTotal[.days31to60].minorUnits == 300)
        #expect(usdTotal.total.minorUnits == 450)
        #expect(report.totals.map(\.currency) == [.eur, .usd])
        #expect(report.customers.map(\.customerID) == ["C2", "C1"])  // by total, largest first
        #expect(report.customers.first?.row[.days120Plus].minorUnits == 700)
    }
}
