import ARCore
import Testing

@Suite("Dunning planner: a controller's scenarios")
struct DunningPlannerTests {
    let usd = Currency.usd
    // A Wednesday.
    let today = CalendarDate(iso: "2026-06-10")!

    func invoice(_ number: String, _ customer: String = "C1", due offset: Int, cents: Int64 = 100_000, disputed: Bool = false, paid: Bool = false) -> Invoice {
        let due = today.advanced(by: -offset)
        return Invoice(number: InvoiceNumber(number), customerID: CustomerID(customer), issueDate: due.advanced(by: -30), dueDate: due,
                       amount: Money(minorUnits: cents, currency: usd), openAmount: paid ? .zero(usd) : nil,
                       paidDate: paid ? today.advanced(by: -1) : nil, isDisputed: disputed)
    }

    func plan(_ items: [DunningItem], customers: [Customer]? = nil, profiles: [CustomerID: CustomerProfile] = [:],
              policy: DunningPolicy = DunningPolicy(), on day: CalendarDate? = nil) -> DunningPlan {
        do {
            return try DunningPlanner(policy: policy).plan(customers: customers ?? [Customer(id: "C1", name: "Acme"), Customer(id: "C2", name: "Globex")],
                                                           items: items, profiles: profiles, asOf: day ?? today)
        } catch {
            // These scenarios are all in USD, which the default policy judges: a refusal is a failure.
            Issue.record("the planner refused: \(error)")
            return DunningPlan(actions: [], skipped: [])
        }
    }

    @Test("the ladder: friendly at -5, firm at +3, escalation at +15, final notice at +30, referral at +60", arguments: [
        (-5, "friendly_reminder", DunningPolicy.Step.Kind.reminder), (3, "firm_follow_up", .reminder), (15, "escalation_notice", .reminder),
        (30, "final_notice", .finalNotice), (60, "agency_referral", .collectionsReferral),
    ])
    func ladder(daysPastDue: Int, step: String, kind: DunningPolicy.Step.Kind) throws {
        // The step before each rung has been taken; on the rung's day the rung is due.
        let previous = DunningPolicy.defaultSteps.filter { $0.offsetDays < daysPastDue }.map(\.id)
        let result = plan([DunningItem(invoice: invoice("I1", due: daysPastDue), stepsTaken: Set(previous))])
        let action = try #require(result.actions.first)
        #expect(result.actions.count == 1)
        #expect(action.stepID == step)
        #expect(action.kind == kind)
        #expect(action.reason.contains("I1"))
        // The day before, nothing new is due.
        #expect(plan([DunningItem(invoice: invoice("I1", due: daysPastDue - 1), stepsTaken: Set(previous))]).actions.isEmpty)
    }

    @Test("one message per customer covers all its invoices at the same step")
    func grouping() {
        let result = plan([DunningItem(invoice: invoice("I1", due: 3)), DunningItem(invoice: invoice("I2", due: 5)),
                           DunningItem(invoice: invoice("I3", "C2", due: 4))])
        #expect(result.actions.count == 2)
        #expect(result.actions.first { $0.customerID == "C1" }?.invoices == ["I1", "I2"])
    }

    @Test("invoices at several steps on one day make one message at the most advanced step, each invoice's own step recorded; a referral stays apart")
    func oneMessagePerCustomer() throws {
        let result = plan([
            DunningItem(invoice: invoice("N", due: -5)),
            DunningItem(invoice: invoice("F", due: 3), stepsTaken: ["friendly_reminder"]),
            DunningItem(invoice: invoice("E", due: 30), stepsTaken: ["friendly_reminder", "firm_follow_up", "escalation_notice"]),
            DunningItem(invoice: invoice("R", due: 60), stepsTaken: ["friendly_reminder", "firm_follow_up", "escalation_notice", "final_notice"]),
        ])
        let messages = result.actions.filter { $0.channel == .email }
        let message = try #require(messages.first)
        #expect(messages.count == 1)
        #expect(message.stepID == "final_notice" && message.kind == .finalNotice)
        #expect(Set(message.invoices) == ["N", "F", "E"])
        #expect(message.step(of: "N") == "friendly_reminder" && message.step(of: "F") == "firm_follow_up" && message.step(of: "E") == "final_notice")
        #expect(message.reason.contains("one message for 3 invoices at 3 steps"))
        #expect(result.actions.filter { $0.kind == .collectionsReferral }.map(\.invoices) == [["R"]])
    }

