import ARCore

/// A generated world for measuring cash application: customers, their open invoices, a history
/// of past receipts, and a bank statement whose every line has a known right answer. The
/// patterns and their shares follow what collectors meet: exact references, references written
/// differently, several invoices in one payment, subscription customers who never write a
/// reference, parents paying for subsidiaries, bank fees, discounts, partial and over-payments,
/// and credits that are not customer payments at all.
public struct CashApplicationWorld: Sendable {
    /// The right answer for one statement line.
    public struct Truth: Sendable, Hashable {
        public var pattern: String
        /// Invoice → cash applied. Empty for a non-customer credit.
        public var allocations: [InvoiceNumber: Int64]
        /// The allocation is known, but posting it without a person is wrong (an absurd
        /// overpayment, an amount mis-keyed far above the invoice): the scorer counts an automatic
        /// posting as wrong and a review with the allocation among the suggestions as right.
        public var requiresReview = false
        public var isCustomerPayment: Bool { !allocations.isEmpty }
    }

    public struct Size: Sendable {
        public var customers: Int
        public var openInvoices: Int
        public var payments: Int
        public init(customers: Int, openInvoices: Int, payments: Int) {
            self.customers = customers
            self.openInvoices = openInvoices
            self.payments = payments
        }
    }

    public var customers: [Customer] = []
    public var invoices: [Invoice] = []
    public var history: [HistoricalReceipt] = []
    public var payments: [IncomingPayment] = []
    public var truth: [PaymentID: Truth] = [:]
    public var accounts: [CustomerID: String] = [:]

    private static let words = ["Acme", "Northwind", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Wonka", "Tyrell",
                                "Cyberdyne", "Hooli", "Vandelay", "Soylent", "Oscorp", "Blue Harbor", "Red Maple",
                                "Silver Birch", "Granite", "Evergreen", "Summit", "Bluebird", "Pinecrest", "Lakeside",
                                "Ironwood", "Brightwater", "Cedar", "Falcon", "Harbor", "Juniper", "Keystone"]
    private static let trades = ["Trading", "Logistics", "Foods", "Manufacturing", "Supplies", "Retail", "Systems",
                                 "Engineering", "Health", "Textiles", "Builders", "Media", "Energy", "Labs", "Dental", "Motors"]
    private static let forms = ["Inc.", "LLC", "Ltd", "GmbH", "S.A.", "Corp.", "B.V.", "PLC"]

    /// `hardCases` adds, after the classic world is drawn (so that its lines stay as they were),
    /// the failure classes of issue 8 with their own random stream: see ``addHardCases(seed:)``.
    public init(seed: UInt64, size: Size, asOf: CalendarDate, hardCases: Bool) {
        self.init(seed: seed, size: size, asOf: asOf)
        if hardCases { addHardCases(seed: seed) }
    }

