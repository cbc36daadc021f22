import Logging
import PostgresKit
import SQLiteKit
import Synchronization

/// The bulk paths: statements with positional `?` parameters and rows of ``SQLValue``, run on
/// each driver's own API. sql-kit serves every other query; these exist because a million-row
/// import or aggregate pays per value for sql-kit's Codable binding and name-based decoding
/// (measured: 15.7 s against a 10 s budget for a 1,000,000-invoice import), and PostgreSQL's
/// COPY has no sql-kit form at all.
extension Database {
    /// Runs a statement written with `?` placeholders and returns its rows, each cell as an ``SQLValue``.
    /// Integers come back as `.int`, text as `.text`, booleans as `.bool` (PostgreSQL) or `.int` (SQLite).
    func fetch(_ query: String, _ binds: [SQLValue] = []) async throws -> [[SQLValue]] {
        try await gate.run { try await fetchOnConnection(query, binds) }
    }

    private func fetchOnConnection(_ query: String, _ binds: [SQLValue]) async throws -> [[SQLValue]] {
        if let sqlite = sqliteConnection {
            let collected = Mutex<[[SQLValue]]>([])
            try await sqlite.query(query, binds.map(\.sqliteData)) { row in
                let values = row.columns.map { SQLValue(sqlite: $0.data) }
                collected.withLock { $0.append(values) }
            }
            return collected.withLock { $0 }
        }
        guard let postgres = postgresConnection else { throw DatabaseError("the database is closed") }
        let rows = try await postgres.query(PostgresQuery(unsafeSQL: Self.numbered(query), binds: try binds.postgresBindings()), logger: logger)
        var result: [[SQLValue]] = []
        for try await row in rows {
            result.append(try row.map { try SQLValue(postgres: $0) })
        }
        return result
    }

    /// Runs a query and hands each row to `body` as it arrives, so that a million rows never sit
    /// in memory twice (as values and as what is built from them).
    func forEachRow(_ query: String, _ binds: [SQLValue] = [], _ body: @escaping @Sendable ([SQLValue]) -> Void) async throws {
        try await gate.run { try await forEachRowOnConnection(query, binds, body) }
    }

    private func forEachRowOnConnection(_ query: String, _ binds: [SQLValue], _ body: @escaping @Sendable ([SQLValue]) -> Void) async throws {
        if let sqlite = sqliteConnection {
            try await sqlite.query(query, binds.map(\.sqliteData)) { row in body(row.columns.map { SQLValue(sqlite: $0.data) }) }
            return
        }
        guard let postgres = postgresConnection else { throw DatabaseError("the database is closed") }
        let rows = try await postgres.query(PostgresQuery(unsafeSQL: Self.numbered(query), binds: try binds.postgresBindings()), logger: logger)
        for try await row in rows { body(try row.map { try SQLValue(postgres: $0) }) }
    }

    /// Runs a statement written with `?` placeholders for its effect.
    func execute(_ query: String, _ binds: [SQLValue] = []) async throws {
        try await gate.run { try await executeOnConnection(query, binds) }
    }

    private func executeOnConnection(_ query: String, _ binds: [SQLValue]) async throws {
        if let sqlite = sqliteConnection {
            _ = try await sqlite.query(query, binds.map(\.sqliteData))
            return
        }
        guard let postgres = postgresConnection else { throw DatabaseError("the database is closed") }
        try await postgres.query(PostgresQuery(unsafeSQL: Self.numbered(query), binds: try binds.postgresBindings()), logger: logger)
    }

    /// Inserts `count` rows, produced one at a time by `row`, as fast as the engine allows:
    /// PostgreSQL's COPY; multi-row INSERTs in SQLite (up to 32,766 parameters a statement). Rows
    /// are produced as they are written, so a million-row import never holds them all at once.
    /// Runs inside the caller's transaction.
    func insertRows(into table: String, columns: [String], count: Int, row: (Int) -> [SQLValue]) async throws {
        guard count > 0 else { return }
        try await gate.run { try await insertRowsOnConnection(into: table, columns: columns, count: count, row: row) }
    }

    private func insertRowsOnConnection(into table: String, columns: [String], count: Int, row: (Int) -> [SQLValue]) async throws {
        if let postgres = postgresConnection {
            try await postgres.copyFrom(table: table, columns: columns, logger: logger) { writer in
                var buffer = ByteBuffer()
                buffer.reserveCapacity(1 << 20)
                for index in 0..<count {
                    for (column, value) in row(index).enumerated() {
                        if column > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
                        value.writeCopyText(into: &buffer)
                    }
                    buffer.writeInteger(UInt8(ascii: "\n"))
                    if buffer.readableBytes > 1 << 20 {
                        try await writer.write(buffer)
                        buffer.clear()
                    }
                }
                if buffer.readableBytes > 0 { try await writer.write(buffer) }
            }
            return
        }
        try await upsertRows(into: table, columns: columns, count: count, key: nil, row: row)
    }

