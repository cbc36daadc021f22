import ARCore
import Testing

@Suite("Payments and behaviour")
struct PaymentTests {
    @Test("allocations plus the unapplied remainder equal the payment")
    func unapplied() throws {
        let usd = Currency.usd
        let payment = Payment(id: "P1", valueDate: CalendarDate(iso: "2026-01-05")!, amount: Money(minorUnits: 10_000, currency: usd))
        let allocations = [
            Allocation(paymentID: "P1", invoiceNumber: "A", amount: Money(minorUnits: 6_000, currency: usd)),
            Allocation(paymentID: "P1", invoiceNumber: "B", amount: Money(minorUnits: 3_500, currency: usd),
                       adjustment: Money(minorUnits: 15, currency: usd), adjustmentReason: .bankFee),
            Allocation(paymentID: "P2", invoiceNumber: "C", amount: Money(minorUnits: 99, currency: usd)),
        ]
        let rest = try payment.unapplied(after: allocations)
        #expect(rest.minorUnits == 500)
        #expect(try allocations.filter { $0.paymentID == "P1" }.map(\.amount).checkedSum(in: usd).adding(rest) == payment.amount)
    }

    @Test("payment behaviour counts on-time payments as zero days late")
    func behaviour() {
        let usd = Currency.usd
        func settled(_ n: String, due: String, paid: String) -> Invoice {
            Invoice(number: InvoiceNumber(n), customerID: "C", issueDate: CalendarDate(iso: "2026-01-01")!, dueDate: CalendarDate(iso: due)!,
                    amount: Money(minorUnits: 100, currency: usd), paidDate: CalendarDate(iso: paid))
        }
        let profiles = PaymentBehaviour.profiles(invoices: [
            settled("1", due: "2026-02-01", paid: "2026-01-30"),
            settled("2", due: "2026-02-01", paid: "2026-02-11"),
            settled("3", due: "2026-02-01", paid: "2026-02-06"),
            settled("4", due: "2026-02-01", paid: "2026-09-01"),  // after the as-of date: not yet settled then
        ], asOf: CalendarDate(iso: "2026-03-01")!)
        let c = profiles["C"]!
        #expect(c.settledCount == 3)
        #expect(c.lateCount == 2)
        #expect(c.averageDaysLate?.description == "5.00")
        #expect(c.lateSharePercent?.description == "66.67")
        // Days late 0, 10, 5: mean 5, population standard deviation √(50/3) = 4.08.
        #expect(c.daysLateSpread?.description == "4.08")
    }
}