    public init(seed: UInt64, size: Size, asOf: CalendarDate) {
        var rng = SeededGenerator(seed: seed)
        let usd = Currency.usd
        // Customers, a few with a parent; every fifth a subscription customer who never writes references.
        var subscription = Set<CustomerID>()
        var subscribers: [CustomerID] = []  // in creation order: a Set's order differs between runs
        for index in 0..<size.customers {
            let id = CustomerID("CU\(100_000 + index)")
            let name = "\(Self.words.randomElement(using: &rng)!) \(Self.trades.randomElement(using: &rng)!) \(Self.syllable(index)) \(Self.forms.randomElement(using: &rng)!)"
            let parent: CustomerID? = index > 50 && rng.chance(4) ? customers[Int.random(in: 0..<50, using: &rng)].id : nil
            customers.append(Customer(id: id, name: name, paymentTermsDays: 30, currency: usd, parentID: parent))
            accounts[id] = "US\(Int.random(in: 10...99, using: &rng))BANK\(String(1_000_000_000 + index))"
            if rng.chance(20) { subscription.insert(id); subscribers.append(id) }
        }
        // Open invoices: subscription customers bill the same amount every month.
        var byCustomer: [CustomerID: [Int]] = [:]
        var fixedAmount: [CustomerID: Int64] = [:]
        let width = max(6, String(size.openInvoices).count)
        for index in 0..<size.openInvoices {
            let customer = customers[Int.random(in: 0..<customers.count, using: &rng)]
            let issue = asOf.advanced(by: -Int.random(in: 0...150, using: &rng))
            let cents: Int64
            if subscription.contains(customer.id) {
                cents = fixedAmount[customer.id] ?? {
                    let value = Int64.random(in: 50...2_000, using: &rng) * 100 + (rng.chance(50) ? 99 : 0)
                    fixedAmount[customer.id] = value
                    return value
                }()
            } else {
                cents = Int64.random(in: 2_000...2_500_000, using: &rng)
            }
            let number = InvoiceNumber("INV-\(issue.year)-\(String(repeating: "0", count: width - String(index + 1).count))\(index + 1)")
            invoices.append(Invoice(number: number, customerID: customer.id, issueDate: issue, dueDate: issue.advanced(by: 30),
                                    amount: Money(minorUnits: cents, currency: usd),
                                    poNumber: rng.chance(30) ? "PO\(Int.random(in: 100_000...999_999, using: &rng))" : nil))
            byCustomer[customer.id, default: []].append(invoices.count - 1)
        }
        for key in byCustomer.keys {
            byCustomer[key]!.sort { (invoices[$0].dueDate, invoices[$0].number) < (invoices[$1].dueDate, invoices[$1].number) }
        }
        // History: each customer paid before from its own account (parents from theirs).
        let customerByID = Dictionary(uniqueKeysWithValues: customers.map { ($0.id, $0) })
        for customer in customers {
            let payer = customer.parentID.flatMap { customerByID[$0] } ?? customer
            for receipt in 0..<Int.random(in: 2...4, using: &rng) {
                let number = InvoiceNumber("OLD-\(customer.id.rawValue)-\(receipt)")
                history.append(HistoricalReceipt(
                    payment: Payment(id: PaymentID("H-\(customer.id.rawValue)-\(receipt)"), valueDate: asOf.advanced(by: -200 + receipt * 30),
                                     amount: Money(minorUnits: 10_000, currency: usd), payerName: payer.name.uppercased(),
                                     payerAccount: accounts[payer.id],
                                     remittance: subscription.contains(customer.id) ? nil : "Invoice \(number.rawValue)",
                                     customerID: customer.id),
                    customerID: customer.id, invoiceNumbers: [number]))
            }
        }

        // The statement.
        var open = invoices.map(\.openAmount.minorUnits)
        var used = Set<Int>()
        func oldestOpen(of customer: CustomerID, count: Int) -> [Int]? {
            let picked = (byCustomer[customer] ?? []).filter { !used.contains($0) && open[$0] > 0 }.prefix(count)
            return picked.count == count ? Array(picked) : nil
        }
        func randomOpen(count: Int = 1) -> [Int]? {
            for _ in 0..<20 {
                let customer = customers[Int.random(in: 0..<customers.count, using: &rng)].id
                if !subscription.contains(customer), let picked = oldestOpen(of: customer, count: count) { return picked }
            }
            return nil
        }
        var sequence = 0
        while payments.count < size.payments {
            sequence += 1
            let id = PaymentID("TX\(String(10_000_000 + sequence))")
            // Statement lines in date order, over the last four days, as a bank lists them.
            let date = asOf.advanced(by: -3 + 3 * payments.count / max(1, size.payments))
            let roll = Int.random(in: 0..<1000, using: &rng)
            if roll < 50 {
                // Not a customer payment: interest, an own-account transfer, a supplier refund.
                let kind = Int.random(in: 0..<3, using: &rng)
                let texts = ["INTEREST CREDIT \(date.year)-\(date.month)", "TRANSFER FROM SAVINGS ACCOUNT", "REFUND ORDER \(Int.random(in: 10_000...99_999, using: &rng))"]
                let names = ["OUR BANK NA", "ACME HOLDINGS TREASURY", "OFFICE DEPOT"]
                payments.append(IncomingPayment(id: id, valueDate: date, amount: Money(minorUnits: Int64.random(in: 100...500_000, using: &rng), currency: usd),
                                                payerName: names[kind], payerAccount: "US00OWN\(kind)9999", remittance: texts[kind]))
                truth[id] = Truth(pattern: "non_customer", allocations: [:])
                continue
            }
            var pattern: String
            var picked: [Int]
            var paid: [InvoiceNumber: Int64] = [:]
            var remittance: String?
            var cash: Int64
            var payerCustomer: CustomerID
            var useAccount = true
            if roll < 150, let sub = subscribers.randomElement(using: &rng), let first = oldestOpen(of: sub, count: 1) {
                pattern = "subscription_no_reference"
                picked = first
                remittance = rng.chance(50) ? "MONTHLY PAYMENT" : nil
            } else if roll < 200, let items = randomOpen(count: Int.random(in: 2...3, using: &rng)) {
                pattern = "combination_no_reference"
                picked = items
                remittance = "PAYMENT THANK YOU"
            } else if roll < 320, let items = randomOpen(count: Int.random(in: 2...4, using: &rng)) {
                pattern = "several_invoices_referenced"
                picked = items
                remittance = "INVOICES " + items.map { invoices[$0].number.rawValue }.joined(separator: rng.chance(50) ? ", " : " ")
            } else if let item = randomOpen() {
                picked = item
                let number = invoices[item[0]].number.rawValue
                let variant = Int.random(in: 0..<100, using: &rng)
                switch variant {
                case 0..<45: pattern = "exact_reference"; remittance = "Invoice \(number)"
                case 45..<55: pattern = "reference_without_prefix"; remittance = "Payment for " + number.replacingPrefix()
                case 55..<63: pattern = "reference_year_groups"; remittance = "Inv \(invoices[item[0]].issueDate.year)-\(item[0] + 1)"
                case 63..<68: pattern = "reference_lower_case"; remittance = "ref " + number.lowercased().filter { $0 != "-" }
                case 68..<72: pattern = "reference_ocr"; remittance = "INVOICE " + number.ocrConfused()
                case 72..<76: pattern = "reference_transposed"; remittance = "INV " + number.transposedDigits()
                case 76..<81: pattern = "po_reference"
                    remittance = invoices[item[0]].poNumber.map { "PO \($0)" } ?? "Invoice \(number)"
                default: pattern = "exact_reference_name_only"; remittance = "\(number)"; useAccount = false
                }
            } else {
                break
            }
            payerCustomer = invoices[picked[0]].customerID
            for index in picked { paid[invoices[index].number] = open[index] }
            cash = picked.reduce(0) { $0 + open[$1] }
            // Amount variations on referenced single payments.
            if picked.count == 1 && pattern.hasPrefix("exact_reference") && pattern != "exact_reference_name_only" {
                let twist = Int.random(in: 0..<100, using: &rng)
                let invoice = invoices[picked[0]]
                if twist < 10 && cash > 5_000 {
                    pattern = "bank_fee"
                    let fee = Int64([1_000, 1_500, 2_000, 2_500].randomElement(using: &rng)!)
                    cash -= fee
                    paid[invoice.number] = cash
                } else if twist < 18 && date <= invoice.issueDate.adding(days: 10) {
                    pattern = "early_payment_discount"
                    cash -= (cash * 200 + 5_000) / 10_000
                    paid[invoice.number] = cash
                } else if twist < 26 {
                    pattern = "partial_payment"
                    cash = cash * Int64.random(in: 30...70, using: &rng) / 100
                    paid[invoice.number] = cash
                } else if twist < 30 {
                    pattern = "overpayment"
                    cash += Int64.random(in: 5_000...50_000, using: &rng)
                }
            }
            for index in picked {
                used.insert(index)
                open[index] -= paid[invoices[index].number] ?? 0
            }
            let invoiceCustomer = customerByID[payerCustomer]!
            let payer = invoiceCustomer.parentID.flatMap { customerByID[$0] } ?? invoiceCustomer
            if payer.id != payerCustomer { pattern += "+parent_pays" }
            let bankName = rng.chance(60) ? String(payer.name.uppercased().prefix(22)) : payer.name
            payments.append(IncomingPayment(id: id, valueDate: date, amount: Money(minorUnits: cash, currency: usd),
                                            payerName: bankName, payerAccount: useAccount ? accounts[payer.id] : "US77NEW\(Int.random(in: 1_000_000...9_999_999, using: &rng))",
                                            remittance: remittance))
            truth[id] = Truth(pattern: pattern, allocations: paid)
        }
    }

