/// An invoice that can still receive cash.
public struct OpenItem: Sendable, Hashable {
    public var number: InvoiceNumber
    public var customer: CustomerID
    public var issueDate: CalendarDate
    public var dueDate: CalendarDate
    public var amount: Money
    public var open: Money
    public var poNumber: String?

    public init(_ invoice: Invoice) {
        number = invoice.number
        customer = invoice.customerID
        issueDate = invoice.issueDate
        dueDate = invoice.dueDate
        amount = invoice.amount
        open = invoice.openAmount
        poNumber = invoice.poNumber
    }
}

/// The open items and what is known about payers, indexed for matching: by customer (oldest
/// first), by every normalized form of invoice and PO numbers, and by payer name. Applying a
/// decision reduces the open amounts, so a batch never applies the same cash twice.
public struct CashApplicationLedger: Sendable {
    public private(set) var items: [InvoiceNumber: OpenItem] = [:]
    public let customers: [CustomerID: Customer]
    public let knowledge: PayerKnowledge
    private(set) var byCustomer: [CustomerID: [InvoiceNumber]] = [:]
    private(set) var children: [CustomerID: [CustomerID]] = [:]
    /// Invoice numbers and PO numbers, each under every normalized form.
    private var invoiceKeys = KeyIndex()
    private var poKeys = KeyIndex()
    /// Open amount (minor units) → invoices, kept current as decisions are applied.
    private var byOpenAmount: [Int64: [InvoiceNumber]] = [:]
    private var nameTokens: [String: [CustomerID]] = [:]
    private var sortedNameTokens: [String] = []
    private var nameKeys: [String: [CustomerID]] = [:]
    private let customerNames: [CustomerID: PayerName]
    /// Known accounts, names and aliases, indexed for finding them in free text.
    public let textIndex: PayerTextIndex

