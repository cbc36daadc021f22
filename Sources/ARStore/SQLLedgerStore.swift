import ARAgent
import Foundation
import ARCore
import SQLKit

/// The ledger in SQL: the ``LedgerStore`` adapter over SQLite or PostgreSQL.
public struct SQLLedgerStore: LedgerStore {
    public let database: Database

    public init(database: Database) { self.database = database }

    var sql: any SQLDatabase { database.sql }

    // MARK: Imports

    public func existingCustomerIDs(among ids: Set<CustomerID>) async throws -> Set<CustomerID> {
        let found = try await existingHashes(spec: .customers, keys: ids.map(\.rawValue))
        return Set(found.keys.map { CustomerID($0) })
    }

    public func store(_ batch: ImportBatch) async throws -> ImportOutcome {
        let spec: TableSpec
        let count: Int
        let row: @Sendable (Int) -> [SQLValue]
        switch batch.records {
        case .customers(let customers): spec = .customers; count = customers.count; row = { TableSpec.row(customers[$0]) }
        case .invoices(let invoices, _): spec = .invoices; count = invoices.count; row = { TableSpec.row(invoices[$0]) }
        case .history(let receipts): spec = .receipts; count = receipts.count; row = { TableSpec.row(receipts[$0]) }
        }
        let placeholders = batch.placeholderCustomers.map { TableSpec.row($0, placeholder: true) }
        let source = batch.source, fingerprint = batch.sourceFingerprint, actor = batch.actor, kind = batch.kind.rawValue
        let database = self.database
        let outcome = try await database.transaction { sql in
            let (keys, hashes) = await Self.keysAndHashes(count: count, row: row)
            let existing = try await existingHashes(spec: spec, keys: keys)
            var fresh: [Int] = [], suspects: [Int] = []
            for index in 0..<count {
                switch existing[keys[index]] {
                case nil: fresh.append(index)
                case let stored? where stored != hashes[index]: suspects.append(index)
                default: break
                }
            }
            // A differing hash only says "look": compare the stored values, so that nothing is
            // called changed (and audited) unless a value really changed.
            let before = try await currentRows(in: sql, spec: spec, keys: suspects.map { keys[$0] })
            let changed = suspects.filter { before[keys[$0]] != row($0) }
            // Placeholders only for customers still missing now, inside the transaction.
            let knownCustomers = try await existingHashes(spec: .customers, keys: placeholders.map { $0[0].canonical ?? "" })
            let newPlaceholders = placeholders.filter { knownCustomers[$0[0].canonical ?? ""] == nil }
            var outcome = ImportOutcome(inserted: fresh.count, updated: changed.count,
                                        unchanged: count - fresh.count - changed.count,
                                        createdCustomers: newPlaceholders.map { CustomerID($0[0].canonical ?? "") })
            guard outcome.changedAnything else { return outcome }

            let now = Timestamp.now()
            let importID = try await sql.raw("""
                INSERT INTO import_batches (kind, source, fingerprint, actor, imported_at, records, inserted, updated, unchanged, created_customers)
                VALUES (\(bind: kind), \(bind: source), \(bind: fingerprint), \(bind: actor), \(bind: now), \(bind: count),
                        \(bind: outcome.inserted), \(bind: outcome.updated), \(bind: outcome.unchanged), \(bind: outcome.createdCustomers.count))
                RETURNING id
                """).first(decoding: ImportID.self)?.id
            outcome.importID = importID
            var audit = AuditWriter(now: now, actor: actor, importID: importID)
            audit.add(.importBatch, String(importID ?? 0), "imported",
                      "\(kind) from \(source) (fingerprint \(fingerprint)): \(outcome.inserted) new, \(outcome.updated) updated, \(outcome.unchanged) unchanged, \(outcome.createdCustomers.count) customers created")

            let stamp: [SQLValue] = [.optional(importID)]
            let allColumns = { (spec: TableSpec) in spec.columns + ["content_hash", "import_id"] }
            let invoiceColumns = TableSpec.invoices.columns + TableSpec.invoiceDerivedColumns + ["content_hash", "import_id"]
            if !newPlaceholders.isEmpty {
                try await database.insertRows(into: TableSpec.customers.table, columns: allColumns(.customers),
                                              rows: newPlaceholders.map { $0 + [.int(RowHash.of($0))] + stamp })
                for values in newPlaceholders {
                    audit.add(.customer, values[0].canonical ?? "", "created",
                              "placeholder named '\(values[1].canonical ?? "")' for invoices in \(source); import the customer's details to complete it")
                }
            }
            if !changed.isEmpty {
                for index in changed {
                    let diff = zip(spec.columns, zip(before[keys[index]] ?? [], row(index))).compactMap { column, pair -> String? in
                        pair.0 == pair.1 ? nil : "\(column): \(pair.0.canonical ?? "(empty)") → \(pair.1.canonical ?? "(empty)")"
                    }
                    audit.add(spec.entity, keys[index], "updated", diff.joined(separator: "; "))
                }
                if spec.entity == .invoice {
                    // Only the ERP's facts are replaced; ARAgent's derived state is recomputed below.
                    try await database.upsertRows(into: spec.table, columns: invoiceColumns, count: changed.count, key: spec.key,
                                                  updating: spec.columns + ["content_hash", "import_id"]) {
                        let facts = row(changed[$0])
                        return facts + TableSpec.derivedValues(ofNew: facts) + [.int(hashes[changed[$0]])] + stamp
                    }
                } else {
                    try await database.upsertRows(into: spec.table, columns: allColumns(spec), count: changed.count, key: spec.key) {
                        row(changed[$0]) + [.int(hashes[changed[$0]])] + stamp
                    }
                }
            }
            // A load that more than doubles a large table builds its indexes and checks its
            // foreign keys once, after (see Database.bulkLoading).
            let bulk = fresh.count >= Database.bulkLoadMinimumRows && fresh.count > existing.count
            try await database.bulkLoading(spec.table, bulk: bulk) {
                if spec.entity == .invoice {
                    try await database.insertRows(into: spec.table, columns: invoiceColumns, count: fresh.count) {
                        let facts = row(fresh[$0])
                        return facts + TableSpec.derivedValues(ofNew: facts) + [.int(hashes[fresh[$0]])] + stamp
                    }
                } else {
                    try await database.insertRows(into: spec.table, columns: allColumns(spec), count: fresh.count) {
                        row(fresh[$0]) + [.int(hashes[fresh[$0]])] + stamp
                    }
                }
            }
            // The ERP's facts meet ARAgent's records: disputes it flags or clears, payments it now
            // reflects, and the derived state of every invoice whose facts changed.
            switch spec.entity {
            case .invoice:
                try await ERPSync(database: database, source: source, importID: importID).invoicesStored(
                    freshDisputed: fresh.lazy.map { row($0) }.filter { $0[9] == .bool(true) }, changed: changed.map { (before: before[keys[$0]] ?? [], after: row($0)) }, audit: &audit)
            case .payment:
                try await ERPSync(database: database, source: source, importID: importID).receiptsStored(
                    (fresh + changed).map { row($0) }, audit: &audit)
            default: break
            }
            try await audit.write(to: database)
            return outcome
        }
        if outcome.inserted + outcome.updated >= 10_000 { try await database.refreshStatistics(of: spec.table) }
        return outcome
    }

