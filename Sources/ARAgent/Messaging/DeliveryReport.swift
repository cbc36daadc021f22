/// What a delivery run did, per channel.
public struct DeliveryReport: Sendable, Equatable {
    /// The counts of one channel.
    public struct Counts: Sendable, Equatable {
        public var queued = 0
        /// Cancelled at the re-check (nothing left to send, the action no longer approved).
        public var cancelled = 0
        public var sent = 0
        public var retrying = 0
        public var failed = 0
        /// Of the failed: refused by the server for the recipient's address, which is now
        /// marked as failing on the customer.
        public var bounced = 0
        /// Held back until the customer's send hours.
        public var deferred = 0
        /// Sent, but another worker or a cancellation had taken the message meanwhile (audited).
        public var claimLost = 0
        public init() {}
    }

    public var channels: [DeliveryChannel: Counts] = [:]

    public init() {}

    public subscript(channel: DeliveryChannel) -> Counts {
        get { channels[channel] ?? Counts() }
        set { channels[channel] = newValue }
    }

    private func total(_ count: KeyPath<Counts, Int>) -> Int { channels.values.reduce(0) { $0 + $1[keyPath: count] } }

    public var queued: Int { total(\.queued) }
    public var cancelled: Int { total(\.cancelled) }
    public var sent: Int { total(\.sent) }
    public var retrying: Int { total(\.retrying) }
    public var failed: Int { total(\.failed) }
    public var bounced: Int { total(\.bounced) }
    public var deferred: Int { total(\.deferred) }
    public var claimLost: Int { total(\.claimLost) }
    public var isEmpty: Bool { channels.values.allSatisfy { $0 == Counts() } }
}
