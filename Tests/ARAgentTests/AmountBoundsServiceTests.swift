import ARAgent
import ARCore
import Testing

@Suite("Services refuse amounts the engines cannot add")
struct AmountBoundsServiceTests {
    @Test("cash application: open amounts past Int64 together are a MoneyOverflow before matching, not a trap")
    func matching() {
        let day = CalendarDate(iso: "2026-06-10")!
        let invoices = ["I1", "I2"].map { number in
            Invoice(number: InvoiceNumber(number), customerID: "C1", issueDate: day.advanced(by: -60), dueDate: day.advanced(by: -30),
                    amount: Money(minorUnits: Int64.max / 2 + 1, currency: .usd))
        }
        let payment = IncomingPayment(id: "P1", valueDate: day, amount: Money(minorUnits: 1_000, currency: .usd), remittance: "I1 I2")
        let error = #expect(throws: MoneyOverflow.self) {
            try CashApplicationService().apply(customers: [Customer(id: "C1", name: "Acme")], invoices: invoices, history: [], payments: [payment])
        }
        #expect(error?.description.contains("the open invoices and the payments to match in USD") == true, "\(String(describing: error))")
    }
}
