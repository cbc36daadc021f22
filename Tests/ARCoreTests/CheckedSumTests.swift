import ARCore
import Testing

@Suite("Checked sums of amounts: an overflow is an error with the values, never a trap")
struct CheckedSumTests {
    let usd = Currency.usd
    func money(_ minor: Int64) -> Money { Money(minorUnits: minor, currency: usd) }

    @Test("adding past Int64 throws with both values; subtracting and negating too")
    func operators() throws {
        let error = #expect(throws: MoneyOverflow.self) { try money(.max) + money(1) }
        #expect(error?.lhs == .max)
        #expect(error?.rhs == 1)
        #expect(error?.description.contains("adding 0.01 USD to 92233720368547758.07 USD") == true, "\(String(describing: error))")
        #expect(throws: MoneyOverflow.self) { try money(.min) - money(1) }
        #expect(throws: MoneyOverflow.self) { try -money(.min) }
        #expect(try money(.max) - money(1) == money(.max - 1))
        var running = money(5)
        try running += money(7)
        #expect(running == money(12))
    }

    @Test("checkedSum adds exactly and stops at the first addition that does not fit")
    func sums() throws {
        #expect(try [money(1), money(2), money(3)].checkedSum(in: usd) == money(6))
        #expect(try [Money]().checkedSum(in: usd) == .zero(usd))
        #expect(try [Int64.max, -1, 1].checkedSum() == .max)
        let error = #expect(throws: MoneyOverflow.self) { try [Int64.max / 2 + 1, Int64.max / 2 + 1].checkedSum(currency: usd) }
        #expect(error?.lhs == Int64.max / 2 + 1)
    }

    @Test("the context and the location say what was summed and where it came from")
    func context() {
        let overflow = MoneyOverflow(operation: .adding, lhs: .max, rhs: 1, currency: usd)
            .summing("the open invoices of customer C1").at("invoices.csv:7")
        #expect(overflow.description.hasPrefix("invoices.csv:7: the open invoices of customer C1: adding 0.01 USD"))
    }

    @Test("the import limit is twelve whole digits in the currency's minor units", arguments: [
        ("USD", Int64(99_999_999_999_999)), ("JPY", 999_999_999_999), ("KWD", 999_999_999_999_999), ("CLF", 9_999_999_999_999_999),
    ])
    func limit(code: String, minor: Int64) throws {
        let currency = try #require(Currency(code: code))
        #expect(Money.maximumAmount(in: currency).minorUnits == minor)
        #expect(Money(minorUnits: minor, currency: currency).isWithinImportLimit)
        #expect(Money(minorUnits: -minor, currency: currency).isWithinImportLimit)
        #expect(!Money(minorUnits: minor + 1, currency: currency).isWithinImportLimit)
    }

    @Test("a planner or matcher's inputs are checked once: magnitudes that pass Int64 together are refused")
    func bounds() throws {
        try AmountBounds.checkSummable([money(.max / 2), money(.max / 2)], what: "test")
        let error = #expect(throws: MoneyOverflow.self) {
            try AmountBounds.checkSummable([money(.max / 2 + 1), money(-(.max / 2 + 1))], what: "the open invoices")
        }
        #expect(error?.description.contains("the open invoices in USD") == true, "\(String(describing: error))")
        // Across currencies too (a per-customer total that mixes them must not trap either).
        #expect(throws: MoneyOverflow.self) {
            try AmountBounds.checkSummable([money(.max / 2 + 1), Money(minorUnits: .max / 2 + 1, currency: .eur)], what: "all")
        }
    }

    @Test("aging rows and reports refuse totals that pass Int64")
    func aging() throws {
        #expect(throws: MoneyOverflow.self) { try AgingRow(currency: usd, buckets: [.max, 1, 0, 0, 0, 0]) }
        let half = Int64.max / 2 + 1
        let row = try AgingRow(currency: usd, buckets: [half, 0, 0, 0, 0, 0])
        let rows = ["C1", "C2"].map { CustomerAging(customerID: CustomerID($0), name: $0, row: row) }
        #expect(throws: MoneyOverflow.self) { try AgingReport(asOf: CalendarDate(iso: "2026-01-01")!, customerRows: rows) }
        var growing = AgingRow.empty(usd)
        try growing.add(half, to: .days1to30)
        #expect(throws: MoneyOverflow.self) { try growing.add(half, to: .days120Plus) }
        #expect(growing.total == money(half))
        #expect(growing.overdue == money(half))
    }

    @Test("a ratio too large for two decimals is n/a, not a crash")
    func ratio() {
        #expect(Hundredths.rounded(Int128(Int64.max) * 365, over: 1) == nil)
        #expect(Hundredths.rounded(15_000 * 30, over: 10_000) == Hundredths(value: 4_500))
    }

    @Test("the planner refuses amounts that cannot be added, naming the customer, instead of trapping")
    func planner() {
        let day = CalendarDate(iso: "2026-06-10")!
        let items = ["I1", "I2"].map { number in
            DunningItem(invoice: Invoice(number: InvoiceNumber(number), customerID: "C1", issueDate: day.advanced(by: -60), dueDate: day.advanced(by: -30),
                                         amount: money(Int64.max / 2 + 1)))
        }
        do {
            let plan = try DunningPlanner(policy: DunningPolicy()).plan(customers: [Customer(id: "C1", name: "Acme")], items: items, profiles: [:], asOf: day)
            Issue.record("planned \(plan.actions.count) action(s) over amounts whose sum passes Int64")
        } catch {
            #expect("\(error)".contains("C1"), "the error names the customer: \(error)")
        }
    }
}
