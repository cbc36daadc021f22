import ARAgent
import Foundation
import Synchronization
import ARCore
import SQLKit

extension SQLLedgerStore: CollectionsStore {
    public func activePolicy() async throws -> (policy: DunningPolicy, body: String)? {
        guard let row = try await database.fetch("SELECT version, body FROM policy_versions ORDER BY activated_at DESC, version DESC LIMIT 1").first,
              case .text(let body) = row[1] else { return nil }
        if let parsed = Self.lastParsedPolicy.withLock({ $0?.body == body ? $0?.policy : nil }) { return (parsed, body) }
        do {
            let policy = try DunningPolicyFile.parse(body, file: "stored policy")
            Self.lastParsedPolicy.withLock { $0 = (body, policy) }
            return (policy, body)
        } catch {
            throw DatabaseError("the stored dunning policy no longer reads: \(error); set a corrected one with `aragent policy set FILE`")
        }
    }

    public func activate(policy: DunningPolicy, body: String, actor: String) async throws {
        let database = self.database
        try await database.transaction { _ in
            let existing = try await database.fetch("SELECT body FROM policy_versions WHERE version = ?", [.text(policy.version)])
            if let row = existing.first, case .text(let stored) = row[0] {
                guard stored == body else {
                    throw CashApplicationError("policy version '\(policy.version)' is already stored with other contents; give the new policy a new version")
                }
                return
            }
            let now = Timestamp.now()
            try await database.execute("INSERT INTO policy_versions (version, body, activated_at, activated_by) VALUES (?, ?, ?, ?)",
                                       [.text(policy.version), .text(body), .text(now), .text(actor)])
            var audit = AuditWriter(now: now, actor: actor, importID: nil)
            audit.add(.action, "policy:\(policy.version)", "policy activated",
                      "\(policy.steps.count) steps (\(policy.steps.map { "\($0.id) at \($0.offsetDays)" }.joined(separator: ", "))), shadow mode \(policy.shadowMode ? "on" : "off")")
            try await audit.write(to: database)
        }
    }

    public func dunningInputs(asOf: CalendarDate, signalWindowDays: Int) async throws -> DunningInputs {
        let customers = try await self.customers()
        let day = asOf.iso
        // Only an open promise pauses chasing; kept and broken ones (closed by the cycle's sweep,
        // `closeDuePromises`) are the customer's record.
        var promised: [String: String] = [:]
        for row in try await database.fetch("SELECT invoice_number, promised_date FROM promises WHERE status = 'open'") {
            guard case .text(let invoice) = row[0], case .text(let date) = row[1] else { continue }
            if (promised[invoice] ?? "") < date { promised[invoice] = date }
        }
        var promisesKept: [CustomerID: Int] = [:], promisesBroken: [CustomerID: Int] = [:]
        for row in try await database.fetch("""
            SELECT i.customer_id, p.status, COUNT(*) FROM promises p JOIN invoices i ON i.invoice_number = p.invoice_number
            WHERE p.status IN ('kept', 'broken') GROUP BY i.customer_id, p.status
            """) {
            guard case .text(let customer) = row[0], case .text(let status) = row[1], case .int(let count) = row[2] else { continue }
            if status == PromiseStatus.kept.rawValue { promisesKept[CustomerID(customer)] = Int(count) } else { promisesBroken[CustomerID(customer)] = Int(count) }
        }
        let holds = try await activeHolds(on: asOf)
        var disputes: [CustomerID: Int] = [:]
        for row in try await database.fetch("SELECT i.customer_id, COUNT(*) FROM disputes d JOIN invoices i ON i.invoice_number = d.invoice_number GROUP BY i.customer_id") {
            if case .text(let customer) = row[0], case .int(let count) = row[1] { disputes[CustomerID(customer)] = Int(count) }
        }
        var taken: [String: Set<String>] = [:]
        for row in try await database.fetch("SELECT invoice_number, step_id FROM action_invoices") {
            if case .text(let invoice) = row[0], case .text(let step) = row[1] { taken[invoice, default: []].insert(step) }
        }
        let collected = Mutex<[DunningItem]>([])
        let promisedDates = promised, takenSteps = taken
        try await database.forEachRow("""
            SELECT invoice_number, customer_id, issue_date, due_date, currency, amount_minor, open_amount_minor, disputed
            FROM invoices WHERE open_amount_minor > 0 AND paid_date IS NULL AND issue_date <= ?
            """, [.text(day)]) { row in
            guard case .text(let number) = row[0], case .text(let customer) = row[1], case .text(let issued) = row[2], case .text(let due) = row[3],
                  case .text(let code) = row[4], case .int(let amount) = row[5], case .int(let openAmount) = row[6],
                  let issue = CalendarDate(iso: issued), let dueDate = CalendarDate(iso: due), let currency = Currency(code: code) else { return }
            var disputed = false
            switch row[7] { case .bool(let flag): disputed = flag; case .int(let flag): disputed = flag != 0; default: break }
            let invoice = Invoice(number: InvoiceNumber(number), customerID: CustomerID(customer), issueDate: issue, dueDate: dueDate,
                                  amount: Money(minorUnits: amount, currency: currency), openAmount: Money(minorUnits: openAmount, currency: currency),
                                  isDisputed: disputed)
            let item = DunningItem(invoice: invoice, promisedUntil: promisedDates[number].flatMap { CalendarDate(iso: $0) },
                                   hold: holds.invoices[invoice.number] ?? holds.customers[invoice.customerID], stepsTaken: takenSteps[number] ?? [])
            collected.withLock { $0.append(item) }
        }
        let items = collected.withLock { $0 }
        var profiles: [CustomerID: CustomerProfile] = [:]
        let behaviour = Dictionary(uniqueKeysWithValues: try await paymentBehaviour(asOf: asOf).map { ($0.customerID, $0) })
        for customer in Set(items.map(\.invoice.customerID)) {
            profiles[customer] = CustomerProfile(customerID: customer, behaviour: behaviour[customer] ?? PaymentBehaviour(customerID: customer),
                                                 promisesKept: promisesKept[customer] ?? 0, promisesBroken: promisesBroken[customer] ?? 0,
                                                 disputes: disputes[customer] ?? 0)
        }
        var lastMessaged: [CustomerID: CalendarDate] = [:]
        for row in try await database.fetch("""
            SELECT customer_id, MAX(planned_for) FROM actions
            WHERE channel IN ('email', 'sms') AND status IN ('proposed', 'approved', 'executed') AND planned_for < ? GROUP BY customer_id
            """, [.text(day)]) {
            if case .text(let customer) = row[0], case .text(let date) = row[1], let last = CalendarDate(iso: date) { lastMessaged[CustomerID(customer)] = last }
        }
        return DunningInputs(customers: customers, items: items, profiles: profiles, lastMessaged: lastMessaged,
                             engagement: try await engagement(before: asOf, windowDays: signalWindowDays))
    }

