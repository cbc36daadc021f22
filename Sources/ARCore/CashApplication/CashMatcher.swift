/// Decides, for each incoming payment, which open invoices it pays: deterministic, explained,
/// and never guessing. A payment is posted automatically only when one explanation fits and
/// its confidence clears the policy's threshold; otherwise a person gets the explanations that
/// fit, best first.
///
/// Evidence is weighed in this order: references in the remittance (normalized, so prefixes,
/// separators, zeros, OCR confusions and swapped digits still meet), the payer (a bank account
/// or name learned from history, a name resembling a customer's), then amounts (exact, several
/// invoices together, short by a bank fee or an early-payment discount, partial, over).
public struct CashMatcher: Sendable {
    public let policy: MatchingPolicy

    public init(policy: MatchingPolicy = MatchingPolicy()) { self.policy = policy }

    /// Decides every payment in order, posting the automatic ones into `ledger` as it goes so
    /// that later payments see what earlier ones settled.
    public func apply(_ payments: [IncomingPayment], to ledger: inout CashApplicationLedger) -> [MatchDecision] {
        payments.map { payment in
            let decision = decide(payment, in: ledger)
            if let applied = decision.applied { ledger.apply(applied) }
            return decision
        }
    }

    public func decide(_ payment: IncomingPayment, in ledger: CashApplicationLedger) -> MatchDecision {
        guard payment.amount.isPositive else {
            return MatchDecision(payment: payment, outcome: .unmatched, proposals: [],
                                 summary: "a debit or zero amount is not a customer payment")
        }
        let currency = payment.amount.currency
        let payers = identifyPayers(payment, in: ledger)
        let references = findReferences(payment, in: ledger, currency: currency)

        var proposals: [MatchProposal] = []
        let strong = references.filter { $0.kind >= .ocrCorrected }
        if !strong.isEmpty {
            proposals += proposalsFromReferences(strong, weak: references.filter { $0.kind < .ocrCorrected },
                                                 payment: payment, payers: payers, ledger: ledger)
        }
        if proposals.isEmpty || proposals.allSatisfy({ $0.confidence < policy.autoApplyThreshold }) {
            // Weak references and amounts within the identified payers' open items.
            proposals += proposalsFromAmounts(payment: payment, payers: payers, weakReferences: references, ledger: ledger)
        } else if !proposals.contains(where: { $0.confidence >= 1000 }) {
            // A named invoice that the amount does not settle: an invoice of exactly that amount
            // that the remittance almost names (a swapped digit) is a rival explanation.
            let rivals = findReferences(payment, in: ledger, currency: currency, alwaysTryWeakReadings: true)
                .filter { hit in !strong.contains { $0.item.number == hit.item.number } }
            proposals += weakExactProposals(payment: payment, payers: payers, references: rivals)
        }
        if proposals.isEmpty && payers.isEmpty {
            proposals += unknownPayerSuggestions(payment: payment, references: references, ledger: ledger)
        }
        return conclude(payment, proposals: proposals, payers: payers)
    }

    // MARK: Evidence

    struct PayerEvidence {
        var customer: CustomerID
        /// Per mille.
        var score: Int
        var reason: String
    }

    struct ReferenceHit {
        var item: OpenItem
        var kind: ReferenceMatchKind
        var token: String
    }

