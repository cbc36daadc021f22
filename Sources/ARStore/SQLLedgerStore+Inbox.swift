import ARAgent
import ARCore
import Foundation

/// The inbox: messages stored once by Message-ID, with their effects in the same transaction.
extension SQLLedgerStore: InboxStore {
    static let inboundColumns = """
        id, message_id, received_at, sender, subject, kind, customer_id, threaded_by, action_id, invoice_numbers, label,
        confidence_permille, guesses, promise_date, status, outcome, visible_text
        """

    public func inboundExists(messageID: String) async throws -> Bool {
        try await !database.fetch("SELECT 1 FROM inbound_messages WHERE message_id = ?", [.text(messageID)]).isEmpty
    }

    public func actionForSentMessage(ids: [String]) async throws -> StoredAction? {
        let wanted = ids.map { $0.hasPrefix("<") ? $0 : "<\($0)>" }
        guard !wanted.isEmpty else { return nil }
        let marks = Array(repeating: "?", count: wanted.count).joined(separator: ", ")
        guard case .text(let actionID)? = try await database.fetch("""
            SELECT action_id FROM outbox WHERE status = 'sent' AND message_id IN (\(marks)) ORDER BY sent_at DESC, id DESC LIMIT 1
            """, wanted.map { .text($0) }).first?.first else { return nil }
        return try await action(id: actionID)
    }

    public func storeInbound(_ record: InboundRecord, actor: String) async throws -> (status: InboundStatus, outcome: String)? {
        let database = self.database
        do {
            return try await storing(record, actor: actor, in: database)
        } catch is InboundAlreadyStored {
            return nil
        }
    }

    private func storing(_ record: InboundRecord, actor: String, in database: Database) async throws -> (status: InboundStatus, outcome: String) {
        try await database.transaction { _ in
            let now = Timestamp.now()
            var status = record.status
            var outcome = record.outcome
            // The effects first, each in its own savepoint: one the ledger refuses is undone alone and noted.
            var refused: [String] = []
            for effect in record.effects {
                do {
                    switch effect {
                    case .promise(let invoice, let date):
                        try await self.addPromise(invoice: invoice, date: date, amount: nil, actor: actor)
                    case .dispute(let invoice, let type, let note):
                        try await self.openDispute(invoice: invoice, type: type.rawValue, note: note, actor: actor)
                    case .hold(let customer, let reason, let asOf):
                        _ = try await self.placeHold(.customer(customer), reason: reason, until: nil, asOf: asOf, actor: actor)
                    case .bounce(let signal):
                        try await self.record(signal, attachments: [], actor: actor)
                    }
                } catch let error as CashApplicationError {
                    refused.append(error.description)
                }
            }
            if !refused.isEmpty {
                status = .needsPerson
                outcome += "; not done: " + refused.joined(separator: "; ") + " (a person should look)"
            }
            let inserted = try await database.fetch("""
                INSERT INTO inbound_messages (message_id, received_at, sender, subject, kind, customer_id, threaded_by, action_id, invoice_numbers, label,
                                              confidence_permille, guesses, promise_date, status, outcome, visible_text)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (message_id) DO NOTHING RETURNING id
                """, [.text(record.mail.messageID), .text(now), .optional(record.mail.from), .optional(record.mail.subject), .text(record.mail.kind.rawValue),
                      .optional(record.customerID?.rawValue), .optional(record.threadedBy), .optional(record.actionID),
                      .text(record.invoices.map(\.rawValue).joined(separator: ",")), .optional(record.label?.rawValue),
                      .optional(record.confidencePermille.map(Int64.init)), .optional(record.guesses), .optional(record.promiseDate?.iso),
                      .text(status.rawValue), .text(outcome), .text(record.mail.visibleText)])
            // Stored already by another reader: undo this one's effects with the transaction.
            guard !inserted.isEmpty else { throw InboundAlreadyStored() }
            var audit = AuditWriter(now: now, actor: actor, importID: nil)
            let read = record.label.map { " read as \($0.rawValue)\(record.confidencePermille.map { " (\($0 / 10)%)" } ?? "")" } ?? ""
            audit.add(.inboundMessage, record.mail.messageID, "\(record.mail.kind.rawValue) received",
                      "from \(record.mail.from ?? "an unknown sender")\(record.customerID.map { ", customer \($0)" } ?? "")\(record.threadedBy.map { ", tied by \($0)" } ?? "")\(read): \(outcome)")
            if let customer = record.customerID {
                audit.add(.customer, customer.rawValue, "\(record.mail.kind == .reply ? "reply" : record.mail.kind.rawValue) received",
                          "\(record.mail.subject.map { "'\($0)'" } ?? "a message")\(read): \(outcome)")
            }
            try await audit.write(to: database)
            return (status, outcome)
        }
    }

    public func inbound(status: InboundStatus?, limit: Int) async throws -> [StoredInbound] {
        let rows = if let status {
            try await database.fetch("SELECT \(Self.inboundColumns) FROM inbound_messages WHERE status = ? ORDER BY id DESC LIMIT ?", [.text(status.rawValue), .int(Int64(limit))])
        } else {
            try await database.fetch("SELECT \(Self.inboundColumns) FROM inbound_messages ORDER BY id DESC LIMIT ?", [.int(Int64(limit))])
        }
        return try rows.map(Self.storedInbound)
    }

    public func inbound(messageID: String) async throws -> StoredInbound? {
        try await database.fetch("SELECT \(Self.inboundColumns) FROM inbound_messages WHERE message_id = ?", [.text(messageID)]).first.map(Self.storedInbound)
    }

    static func storedInbound(_ row: [SQLValue]) throws -> StoredInbound {
        let read = RecordRow(row, table: "inbound_messages")
        guard case .int(let id) = row[0] else { throw DatabaseError("an inbound message has no id") }
        let status = InboundStatus(rawValue: read.optionalText(14) ?? "") ?? .needsPerson
        var confidence: Int?
        if case .int(let value) = row[11] { confidence = Int(value) }
        return StoredInbound(id: id, messageID: read.optionalText(1) ?? "", receivedAt: read.optionalText(2) ?? "", sender: read.optionalText(3),
                             subject: read.optionalText(4), kind: read.optionalText(5) ?? "", customerID: read.optionalText(6).map { CustomerID($0) },
                             threadedBy: read.optionalText(7), actionID: read.optionalText(8),
                             invoices: (read.optionalText(9) ?? "").split(separator: ",").map { InvoiceNumber(String($0)) },
                             label: read.optionalText(10), confidencePermille: confidence, guesses: read.optionalText(12), promiseDate: read.optionalText(13),
                             status: status, outcome: read.optionalText(15) ?? "", visibleText: read.optionalText(16) ?? "")
    }
}

/// Another reader stored the message first; its effects are rolled back with this transaction.
struct InboundAlreadyStored: Error {}
