import ARCore
import Testing

/// The bank line's status machine: what may follow what, and what a refusal tells a person.
@Suite("Bank line lifecycle")
struct BankLineLifecycleTests {
    static let allowed: [(BankLineStatus, BankLineStatus)] = [
        (.new, .unmatched), (.new, .review), (.new, .applied), (.new, .partiallyApplied), (.new, .rejected),
        (.unmatched, .unmatched), (.unmatched, .review), (.unmatched, .applied), (.unmatched, .partiallyApplied), (.unmatched, .rejected),
        (.review, .unmatched), (.review, .review), (.review, .applied), (.review, .partiallyApplied), (.review, .rejected),
        (.applied, .partiallyApplied), (.applied, .unmatched),
        (.partiallyApplied, .partiallyApplied), (.partiallyApplied, .unmatched),
        (.rejected, .unmatched),
    ]

    @Test("exactly the listed transitions are allowed")
    func transitions() {
        for from in BankLineStatus.allCases {
            for to in BankLineStatus.allCases {
                let listed = Self.allowed.contains { $0 == (from, to) }
                #expect(BankLineLifecycle.allowed(from: from, to: to) == listed, "\(from.rawValue) → \(to.rawValue)")
            }
        }
        #expect(!BankLineStatus.allCases.contains { BankLineLifecycle.allowed(from: $0, to: .new) }, "nothing goes back to new")
    }

    @Test("an applied line is neither rejected nor applied further; a rejected one is applied only after re-opening")
    func refusals() {
        let reject = BankLineLifecycle.refusal(.reject, from: .applied, line: "7")
        #expect(reject?.contains("reverse its allocations first") == true)
        #expect(BankLineLifecycle.refusal(.allocate, from: .partiallyApplied, line: "7")?.contains("reverse its allocations first") == true)
        #expect(BankLineLifecycle.refusal(.allocate, from: .rejected, line: "7")?.contains("aragent review reopen 7") == true)
        #expect(BankLineLifecycle.refusal(.match, from: .applied, line: "7") != nil, "matching never touches what a person decided")
        #expect(BankLineLifecycle.refusal(.reject, from: .review, line: "7") == nil)
    }

    @Test("an audit entry's transition reads back")
    func auditRoundTrip() {
        let details = BankLineLifecycle.auditDetails(from: .partiallyApplied, to: .unmatched, because: "allocation 3 reversed; wrong → customer")
        #expect(details == "status: partially_applied → unmatched; allocation 3 reversed; wrong → customer")
        #expect(BankLineLifecycle.transition(inAuditDetails: details).map { $0 == (.partiallyApplied, .unmatched) } == true)
        #expect(BankLineLifecycle.transition(inAuditDetails: "imported 3 lines") == nil)
    }
}