    /// Who may have sent the payment, best first: learned accounts, learned names, names that
    /// resemble a customer's. A payer also pays for its subsidiaries.
    func identifyPayers(_ payment: IncomingPayment, in ledger: CashApplicationLedger) -> [PayerEvidence] {
        var evidence: [CustomerID: PayerEvidence] = [:]
        func add(_ customer: CustomerID, _ score: Int, _ reason: String) {
            if (evidence[customer]?.score ?? -1) < score { evidence[customer] = PayerEvidence(customer: customer, score: score, reason: reason) }
        }
        if let account = payment.payerAccount {
            let known = ledger.knowledge.customers(forAccount: account)
            let total = known.values.reduce(0, +)
            for (customer, count) in known {
                // An account that paid only this customer is near-certain; shared accounts less so.
                let score = count * 10 >= total * 9 ? 960 : 700 + 200 * count / max(total, 1)
                add(customer, score, "payer account \(Self.masked(account)) paid customer \(customer) in \(count) earlier receipt\(count == 1 ? "" : "s")")
            }
        }
        if let name = payment.payerName, !name.isEmpty {
            let known = ledger.knowledge.customers(forName: name)
            let total = known.values.reduce(0, +)
            for (customer, count) in known {
                add(customer, count * 10 >= total * 9 ? 920 : 650, "payer name '\(name)' paid customer \(customer) in \(count) earlier receipt\(count == 1 ? "" : "s")")
            }
            for (customer, similarity) in ledger.customersNamed(like: name).prefix(5) where similarity >= 800 {
                let customerName = ledger.customers[customer]?.name ?? customer.rawValue
                add(customer, similarity >= 1000 ? 930 : similarity - 100,
                    "payer name '\(name)' \(similarity >= 1000 ? "is" : "resembles") customer \(customer) '\(customerName)' (\(similarity / 10)%)")
            }
        }
        for parent in Array(evidence.values) {
            for child in ledger.subsidiaries(of: parent.customer) {
                add(child, parent.score - 30, "\(parent.reason); \(child) is its subsidiary")
            }
        }
        return evidence.values.sorted { ($0.score, $1.customer) > ($1.score, $0.customer) }
    }

    /// Open invoices of the payment's currency that its remittance or structured references name.
    func findReferences(_ payment: IncomingPayment, in ledger: CashApplicationLedger, currency: Currency,
                        alwaysTryWeakReadings: Bool = false) -> [ReferenceHit] {
        var best: [InvoiceNumber: ReferenceHit] = [:]
        var texts = payment.references
        if let remittance = payment.remittance { texts.append(remittance) }
        for text in texts {
            for token in RemittanceTokens.of(text) {
                for (number, kind) in ledger.lookUp(token: token, alwaysTryWeakReadings: alwaysTryWeakReadings) {
                    guard let item = ledger.items[number], item.open.currency == currency else { continue }
                    if (best[number]?.kind ?? .lastGroup) <= kind || best[number] == nil {
                        best[number] = ReferenceHit(item: item, kind: kind, token: String(token))
                    }
                }
            }
        }
        return best.values.sorted { ($0.item.dueDate, $0.item.number) < ($1.item.dueDate, $1.item.number) }
    }

    // MARK: Proposals

