import ARCore
import Testing

/// The worklist's order: overdue money weighted by how likely the customer is to pay it later
/// still, raised for key accounts and broken promises, each place explained.
@Suite("Worklist")
struct WorklistTests {
    let usd = Currency(code: "USD")!
    let asOf = CalendarDate(iso: "2026-06-15")!

    /// A row with `overdue` minor units 31–60 days past due (and some not yet due).
    func row(_ id: String, overdue: Int64, oldest: AgingBucket = .days31to60) throws -> CustomerAging {
        var buckets = Array(repeating: Int64(0), count: AgingBucket.allCases.count)
        buckets[AgingBucket.notDue.rawValue] = 10_000
        buckets[oldest.rawValue] = overdue
        return CustomerAging(customerID: CustomerID(id), name: "Customer \(id)", row: try AgingRow(currency: usd, buckets: buckets))
    }

    func customer(_ id: String, key: Bool = false) -> Customer {
        var customer = Customer(id: CustomerID(id), name: "Customer \(id)")
        customer.isKeyAccount = key
        return customer
    }

    func profile(_ id: String, settled: Int, late: Int, broken: Int = 0) -> CustomerProfile {
        CustomerProfile(customerID: CustomerID(id), behaviour: PaymentBehaviour(customerID: CustomerID(id), settledCount: settled, lateCount: late,
                                                                                 totalDaysLate: late * 20, totalSquaredDaysLate: late * 400),
                        promisesBroken: broken)
    }

    @Test("a chronic late payer's smaller debt outranks a reliable payer's larger one; the reason says why")
    func likelihoodWeighs() throws {
        let aging = try AgingReport(asOf: asOf, customerRows: [try row("RELIABLE", overdue: 200_000), try row("LATE", overdue: 100_000)])
        let ranked = Worklist.rank(aging: aging, customers: [CustomerID("RELIABLE"): customer("RELIABLE"), CustomerID("LATE"): customer("LATE")],
                                   profiles: [CustomerID("RELIABLE"): profile("RELIABLE", settled: 10, late: 1), CustomerID("LATE"): profile("LATE", settled: 10, late: 9)])
        #expect(ranked.map(\.customerID.rawValue) == ["LATE", "RELIABLE"])
        #expect(ranked[0].likelihoodBasisPoints == 9_000)
        #expect(ranked[0].reason.contains("90.00% of 10 invoices late"), "\(ranked[0].reason)")
        #expect(ranked[0].reason.contains("1,000.00 USD") || ranked[0].reason.contains("1000.00 USD"), "\(ranked[0].reason)")
        // 10% floor: a customer who paid 1 of 10 late counts 10%, not less.
        #expect(ranked[1].likelihoodBasisPoints == WorklistRules.minimumLikelihoodBasisPoints)
    }

    @Test("key accounts and broken promises raise the rank, and say so; customers without history count as even odds")
    func weights() throws {
        let aging = try AgingReport(asOf: asOf, customerRows: [try row("PLAIN", overdue: 100_000), try row("KEY", overdue: 100_000),
                                                               try row("PROMISED", overdue: 100_000), try row("NEW", overdue: 100_000)])
        var customers: [CustomerID: Customer] = [:]
        for id in ["PLAIN", "PROMISED", "NEW"] { customers[CustomerID(id)] = customer(id) }
        customers[CustomerID("KEY")] = customer("KEY", key: true)
        let profiles = [CustomerID("PLAIN"): profile("PLAIN", settled: 10, late: 4), CustomerID("KEY"): profile("KEY", settled: 10, late: 4),
                        CustomerID("PROMISED"): profile("PROMISED", settled: 10, late: 4, broken: 2)]
        let ranked = Worklist.rank(aging: aging, customers: customers, profiles: profiles)
        #expect(ranked.map(\.customerID.rawValue) == ["PROMISED", "KEY", "NEW", "PLAIN"])
        let byID = Dictionary(uniqueKeysWithValues: ranked.map { ($0.customerID.rawValue, $0) })
        #expect(byID["KEY"]?.reason.contains("key account") == true)
        #expect(byID["PROMISED"]?.reason.contains("2 broken promises") == true)
        #expect(byID["NEW"]?.likelihoodBasisPoints == WorklistRules.unknownLikelihoodBasisPoints)
        #expect(byID["NEW"]?.reason.contains("even odds") == true)
    }

    @Test("customers with nothing overdue are not on the list; the oldest bucket is named")
    func onlyOverdue() throws {
        let current = CustomerAging(customerID: CustomerID("CURRENT"), name: "Current", row: try AgingRow(currency: usd, buckets: [5_000, 0, 0, 0, 0, 0]))
        let aging = try AgingReport(asOf: asOf, customerRows: [current, try row("OLD", overdue: 1_000, oldest: .days120Plus)])
        let ranked = Worklist.rank(aging: aging, customers: [:], profiles: [:])
        #expect(ranked.map(\.customerID.rawValue) == ["OLD"])
        #expect(ranked.first?.oldestBucket == .days120Plus)
    }

    @Test("amounts near the largest the ledger holds rank without overflow")
    func hugeAmounts() throws {
        let aging = try AgingReport(asOf: asOf, customerRows: [try row("HUGE", overdue: Int64.max / 4), try row("SMALL", overdue: 1)])
        let ranked = Worklist.rank(aging: aging, customers: [CustomerID("HUGE"): customer("HUGE", key: true)],
                                   profiles: [CustomerID("HUGE"): profile("HUGE", settled: 10, late: 10, broken: 10)])
        #expect(ranked.map(\.customerID.rawValue) == ["HUGE", "SMALL"])
    }
}
