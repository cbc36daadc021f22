import ARCore

/// One recipient a delivery failure report names (read from the report by the mail adapter).
public struct DeliveryFailure: Sendable, Hashable {
    public var messageID: String
    public var recipient: String
    /// The DSN status, such as `5.1.1`.
    public var status: String
    public var smtpCode: String?

    public init(messageID: String, recipient: String, status: String, smtpCode: String?) {
        self.messageID = messageID
        self.recipient = recipient
        self.status = status
        self.smtpCode = smtpCode
    }

    /// A permanent failure (`5.x.x`): the address does not work. A temporary one (`4.x.x`) is
    /// the receiving side's trouble and is retried by it.
    public var isPermanent: Bool { status.hasPrefix("5") }
}

/// What reading bounces did.
public struct BounceOutcome: Sendable {
    public var marked: [(customer: CustomerID, address: String)] = []
    public var alreadyKnown = 0
    public var temporary = 0
    /// Addresses that are no customer's.
    public var unknown: [String] = []
}

/// Bounces mark a customer's address as failing: a `bounce` signal per report and address
/// (recorded once however often the report is read), with its audit entry. While the address
/// is the customer's and nobody has looked at a message since, the planner sends no email to it
/// and moves the next step to another channel or a call, whose reason asks to fix the contact.
public struct BounceService: Sendable {
    let store: any PortalStore

    public init(store: any PortalStore) { self.store = store }

    public static func dedupeKey(_ failure: DeliveryFailure) -> String {
        "bounce:\(failure.recipient.lowercased())|\(failure.messageID)"
    }

    /// The mark a permanent failure to one customer's address leaves: recorded once per report,
    /// address and customer.
    public static func signal(_ failure: DeliveryFailure, customer: CustomerID) -> NewSignal {
        NewSignal(customerID: customer, actionID: nil, kind: .bounce,
                  detail: "email to \(failure.recipient) bounced: status \(failure.status)\(failure.smtpCode.map { " (\($0))" } ?? ""); no email goes to it until the contact is fixed",
                  dedupeKey: dedupeKey(failure) + "|\(customer.rawValue)")
    }

    public func record(_ failures: [DeliveryFailure], actor: String) async throws -> BounceOutcome {
        var outcome = BounceOutcome()
        for failure in failures {
            guard failure.isPermanent else { outcome.temporary += 1; continue }
            let customers = try await store.customers(email: failure.recipient)
            if customers.isEmpty { outcome.unknown.append(failure.recipient); continue }
            for customer in customers {
                let recorded = try await store.record(Self.signal(failure, customer: customer), attachments: [], actor: actor)
                if recorded { outcome.marked.append((customer, failure.recipient)) } else { outcome.alreadyKnown += 1 }
            }
        }
        return outcome
    }
}
