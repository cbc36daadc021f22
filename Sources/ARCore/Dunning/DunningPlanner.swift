/// An open invoice with what the planner must know beyond the ledger.
public struct DunningItem: Sendable, Hashable {
    public var invoice: Invoice
    /// A promise to pay by this date: not chased until the date plus the grace days.
    public var promisedUntil: CalendarDate?
    /// Held by a person (a negotiation, a credit note on its way): never chased.
    public var onHold: Bool
    /// Steps already planned or sent for this invoice (never the same step twice).
    public var stepsTaken: Set<String>

    public init(invoice: Invoice, promisedUntil: CalendarDate? = nil, onHold: Bool = false, stepsTaken: Set<String> = []) {
        self.invoice = invoice
        self.promisedUntil = promisedUntil
        self.onHold = onHold
        self.stepsTaken = stepsTaken
    }
}

/// Something the agent proposes to do. Decisions are data: the reason names the facts and the
/// rule; whether a person must approve is decided here too.
public struct PlannedAction: Sendable, Hashable {
    /// Stable for the same customer, step and day, so a second cycle finds it instead of adding it.
    public var id: String
    public var kind: DunningPolicy.Step.Kind
    public var stepID: String
    public var customerID: CustomerID
    public var invoices: [InvoiceNumber]
    public var total: Money
    public var channel: DunningPolicy.Step.Channel
    public var template: String
    public var tone: DunningPolicy.Step.Tone
    public var requiresApproval: Bool
    public var reason: String

    public init(id: String, kind: DunningPolicy.Step.Kind, stepID: String, customerID: CustomerID, invoices: [InvoiceNumber], total: Money,
                channel: DunningPolicy.Step.Channel, template: String, tone: DunningPolicy.Step.Tone, requiresApproval: Bool, reason: String) {
        self.id = id
        self.kind = kind
        self.stepID = stepID
        self.customerID = customerID
        self.invoices = invoices
        self.total = total
        self.channel = channel
        self.template = template
        self.tone = tone
        self.requiresApproval = requiresApproval
        self.reason = reason
    }
}

/// Why nothing was done about a customer or an invoice.
public struct PlannedSkip: Sendable, Hashable {
    public var customerID: CustomerID
    public var invoice: InvoiceNumber?
    public var reason: String
}

public struct DunningPlan: Sendable, Hashable {
    public var actions: [PlannedAction]
    public var skipped: [PlannedSkip]
}

/// Turns the ledger, the policy, the customers' profiles and a day into the actions due that
/// day: pure and deterministic, so every decision can be replayed and explained.
///
/// Rules: one action per customer and step, covering all its invoices at that step; never for
/// paid, disputed, held or promised invoices; never the same step twice; after downtime only
/// the latest step due (the ones it passed are noted as superseded, not sent in a burst);
/// nothing below the minimum balance; nothing on weekends when the policy says business days;
/// key accounts get a call task for their owner instead of automated email; people approve
/// what the policy reserves for them.
public struct DunningPlanner: Sendable {
    public let policy: DunningPolicy

    public init(policy: DunningPolicy) { self.policy = policy }

