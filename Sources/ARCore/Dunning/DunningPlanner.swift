/// An open invoice with what the planner must know beyond the ledger.
public struct DunningItem: Sendable, Hashable {
    public var invoice: Invoice
    /// A promise to pay by this date: not chased until the date plus the grace days.
    public var promisedUntil: CalendarDate?
    /// The hold in force on the invoice or its customer (a negotiation, a credit note on its
    /// way), placed by a person: never chased while it holds.
    public var hold: ActiveHold?
    /// Steps already planned or sent for this invoice (never the same step twice).
    public var stepsTaken: Set<String>

    public var onHold: Bool { hold != nil }

    public init(invoice: Invoice, promisedUntil: CalendarDate? = nil, hold: ActiveHold? = nil, stepsTaken: Set<String> = []) {
        self.invoice = invoice
        self.promisedUntil = promisedUntil
        self.hold = hold
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
    /// The step each invoice is at, where it differs from ``stepID``: one message covers a
    /// customer's invoices at several steps, and each invoice's own step is recorded as taken.
    public var invoiceSteps: [InvoiceNumber: String] = [:]

    /// The step recorded as taken for one of the action's invoices.
    public func step(of invoice: InvoiceNumber) -> String { invoiceSteps[invoice] ?? stepID }

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

    public init(actions: [PlannedAction], skipped: [PlannedSkip]) {
        self.actions = actions
        self.skipped = skipped
    }
}

/// Turns the ledger, the policy, the customers' profiles and a day into the actions due that
/// day: pure and deterministic, so every decision can be replayed and explained.
///
/// Rules: one message per customer and currency a day, covering all its invoices whose email or
/// text steps are due, at the most advanced of them (each invoice's own step recorded), and no
/// message sooner than the policy's gap after the last one unless it is a final notice; letters,
/// calls and referrals one action per step; never for
/// paid, disputed, held or promised invoices; never the same step twice; after downtime only
/// the latest step due (the ones it passed are noted as superseded, not sent in a burst);
/// nothing below the minimum balance; nothing on weekends when the policy says business days;
/// key accounts get a call task for their owner instead of automated email; people approve
/// what the policy reserves for them.
///
/// Money thresholds: a customer's balances in different currencies are never added together;
/// each is judged in its own currency against that currency's amount of the threshold (the
/// policy's own amount, or the base amount converted at the policy's rate), and the reason says
/// which. A currency the policy has no amount for refuses the plan (``ThresholdError``).
public struct DunningPlanner: Sendable {
    /// The first day past due on which a step the policy places after the due date may fire.
    public static let earliestOverdueOffset = 1

    /// When a step fires for a segment: its offset plus the segment's shift, except that a step
    /// the policy places after the due date (its message says the invoice is overdue) is never
    /// moved before ``earliestOverdueOffset``: a chronic late payer hears earlier, but is never
    /// told an invoice is overdue before it is.
    public static func effectiveOffset(_ step: DunningPolicy.Step, shift: Int) -> Int {
        let shifted = step.offsetDays + shift
        return step.offsetDays > 0 ? max(earliestOverdueOffset, shifted) : shifted
    }

    public let policy: DunningPolicy

    public init(policy: DunningPolicy) { self.policy = policy }

    /// - Throws: ``ThresholdError`` when a currency of a balance or a revenue has no threshold
    ///   amount (the policy needs its own amounts or a rate for it), or when amounts overflow.
    /// Steps whose messages are merged: a customer with invoices at several of them on one day
    /// gets one message per currency, at the most advanced step, listing every invoice with its
    /// own stage. Letters, calls and referrals are not messages a customer can receive twice in
    /// a morning by mistake; each stays an action of its own.
    public static func isMergeable(_ step: DunningPolicy.Step) -> Bool {
        (step.kind == .reminder || step.kind == .finalNotice) && (step.channel == .email || step.channel == .sms)
    }

