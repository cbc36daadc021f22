import ARCore
import Testing

/// The policy's money thresholds per currency: a balance is judged in its own currency, against
/// that currency's own amount or the base amount converted at the user's rate, never against
/// minor units of another currency, and never added to a balance in another currency.
@Suite("Money thresholds per currency")
struct MoneyThresholdTests {
    // A Wednesday.
    let today = CalendarDate(iso: "2026-06-10")!
    let usd = Currency.usd, eur = Currency.eur
    let jpy = Currency(code: "JPY")!, kwd = Currency(code: "KWD")!, chf = Currency(code: "CHF")!

    /// The default policy (USD base, own EUR and GBP amounts), out of shadow mode so that the
    /// approval threshold shows, with a JPY and a KWD rate and EUR's own minimum raised to 100.00 EUR.
    let policy: DunningPolicy

    init() throws {
        var policy = DunningPolicy()
        policy.shadowMode = false
        policy.rates.set(try DecimalRate(parsing: "0.0067"), for: jpy)
        policy.rates.set(try DecimalRate(parsing: "3.25"), for: kwd)
        policy.minimumBalance.setOverride(Money(minorUnits: 10_000, currency: eur))
        self.policy = policy
    }

    func money(_ text: String, _ currency: Currency) throws -> Money {
        try Money(parsing: text, currency: currency)
    }

    func invoice(_ number: String, _ customer: String = "C1", due offset: Int, _ amount: Money) -> Invoice {
        let due = today.advanced(by: -offset)
        return Invoice(number: InvoiceNumber(number), customerID: CustomerID(customer), issueDate: due.advanced(by: -30), dueDate: due, amount: amount)
    }

    func plan(_ invoices: [Invoice], customers: [Customer] = [Customer(id: "C1", name: "Acme")], policy: DunningPolicy? = nil) throws -> DunningPlan {
        try DunningPlanner(policy: policy ?? self.policy).plan(customers: customers, items: invoices.map { DunningItem(invoice: $0) }, profiles: [:], asOf: today)
    }

    struct MinimumCase: Sendable, CustomTestStringConvertible {
        let name: String
        let currency: String
        let amount: String
        let chased: Bool
        /// The threshold as the reason must state it.
        let threshold: String
        var testDescription: String { name }
    }

    // Each case is one the old code (raw minor units, 5000 for everyone) decided the other way, or
    // without naming the currency's threshold.
    @Test("the minimum balance is judged in the balance's own currency", arguments: [
        MinimumCase(name: "JPY below the converted minimum (6000 JPY is above 5000 minor units)", currency: "JPY", amount: "6000", chased: false,
                    threshold: "7463 JPY (50.00 USD converted at 1 JPY = 0.0067 USD, rounded half away from zero)"),
        MinimumCase(name: "JPY above the converted minimum", currency: "JPY", amount: "9000", chased: true,
                    threshold: "7463 JPY (50.00 USD converted at 1 JPY = 0.0067 USD, rounded half away from zero)"),
        MinimumCase(name: "KWD below the converted minimum (10.000 KWD is 10000 minor units)", currency: "KWD", amount: "10.000", chased: false,
                    threshold: "15.385 KWD (50.00 USD converted at 1 KWD = 3.25 USD, rounded half away from zero)"),
        MinimumCase(name: "KWD above the converted minimum", currency: "KWD", amount: "20.000", chased: true,
                    threshold: "15.385 KWD (50.00 USD converted at 1 KWD = 3.25 USD, rounded half away from zero)"),
        MinimumCase(name: "EUR below its own minimum", currency: "EUR", amount: "80.00", chased: false, threshold: "100.00 EUR (the policy's own EUR amount)"),
        MinimumCase(name: "EUR above its own minimum", currency: "EUR", amount: "120.00", chased: true, threshold: "100.00 EUR (the policy's own EUR amount)"),
        MinimumCase(name: "USD by the base amount", currency: "USD", amount: "40.00", chased: false, threshold: "50.00 USD (the policy's amount)"),
    ])
    func minimumBalance(_ example: MinimumCase) throws {
        let currency = try #require(Currency(code: example.currency))
        let amount = try money(example.amount, currency)
        let result = try plan([invoice("I1", due: 3, amount)])
        if example.chased {
            let action = try #require(result.actions.first)
            #expect(action.total == amount)
            #expect(action.reason.contains("is not below the minimum balance of \(example.threshold)"), "\(action.reason)")
        } else {
            #expect(result.actions.isEmpty)
            let skip = try #require(result.skipped.first)
            #expect(skip.reason == "below the minimum balance: balance due \(amount) is below the minimum of \(example.threshold)")
        }
    }

