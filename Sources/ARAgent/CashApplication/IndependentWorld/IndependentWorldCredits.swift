import ARCore

/// What the bank shows of one payment: the name and account fields and the text.
struct Shown {
    var name: String?
    var account: String?
    var text: String?
    var presentation: PayerPresentation
}

/// One credit before it goes on the statement.
struct CreditPlan {
    var pattern: IndependentPattern
    var payer: Int?
    var amount: Int64
    var valueDate: CalendarDate
    var written: String?
    var cash: [(Int, Int64)] = []
    var adjustments: [(Int, Int64)] = []
    var requiresReview = false
    /// How the bank shows it; decided from the payer unless set (non-customer credits).
    var shown: Shown?
    var channel: PaymentChannel?
}

extension IndependentWorldBuilder {
    /// Payment platforms that pay on their customers' behalf from one account of their own.
    static let platforms: [(name: String, account: String)] = [
        ("BILL.COM", "1770412889"), ("BILL.COM PAYABLES", "1770412889"), ("AVIDXCHANGE INC", "1205187341"),
        ("PAYPAL", "1770527311"), ("TIPALTI PAYMENTS", "1463105578"), ("CORPAY SOLUTIONS", "1581224750"),
    ]

    /// Texts of payments that carry no usable reference.
    static let emptyRemittances = ["PAYMENT", "SUPPLIER PAYMENT", "INVOICE PAYMENT", "TRANSFER", "AP PAYMENT", "OUR PAYMENT", "PAYMENT THANK YOU"]

    // MARK: - Writing and showing

    /// `invoice`'s number as the payer writes it: its habit mostly, another clerk's style sometimes.
    mutating func reference(_ invoice: Invoice, style: WorldReferences.Style) -> String {
        let used = dice.percent(85) ? style : dice.pick(WorldReferences.Style.allCases)
        return WorldReferences.written(invoice.number.rawValue, style: used, dice: &dice)
    }

    /// The payer's remittance around `refs`, in its habitual frame.
    mutating func frame(_ refs: [String], amounts: [Int64], payer: Int, date: CalendarDate) -> String {
        let p = payers[payer]
        let list = refs.joined(separator: p.separator)
        switch p.frame {
        case 1: return "PAYMENT " + list
        case 2: return list + " THANK YOU"
        case 3: return "PMT RUN " + date.iso.filter { $0 != "-" } + " " + list
        case 4: return "VENDOR " + p.vendorNumber + " " + list
        case 5: return "CUST NO " + p.id.rawValue + " " + list
        case 6 where p.channel == .ach:
            // The EDI remittance segment of CCD+ addenda: reference and amount paid.
            return zip(refs, amounts).map { "RMR*IV*\($0.0)*PI*\(MoneyFormat.decimalString(minorUnits: $0.1, digits: 2))\\" }.joined()
        case 7: return "ADVICE " + dice.digits(7, leadingNonZero: true) + " " + list
        default: return list
        }
    }

