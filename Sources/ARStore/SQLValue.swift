import SQLKit

/// A value bound into a row write. Kept to the four kinds the schema uses so that rows can be
/// hashed and compared (to find what an import changes) before anything is written.
enum SQLValue: Sendable, Equatable {
    case text(String)
    case int(Int64)
    case bool(Bool)
    case null

    /// A canonical text form, for content hashes and audit diffs.
    var canonical: String? {
        switch self {
        case .text(let value): value
        case .int(let value): String(value)
        case .bool(let value): value ? "true" : "false"
        case .null: nil
        }
    }

    static func optional(_ value: String?) -> SQLValue { value.map(SQLValue.text) ?? .null }
    static func optional(_ value: Int64?) -> SQLValue { value.map(SQLValue.int) ?? .null }
}

/// `(?, ?, …), (?, ?, …)`: the VALUES list of a multi-row insert, each value a bound parameter.
struct RowValues: SQLExpression {
    let rows: ArraySlice<[SQLValue]>

    func serialize(to serializer: inout SQLSerializer) {
        var firstRow = true
        for row in rows {
            serializer.write(firstRow ? "(" : ", (")
            firstRow = false
            var firstValue = true
            for value in row {
                if !firstValue { serializer.write(", ") }
                firstValue = false
                switch value {
                case .text(let text): serializer.write(bind: text)
                case .int(let number): serializer.write(bind: number)
                case .bool(let flag): serializer.write(bind: flag)
                case .null: serializer.write("NULL")
                }
            }
            serializer.write(")")
        }
    }
}

/// Writes many rows with multi-row statements, sized to stay under both engines' limits on
/// bound parameters (SQLite 32,766; PostgreSQL 65,535).
struct BulkWriter {
    let sql: any SQLDatabase

    /// `INSERT … VALUES …`, or with `upsertKey` an insert that updates the existing row with that key.
    func insert(into table: String, columns: [String], rows: [[SQLValue]], upsertKey: String? = nil) async throws {
        guard !rows.isEmpty else { return }
        let perStatement = max(1, 30_000 / columns.count)
        let columnList = columns.joined(separator: ", ")
        var conflict = ""
        if let upsertKey {
            let updates = columns.filter { $0 != upsertKey }.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
            conflict = " ON CONFLICT (\(upsertKey)) DO UPDATE SET \(updates)"
        }
        var start = 0
        while start < rows.count {
            let end = min(start + perStatement, rows.count)
            let query = SQLQueryString("INSERT INTO \(unsafeRaw: table) (\(unsafeRaw: columnList)) VALUES ")
                + SQLQueryString("\(RowValues(rows: rows[start..<end]))") + SQLQueryString("\(unsafeRaw: conflict)")
            try await sql.raw(query).run()
            start = end
        }
    }
}