    /// The failure classes issue 8 saw on a world built by someone else, added to this one:
    /// * payer only in free text: no payer name or account field, the name (cut, without its
    ///   legal form, words swapped, punctuated) and the account (whole, in groups, without its
    ///   prefix, masked) inside the remittance text, in any order (`+free_text`);
    /// * a remittance that names only the first of several invoices paid (`+partial_list`);
    /// * a reference-less payment of one invoice's amount, the customer holding another, older
    ///   invoice of the same amount (`equal_amounts_no_reference`), or none
    ///   (`exact_amount_no_reference`);
    /// * an absurd overpayment: 1,000,000.00 for one invoice (`absurd_overpayment`), right only as
    ///   a review.
    public mutating func addHardCases(seed: UInt64) {
        var rng = SeededGenerator(seed: seed ^ 0x5EED_CA5E_0000_0008)
        let customerByID = Dictionary(uniqueKeysWithValues: customers.map { ($0.id, $0) })
        let invoiceByNumber = Dictionary(uniqueKeysWithValues: invoices.enumerated().map { ($0.element.number, $0.offset) })
        let accountOwner = Dictionary(accounts.map { ($0.value, $0.key) }, uniquingKeysWith: { first, _ in first })
        var cloned = 0
        for index in payments.indices {
            let payment = payments[index]
            guard var expected = truth[payment.id], expected.isCustomerPayment else { continue }
            let roll = Int.random(in: 0..<100, using: &rng)
            if expected.pattern.hasPrefix("several_invoices_referenced"), roll < 50, let remittance = payment.remittance {
                // Only the first invoice named: "ETC", or the text cut at the bank's field length.
                let first = remittance.split(separator: " ").dropFirst().first.map { String($0).filter { $0 != "," } } ?? remittance
                payments[index].remittance = rng.chance(50) ? "INVOICES \(first) ETC" : String(remittance.prefix(first.count + 11))
                expected.pattern = expected.pattern.replacingOccurrences("several_invoices_referenced", "several_invoices_partial_list")
            } else if expected.pattern == "exact_reference", roll < 12, let number = expected.allocations.keys.first,
                      let position = invoiceByNumber[number], let cents = expected.allocations[number], cents == invoices[position].openAmount.minorUnits {
                let invoice = invoices[position]
                payments[index].remittance = rng.chance(50) ? "PAYMENT THANK YOU" : nil
                if roll < 6 {
                    // An older invoice of the same customer for the same amount: nothing says which.
                    cloned += 1
                    invoices.append(Invoice(number: InvoiceNumber("\(invoice.number.rawValue)-B\(cloned)"), customerID: invoice.customerID,
                                            issueDate: invoice.issueDate.advanced(by: -20), dueDate: invoice.dueDate.advanced(by: -20), amount: invoice.amount))
                    expected.pattern = "equal_amounts_no_reference"
                } else {
                    expected.pattern = "exact_amount_no_reference"
                }
            } else if expected.pattern == "exact_reference", roll < 14 {
                payments[index].amount = Money(minorUnits: 100_000_000, currency: payment.amount.currency)
                expected.pattern = "absurd_overpayment"
                expected.requiresReview = true
            }
            truth[payment.id] = expected
            // Payer only in free text, for a fifth of the payments that carried a known account.
            guard rng.chance(20), let account = payments[index].payerAccount, let owner = accountOwner[account],
                  let customer = customerByID[owner] else { continue }
            var name = customer.name.uppercased()
            let words = name.split(separator: " ").map(String.init)
            switch Int.random(in: 0..<5, using: &rng) {
            case 0: name = words.dropLast().joined(separator: " ")                            // without the legal form
            case 1: name = String(name.prefix(Int.random(in: 16...22, using: &rng)))         // cut
            case 2: name = ([words[1], words[0]] + words.dropFirst(2)).joined(separator: " ")  // word order
            case 3: name = words.joined(separator: rng.chance(50) ? "-" : ", ")              // punctuation
            default: break
            }
            let accountText: String
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: accountText = account
            case 1: accountText = stride(from: 0, to: account.count, by: 4).map { offset in
                    String(account.dropFirst(offset).prefix(4)) }.joined(separator: " ")
            case 2: accountText = "ACCT " + String(account.reversed().prefix { $0.isNumber }.reversed())
            default: accountText = "ACCT ****" + String(account.suffix(4))
            }
            let parts = [name, accountText, payments[index].remittance ?? ""].filter { !$0.isEmpty }
            payments[index].payerName = nil
            payments[index].payerAccount = nil
            payments[index].remittance = (rng.chance(50) ? parts : parts.reversed()).joined(separator: " ")
            truth[payment.id]?.pattern += "+free_text"
        }
    }

    /// A short pronounceable tag that makes each generated name unique.
    private static func syllable(_ index: Int) -> String {
        let consonants = Array("BCDFGHKLMNPRSTVZ"), vowels = Array("AEIOU")
        var value = index, tag = ""
        repeat {
            tag.append(consonants[value % consonants.count]); value /= consonants.count
            tag.append(vowels[value % vowels.count]); value /= vowels.count
        } while value > 0
        return tag.capitalized()
    }
}

private extension String {
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
    func replacingPrefix() -> String { split(separator: "-").dropFirst().joined(separator: "-") }
    func ocrConfused() -> String { String(map { $0 == "0" ? "O" : $0 == "1" ? "I" : $0 }) }
    func transposedDigits() -> String {
        var characters = Array(self)
        let digitPositions = characters.indices.filter { characters[$0].isNumber }
        guard digitPositions.count >= 4 else { return self }
        // Swap the last two differing adjacent digits of the sequence number.
        for position in digitPositions.reversed() where position + 1 < characters.count
            && characters[position + 1].isNumber && characters[position] != characters[position + 1] {
            characters.swapAt(position, position + 1)
            return String(characters)
        }
        return self
    }
    func capitalized() -> String { prefix(1).uppercased() + dropFirst().lowercased() }
}