    private struct ImportID: Decodable { let id: Int64 }

    /// Rows at least this many are keyed and hashed in parallel slices.
    static let parallelHashingMinimumRows = 50_000

    /// Each row's key and content hash, in row order; a large file's rows are taken in one
    /// slice per core, since building and hashing a million rows is a second of work.
    static func keysAndHashes(count: Int, row: @escaping @Sendable (Int) -> [SQLValue]) async -> (keys: [String], hashes: [Int64]) {
        let slice: @Sendable (Range<Int>) -> (keys: [String], hashes: [Int64]) = { range in
            var keys: [String] = [], hashes: [Int64] = []
            keys.reserveCapacity(range.count)
            hashes.reserveCapacity(range.count)
            for index in range {
                let values = row(index)
                keys.append(values[0].canonical ?? "")
                hashes.append(RowHash.of(values))
            }
            return (keys, hashes)
        }
        let slices = count >= parallelHashingMinimumRows ? max(1, min(4, ProcessInfo.processInfo.activeProcessorCount)) : 1
        guard slices > 1 else { return slice(0..<count) }
        let size = (count + slices - 1) / slices
        let parts = await withTaskGroup(of: (Int, [String], [Int64]).self) { group in
            for part in 0..<slices {
                group.addTask {
                    let (keys, hashes) = slice(part * size..<min(count, (part + 1) * size))
                    return (part, keys, hashes)
                }
            }
            var parts: [(Int, [String], [Int64])] = []
            for await part in group { parts.append(part) }
            return parts.sorted { $0.0 < $1.0 }
        }
        return (parts.flatMap(\.1), parts.flatMap(\.2))
    }

