import ARCore

/// One customer of the test set with the habits that shape its payments.
struct WorldPayer {
    var id: CustomerID
    var legalName: String
    var region: WorldNames.Region
    var channel: PaymentChannel
    /// The name as the payer's bank writes it.
    var bankName: String
    /// A trading name some payments come under, bank-styled.
    var tradingName: String?
    /// What the bank shows as the payer's account: IBAN, account number or ACH company id.
    var account: String
    var routing: String?
    /// An account the payer has not used before (not in the history).
    var newAccount: String
    var style: WorldReferences.Style
    var frame: Int
    var separator: String
    var series: WorldReferences.Series
    var poStyle: Int?
    var blanketPO: String?
    var discountPercent = 0
    var discountDays = 0
    var subscription: Int64?
    var terms: Int
    var weight: Int
    var parent: Int?
    var hasHistory: Bool
    var usesPlatform: Bool
    var vendorNumber: String
    /// Open and settled invoices (indices into the builder's invoices), oldest first.
    var open: [Int] = []
    var settled: [Int] = []
}

/// An invoice before it is numbered (numbers follow issue dates within each series).
struct InvoiceSpec {
    var payer: Int
    var issue: CalendarDate
    var amount: Int64
    var open: Int64
    var paid: CalendarDate?
    var po: String?
}

/// Builds an ``IndependentCashWorld``: customers, invoices (numbered by issue date), history,
/// then the statement's credits (in `IndependentWorldCredits.swift`).
struct IndependentWorldBuilder {
    let size: CashApplicationWorld.Size
    let asOf: CalendarDate
    /// The statement covers the 30 days up to `asOf`.
    let statementStart: CalendarDate
    var dice: WorldDice
    var payers: [WorldPayer] = []
    var specs: [InvoiceSpec] = []
    var invoices: [Invoice] = []
    /// Invoice index → a credit on the statement pays it already.
    var targeted: [Bool] = []
    /// Open invoice indices, for drawing at random.
    var openIndices: [Int] = []
    /// Pairs (A, B) of one customer's open invoices whose amounts two explanations fit.
    var competingPairs: [(Int, Int)] = []
    var nextMainSequence: [Int: Int] = [:]
    var nextLegacy = WorldReferences.legacyFirstNumber
    var world = IndependentCashWorld.empty
    var paymentSequence = 0

    /// Share of customers per payer habit, percent.
    static let subscriptionPercent = 12
    static let discountPercent = 15
    static let purchaseOrderPercent = 35
    static let tradingNamePercent = 8
    static let subsidiaryPercent = 6
    static let historyPercent = 75
    static let platformUserPercent = 10
    /// Share of payments from an account the history has not seen, percent.
    static let newAccountPercent = 12
    /// A mis-keyed amount this far (percent) or more above the invoice needs a person.
    static let materialOverpaymentPercent = 10

    init(seed: UInt64, size: CashApplicationWorld.Size, asOf: CalendarDate) {
        self.size = size
        self.asOf = asOf
        statementStart = asOf.adding(days: -29)
        dice = WorldDice(seed: seed ^ 0x7E57_5E7_1D3B)
    }

    mutating func build() {
        makePayers()
        makeOpenInvoices()
        makeSettledInvoices()
        numberInvoices()
        makeHistory()
        makeCredits()
        world.customers = payers.enumerated().map { index, payer in
            Customer(id: payer.id, name: payer.legalName, email: "ap\(index)@example.com", paymentTermsDays: payer.terms,
                     currency: .usd, parentID: payer.parent.map { payers[$0].id })
        }
        world.invoices = invoices
        world.payments.sort { ($0.valueDate, $0.id) < ($1.valueDate, $1.id) }
    }

    // MARK: - Customers

