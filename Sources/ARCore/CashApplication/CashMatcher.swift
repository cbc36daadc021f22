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
            if decision.outcome == .review, let best = decision.proposals.first { ledger.noteAwaitingReview(best) }
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
        /// Known by a bank account (given or found in the text) or a payer name learned from
        /// history, not guessed from a resemblance.
        var certain: Bool
        /// The customer this evidence came through (a parent paying for its subsidiary).
        var via: CustomerID?
    }

    struct ReferenceHit {
        var item: OpenItem
        var kind: ReferenceMatchKind
        var token: String
    }

    /// Who may have sent the payment, best first: learned accounts, learned names, names that
    /// resemble a customer's; when the structured fields identify nobody, accounts, names and
    /// aliases found in the free text. A payer also pays for its subsidiaries.
    func identifyPayers(_ payment: IncomingPayment, in ledger: CashApplicationLedger) -> [PayerEvidence] {
        var evidence: [CustomerID: PayerEvidence] = [:]
        func add(_ customer: CustomerID, _ score: Int, _ reason: String, certain: Bool, via: CustomerID? = nil) {
            if (evidence[customer]?.score ?? -1) < score {
                evidence[customer] = PayerEvidence(customer: customer, score: score, reason: reason, certain: certain, via: via)
            }
        }
        if let account = payment.payerAccount {
            let known = ledger.knowledge.customers(forAccount: account)
            let total = known.values.reduce(0, +)
            for (customer, count) in known {
                let score = PayerScore.account(count: count, of: total)
                add(customer, score, "payer account \(Self.masked(account)) paid customer \(customer) in \(count) earlier receipt\(count == 1 ? "" : "s")",
                    certain: score >= PayerScore.soleAccount)
            }
        }
        if let name = payment.payerName, !name.isEmpty {
            let known = ledger.knowledge.customers(forName: name)
            let total = known.values.reduce(0, +)
            for (customer, count) in known {
                let sole = count * 10 >= total * 9
                add(customer, sole ? PayerScore.soleLearnedName : PayerScore.sharedLearnedName,
                    "payer name '\(name)' paid customer \(customer) in \(count) earlier receipt\(count == 1 ? "" : "s")", certain: sole)
            }
            for (customer, similarity) in ledger.customersNamed(like: name).prefix(5) where similarity >= 800 {
                let customerName = ledger.customers[customer]?.name ?? customer.rawValue
                add(customer, similarity >= 1000 ? PayerScore.exactName : similarity - PayerScore.resemblanceDiscount,
                    "payer name '\(name)' \(similarity >= 1000 ? "is" : "resembles") customer \(customer) '\(customerName)' (\(similarity / 10)%)", certain: false)
            }
        }
        if !evidence.values.contains(where: { $0.score >= PayerScore.likely }) {
            let text = [payment.payerName, payment.remittance].compactMap { $0 }.joined(separator: "\n")
            if !text.isEmpty {
                for (customer, found) in textEvidence(ledger.textIndex.payers(in: text), ledger: ledger) {
                    add(customer, found.score, found.reason, certain: found.certain)
                }
            }
        }
        for parent in Array(evidence.values) {
            for child in ledger.subsidiaries(of: parent.customer) {
                add(child, parent.score - PayerScore.subsidiaryDiscount, "\(parent.reason); \(child) is its subsidiary", certain: parent.certain, via: parent.customer)
            }
        }
        return evidence.values.sorted { ($0.score, $1.customer) > ($1.score, $0.customer) }
    }

    /// The free text's hits weighed per customer: an account found whole counts as much as a
    /// given one; a name or alias found counts a little less than a given payer name (the text may
    /// mention a company in another role); a name and an account of the same customer together
    /// count more than either.
    func textEvidence(_ hits: [PayerTextIndex.Hit], ledger: CashApplicationLedger) -> [(CustomerID, (score: Int, reason: String, certain: Bool))] {
        var byCustomer: [CustomerID: [PayerTextIndex.Hit]] = [:]
        for hit in hits { byCustomer[hit.customer, default: []].append(hit) }
        var result: [(CustomerID, (score: Int, reason: String, certain: Bool))] = []
        for (customer, found) in byCustomer {
            var best = 0
            var reasons: [String] = []
            var certain = false
            var hasAccount = false, hasName = false
            for hit in found {
                let sole = hit.receipts * 10 >= hit.totalReceipts * 9
                let score: Int
                switch hit.kind {
                case .account:
                    score = PayerScore.account(count: hit.receipts, of: hit.totalReceipts)
                    certain = certain || score >= PayerScore.soleAccount
                    hasAccount = true
                    reasons.append("the text carries account \(hit.found), which paid customer \(customer) in \(hit.receipts) earlier receipt\(hit.receipts == 1 ? "" : "s")")
                case .accountTail:
                    score = sole ? PayerScore.textAccountTail : PayerScore.sharedTextAccount
                    hasAccount = true
                    reasons.append("the text carries the account number of \(hit.found) without its prefix, which paid customer \(customer)")
                case .maskedAccount:
                    score = sole ? PayerScore.textMaskedAccount : PayerScore.sharedMaskedAccount
                    hasAccount = sole
                    // The one candidate whose name the text also holds: the name was checked.
                    hasName = hasName || (sole && hit.similarity >= PayerScore.corroboratingSimilarity)
                    reasons.append("the text carries a masked account \(hit.found); a known account of customer \(customer) ends so")
                case .alias, .name:
                    let exact = hit.similarity >= 1000
                    score = exact ? (sole ? PayerScore.textName : PayerScore.sharedLearnedName) : hit.similarity - PayerScore.textResemblanceDiscount
                    hasName = hasName || (hit.similarity >= PayerScore.corroboratingSimilarity && sole)
                    let customerName = ledger.customers[customer]?.name ?? customer.rawValue
                    reasons.append(hit.kind == .alias
                        ? "the text names '\(hit.found)' (\(hit.similarity / 10)%), a payer name that paid customer \(customer) '\(customerName)' before"
                        : "the text names customer \(customer) '\(customerName)' (\(hit.similarity / 10)% of the name)")
                }
                best = max(best, score)
            }
            if hasAccount && hasName {
                best = min(PayerScore.corroboratedCeiling, best + PayerScore.corroborationBonus)
                certain = true
            }
            result.append((customer, (best, reasons.joined(separator: "; "), certain)))
        }
        return result
    }

    /// Another payer about as well identified as `payer` and not of its family (parent,
    /// subsidiary, sibling): then who paid is a guess, and nothing is posted on it.
    func rival(of payer: PayerEvidence, among payers: [PayerEvidence], ledger: CashApplicationLedger) -> PayerEvidence? {
        func family(_ id: CustomerID) -> CustomerID { ledger.customers[id]?.parentID ?? id }
        return payers.first { other in
            other.customer != payer.customer && other.score >= payer.score - policy.payerTieMargin
                && family(other.customer) != family(payer.customer) && other.via != payer.customer && payer.via != other.customer
        }
    }

    /// Open invoices of the payment's currency that its remittance or structured references name.
    func findReferences(_ payment: IncomingPayment, in ledger: CashApplicationLedger, currency: Currency,
                        alwaysTryWeakReadings: Bool = false) -> [ReferenceHit] {
        var best: [InvoiceNumber: ReferenceHit] = [:]
        var texts = payment.references
        if let remittance = payment.remittance {
            texts.append(remittance)
            // Lines broken at a fixed width (MT940 :86:) may cut a reference in two.
            if remittance.utf8.contains(10) { texts.append(String(decoding: remittance.utf8.filter { $0 != 10 && $0 != 13 }, as: UTF8.self)) }
        }
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
            } else if case let short = shortPayment(items, payment: payment, confidence: base - MatchConfidence.shortPaymentDiscount, reasons: reasons), !short.isEmpty {
                proposals += short
            } else {
                // A partial payment of what it names: oldest first, the rest stays open.
                let single = items.count == 1
                proposals.append(partial(items, amount: amount, confidence: (single ? base - 70 : base - 200) - amountMismatchPenalty,
                                         reasons: reasons + ["amount \(amount) is less than the \(total) open: a partial payment, \((try? total - amount).map(\.description) ?? "the rest") stays open"]))
            }
        } else {
            guard let remainder = try? amount - total else { return proposals }
            proposals += completionsOrOnAccount(named: items, remainder: remainder, base: base - amountMismatchPenalty,
                                                reasons: reasons, payment: payment, payers: payers, referencedCustomers: referencedCustomers, ledger: ledger)
        }
        return proposals
    }

    /// More than the invoices named: a remittance often names only some of what it pays (the
    /// bank cut the text, the customer wrote the first number, "INV 1001 ETC"). The payer's other
    /// open items, oldest first and within the search width, are searched for the rest (the named
    /// ones fixed): exactly, or short by a bank fee or the early-payment discount. Only when
    /// nothing completes the amount is the excess an overpayment held on account, and that is
    /// posted only when the payer is certain and the excess small against its open items and
    /// history; otherwise a person decides, and the reason says why.
    private func completionsOrOnAccount(named items: [OpenItem], remainder: Money, base: Int, reasons: [String], payment: IncomingPayment,
                                        payers: [PayerEvidence], referencedCustomers: Set<CustomerID>,
                                        ledger: CashApplicationLedger) -> [MatchProposal] {
        let amount = payment.amount
        var owners = referencedCustomers
        for customer in referencedCustomers { owners.formUnion(ledger.subsidiaries(of: customer)) }
        let named = Set(items.map(\.number))
        let others = owners.sorted().flatMap { ledger.openItems(of: $0) }
            .filter { !named.contains($0.number) && $0.open.currency == amount.currency }
            .sorted { ($0.dueDate, $0.issueDate, $0.number) < ($1.dueDate, $1.issueDate, $1.number) }
        let window = Array(others.prefix(policy.combinationSearchWidth))
        var proposals: [MatchProposal] = []
        // Exact completions: the smallest first.
        let exact = completions(of: window, summingTo: remainder, limit: 2)
        for extra in exact {
            let confidence = exact.count == 1 ? base - MatchConfidence.completionDiscount - MatchConfidence.completionDiscountPerExtraItem * (extra.count - 1)
                                              : MatchConfidence.tie
            proposals.append(full(items + extra, confidence: confidence,
                                  reasons: reasons + ["the remaining \(remainder) equals the open amount\(extra.count > 1 ? "s" : "") of \(extra.map(\.number.rawValue).joined(separator: ", ")) of the same customer, oldest first\(exact.count > 1 ? "; another combination fits as well" : "")"]))
        }
        if exact.isEmpty {
            // Completions short by a fee or a discount: many amounts lie within a fee of the rest,
            // so these are suggestions unless the discount explains the shortfall to the cent.
            for extra in completions(of: window, within: remainder, tolerance: policy.bankFeeTolerance, limit: 3) {
                let with = ["with \(extra.map(\.number.rawValue).joined(separator: ", ")) of the same customer, oldest first"]
                for var proposal in shortPayment(items + extra, payment: payment, confidence: base - MatchConfidence.completionDiscount, reasons: reasons + with) {
                    if !proposal.allocations.contains(where: { $0.adjustmentReason == .earlyPaymentDiscount }) {
                        proposal.confidence = min(proposal.confidence, MatchConfidence.feeCompletion)
                    }
                    proposals.append(proposal)
                }
            }
            if proposals.filter({ $0.confidence >= policy.autoApplyThreshold }).count > 1 {
                for index in proposals.indices { proposals[index].confidence = min(proposals[index].confidence, MatchConfidence.tie) }
            }
        }
        // Held on account.
        let payer = payers.first { referencedCustomers.contains($0.customer) }
        let certain = payer.map { $0.certain && rival(of: $0, among: payers, ledger: ledger) == nil } ?? false
        let openTotal = (try? owners.flatMap { ledger.openItems(of: $0) }.filter { $0.open.currency == amount.currency }.map(\.open).checkedSum(in: amount.currency)) ?? amount
        let shareLimit = Self.share(openTotal.minorUnits, basisPoints: policy.overpaymentShareOfOpenBasisPoints)
        let largestReceipt = owners.compactMap { ledger.knowledge.largestReceipt(of: $0, in: amount.currency)?.minorUnits }.max() ?? 0
        let small = remainder.minorUnits <= max(shareLimit, largestReceipt)
        var why: String
        var confidence = base - MatchConfidence.onAccountDiscount
        if !proposals.isEmpty {
            why = "else \(remainder) is held on account"
            confidence = min(confidence, MatchConfidence.onAccountRival)
        } else if !certain {
            why = "no other open item completes it, but the payer is not certain: \(remainder) would be held on account, a person decides"
            confidence = min(confidence, MatchConfidence.onAccountUncertain)
        } else if !small {
            why = "no other open item completes it; \(remainder) is too much to hold on account unasked (more than \(policy.overpaymentShareOfOpenBasisPoints / 100)% of the customer's \(openTotal) open and than its largest receipt before): a person decides"
            confidence = min(confidence, MatchConfidence.onAccountLarge)
        } else {
            why = "no other open item completes it: \(remainder) is held on account (small against the customer's \(openTotal) open)"
        }
        var onAccount = full(items, confidence: confidence, reasons: reasons + ["amount \(amount) is more than the \((try? amount - remainder).map(\.description) ?? "") open; " + why])
        onAccount.unapplied = remainder
        proposals.append(onAccount)
        return proposals
    }

    /// `basisPoints` of `minor`, rounded down, in 128 bits.
    static func share(_ minor: Int64, basisPoints: Int64) -> Int64 { Int64(Int128(minor) * Int128(basisPoints) / 10_000) }

    /// Sets of 1…max items (in `items`' order) summing exactly to `amount`, the smallest sets first.
    func completions(of items: [OpenItem], summingTo amount: Money, limit: Int) -> [[OpenItem]] {
        var found = items.filter { $0.open == amount }.prefix(limit).map { [$0] }
        if found.count < limit { found += combinationsSumming(items, to: amount, limit: limit - found.count) }
        return found
    }

    /// Sets of 1…max items whose sum exceeds `amount` by 1…`tolerance` minor units.
    func completions(of items: [OpenItem], within amount: Money, tolerance: Int64, limit: Int) -> [[OpenItem]] {
        var found: [[OpenItem]] = []
        for item in items where found.count < limit {
            let over = item.open.minorUnits - amount.minorUnits
            if over > 0 && over <= tolerance { found.append([item]) }
        }
        if found.count < limit { found += combinationsSumming(items, to: amount, limit: limit - found.count, tolerance: tolerance) }
        return found
    }

    private func proposalsFromAmounts(payment: IncomingPayment, payers: [PayerEvidence], weakReferences: [ReferenceHit],
                                      ledger: CashApplicationLedger) -> [MatchProposal] {
        let likely = payers.filter { $0.score >= PayerScore.likely }
        var proposals = amountProposals(payment: payment, likely: likely, ledger: ledger)
        // A payer only as well identified as another customer outside its family (a name that
        // resembles two): who paid is a guess, so nothing found by amount alone is posted.
        if let top = likely.first, let other = rival(of: top, among: likely, ledger: ledger) {
            for index in proposals.indices {
                proposals[index].confidence = min(proposals[index].confidence, MatchConfidence.tie)
                proposals[index].reasons.append("but the payer could as well be customer \(other.customer) (\(other.reason))")
            }
        }
        return weakExactProposals(payment: payment, payers: payers, references: weakReferences) + proposals
    }

    private func amountProposals(payment: IncomingPayment, likely: [PayerEvidence], ledger: CashApplicationLedger) -> [MatchProposal] {
        let amount = payment.amount
        var proposals: [MatchProposal] = []
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
            } else if policy.oldestFirstForEqualAmounts && ledger.knowledge.paysWithoutReferences(payer.customer)
                        && !ledger.awaitingReview.contains(payer.customer) {
                proposals.append(full([first], confidence: min(960, payer.score - 30 + habit) - rivalPenalty,
                                      reasons: [payer.reason] + habitReason + ["\(exact.count) open invoices are of exactly \(amount): applied to the oldest, \(first.number) (first in, first out)"]))
                // The next ones of the same amount, for a person who knows better than first in, first out.
                for item in exact.dropFirst().prefix(4) {
                    proposals.append(full([item], confidence: payer.score - 300,
                                          reasons: [payer.reason, "invoice \(item.number) is also open for exactly \(amount), but younger"]))
                }
            } else {
                // Nothing says which: every one of them is an explanation as good as the others.
                for item in exact.prefix(5) {
                    proposals.append(full([item], confidence: min(payer.score - 200, MatchConfidence.tie),
                                          reasons: [payer.reason, "\(exact.count) open invoices are of exactly \(amount) and nothing says which this pays"
                                              + (!policy.oldestFirstForEqualAmounts ? ""
                                                  : ledger.awaitingReview.contains(payer.customer) ? " (an earlier payment of the customer's in this batch awaits review and may have paid the oldest)"
                                                  : " (the customer's history does not show it paying without references, oldest first)")]))
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
            // Short by a fee or a discount on one invoice, with no reference to say which: if
            // several invoices fit, they tie; one alone is still a suggestion, since many amounts
            // lie within a fee of some open invoice.
            var short: [MatchProposal] = []
            for item in window {
                short += shortPayment([item], payment: payment, confidence: payer.score - MatchConfidence.unreferencedShortDiscount,
                                      reasons: [payer.reason] + habitReason + ["no reference: invoice \(item.number) is the open item the amount falls short of"])
            }
            if Set(short.map(\.invoices)).count > 1 {
                for index in short.indices { short[index].confidence = min(short[index].confidence, MatchConfidence.tie) }
            }
            proposals += short.prefix(5)
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
    /// discount window): the difference is recorded as an adjustment to follow up. The discount is
    /// taken per invoice, each its own; a fee on several invoices could be any one's, so that is
    /// a suggestion. When a whole-unit shortfall is both the discount and a plausible fee, the two
    /// readings tie and a person decides; empty when neither explains the shortfall.
    private func shortPayment(_ items: [OpenItem], payment: IncomingPayment, confidence: Int, reasons: [String]) -> [MatchProposal] {
        let currency = payment.amount.currency
        guard let total = try? items.map(\.open).checkedSum(in: currency), let shortfall = try? total - payment.amount,
              shortfall.isPositive, !items.isEmpty else { return [] }
        let discounts = items.map { Self.discount(on: $0.open.minorUnits, basisPoints: policy.discountBasisPoints) }
        guard let discount = try? discounts.checkedSum() else { return [] }
        let withinWindow = items.allSatisfy { payment.valueDate <= $0.issueDate.adding(days: policy.discountDays) }
        let discountFits = withinWindow && abs(shortfall.minorUnits - discount) <= Int64(items.count)
        let feeFits = shortfall.minorUnits <= policy.bankFeeTolerance
        var unit: Int64 = 1
        for _ in 0..<currency.minorUnitDigits { unit *= 10 }
        let tie = discountFits && feeFits && shortfall.minorUnits % unit == 0
        var proposals: [MatchProposal] = []
        if discountFits {
            var allocations = zip(items, discounts).map { item, taken in
                ProposedAllocation(invoice: item.number, customer: item.customer, amount: item.open,
                                   adjustment: Money(minorUnits: taken, currency: currency), adjustmentReason: .earlyPaymentDiscount)
            }
            // Rounding once per invoice may leave a cent or so: the last invoice's discount takes it.
            allocations[allocations.count - 1].adjustment = Money(minorUnits: discounts[discounts.count - 1] + shortfall.minorUnits - discount, currency: currency)
            var valid = true
            for index in allocations.indices {
                guard let adjustment = allocations[index].adjustment, let cash = try? allocations[index].amount - adjustment, !cash.isNegative else { valid = false; break }
                allocations[index].amount = cash
            }
            if valid {
                proposals.append(MatchProposal(allocations: allocations, unapplied: .zero(currency), confidence: tie ? MatchConfidence.tie : confidence,
                                               reasons: reasons + ["short by \(shortfall): the \(policy.discountBasisPoints / 100)% early-payment discount, paid within \(policy.discountDays) days of issue"
                                                   + (tie ? "; but a bank fee of \(shortfall) fits as well" : "")]))
            }
        }
        if feeFits && (!discountFits || tie), let last = items.last, let lastAmount = try? last.open - shortfall {
            var allocations = items.map { ProposedAllocation(invoice: $0.number, customer: $0.customer, amount: $0.open) }
            allocations[allocations.count - 1].amount = lastAmount
            allocations[allocations.count - 1].adjustment = shortfall
            allocations[allocations.count - 1].adjustmentReason = .bankFee
            let several = items.count > 1
            proposals.append(MatchProposal(allocations: allocations, unapplied: .zero(currency),
                                           confidence: tie ? MatchConfidence.tie : several ? min(confidence, MatchConfidence.feeOnSeveral) : confidence,
                                           reasons: reasons + ["short by \(shortfall), within the bank-fee tolerance: recorded as a bank fee to follow up"
                                               + (several ? " (on the last invoice; it could be any one's)" : "") + (tie ? "; but the early-payment discount fits as well" : "")]))
        }
        return proposals
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
    func combinationsSumming(_ items: [OpenItem], to amount: Money, limit: Int, tolerance: Int64 = 0) -> [[OpenItem]] {
        let values = items.map(\.open.minorUnits)
        // With a tolerance, sums of amount + 1 … amount + tolerance: the remaining budget below the
        // upper bound ends in 0 ..< tolerance.
        let target = amount.minorUnits + tolerance
        var results: [[Int]] = []
        var chosen: [Int] = []
        var budget = MatchConfidence.combinationSearchSteps  // the search never runs away on a large account
        func search(from start: Int, remaining: Int64, size: Int) {
            guard results.count < limit, budget > 0 else { return }
            budget -= 1
            if chosen.count == size {
                if tolerance == 0 ? remaining == 0 : remaining >= 0 && remaining < tolerance { results.append(chosen) }
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
        if let second = suggestions.dropFirst().first, second.confidence >= best.confidence - policy.explanationTieMargin, second.invoices != best.invoices {
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