    /// The stored content hash of each existing key among `keys`.
    func existingHashes(spec: TableSpec, keys: [String]) async throws -> [String: Int64] {
        guard !keys.isEmpty else { return [:] }
        var result: [String: Int64] = [:]
        func collect(_ rows: [[SQLValue]]) {
            for row in rows {
                if case .text(let key) = row[0], case .int(let hash) = row[1] { result[key] = hash }
            }
        }
        if keys.count > 20_000 {
            // A large import: one scan of the table beats thousands of lookups.
            result.reserveCapacity(keys.count)
            collect(try await database.fetch("SELECT \(spec.key), content_hash FROM \(spec.table)"))
            return result
        }
        for chunk in keys.chunked(900) {
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
            collect(try await database.fetch("SELECT \(spec.key), content_hash FROM \(spec.table) WHERE \(spec.key) IN (\(marks))",
                                             chunk.map { .text($0) }))
        }
        return result
    }

    /// The stored values (in `spec.columns` order) of the rows with these keys, for audit diffs.
    func currentRows(in sql: any SQLDatabase, spec: TableSpec, keys: [String]) async throws -> [String: [SQLValue]] {
        var result: [String: [SQLValue]] = [:]
        for chunk in keys.chunked(900) {
            let select = sql.select().column("*").from(spec.table).where(SQLColumn(spec.key), .in, SQLBind.group(Array(chunk)))
            for row in try await select.all() {
                let values = try spec.storedRow(row)
                result[values[0].canonical ?? ""] = values
            }
        }
        return result
    }

    // MARK: Reading the ledger

    public func customers() async throws -> [Customer] {
        try await sql.raw("SELECT * FROM customers ORDER BY customer_id").all().map(RowDecoding.customer)
    }

    public func invoices() async throws -> [Invoice] {
        try await sql.raw("SELECT * FROM invoices ORDER BY invoice_number").all().map(RowDecoding.invoice)
    }

    public func historicalReceipts() async throws -> [HistoricalReceipt] {
        try await sql.raw("SELECT * FROM historical_receipts ORDER BY transaction_id").all().map(RowDecoding.receipt)
    }

    public func auditLog(limit: Int) async throws -> [AuditEntry] {
        try await sql.raw("SELECT * FROM audit_log ORDER BY id DESC LIMIT \(bind: limit)").all().map { row in
            let entityName = try row.decode(column: "entity", as: String.self)
            guard let entity = AuditEvent.Entity(rawValue: entityName) else {
                throw DatabaseError("audit_log holds an unknown entity '\(entityName)'")
            }
            return AuditEntry(
                id: try row.decode(column: "id", as: Int64.self),
                occurredAt: try row.decode(column: "occurred_at", as: String.self),
                event: AuditEvent(entity: entity, entityID: try row.decode(column: "entity_id", as: String.self),
                                  action: try row.decode(column: "action", as: String.self),
                                  actor: try row.decode(column: "actor", as: String.self),
                                  details: try row.decode(column: "details", as: String.self)))
        }
    }
}

/// Collects audit entries during a transaction and writes them in one go before it commits.
struct AuditWriter {
    let now: String
    let actor: String
    let importID: Int64?
    private(set) var rows: [[SQLValue]] = []

    init(now: String, actor: String, importID: Int64?) {
        self.now = now
        self.actor = actor
        self.importID = importID
    }

    mutating func add(_ entity: AuditEvent.Entity, _ entityID: String, _ action: String, _ details: String) {
        rows.append([.text(now), .text(actor), .text(entity.rawValue), .text(entityID), .text(action), .text(details), .optional(importID)])
    }

    func write(to database: Database) async throws {
        try await database.insertRows(
            into: "audit_log", columns: ["occurred_at", "actor", "entity", "entity_id", "action", "details", "import_id"], rows: rows)
    }
}

extension Array {
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