    /// How the bank shows a payment from `payer` with `written` remittance, cut at the rail's lengths.
    mutating func present(payer index: Int, written: String?, account: String) -> Shown {
        let p = payers[index]
        let channel = p.channel
        let presentation: PayerPresentation
        switch channel {
        case .ach: presentation = dice.weighted([(.structured, 70), (.nameOnly, 15), (.freeTextOnly, 15)])
        case .wire: presentation = dice.weighted([(.structured, 50), (.freeTextOnly, 35), (.accountOnly, 10), (.maskedAccountOnly, 5)])
        case .swift: presentation = dice.weighted([(.structured, 55), (.freeTextOnly, 35), (.accountOnly, 5), (.maskedAccountOnly, 5)])
        case .check, .book: presentation = dice.weighted([(.nothing, 30), (.nameOnly, 40), (.accountOnly, 20), (.maskedAccountOnly, 10)])
        }
        let name = p.tradingName.flatMap { dice.percent(50) ? $0 : nil } ?? p.bankName
        var remittance = written.map { String($0.prefix(channel.remittanceLength)).trimmingSpaces() }
        if channel == .check, remittance == nil || dice.percent(30) {
            // A cheque deposited without a stub shows its serial number, which looks like a reference.
            remittance = "CHECK " + dice.digits(dice.int(4...6), leadingNonZero: true) + (remittance.map { " " + $0 } ?? "")
        }
        switch presentation {
        case .structured: return Shown(name: name, account: account, text: remittance, presentation: presentation)
        case .nameOnly: return Shown(name: name, account: nil, text: remittance, presentation: presentation)
        case .accountOnly:
            let generic = dice.percent(50) ? dice.pick(["ONLINE BANKING TRANSFER", "BUSINESS ONLINE PAYMENT", "WIRE IN", "DEPOSIT"]) : nil
            let shownAccount = p.routing.map { dice.percent(40) ? "\($0) \(account)" : account } ?? account
            return Shown(name: generic, account: shownAccount, text: remittance, presentation: presentation)
        case .maskedAccountOnly:
            return Shown(name: nil, account: WorldAccounts.masked(account, dice: &dice), text: remittance, presentation: presentation)
        case .nothing: return Shown(name: nil, account: nil, text: remittance, presentation: presentation)
        case .freeTextOnly:
            var accountText = account
            if channel == .swift && dice.percent(50) { accountText = WorldAccounts.grouped(account) }
            if let routing = p.routing { accountText = dice.percent(50) ? "ABA \(routing) ACCT \(account)" : "\(routing) \(account)" }
            if dice.percent(10) { accountText = WorldAccounts.masked(account, dice: &dice) }
            let rest = remittance ?? ""
            let composed: String
            switch dice.weighted([(0, 35), (1, 20), (2, 15), (3, 15), (4, 15)]) {
            case 1: composed = "\(rest) \(name) \(accountText)"
            case 2: composed = "FROM \(name) \(accountText) \(rest)"
            case 3: composed = "\(accountText) \(name) \(rest)"
            case 4: composed = "\(name) \(rest)"
            default: composed = "\(name) \(accountText) \(rest)"
            }
            // Wires squeeze everything into the one 140-character text; ACH keeps its addenda whole.
            let limit = channel == .ach ? 16 + 1 + 10 + 1 + channel.remittanceLength : channel.remittanceLength
            return Shown(name: nil, account: nil, text: String(composed.trimmingSpaces().prefix(limit)).trimmingSpaces(), presentation: presentation)
        }
    }

    /// A platform's payment for `payer`: the platform's name and account, the customer in the text.
    mutating func platformShown(payer index: Int, written: String?) -> Shown {
        let platform = dice.pick(Self.platforms)
        let customer = WorldNames.bankStyle(payers[index].legalName, limit: 35, dice: &dice)
        let text = dice.percent(50) ? "\(customer) \(written ?? "")" : "PAYMENT FROM \(customer) \(written ?? "")"
        return Shown(name: platform.name, account: platform.account, text: String(text.trimmingSpaces().prefix(140)).trimmingSpaces(), presentation: .structured)
    }

    // MARK: - Credits

    mutating func makeCredits() {
        let weights = IndependentPattern.allCases.map { ($0, $0.permille) }
        for _ in 0..<size.payments {
            let pattern = dice.weighted(weights)
            if let plan = credit(pattern) {
                record(plan)
            } else if let plan = credit(.exactReference) {
                record(plan)
            } else {
                record(nonCustomer(.bankInterest))
            }
        }
    }

    /// A random open invoice no credit pays yet whose payer passes `accept`.
    /// `accept` sees the builder as it is and the invoice's index.
    mutating func untargetedInvoice(tries: Int = 60, where accept: (IndependentWorldBuilder, Int) -> Bool = { _, _ in true }) -> Int? {
        guard !openIndices.isEmpty else { return nil }
        for _ in 0..<tries {
            let index = openIndices[dice.int(0...(openIndices.count - 1))]
            if !targeted[index] && accept(self, index) { return index }
        }
        return nil
    }

    func payer(of invoice: Int) -> WorldPayer { payers[specs[invoice].payer] }

    func open(_ invoice: Int) -> Int64 { invoices[invoice].openAmount.minorUnits }

    /// The payer's open invoices no credit pays yet with the same open amount as `invoice`.
    func twins(of invoice: Int) -> [Int] {
        payer(of: invoice).open.filter { !targeted[$0] && invoices[$0].openAmount == invoices[invoice].openAmount }
    }

    func payerIndex(of invoice: Int) -> Int { specs[invoice].payer }

