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

    /// Runs a statement written with `?` placeholders for its effect.
    func execute(_ query: String, _ binds: [SQLValue] = []) async throws {
        if let sqlite = sqliteConnection {
            _ = try await sqlite.query(query, binds.map(\.sqliteData))
            return
        }
        guard let postgres = postgresConnection else { throw DatabaseError("the database is closed") }
        try await postgres.query(PostgresQuery(unsafeSQL: Self.numbered(query), binds: try binds.postgresBindings()), logger: logger)
    }

    /// Inserts rows into a table as fast as the engine allows: PostgreSQL's COPY; multi-row
    /// INSERTs in SQLite (one statement per 32,766 parameters). Runs inside the caller's transaction.
    func insertRows(into table: String, columns: [String], rows: [[SQLValue]]) async throws {
        guard !rows.isEmpty else { return }
        if let postgres = postgresConnection {
            try await postgres.copyFrom(table: table, columns: columns, logger: logger) { writer in
                var buffer = ByteBuffer()
                buffer.reserveCapacity(1 << 20)
                for row in rows {
                    for (index, value) in row.enumerated() {
                        if index > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
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
        try await upsertRows(into: table, columns: columns, rows: rows, key: nil)
    }

    /// Multi-row `INSERT`, or with `key` an insert that replaces the existing row with that key.
    func upsertRows(into table: String, columns: [String], rows: [[SQLValue]], key: String?) async throws {
        let limit = engine == .sqlite ? 32_766 : 65_535
        let perStatement = max(1, limit / columns.count)
        let placeholders = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        var conflict = ""
        if let key {
            let updates = columns.filter { $0 != key }.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
            conflict = " ON CONFLICT (\(key)) DO UPDATE SET \(updates)"
        }
        var start = 0
        while start < rows.count {
            let end = min(start + perStatement, rows.count)
            let statement = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
                + Array(repeating: placeholders, count: end - start).joined(separator: ", ") + conflict
            var binds: [SQLValue] = []
            binds.reserveCapacity((end - start) * columns.count)
            for row in rows[start..<end] { binds.append(contentsOf: row) }
            try await execute(statement, binds)
            start = end
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
