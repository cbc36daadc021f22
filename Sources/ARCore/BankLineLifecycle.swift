/// The status machine of a bank line: which step may move a line from which status to which.
/// The store checks every write against it, and `aragent verify` checks the audit trail with
/// ``allowed(from:to:)``.
///
/// ```
/// new ──match──▶ unmatched | review | applied | partially_applied
/// unmatched, review ──match (again)──▶ unmatched | review | applied | partially_applied
/// new, unmatched, review ──allocate (a person)──▶ applied | partially_applied
/// new, unmatched, review ──reject──▶ rejected
/// applied, partially_applied ──reverse──▶ partially_applied | unmatched
/// rejected ──reopen──▶ unmatched
/// ```
///
/// So an applied or partially applied line is neither rejected nor applied further until its
/// allocations are reversed, a rejected line is applied only after an explicit re-open, and
/// matching (at import or `rematch`) never touches what a person decided.
public enum BankLineLifecycle {
    /// Why a line's status changes.
    public enum Step: String, Sendable, Hashable, CaseIterable {
        /// The matcher decided (at import, or again by `rematch`).
        case match
        /// A person applied the line: a suggestion accepted or a split by hand.
        case allocate
        /// A person decided the line is not to be applied.
        case reject
        /// A person reversed one of the line's allocations.
        case reverse
        /// A person re-opened a rejected line.
        case reopen
    }

    /// The status every line is stored with.
    public static let initial: BankLineStatus = .new

    /// The statuses a step may start from.
    public static func sources(of step: Step) -> Set<BankLineStatus> {
        switch step {
        case .match, .allocate, .reject: [.new, .unmatched, .review]
        case .reverse: [.applied, .partiallyApplied]
        case .reopen: [.rejected]
        }
    }

    /// The statuses a step may end in.
    public static func targets(of step: Step) -> Set<BankLineStatus> {
        switch step {
        case .match: [.unmatched, .review, .applied, .partiallyApplied]
        case .allocate: [.applied, .partiallyApplied]
        case .reject: [.rejected]
        case .reverse: [.partiallyApplied, .unmatched]
        case .reopen: [.unmatched]
        }
    }

    /// Whether `step` may move a line from `from` to `to`.
    public static func allowed(_ step: Step, from: BankLineStatus, to: BankLineStatus) -> Bool {
        sources(of: step).contains(from) && targets(of: step).contains(to)
    }

    /// Whether some step may move a line from `from` to `to`: the check for an audit trail.
    public static func allowed(from: BankLineStatus, to: BankLineStatus) -> Bool {
        Step.allCases.contains { allowed($0, from: from, to: to) }
    }

    /// Why `step` cannot start from `status` on line `line`, and what to do instead; nil when it can.
    public static func refusal(_ step: Step, from status: BankLineStatus, line: String) -> String? {
        guard !sources(of: step).contains(status) else { return nil }
        let verb: String
        switch step {
        case .match: verb = "matched again"
        case .allocate: verb = "applied (accepted or split)"
        case .reject: verb = "rejected"
        case .reverse: verb = "reversed"
        case .reopen: verb = "re-opened"
        }
        switch (step, status) {
        case (.allocate, .applied), (.allocate, .partiallyApplied), (.reject, .applied), (.reject, .partiallyApplied):
            return "bank transaction \(line) is \(status.rawValue) and cannot be \(verb): reverse its allocations first (`aragent review show \(line)` lists them, `aragent review reverse ALLOCATION --reason TEXT` reverses one)"
        case (.allocate, .rejected):
            return "bank transaction \(line) was rejected and cannot be \(verb): re-open it first with `aragent review reopen \(line) --note TEXT`"
        case (.reopen, _):
            return "bank transaction \(line) is \(status.rawValue), not rejected: only a rejected line is re-opened"
        case (.reverse, _):
            return "bank transaction \(line) is \(status.rawValue): it has nothing applied to reverse"
        default:
            return "bank transaction \(line) is \(status.rawValue) and cannot be \(verb) (only a line that is \(sources(of: step).map(\.rawValue).sorted().joined(separator: ", ")))"
        }
    }

    /// The audit entry's details for a transition: `status: FROM → TO; why`. Every status change
    /// of a line is written so, which ``transition(inAuditDetails:)`` reads back.
    public static func auditDetails(from: BankLineStatus, to: BankLineStatus, because why: String) -> String {
        "status: \(from.rawValue) → \(to.rawValue); \(why)"
    }

    /// The transition an audit entry's details record, if they record one.
    public static func transition(inAuditDetails details: String) -> (from: BankLineStatus, to: BankLineStatus)? {
        guard details.hasPrefix("status: ") else { return nil }
        let rest = details.dropFirst("status: ".count)
        let head = rest.prefix { $0 != ";" }
        let parts = head.split(separator: " → ", omittingEmptySubsequences: false)
        guard parts.count == 2, let from = BankLineStatus(rawValue: String(parts[0])), let to = BankLineStatus(rawValue: String(parts[1])) else { return nil }
        return (from, to)
    }
}
