import ARCore
import Testing

/// The one transition table of disputes, holds and promises, and the rule that closes a promise.
@Suite("Lifecycles")
struct LifecyclesTests {
    @Test("every lifecycle starts in its initial status and ends: no closed record reopens")
    func transitions() {
        #expect(DisputeStatus.allowed(from: nil, to: .open))
        #expect(!DisputeStatus.allowed(from: nil, to: .resolved))
        #expect(DisputeStatus.allowed(from: .open, to: .resolved))
        #expect(!DisputeStatus.allowed(from: .resolved, to: .open))
        #expect(!DisputeStatus.allowed(from: .resolved, to: .resolved))
        #expect(HoldStatus.allowed(from: .active, to: .released))
        #expect(!HoldStatus.allowed(from: .released, to: .active))
        for closed in [PromiseStatus.kept, .broken, .cancelled] {
            #expect(PromiseStatus.allowed(from: .open, to: closed))
            #expect(closed.isFinal)
            for next in PromiseStatus.allCases { #expect(!PromiseStatus.allowed(from: closed, to: next)) }
        }
        #expect(!PromiseStatus.allowed(from: .open, to: .open))
        // As `aragent verify` replays the audit log.
        #expect(Lifecycles.Kind.promise.allowed(fromAudit: nil, toAudit: "opened"))
        #expect(Lifecycles.Kind.promise.allowed(fromAudit: "opened", toAudit: "kept"))
        #expect(!Lifecycles.Kind.promise.allowed(fromAudit: "broken", toAudit: "kept"))
        #expect(Lifecycles.Kind.hold.allowed(fromAudit: "placed", toAudit: "released"))
        #expect(!Lifecycles.Kind.hold.allowed(fromAudit: "released", toAudit: "released"))
        #expect(!Lifecycles.Kind.dispute.allowed(fromAudit: "resolved", toAudit: "opened"))
        #expect(!Lifecycles.Kind.dispute.allowed(fromAudit: nil, toAudit: "bogus"))
        #expect(Lifecycles.Kind.dispute.allowed(from: "open", to: "resolved"))
        #expect(Lifecycles.Kind.hold.auditActions == ["placed", "released"])
    }

    let promised = CalendarDate(iso: "2026-06-10")!

    func judge(open: Int64, paid: String? = nil, amount: Int64? = nil, before: Int64? = 50_000, on day: String) -> PromiseJudgement.Verdict? {
        PromiseJudgement.judge(PromiseJudgement.Promise(promisedDate: promised, amount: amount, openAtPromise: before),
                               invoice: .init(open: open, currency: .usd, status: open == 0 ? .paid : .open, paidDate: paid.flatMap { CalendarDate(iso: $0) }),
                               on: CalendarDate(iso: day)!, graceDays: 3)
    }

    @Test("kept when paid in full by the date plus grace, broken after, moot when settled without a payment", arguments: [
        // open, paid date, amount, on day, status
        (Int64(0), "2026-06-13", Int64?.none, "2026-06-14", PromiseStatus?.some(.kept)),     // the last grace day
        (0, "2026-06-14", nil, "2026-06-14", .broken),                                        // a day late
        (0, nil, nil, "2026-06-11", .cancelled),                                               // written off
        (50_000, nil, nil, "2026-06-13", nil),                                                 // still within grace
        (50_000, nil, nil, "2026-06-14", .broken),                                             // past the deadline, unpaid
        (30_000, nil, 20_000, "2026-06-12", .kept),                                            // the promised part came in
        (30_001, nil, 20_000, "2026-06-12", nil),                                              // a cent short, still time
        (30_001, nil, 20_000, "2026-06-14", .broken),
    ] as [(Int64, String?, Int64?, String, PromiseStatus?)])
    func promiseRule(open: Int64, paid: String?, amount: Int64?, day: String, status: PromiseStatus?) {
        #expect(judge(open: open, paid: paid, amount: amount, on: day)?.status == status)
    }

    @Test("a promise of more than was open needs the invoice settled")
    func promiseOfAll() {
        #expect(judge(open: 1, amount: 60_000, on: "2026-06-12") == nil)
        #expect(judge(open: 0, paid: "2026-06-12", amount: 60_000, on: "2026-06-12")?.status == .kept)
        // Recorded before the open amount was kept: judged by settlement only.
        #expect(judge(open: 30_000, amount: 20_000, before: nil, on: "2026-06-12") == nil)
    }
}
