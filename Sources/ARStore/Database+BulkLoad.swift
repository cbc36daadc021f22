/// Loading a large share of a table at once. Row by row, each inserted row pays for every
/// secondary index and every foreign key on its own: measured on 1,000,000 invoices, PostgreSQL's
/// COPY took 26 s, almost all of it in the two foreign keys' per-row triggers, and SQLite spent
/// 2.1 s of 15 s keeping its indexes. Dropping them and building them again after the load does
/// the same checks in one pass each: a sorted index build, one join per foreign key.
///
/// Everything happens in the caller's transaction, so a row that breaks a foreign key fails the
/// re-added constraint and rolls the whole load back, as it would have failed its own insert.
/// Dropping takes the table's exclusive lock until commit, which a load this size needs anyway.
extension Database {
    /// A load counts as bulk when it adds at least this many rows and more rows than the table
    /// holds: below that, keeping indexes row by row is cheaper than rebuilding them.
    static let bulkLoadMinimumRows = 100_000

    /// SQLite's page cache during a bulk load (KiB, as `PRAGMA cache_size` takes negative
    /// values): the million-invoice table and the index being built fit, so B-tree pages are
    /// not evicted and read back mid-load. The connection's usual size is restored after.
    static let bulkLoadSQLiteCacheKiB = 262_144
    static let usualSQLiteCacheKiB = 65_536
    /// Worker threads SQLite's sorter may use for the index builds: the machines this runs on
    /// have two cores or more.
    static let bulkLoadSQLiteSorterThreads = 2

    /// PostgreSQL's memory for building an index after a bulk load: the 64 MB default sorts a
    /// million-row, seven-column index on disk.
    static let bulkLoadIndexMemory = "256MB"

    /// Runs `load` with `table`'s secondary indexes (and, on PostgreSQL, its foreign keys)
    /// dropped when `bulk` is true, and builds them again after, inside the caller's transaction.
    func bulkLoading<T>(_ table: String, bulk: Bool, _ load: () async throws -> T) async throws -> T {
        guard bulk else { return try await load() }
        let indexes = try await secondaryIndexes(of: table)
        let foreignKeys = try await foreignKeys(of: table)
        for index in indexes { try await execute("DROP INDEX \(index.name)") }
        for key in foreignKeys { try await execute("ALTER TABLE \(table) DROP CONSTRAINT \(Self.quoted(key.name))") }
        switch engine {
        case .sqlite:
            // The index builds after the load may sort on a second thread.
            try await execute("PRAGMA cache_size = -\(Self.bulkLoadSQLiteCacheKiB)")
            try await execute("PRAGMA threads = \(Self.bulkLoadSQLiteSorterThreads)")
        case .postgres:
            try await execute("SET LOCAL maintenance_work_mem = '\(Self.bulkLoadIndexMemory)'")
        }
        let result: T
        do {
            result = try await load()
            for index in indexes { try await execute(index.definition) }
            for key in foreignKeys {
                try await execute("ALTER TABLE \(table) ADD CONSTRAINT \(Self.quoted(key.name)) \(key.definition)")
            }
        } catch {
            if engine == .sqlite { try? await restoreSQLiteSettings() }
            throw error
        }
        if engine == .sqlite { try await restoreSQLiteSettings() }
        return result
    }

    private func restoreSQLiteSettings() async throws {
        try await execute("PRAGMA cache_size = -\(Self.usualSQLiteCacheKiB)")
        try await execute("PRAGMA threads = 0")
    }

    /// An identifier read from the catalog, quoted for PostgreSQL.
    static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The table's foreign keys (name and definition), PostgreSQL only: SQLite cannot drop a
    /// foreign key without rebuilding the table, and checks it with an index lookup, not a trigger.
    func foreignKeys(of table: String) async throws -> [(name: String, definition: String)] {
        guard engine == .postgres else { return [] }
        let rows = try await fetch("""
            SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
            WHERE conrelid = CAST(? AS regclass) AND contype = 'f' ORDER BY conname
            """, [.text(table)])
        return rows.compactMap { row in
            guard case .text(let name) = row[0], case .text(let definition) = row[1] else { return nil }
            return (name, definition)
        }
    }
}