    @Test("a customer with USD and EUR balances: each judged in its own currency, never added together")
    func twoCurrencies() throws {
        // 1000.00 USD and 30.00 EUR: the EUR balance is below EUR's minimum (100.00) and is left
        // alone; the old code chased both because one currency was above 5000 minor units.
        let mixed = try plan([invoice("U1", due: 3, try money("1000.00", usd)), invoice("E1", due: 3, try money("30.00", eur))])
        #expect(mixed.actions.map(\.invoices) == [["U1"]])
        #expect(mixed.skipped.map(\.reason) == ["below the minimum balance: balance due 30.00 EUR is below the minimum of 100.00 EUR (the policy's own EUR amount)"])

        // 1000.00 USD and 150.00 EUR: the EUR balance alone is small (below 250.00 EUR), so only the
        // EUR invoice takes the small-balance path (five days later: the friendly reminder on day 3);
        // the old code added 1150 together and treated neither as small.
        let small = try plan([invoice("U1", due: 3, try money("1000.00", usd)), invoice("E1", due: 3, try money("150.00", eur))])
        let usdAction = try #require(small.actions.first { $0.total.currency == usd })
        let eurAction = try #require(small.actions.first { $0.total.currency == eur })
        #expect(usdAction.stepID == "firm_follow_up")
        #expect(!usdAction.reason.contains("small balance"))
        #expect(eurAction.stepID == "friendly_reminder")
        #expect(eurAction.reason.contains("small balance 150.00 EUR (below the small balance of 250.00 EUR (the policy's own EUR amount))"), "\(eurAction.reason)")
    }

    @Test("the approval amount follows the action's currency", arguments: [
        // 6,000,000 JPY is about 40,200 USD: below the 50,000.00 USD approval amount (old code: above 5,000,000 minor units).
        ("JPY", "6000000", false, "7462687 JPY"),
        ("JPY", "8000000", true, "7462687 JPY (50000.00 USD converted at 1 JPY = 0.0067 USD, rounded half away from zero)"),
        // 10,000.000 KWD is 10,000,000 minor units but only 32,500 USD.
        ("KWD", "10000.000", false, "15384.615 KWD"),
        ("KWD", "16000.000", true, "15384.615 KWD (50000.00 USD converted at 1 KWD = 3.25 USD, rounded half away from zero)"),
        ("EUR", "50000.01", true, "50000.00 EUR (the policy's own EUR amount)"),
    ])
    func approval(code: String, amount: String, needsApproval: Bool, threshold: String) throws {
        let currency = try #require(Currency(code: code))
        let total = try money(amount, currency)
        let action = try #require(try plan([invoice("I1", due: 3, total)]).actions.first)
        #expect(action.requiresApproval == needsApproval)
        if needsApproval {
            #expect(action.reason.contains("amount \(total) is above the approval threshold of \(threshold)"), "\(action.reason)")
        }
    }

    @Test("high-value revenue is judged in the revenue's own currency", arguments: [
        // 120,000,000 JPY (about 804,000 USD) is not high value; the old code compared 120,000,000 minor units with 100,000,000.
        ("JPY", "120000000", false),
        ("JPY", "150000000", true),
        // 200,000.000 KWD is 650,000 USD.
        ("KWD", "200000.000", false),
        ("KWD", "310000.000", true),
        ("EUR", "1000000.00", true),
    ])
    func highValue(code: String, revenue: String, isHighValue: Bool) throws {
        let currency = try #require(Currency(code: code))
        let annual = try money(revenue, currency)
        let customer = Customer(id: "C1", name: "Acme", annualRevenue: annual, accountOwner: "Maria")
        let action = try #require(try plan([invoice("I1", due: 3, try money("1000.00", usd))], customers: [customer]).actions.first)
        #expect((action.kind == .callTask) == isHighValue)
        if isHighValue {
            #expect(action.reason.contains("high-value relationship (annual revenue \(annual), at or above "), "\(action.reason)")
        }
    }

