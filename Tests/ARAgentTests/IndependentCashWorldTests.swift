import ARAgent
import ARCore
import Testing

/// The test set's generator: the same world for a seed, answers that add up and point at
/// invoices the payer owes, and every statement rendering read back by our parsers as the
/// credits that were written.
@Suite("Independent cash application world")
struct IndependentCashWorldTests {
    static let asOf = CalendarDate(iso: "2026-06-30")!
    static let size = CashApplicationWorld.Size(customers: 300, openInvoices: 3_000, payments: 1_500)

    @Test("a seed is always the same world, another seed another one")
    func deterministic() {
        let first = IndependentCashWorld(seed: 42, size: Self.size, asOf: Self.asOf)
        let again = IndependentCashWorld(seed: 42, size: Self.size, asOf: Self.asOf)
        let other = IndependentCashWorld(seed: 43, size: Self.size, asOf: Self.asOf)
        #expect(first.customers == again.customers)
        #expect(first.invoices == again.invoices)
        #expect(first.history == again.history)
        #expect(first.payments == again.payments)
        #expect(first.truth == again.truth)
        #expect(first.credits == again.credits)
        #expect(first.payments != other.payments)
        #expect(first.customers.map(\.name) != other.customers.map(\.name))
    }

    @Test("every credit's answer adds up and names invoices its payer owes", arguments: [UInt64(1), 7, 99])
    func consistent(seed: UInt64) throws {
        let world = IndependentCashWorld(seed: seed, size: Self.size, asOf: Self.asOf)
        #expect(world.payments.count == Self.size.payments)
        let invoices = Dictionary(uniqueKeysWithValues: world.invoices.map { ($0.number, $0) })
        let parents = Dictionary(uniqueKeysWithValues: world.customers.map { ($0.id, $0.parentID) })
        var paidBy: [InvoiceNumber: PaymentID] = [:]
        var counts: [IndependentPattern: Int] = [:]
        for payment in world.payments {
            let truth = try #require(world.truth[payment.id])
            let credit = try #require(world.credits[payment.id])
            counts[credit.pattern, default: 0] += 1
            #expect(truth.pattern == credit.pattern.rawValue)
            #expect(truth.allocations == credit.cash)
            #expect(truth.requiresReview == credit.requiresReview)
            #expect(payment.amount.isPositive, "\(payment.id): a credit")
            #expect(payment.valueDate <= Self.asOf && payment.valueDate >= Self.asOf.adding(days: -29), "\(payment.id) on the statement")
            // Cash plus what stays on account is the credit; fee or discount comes on top of the cash.
            #expect(credit.cash.values.reduce(0, +) + credit.unapplied == payment.amount.minorUnits, "\(payment.id) adds up")
            #expect(credit.unapplied >= 0 || credit.cash.isEmpty, "\(payment.id) applies no more than it brings")
            for (number, cash) in credit.cash {
                let invoice = try #require(invoices[number], "\(payment.id) names \(number), which the ledger holds")
                #expect(invoice.status == .open, "\(number) is open")
                #expect(cash > 0)
                #expect(cash + (credit.adjustments[number] ?? 0) <= invoice.openAmount.minorUnits, "\(payment.id) settles no more of \(number) than is open")
                let payer = try #require(credit.payer)
                #expect(invoice.customerID == payer || parents[invoice.customerID] == payer, "\(number) is owed by \(payer) or its subsidiary")
                #expect(invoice.issueDate <= payment.valueDate, "\(number) was issued before it was paid")
                #expect(paidBy.updateValue(payment.id, forKey: number) == nil, "\(number) paid by one credit only")
            }
            for number in credit.adjustments.keys { #expect(credit.cash[number] != nil, "an adjustment only beside cash") }
            switch credit.pattern {
            case .bankInterest, .supplierRefund, .internalTransfer, .cardSettlement, .taxRefund, .returnedPayment:
                #expect(credit.cash.isEmpty && credit.payer == nil)
            case .invoiceNotImported:
                #expect(credit.cash.isEmpty)
                let named = world.notImported.filter { $0.customerID == credit.payer }
                #expect(!named.isEmpty && named.allSatisfy { invoices[$0.number] == nil }, "the invoice it pays is not in the ledger yet")
            case .duplicatePayment:
                #expect(credit.cash.isEmpty && credit.payer != nil)
            case .absurdOverpayment:
                #expect(credit.requiresReview && credit.unapplied > payment.amount.minorUnits / 2)
            case .bankFee, .earlyDiscount:
                let (number, cash) = try #require(credit.cash.first)
                if let adjustment = credit.adjustments[number] {
                    #expect(cash + adjustment == invoices[number]?.openAmount.minorUnits, "fee or discount explains the rest")
                }
            case .multiListed, .multiFirstNamed, .multiUnreferenced:
                #expect(credit.cash.count >= 2, "\(payment.id) pays several invoices")
            default:
                #expect(!credit.cash.isEmpty, "\(credit.pattern) pays invoices")
            }
            if credit.requiresReview { #expect(credit.pattern == .absurdOverpayment || credit.pattern == .misKeyed) }
        }
        // Each pattern is there in about its share (drawn at random; a pattern the world cannot
        // make falls back to an exact reference, which must stay rare).
        for pattern in IndependentPattern.allCases {
            let expected = Self.size.payments * pattern.permille / 1_000
            let seen = counts[pattern] ?? 0
            #expect(seen >= expected / 3 && seen <= expected * 2 + 10, "\(pattern): \(seen) lines, about \(expected) expected")
        }
    }

    @Test("the rail's field lengths cut what the payer wrote")
    func fieldLengths() throws {
        let world = IndependentCashWorld(seed: 5, size: Self.size, asOf: Self.asOf)
        var cut = 0
        for payment in world.payments {
            let credit = try #require(world.credits[payment.id])
            guard credit.payer != nil, credit.pattern != .paymentProcessor else { continue }
            if let name = payment.payerName, credit.presentation == .structured || credit.presentation == .nameOnly {
                #expect(name.count <= credit.channel.nameLength, "\(payment.id): '\(name)' fits the \(credit.channel) name field")
            }
            let text = payment.remittance ?? ""
            switch credit.presentation {
            case .freeTextOnly:
                #expect(payment.payerName == nil && payment.payerAccount == nil)
                #expect(text.count <= (credit.channel == .ach ? 108 : 140), "\(payment.id): '\(text)'")
            default:
                let chequeSerial = credit.channel == .check ? "CHECK 000000 ".count : 0
                #expect(text.count <= credit.channel.remittanceLength + chequeSerial, "\(payment.id): '\(text)'")
            }
            if let written = credit.written, written.count > credit.channel.remittanceLength { cut += 1 }
        }
        #expect(cut > 0, "some remittances are longer than their rail carries")
    }

    @Test("European payers' accounts are IBANs with valid check digits, names as banks write them")
    func accounts() throws {
        let world = IndependentCashWorld(seed: 8, size: Self.size, asOf: Self.asOf)
        var ibans = 0
        for payment in world.payments {
            let credit = try #require(world.credits[payment.id])
            guard credit.channel == .swift, credit.presentation == .structured, credit.pattern != .paymentProcessor,
                  let account = payment.payerAccount else { continue }
            // ISO 13616: the country and check digits moved to the end, letters as 10–35, the number modulo 97 is 1.
            let rearranged = account.dropFirst(4) + account.prefix(4)
            let remainder = rearranged.reduce(0) { remainder, character in
                let value = character.isNumber ? Int(String(character)) ?? 0 : Int(character.asciiValue ?? 0) - 55
                return (value >= 10 ? remainder * 100 + value : remainder * 10 + value) % 97
            }
            #expect(remainder == 1, "\(account) is a valid IBAN")
            ibans += 1
        }
        #expect(ibans > 100)
        let names = world.payments.compactMap(\.payerName)
        #expect(names.contains { $0.contains(" AND ") || $0.contains("+") }, "some banks write & as AND or +")
        #expect(names.contains { $0 == $0.uppercased() } && names.contains { $0 != $0.uppercased() }, "mostly, not always, upper case")
        #expect(!names.contains { $0.contains("ü") || $0.contains("é") }, "no diacritics on a bank's name field")
    }

    @Test("every statement rendering reads back as the credits written", arguments: StatementRendering.allCases)
    func readsBack(rendering: StatementRendering) throws {
        let world = IndependentCashWorld(seed: 11, size: .init(customers: 200, openInvoices: 2_000, payments: 800), asOf: Self.asOf)
        let (text, ids) = rendering.render(world.payments, asOf: Self.asOf)
        let read = try StatementRendering.readBack(Array(text.utf8), ids: ids)
        #expect(read.count == world.payments.count)
        let byID = Dictionary(uniqueKeysWithValues: read.map { ($0.id, $0) })
        for payment in world.payments {
            let back = try #require(byID[payment.id], "\(payment.id) read back")
            #expect(back.amount == payment.amount, "\(payment.id) amount")
            #expect(back.valueDate == payment.valueDate, "\(payment.id) value date")
            if rendering.isFreeText {
                #expect(back.payerName == nil && back.payerAccount == nil, "\(payment.id): \(rendering) has no name or account fields")
                let limit = rendering == .camt053Text ? StatementRendering.camtUnstructuredLength
                    : rendering == .mt940Text ? StatementRendering.mt940DetailsLength : nil
                Self.expectText(back.remittance, written: StatementRendering.freeText(payment), limit: limit, "\(payment.id) \(rendering)")
            } else {
                #expect(Self.squashed(back.payerName) == Self.squashed(payment.payerName), "\(payment.id) \(rendering) name")
                #expect(Self.squashed(back.payerAccount) == Self.squashed(payment.payerAccount), "\(payment.id) \(rendering) account")
                // MT940 keys name, account and remittance into the one 390-character field.
                let keyed = [payment.payerName.map { "/NAME/" + $0 }, payment.payerAccount.map { "/IBAN/" + $0 }, payment.remittance.map { "/REMI/" + $0 }]
                let limit = rendering == .mt940 && keyed.compactMap { $0 }.joined().count > StatementRendering.mt940DetailsLength ? 0 : nil
                if rendering == .bai2 && payment.remittance == nil {
                    // Without labelled remittance, the BAI2 reader keeps the whole text as the remittance.
                    continue
                }
                Self.expectText(back.remittance, written: payment.remittance, limit: limit, "\(payment.id) \(rendering)")
            }
        }
    }

    /// Letters and digits only, upper case: what survives every format's character set and wrapping.
    static func squashed(_ text: String?) -> String { (text ?? "").uppercased().filter { $0.isLetter || $0.isNumber } }

    /// `read` is `written`, or where the format cuts at `limit` (0: somewhere), a beginning of it
    /// that is at most that long.
    static func expectText(_ read: String?, written: String?, limit: Int?, _ what: String) {
        let back = squashed(read), full = squashed(written)
        if full.isEmpty {
            #expect(back.isEmpty || back == "NONE", "\(what): nothing written, '\(read ?? "")' read")
        } else if let limit, (written ?? "").count > limit {
            #expect(full.hasPrefix(back) && !back.isEmpty, "\(what): '\(read ?? "")' begins '\(written ?? "")'")
        } else {
            #expect(back == full, "\(what): '\(read ?? "")' read, '\(written ?? "")' written")
        }
    }
}