    /// - Parameter lastMessaged: the day each customer was last sent (or planned) a message,
    ///   for the policy's frequency cap (``DunningPolicy/messageGapDays``).
    /// - Parameter engagement: what each customer's signals say (``Engagement``), for the policy's
    ///   signal rules (``SignalRules``).
    public func plan(customers: [Customer], items: [DunningItem], profiles: [CustomerID: CustomerProfile], asOf: CalendarDate,
                     lastMessaged: [CustomerID: CalendarDate] = [:], engagement: [CustomerID: Engagement] = [:]) throws(ThresholdError) -> DunningPlan {
        var actions: [PlannedAction] = []
        var skipped: [PlannedSkip] = []
        let customersByID = Dictionary(customers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let byCustomer = Dictionary(grouping: items, by: \.invoice.customerID)
        let weekend = asOf.weekdayIndex >= 5
        let base = policy.baseCurrency
        let thresholds = try policy.thresholds(
            balances: Set(items.map(\.invoice.currency)),
            revenues: Set(byCustomer.keys.compactMap { customersByID[$0]?.annualRevenue?.currency }))

        for customerID in byCustomer.keys.sorted() {
            guard let customer = customersByID[customerID] else { continue }
            let profile = profiles[customerID]
            let segmentName = profile?.segment ?? "new"
            let ownSegment = policy.segments[segmentName] ?? DunningPolicy.Segment(name: segmentName)
            let ownWhy = profile?.reason ?? "no payment history"
            // By amount: each currency's balance due, judged against that currency's small balance,
            // adds the small_balance segment's shift and skips to that currency's invoices.
            let due = byCustomer[customerID]!.filter { $0.invoice.status == .open && !$0.invoice.isDisputed }
            var segments: [Currency: (segment: DunningPolicy.Segment, why: String)] = [:]
            for (currency, dueTotal) in try Self.totals(of: due.map(\.invoice), customer: customerID).sorted(by: { $0.key < $1.key }) {
                var segment = ownSegment
                var segmentWhy = ownWhy
                let small = try thresholds.applied(.smallBalance, in: currency, base: base)
                if dueTotal < small.amount, let smallSegment = policy.segments["small_balance"] {
                    segment.shiftDays += smallSegment.shiftDays
                    segment.skipSteps.formUnion(smallSegment.skipSteps)
                    segment.tone = segment.tone ?? smallSegment.tone
                    segment.name += "+small_balance"
                    segmentWhy += "; small balance \(dueTotal) (below the small balance of \(small))"
                }
                segments[currency] = (segment, segmentWhy)
            }
            func segmentFor(_ currency: Currency) -> (segment: DunningPolicy.Segment, why: String) { segments[currency] ?? (ownSegment, ownWhy) }
            var eligible: [(item: DunningItem, step: DunningPolicy.Step, passed: [String])] = []
            for item in byCustomer[customerID]!.sorted(by: { $0.invoice.number < $1.invoice.number }) {
                let invoice = item.invoice
                if invoice.status == .paid || !invoice.openAmount.isPositive { continue }
                if invoice.isDisputed {
                    skipped.append(PlannedSkip(customerID: customerID, invoice: invoice.number, reason: "disputed: not chased until the dispute is resolved"))
                    continue
                }
                if let hold = item.hold {
                    skipped.append(PlannedSkip(customerID: customerID, invoice: invoice.number, reason: hold.explanation))
                    continue
                }
                if let promised = item.promisedUntil, asOf <= promised.adding(days: policy.promiseGraceDays) {
                    skipped.append(PlannedSkip(customerID: customerID, invoice: invoice.number,
                                               reason: "promised to pay by \(promised.iso): not chased before \(promised.adding(days: policy.promiseGraceDays + 1).iso)"))
                    continue
                }
                let daysPastDue = invoice.daysPastDue(on: asOf)
                let segment = segmentFor(invoice.currency).segment
                let steps = policy.steps.filter { !segment.skipSteps.contains($0.id) }
                let due = steps.filter { Self.effectiveOffset($0, shift: segment.shiftDays) <= daysPastDue }
                guard let latest = due.last else { continue }
                if item.stepsTaken.contains(latest.id) { continue }
                let passed = due.dropLast().map(\.id).filter { !item.stepsTaken.contains($0) }
                eligible.append((item, latest, passed))
            }
            guard !eligible.isEmpty else { continue }
            // The minimum balance is judged on everything the customer would be chased for, in each
            // currency on its own: a currency below its minimum is left alone, the others are chased.
            var minimums: [Currency: String] = [:]
            for (currency, total) in try Self.totals(of: eligible.map(\.item.invoice), customer: customerID).sorted(by: { $0.key < $1.key }) {
                let minimum = try thresholds.applied(.minimumBalance, in: currency, base: base)
                if total < minimum.amount {
                    skipped.append(PlannedSkip(customerID: customerID, invoice: nil,
                                               reason: "below the minimum balance: balance due \(total) is below the minimum of \(minimum)"))
                } else {
                    minimums[currency] = "balance due \(total) is not below the minimum balance of \(minimum)"
                }
            }
            eligible.removeAll { minimums[$0.item.invoice.currency] == nil }
            guard !eligible.isEmpty else { continue }
            if weekend && policy.businessDaysOnly {
                skipped.append(PlannedSkip(customerID: customerID, invoice: nil, reason: "\(asOf.iso) is a weekend: the steps due wait for the next business day"))
                continue
            }
            let stepOrder = Dictionary(policy.steps.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
            let groups = Dictionary(grouping: eligible, by: { candidate in
                Self.isMergeable(candidate.step) ? "message|\(candidate.item.invoice.currency.code)" : "\(candidate.step.id)|\(candidate.item.invoice.currency.code)"
            })
            for key in groups.keys.sorted() {
                let group = groups[key]!
                // The most advanced step of the group speaks for the message.
                let step = group.max { (stepOrder[$0.step.id] ?? 0) < (stepOrder[$1.step.id] ?? 0) }!.step
                let currency = group[0].item.invoice.currency
                if Self.isMergeable(step), step.kind != .finalNotice, let last = lastMessaged[customerID], policy.messageGapDays > 0,
                   asOf.days(since: last) < policy.messageGapDays, asOf >= last {
                    skipped.append(PlannedSkip(customerID: customerID, invoice: nil,
                                               reason: "frequency cap: the last message went \(asOf.days(since: last)) day(s) ago, on \(last.iso); at most one every \(policy.messageGapDays) days (a final notice is not held back); \(group.map { "\($0.item.invoice.number) (\($0.step.id))" }.joined(separator: ", ")) wait"))
                    continue
                }
                let invoices = group.map(\.item.invoice)
                let total = try Self.totals(of: invoices, customer: customerID)[currency] ?? .zero(currency)
                let (segment, segmentWhy) = segmentFor(currency)
                var kind = step.kind
                var channel = step.channel
                var tone = segment.tone ?? step.tone
                var rules: [String] = []
                let stepsInGroup = Set(group.map(\.step.id))
                if stepsInGroup.count == 1 {
                    let overdue = invoices.map { "\($0.number) \($0.openAmount) \(Self.describe(daysPastDue: $0.daysPastDue(on: asOf)))" }
                    rules.append("step \(step.id) is due \(Self.describe(offset: Self.effectiveOffset(step, shift: segment.shiftDays))) for \(overdue.joined(separator: ", "))")
                } else {
                    let each = group.map { "\($0.item.invoice.number) \($0.item.invoice.openAmount) \(Self.describe(daysPastDue: $0.item.invoice.daysPastDue(on: asOf))) at step \($0.step.id)" }
                    rules.append("one message for \(group.count) invoices at \(stepsInGroup.count) steps, sent as the most advanced, \(step.id): \(each.joined(separator: ", ")); each invoice's own step is recorded as taken")
                }
                rules.append("segment \(segment.name): \(segmentWhy)\(segment.shiftDays == 0 ? "" : ", timing shifted \(segment.shiftDays) days")")
                if let minimum = minimums[currency] { rules.append(minimum) }
                let passed = Set(group.flatMap(\.passed))
                if !passed.isEmpty { rules.append("earlier steps not taken in time (\(passed.sorted().joined(separator: ", "))) are superseded, not sent") }
                // High value: the annual revenue against the high-value amount of the revenue's own currency.
                var highValue: String?
                if let revenue = customer.annualRevenue {
                    let threshold = try thresholds.applied(.highValueRevenue, in: revenue.currency, base: base)
                    if revenue >= threshold.amount { highValue = "high-value relationship (annual revenue \(revenue), at or above \(threshold))" }
                }
                // The customer's signals: looking without paying gets a call; messages nobody opens, or
                // an address that bounced, get another channel.
                let signals = policy.signals, seen = engagement[customerID] ?? Engagement()
                if Self.isMergeable(step), channel == .email {
                    if signals.looksForCall > 0, seen.recentLooks >= signals.looksForCall {
                        kind = .callTask
                        channel = .call
                        rules.append("signal rule looks_for_call: \(seen.recentLooks) opens, clicks or portal visits by a person in \(signals.windowDays) days and not paid: a call, not another email")
                    } else if seen.bounced || (signals.unopenedBeforeSwitch > 0 && seen.unopenedMessages >= signals.unopenedBeforeSwitch) {
                        let why = seen.bounced ? "the email address bounced (no email until it is fixed)"
                            : "\(seen.unopenedMessages) emails never opened and no portal visit (rule unopened_before_switch = \(signals.unopenedBeforeSwitch))"
                        var next = signals.unopenedChannel
                        if next == .sms && (customer.phone ?? "").isEmpty { next = .call }
                        if next == .email { next = .call }
                        channel = next
                        if next == .call { kind = .callTask }
                        rules.append("signal rule: \(why): by \(next.rawValue) instead\(next == .call && signals.unopenedChannel == .sms ? " (no phone number for a text)" : "")")
                    }
                }
                if (customer.isKeyAccount || highValue != nil) && (channel == .email || channel == .sms || channel == .letter) {
                    kind = .callTask
                    channel = .call
                    tone = .friendly
                    rules.append("\(customer.isKeyAccount ? "key account" : highValue ?? "high-value relationship"): a call task for \(customer.accountOwner ?? "the account owner (none assigned)") instead of an automated message")
                }
                var approvals: [String] = []
                if policy.shadowMode { approvals.append("shadow mode: everything waits for approval") }
                if step.requiresApproval { approvals.append("step \(step.id) always needs approval") }
                if [.demandLetter, .collectionsReferral, .creditHold].contains(kind) { approvals.append("\(kind.rawValue) always needs approval") }
                let approvalAbove = try thresholds.applied(.approvalAbove, in: currency, base: base)
                if total > approvalAbove.amount {
                    approvals.append("amount \(total) is above the approval threshold of \(approvalAbove)")
                }
                rules += approvals
                var action = PlannedAction(
                    id: "\(asOf.iso)/\(customerID.rawValue)/\(step.id)/\(currency.code)", kind: kind, stepID: step.id, customerID: customerID,
                    invoices: invoices.map(\.number), total: total, channel: channel, template: step.template, tone: tone,
                    requiresApproval: !approvals.isEmpty, reason: rules.joined(separator: "; "))
                for candidate in group where candidate.step.id != step.id { action.invoiceSteps[candidate.item.invoice.number] = candidate.step.id }
                actions.append(action)
            }
        }
        return DunningPlan(actions: actions, skipped: skipped)
    }

    /// The open amounts of a customer's invoices added up per currency, each sum checked: amounts
    /// of different currencies are never added together, and an overflow is an error naming them.
    static func totals(of invoices: [Invoice], customer: CustomerID) throws(ThresholdError) -> [Currency: Money] {
        var sums: [Currency: Int64] = [:]
        for invoice in invoices {
            let (sum, overflow) = sums[invoice.currency, default: 0].addingReportingOverflow(invoice.openAmount.minorUnits)
            guard !overflow else {
                throw .totalOverflow(customer: customer, currency: invoice.currency,
                                     invoices: invoices.filter { $0.currency == invoice.currency }.map(\.number))
            }
            sums[invoice.currency] = sum
        }
        return sums.reduce(into: [:]) { $0[$1.key] = Money(minorUnits: $1.value, currency: $1.key) }
    }

    static func describe(daysPastDue days: Int) -> String {
        days < 0 ? "(due in \(-days) days)" : days == 0 ? "(due today)" : "(\(days) days overdue)"
    }

    static func describe(offset: Int) -> String {
        offset < 0 ? "\(-offset) days before the due date" : offset == 0 ? "on the due date" : "\(offset) days after the due date"
    }
}
