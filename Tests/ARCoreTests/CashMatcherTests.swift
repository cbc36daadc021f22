import ARCore
import Testing

@Suite("Cash application: references, payers, amounts")
struct CashMatcherTests {
    let usd = Currency.usd
    let day = CalendarDate(iso: "2026-06-30")!

    func money(_ cents: Int64) -> Money { Money(minorUnits: cents, currency: usd) }

    func invoice(_ number: String, _ customer: String, _ cents: Int64, issued: String = "2026-05-01", po: String? = nil, open: Int64? = nil) -> Invoice {
        let issue = CalendarDate(iso: issued)!
        return Invoice(number: InvoiceNumber(number), customerID: CustomerID(customer), issueDate: issue, dueDate: issue.advanced(by: 30),
                       amount: money(cents), openAmount: open.map(money), poNumber: po)
    }

    var customers: [Customer] {
        [Customer(id: "C1", name: "Acme International Trading Inc."), Customer(id: "C2", name: "Globex GmbH"),
         Customer(id: "C3", name: "Initech LLC"), Customer(id: "C4", name: "Initech Europe B.V.", parentID: "C3")]
    }

    var invoices: [Invoice] {
        [invoice("INV-2024-01234", "C1", 150_000, po: "PO-7781"), invoice("INV-2024-01235", "C1", 20_000),
         invoice("INV-2024-01240", "C1", 33_050), invoice("INV-2024-00777", "C2", 99_900),
         invoice("INV-2024-00778", "C2", 99_900, issued: "2026-05-10"), invoice("INV-2024-00900", "C3", 45_000),
         invoice("INV-2024-00901", "C4", 12_345)]
    }

    func history() -> PayerKnowledge {
        PayerKnowledge(history: [
            receipt("H1", account: "DE89 3704 0044 0532 0130 00", name: "ACME INTL TRADING", customer: "C1", remittance: "INV-2023-00001"),
            receipt("H2", account: "GB29NWBK60161331926819", name: "GLOBEX", customer: "C2", remittance: nil),
            receipt("H3", account: "GB29NWBK60161331926819", name: "GLOBEX", customer: "C2", remittance: nil),
            receipt("H4", account: "GB29NWBK60161331926819", name: "GLOBEX", customer: "C2", remittance: nil),
            receipt("H5", account: "US11INITECH000001", name: "INITECH LLC", customer: "C4", remittance: "subsidiary invoice"),
        ])
    }

    func receipt(_ id: String, account: String, name: String, customer: String, remittance: String?) -> HistoricalReceipt {
        HistoricalReceipt(payment: Payment(id: PaymentID(id), valueDate: day.advanced(by: -90), amount: money(100), payerName: name,
                                           payerAccount: account, remittance: remittance, customerID: CustomerID(customer)),
                          customerID: CustomerID(customer), invoiceNumbers: ["INV-2023-00001"])
    }

    func decide(_ cents: Int64, name: String? = nil, account: String? = nil, remittance: String? = nil,
                date: String = "2026-06-30", policy: MatchingPolicy = MatchingPolicy()) -> MatchDecision {
        let ledger = CashApplicationLedger(customers: customers, openInvoices: invoices, knowledge: history())
        let payment = IncomingPayment(id: "P", valueDate: CalendarDate(iso: date)!, amount: money(cents), payerName: name,
                                      payerAccount: account, remittance: remittance)
        return CashMatcher(policy: policy).decide(payment, in: ledger)
    }

    func applied(_ decision: MatchDecision) -> [String: Int64] {
        Dictionary(uniqueKeysWithValues: (decision.applied?.allocations ?? []).map { ($0.invoice.rawValue, $0.amount.minorUnits) })
    }

    @Test("invoice numbers written differently still name the invoice", arguments: [
        "Invoice 2024-1234", "inv202401234", "INV-2024-01234", "Payment INV 2024 01234 thanks", "RE: INV-2024-O1234",
        "invoice 2024/1234", "INV-2024-01243 typo? no: 2024-01234",
    ])
    func references(remittance: String) {
        let decision = decide(150_000, name: "ACME INTL TRADING", remittance: remittance)
        #expect(decision.outcome == .auto, "\(decision.summary)")
        #expect(applied(decision) == ["INV-2024-01234": 150_000])
    }

    @Test("a swapped pair of digits or a PO number still finds the invoice when the amount agrees")
    func weakReferences() {
        let transposed = decide(150_000, account: "DE89370400440532013000", remittance: "INV-2024-01243")
        #expect(applied(transposed) == ["INV-2024-01234": 150_000], "\(transposed.proposals.first?.reasons ?? [])")
        let po = decide(150_000, name: "Acme International Trading", remittance: "our PO 7781")
        #expect(applied(po) == ["INV-2024-01234": 150_000])
    }