    @Test("the frequency cap holds a message back for a few days after the last one, but never a final notice")
    func frequencyCap() throws {
        let last: [CustomerID: CalendarDate] = ["C1": today.advanced(by: -2)]
        let firm = DunningItem(invoice: invoice("F", due: 3), stepsTaken: ["friendly_reminder"])
        let held = try DunningPlanner(policy: DunningPolicy()).plan(customers: [Customer(id: "C1", name: "Acme")], items: [firm], profiles: [:],
                                                                   asOf: today, lastMessaged: last)
        #expect(held.actions.isEmpty)
        #expect(held.skipped.first?.reason.contains("frequency cap") == true)
        let later = try DunningPlanner(policy: DunningPolicy()).plan(customers: [Customer(id: "C1", name: "Acme")], items: [firm], profiles: [:],
                                                                    asOf: today, lastMessaged: ["C1": today.advanced(by: -5)])
        #expect(later.actions.map(\.stepID) == ["firm_follow_up"])
        let final = DunningItem(invoice: invoice("E", due: 30), stepsTaken: ["friendly_reminder", "firm_follow_up", "escalation_notice"])
        let urgent = try DunningPlanner(policy: DunningPolicy()).plan(customers: [Customer(id: "C1", name: "Acme")], items: [final], profiles: [:],
                                                                     asOf: today, lastMessaged: last)
        #expect(urgent.actions.map(\.stepID) == ["final_notice"])
    }

    @Test("signals steer the next step: a customer who looks and does not pay gets a call; unopened emails or a bounce move to a text, or a call without a phone")
    func signalRules() throws {
        let firm = DunningItem(invoice: invoice("F", due: 3), stepsTaken: ["friendly_reminder"])
        func planned(_ engagement: Engagement, phone: String? = "+15551234567", policy: DunningPolicy = DunningPolicy()) throws -> PlannedAction {
            let result = try DunningPlanner(policy: policy).plan(customers: [Customer(id: "C1", name: "Acme", phone: phone)], items: [firm], profiles: [:],
                                                                 asOf: today, engagement: ["C1": engagement])
            return try #require(result.actions.first)
        }
        #expect(try planned(Engagement()).channel == .email)
        let looked = try planned(Engagement(recentLooks: 3))
        #expect(looked.kind == .callTask && looked.channel == .call && looked.reason.contains("looks_for_call"))
        #expect(try planned(Engagement(recentLooks: 2)).channel == .email)
        let unopened = try planned(Engagement(unopenedMessages: 3))
        #expect(unopened.channel == .sms && unopened.reason.contains("3 emails never opened"))
        let noPhone = try planned(Engagement(unopenedMessages: 3), phone: nil)
        #expect(noPhone.channel == .call && noPhone.kind == .callTask && noPhone.reason.contains("no phone number"))
        let bounced = try planned(Engagement(bounced: true))
        #expect(bounced.channel == .sms && bounced.reason.contains("bounced"))
        var off = DunningPolicy()
        off.signals.looksForCall = 0
        off.signals.unopenedBeforeSwitch = 0
        #expect(try planned(Engagement(recentLooks: 9, unopenedMessages: 9), policy: off).channel == .email)
    }

    @Test("disputed, promised, held and paid invoices are never reminded, and the plan says why")
    func neverChased() {
        let result = plan([
            DunningItem(invoice: invoice("D", due: 20, disputed: true)),
            DunningItem(invoice: invoice("P", due: 20), promisedUntil: today.advanced(by: -2)),
            DunningItem(invoice: invoice("H", due: 20), hold: ActiveHold(target: .invoice("H"), reason: "credit note on its way", placedBy: "jane")),
            DunningItem(invoice: invoice("X", due: 20, paid: true)),
        ])
        #expect(result.actions.isEmpty)
        #expect(Set(result.skipped.compactMap(\.invoice)) == ["D", "P", "H"])
        #expect(result.skipped.first { $0.invoice == "P" }?.reason.contains("promised to pay by") == true)
        // A broken promise: past the date plus grace, the invoice is chased again.
        let broken = plan([DunningItem(invoice: invoice("P", due: 20), promisedUntil: today.advanced(by: -4))])
        #expect(broken.actions.map(\.invoices) == [["P"]])
    }