    /// The day a payment of `indices` arrives: on the statement, not before the latest invoice.
    mutating func valueDate(after indices: [Int], within days: Int? = nil) -> CalendarDate {
        let issued = indices.map { invoices[$0].issueDate }.max() ?? statementStart
        let earliest = max(issued, statementStart)
        var latest = asOf
        if let days { latest = min(latest, issued.adding(days: days)) }
        guard earliest < latest else { return earliest }
        return earliest.adding(days: dice.int(0...earliest.distance(to: latest)))
    }

    /// A single reference in the style the pattern calls for.
    mutating func singleReference(_ index: Int, payer: Int, printed: Bool) -> String {
        if printed { return invoices[index].number.rawValue }
        var style = payers[payer].style
        if style == .asPrinted { style = dice.pick(Array(WorldReferences.Style.allCases.dropFirst())) }
        let text = WorldReferences.written(invoices[index].number.rawValue, style: style, dice: &dice)
        return dice.percent(10) ? WorldReferences.mistyped(text, dice: &dice) : text
    }

    /// A reference as printed (half), in the payer's habit (a third) or none.
    mutating func someReference(_ index: Int, payer: Int) -> [String] {
        switch dice.int(0...99) {
        case 0..<50: return [invoices[index].number.rawValue]
        case 50..<85: return [reference(invoices[index], style: payers[payer].style)]
        default: return []
        }
    }

    mutating func written(_ refs: [String], amounts: [Int64], payer: Int, date: CalendarDate) -> String? {
        refs.isEmpty ? (dice.percent(40) ? nil : dice.pick(Self.emptyRemittances)) : frame(refs, amounts: amounts, payer: payer, date: date)
    }