    @Test("dates in the remittance are not references")
    func dates() {
        #expect(RemittanceTokens.looksLikeDate("2026-06-30"))
        #expect(RemittanceTokens.looksLikeDate("30.06.2026"))
        #expect(RemittanceTokens.looksLikeDate("2026-6"))
        #expect(RemittanceTokens.looksLikeDate("20260630"))
        #expect(!RemittanceTokens.looksLikeDate("2024-01234"))
        let decision = decide(45_000, name: "Unknown Co", remittance: "transfer 2024-09-00 2026-06-30")
        #expect(decision.outcome != .auto)
    }

    @Test("several invoices in one payment, with and without references")
    func several() {
        let listed = decide(203_050, name: "ACME INTL TRADING", remittance: "INV-2024-01234, INV-2024-01235, INV-2024-01240")
        #expect(applied(listed) == ["INV-2024-01234": 150_000, "INV-2024-01235": 20_000, "INV-2024-01240": 33_050])
        let unlisted = decide(53_050, account: "DE89370400440532013000", remittance: "payment")
        #expect(unlisted.outcome == .auto, "\(unlisted.summary)")
        #expect(applied(unlisted) == ["INV-2024-01235": 20_000, "INV-2024-01240": 33_050])
    }

    @Test("short by a bank fee or a discount: applied, the difference recorded to follow up")
    func shortPayments() throws {
        let fee = decide(148_500, name: "ACME INTL TRADING", remittance: "INV-2024-01234")
        let allocation = try #require(fee.applied?.allocations.first)
        #expect(allocation.amount.minorUnits == 148_500)
        #expect(allocation.adjustment?.minorUnits == 1_500)
        #expect(allocation.adjustmentReason == .bankFee)
        // 2% of 1,500.00 is 30.00, paid within 10 days of issue.
        let discount = decide(147_000, name: "ACME INTL TRADING", remittance: "INV-2024-01234", date: "2026-05-08")
        #expect(discount.applied?.allocations.first?.adjustmentReason == .earlyPaymentDiscount)
        #expect(discount.applied?.allocations.first?.adjustment?.minorUnits == 3_000)
    }

    @Test("partial and over-payments: the rest stays open or is held on account")
    func partialAndOver() throws {
        let partial = decide(100_000, account: "DE89370400440532013000", remittance: "INV-2024-01234")
        #expect(applied(partial) == ["INV-2024-01234": 100_000])
        let over = decide(160_000, account: "DE89370400440532013000", remittance: "INV-2024-01234")
        let proposal = try #require(over.applied)
        #expect(applied(over) == ["INV-2024-01234": 150_000])
        #expect(proposal.unapplied.minorUnits == 10_000)
        // The invariant: allocations plus unapplied equal the payment.
        #expect(try proposal.allocations.reduce(proposal.unapplied) { try $0 + $1.amount } == money(160_000))
    }

    @Test("two equal invoices and no reference: the oldest first, or review when the policy says so")
    func equalAmounts() {
        let fifo = decide(99_900, account: "GB29 NWBK 6016 1331 9268 19")
        #expect(applied(fifo) == ["INV-2024-00777": 99_900])
        let strict = decide(99_900, account: "GB29NWBK60161331926819", policy: MatchingPolicy(oldestFirstForEqualAmounts: false))
        #expect(strict.outcome == .review)
        #expect(Set(strict.proposals.flatMap(\.invoices)) == ["INV-2024-00777", "INV-2024-00778"])
    }

    @Test("a parent's account pays a subsidiary's invoice")
    func parentPays() {
        let decision = decide(12_345, account: "US11INITECH000001")
        #expect(applied(decision) == ["INV-2024-00901": 12_345], "\(decision.summary)")
    }

    @Test("interest, transfers and unknown payers are never posted")
    func nonCustomer() {
        #expect(decide(45_000, name: "OUR BANK NA", remittance: "INTEREST CREDIT JUNE 2026").outcome != .auto)
        #expect(decide(12_345, name: "Someone Else", account: "FR7630006000011234567890189").outcome != .auto)
        #expect(decide(-5_000, name: "ACME INTL TRADING", remittance: "INV-2024-01234").outcome == .unmatched)
    }

    @Test("a reference contradicted by the payer is not posted")
    func contradictedPayer() {
        // Globex's known account names Acme's invoice but pays a different amount: a person looks.
        let decision = decide(100_000, account: "GB29NWBK60161331926819", remittance: "INV-2024-01234")
        #expect(decision.outcome == .review)
    }

    @Test("a batch never applies more than is open")
    func batchInvariant() throws {
        var ledger = CashApplicationLedger(customers: customers, openInvoices: invoices, knowledge: history())
        let payments = (0..<3).map { index in
            IncomingPayment(id: PaymentID("P\(index)"), valueDate: day, amount: money(150_000), payerName: "ACME INTL TRADING", remittance: "INV-2024-01234")
        }
        let decisions = CashMatcher().apply(payments, to: &ledger)
        let posted = decisions.compactMap(\.applied).flatMap(\.allocations).filter { $0.invoice == "INV-2024-01234" }
        #expect(posted.reduce(0) { $0 + $1.amount.minorUnits } == 150_000)
        #expect(ledger.items["INV-2024-01234"]?.open.isZero == true)
        for decision in decisions {
            for proposal in decision.proposals {
                #expect(try proposal.allocations.reduce(proposal.unapplied) { try $0 + $1.amount } == decision.payment.amount)
            }
        }
    }