    mutating func makePayers() {
        let count = max(1, size.customers)
        for index in 0..<count {
            var habits = dice.fork()
            let region = habits.weighted(WorldNames.Region.shares)
            let legal = WorldNames.legalName(region, dice: &habits)
            let channel: PaymentChannel = region == .us ? habits.weighted([(.ach, 55), (.wire, 25), (.check, 20)]) : .swift
            let bankName = WorldNames.bankStyle(legal, limit: channel.nameLength, dice: &habits)
            let trading = habits.percent(Self.tradingNamePercent)
                ? WorldNames.bankStyle(WorldNames.legalName(region, dice: &habits), limit: channel.nameLength, dice: &habits) : nil
            var routing: String?
            let account: String
            let newAccount: String
            switch channel {
            case .swift:
                account = WorldAccounts.iban(region, dice: &habits)
                newAccount = WorldAccounts.iban(region, dice: &habits)
            case .ach:
                account = WorldAccounts.achCompanyID(dice: &habits)
                newAccount = WorldAccounts.achCompanyID(dice: &habits)
            default:
                routing = WorldAccounts.routingNumber(dice: &habits)
                account = WorldAccounts.usAccount(dice: &habits)
                newAccount = WorldAccounts.usAccount(dice: &habits)
            }
            var payer = WorldPayer(
                id: CustomerID("CU" + String(100_001 + index)), legalName: legal, region: region, channel: channel,
                bankName: bankName, tradingName: trading, account: account, routing: routing, newAccount: newAccount,
                style: habits.weighted(WorldReferences.Style.shares), frame: habits.weighted([(0, 30), (1, 20), (2, 10), (3, 10), (4, 10), (5, 8), (6, 7), (7, 5)]),
                separator: habits.pick([" ", " ", ", ", ";", " / ", " + "]),
                series: habits.percent(WorldReferences.legacyCustomerPercent) ? .legacy : .main,
                poStyle: habits.percent(Self.purchaseOrderPercent) ? habits.int(0...2) : nil,
                terms: habits.weighted([(30, 55), (14, 10), (45, 20), (60, 15)]),
                weight: habits.weighted([(20, 10), (5, 30), (1, 60)]),
                parent: index >= 20 && habits.percent(Self.subsidiaryPercent) ? habits.int(0...(index - 1)) : nil,
                hasHistory: habits.percent(Self.historyPercent), usesPlatform: habits.percent(Self.platformUserPercent),
                vendorNumber: habits.digits(6, leadingNonZero: true))
            if let style = payer.poStyle, habits.percent(20) { payer.blanketPO = WorldReferences.purchaseOrder(style: style, dice: &habits) }
            if habits.percent(Self.discountPercent) {
                payer.discountPercent = region == .us ? 2 : habits.pick([2, 3])
                payer.discountDays = region == .us ? 10 : 14
            }
            if habits.percent(Self.subscriptionPercent) {
                payer.subscription = habits.pick([9_900, 14_900, 24_900, 49_900, 125_000, 240_000, 499_500])
            }
            if let parent = payer.parent, payers[parent].parent != nil { payer.parent = nil }  // one level of parents
            payers.append(payer)
        }
    }

    // MARK: - Invoices

    /// An invoice amount in cents: mostly hundreds to a few thousand dollars, some round.
    mutating func invoiceAmount() -> Int64 {
        let mantissa = Int64(dice.int(100...999))
        let scale: Int64 = dice.weighted([(10, 20), (100, 45), (1_000, 30), (10_000, 5)])
        var cents = mantissa * scale
        switch dice.int(0...9) {
        case 0...3: cents = (cents / 100) * 100                   // whole dollars
        case 4:                                                     // a round price: 5, 25 or 100 dollars a step
            let step: Int64 = cents < 10_000 ? 500 : cents < 100_000 ? 2_500 : 10_000
            cents = max(step, (cents / step) * step)
        default: cents = (cents / 100) * 100 + Int64(dice.int(0...99))
        }
        return max(cents, 1_000)
    }

    mutating func makeOpenInvoices() {
        var cumulative: [Int] = []
        var total = 0
        for payer in payers { total += payer.weight; cumulative.append(total) }
        let target = max(1, size.openInvoices)
        // Subscription customers: the last two to four months are open, same amount each.
        for index in payers.indices {
            guard let monthly = payers[index].subscription else { continue }
            let months = dice.int(2...4)
            for month in 0..<months {
                let issue = asOf.startOfMonth.adding(months: -month)
                let po = purchaseOrder(for: index)
                specs.append(InvoiceSpec(payer: index, issue: issue, amount: monthly, open: monthly, po: po))
            }
        }
        while specs.count < target {
            let roll = dice.int(0...(total - 1))
            var low = 0, high = cumulative.count - 1
            while low < high {
                let middle = (low + high) / 2
                if cumulative[middle] > roll { high = middle } else { low = middle + 1 }
            }
            let issue = dice.percent(80) ? asOf.adding(days: -dice.int(1...75)) : asOf.adding(days: -dice.int(76...270))
            let amount = invoiceAmount()
            var open = amount
            if dice.percent(3) { open = amount - amount / Int64(dice.int(2...5)) }   // paid in part before
            let po = purchaseOrder(for: low)
            specs.append(InvoiceSpec(payer: low, issue: issue, amount: amount, open: open, po: po))
        }
        // Amounts that fit two explanations: beside an open invoice A, an open invoice B of A
        // less a wire fee, less the payer's discount, or (for anyone) a little less.
        let pairs = max(2, size.payments * IndependentPattern.competingExplanations.permille * 3 / 2 / 1_000)
        for _ in 0..<pairs {
            let a = dice.int(0...(specs.count - 1))
            let payer = payers[specs[a].payer]
            let amount = specs[a].open
            guard amount >= 20_000 else { continue }
            let b: Int64
            if payer.channel == .wire || payer.channel == .swift {
                b = amount - Int64(dice.pick([1_000, 1_500, 2_000, 2_500]))
            } else if payer.discountPercent > 0 {
                b = amount - (amount * Int64(payer.discountPercent) + 50) / 100
            } else {
                b = amount - amount / Int64(dice.pick([2, 4, 10]))
            }
            let issue = max(specs[a].issue, asOf.adding(days: -40)).adding(days: dice.int(0...5))
            let po = purchaseOrder(for: specs[a].payer)
            specs.append(InvoiceSpec(payer: specs[a].payer, issue: min(issue, asOf.adding(days: -1)), amount: b, open: b, po: po))
            competingPairs.append((a, specs.count - 1))
        }
    }

