/// What a hold stops the chasing of: one customer's invoices, or one invoice.
public enum HoldTarget: Sendable, Hashable, CustomStringConvertible {
    case customer(CustomerID)
    case invoice(InvoiceNumber)

    public var description: String {
        switch self {
        case .customer(let id): "customer \(id)"
        case .invoice(let number): "invoice \(number)"
        }
    }
}

/// A hold in force on a day, as the planner sees it: it names who placed it, why and until when,
/// so a skipped invoice says exactly what keeps it from being chased.
public struct ActiveHold: Sendable, Hashable {
    public var target: HoldTarget
    public var reason: String
    public var placedBy: String
    /// The day it was placed.
    public var placedOn: CalendarDate?
    /// The last day it holds; nil holds until a person releases it.
    public var until: CalendarDate?

    public init(target: HoldTarget, reason: String, placedBy: String, placedOn: CalendarDate? = nil, until: CalendarDate? = nil) {
        self.target = target
        self.reason = reason
        self.placedBy = placedBy
        self.placedOn = placedOn
        self.until = until
    }

    /// A hold holds on `day` through its `until` day, inclusive.
    public static func isActive(until: CalendarDate?, on day: CalendarDate) -> Bool {
        guard let until else { return true }
        return day <= until
    }

    /// "customer C1 is on hold: negotiating a payment plan (placed by jane on 2026-06-01, until 2026-06-30)".
    public var explanation: String {
        let placed = "placed by \(placedBy)\(placedOn.map { " on \($0.iso)" } ?? "")"
        let end = until.map { "until \($0.iso)" } ?? "until released"
        return "\(target) is on hold: \(reason) (\(placed), \(end))"
    }
}