    @Test("reliable and chronically late customers differ in timing and tone")
    func segments() throws {
        func profile(_ id: CustomerID, settled: Int, late: Int, days: Int) -> CustomerProfile {
            CustomerProfile(customerID: id, behaviour: PaymentBehaviour(customerID: id, settledCount: settled, lateCount: late, totalDaysLate: days))
        }
        let profiles: [CustomerID: CustomerProfile] = ["C1": profile("C1", settled: 10, late: 1, days: 2), "C2": profile("C2", settled: 10, late: 9, days: 400)]
        #expect(profiles["C1"]?.segment == "reliable")
        #expect(profiles["C2"]?.segment == "chronic_late")
        // Eight days before due: the chronic payer already hears from us (−5 shifted by −5); the reliable one does not.
        let early = plan([DunningItem(invoice: invoice("A", "C1", due: -8)), DunningItem(invoice: invoice("B", "C2", due: -8))], profiles: profiles)
        #expect(early.actions.map(\.customerID) == ["C2"])
        #expect(early.actions.first?.tone == .direct)
        // The reliable payer gets the gentle nudge too, three days before due (−5 shifted by +2).
        #expect(plan([DunningItem(invoice: invoice("A", "C1", due: -4))], profiles: profiles).actions.isEmpty)
        let nudge = try #require(plan([DunningItem(invoice: invoice("A", "C1", due: -3))], profiles: profiles).actions.first)
        #expect(nudge.stepID == "friendly_reminder" && nudge.tone == .gentle)
        // Two days before due: the chronic payer's firm follow-up (3 days after due, −5) is not
        // moved before the due date, since it says the invoice is overdue; the day after due, it fires.
        let beforeDue = try #require(plan([DunningItem(invoice: invoice("B", "C2", due: -2))], profiles: profiles).actions.first)
        #expect(beforeDue.stepID == "friendly_reminder")
        let dayAfter = try #require(plan([DunningItem(invoice: invoice("B", "C2", due: 1))], profiles: profiles).actions.first)
        #expect(dayAfter.stepID == "firm_follow_up")
        #expect(plan([DunningItem(invoice: invoice("B", "C2", due: 0))], profiles: profiles).actions.first?.stepID == "friendly_reminder")
        // Three days after due: the reliable payer's firm step is shifted two days later.
        let firm = plan([DunningItem(invoice: invoice("A", "C1", due: 3), stepsTaken: ["friendly_reminder"])], profiles: profiles)
        #expect(firm.actions.isEmpty)
        let later = try #require(plan([DunningItem(invoice: invoice("A", "C1", due: 5), stepsTaken: ["friendly_reminder"])], profiles: profiles).actions.first)
        #expect(later.stepID == "firm_follow_up")
        #expect(later.tone == .gentle)
        #expect(later.reason.contains("reliable"))
    }

    @Test("a key account gets a call task for its owner, not an email")
    func keyAccount() throws {
        let customers = [Customer(id: "C1", name: "Big Co", isKeyAccount: true, accountOwner: "Maria")]
        let action = try #require(plan([DunningItem(invoice: invoice("I1", due: 3))], customers: customers).actions.first)
        #expect(action.kind == .callTask)
        #expect(action.channel == .call)
        #expect(action.reason.contains("Maria"))
    }

    @Test("agency referral always waits for approval, even outside shadow mode")
    func approvals() throws {
        var policy = DunningPolicy()
        policy.shadowMode = false
        let taken: Set<String> = ["friendly_reminder", "firm_follow_up", "escalation_notice", "final_notice"]
        let referral = try #require(plan([DunningItem(invoice: invoice("I1", due: 61), stepsTaken: taken)], policy: policy).actions.first)
        #expect(referral.kind == .collectionsReferral)
        #expect(referral.requiresApproval)
        let reminder = try #require(plan([DunningItem(invoice: invoice("I2", due: 3))], policy: policy).actions.first)
        #expect(!reminder.requiresApproval)
        let large = try #require(plan([DunningItem(invoice: invoice("I3", due: 3, cents: 9_000_000))], policy: policy).actions.first)
        #expect(large.requiresApproval)
        // Shadow mode, the default for a new installation: everything waits.
        let shadow = plan([DunningItem(invoice: invoice("I2", due: 3))]).actions
        #expect(!shadow.isEmpty && shadow.allSatisfy { $0.requiresApproval })
    }

