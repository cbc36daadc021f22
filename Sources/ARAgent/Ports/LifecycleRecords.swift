import ARCore

/// A dispute as the ledger holds it, with how it ended.
public struct DisputeRecord: Sendable, Hashable {
    public var id: Int64
    public var invoice: InvoiceNumber
    public var customerID: CustomerID
    /// A ``DisputeType`` raw value (older ledgers may hold others; they are shown as stored).
    public var type: String
    public var note: String?
    public var status: DisputeStatus
    public var outcome: DisputeOutcome?
    public var openedAt: String
    public var openedBy: String
    public var resolvedAt: String?
    public var resolvedBy: String?
    public var resolutionNote: String?
    /// Written off or credited with the resolution (nil when nothing was).
    public var adjustment: Money?

    public init(id: Int64, invoice: InvoiceNumber, customerID: CustomerID, type: String, note: String?, status: DisputeStatus,
                outcome: DisputeOutcome?, openedAt: String, openedBy: String, resolvedAt: String?, resolvedBy: String?,
                resolutionNote: String?, adjustment: Money?) {
        self.id = id
        self.invoice = invoice
        self.customerID = customerID
        self.type = type
        self.note = note
        self.status = status
        self.outcome = outcome
        self.openedAt = openedAt
        self.openedBy = openedBy
        self.resolvedAt = resolvedAt
        self.resolvedBy = resolvedBy
        self.resolutionNote = resolutionNote
        self.adjustment = adjustment
    }
}

/// What resolving a dispute did to the invoice.
public struct DisputeResolution: Sendable, Hashable {
    public var dispute: DisputeRecord
    public var openBefore: Money
    public var openAfter: Money

    public init(dispute: DisputeRecord, openBefore: Money, openAfter: Money) {
        self.dispute = dispute
        self.openBefore = openBefore
        self.openAfter = openAfter
    }
}

/// A hold as the ledger holds it.
public struct HoldRecord: Sendable, Hashable {
    public var id: Int64
    public var target: HoldTarget
    public var reason: String
    public var until: CalendarDate?
    public var status: HoldStatus
    public var placedAt: String
    public var placedBy: String
    public var releasedAt: String?
    public var releasedBy: String?
    public var releaseNote: String?

    public init(id: Int64, target: HoldTarget, reason: String, until: CalendarDate?, status: HoldStatus, placedAt: String, placedBy: String,
                releasedAt: String?, releasedBy: String?, releaseNote: String?) {
        self.id = id
        self.target = target
        self.reason = reason
        self.until = until
        self.status = status
        self.placedAt = placedAt
        self.placedBy = placedBy
        self.releasedAt = releasedAt
        self.releasedBy = releasedBy
        self.releaseNote = releaseNote
    }

    /// Holds on `day`: not released, and `day` is on or before its end date.
    public func isActive(on day: CalendarDate) -> Bool {
        status == .active && ActiveHold.isActive(until: until, on: day)
    }

    /// `active`, `expired` (not released, its end date passed) or `released`.
    public func state(on day: CalendarDate) -> String {
        status == .released ? "released" : isActive(on: day) ? "active" : "expired"
    }

    public var asActiveHold: ActiveHold {
        ActiveHold(target: target, reason: reason, placedBy: placedBy, placedOn: CalendarDate(iso: String(placedAt.prefix(10))), until: until)
    }
}

/// A promise to pay as the ledger holds it.
public struct PromiseRecord: Sendable, Hashable {
    public var id: Int64
    public var invoice: InvoiceNumber
    public var customerID: CustomerID
    public var promisedDate: CalendarDate
    public var amount: Money?
    public var status: PromiseStatus
    public var createdAt: String
    public var createdBy: String
    public var closedAt: String?
    public var closedBy: String?
    public var closeNote: String?

    public init(id: Int64, invoice: InvoiceNumber, customerID: CustomerID, promisedDate: CalendarDate, amount: Money?, status: PromiseStatus,
                createdAt: String, createdBy: String, closedAt: String?, closedBy: String?, closeNote: String?) {
        self.id = id
        self.invoice = invoice
        self.customerID = customerID
        self.promisedDate = promisedDate
        self.amount = amount
        self.status = status
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.closedAt = closedAt
        self.closedBy = closedBy
        self.closeNote = closeNote
    }
}