    private func proposalsFromReferences(_ hits: [ReferenceHit], weak: [ReferenceHit], payment: IncomingPayment,
                                         payers: [PayerEvidence], ledger: CashApplicationLedger) -> [MatchProposal] {
        let items = hits.map(\.item)
        // The sums here cannot fail: CashApplicationService checks first that all open amounts and
        // payments add up within Int64 (AmountBounds); were one to fail, no proposal is made.
        guard let total = try? items.map(\.open).checkedSum(in: payment.amount.currency) else { return [] }
        let referenceReasons = hits.map { "remittance '\($0.token)' names invoice \($0.item.number) (\($0.kind))" }
        let weakest = hits.map(\.kind).min() ?? .exact
        var base = weakest >= .digits ? 1000 : 930
        var reasons = referenceReasons
        // The payer, if identified, should be the invoices' customer (or pay for it).
        let referencedCustomers = Set(items.map(\.customer))
        // Who paid matters most when the amount does not settle what is named.
        let payerAgrees = payers.contains { referencedCustomers.contains($0.customer) }
        let amountMismatchPenalty = payerAgrees ? 0 : 150
        if !payers.isEmpty {
            if let agreeing = payers.first(where: { referencedCustomers.contains($0.customer) }) {
                reasons.append(agreeing.reason)
            } else if let top = payers.first, top.score >= 900 {
                base -= 150
                reasons.append("but the payer looks like customer \(top.customer) (\(top.reason)), not \(referencedCustomers.map(\.rawValue).sorted().joined(separator: ", "))")
            }
        }
        var proposals: [MatchProposal] = []
        let amount = payment.amount
        if amount == total {
            proposals.append(full(items, confidence: base, reasons: reasons + ["amount \(amount) equals the open amount\(items.count > 1 ? "s together" : "")"]))
        } else if amount < total {
            if items.count > 1, let subset = uniqueSubset(of: items, summingTo: amount) {
                proposals.append(full(subset, confidence: base - 50, reasons: reasons + ["amount \(amount) equals the open amounts of \(subset.map(\.number.rawValue).joined(separator: ", ")) of the invoices named"]))
            } else if let adjusted = shortPayment(items, payment: payment, confidence: base - 40, reasons: reasons) {
                proposals.append(adjusted)
            } else {
                // A partial payment of what it names: oldest first, the rest stays open.
                let single = items.count == 1
                proposals.append(partial(items, amount: amount, confidence: (single ? base - 70 : base - 200) - amountMismatchPenalty,
                                         reasons: reasons + ["amount \(amount) is less than the \(total) open: a partial payment, \((try? total - amount).map(\.description) ?? "the rest") stays open"]))
            }
        } else {
            // More than the invoices named: perhaps more invoices of the same customer, else on account.
            guard let remainder = try? amount - total else { return proposals }
            let others = referencedCustomers.flatMap { ledger.openItems(of: $0) }
                .filter { item in !items.contains { $0.number == item.number } && item.open.currency == amount.currency }
            if let extra = uniqueCombination(of: others, summingTo: remainder) {
                proposals.append(full(items + extra, confidence: base - 120 - amountMismatchPenalty,
                                      reasons: reasons + ["the remaining \(remainder) equals the open amount\(extra.count > 1 ? "s" : "") of \(extra.map(\.number.rawValue).joined(separator: ", ")) of the same customer"]))
            }
            var onAccount = full(items, confidence: base - 80 - amountMismatchPenalty, reasons: reasons + ["amount \(amount) is more than the \(total) open: \(remainder) is held on account"])
            onAccount.unapplied = remainder
            proposals.append(onAccount)
        }
        return proposals
    }

