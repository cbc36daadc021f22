import ARAgent
import ARCore
import SQLKit

extension SQLLedgerStore: OutboxStore {
    public func actionsToQueue() async throws -> [StoredAction] {
        var queued = Set<String>()
        for row in try await database.fetch("SELECT action_id FROM outbox") { if case .text(let id) = row[0] { queued.insert(id) } }
        return try await actions(status: .approved).filter { $0.action.channel == .email && !queued.contains($0.action.id) }
    }

    public func lastMessageID(customer: CustomerID) async throws -> String? {
        let rows = try await database.fetch("SELECT message_id FROM outbox WHERE customer_id = ? AND status = 'sent' ORDER BY sent_at DESC, id DESC LIMIT 1",
                                            [.text(customer.rawValue)])
        if case .text(let id)? = rows.first?.first { return id }
        return nil
    }

    public func enqueue(actionID: String, customer: CustomerID, email: OutgoingEmail, at: String, actor: String) async throws {
        let database = self.database
        try await database.transaction { _ in
            let now = at
            // Two workers may compose the same action at once: the first insert wins, the other
            // inserts nothing and writes no audit entry.
            let inserted = try await database.fetch("""
                INSERT INTO outbox (action_id, message_id, recipient, subject, text_body, html_body, list_unsubscribe, in_reply_to, customer_id,
                                    status, attempts, next_attempt_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?)
                ON CONFLICT (action_id, channel) DO NOTHING
                RETURNING id
                """, [.text(actionID), .text(email.messageID), .text(email.recipients.joined(separator: ",")), .text(email.subject),
                      .text(email.text), .text(email.html), .optional(email.listUnsubscribe), .optional(email.inReplyTo),
                      .text(customer.rawValue), .text(now)])
            guard !inserted.isEmpty else { return }
            var audit = AuditWriter(now: now, actor: actor, importID: nil)
            audit.add(.action, actionID, "queued", "email to \(email.recipients.joined(separator: ", ")): \(email.subject) (\(email.messageID))")
            try await audit.write(to: database)
        }
    }

    public func close(actionID: String, status: ActionStatus, note: String, actor: String) async throws {
        let database = self.database
        try await database.transaction { _ in
            let now = Timestamp.now()
            try await database.execute("UPDATE actions SET status = ?, note = ? WHERE id = ?", [.text(status.rawValue), .text(note), .text(actionID)])
            var audit = AuditWriter(now: now, actor: actor, importID: nil)
            audit.add(.action, actionID, status.rawValue, note)
            try await audit.write(to: database)
        }
    }

    public func claimDue(worker: String, now: String, leaseUntil: String, limit: Int) async throws -> [OutboxEntry] {
        let database = self.database
        return try await database.transaction { _ in
            // Due: pending and due now, or claimed by a worker whose lease ran out (it crashed).
            let lock = database.engine == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
            let due = try await database.fetch("""
                SELECT id FROM outbox
                WHERE (status = 'pending' AND next_attempt_at <= ?) OR (status = 'sending' AND claimed_until < ?)
                ORDER BY id LIMIT ?\(lock)
                """, [.text(now), .text(now), .int(Int64(limit))])
            var entries: [OutboxEntry] = []
            for row in due {
                guard case .int(let id) = row[0] else { continue }
                try await database.execute("UPDATE outbox SET status = 'sending', claimed_by = ?, claimed_until = ? WHERE id = ?",
                                           [.text(worker), .text(leaseUntil), .int(id)])
                let rows = try await database.fetch("SELECT id, action_id, message_id, recipient, subject, text_body, html_body, attempts, status, list_unsubscribe, in_reply_to, customer_id FROM outbox WHERE id = ?", [.int(id)])
                guard let entry = rows.first, case .text(let action) = entry[1], case .text(let messageID) = entry[2], case .text(let recipient) = entry[3],
                      case .text(let subject) = entry[4], case .text(let text) = entry[5], case .text(let html) = entry[6], case .int(let attempts) = entry[7] else { continue }
                var unsubscribe: String?, parent: String?
                if case .text(let link) = entry[9] { unsubscribe = link }
                if case .text(let id) = entry[10] { parent = id }
                var customer: CustomerID?
                if case .text(let id) = entry[11] { customer = CustomerID(id) }
                entries.append(OutboxEntry(id: id, actionID: action,
                                           email: OutgoingEmail(messageID: messageID, recipients: recipient.split(separator: ",").map(String.init),
                                                                subject: subject, text: text, html: html, listUnsubscribe: unsubscribe,
                                                                inReplyTo: parent),
                                           attempts: Int(attempts), status: "sending", customerID: customer))
            }
            return entries
        }
    }

    public func markSent(_ entry: OutboxEntry, at: String, actor: String) async throws {
        let database = self.database
        try await database.transaction { _ in
            try await database.execute("UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, claimed_by = NULL, claimed_until = NULL WHERE id = ?",
                                       [.text(at), .int(entry.id)])
            try await database.execute("UPDATE actions SET status = 'executed' WHERE id = ?", [.text(entry.actionID)])
            var audit = AuditWriter(now: at, actor: actor, importID: nil)
            audit.add(.action, entry.actionID, "executed", "email sent to \(entry.email.recipients.joined(separator: ", ")) (\(entry.email.messageID))")
            try await audit.write(to: database)
        }
    }

    public func deferEntry(_ entry: OutboxEntry, until: String) async throws {
        try await database.execute("UPDATE outbox SET status = 'pending', next_attempt_at = ?, claimed_by = NULL, claimed_until = NULL WHERE id = ?",
                                   [.text(until), .int(entry.id)])
    }

    public func markFailed(_ entry: OutboxEntry, error: String, retryAt: String?, at: String, actor: String) async throws {
        let database = self.database
        try await database.transaction { _ in
            if let retryAt {
                try await database.execute("""
                    UPDATE outbox SET status = 'pending', attempts = attempts + 1, next_attempt_at = ?, last_error = ?, claimed_by = NULL, claimed_until = NULL WHERE id = ?
                    """, [.text(retryAt), .text(error), .int(entry.id)])
            } else {
                try await database.execute("""
                    UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ?, claimed_by = NULL, claimed_until = NULL WHERE id = ?
                    """, [.text(error), .int(entry.id)])
                try await database.execute("UPDATE actions SET status = 'failed', note = ? WHERE id = ?", [.text(error), .text(entry.actionID)])
            }
            var audit = AuditWriter(now: at, actor: actor, importID: nil)
            audit.add(.action, entry.actionID, retryAt == nil ? "failed" : "retry scheduled", retryAt.map { "\(error); next attempt at \($0)" } ?? error)
            try await audit.write(to: database)
        }
    }

    public func outbox() async throws -> [OutboxEntry] {
        try await database.fetch("SELECT id, action_id, message_id, recipient, subject, text_body, html_body, attempts, status FROM outbox ORDER BY id").compactMap { row in
            guard case .int(let id) = row[0], case .text(let action) = row[1], case .text(let messageID) = row[2], case .text(let recipient) = row[3],
                  case .text(let subject) = row[4], case .text(let text) = row[5], case .text(let html) = row[6], case .int(let attempts) = row[7],
                  case .text(let status) = row[8] else { return nil }
            return OutboxEntry(id: id, actionID: action, email: OutgoingEmail(messageID: messageID, recipients: recipient.split(separator: ",").map(String.init),
                                                                               subject: subject, text: text, html: html),
                               attempts: Int(attempts), status: status)
        }
    }
}