    mutating func credit(_ pattern: IndependentPattern) -> CreditPlan? {
        switch pattern {
        case .exactReference, .referenceVariant, .noReference, .roundedOverpayment, .absurdOverpayment:
            guard let index = untargetedInvoice(where: { w, i in pattern != .roundedOverpayment || w.open(i) % 1_000 != 0 })
            else { return nil }
            let payer = payerIndex(of: index)
            let open = invoices[index].openAmount.minorUnits
            let date = valueDate(after: [index])
            var plan = CreditPlan(pattern: pattern, payer: payer, amount: open, valueDate: date, cash: [(index, open)])
            switch pattern {
            case .noReference: plan.written = written([], amounts: [], payer: payer, date: date)
            case .referenceVariant: plan.written = frame([singleReference(index, payer: payer, printed: false)], amounts: [open], payer: payer, date: date)
            default: plan.written = frame([invoices[index].number.rawValue], amounts: [open], payer: payer, date: date)
            }
            if pattern == .roundedOverpayment {
                let unit: Int64 = open >= 100_000 ? 10_000 : 1_000
                plan.amount = (open / unit + 1) * unit
            }
            if pattern == .absurdOverpayment {
                plan.amount = dice.percent(50) ? open * Int64(dice.pick([100, 1_000])) : open + 100_000_000
                plan.requiresReview = true
            }
            return plan
        case .poReference:
            guard let index = untargetedInvoice(where: { w, i in w.invoices[i].poNumber != nil }), let po = invoices[index].poNumber else { return nil }
            let payer = payerIndex(of: index)
            let open = invoices[index].openAmount.minorUnits
            let date = valueDate(after: [index])
            let text = dice.pick(["PO \(po)", po, "OUR ORDER \(po)", "P.O. \(po)", "BESTELLUNG \(po)"])
            return CreditPlan(pattern: pattern, payer: payer, amount: open, valueDate: date, written: text, cash: [(index, open)])
        case .multiListed, .multiFirstNamed, .multiUnreferenced:
            guard let seed = untargetedInvoice(where: { w, i in w.payer(of: i).open.filter { !w.targeted[$0] }.count >= 2 }) else { return nil }
            let payer = payerIndex(of: seed)
            let available = payers[payer].open.filter { !targeted[$0] }
            let wanted = min(available.count, dice.weighted([(2, 35), (3, 25), (4, 15), (5, 10), (6, 7), (8, 5), (12, 3)]))
            var chosen: [Int]
            if pattern == .multiUnreferenced || dice.percent(60) {
                chosen = Array(available.prefix(wanted))
            } else {
                var pool = available
                chosen = []
                while chosen.count < wanted { chosen.append(pool.remove(at: dice.int(0...(pool.count - 1)))) }
                chosen.sort { (invoices[$0].issueDate, $0) < (invoices[$1].issueDate, $1) }
            }
            let amounts = chosen.map { invoices[$0].openAmount.minorUnits }
            let date = valueDate(after: chosen)
            var plan = CreditPlan(pattern: pattern, payer: payer, amount: amounts.reduce(0, +), valueDate: date,
                                  cash: Array(zip(chosen, amounts)))
            let style = payers[payer].style
            switch pattern {
            case .multiListed:
                var refs: [String] = []
                for index in chosen { refs.append(reference(invoices[index], style: style)) }
                plan.written = frame(refs, amounts: amounts, payer: payer, date: date)
            case .multiFirstNamed:
                let first = reference(invoices[chosen[0]], style: style)
                let more = chosen.count - 1
                plan.written = first + dice.pick([" ETC", " AND OTHERS", " +\(more) MORE", " ET AL", " SEE ADVICE", " AND \(more) MORE INVOICES", " ..."])
            default:
                plan.written = dice.percent(30) ? nil : dice.pick(["STATEMENT PAYMENT", "ACCOUNT PAYMENT", "PAYMENT OF STATEMENT \(WorldReferences.padded(date.month == 1 ? 12 : date.month - 1, 2))", "OPEN ITEMS", "BALANCE PAYMENT"])
            }
            return plan
        case .sameAmountNamed, .sameAmountUnnamed:
            guard let seed = untargetedInvoice(tries: 200, where: { w, i in w.twins(of: i).count >= 2 }) else { return nil }
            let payer = payerIndex(of: seed)
            let group = twins(of: seed)
            let index = dice.percent(60) ? group[0] : group[dice.int(1...(group.count - 1))]
            let open = invoices[index].openAmount.minorUnits
            let date = valueDate(after: [index])
            var plan = CreditPlan(pattern: pattern, payer: payer, amount: open, valueDate: date, cash: [(index, open)])
            plan.written = pattern == .sameAmountNamed
                ? frame([reference(invoices[index], style: payers[payer].style)], amounts: [open], payer: payer, date: date)
                : written([], amounts: [], payer: payer, date: date)
            return plan
        case .bankFee:
            guard let index = untargetedInvoice(where: { w, i in
                (w.payer(of: i).channel == .wire || w.payer(of: i).channel == .swift) && w.open(i) >= 50_000
            }) else { return nil }
            let payer = payerIndex(of: index)
            let open = invoices[index].openAmount.minorUnits
            let fee = Int64(dice.pick([1_000, 1_250, 1_500, 1_800, 2_000, 2_500, 3_000, 3_500, 4_000, 4_500]))
            let date = valueDate(after: [index])
            let refs = someReference(index, payer: payer)
            return CreditPlan(pattern: pattern, payer: payer, amount: open - fee, valueDate: date,
                              written: written(refs, amounts: [open], payer: payer, date: date), cash: [(index, open - fee)], adjustments: [(index, fee)])
        case .earlyDiscount:
            let earned = dice.percent(80)
            guard let index = untargetedInvoice(tries: 200, where: { w, i in
                let p = w.payer(of: i)
                return p.discountPercent > 0 && w.invoices[i].openAmount == w.invoices[i].amount
                    && (!earned || w.invoices[i].issueDate.adding(days: p.discountDays) >= w.statementStart)
            }) else { return nil }
            let payer = payerIndex(of: index)
            let open = invoices[index].openAmount.minorUnits
            let discount = (open * Int64(payers[payer].discountPercent) + 50) / 100
            let date = earned ? valueDate(after: [index], within: payers[payer].discountDays)
                : max(valueDate(after: [index]), min(asOf, invoices[index].issueDate.adding(days: payers[payer].discountDays + 1)))
            let refs = someReference(index, payer: payer)
            return CreditPlan(pattern: pattern, payer: payer, amount: open - discount, valueDate: date,
                              written: written(refs, amounts: [open - discount], payer: payer, date: date),
                              cash: [(index, open - discount)], adjustments: earned ? [(index, discount)] : [])
        case .partial, .shortDeduction:
            guard let index = untargetedInvoice(where: { w, i in w.open(i) >= 20_000 }) else { return nil }
            let payer = payerIndex(of: index)
            let open = invoices[index].openAmount.minorUnits
            let paid: Int64
            if pattern == .partial {
                switch dice.int(0...99) {
                case 0..<40: paid = open / 2
                case 40..<55: paid = open / 3
                case 55..<80: paid = ([250_000, 100_000, 50_000, 25_000, 10_000] as [Int64]).first { $0 < open } ?? open / 2
                default: paid = Int64(dice.int64(open / 10...open * 9 / 10))
                }
            } else {
                paid = open - max(100, open * Int64(dice.int(3...30)) / 100)
            }
            let date = valueDate(after: [index])
            let ref = dice.percent(50) ? invoices[index].number.rawValue : reference(invoices[index], style: payers[payer].style)
            let text: String
            if pattern == .partial {
                text = dice.pick(["PARTIAL PAYMENT \(ref)", "\(ref) PART PAYMENT", "INSTALMENT 1 OF 3 \(ref)", ref, "ABSCHLAG \(ref)"])
            } else {
                let deduction = MoneyFormat.decimalString(minorUnits: open - paid, digits: 2)
                text = dice.pick(["\(ref) LESS \(deduction) DAMAGED", "\(ref) LESS DEBIT MEMO DM-\(dice.digits(4, leadingNonZero: true))",
                                  "\(ref) PRICE DIFFERENCE", ref, "\(ref) SHORT SHIPPED"])
            }
            return CreditPlan(pattern: pattern, payer: payer, amount: paid, valueDate: date, written: text, cash: [(index, paid)])
        case .competingExplanations:
            guard let pairIndex = competingPairs.firstIndex(where: { !targeted[$0.0] && !targeted[$0.1] }) else { return nil }
            let (a, b) = competingPairs.remove(at: pairIndex)
            let payer = payerIndex(of: a)
            let p = payers[payer]
            let amount = invoices[b].openAmount.minorUnits
            let openA = invoices[a].openAmount.minorUnits
            var plan = CreditPlan(pattern: pattern, payer: payer, amount: amount, valueDate: valueDate(after: [a, b]))
            plan.written = written([], amounts: [], payer: payer, date: plan.valueDate)
            // Fees (on wires) and discounts are common, so either explanation is as likely as
            // the exact one; a part payment that happens to equal another open invoice is rare.
            let feeOrDiscountPossible = p.channel == .wire || p.channel == .swift || p.discountPercent > 0
            let paidTheOther = dice.percent(feeOrDiscountPossible ? 40 : 10)
            if !paidTheOther {
                plan.cash = [(b, amount)]
            } else if p.channel == .wire || p.channel == .swift {
                plan.cash = [(a, amount)]
                plan.adjustments = [(a, openA - amount)]
            } else if p.discountPercent > 0 {
                plan.cash = [(a, amount)]
                plan.adjustments = [(a, openA - amount)]
                plan.valueDate = valueDate(after: [a], within: p.discountDays)
            } else {
                plan.cash = [(a, amount)]   // A paid in part
            }
            return plan
        case .misKeyed:
            guard let index = untargetedInvoice(where: { w, i in w.open(i) >= 10_000 }) else { return nil }
            let payer = payerIndex(of: index)
            let open = invoices[index].openAmount.minorUnits
            var digits = Array(String(open))
            let swaps = (0..<(digits.count - 1)).filter { digits[$0] != digits[$0 + 1] && !($0 == 0 && digits[1] == "0") }
            guard !swaps.isEmpty else { return nil }
            let at = dice.pick(swaps)
            digits.swapAt(at, at + 1)
            let paid = Int64(String(digits)) ?? open
            let date = valueDate(after: [index])
            let refs = dice.percent(60) ? [invoices[index].number.rawValue] : [reference(invoices[index], style: payers[payer].style)]
            var plan = CreditPlan(pattern: pattern, payer: payer, amount: paid, valueDate: date,
                                  written: frame(refs, amounts: [paid], payer: payer, date: date))
            plan.cash = [(index, min(paid, open))]
            plan.requiresReview = paid > open && (paid - open) * 100 >= open * Int64(Self.materialOverpaymentPercent)
            return plan
        case .parentPays:
            guard let index = untargetedInvoice(tries: 200, where: { w, i in w.payer(of: i).parent != nil }),
                  let parent = payers[payerIndex(of: index)].parent else { return nil }
            let open = invoices[index].openAmount.minorUnits
            let date = valueDate(after: [index])
            var text = frame([reference(invoices[index], style: payers[parent].style)], amounts: [open], payer: parent, date: date)
            if dice.percent(30) { text = "FOR \(payers[payerIndex(of: index)].bankName) \(text)" }
            return CreditPlan(pattern: pattern, payer: parent, amount: open, valueDate: date, written: text, cash: [(index, open)])
        case .paymentProcessor:
            guard let index = untargetedInvoice() else { return nil }
            let payer = payerIndex(of: index)
            let open = invoices[index].openAmount.minorUnits
            let date = valueDate(after: [index])
            let refs = dice.percent(80) ? [reference(invoices[index], style: payers[payer].style)] : []
            var plan = CreditPlan(pattern: pattern, payer: payer, amount: open, valueDate: date, cash: [(index, open)])
            plan.written = refs.first
            plan.shown = platformShown(payer: payer, written: refs.first)
            plan.channel = .ach
            return plan
        case .invoiceNotImported:
            guard let index = untargetedInvoice() else { return nil }
            let payer = payerIndex(of: index)
            let number = nextNumber(series: payers[payer].series, year: asOf.year)
            var amount = payers[payer].subscription ?? 0
            if amount == 0 { amount = invoiceAmount() }
            let issue = asOf.adding(days: -dice.int(0...4))
            let invoice = Invoice(number: InvoiceNumber(number), customerID: payers[payer].id, issueDate: issue,
                                  dueDate: issue.adding(days: payers[payer].terms), amount: Money(minorUnits: amount, currency: .usd))
            world.notImported.append(invoice)
            let date = max(statementStart, asOf.adding(days: -dice.int(0...6)))
            let ref = dice.percent(60) ? number : WorldReferences.written(number, style: payers[payer].style, dice: &dice)
            return CreditPlan(pattern: pattern, payer: payer, amount: amount, valueDate: date,
                              written: frame([ref], amounts: [amount], payer: payer, date: date))
        case .duplicatePayment:
            guard let index = untargetedInvoice(tries: 200, where: { w, i in !w.payer(of: i).settled.isEmpty }) else { return nil }
            let payer = payerIndex(of: index)
            let settled = invoices[dice.pick(payers[payer].settled)]
            let date = valueDate(after: [])
            return CreditPlan(pattern: pattern, payer: payer, amount: settled.amount.minorUnits, valueDate: date,
                              written: frame([reference(settled, style: payers[payer].style)], amounts: [settled.amount.minorUnits], payer: payer, date: date))
        case .bankInterest, .supplierRefund, .internalTransfer, .cardSettlement, .taxRefund, .returnedPayment:
            return nonCustomer(pattern)
        }
    }