    private func proposalsFromAmounts(payment: IncomingPayment, payers: [PayerEvidence], weakReferences: [ReferenceHit],
                                      ledger: CashApplicationLedger) -> [MatchProposal] {
        let amount = payment.amount
        var proposals: [MatchProposal] = []
        proposals += weakExactProposals(payment: payment, payers: payers, references: weakReferences)
        let likely = payers.filter { $0.score >= 650 }
        // One invoice of exactly the amount, among everyone the payer pays for (a parent's
        // subsidiaries included): the best-identified customer holding one wins.
        var exactByCustomer: [CustomerID: [OpenItem]] = [:]
        for payer in likely {
            let exact = ledger.openItems(of: payer.customer).filter { $0.open == amount }
            if !exact.isEmpty { exactByCustomer[payer.customer] = exact }
        }
        let holders = likely.filter { exactByCustomer[$0.customer] != nil }
        if let payer = holders.first, let exact = exactByCustomer[payer.customer], let first = exact.first {
            let habit = ledger.knowledge.rarelyReferences(payer.customer) ? 30 : 0
            let habitReason = habit > 0 ? ["customer \(payer.customer) rarely writes references"] : []
            // Another customer of the family with an invoice of the same amount and as good a claim is a rival.
            let rival = holders.dropFirst().first { $0.score >= payer.score - 20 }
            let rivalPenalty = rival == nil ? 0 : 150
            if exact.count == 1 {
                proposals.append(full([first], confidence: min(990, payer.score + habit) - rivalPenalty,
                                      reasons: [payer.reason] + habitReason + ["amount \(amount) equals the open amount of \(first.number), the only one of that amount"]))
            } else if policy.oldestFirstForEqualAmounts {
                proposals.append(full([first], confidence: min(960, payer.score - 30 + habit) - rivalPenalty,
                                      reasons: [payer.reason] + habitReason + ["\(exact.count) open invoices are of exactly \(amount): applied to the oldest, \(first.number) (first in, first out)"]))
                // The next ones of the same amount, for a person who knows better than first in, first out.
                for item in exact.dropFirst().prefix(4) {
                    proposals.append(full([item], confidence: payer.score - 300,
                                          reasons: [payer.reason, "invoice \(item.number) is also open for exactly \(amount), but younger"]))
                }
            } else {
                for item in exact.prefix(5) {
                    proposals.append(full([item], confidence: payer.score - 200, reasons: [payer.reason, "\(exact.count) open invoices are of exactly \(amount)"]))
                }
            }
            if rival != nil {
                for other in holders.dropFirst().prefix(4) {
                    guard let item = exactByCustomer[other.customer]?.first else { continue }
                    proposals.append(full([item], confidence: other.score - 150, reasons: [other.reason, "invoice \(item.number) is also open for exactly \(amount)"]))
                }
            }
            return proposals
        }
        for (rank, payer) in likely.prefix(100).enumerated() {
            let items = ledger.openItems(of: payer.customer).filter { $0.open.currency == amount.currency }
            guard !items.isEmpty else { continue }
            let habit = ledger.knowledge.rarelyReferences(payer.customer) ? 30 : 0
            let habitReason = habit > 0 ? ["customer \(payer.customer) rarely writes references"] : []
            let window = Array(items.prefix(policy.combinationSearchWidth))
            let combinations = combinationsSumming(window, to: amount, limit: 3)
            if combinations.count == 1, let combination = combinations.first {
                proposals.append(full(combination, confidence: min(950, payer.score - 50 + habit),
                                      reasons: [payer.reason] + habitReason + ["amount \(amount) equals the open amounts of \(combination.map(\.number.rawValue).joined(separator: ", ")) together, the only such combination"]))
                continue
            } else if combinations.count > 1 {
                for combination in combinations {
                    proposals.append(full(combination, confidence: payer.score - 250,
                                          reasons: [payer.reason, "amount \(amount) equals several combinations of open invoices; this is one"]))
                }
                continue
            }
            // Short by a fee or a discount: one invoice, the oldest first.
            for item in window.prefix(8) {
                if let adjusted = shortPayment([item], payment: payment, confidence: payer.score - 60, reasons: [payer.reason] + habitReason) {
                    proposals.append(adjusted)
                    break
                }
            }
            if proposals.isEmpty && rank == 0 {
                // Nothing fits exactly: suggest applying it to the oldest items.
                proposals.append(partial(window, amount: amount, confidence: payer.score - 400,
                                         reasons: [payer.reason, "no open invoice or combination equals \(amount): applied oldest first for review"]))
            }
        }
        return proposals
    }

    /// Weak references (a sequence number, a swapped digit) count when the amount agrees exactly.
    private func weakExactProposals(payment: IncomingPayment, payers: [PayerEvidence], references: [ReferenceHit]) -> [MatchProposal] {
        references.filter { $0.item.open == payment.amount }.map { hit in
            let payer = payers.first { $0.customer == hit.item.customer }
            var confidence = payer == nil ? 800 : min(960, (payer?.score ?? 0) + 40)
            if hit.kind >= .ocrCorrected { confidence = max(confidence, 930) }
            return full([hit.item], confidence: confidence,
                        reasons: ["remittance '\(hit.token)' \(hit.kind >= .ocrCorrected ? "names" : "may name") invoice \(hit.item.number) (\(hit.kind))"]
                            + (payer.map { [$0.reason] } ?? []) + ["amount \(payment.amount) equals its open amount"])
        }
    }

