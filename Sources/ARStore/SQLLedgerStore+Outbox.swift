import ARAgent
import ARCore
import SQLKit

extension SQLLedgerStore: OutboxStore {
    public func actionsToQueue(channels: Set<DeliveryChannel>) async throws -> [StoredAction] {
        guard !channels.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: channels.count).joined(separator: ", ")
        let rows = try await database.fetch("""
            SELECT \(Self.actionColumns) FROM actions a
            WHERE a.status = 'approved' AND a.channel IN (\(marks))
              AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.action_id = a.id AND o.channel = a.channel)
            ORDER BY a.planned_for, a.id
            """, channels.map(\.rawValue).sorted().map { .text($0) })
        return try rows.map(Self.storedAction)
    }

    public func enqueue(actionID: String, channel: DeliveryChannel, customer: CustomerID, messageID: String, at: String, actor: String) async throws -> Bool {
        let database = self.database
        return try await database.transaction { _ in
            // Two workers may queue the same action at once: the first insert wins, the other
            // inserts nothing and writes no audit entry. The content is composed when the
            // message is claimed to leave, from the ledger as it stands then.
            let inserted = try await database.fetch("""
                INSERT INTO outbox (action_id, channel, message_id, recipient, subject, text_body, html_body, customer_id, status, attempts, next_attempt_at)
                VALUES (?, ?, ?, '', '', '', '', ?, 'pending', 0, ?)
                ON CONFLICT (action_id, channel) DO NOTHING
                RETURNING id
                """, [.text(actionID), .text(channel.rawValue), .text(messageID), .text(customer.rawValue), .text(at)])
            guard !inserted.isEmpty else { return false }
            var audit = AuditWriter(now: at, actor: actor, importID: nil)
            audit.add(.action, actionID, "queued", "\(channel.rawValue) message \(messageID) waits to be sent")
            try await audit.write(to: database)
            return true
        }
    }

    public func claimNext(channels: Set<DeliveryChannel>, worker: String, token: String, now: String, leaseUntil: String, asOf: CalendarDate,
                          decide: @escaping @Sendable (DeliveryFacts) -> ClaimDecision) async throws -> ClaimResult? {
        guard !channels.isEmpty else { return nil }
        let database = self.database
        let marks = Array(repeating: "?", count: channels.count).joined(separator: ", ")
        return try await database.transaction { _ in
            // Due: pending and due now, or claimed by a worker whose lease ran out (it stopped).
            // On PostgreSQL the message and its action are locked together; a row another worker
            // (or a rejection of the action) holds is skipped, never waited for.
            let lock = database.engine == .postgres ? " FOR UPDATE OF o, a SKIP LOCKED" : ""
            let due = try await database.fetch("""
                SELECT o.id FROM outbox o JOIN actions a ON a.id = o.action_id
                WHERE o.channel IN (\(marks))
                  AND ((o.status = 'pending' AND o.next_attempt_at <= ?) OR (o.status = 'sending' AND o.claimed_until < ?))
                ORDER BY o.next_attempt_at, o.id LIMIT 1\(lock)
                """, channels.map(\.rawValue).sorted().map { .text($0) } + [.text(now), .text(now)])
            guard case .int(let id)? = due.first?.first, var entry = try await self.outboxEntry(id: id) else { return nil }
            let facts = try await self.deliveryFacts(entry, asOf: asOf)
            let decision = decide(facts)
            var audit = AuditWriter(now: now, actor: worker, importID: nil)
            switch decision {
            case .send(let content, let note):
                if entry.status == "sending", let previous = entry.claim {
                    audit.add(.action, entry.actionID, "claim expired",
                              "\(previous.worker) claimed message \(entry.messageID) until \(previous.until) and recorded no outcome; sending it again with the same id")
                }
                try await database.execute("""
                    UPDATE outbox SET status = 'sending', claimed_by = ?, claim_token = ?, claimed_until = ?, attempts = attempts + 1,
                           recipient = ?, subject = ?, text_body = ?, html_body = ?, list_unsubscribe = ?, in_reply_to = ?
                    WHERE id = ?
                    """, [.text(worker), .text(token), .text(leaseUntil), .text(content.recipients.joined(separator: ",")), .text(content.subject),
                          .text(content.text), .text(content.html), .optional(content.listUnsubscribe), .optional(content.inReplyTo), .int(id)])
                if let note { audit.add(.action, entry.actionID, "re-checked", note) }
                entry.recipients = content.recipients
                entry.subject = content.subject
                entry.text = content.text
                entry.html = content.html
                entry.listUnsubscribe = content.listUnsubscribe
                entry.inReplyTo = content.inReplyTo
                entry.attempts += 1
                entry.status = "sending"
                entry.claim = OutboxClaim(worker: worker, token: token, until: leaseUntil)
            case .cancel(let why):
                try await database.execute("""
                    UPDATE outbox SET status = 'cancelled', last_error = ?, claimed_by = NULL, claim_token = NULL, claimed_until = NULL WHERE id = ?
                    """, [.text(why), .int(id)])
                try await self.closeApprovedAction(entry.actionID, status: .cancelled, note: why, audit: &audit)
                entry.status = "cancelled"
            case .fail(let why):
                try await database.execute("""
                    UPDATE outbox SET status = 'failed', last_error = ?, claimed_by = NULL, claim_token = NULL, claimed_until = NULL WHERE id = ?
                    """, [.text(why), .int(id)])
                try await self.closeApprovedAction(entry.actionID, status: .failed, note: why, audit: &audit)
                entry.status = "failed"
            case .postpone(let until, _):
                try await database.execute("""
                    UPDATE outbox SET status = 'pending', next_attempt_at = ?, claimed_by = NULL, claim_token = NULL, claimed_until = NULL WHERE id = ?
                    """, [.text(until), .int(id)])
                entry.status = "pending"
            case .stop:
                break  // nothing changes: the run stops and the message stays as it was
            }
            try await audit.write(to: database)
            return ClaimResult(entry: entry, decision: decision)
        }
    }

    public func markSent(_ entry: OutboxEntry, receipt: String, at: String, actor: String) async throws -> Bool {
        guard let claim = entry.claim else { return false }
        let database = self.database
        return try await database.transaction { _ in
            var audit = AuditWriter(now: at, actor: actor, importID: nil)
            let recorded = try await database.fetch("""
                UPDATE outbox SET status = 'sent', sent_at = ?, last_error = NULL, claimed_by = NULL, claim_token = NULL, claimed_until = NULL
                WHERE id = ? AND status = 'sending' AND claimed_by = ? AND claim_token = ?
                RETURNING id
                """, [.text(at), .int(entry.id), .text(claim.worker), .text(claim.token)])
            if recorded.isEmpty {
                // Another worker re-claimed it after this claim's lease ran out, or the action was
                // rejected or cancelled while the message was on the wire: say what left, record nothing else.
                let now = try await self.outboxEntry(id: entry.id)
                audit.add(.action, entry.actionID, "sent without the claim",
                          "\(receipt), but \(actor) no longer held message \(entry.messageID) (it is \(now?.status ?? "gone")\(now?.claim.map { ", claimed by \($0.worker)" } ?? "")); not recorded as sent by \(actor)")
            } else {
                try await self.closeApprovedAction(entry.actionID, status: .executed, note: receipt, audit: &audit)
            }
            try await audit.write(to: database)
            return !recorded.isEmpty
        }
    }

    public func markFailed(_ entry: OutboxEntry, error: String, retryAt: String?, at: String, actor: String) async throws -> Bool {
        guard let claim = entry.claim else { return false }
        let database = self.database
        return try await database.transaction { _ in
            let claimHeld: [SQLValue] = [.int(entry.id), .text(claim.worker), .text(claim.token)]
            let updated = try await database.fetch(retryAt == nil ? """
                UPDATE outbox SET status = 'failed', last_error = ?, claimed_by = NULL, claim_token = NULL, claimed_until = NULL
                WHERE id = ? AND status = 'sending' AND claimed_by = ? AND claim_token = ?
                RETURNING id
                """ : """
                UPDATE outbox SET status = 'pending', next_attempt_at = ?, last_error = ?, claimed_by = NULL, claim_token = NULL, claimed_until = NULL
                WHERE id = ? AND status = 'sending' AND claimed_by = ? AND claim_token = ?
                RETURNING id
                """, (retryAt.map { [SQLValue.text($0)] } ?? []) + [.text(error)] + claimHeld)
            guard !updated.isEmpty else { return false }
            var audit = AuditWriter(now: at, actor: actor, importID: nil)
            if let retryAt {
                audit.add(.action, entry.actionID, "retry scheduled", "\(error); attempt \(entry.attempts) of \(DeliveryService.maxAttempts), next at \(retryAt)")
            } else {
                try await self.closeApprovedAction(entry.actionID, status: .failed, note: error, audit: &audit)
            }
            try await audit.write(to: database)
            return true
        }
    }

    public func markRefused(_ entry: OutboxEntry, address: String, error: String, at: String, actor: String) async throws -> Bool {
        guard let claim = entry.claim else { return false }
        let database = self.database
        return try await database.transaction { _ in
            let updated = try await database.fetch("""
                UPDATE outbox SET status = 'failed', last_error = ?, claimed_by = NULL, claim_token = NULL, claimed_until = NULL
                WHERE id = ? AND status = 'sending' AND claimed_by = ? AND claim_token = ?
                RETURNING customer_id
                """, [.text(error), .int(entry.id), .text(claim.worker), .text(claim.token)])
            guard let row = updated.first else { return false }
            var audit = AuditWriter(now: at, actor: actor, importID: nil)
            try await self.closeApprovedAction(entry.actionID, status: .failed, note: error, audit: &audit)
            if case .text(let customer) = row[0] {
                // The same mark a delivery report (DSN) leaves: the planner reads it as a bounced address.
                let detail = "email to \(address) was refused at sending: \(error); no email goes to it until the contact is fixed"
                let inserted = try await database.fetch("""
                    INSERT INTO customer_signals (customer_id, action_id, kind, invoice_number, automated_reason, detail, dedupe_key, occurred_at)
                    VALUES (?, ?, 'bounce', NULL, NULL, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id
                    """, [.text(customer), .text(entry.actionID), .text(detail),
                          .text("bounce:\(address.lowercased())|\(entry.messageID)|\(customer)"), .text(at)])
                if !inserted.isEmpty {
                    audit.add(.customer, customer, Self.auditAction(of: .bounce), detail + " — message of action \(entry.actionID)")
                }
            }
            try await audit.write(to: database)
            return true
        }
    }

    public func release(_ entry: OutboxEntry, reason: String, at: String, actor: String) async throws -> Bool {
        guard let claim = entry.claim else { return false }
        let database = self.database
        return try await database.transaction { _ in
            // The attempt is not the message's fault: uncounted, and due again at the next run.
            let updated = try await database.fetch("""
                UPDATE outbox SET status = 'pending', attempts = attempts - 1, last_error = ?, claimed_by = NULL, claim_token = NULL, claimed_until = NULL
                WHERE id = ? AND status = 'sending' AND claimed_by = ? AND claim_token = ? AND attempts > 0
                RETURNING id
                """, [.text(reason), .int(entry.id), .text(claim.worker), .text(claim.token)])
            guard !updated.isEmpty else { return false }
            var audit = AuditWriter(now: at, actor: actor, importID: nil)
            audit.add(.action, entry.actionID, "delivery paused", "\(reason); the action stays approved and is sent once this is fixed")
            try await audit.write(to: database)
            return true
        }
    }

    public func cancelAction(id: String, note: String?, actor: String) async throws {
        let database = self.database
        try await database.transaction { _ in
            guard let action = try await self.lockedAction(id: id) else {
                throw CashApplicationError("there is no action '\(id)'; `aragent actions list` shows them")
            }
            guard action.status == .proposed || action.status == .approved else {
                throw CashApplicationError("action '\(id)' is \(action.status.rawValue); only proposed or approved actions can be cancelled")
            }
            let now = Timestamp.now()
            try await database.execute("UPDATE actions SET status = 'cancelled', decided_by = ?, decided_at = ?, note = ? WHERE id = ?",
                                       [.text(actor), .text(now), .optional(note), .text(id)])
            var audit = AuditWriter(now: now, actor: actor, importID: nil)
            audit.add(.action, id, "cancelled", note ?? "")
            try await self.cancelQueuedMessages(actionID: id, why: "action cancelled by \(actor)\(note.map { ": \($0)" } ?? "")", audit: &audit)
            try await audit.write(to: database)
        }
    }

    public func outbox() async throws -> [OutboxEntry] {
        try await database.fetch("SELECT \(Self.outboxColumns) FROM outbox ORDER BY id").map(Self.decodeOutboxRow)
    }

    // MARK: Inside transactions

    /// The action, locked against a concurrent claim or decision on PostgreSQL (SQLite's write lock already serializes them).
    func lockedAction(id: String) async throws -> StoredAction? {
        let lock = database.engine == .postgres ? " FOR UPDATE" : ""
        return try await database.fetch("SELECT \(Self.actionColumns) FROM actions WHERE id = ?\(lock)", [.text(id)]).first.map(Self.storedAction)
    }

    /// Cancels the action's messages that have not left: the waiting ones, and one being sent
    /// right now (its worker then finds its claim gone and records that it went out anyway).
    func cancelQueuedMessages(actionID: String, why: String, audit: inout AuditWriter) async throws {
        let rows = try await database.fetch("""
            UPDATE outbox SET status = 'cancelled', last_error = ?, claimed_by = NULL, claim_token = NULL, claimed_until = NULL
            WHERE action_id = ? AND status IN ('pending', 'sending')
            RETURNING message_id, claimed_by
            """, [.text(why), .text(actionID)])
        for row in rows {
            guard case .text(let messageID) = row[0] else { continue }
            var inFlight = ""
            if case .text(let worker) = row[1] { inFlight = " (\(worker) was sending it at that moment)" }
            audit.add(.action, actionID, "message cancelled", "\(messageID): \(why)\(inFlight)")
        }
    }

    /// Moves the action on from `approved` (a rejected or cancelled action keeps its status).
    private func closeApprovedAction(_ actionID: String, status: ActionStatus, note: String, audit: inout AuditWriter) async throws {
        let changed = try await database.fetch("UPDATE actions SET status = ?, note = ? WHERE id = ? AND status = 'approved' RETURNING id",
                                               [.text(status.rawValue), .text(note), .text(actionID)])
        audit.add(.action, actionID, changed.isEmpty ? "message \(status.rawValue)" : status.rawValue, note)
    }

    private static let outboxColumns = """
        id, action_id, channel, message_id, recipient, subject, text_body, html_body, list_unsubscribe, in_reply_to, attempts, status, \
        customer_id, last_error, claimed_by, claim_token, claimed_until
        """

    private func outboxEntry(id: Int64) async throws -> OutboxEntry? {
        try await database.fetch("SELECT \(Self.outboxColumns) FROM outbox WHERE id = ?", [.int(id)]).first.map(Self.decodeOutboxRow)
    }

    private static func decodeOutboxRow(_ row: [SQLValue]) throws -> OutboxEntry {
        func text(_ index: Int) -> String? { if case .text(let value) = row[index] { return value }; return nil }
        guard case .int(let id) = row[0], let action = text(1), let channel = text(2).flatMap(DeliveryChannel.init(rawValue:)),
              let messageID = text(3), case .int(let attempts) = row[10], let status = text(11) else {
            throw DatabaseError("outbox holds a row that cannot be read: \(row)")
        }
        var claim: OutboxClaim?
        if let worker = text(14) { claim = OutboxClaim(worker: worker, token: text(15) ?? "", until: text(16) ?? "") }
        return OutboxEntry(id: id, actionID: action, channel: channel, messageID: messageID,
                           recipients: (text(4) ?? "").split(separator: ",").map(String.init), subject: text(5) ?? "", text: text(6) ?? "",
                           html: text(7) ?? "", listUnsubscribe: text(8), inReplyTo: text(9), attempts: Int(attempts), status: status,
                           customerID: text(12).map { CustomerID($0) }, lastError: text(13), claim: claim)
    }

    /// What the re-check needs, read in the claiming transaction: the action, its customer, the
    /// effective state of its invoices, open promises, active holds, unsubscribes, the thread.
    private func deliveryFacts(_ entry: OutboxEntry, asOf: CalendarDate) async throws -> DeliveryFacts {
        let action = try await database.fetch("SELECT \(Self.actionColumns) FROM actions WHERE id = ?", [.text(entry.actionID)]).first.map(Self.storedAction)
        guard let action else { return DeliveryFacts(entry: entry, action: nil, customer: nil, invoices: [:]) }
        let customerID = action.action.customerID.rawValue
        let customer = try await sql.raw("SELECT * FROM customers WHERE customer_id = \(bind: customerID)").all().first.map(RowDecoding.customer)
        var invoices: [InvoiceNumber: InvoiceStanding] = [:]
        for row in try await sql.raw("""
            SELECT i.* FROM invoices i JOIN action_invoices ai ON ai.invoice_number = i.invoice_number WHERE ai.action_id = \(bind: entry.actionID)
            """).all() {
            let invoice = try RowDecoding.invoice(row)
            invoices[invoice.number] = InvoiceStanding(invoice: invoice)
        }
        let day = asOf.iso
        for row in try await database.fetch("""
            SELECT p.invoice_number, MAX(p.promised_date) FROM promises p JOIN action_invoices ai ON ai.invoice_number = p.invoice_number
            WHERE ai.action_id = ? AND p.status = 'open' GROUP BY p.invoice_number
            """, [.text(entry.actionID)]) {
            guard case .text(let number) = row[0], case .text(let date) = row[1] else { continue }
            invoices[InvoiceNumber(number)]?.promisedUntil = CalendarDate(iso: date)
        }
        var customerHolds: [String] = []
        for row in try await database.fetch("""
            SELECT h.invoice_number, h.customer_id, h.reason, h.until_date FROM holds h
            WHERE h.status = 'active' AND (h.until_date IS NULL OR h.until_date >= ?)
              AND (h.customer_id = ? OR h.invoice_number IN (SELECT ai.invoice_number FROM action_invoices ai WHERE ai.action_id = ?))
            ORDER BY h.id
            """, [.text(day), .text(customerID), .text(entry.actionID)]) {
            guard case .text(let reason) = row[2] else { continue }
            var described = reason
            if case .text(let until) = row[3] { described += " until \(until)" }
            if case .text(let number) = row[0] {
                invoices[InvoiceNumber(number)]?.holds.append(described)
            } else {
                customerHolds.append(described)
            }
        }
        var unsubscribed: Set<DeliveryChannel> = []
        for row in try await database.fetch("SELECT channel FROM unsubscribes WHERE customer_id = ?", [.text(customerID)]) {
            if case .text(let channel) = row[0], let parsed = DeliveryChannel(rawValue: channel) { unsubscribed.insert(parsed) }
        }
        var previous: String?
        if entry.channel == .email, case .text(let id)? = try await database.fetch("""
            SELECT message_id FROM outbox WHERE customer_id = ? AND channel = 'email' AND status = 'sent' ORDER BY sent_at DESC, id DESC LIMIT 1
            """, [.text(customerID)]).first?.first {
            previous = id
        }
        var facts = DeliveryFacts(entry: entry, action: action, customer: customer, invoices: invoices, customerHolds: customerHolds,
                                  unsubscribed: unsubscribed, previousMessageID: previous)
        if MessageComposer.accountNeeded(for: action.action) {
            facts.account = try await accountStandings(customer: action.action.customerID, currency: action.action.total.currency, asOf: asOf)
        }
        return facts
    }

    /// Every open invoice of a customer in one currency, with its open promise and active holds:
    /// what a statement of account lists (read in the claiming transaction when sending).
    public func accountStandings(customer: CustomerID, currency: Currency, asOf: CalendarDate) async throws -> [InvoiceStanding] {
        var standings: [InvoiceNumber: InvoiceStanding] = [:]
        for row in try await sql.raw("""
            SELECT * FROM invoices WHERE customer_id = \(bind: customer.rawValue) AND currency = \(bind: currency.code) AND open_amount_minor > 0 AND paid_date IS NULL
            """).all() {
            let invoice = try RowDecoding.invoice(row)
            standings[invoice.number] = InvoiceStanding(invoice: invoice)
        }
        guard !standings.isEmpty else { return [] }
        for row in try await database.fetch("""
            SELECT p.invoice_number, MAX(p.promised_date) FROM promises p JOIN invoices i ON i.invoice_number = p.invoice_number
            WHERE i.customer_id = ? AND p.status = 'open' GROUP BY p.invoice_number
            """, [.text(customer.rawValue)]) {
            guard case .text(let number) = row[0], case .text(let date) = row[1] else { continue }
            standings[InvoiceNumber(number)]?.promisedUntil = CalendarDate(iso: date)
        }
        for row in try await database.fetch("""
            SELECT h.invoice_number, h.reason FROM holds h JOIN invoices i ON i.invoice_number = h.invoice_number
            WHERE i.customer_id = ? AND h.status = 'active' AND (h.until_date IS NULL OR h.until_date >= ?)
            """, [.text(customer.rawValue), .text(asOf.iso)]) {
            guard case .text(let number) = row[0], case .text(let reason) = row[1] else { continue }
            standings[InvoiceNumber(number)]?.holds.append(reason)
        }
        return standings.values.sorted { $0.invoice.number < $1.invoice.number }
    }
}
