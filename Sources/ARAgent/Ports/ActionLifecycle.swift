/// The transitions an action may make, in one place: the store refuses others, and
/// `aragent verify` checks every action's audit trail against them.
public enum ActionLifecycle {
    public static let transitions: [ActionStatus: Set<ActionStatus>] = [
        .proposed: [.approved, .rejected, .cancelled],
        .approved: [.executed, .failed, .cancelled, .rejected],
        .rejected: [], .executed: [], .failed: [], .cancelled: [],
    ]

    public static func allowed(from: ActionStatus, to: ActionStatus) -> Bool {
        transitions[from]?.contains(to) ?? false
    }

    /// The status an audit entry of an action records, if it records one (`queued` or `edited` do not).
    public static func status(ofAuditAction action: String) -> ActionStatus? {
        switch action {
        case "proposed": .proposed
        case "planned": .approved
        default: ActionStatus(rawValue: action)
        }
    }
}
