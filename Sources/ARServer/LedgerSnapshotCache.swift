import ARAgent
import ARCore

/// Figures computed from the whole ledger (the dashboard, the worklist), kept until the ledger
/// changes. Every change to the ledger writes an audit entry in its own transaction, so the
/// audit log's mark (``WorkbenchQueries/changeMark()``) says exactly whether anything changed
/// since: a page reads the mark, and recomputes over a million invoices only when it moved. Requests
/// that arrive while a figure is being computed wait for that one computation.
actor LedgerSnapshotCache<Value: Sendable> {
    private struct Key: Hashable {
        var day: CalendarDate
        var mark: String
    }

    private var current: (key: Key, value: Value)?
    private var inFlight: (key: Key, task: Task<Value, any Error>)?

    func value(day: CalendarDate, mark: String, compute: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let key = Key(day: day, mark: mark)
        if let current, current.key == key { return current.value }
        if let inFlight, inFlight.key == key { return try await inFlight.task.value }
        let task = Task { try await compute() }
        inFlight = (key, task)
        do {
            let value = try await task.value
            current = (key, value)
            if inFlight?.key == key { inFlight = nil }
            return value
        } catch {
            if inFlight?.key == key { inFlight = nil }
            throw error
        }
    }
}

/// The server's caches, one per figure.
final class WorkbenchCaches: Sendable {
    let dashboard = LedgerSnapshotCache<Dashboard>()
    let worklist = LedgerSnapshotCache<[WorklistEntry]>()
}