    @Test("a currency with neither an amount of its own nor a rate refuses the plan, naming it and the fix")
    func missingRate() throws {
        let invoices = [invoice("U1", due: 3, try money("1000.00", usd)), invoice("F1", "C2", due: 3, try money("900.00", chf))]
        let customers = [Customer(id: "C1", name: "Acme"), Customer(id: "C2", name: "Helvetia")]
        #expect(throws: ThresholdError.noAmount([chf: ["minimum_balance", "small_balance", "approval_above"]], base: usd)) {
            try plan(invoices, customers: customers)
        }
        do {
            _ = try plan(invoices, customers: customers)
        } catch {
            #expect("\(error)".contains("no amount for CHF (minimum_balance, small_balance, approval_above)"))
            #expect("\(error)".contains("[thresholds.CHF]") && "\(error)".contains("CHF = \"1.08 USD\""))
        }
        // A revenue in a currency without a rate is refused too.
        let revenue = [Customer(id: "C1", name: "Acme", annualRevenue: try money("500000.00", chf))]
        #expect(throws: ThresholdError.noAmount([chf: ["high_value_revenue"]], base: usd)) {
            try plan([invoice("U1", due: 3, try money("1000.00", usd))], customers: revenue)
        }
        // With the rate, the same plan goes through and says how CHF was judged.
        var withRate = policy
        withRate.rates.set(try DecimalRate(parsing: "1.12"), for: chf)
        let action = try #require(try plan(invoices, customers: customers, policy: withRate).actions.first { $0.customerID == "C2" })
        #expect(action.reason.contains("not below the minimum balance of 44.64 CHF (50.00 USD converted at 1 CHF = 1.12 USD, rounded half away from zero)"), "\(action.reason)")
    }

    @Test("open amounts that add up past the largest amount are an error naming the customer, not a crash")
    func overflow() throws {
        let half = Money(minorUnits: Int64.max / 2 + 1, currency: usd)
        #expect(throws: ThresholdError.totalOverflow(customer: "C1", currency: usd, invoices: ["I1", "I2"])) {
            try plan([invoice("I1", due: 3, half), invoice("I2", due: 3, half)])
        }
        // The same amounts in two currencies are never added together: no overflow.
        var policy = self.policy
        policy.approvalAbove = MoneyThreshold(Money(minorUnits: Int64.max, currency: usd), overrides: [Money(minorUnits: Int64.max, currency: eur)])
        let result = try plan([invoice("I1", due: 3, half), invoice("I2", due: 3, Money(minorUnits: half.minorUnits, currency: eur))], policy: policy)
        #expect(result.actions.count == 2)
    }

    @Test("conversion: one exact fraction, rounded once, half away from zero", arguments: [
        ("50.00", "USD", "EUR", "46.30"),      // 46.296…
        ("1.00", "USD", "KWD", "0.125"),       // 1 / 8 exactly, in three digits
        ("0.01", "USD", "KWD", "0.001"),       // 1.25 fils rounds down
        ("0.02", "USD", "KWD", "0.003"),       // 2.5 fils: the half goes away from zero
        ("0.02", "USD", "JPY", "3"),           // 0.02 / 0.0067 = 2.985…
        ("0.05", "USD", "EUR", "0.05"),        // 0.0463 → 0.05
        ("50.00", "EUR", "JPY", "8060"),       // through USD: 50 × 1.08 / 0.0067 = 8059.70…
        ("1.000", "KWD", "USD", "3.25"),
    ])
    func conversion(amount: String, from: String, to: String, expected: String) throws {
        var rates = ExchangeRates(quote: usd)
        rates.set(try DecimalRate(parsing: "1.08"), for: eur)
        rates.set(try DecimalRate(parsing: "0.0067"), for: jpy)
        rates.set(try DecimalRate(parsing: to == "KWD" ? "8" : "3.25"), for: kwd)
        let source = try #require(Currency(code: from)), target = try #require(Currency(code: to))
        let converted = try rates.convert(try money(amount, source), to: target)
        let wanted = try money(expected, target)
        #expect(converted == wanted)
    }

    @Test("a conversion too large for an amount is an error, not a trap")
    func conversionOverflow() throws {
        var policy = self.policy
        policy.rates.set(try DecimalRate(parsing: "0.0000000001"), for: jpy)
        policy.minimumBalance = MoneyThreshold(Money(minorUnits: Int64.max / 10, currency: usd))
        #expect(throws: ThresholdError.conversionOverflow(threshold: "minimum_balance", amount: policy.minimumBalance.base, currency: jpy)) {
            try plan([invoice("J1", due: 3, try money("1000", jpy))], policy: policy)
        }
    }

    @Test("rates are exact decimals: mistakes are refused", arguments: [
        ("0", DecimalRateError.notPositive), ("0.000", .notPositive), ("-1.08", .notADecimal), ("1.2.3", .notADecimal), ("abc", .notADecimal),
        ("1,08", .notADecimal), ("", .notADecimal), ("1.12345678901", .tooManyDecimals(allowed: 10)), ("99999999999999999999", .outOfRange),
    ])
    func rateMistakes(text: String, error: DecimalRateError) {
        #expect(throws: error) { try DecimalRate(parsing: text) }
    }
}