    @Test("a second cycle on the same day plans nothing new; after downtime only the step due now")
    func idempotentAndNoBurst() throws {
        let first = plan([DunningItem(invoice: invoice("I1", due: 3))])
        #expect(first.actions.count == 1)
        let taken = Set(first.actions.map(\.stepID))
        #expect(plan([DunningItem(invoice: invoice("I1", due: 3), stepsTaken: taken)]).actions.isEmpty)
        // 40 days overdue and nothing ever sent: one final notice, the earlier steps superseded.
        let late = try #require(plan([DunningItem(invoice: invoice("I9", due: 40))]).actions.first)
        #expect(late.stepID == "final_notice")
        #expect(late.reason.contains("superseded"))
    }

    @Test("by amount: a small balance is chased later and never sent to an agency")
    func smallBalance() throws {
        // 200.00 due (below the 250.00 small balance): every step moves five days later, so on
        // day +3 only the friendly reminder (now at 0) is due, and the firm step waits for +8.
        #expect(plan([DunningItem(invoice: invoice("S1", due: 3, cents: 20_000))]).actions.map(\.stepID) == ["friendly_reminder"])
        let firm = try #require(plan([DunningItem(invoice: invoice("S1", due: 8, cents: 20_000), stepsTaken: ["friendly_reminder"])]).actions.first)
        #expect(firm.stepID == "firm_follow_up")
        #expect(firm.reason.contains("small balance 200.00 USD (below the small balance of 250.00 USD (the policy's amount))"))
        let taken: Set<String> = ["friendly_reminder", "firm_follow_up", "escalation_notice", "final_notice"]
        #expect(plan([DunningItem(invoice: invoice("S1", due: 90, cents: 20_000), stepsTaken: taken)]).actions.isEmpty)
        // The same days with a large balance: the agency referral is proposed.
        #expect(plan([DunningItem(invoice: invoice("L1", due: 90), stepsTaken: taken)]).actions.first?.kind == .collectionsReferral)
    }

    @Test("nothing below the minimum balance, nothing on weekends")
    func minimumAndWeekend() {
        let small = plan([DunningItem(invoice: invoice("I1", due: 3, cents: 4_000))])
        #expect(small.actions.isEmpty)
        #expect(small.skipped.first?.reason.contains("below the minimum") == true)
        let saturday = plan([DunningItem(invoice: invoice("I1", due: 3))], on: CalendarDate(iso: "2026-06-13")!)
        #expect(saturday.actions.isEmpty)
        #expect(saturday.skipped.first?.reason.contains("weekend") == true)
    }
}

/// Holds as a controller places them: the skip says what holds the invoice, who placed it and until when.
extension DunningPlannerTests {
    @Test("a held invoice and a held customer's invoices are not planned; the skip names the reason, who placed the hold and until when")
    func holdsNameThemselves() {
        let invoiceHold = ActiveHold(target: .invoice("I1"), reason: "credit note on its way", placedBy: "jane",
                                     placedOn: today.advanced(by: -2), until: today.advanced(by: 5))
        let customerHold = ActiveHold(target: .customer("C2"), reason: "negotiating a payment plan", placedBy: "omar")
        let result = plan([
            DunningItem(invoice: invoice("I1", due: 20), hold: invoiceHold),
            DunningItem(invoice: invoice("I2", due: 20)),
            DunningItem(invoice: invoice("J1", "C2", due: 20), hold: customerHold),
            DunningItem(invoice: invoice("J2", "C2", due: 40), hold: customerHold),
        ])
        #expect(result.actions.map(\.invoices) == [["I2"]])
        let reasons = Dictionary(uniqueKeysWithValues: result.skipped.compactMap { skip in skip.invoice.map { ($0, skip.reason) } })
        #expect(reasons["I1"] == "invoice I1 is on hold: credit note on its way (placed by jane on 2026-06-08, until 2026-06-15)")
        #expect(reasons["J1"] == "customer C2 is on hold: negotiating a payment plan (placed by omar, until released)")
        #expect(reasons["J2"] == reasons["J1"])
        // Without the hold, the same invoices are chased.
        #expect(plan([DunningItem(invoice: invoice("I1", due: 20)), DunningItem(invoice: invoice("J1", "C2", due: 20))]).actions.count == 2)
    }
}
