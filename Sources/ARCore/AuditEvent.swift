/// One entry of the append-only audit log: who changed what, when, and why. Written in the same
/// transaction as the change it records, so the log and the ledger never disagree.
public struct AuditEvent: Hashable, Sendable {
    public enum Entity: String, Sendable, Hashable {
        case customer, invoice, payment, allocation, importBatch = "import", action, dispute, promise, hold
        /// People who sign in (created, password changed, disabled, signed in and out) and the API tokens issued.
        case user, apiToken = "api_token"
        /// A message read from the inbox (a reply, a bounce, an automatic reply), by Message-ID.
        case inboundMessage = "inbound_message"
    }

    public var entity: Entity
    public var entityID: String
    /// What happened, as a short verb phrase: `created`, `updated`, `imported`.
    public var action: String
    /// Who did it: `import`, `agent`, or a person's login.
    public var actor: String
    /// The facts: for an update, each changed field as `field: old → new`.
    public var details: String

    public init(entity: Entity, entityID: String, action: String, actor: String, details: String) {
        self.entity = entity
        self.entityID = entityID
        self.action = action
        self.actor = actor
        self.details = details
    }
}
