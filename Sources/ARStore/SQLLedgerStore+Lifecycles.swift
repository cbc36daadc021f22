import ARAgent
import ARCore
import Foundation
import SQLKit

/// The lifecycles of ARAgent's own records about invoices: disputes, holds and promises. Every
/// change is checked against the one transition table (`LifecycleStatus.allowed`), written with
/// its audit entry (who, and why) in one transaction, and followed by ``LedgerState/refresh(_:in:)``
/// wherever it moves an invoice's derived state (a dispute opened or resolved, an adjustment).
extension SQLLedgerStore {
    public func invoice(_ number: InvoiceNumber) async throws -> Invoice? {
        try await sql.raw("SELECT * FROM invoices WHERE invoice_number = \(bind: number.rawValue)").first().map(RowDecoding.invoice)
    }

    // MARK: Disputes

    public func openDispute(invoice: InvoiceNumber, type: String, note: String?, actor: String) async throws {
        guard let kind = DisputeType(rawValue: type) else {
            throw CashApplicationError("unknown dispute type '\(type)'; use one of \(DisputeType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let database = self.database
        try await database.transaction { _ in
            _ = try await Self.lockedInvoice(invoice, in: database)
            if let open = try await Self.disputeRows(where: "d.invoice_number = ? AND d.status = 'open'", [.text(invoice.rawValue)], in: database).first {
                throw CashApplicationError("""
                    invoice \(invoice) already has an open dispute (#\(open.id), \(open.type), opened \(open.openedAt.prefix(10)) by \(open.openedBy)\
                    \(open.note.map { ": \($0)" } ?? "")); resolve it first with `aragent dispute resolve --invoice \(invoice) --outcome OUTCOME`
                    """)
            }
            try Self.check(DisputeStatus.self, from: nil, to: .open, "a new dispute on invoice \(invoice)")
            let now = Timestamp.now()
            let inserted = try await database.fetch("""
                INSERT INTO disputes (invoice_number, dispute_type, note, status, created_at, created_by) VALUES (?, ?, ?, 'open', ?, ?) RETURNING id
                """, [.text(invoice.rawValue), .text(kind.rawValue), .optional(note), .text(now), .text(actor)])
            guard case .int(let id)? = inserted.first?.first else { throw DatabaseError("the dispute on invoice \(invoice) was not stored") }
            try await LedgerState.refresh([invoice.rawValue], in: database)
            var audit = AuditWriter(now: now, actor: actor, importID: nil)
            audit.add(.dispute, String(id), DisputeStatus.open.auditAction, "invoice \(invoice): \(kind.rawValue)\(note.map { ": \($0)" } ?? "")")
            try await audit.write(to: database)
        }
    }

    @discardableResult
    public func resolveDispute(invoice: InvoiceNumber, outcome: DisputeOutcome, amount: Money?, note: String?, actor: String) async throws -> DisputeResolution {
        guard DisputeOutcome.chosenByPeople.contains(outcome) else {
            throw CashApplicationError("outcome \(outcome.rawValue) is recorded by imports only; use \(DisputeOutcome.chosenByPeople.map(\.rawValue).joined(separator: ", "))")
        }
        if let amount, outcome.adjustmentKind == nil {
            throw CashApplicationError("an amount (\(amount)) applies to write_off and credit_note only; a \(outcome.rawValue) resolution changes no amount")
        }
        let database = self.database
        return try await database.transaction { _ in
            let state = try await Self.lockedInvoice(invoice, in: database)
            guard let open = try await Self.disputeRows(where: "d.invoice_number = ? AND d.status = 'open'", [.text(invoice.rawValue)], in: database).first else {
                throw CashApplicationError("invoice \(invoice) has no open dispute; `aragent dispute list --status open` shows the open ones")
            }
            try Self.check(DisputeStatus.self, from: open.status, to: .resolved, "dispute #\(open.id) on invoice \(invoice)")
            let now = Timestamp.now()
            var audit = AuditWriter(now: now, actor: actor, importID: nil)
            var adjustment: Money?
            if let kind = outcome.adjustmentKind {
                let value = amount ?? Money(minorUnits: state.open, currency: state.currency)
                guard value.currency == state.currency else {
                    throw CashApplicationError("the amount is in \(value.currency) but invoice \(invoice) is in \(state.currency)")
                }
                guard state.open > 0 else {
                    throw CashApplicationError("invoice \(invoice) has nothing open to \(kind == .writeOff ? "write off" : "credit"); resolve the dispute as rejected or rebill")
                }
                guard value.isPositive, value.minorUnits <= state.open else {
                    throw CashApplicationError("\(kind.rawValue) of \(value) on invoice \(invoice): the amount must be more than 0 and at most the \(Money(minorUnits: state.open, currency: state.currency)) open")
                }
                try await database.execute("""
                    INSERT INTO invoice_adjustments (invoice_number, kind, currency, amount_minor, reason, dispute_id, created_at, created_by)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, [.text(invoice.rawValue), .text(kind.rawValue), .text(value.currency.code), .int(value.minorUnits),
                          .text(note ?? "dispute #\(open.id) resolved as \(outcome.rawValue)"), .int(open.id), .text(now), .text(actor)])
                adjustment = value
            }
            let resolved = try await database.fetch("""
                UPDATE disputes SET status = 'resolved', outcome = ?, resolved_at = ?, resolved_by = ?, resolution_note = ?
                WHERE id = ? AND status = 'open' RETURNING id
                """, [.text(outcome.rawValue), .text(now), .text(actor), .optional(note), .int(open.id)])
            guard !resolved.isEmpty else { throw CashApplicationError("dispute #\(open.id) on invoice \(invoice) was resolved meanwhile; nothing was changed") }
            try await LedgerState.refresh([invoice.rawValue], in: database)
            let after = try await Self.lockedInvoice(invoice, in: database)
            let before = Money(minorUnits: state.open, currency: state.currency), openAfter = Money(minorUnits: after.open, currency: after.currency)
            let change = adjustment.map { " of \($0), open \(before) → \(openAfter)" } ?? ""
            audit.add(.dispute, String(open.id), DisputeStatus.resolved.auditAction,
                      "invoice \(invoice): \(outcome.rawValue)\(change)\(note.map { "; \($0)" } ?? "")")
            if let adjustment {
                audit.add(.invoice, invoice.rawValue, outcome.rawValue,
                          "\(adjustment) with dispute #\(open.id): open \(before) → \(openAfter) (counted until the ERP's export reflects it)")
            }
            try await audit.write(to: database)
            guard let record = try await Self.disputeRows(where: "d.id = ?", [.int(open.id)], in: database).first else {
                throw DatabaseError("dispute #\(open.id) cannot be read back")
            }
            return DisputeResolution(dispute: record, openBefore: before, openAfter: openAfter)
        }
    }

    public func disputes(status: DisputeStatus?) async throws -> [DisputeRecord] {
        if let status { return try await Self.disputeRows(where: "d.status = ?", [.text(status.rawValue)], in: database) }
        return try await Self.disputeRows(where: "1 = 1", [], in: database)
    }

    static func disputeRows(where condition: String, _ binds: [SQLValue], in database: Database) async throws -> [DisputeRecord] {
        try await database.fetch("""
            SELECT d.id, d.invoice_number, i.customer_id, d.dispute_type, d.note, d.status, d.outcome, d.created_at, d.created_by,
                   d.resolved_at, d.resolved_by, d.resolution_note, i.currency,
                   (SELECT CAST(SUM(a.amount_minor) AS BIGINT) FROM invoice_adjustments a WHERE a.dispute_id = d.id)
            FROM disputes d JOIN invoices i ON i.invoice_number = d.invoice_number
            WHERE \(condition) ORDER BY d.id
            """, binds).map { row in
            let read = RecordRow(row, table: "disputes")
            let currency = try read.currency(12)
            return DisputeRecord(
                id: try read.int(0), invoice: InvoiceNumber(try read.text(1)), customerID: CustomerID(try read.text(2)), type: try read.text(3),
                note: read.optionalText(4), status: try read.status(5, DisputeStatus.self),
                outcome: try read.optionalText(6).map { text in
                    guard let outcome = DisputeOutcome(rawValue: text) else { throw read.error(6, "not a dispute outcome") }
                    return outcome
                },
                openedAt: try read.text(7), openedBy: try read.text(8), resolvedAt: read.optionalText(9), resolvedBy: read.optionalText(10),
                resolutionNote: read.optionalText(11), adjustment: read.optionalInt(13).map { Money(minorUnits: $0, currency: currency) })
        }
    }

    // MARK: Holds

    @discardableResult
    public func placeHold(_ target: HoldTarget, reason: String, until: CalendarDate?, asOf: CalendarDate, actor: String) async throws -> HoldRecord {
        let why = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !why.isEmpty else {
            throw CashApplicationError("a hold needs a reason (--reason TEXT): it is shown wherever the hold keeps \(target) from being chased")
        }
        if let until, until < asOf {
            throw CashApplicationError("--until \(until.iso) is before \(asOf.iso): that hold would already be over; give a later day, or leave --until out to hold until released")
        }
        let database = self.database
        return try await database.transaction { _ in
            try await Self.requireTarget(target, in: database)
            let now = Timestamp.now()
            var audit = AuditWriter(now: now, actor: actor, importID: nil)
            for existing in try await Self.holdRows(where: "h.status = 'active' AND \(Self.holdTarget(target))", [Self.holdBind(target)], in: database) {
                guard !existing.isActive(on: asOf) else {
                    throw CashApplicationError("""
                        \(target) is already on hold (#\(existing.id): \(existing.reason), placed by \(existing.placedBy) on \(existing.placedAt.prefix(10)), \
                        \(existing.until.map { "until \($0.iso)" } ?? "until released")); release it first with `aragent unhold \(Self.flag(target))`
                        """)
                }
                try await Self.release(existing, note: "expired on \(existing.until?.iso ?? "?"); replaced by a new hold", now: now, actor: actor,
                                       in: database, audit: &audit)
            }
            try Self.check(HoldStatus.self, from: nil, to: .active, "a new hold on \(target)")
            var customer: SQLValue = .null, invoice: SQLValue = .null
            switch target {
            case .customer(let id): customer = .text(id.rawValue)
            case .invoice(let number): invoice = .text(number.rawValue)
            }
            let inserted = try await database.fetch("""
                INSERT INTO holds (customer_id, invoice_number, reason, until_date, status, created_at, created_by) VALUES (?, ?, ?, ?, 'active', ?, ?) RETURNING id
                """, [customer, invoice, .text(why), .optional(until?.iso), .text(now), .text(actor)])
            guard case .int(let id)? = inserted.first?.first else { throw DatabaseError("the hold on \(target) was not stored") }
            audit.add(.hold, String(id), HoldStatus.active.auditAction, "\(target): \(why) (\(until.map { "until \($0.iso)" } ?? "until released"))")
            try await audit.write(to: database)
            return HoldRecord(id: id, target: target, reason: why, until: until, status: .active, placedAt: now, placedBy: actor,
                              releasedAt: nil, releasedBy: nil, releaseNote: nil)
        }
    }

    @discardableResult
    public func releaseHold(_ target: HoldTarget, note: String?, actor: String) async throws -> HoldRecord {
        let database = self.database
        return try await database.transaction { _ in
            try await Self.requireTarget(target, in: database)
            guard let hold = try await Self.holdRows(where: "h.status = 'active' AND \(Self.holdTarget(target))", [Self.holdBind(target)], in: database).first else {
                throw CashApplicationError("\(target) is not on hold; `aragent hold list` shows the holds")
            }
            let now = Timestamp.now()
            var audit = AuditWriter(now: now, actor: actor, importID: nil)
            let released = try await Self.release(hold, note: note, now: now, actor: actor, in: database, audit: &audit)
            try await audit.write(to: database)
            return released
        }
    }

    public func holds(includeReleased: Bool) async throws -> [HoldRecord] {
        try await Self.holdRows(where: includeReleased ? "1 = 1" : "h.status = 'active'", [], in: database)
    }

    /// The holds in force on `day`, by customer and by invoice, for the planner.
    func activeHolds(on day: CalendarDate) async throws -> (customers: [CustomerID: ActiveHold], invoices: [InvoiceNumber: ActiveHold]) {
        var customers: [CustomerID: ActiveHold] = [:], invoices: [InvoiceNumber: ActiveHold] = [:]
        for hold in try await Self.holdRows(where: "h.status = 'active' AND (h.until_date IS NULL OR h.until_date >= ?)", [.text(day.iso)], in: database) {
            switch hold.target {
            case .customer(let id): customers[id] = hold.asActiveHold
            case .invoice(let number): invoices[number] = hold.asActiveHold
            }
        }
        return (customers, invoices)
    }

    @discardableResult
    private static func release(_ hold: HoldRecord, note: String?, now: String, actor: String, in database: Database,
                                audit: inout AuditWriter) async throws -> HoldRecord {
        try check(HoldStatus.self, from: hold.status, to: .released, "hold #\(hold.id) on \(hold.target)")
        let changed = try await database.fetch("""
            UPDATE holds SET status = 'released', released_at = ?, released_by = ?, release_note = ? WHERE id = ? AND status = 'active' RETURNING id
            """, [.text(now), .text(actor), .optional(note), .int(hold.id)])
        guard !changed.isEmpty else { throw CashApplicationError("hold #\(hold.id) on \(hold.target) was released meanwhile; nothing was changed") }
        audit.add(.hold, String(hold.id), HoldStatus.released.auditAction, "\(hold.target): \(hold.reason)\(note.map { "; \($0)" } ?? "")")
        var released = hold
        released.status = .released
        released.releasedAt = now
        released.releasedBy = actor
        released.releaseNote = note
        return released
    }

    private static func holdTarget(_ target: HoldTarget) -> String {
        switch target {
        case .customer: "h.customer_id = ?"
        case .invoice: "h.invoice_number = ?"
        }
    }

    private static func holdBind(_ target: HoldTarget) -> SQLValue {
        switch target {
        case .customer(let id): .text(id.rawValue)
        case .invoice(let number): .text(number.rawValue)
        }
    }

    private static func flag(_ target: HoldTarget) -> String {
        switch target {
        case .customer(let id): "--customer \(id)"
        case .invoice(let number): "--invoice \(number)"
        }
    }

    /// The customer or invoice exists (locked for the transaction on PostgreSQL, so two holds placed at once take turns).
    private static func requireTarget(_ target: HoldTarget, in database: Database) async throws {
        switch target {
        case .invoice(let number): _ = try await lockedInvoice(number, in: database)
        case .customer(let id):
            let lock = database.engine == .postgres ? " FOR UPDATE" : ""
            guard try await !database.fetch("SELECT 1 FROM customers WHERE customer_id = ?\(lock)", [.text(id.rawValue)]).isEmpty else {
                throw CashApplicationError("customer \(id) is not in the ledger; import it first (`aragent import customers FILE`)")
            }
        }
    }

    static func holdRows(where condition: String, _ binds: [SQLValue], in database: Database) async throws -> [HoldRecord] {
        try await database.fetch("""
            SELECT h.id, h.customer_id, h.invoice_number, h.reason, h.until_date, h.status, h.created_at, h.created_by,
                   h.released_at, h.released_by, h.release_note
            FROM holds h WHERE \(condition) ORDER BY h.id
            """, binds).map { row in
            let read = RecordRow(row, table: "holds")
            let target: HoldTarget
            if let customer = read.optionalText(1) { target = .customer(CustomerID(customer)) } else { target = .invoice(InvoiceNumber(try read.text(2))) }
            return HoldRecord(id: try read.int(0), target: target, reason: try read.text(3), until: try read.optionalDate(4),
                              status: try read.status(5, HoldStatus.self), placedAt: try read.text(6), placedBy: try read.text(7),
                              releasedAt: read.optionalText(8), releasedBy: read.optionalText(9), releaseNote: read.optionalText(10))
        }
    }

    // MARK: Promises

    @discardableResult
    public func addPromise(invoice: InvoiceNumber, date: CalendarDate, amount: Money?, actor: String) async throws -> PromiseRecord? {
        let database = self.database
        return try await database.transaction { _ in
            let state = try await Self.lockedInvoice(invoice, in: database)
            let open = Money(minorUnits: state.open, currency: state.currency)
            guard state.status == .open, state.open > 0 else {
                throw CashApplicationError("invoice \(invoice) owes nothing (open \(open)); there is nothing to promise")
            }
            if let amount {
                guard amount.currency == state.currency else {
                    throw CashApplicationError("the promised amount is in \(amount.currency) but invoice \(invoice) is in \(state.currency)")
                }
                guard amount.isPositive, amount.minorUnits <= state.open else {
                    throw CashApplicationError("the promised amount \(amount) must be more than 0 and at most the \(open) open on invoice \(invoice)")
                }
            }
            let now = Timestamp.now()
            var audit = AuditWriter(now: now, actor: actor, importID: nil)
            var superseded: PromiseRecord?
            if var previous = try await Self.promiseRows(where: "p.invoice_number = ? AND p.status = 'open'", [.text(invoice.rawValue)], in: database).first {
                let note = "superseded by the promise of \(date.iso) recorded by \(actor)"
                try await Self.close(previous.id, invoice: invoice, from: previous.status, to: .cancelled, note: note, now: now, actor: actor,
                                     in: database, audit: &audit)
                previous.status = .cancelled
                previous.closedAt = now
                previous.closedBy = actor
                previous.closeNote = note
                superseded = previous
            }
            try Self.check(PromiseStatus.self, from: nil, to: .open, "a new promise on invoice \(invoice)")
            let inserted = try await database.fetch("""
                INSERT INTO promises (invoice_number, promised_date, amount_minor, created_at, created_by, status, open_at_promise_minor)
                VALUES (?, ?, ?, ?, ?, 'open', ?) RETURNING id
                """, [.text(invoice.rawValue), .text(date.iso), .optional(amount?.minorUnits), .text(now), .text(actor), .int(state.open)])
            guard case .int(let id)? = inserted.first?.first else { throw DatabaseError("the promise on invoice \(invoice) was not stored") }
            audit.add(.promise, String(id), PromiseStatus.open.auditAction,
                      "invoice \(invoice): to pay \(amount.map { "\($0)" } ?? "in full (\(open))") by \(date.iso)")
            try await audit.write(to: database)
            return superseded
        }
    }

    @discardableResult
    public func cancelPromise(invoice: InvoiceNumber, note: String?, actor: String) async throws -> PromiseRecord {
        let database = self.database
        return try await database.transaction { _ in
            _ = try await Self.lockedInvoice(invoice, in: database)
            guard var promise = try await Self.promiseRows(where: "p.invoice_number = ? AND p.status = 'open'", [.text(invoice.rawValue)], in: database).first else {
                throw CashApplicationError("invoice \(invoice) has no open promise; `aragent promise list --status open` shows them")
            }
            let now = Timestamp.now()
            var audit = AuditWriter(now: now, actor: actor, importID: nil)
            try await Self.close(promise.id, invoice: invoice, from: promise.status, to: .cancelled, note: note ?? "cancelled", now: now, actor: actor,
                                 in: database, audit: &audit)
            try await audit.write(to: database)
            promise.status = .cancelled
            promise.closedAt = now
            promise.closedBy = actor
            promise.closeNote = note ?? "cancelled"
            return promise
        }
    }

    public func promises(status: PromiseStatus?) async throws -> [PromiseRecord] {
        if let status { return try await Self.promiseRows(where: "p.status = ?", [.text(status.rawValue)], in: database) }
        return try await Self.promiseRows(where: "1 = 1", [], in: database)
    }

    public func closeDuePromises(asOf: CalendarDate, graceDays: Int, actor: String) async throws -> [PromiseRecord] {
        let database = self.database
        return try await database.transaction { _ in
            // Two agents sweeping at once: PostgreSQL's row locks make the second wait and then skip
            // what the first closed; SQLite's write lock does the same. Each close is audited once.
            let lock = database.engine == .postgres ? " FOR UPDATE OF p" : ""
            let rows = try await database.fetch("""
                SELECT p.id, p.invoice_number, p.promised_date, p.amount_minor, p.open_at_promise_minor,
                       i.open_amount_minor, i.currency, i.status, i.paid_date
                FROM promises p JOIN invoices i ON i.invoice_number = p.invoice_number
                WHERE p.status = 'open' ORDER BY p.id\(lock)
                """)
            let now = Timestamp.now()
            var audit = AuditWriter(now: now, actor: actor, importID: nil)
            var closed: [Int64] = []
            for row in rows {
                let read = RecordRow(row, table: "promises")
                let id = try read.int(0), invoice = InvoiceNumber(try read.text(1))
                guard let promised = try read.optionalDate(2) else { throw read.error(2, "no promised date") }
                let promise = PromiseJudgement.Promise(promisedDate: promised, amount: read.optionalInt(3), openAtPromise: read.optionalInt(4))
                let state = PromiseJudgement.InvoiceState(open: try read.int(5), currency: try read.currency(6),
                                                          status: try read.status(7, InvoiceStatus.self), paidDate: try read.optionalDate(8))
                guard let verdict = PromiseJudgement.judge(promise, invoice: state, on: asOf, graceDays: graceDays) else { continue }
                try await Self.close(id, invoice: invoice, from: .open, to: verdict.status, note: verdict.why, now: now, actor: actor,
                                     in: database, audit: &audit)
                closed.append(id)
            }
            try await audit.write(to: database)
            guard !closed.isEmpty else { return [] }
            var records: [PromiseRecord] = []
            for chunk in closed.chunked(500) {
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
                records += try await Self.promiseRows(where: "p.id IN (\(marks))", chunk.map { .int($0) }, in: database)
            }
            return records
        }
    }

    /// Moves a promise from `from` to `to` if the transition table allows it and the row is still in `from`.
    private static func close(_ id: Int64, invoice: InvoiceNumber, from: PromiseStatus, to: PromiseStatus, note: String, now: String, actor: String,
                              in database: Database, audit: inout AuditWriter) async throws {
        try check(PromiseStatus.self, from: from, to: to, "promise #\(id) on invoice \(invoice)")
        let changed = try await database.fetch("""
            UPDATE promises SET status = ?, closed_at = ?, closed_by = ?, close_note = ? WHERE id = ? AND status = ? RETURNING id
            """, [.text(to.rawValue), .text(now), .text(actor), .text(note), .int(id), .text(from.rawValue)])
        guard !changed.isEmpty else { throw CashApplicationError("promise #\(id) on invoice \(invoice) changed meanwhile; nothing was changed") }
        audit.add(.promise, String(id), to.auditAction, "invoice \(invoice): \(note)")
    }

    static func promiseRows(where condition: String, _ binds: [SQLValue], in database: Database) async throws -> [PromiseRecord] {
        try await database.fetch("""
            SELECT p.id, p.invoice_number, i.customer_id, p.promised_date, p.amount_minor, i.currency, p.status, p.created_at, p.created_by,
                   p.closed_at, p.closed_by, p.close_note
            FROM promises p JOIN invoices i ON i.invoice_number = p.invoice_number
            WHERE \(condition) ORDER BY p.id
            """, binds).map { row in
            let read = RecordRow(row, table: "promises")
            let currency = try read.currency(5)
            guard let promised = try read.optionalDate(3) else { throw read.error(3, "no promised date") }
            return PromiseRecord(id: try read.int(0), invoice: InvoiceNumber(try read.text(1)), customerID: CustomerID(try read.text(2)),
                                 promisedDate: promised, amount: read.optionalInt(4).map { Money(minorUnits: $0, currency: currency) },
                                 status: try read.status(6, PromiseStatus.self), createdAt: try read.text(7), createdBy: try read.text(8),
                                 closedAt: read.optionalText(9), closedBy: read.optionalText(10), closeNote: read.optionalText(11))
        }
    }

    // MARK: Shared

    /// What a lifecycle change needs to know of its invoice, read in the change's transaction
    /// (locked on PostgreSQL; SQLite's write lock is already held).
    struct InvoiceState {
        var customer: CustomerID
        var currency: Currency
        var open: Int64
        var status: InvoiceStatus
    }

    static func lockedInvoice(_ number: InvoiceNumber, in database: Database) async throws -> InvoiceState {
        let lock = database.engine == .postgres ? " FOR UPDATE" : ""
        guard let row = try await database.fetch("SELECT customer_id, currency, open_amount_minor, status FROM invoices WHERE invoice_number = ?\(lock)",
                                                 [.text(number.rawValue)]).first else {
            throw CashApplicationError("invoice \(number) is not in the ledger; import it first (`aragent import invoices FILE`)")
        }
        let read = RecordRow(row, table: "invoices")
        return InvoiceState(customer: CustomerID(try read.text(0)), currency: try read.currency(1), open: try read.int(2),
                            status: try read.status(3, InvoiceStatus.self))
    }

    /// Refuses a change the transition table does not allow (a resolved dispute reopened, a closed promise closed again).
    static func check<S: LifecycleStatus>(_: S.Type, from: S?, to: S, _ what: String) throws {
        guard S.allowed(from: from, to: to) else {
            throw CashApplicationError("\(what) cannot go from \(from?.rawValue ?? "nothing") to \(to.rawValue); allowed: \(S.transitions[from ?? S.initial].map { $0.map(\.rawValue).sorted().joined(separator: ", ") } ?? "none")")
        }
    }
}

/// Reads one fetched row by position, saying which table, column and value when a stored value
/// is not what the schema promises (a database edited by hand).
struct RecordRow {
    let values: [SQLValue]
    let table: String
    init(_ values: [SQLValue], table: String) {
        self.values = values
        self.table = table
    }

    func error(_ index: Int, _ what: String) -> DatabaseError {
        DatabaseError("\(table) holds a row whose value \(index + 1) (\(values[index].canonical ?? "NULL")) is \(what): \(values)")
    }

    func text(_ index: Int) throws -> String {
        guard case .text(let text) = values[index] else { throw error(index, "not text") }
        return text
    }

    func optionalText(_ index: Int) -> String? {
        if case .text(let text) = values[index] { return text }
        return nil
    }

    func int(_ index: Int) throws -> Int64 {
        guard case .int(let value) = values[index] else { throw error(index, "not an integer") }
        return value
    }

    func optionalInt(_ index: Int) -> Int64? {
        if case .int(let value) = values[index] { return value }
        return nil
    }

    func optionalDate(_ index: Int) throws -> CalendarDate? {
        guard let text = optionalText(index) else { return nil }
        guard let day = CalendarDate(iso: text) else { throw error(index, "not a YYYY-MM-DD date") }
        return day
    }

    func currency(_ index: Int) throws -> Currency {
        guard let currency = Currency(code: try text(index)) else { throw error(index, "not an ISO 4217 currency") }
        return currency
    }

    func status<S: RawRepresentable<String>>(_ index: Int, _: S.Type) throws -> S {
        guard let status = S(rawValue: try text(index)) else { throw error(index, "not a known status") }
        return status
    }
}
