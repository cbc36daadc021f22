import ARCore
import Testing

@Suite("AR metrics")
struct MetricsTests {
    let usd = Currency.usd
    let from = CalendarDate(iso: "2026-04-01")!
    let to = CalendarDate(iso: "2026-04-30")!

    func input(sales: Int64, arBegin: Int64 = 0, arEnd: Int64, current: Int64 = 0, months: [CalendarDate: Int64] = [:]) -> MetricsInput {
        MetricsInput(currency: usd, from: from, to: to, sales: sales, arBegin: arBegin, arEnd: arEnd, arEndCurrent: current, salesByMonth: months)
    }

    @Test("DSO: receivables of 15,000 against sales of 10,000 over 30 days is 45 days")
    func dsoWorkedExample() {
        let metrics = ReceivablesMetrics(input(sales: 1_000_000, arEnd: 1_500_000))
        #expect(metrics.days == 30)
        #expect(metrics.dso?.description == "45.00")
    }

    @Test("countback DSO: 212,000 against monthly sales of 100,000, 80,000, 70,000 in 30-day months is 73.71 days")
    func countbackWorkedExample() {
        let result = ReceivablesMetrics.countback(arEnd: 21_200_000, periods: [(30, 10_000_000), (30, 8_000_000), (30, 7_000_000)])
        #expect(result?.description == "73.71")
    }

    @Test("countback DSO over calendar months counts the current month to the period end")
    func countbackCalendar() {
        let months: [CalendarDate: Int64] = [
            CalendarDate(iso: "2026-04-01")!: 100, CalendarDate(iso: "2026-03-01")!: 80, CalendarDate(iso: "2026-02-01")!: 70,
        ]
        // 212 − 100 (April, 30 days) − 80 (March, 31 days) = 32 of February's 70 over 28 days = 12.8 days.
        let result = ReceivablesMetrics.countback(arEnd: 212, to: to, salesByMonth: months)
        #expect(result?.description == "73.80")
        // A receivable within the first month: 50 of 100 over 30 days.
        #expect(ReceivablesMetrics.countback(arEnd: 50, to: to, salesByMonth: months)?.description == "15.00")
    }

    @Test("best possible DSO and average days delinquent split DSO into current and overdue parts")
    func bestPossible() {
        // AR 15,000 of which 6,000 not yet due; sales 10,000 over 30 days.
        let metrics = ReceivablesMetrics(input(sales: 1_000_000, arEnd: 1_500_000, current: 600_000))
        #expect(metrics.bestPossibleDSO?.description == "18.00")
        #expect(metrics.averageDaysDelinquent?.description == "27.00")
    }

    @Test("CEI = (begin + sales − end) / (begin + sales − current end) × 100")
    func cei() {
        // Begin 50,000, sales 100,000, end 60,000 of which 20,000 current: 90,000 / 130,000 = 69.23%.
        let metrics = ReceivablesMetrics(input(sales: 10_000_000, arBegin: 5_000_000, arEnd: 6_000_000, current: 2_000_000))
        #expect(metrics.collectionEffectivenessIndex?.description == "69.23")
    }

    @Test("no sales in the period: ratios are undefined, not zero")
    func noSales() {
        let metrics = ReceivablesMetrics(input(sales: 0, arEnd: 500))
        #expect(metrics.dso == nil)
        #expect(metrics.bestPossibleDSO == nil)
    }

    @Test("rounding is half away from zero, once")
    func rounding() {
        #expect(Hundredths.rounded(1, over: 200)?.description == "0.01")    // 0.005
        #expect(Hundredths.rounded(-1, over: 200)?.description == "-0.01")
        #expect(Hundredths.rounded(1, over: 300)?.description == "0.00")    // 0.0033
        #expect(Hundredths.rounded(2, over: 3)?.description == "0.67")
        #expect(Hundredths.rounded(1, over: 0) == nil)
    }

    @Test("inputs computed from invoices follow the open-on-a-day rule")
    func inputsFromInvoices() throws {
        let invoices = [
            Invoice(number: "1", customerID: "C", issueDate: CalendarDate(iso: "2026-03-10")!, dueDate: CalendarDate(iso: "2026-04-09")!,
                    amount: Money(minorUnits: 1000, currency: usd), paidDate: CalendarDate(iso: "2026-04-20")),
            Invoice(number: "2", customerID: "C", issueDate: CalendarDate(iso: "2026-04-15")!, dueDate: CalendarDate(iso: "2026-05-15")!,
                    amount: Money(minorUnits: 500, currency: usd)),
            Invoice(number: "3", customerID: "C", issueDate: CalendarDate(iso: "2026-04-02")!, dueDate: CalendarDate(iso: "2026-04-30")!,
                    amount: Money(minorUnits: 300, currency: usd), openAmount: Money(minorUnits: 100, currency: usd)),
        ]
        let input = try MetricsInput.compute(invoices: invoices, currency: usd, from: from, to: to)
        #expect(input.sales == 800)
        #expect(input.arBegin == 1000)
        #expect(input.arEnd == 600)
        #expect(input.arEndCurrent == 600)  // due on or after the 30th
        #expect(input.salesByMonth[CalendarDate(iso: "2026-03-01")!] == 1000)
    }
}