    public func save(_ actions: [PlannedAction], policyVersion: String, plannedFor: CalendarDate, actor: String) async throws -> [StoredAction] {
        let database = self.database
        return try await database.transaction { _ in
            // Several agents on one PostgreSQL: their cycles take turns here, so the second finds
            // the first's actions and stores none of them again. (SQLite's write lock does the same.)
            if database.engine == .postgres { try await database.execute("SELECT pg_advisory_xact_lock(784201)") }
            var known = Set<String>()
            for chunk in actions.map(\.id).chunked(900) {
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
                for row in try await database.fetch("SELECT id FROM actions WHERE id IN (\(marks))", chunk.map { .text($0) }) {
                    if case .text(let id) = row[0] { known.insert(id) }
                }
            }
            let fresh = actions.filter { !known.contains($0.id) }
            guard !fresh.isEmpty else { return [] }
            let now = Timestamp.now()
            try await database.insertRows(
                into: "actions",
                columns: ["id", "kind", "step_id", "customer_id", "invoice_numbers", "currency", "total_minor", "channel", "template", "tone",
                          "requires_approval", "status", "reason", "policy_version", "planned_for", "created_at"],
                count: fresh.count) { index in
                    let a = fresh[index]
                    return [.text(a.id), .text(a.kind.rawValue), .text(a.stepID), .text(a.customerID.rawValue),
                            .text(a.invoices.map(\.rawValue).joined(separator: ";")), .text(a.total.currency.code), .int(a.total.minorUnits),
                            .text(a.channel.rawValue), .text(a.template), .text(a.tone.rawValue), .bool(a.requiresApproval),
                            .text((a.requiresApproval ? ActionStatus.proposed : .approved).rawValue), .text(a.reason), .text(policyVersion),
                            .text(plannedFor.iso), .text(now)]
                }
            // Each invoice with its own step: one message may cover invoices at several steps.
            let links = fresh.flatMap { action in action.invoices.map { [SQLValue.text(action.id), .text($0.rawValue), .text(action.step(of: $0))] } }
            try await database.insertRows(into: "action_invoices", columns: ["action_id", "invoice_number", "step_id"], rows: links)
            var audit = AuditWriter(now: now, actor: actor, importID: nil)
            for action in fresh {
                audit.add(.action, action.id, action.requiresApproval ? "proposed" : "planned",
                          "\(action.kind.rawValue) to \(action.customerID) for \(action.invoices.map(\.rawValue).joined(separator: ", ")) (\(action.total)): \(action.reason)")
            }
            try await audit.write(to: database)
            return fresh.map { action in
                StoredAction(action: action, status: action.requiresApproval ? .proposed : .approved, policyVersion: policyVersion,
                             plannedFor: plannedFor, createdAt: now, decidedBy: nil, decidedAt: nil, note: nil)
            }
        }
    }