    @Test("every decision explains itself")
    func explanations() {
        let decision = decide(150_000, name: "ACME INTL TRADING", remittance: "Invoice 2024-1234")
        let reasons = decision.proposals.first?.reasons.joined(separator: " | ") ?? ""
        #expect(reasons.contains("names invoice INV-2024-01234"))
        #expect(reasons.contains("amount 1500.00 USD equals the open amount"))
    }

    @Test("payer names compare through case, legal forms and truncation")
    func names() {
        #expect(PayerName("ACME INTERNATIONAL TRA").similarity(to: PayerName("Acme International Trading Inc.")) >= 900)
        #expect(PayerName("Globex G.m.b.H.").similarity(to: PayerName("GLOBEX")) == 1000)
        #expect(PayerName("Initech Europe").similarity(to: PayerName("Acme International Trading")) < 500)
    }
}

@Suite("Cash application: payers found in free text")
struct PayerTextTests {
    let usd = Currency.usd
    let day = CalendarDate(iso: "2026-06-30")!

    func receipt(_ id: String, _ customer: String, account: String, name: String) -> HistoricalReceipt {
        HistoricalReceipt(payment: Payment(id: PaymentID(id), valueDate: day.advanced(by: -90), amount: Money(minorUnits: 10_000, currency: usd),
                                           payerName: name, payerAccount: account, customerID: CustomerID(customer)),
                          customerID: CustomerID(customer), invoiceNumbers: [InvoiceNumber("OLD-\(id)")])
    }

    var index: PayerTextIndex {
        let customers = [Customer(id: "A", name: "Silver Birch Foods Hevuba Inc."), Customer(id: "B", name: "Red Maple Systems Ko Ltd"),
                         Customer(id: "C", name: "Granite Motors Zi LLC")]
        let knowledge = PayerKnowledge(history: [
            receipt("1", "A", account: "US12BANK1000004181", name: "SILVER BIRCH FOODS HEVUBA"),
            receipt("2", "B", account: "US13BANK1000014181", name: "RED MAPLE SYSTEMS KO"),
            receipt("3", "C", account: "US14BANK1000024181", name: "GRANITE MOTORS ZI"),
        ])
        return PayerTextIndex(customers: customers, knowledge: knowledge)
    }

    func best(_ text: String) -> [CustomerID: PayerTextIndex.Hit.Kind] {
        var kinds: [CustomerID: PayerTextIndex.Hit.Kind] = [:]
        for hit in index.payers(in: text) where hit.receipts * 10 >= hit.totalReceipts * 9 { kinds[hit.customer] = max(kinds[hit.customer] ?? hit.kind, hit.kind) }
        return kinds
    }

    @Test("a masked account shared by several customers points at the one whose name the text also holds")
    func maskedShared() {
        #expect(best("SILVER BIRCH FOODS HEV ACCT ****4181 MONTHLY PAYMENT") == ["A": .maskedAccount])
        #expect(best("ACCT ****4181 MONTHLY PAYMENT").isEmpty)
    }

    @Test("accounts whole, in groups and without their prefix; names in any order, cut and punctuated")
    func found() {
        #expect(best("PAYMENT US13 BANK 1000 0141 81 THANK YOU")["B"] == .account)
        #expect(best("ACCT 1000024181 PAYMENT")["C"] == .accountTail)
        #expect(best("MOTORS GRANITE ZI, L.L.C. PAYMENT")["C"] == .alias)
        #expect(best("RED-MAPLE-SYSTEMS-KO PAYMENT")["B"] == .alias)
        #expect(best("INVOICE 1234 PAYMENT THANK YOU").isEmpty)
    }
}

extension PayerTextTests {
    @Test("a masked account and a name cut short: the one candidate whose name fits best enough")
    func maskedAndCut() {
        #expect(best("GRANITE MOTO ****4181") == ["C": .maskedAccount])
        #expect(best("GRANITE ****4181").isEmpty, "a word of the name is not enough")
    }
}

extension CashMatcherTests {
    @Test("a reference cut by a record break and joined with a space still names its invoice")
    func cutReference() {
        let decision = decide(203_050, name: "ACME INTL TRADING", remittance: "INV-2024-01234 INV-2024-012 35 INV-2024-01240")
        #expect(applied(decision) == ["INV-2024-01234": 150_000, "INV-2024-01235": 20_000, "INV-2024-01240": 33_050], "\(decision.summary)")
        // Named, not merely found as the rest of the amount.
        #expect(decision.applied?.reasons.contains("remittance 'INV-2024-012 35' names invoice INV-2024-01235 (written the same)") == true,
                "\(decision.applied?.reasons ?? [])")
    }
}