    mutating func purchaseOrder(for payer: Int) -> String? {
        guard let style = payers[payer].poStyle else { return nil }
        return payers[payer].blanketPO ?? WorldReferences.purchaseOrder(style: style, dice: &dice)
    }

    /// Settled invoices for the history: one to six past receipts per customer with history,
    /// each of one to three invoices paid before the statement starts.
    var receiptPlans: [(payer: Int, invoices: [Int], paid: CalendarDate)] = []

    mutating func makeSettledInvoices() {
        for index in payers.indices where payers[index].hasHistory {
            let receipts = dice.weighted([(1, 25), (2, 25), (3, 20), (4, 15), (6, 15)])
            for _ in 0..<receipts {
                let paid = statementStart.adding(days: -dice.int(1...200))
                var group: [Int] = []
                for _ in 0..<dice.weighted([(1, 70), (2, 20), (3, 10)]) {
                    var amount = payers[index].subscription ?? 0
                    if amount == 0 { amount = invoiceAmount() }
                    let issue = paid.adding(days: -max(1, payers[index].terms + dice.int(-10...20)))
                    let po = purchaseOrder(for: index)
                    specs.append(InvoiceSpec(payer: index, issue: issue, amount: amount, open: 0, paid: paid, po: po))
                    group.append(specs.count - 1)
                }
                receiptPlans.append((index, group, paid))
            }
        }
    }

    /// Numbers every invoice in issue-date order within its series, and builds the invoices.
    mutating func numberInvoices() {
        let order = specs.indices.sorted { (specs[$0].issue, $0) < (specs[$1].issue, $1) }
        var numbers = Array(repeating: "", count: specs.count)
        for year in Set(specs.map(\.issue.year)).sorted() { nextMainSequence[year] = year < asOf.year ? dice.int(8_000...14_000) : 1 }
        for spec in order {
            numbers[spec] = nextNumber(series: payers[specs[spec].payer].series, year: specs[spec].issue.year)
        }
        invoices.reserveCapacity(specs.count)
        for (index, spec) in specs.enumerated() {
            let terms = payers[spec.payer].terms
            invoices.append(Invoice(number: InvoiceNumber(numbers[index]), customerID: payers[spec.payer].id, issueDate: spec.issue,
                                    dueDate: spec.issue.adding(days: terms), amount: Money(minorUnits: spec.amount, currency: .usd),
                                    openAmount: Money(minorUnits: spec.open, currency: .usd), poNumber: spec.po, paidDate: spec.paid))
            if spec.paid == nil {
                payers[spec.payer].open.append(index)
                openIndices.append(index)
            } else {
                payers[spec.payer].settled.append(index)
            }
        }
        for index in payers.indices {
            payers[index].open.sort { (invoices[$0].issueDate, $0) < (invoices[$1].issueDate, $1) }
        }
        targeted = Array(repeating: false, count: invoices.count)
    }

    mutating func nextNumber(series: WorldReferences.Series, year: Int) -> String {
        switch series {
        case .legacy:
            defer { nextLegacy += dice.int(1...3) }
            return WorldReferences.legacy(nextLegacy)
        case .main:
            let sequence = nextMainSequence[year] ?? 1
            nextMainSequence[year] = sequence + 1
            return WorldReferences.main(year: year, sequence: sequence)
        }
    }

    // MARK: - History

    mutating func makeHistory() {
        for (number, plan) in receiptPlans.enumerated() {
            let invoiceIndices = plan.invoices
            let amount = invoiceIndices.reduce(Int64(0)) { $0 + invoices[$1].amount.minorUnits }
            var payerIndex = plan.payer
            if let parent = payers[plan.payer].parent, dice.percent(30) { payerIndex = parent }
            let refs = invoiceIndices.map { reference(invoices[$0], style: payers[payerIndex].style) }
            let written = frame(refs, amounts: invoiceIndices.map { invoices[$0].amount.minorUnits }, payer: payerIndex, date: plan.paid)
            let shown: Shown
            if payers[plan.payer].usesPlatform && dice.percent(30) {
                shown = platformShown(payer: plan.payer, written: written)
            } else {
                shown = present(payer: payerIndex, written: written, account: payers[payerIndex].account)
            }
            let payment = Payment(id: PaymentID("TH" + WorldReferences.padded(number + 1, 7)), valueDate: plan.paid,
                                  amount: Money(minorUnits: amount, currency: .usd), payerName: shown.name, payerAccount: shown.account,
                                  remittance: shown.text, customerID: payers[plan.payer].id)
            world.history.append(HistoricalReceipt(payment: payment, customerID: payers[plan.payer].id,
                                                   invoiceNumbers: invoiceIndices.map { invoices[$0].number }))
        }
    }
}

extension IndependentCashWorld {
    static let empty = IndependentCashWorld(emptyWorld: ())
    private init(emptyWorld: Void) {}
}