    static let actionColumns = "id, kind, step_id, customer_id, invoice_numbers, currency, total_minor, channel, template, tone, requires_approval, status, reason, policy_version, planned_for, created_at, decided_by, decided_at, note"

    public func actions(status: ActionStatus?) async throws -> [StoredAction] {
        let rows: [[SQLValue]]
        if let status {
            rows = try await database.fetch("SELECT \(Self.actionColumns) FROM actions WHERE status = ? ORDER BY planned_for, id", [.text(status.rawValue)])
        } else {
            rows = try await database.fetch("SELECT \(Self.actionColumns) FROM actions ORDER BY planned_for, id")
        }
        return try rows.map(Self.storedAction)
    }

    public func action(id: String) async throws -> StoredAction? {
        try await database.fetch("SELECT \(Self.actionColumns) FROM actions WHERE id = ?", [.text(id)]).first.map(Self.storedAction)
    }

    public func decide(actionID: String, approve: Bool, actor: String, note: String?) async throws {
        let database = self.database
        try await database.transaction { _ in
            // Locked on PostgreSQL, so a worker claiming this action's message waits or skips it.
            guard let action = try await self.lockedAction(id: actionID) else {
                throw CashApplicationError("there is no action '\(actionID)'; `aragent actions list` shows them")
            }
            guard action.status == .proposed || (!approve && action.status == .approved) else {
                throw CashApplicationError("action '\(actionID)' is \(action.status.rawValue); only proposed actions can be \(approve ? "approved" : "rejected")")
            }
            let now = Timestamp.now()
            let status: ActionStatus = approve ? .approved : .rejected
            try await database.execute("UPDATE actions SET status = ?, decided_by = ?, decided_at = ?, note = ? WHERE id = ?",
                                       [.text(status.rawValue), .text(actor), .text(now), .optional(note), .text(actionID)])
            var audit = AuditWriter(now: now, actor: actor, importID: nil)
            audit.add(.action, actionID, status.rawValue, note ?? "")
            // Rejecting an approved action takes back what was queued for it, in this transaction.
            if !approve {
                try await self.cancelQueuedMessages(actionID: actionID, why: "action rejected by \(actor)\(note.map { ": \($0)" } ?? "")", audit: &audit)
            }
            try await audit.write(to: database)
        }
    }

    public func edit(actionID: String, template: String?, tone: DunningPolicy.Step.Tone?, actor: String) async throws {
        let database = self.database
        try await database.transaction { _ in
            guard let action = try await self.action(id: actionID) else { throw CashApplicationError("there is no action '\(actionID)'") }
            guard action.status == .proposed else { throw CashApplicationError("action '\(actionID)' is \(action.status.rawValue); only proposed actions can be edited") }
            let newTemplate = template ?? action.action.template, newTone = tone ?? action.action.tone
            try await database.execute("UPDATE actions SET template = ?, tone = ? WHERE id = ?", [.text(newTemplate), .text(newTone.rawValue), .text(actionID)])
            var audit = AuditWriter(now: Timestamp.now(), actor: actor, importID: nil)
            audit.add(.action, actionID, "edited", "template: \(action.action.template) → \(newTemplate); tone: \(action.action.tone.rawValue) → \(newTone.rawValue)")
            try await audit.write(to: database)
        }
    }

    public func signingKey() async throws -> [UInt8] {
        let database = self.database
        return try await database.transaction { _ in
            if let row = try await database.fetch("SELECT value FROM settings WHERE name = 'link_signing_key'").first,
               case .text(let text) = row[0], let bytes = Self.bytes(hex: text), bytes.count == 32 {
                return bytes
            }
            var generator = SystemRandomNumberGenerator()
            let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            // Two agents starting at once: the first key stored wins, and both use it.
            try await database.execute("INSERT INTO settings (name, value) VALUES ('link_signing_key', ?) ON CONFLICT (name) DO NOTHING",
                                       [.text(bytes.map { String(format: "%02x", $0) }.joined())])
            guard let row = try await database.fetch("SELECT value FROM settings WHERE name = 'link_signing_key'").first,
                  case .text(let text) = row[0], let stored = Self.bytes(hex: text), stored.count == 32 else {
                throw DatabaseError("the link-signing key could not be stored")
            }
            return stored
        }
    }