    func insertRows(into table: String, columns: [String], rows: [[SQLValue]]) async throws {
        try await insertRows(into: table, columns: columns, count: rows.count) { rows[$0] }
    }

    /// Multi-row `INSERT`, or with `key` an insert that replaces the existing row with that key
    /// (only the `updating` columns, when given: the rest of a stored row stays as it is).
    func upsertRows(into table: String, columns: [String], count: Int, key: String?, updating: [String]? = nil,
                    row: (Int) -> [SQLValue]) async throws {
        guard count > 0 else { return }
        try await gate.run { try await upsertRowsOnConnection(into: table, columns: columns, count: count, key: key, updating: updating, row: row) }
    }

    private func upsertRowsOnConnection(into table: String, columns: [String], count: Int, key: String?, updating: [String]?,
                                        row: (Int) -> [SQLValue]) async throws {
        let limit = engine == .sqlite ? 32_766 : 65_535
        let perStatement = max(1, limit / columns.count)
        let placeholders = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        var conflict = ""
        if let key {
            let updates = (updating ?? columns).filter { $0 != key }.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
            conflict = " ON CONFLICT (\(key)) DO UPDATE SET \(updates)"
        }
        func statement(rows: Int) -> String {
            "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
                + Array(repeating: placeholders, count: rows).joined(separator: ", ") + conflict
        }
        // Built once for a batch that fills statements; a few rows (an audit entry, a link) never
        // pay for a statement of thousands of placeholders they do not use.
        let fullStatement = count >= perStatement ? statement(rows: perStatement) : ""
        if let sqlite = sqliteConnection {
            // The next statement's values are built while SQLite runs this one (on its own
            // thread), so on two cores the conversion overlaps the insert instead of adding to it.
            func binds(_ range: Range<Int>) -> [SQLiteData] {
                var binds: [SQLiteData] = []
                binds.reserveCapacity(range.count * columns.count)
                for index in range { for value in row(index) { binds.append(value.sqliteData) } }
                return binds
            }
            var range = 0..<min(perStatement, count)
            var current = binds(range)
            while true {
                let sql = range.count == perStatement ? fullStatement : statement(rows: range.count)
                let values = current
                async let inserted = sqlite.query(sql, values)
                let next = range.upperBound..<min(range.upperBound + perStatement, count)
                let nextBinds = next.isEmpty ? [] : binds(next)
                _ = try await inserted
                guard !next.isEmpty else { return }
                range = next
                current = nextBinds
            }
        }
        var start = 0
        while start < count {
            let end = min(start + perStatement, count)
            let sql = end - start == perStatement ? fullStatement : statement(rows: end - start)
            var binds: [SQLValue] = []
            binds.reserveCapacity((end - start) * columns.count)
            for index in start..<end { binds.append(contentsOf: row(index)) }
            try await execute(sql, binds)
            start = end
        }
    }

    /// The table's secondary indexes (name and the statement that creates it), for dropping
    /// them before a bulk load and building them again after: one sorted build is several times
    /// faster than a million random inserts into the index.
    func secondaryIndexes(of table: String) async throws -> [(name: String, definition: String)] {
        let rows: [[SQLValue]]
        switch engine {
        case .sqlite:
            rows = try await fetch("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", [.text(table)])
        case .postgres:
            rows = try await fetch("""
                SELECT i.indexname, i.indexdef FROM pg_indexes i
                WHERE i.tablename = ? AND i.schemaname = current_schema()
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
                """, [.text(table)])
        }
        return rows.compactMap { row in
            guard case .text(let name) = row[0], case .text(let definition) = row[1] else { return nil }
            return (name, definition)
        }
    }

    /// Runs a large aggregate with memory to group in: PostgreSQL's default 4 MB `work_mem`
    /// makes grouping a million invoices by customer sort on disk (measured 1.5 s against 0.65 s
    /// with 64 MB). Set for this one transaction only.
    func withAggregationMemory<T: Sendable>(_ body: @Sendable (Database) async throws -> T) async throws -> T {
        guard engine == .postgres else { return try await body(self) }
        return try await transaction { _ in
            try await self.execute("SET LOCAL work_mem = '64MB'")
            return try await body(self)
        }
    }

    /// Refreshes the planner's statistics after a bulk load, so that the next reports pick
    /// good plans straight away instead of waiting for autovacuum (PostgreSQL) or never
    /// (SQLite, whose `PRAGMA optimize` analyzes only what needs it).
    func refreshStatistics(of table: String) async throws {
        switch engine {
        case .postgres: try await execute("ANALYZE \(table)")
        case .sqlite: try await execute("PRAGMA optimize")
        }
    }