    public init(customers: [Customer], openInvoices: some Sequence<Invoice>, knowledge: PayerKnowledge = PayerKnowledge()) {
        self.customers = Dictionary(customers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.knowledge = knowledge
        var names: [CustomerID: PayerName] = [:]
        for customer in customers {
            let name = PayerName(customer.name)
            names[customer.id] = name
            for token in Set(name.tokens) { nameTokens[token, default: []].append(customer.id) }
            nameKeys[name.key, default: []].append(customer.id)
            if let parent = customer.parentID { children[parent, default: []].append(customer.id) }
        }
        customerNames = names
        textIndex = PayerTextIndex(customers: customers, knowledge: knowledge)
        sortedNameTokens = nameTokens.keys.sorted()
        var open: [OpenItem] = []
        for invoice in openInvoices where invoice.openAmount.isPositive && invoice.paidDate == nil { open.append(OpenItem(invoice)) }
        // Oldest due first within each customer: sorted once here, then grouped.
        open.sort { ($0.dueDate, $0.issueDate, $0.number) < ($1.dueDate, $1.issueDate, $1.number) }
        items.reserveCapacity(open.count)
        for item in open {
            items[item.number] = item
            byCustomer[item.customer, default: []].append(item.number)
            byOpenAmount[item.open.minorUnits, default: []].append(item.number)
            if let keys = ReferenceKeys(item.number.rawValue) { invoiceKeys.add(keys, item.number) }
            if let po = item.poNumber, let keys = ReferenceKeys(po) { poKeys.add(keys, item.number) }
        }
    }

    /// Invoices a reference token points at, with how strongly; PO numbers count as references too.
    /// The weaker readings (swapped digits, OCR confusions) are tried only when the token names
    /// nothing as written: they cost a dozen lookups each.
    func lookUp(token: Substring, alwaysTryWeakReadings: Bool = false) -> [(InvoiceNumber, ReferenceMatchKind)] {
        // Dates are the commonest numbers in remittance text and never references.
        if RemittanceTokens.looksLikeDate(token) { return [] }
        var found: [(InvoiceNumber, ReferenceMatchKind)] = []
        func record(_ numbers: [InvoiceNumber]?, _ kind: ReferenceMatchKind) {
            for number in numbers ?? [] where items[number]?.open.isPositive == true {
                if let index = found.firstIndex(where: { $0.0 == number }) {
                    found[index].1 = max(found[index].1, kind)
                } else {
                    found.append((number, kind))
                }
            }
        }
        let keys = ReferenceKeys(token)
        for index in [invoiceKeys, poKeys] {
            guard let keys else { break }
            record(index.alphanumeric[keys.alphanumeric], .exact)
            // A short sequence number ("2026-6") says too little to be a reference on its own.
            if keys.digits.count >= 3 && keys.lastGroup.count >= 3 {
                record(index.digitGroups[keys.digitGroups], .digitGroups)
                record(index.digits[keys.digits], .digits)
                record(index.lastGroup[keys.lastGroup], .lastGroup)
            }
        }
        if !alwaysTryWeakReadings && found.contains(where: { $0.1 >= .digits }) { return found }
        if let keys, keys.digits.count >= 4 {
            for variant in ReferenceKeys.transpositions(of: keys.digits) {
                record(invoiceKeys.digits[variant], .transposed)
                record(poKeys.digits[variant], .transposed)
            }
        }
        if let corrected = ReferenceKeys.ocrCorrected(token), let keys = ReferenceKeys(corrected), keys.digits.count >= 3 {
            for index in [invoiceKeys, poKeys] {
                record(index.digitGroups[keys.digitGroups], .ocrCorrected)
                record(index.digits[keys.digits], .ocrCorrected)
            }
        }
        return found
    }

    /// The customer's open items, oldest due first.
    public func openItems(of customer: CustomerID) -> [OpenItem] {
        (byCustomer[customer] ?? []).compactMap { items[$0] }.filter { $0.open.isPositive }
    }

    /// Customers whose name resembles `name`, with the similarity (per mille), best first.
    ///
    /// An exact match of the normalized name answers at once. Otherwise the candidates are the
    /// customers sharing the payer's rarest word (or, for a truncated last word, the words it
    /// begins), so that common words ("TRADING") never make thousands of comparisons.
    func customersNamed(like name: String) -> [(CustomerID, Int)] {
        let payer = PayerName(name)
        if let exact = nameKeys[payer.key] { return exact.map { ($0, 1000) } }
        var best: [CustomerID]?
        for (position, token) in payer.tokens.enumerated() {
            var postings = nameTokens[token] ?? []
            if position == payer.tokens.count - 1 && token.count >= 3 {
                postings += wordsStarting(with: token).flatMap { nameTokens[$0] ?? [] }
            }
            if !postings.isEmpty && postings.count < (best?.count ?? Int.max) { best = postings }
        }
        guard let candidates = best, candidates.count <= 500 else { return [] }
        return Set(candidates).compactMap { id in
            guard let customerName = customerNames[id] else { return nil }
            return (id, payer.similarity(to: customerName))
        }.sorted { ($0.1, $1.0) > ($1.1, $0.0) }
    }

    private func wordsStarting(with prefix: String) -> [String] {
        var low = 0, high = sortedNameTokens.count
        while low < high {
            let mid = (low + high) / 2
            if sortedNameTokens[mid] < prefix { low = mid + 1 } else { high = mid }
        }
        var words: [String] = []
        while low < sortedNameTokens.count, sortedNameTokens[low].hasPrefix(prefix), words.count < 50 {
            if sortedNameTokens[low] != prefix { words.append(sortedNameTokens[low]) }
            low += 1
        }
        return words
    }

    /// Subsidiaries whose invoices a parent may pay.
    public func subsidiaries(of customer: CustomerID) -> [CustomerID] { children[customer] ?? [] }

    /// Open invoices (any customer) whose open amount is exactly `amount`.
    public func openItems(amounting amount: Money) -> [OpenItem] {
        (byOpenAmount[amount.minorUnits] ?? []).compactMap { items[$0] }.filter { $0.open == amount }
    }

    /// Customers with a payment earlier in this batch left for a person: until that is decided,
    /// which of their invoices are still open is not known for sure.
    public private(set) var awaitingReview: Set<CustomerID> = []

    /// Records that a payment of these customers' (its best suggestion's) waits for review.
    public mutating func noteAwaitingReview(_ proposal: MatchProposal) {
        for allocation in proposal.allocations { awaitingReview.insert(allocation.customer) }
    }

    /// Records a posted decision: the allocated cash and adjustments reduce the open amounts.
    public mutating func apply(_ proposal: MatchProposal) {
        for allocation in proposal.allocations {
            // Cannot fail: the open amounts and payments were checked to add up within Int64
            // (AmountBounds); were it to, the item is left as it was rather than trapping.
            guard var item = items[allocation.invoice],
                  let open = try? item.open - allocation.amount - (allocation.adjustment ?? .zero(item.open.currency)) else { continue }
            byOpenAmount[item.open.minorUnits]?.removeAll { $0 == item.number }
            item.open = open
            items[allocation.invoice] = item
            if item.open.isPositive { byOpenAmount[item.open.minorUnits, default: []].append(item.number) }
        }
    }
}

/// A reference's normalized forms, each mapped to the invoices that carry it.
struct KeyIndex: Sendable {
    var alphanumeric: [String: [InvoiceNumber]] = [:]
    var digitGroups: [String: [InvoiceNumber]] = [:]
    var digits: [String: [InvoiceNumber]] = [:]
    var lastGroup: [String: [InvoiceNumber]] = [:]

    mutating func add(_ keys: ReferenceKeys, _ number: InvoiceNumber) {
        alphanumeric[keys.alphanumeric, default: []].append(number)
        digitGroups[keys.digitGroups, default: []].append(number)
        digits[keys.digits, default: []].append(number)
        if keys.lastGroup.count >= 3 { lastGroup[keys.lastGroup, default: []].append(number) }
    }
}