    public func plan(customers: [Customer], items: [DunningItem], profiles: [CustomerID: CustomerProfile], asOf: CalendarDate) -> DunningPlan {
        var actions: [PlannedAction] = []
        var skipped: [PlannedSkip] = []
        let customersByID = Dictionary(customers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let byCustomer = Dictionary(grouping: items, by: \.invoice.customerID)
        let weekend = asOf.weekdayIndex >= 5

        for customerID in byCustomer.keys.sorted() {
            guard let customer = customersByID[customerID] else { continue }
            let profile = profiles[customerID]
            let segmentName = profile?.segment ?? "new"
            var segment = policy.segments[segmentName] ?? DunningPolicy.Segment(name: segmentName)
            var segmentWhy = profile?.reason ?? "no payment history"
            // By amount: a small balance due adds the small_balance segment's shift and skips.
            // Sums cannot fail: CollectionsService checks first that the open amounts add up within
            // Int64 (AmountBounds); were one to, the customer is skipped with the reason.
            let dueTotal: Int64
            do {
                dueTotal = try byCustomer[customerID]!.filter { $0.invoice.status == .open && !$0.invoice.isDisputed }.map(\.invoice.openAmount.minorUnits).checkedSum()
            } catch { skipped.append(PlannedSkip(customerID: customerID, invoice: nil, reason: error.description)); continue }
            if dueTotal < policy.smallBalance, let small = policy.segments["small_balance"] {
                segment.shiftDays += small.shiftDays
                segment.skipSteps.formUnion(small.skipSteps)
                segment.tone = segment.tone ?? small.tone
                segment.name += "+small_balance"
                segmentWhy += "; small balance \(MoneyFormat.decimalString(minorUnits: dueTotal, digits: 2)) (below \(MoneyFormat.decimalString(minorUnits: policy.smallBalance, digits: 2)))"
            }
            var eligible: [(item: DunningItem, step: DunningPolicy.Step, passed: [String])] = []
            for item in byCustomer[customerID]!.sorted(by: { $0.invoice.number < $1.invoice.number }) {
                let invoice = item.invoice
                if invoice.status == .paid || !invoice.openAmount.isPositive { continue }
                if invoice.isDisputed {
                    skipped.append(PlannedSkip(customerID: customerID, invoice: invoice.number, reason: "disputed: not chased until the dispute is resolved"))
                    continue
                }
                if item.onHold {
                    skipped.append(PlannedSkip(customerID: customerID, invoice: invoice.number, reason: "on hold"))
                    continue
                }
                if let promised = item.promisedUntil, asOf <= promised.adding(days: policy.promiseGraceDays) {
                    skipped.append(PlannedSkip(customerID: customerID, invoice: invoice.number,
                                               reason: "promised to pay by \(promised.iso): not chased before \(promised.adding(days: policy.promiseGraceDays + 1).iso)"))
                    continue
                }
                let daysPastDue = invoice.daysPastDue(on: asOf)
                let steps = policy.steps.filter { !segment.skipSteps.contains($0.id) }
                let due = steps.filter { $0.offsetDays + segment.shiftDays <= daysPastDue }
                guard let latest = due.last else { continue }
                if item.stepsTaken.contains(latest.id) { continue }
                let passed = due.dropLast().map(\.id).filter { !item.stepsTaken.contains($0) }
                eligible.append((item, latest, passed))
            }
            guard !eligible.isEmpty else { continue }
            // The minimum balance is judged on everything the customer would be chased for.
            var totals: [Currency: Int64] = [:]
            do {
                for (currency, group) in Dictionary(grouping: eligible, by: { $0.item.invoice.currency }) {
                    totals[currency] = try group.map(\.item.invoice.openAmount.minorUnits).checkedSum(currency: currency)
                }
            } catch { skipped.append(PlannedSkip(customerID: customerID, invoice: nil, reason: error.description)); continue }
            if totals.values.allSatisfy({ $0 < policy.minimumBalance }) {
                skipped.append(PlannedSkip(customerID: customerID, invoice: nil,
                                           reason: "balance due \(totals.map { Money(minorUnits: $0.value, currency: $0.key).description }.sorted().joined(separator: ", ")) is below the minimum of \(MoneyFormat.decimalString(minorUnits: policy.minimumBalance, digits: 2))"))
                continue
            }
            if weekend && policy.businessDaysOnly {
                skipped.append(PlannedSkip(customerID: customerID, invoice: nil, reason: "\(asOf.iso) is a weekend: the steps due wait for the next business day"))
                continue
            }
            let groups = Dictionary(grouping: eligible, by: { "\($0.step.id)|\($0.item.invoice.currency.code)" })
            for key in groups.keys.sorted() {
                let group = groups[key]!
                let step = group[0].step
                let currency = group[0].item.invoice.currency
                let invoices = group.map(\.item.invoice)
                let total: Money
                do { total = try invoices.map(\.openAmount).checkedSum(in: currency) } catch {
                    skipped.append(PlannedSkip(customerID: customerID, invoice: nil, reason: error.description))
                    continue
                }
                var kind = step.kind
                var channel = step.channel
                var tone = segment.tone ?? step.tone
                var rules: [String] = []
                let overdue = invoices.map { "\($0.number) \($0.openAmount) \(Self.describe(daysPastDue: $0.daysPastDue(on: asOf)))" }
                rules.append("step \(step.id) is due \(Self.describe(offset: step.offsetDays + segment.shiftDays)) for \(overdue.joined(separator: ", "))")
                rules.append("segment \(segment.name): \(segmentWhy)\(segment.shiftDays == 0 ? "" : ", timing shifted \(segment.shiftDays) days")")
                let passed = Set(group.flatMap(\.passed))
                if !passed.isEmpty { rules.append("earlier steps not taken in time (\(passed.sorted().joined(separator: ", "))) are superseded, not sent") }
                let highValue = (customer.annualRevenue?.minorUnits ?? 0) >= policy.highValueRevenue
                if (customer.isKeyAccount || highValue) && (channel == .email || channel == .sms || channel == .letter) {
                    kind = .callTask
                    channel = .call
                    tone = .friendly
                    rules.append("\(customer.isKeyAccount ? "key account" : "high-value relationship"): a call task for \(customer.accountOwner ?? "the account owner (none assigned)") instead of an automated message")
                }
                var approvals: [String] = []
                if policy.shadowMode { approvals.append("shadow mode: everything waits for approval") }
                if step.requiresApproval { approvals.append("step \(step.id) always needs approval") }
                if [.demandLetter, .collectionsReferral, .creditHold].contains(kind) { approvals.append("\(kind.rawValue) always needs approval") }
                if total.minorUnits > policy.approvalAbove {
                    approvals.append("amount \(total) is above the approval threshold of \(MoneyFormat.decimalString(minorUnits: policy.approvalAbove, digits: 2))")
                }
                rules += approvals
                actions.append(PlannedAction(
                    id: "\(asOf.iso)/\(customerID.rawValue)/\(step.id)/\(currency.code)", kind: kind, stepID: step.id, customerID: customerID,
                    invoices: invoices.map(\.number), total: total, channel: channel, template: step.template, tone: tone,
                    requiresApproval: !approvals.isEmpty, reason: rules.joined(separator: "; ")))
            }
        }
        return DunningPlan(actions: actions, skipped: skipped)
    }

    static func describe(daysPastDue days: Int) -> String {
        days < 0 ? "(due in \(-days) days)" : days == 0 ? "(due today)" : "(\(days) days overdue)"
    }

    static func describe(offset: Int) -> String {
        offset < 0 ? "\(-offset) days before the due date" : offset == 0 ? "on the due date" : "\(offset) days after the due date"
    }
}