    mutating func nonCustomer(_ pattern: IndependentPattern) -> CreditPlan {
        let date = valueDate(after: [])
        var plan = CreditPlan(pattern: pattern, payer: nil, amount: 0, valueDate: date)
        plan.channel = .book
        switch pattern {
        case .bankInterest:
            plan.amount = Int64(dice.int(12...85_000))
            plan.written = dice.pick(["INTEREST CREDIT", "CREDIT INTEREST \(WorldReferences.padded(date.month, 2)) \(date.year)", "INT PAID",
                                      "INTEREST EARNED ON BALANCE", "ACCOUNT ANALYSIS EARNINGS CREDIT"])
            plan.shown = Shown(name: dice.percent(50) ? "FIRST COASTAL BANK" : nil, account: nil, text: plan.written, presentation: .nameOnly)
        case .supplierRefund, .returnedPayment:
            var habits = dice.fork()
            let region = habits.weighted(WorldNames.Region.shares)
            let supplier = WorldNames.bankStyle(WorldNames.legalName(region, dice: &habits), limit: 35, dice: &habits)
            let account = region == .us ? WorldAccounts.usAccount(dice: &habits) : WorldAccounts.iban(region, dice: &habits)
            plan.amount = invoiceAmount()
            if pattern == .supplierRefund {
                plan.written = dice.pick(["REFUND CREDIT NOTE CN-\(dice.digits(5, leadingNonZero: true))",
                                          "REFUND OVERPAYMENT OUR INV \(dice.digits(5, leadingNonZero: true))",
                                          "CREDIT MEMO \(dice.digits(6, leadingNonZero: true)) REFUND", "RETURN OF GOODS RMA \(dice.digits(5, leadingNonZero: true))",
                                          "GUTSCHRIFT \(dice.digits(8, leadingNonZero: true))"])
            } else {
                plan.written = dice.pick(["ACH RETURN R03 NO ACCOUNT UNABLE TO LOCATE", "RETURNED PAYMENT R04 INVALID ACCOUNT NUMBER",
                                          "RETURN OF PAYMENT BENEFICIARY ACCOUNT CLOSED", "WIRE RETURN REF \(dice.digits(8, leadingNonZero: true))"])
            }
            plan.shown = dice.percent(75)
                ? Shown(name: supplier, account: account, text: plan.written, presentation: .structured)
                : Shown(name: nil, account: nil, text: "\(supplier) \(account) \(plan.written ?? "")", presentation: .freeTextOnly)
        case .internalTransfer:
            plan.amount = Int64(dice.pick([5_000, 10_000, 20_000, 25_000, 50_000, 100_000, 250_000])) * 100
            plan.written = dice.pick(["TRANSFER FROM SAVINGS", "SWEEP FROM MONEY MARKET", "BOOK TRANSFER FROM 0004471120", "FUNDING TRANSFER",
                                      "INTERCOMPANY TRANSFER"])
            plan.shown = Shown(name: dice.percent(60) ? "HARBOURLINE COMPONENTS INC" : nil, account: dice.percent(50) ? "0004471120" : nil,
                               text: plan.written, presentation: .structured)
        case .cardSettlement:
            plan.amount = Int64(dice.int(5_000...2_500_000))
            let (name, text) = dice.pick([("VISA USA", "MERCHANT SETTLEMENT MID 445500012 BATCH \(dice.digits(4))"),
                                          ("STRIPE", "STRIPE PAYOUT PO \(dice.digits(10))"), ("AMERICAN EXPRESS", "AMEX EPAYMENT SETTLEMENT \(dice.digits(6))"),
                                          ("MERCHANT BANKCARD", "BANKCARD DEPOSIT \(dice.digits(8))")])
            plan.written = text
            plan.shown = Shown(name: name, account: nil, text: text, presentation: .nameOnly)
        default:
            plan.amount = Int64(dice.int(10_000...4_000_000))
            plan.written = dice.pick(["IRS TREAS 310 TAX REF", "STATE OF CA FTB TAX REFUND", "TX COMPTROLLER REFUND"])
            plan.shown = Shown(name: "US TREASURY", account: nil, text: plan.written, presentation: .nameOnly)
        }
        return plan
    }