    /// No payer identified: suggest the invoices of exactly that amount, for a person to judge.
    private func unknownPayerSuggestions(payment: IncomingPayment, references: [ReferenceHit], ledger: CashApplicationLedger) -> [MatchProposal] {
        let matches = ledger.openItems(amounting: payment.amount)
            .sorted { ($0.dueDate, $0.number) < ($1.dueDate, $1.number) }
        guard matches.count <= 20 else { return [] }
        return matches.prefix(5).map { item in
            full([item], confidence: 300, reasons: ["the payer is unknown; invoice \(item.number) of customer \(item.customer) is open for exactly \(payment.amount)"])
        }
    }

    // MARK: Amount rules

    /// Short by a bank fee (within tolerance) or by the early-payment discount (paid within the
    /// discount window): the difference is recorded as an adjustment to follow up.
    private func shortPayment(_ items: [OpenItem], payment: IncomingPayment, confidence: Int, reasons: [String]) -> MatchProposal? {
        guard let total = try? items.map(\.open).checkedSum(in: payment.amount.currency), let shortfall = try? total - payment.amount,
              shortfall.isPositive, let last = items.last,
              let discount = try? items.map({ Self.discount(on: $0.open.minorUnits, basisPoints: policy.discountBasisPoints) }).checkedSum() else { return nil }
        let withinWindow = items.allSatisfy { payment.valueDate <= $0.issueDate.adding(days: policy.discountDays) }
        let reason: AdjustmentReason
        let why: String
        if withinWindow && abs(shortfall.minorUnits - discount) <= Int64(items.count) {
            reason = .earlyPaymentDiscount
            why = "short by \(shortfall): the \(policy.discountBasisPoints / 100)% early-payment discount, paid within \(policy.discountDays) days of issue"
        } else if shortfall.minorUnits <= policy.bankFeeTolerance {
            reason = .bankFee
            why = "short by \(shortfall), within the bank-fee tolerance: recorded as a bank fee to follow up"
        } else {
            return nil
        }
        var allocations = items.map { ProposedAllocation(invoice: $0.number, customer: $0.customer, amount: $0.open) }
        guard let lastAmount = try? last.open - shortfall else { return nil }
        allocations[allocations.count - 1].amount = lastAmount
        allocations[allocations.count - 1].adjustment = shortfall
        allocations[allocations.count - 1].adjustmentReason = reason
        return MatchProposal(allocations: allocations, unapplied: .zero(payment.amount.currency), confidence: confidence, reasons: reasons + [why])
    }

    static func discount(on minor: Int64, basisPoints: Int64) -> Int64 {
        // Rounded half up, once, per invoice.
        // In 128 bits: the product of a large amount and the basis points must not overflow.
        Int64((Int128(minor) * Int128(basisPoints) + 5_000) / 10_000)
    }

    /// The one subset of `items` (two or more) summing to `amount`, if exactly one exists.
    private func uniqueSubset(of items: [OpenItem], summingTo amount: Money) -> [OpenItem]? {
        let found = combinationsSumming(Array(items.prefix(16)), to: amount, limit: 2)
        return found.count == 1 ? found.first : nil
    }

    private func uniqueCombination(of items: [OpenItem], summingTo amount: Money) -> [OpenItem]? {
        if let single = items.filter({ $0.open == amount }).first, items.filter({ $0.open == amount }).count == 1 { return [single] }
        let found = combinationsSumming(Array(items.prefix(policy.combinationSearchWidth)), to: amount, limit: 2)
        return found.count == 1 ? found.first : nil
    }