    static func bytes(hex: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex) ?? hex.endIndex
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }

    static func storedAction(_ row: [SQLValue]) throws -> StoredAction {
        func text(_ index: Int) -> String? { if case .text(let value) = row[index] { return value }; return nil }
        var requires = false
        switch row[10] { case .bool(let flag): requires = flag; case .int(let flag): requires = flag != 0; default: break }
        guard let id = text(0), let kind = text(1).flatMap(DunningPolicy.Step.Kind.init(rawValue:)), let step = text(2), let customer = text(3),
              let currency = text(5).flatMap({ Currency(code: $0) }), case .int(let total) = row[6],
              let channel = text(7).flatMap(DunningPolicy.Step.Channel.init(rawValue:)), let template = text(8),
              let tone = text(9).flatMap(DunningPolicy.Step.Tone.init(rawValue:)), let status = text(11).flatMap(ActionStatus.init(rawValue:)),
              let reason = text(12), let version = text(13), let planned = text(14).flatMap({ CalendarDate(iso: $0) }), let created = text(15) else {
            throw DatabaseError("actions holds a row that cannot be read: \(row)")
        }
        let action = PlannedAction(id: id, kind: kind, stepID: step, customerID: CustomerID(customer),
                                   invoices: (text(4) ?? "").split(separator: ";").map { InvoiceNumber(String($0)) },
                                   total: Money(minorUnits: total, currency: currency), channel: channel, template: template, tone: tone,
                                   requiresApproval: requires, reason: reason)
        return StoredAction(action: action, status: status, policyVersion: version, plannedFor: planned, createdAt: created,
                            decidedBy: text(16), decidedAt: text(17), note: text(18))
    }
}

extension SQLLedgerStore {
    /// Each customer's ``Engagement`` before `day`: a person's looks (opens, clicks, portal
    /// visits; machine visits never count) in the window, emails sent since their last look,
    /// and whether a bounce came after it.
    func engagement(before day: CalendarDate, windowDays: Int) async throws -> [CustomerID: Engagement] {
        let from = day.adding(days: -max(0, windowDays)).iso, until = day.iso
        var result: [CustomerID: Engagement] = [:]
        for row in try await database.fetch("""
            SELECT customer_id, COUNT(*) FROM customer_signals
            WHERE automated_reason IS NULL AND kind IN ('open', 'click', 'portal_view') AND occurred_at >= ? AND occurred_at < ? GROUP BY customer_id
            """, [.text(from), .text(until)]) {
            if case .text(let customer) = row[0], case .int(let count) = row[1] { result[CustomerID(customer), default: Engagement()].recentLooks = Int(count) }
        }
        var lastLook: [String: String] = [:]
        for row in try await database.fetch("""
            SELECT customer_id, MAX(occurred_at) FROM customer_signals
            WHERE automated_reason IS NULL AND kind IN ('open', 'click', 'portal_view') AND occurred_at < ? GROUP BY customer_id
            """, [.text(until)]) {
            guard case .text(let customer) = row[0], case .text(let at) = row[1] else { continue }
            lastLook[customer] = at
        }
        // A bounce counts while the address it names is still the customer's (fixing the contact
        // ends it) and nobody has looked at a message since.
        for row in try await database.fetch("""
            SELECT s.customer_id, s.dedupe_key, s.occurred_at, c.email FROM customer_signals s JOIN customers c ON c.customer_id = s.customer_id
            WHERE s.kind = 'bounce' AND s.occurred_at < ?
            """, [.text(until)]) {
            guard case .text(let customer) = row[0], case .text(let key) = row[1], case .text(let at) = row[2], case .text(let email) = row[3],
                  at > (lastLook[customer] ?? "") else { continue }
            let address = String(key.dropFirst("bounce:".count).prefix { $0 != "|" })
            if Self.addresses(email).contains(address) { result[CustomerID(customer), default: Engagement()].bounced = true }
        }
        for row in try await database.fetch("""
            SELECT customer_id, planned_for FROM actions WHERE channel = 'email' AND status = 'executed' AND planned_for < ?
            """, [.text(until)]) {
            guard case .text(let customer) = row[0], case .text(let planned) = row[1] else { continue }
            // Sent after the last look (looks are instants, plans days: a look on the day of a send counts for it).
            if planned > String((lastLook[customer] ?? "").prefix(10)) { result[CustomerID(customer), default: Engagement()].unopenedMessages += 1 }
        }
        return result
    }
}

extension SQLLedgerStore {
    /// The policy text last read and what it parsed to: the portal and the planner read the
    /// active policy on every request and cycle, and parsing it each time cost more than the
    /// query. Keyed by the whole text, so a changed policy is parsed again.
    static let lastParsedPolicy = Mutex<(body: String, policy: DunningPolicy)?>(nil)
}