    /// Puts `plan` on the statement with its answer.
    mutating func record(_ plan: CreditPlan) {
        paymentSequence += 1
        let id = PaymentID("TW" + WorldReferences.padded(paymentSequence, 8))
        var shown = plan.shown
        if shown == nil, let payer = plan.payer {
            let account = dice.percent(Self.newAccountPercent) ? payers[payer].newAccount : payers[payer].account
            shown = present(payer: payer, written: plan.written, account: account)
        }
        let seen = shown ?? Shown(name: nil, account: nil, text: plan.written, presentation: .nothing)
        for (index, _) in plan.cash { targeted[index] = true }
        var cash: [InvoiceNumber: Int64] = [:]
        for (index, amount) in plan.cash { cash[invoices[index].number, default: 0] += amount }
        var adjustments: [InvoiceNumber: Int64] = [:]
        for (index, amount) in plan.adjustments { adjustments[invoices[index].number, default: 0] += amount }
        let applied = plan.cash.reduce(Int64(0)) { $0 + $1.1 }
        world.payments.append(IncomingPayment(id: id, valueDate: plan.valueDate, amount: Money(minorUnits: plan.amount, currency: .usd),
                                              payerName: seen.name, payerAccount: seen.account, remittance: seen.text))
        world.truth[id] = CashApplicationWorld.Truth(pattern: plan.pattern.rawValue, allocations: cash, requiresReview: plan.requiresReview)
        world.credits[id] = IndependentCredit(
            pattern: plan.pattern, presentation: seen.presentation, channel: plan.channel ?? plan.payer.map { payers[$0].channel } ?? .book,
            payer: plan.payer.map { payers[$0].id }, cash: cash, adjustments: adjustments, unapplied: plan.amount - applied,
            written: plan.written, requiresReview: plan.requiresReview)
    }
}