    /// Combinations of 2…max items whose open amounts sum exactly to `amount`, smallest first,
    /// stopping at `limit` found: a bounded depth-first search over items in due-date order,
    /// pruned by the remaining amount.
    func combinationsSumming(_ items: [OpenItem], to amount: Money, limit: Int) -> [[OpenItem]] {
        let values = items.map(\.open.minorUnits)
        let target = amount.minorUnits
        var results: [[Int]] = []
        var chosen: [Int] = []
        var budget = 200_000  // steps: the search never runs away on a large account
        func search(from start: Int, remaining: Int64, size: Int) {
            guard results.count < limit, budget > 0 else { return }
            budget -= 1
            if chosen.count == size {
                if remaining == 0 { results.append(chosen) }
                return
            }
            var index = start
            while index < values.count {
                let value = values[index]
                if value > 0 && value <= remaining {
                    chosen.append(index)
                    search(from: index + 1, remaining: remaining - value, size: size)
                    chosen.removeLast()
                    if results.count >= limit { return }
                }
                index += 1
            }
        }
        for size in 2...max(2, policy.maximumCombinationSize) where results.count < limit {
            search(from: 0, remaining: target, size: size)
        }
        return results.map { $0.map { items[$0] } }
    }

    // MARK: Building and concluding

    private func full(_ items: [OpenItem], confidence: Int, reasons: [String]) -> MatchProposal {
        let currency = items.first?.open.currency ?? .usd
        return MatchProposal(allocations: items.map { ProposedAllocation(invoice: $0.number, customer: $0.customer, amount: $0.open) },
                             unapplied: .zero(currency), confidence: max(0, min(1000, confidence)), reasons: reasons)
    }

    private func partial(_ items: [OpenItem], amount: Money, confidence: Int, reasons: [String]) -> MatchProposal {
        var remaining = amount
        var allocations: [ProposedAllocation] = []
        for item in items where remaining.isPositive {
            let applied = min(item.open, remaining)
            allocations.append(ProposedAllocation(invoice: item.number, customer: item.customer, amount: applied))
            guard let rest = try? remaining - applied else { break }
            remaining = rest
        }
        return MatchProposal(allocations: allocations, unapplied: remaining, confidence: max(0, min(1000, confidence)), reasons: reasons)
    }

    private func conclude(_ payment: IncomingPayment, proposals: [MatchProposal], payers: [PayerEvidence]) -> MatchDecision {
        var unique: [MatchProposal] = []
        for proposal in proposals.sorted(by: { $0.confidence > $1.confidence })
        where !unique.contains(where: { $0.allocations == proposal.allocations && $0.unapplied == proposal.unapplied }) {
            unique.append(proposal)
        }
        let suggestions = Array(unique.prefix(5))
        guard let best = suggestions.first else {
            let summary = payers.isEmpty
                ? "no reference, no known payer account and no customer name matches: not a known customer's payment"
                : "the payer looks like \(payers.map(\.customer.rawValue).prefix(3).joined(separator: ", ")) but nothing open explains \(payment.amount)"
            return MatchDecision(payment: payment, outcome: payers.isEmpty ? .unmatched : .review, proposals: [], summary: summary)
        }
        if let second = suggestions.dropFirst().first, second.confidence >= best.confidence - 20, second.invoices != best.invoices {
            return MatchDecision(payment: payment, outcome: .review, proposals: suggestions,
                                 summary: "two explanations fit about equally well (\(best.confidence / 10)% and \(second.confidence / 10)%): a person decides")
        }
        guard best.confidence >= policy.autoApplyThreshold else {
            return MatchDecision(payment: payment, outcome: .review, proposals: suggestions,
                                 summary: "the best explanation is \(best.confidence / 10)% sure, below the \(policy.autoApplyThreshold / 10)% needed to post it")
        }
        return MatchDecision(payment: payment, outcome: .auto, proposals: suggestions,
                             summary: "posted: \(best.confidence / 10)% sure, and no other explanation comes close")
    }

    /// An account number with all but its last four characters hidden, for explanations and logs.
    public static func masked(_ account: String) -> String {
        let visible = account.filter { $0.isLetter || $0.isNumber }
        guard visible.count > 4 else { return "****" }
        return "****" + visible.suffix(4)
    }
}