    /// Runs `body` inside a savepoint of the caller's transaction: what `body` writes stays if it
    /// returns and is undone (and only that) if it throws, so one step of a larger transaction is
    /// all-or-nothing on its own. SQLite and PostgreSQL both speak SAVEPOINT / RELEASE /
    /// ROLLBACK TO; on PostgreSQL the rollback also clears a failed statement's aborted state.
    func savepoint<T>(_ body: () async throws -> T) async throws -> T {
        try await execute("SAVEPOINT \(Self.savepointName)")
        let result: T
        do {
            result = try await body()
        } catch {
            do {
                try await execute("ROLLBACK TO SAVEPOINT \(Self.savepointName)")
                try await execute("RELEASE SAVEPOINT \(Self.savepointName)")
            } catch let rollback {
                throw DatabaseError("undoing a failed step (\(error)) failed too: \(String(reflecting: rollback)); the whole transaction is rolled back")
            }
            throw error
        }
        try await execute("RELEASE SAVEPOINT \(Self.savepointName)")
        return result
    }

    /// One name for every savepoint: nested ones stack, and each RELEASE or ROLLBACK TO names the innermost.
    private static let savepointName = "aragent_step"

    /// Locks the rows of `table` whose `key` is among `values` for the rest of the transaction,
    /// in one order (integers ascending, text by its bytes): every writer that locks before it
    /// updates, in the order bank lines then invoices, waits for the others instead of
    /// deadlocking with them. `FOR NO KEY UPDATE` is the lock an UPDATE takes anyway, so
    /// inserts that merely reference the rows (allocations, suggestions) are not blocked.
    /// SQLite needs none: `BEGIN IMMEDIATE` holds the database's one write lock already.
    func lockRows(of table: String, key: String, ids: some Collection<Int64>) async throws {
        try await lockRows(of: table, key: key, sorted: Set(ids).sorted().map { .int($0) }, collation: "")
    }

    func lockRows(of table: String, key: String, texts: some Collection<String>) async throws {
        try await lockRows(of: table, key: key, sorted: Set(texts).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { .text($0) },
                           collation: " COLLATE \"C\"")
    }

    private func lockRows(of table: String, key: String, sorted values: [SQLValue], collation: String) async throws {
        guard engine == .postgres, !values.isEmpty else { return }
        for chunk in values.chunked(900) {
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
            _ = try await fetch("SELECT \(key) FROM \(table) WHERE \(key) IN (\(marks)) ORDER BY \(key)\(collation) FOR NO KEY UPDATE", Array(chunk))
        }
    }

    /// `?` placeholders numbered `$1, $2, …` for PostgreSQL. Our statements hold no `?` in literals.
    static func numbered(_ query: String) -> String {
        var result = ""
        result.reserveCapacity(query.utf8.count + 64)
        var number = 0
        for character in query {
            if character == "?" {
                number += 1
                result += "$\(number)"
            } else {
                result.append(character)
            }
        }
        return result
    }
}

extension SQLValue {
    var sqliteData: SQLiteData {
        switch self {
        case .text(let text): .text(text)
        case .int(let number): .integer(Int(number))
        case .bool(let flag): .integer(flag ? 1 : 0)
        case .null: .null
        }
    }

    init(sqlite data: SQLiteData) {
        switch data {
        case .integer(let number): self = .int(Int64(number))
        case .text(let text): self = .text(text)
        case .float(let number): self = .text(String(number))
        case .blob(let buffer): self = .text(String(buffer: buffer))
        case .null: self = .null
        }
    }

    init(postgres cell: PostgresCell) throws {
        guard cell.bytes != nil else { self = .null; return }
        switch cell.dataType {
        case .int2, .int4, .int8: self = .int(try cell.decode(Int64.self))
        case .bool: self = .bool(try cell.decode(Bool.self))
        default: self = .text(try cell.decode(String.self))
        }
    }

    /// The value in COPY's text format: `\N` for null, backslash escapes for the separators.
    func writeCopyText(into buffer: inout ByteBuffer) {
        switch self {
        case .null: buffer.writeStaticString("\\N")
        case .int(let number): buffer.writeString(String(number))
        case .bool(let flag): buffer.writeStaticString(flag ? "t" : "f")
        case .text(let text):
            var copy = text
            copy.withUTF8 { bytes in
                for byte in bytes {
                    switch byte {
                    case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
                    case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
                    case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
                    case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
                    default: buffer.writeInteger(byte)
                    }
                }
            }
        }
    }
}

extension [SQLValue] {
    func postgresBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: count)
        for value in self {
            switch value {
            case .text(let text): bindings.append(text)
            case .int(let number): bindings.append(number)
            case .bool(let flag): bindings.append(flag)
            case .null: bindings.appendNull()
            }
        }
        return bindings
    }
}
