/// The statuses of ARAgent's own records about an invoice (disputes, holds, promises) and the one
/// table of which change may follow which. The store asks it before every change, and
/// `aragent verify` replays the audit log against it; nothing else decides a transition.
///
/// Every status is final once its record is closed: a resolved dispute, a released hold or a
/// kept, broken or cancelled promise never reopens. A new situation is a new record (a second
/// dispute, a new hold, a new promise), so the history of each stays as it happened.
public protocol LifecycleStatus: RawRepresentable<String>, CaseIterable, Hashable, Sendable {
    /// The status a new record starts in.
    static var initial: Self { get }
    /// The statuses that may follow each status (absent: none, the status is final).
    static var transitions: [Self: Set<Self>] { get }
    /// The audit log's `action` for a change into this status (`opened`, `resolved`, `kept`, …).
    var auditAction: String { get }
}

extension LifecycleStatus {
    /// Whether a record may go from `from` to `to`; `from == nil` is a record being created.
    public static func allowed(from: Self?, to: Self) -> Bool {
        guard let from else { return to == initial }
        return transitions[from]?.contains(to) ?? false
    }

    /// The status an audit entry's `action` names, if it names one of this kind.
    public static func fromAuditAction(_ action: String) -> Self? {
        allCases.first { $0.auditAction == action }
    }

    /// No change can follow this status.
    public var isFinal: Bool { (Self.transitions[self] ?? []).isEmpty }
}

/// A dispute is open until a person (or, for a dispute the ERP flagged, the ERP) resolves it.
public enum DisputeStatus: String, LifecycleStatus {
    case open, resolved
    public static let initial = DisputeStatus.open
    public static let transitions: [DisputeStatus: Set<DisputeStatus>] = [.open: [.resolved]]
    public var auditAction: String { self == .open ? "opened" : "resolved" }
}

/// A hold is active until released; an end date ends it too without a change of status (a hold
/// whose `until` day has passed is no longer active, see ``ActiveHold``).
public enum HoldStatus: String, LifecycleStatus {
    case active, released
    public static let initial = HoldStatus.active
    public static let transitions: [HoldStatus: Set<HoldStatus>] = [.active: [.released]]
    public var auditAction: String { self == .active ? "placed" : "released" }
}

/// A promise to pay is open until it is kept, broken or cancelled. Only an open promise pauses chasing.
public enum PromiseStatus: String, LifecycleStatus {
    case open, kept, broken, cancelled
    public static let initial = PromiseStatus.open
    public static let transitions: [PromiseStatus: Set<PromiseStatus>] = [.open: [.kept, .broken, .cancelled]]
    public var auditAction: String { self == .open ? "opened" : rawValue }
}

/// The kinds of record with a lifecycle, for `aragent verify`: which audit entity each is logged
/// under and whether a change between two of its statuses (as audit actions) is allowed.
public enum Lifecycles {
    public enum Kind: String, Sendable, CaseIterable {
        case dispute, hold, promise

        public var auditEntity: AuditEvent.Entity {
            switch self {
            case .dispute: .dispute
            case .hold: .hold
            case .promise: .promise
            }
        }

        /// The audit actions that change this kind's status (other actions on the entity, if any, do not).
        public var auditActions: Set<String> {
            switch self {
            case .dispute: Set(DisputeStatus.allCases.map(\.auditAction))
            case .hold: Set(HoldStatus.allCases.map(\.auditAction))
            case .promise: Set(PromiseStatus.allCases.map(\.auditAction))
            }
        }

        /// Whether a record of this kind may go from the status audited as `from` (nil: none yet)
        /// to the one audited as `to`. Unknown actions are not allowed.
        public func allowed(fromAudit from: String?, toAudit to: String) -> Bool {
            switch self {
            case .dispute: Self.check(DisputeStatus.self, from, to)
            case .hold: Self.check(HoldStatus.self, from, to)
            case .promise: Self.check(PromiseStatus.self, from, to)
            }
        }

        /// Whether a record of this kind may go from stored status `from` (nil: none yet) to `to`.
        public func allowed(from: String?, to: String) -> Bool {
            switch self {
            case .dispute: Self.checkRaw(DisputeStatus.self, from, to)
            case .hold: Self.checkRaw(HoldStatus.self, from, to)
            case .promise: Self.checkRaw(PromiseStatus.self, from, to)
            }
        }

        private static func check<S: LifecycleStatus>(_: S.Type, _ from: String?, _ to: String) -> Bool {
            guard let target = S.fromAuditAction(to) else { return false }
            guard let from else { return S.allowed(from: nil, to: target) }
            guard let source = S.fromAuditAction(from) else { return false }
            return S.allowed(from: source, to: target)
        }

        private static func checkRaw<S: LifecycleStatus>(_: S.Type, _ from: String?, _ to: String) -> Bool {
            guard let target = S(rawValue: to) else { return false }
            guard let from else { return S.allowed(from: nil, to: target) }
            guard let source = S(rawValue: from) else { return false }
            return S.allowed(from: source, to: target)
        }
    }
}
