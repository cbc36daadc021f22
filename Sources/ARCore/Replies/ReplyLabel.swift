/// What a customer's reply to a payment reminder is about (CONTRACTS.md, `aragent classify`).
/// The raw values are the contract's labels; the order is the order of reports.
public enum ReplyLabel: String, CaseIterable, Sendable, Hashable, Comparable, CustomStringConvertible {
    case promiseToPay = "promise_to_pay"
    case alreadyPaid = "already_paid"
    case disputeNotReceived = "dispute_not_received"
    case disputePricing = "dispute_pricing"
    case disputeQuality = "dispute_quality"
    case disputeDuplicate = "dispute_duplicate"
    case disputeTax = "dispute_tax"
    case requestDocumentation = "request_documentation"
    case paymentPlanRequest = "payment_plan_request"
    case contactChange = "contact_change"
    case autoReply = "auto_reply"
    case other = "other"

    /// The label's position in ``allCases``: the row of the model's weight table.
    public var index: Int { ReplyLabel.indexTable[self]! }

    private static let indexTable: [ReplyLabel: Int] = Dictionary(uniqueKeysWithValues: allCases.enumerated().map { ($1, $0) })

    public static func < (lhs: ReplyLabel, rhs: ReplyLabel) -> Bool { lhs.index < rhs.index }

    public var description: String { rawValue }

    /// Whether the reply commits to a payment date that the agent should hold the customer to:
    /// a promise, or a payment plan whose first instalment names a date (that date is the first
    /// thing to follow up, so it is the plan's promise date).
    public var carriesPromiseDate: Bool { self == .promiseToPay || self == .paymentPlanRequest }
}
