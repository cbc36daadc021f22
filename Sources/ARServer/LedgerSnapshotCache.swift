import ARAgent
import ARCore
import Foundation
import Synchronization

/// Figures computed from the whole ledger (the dashboard, the worklist), kept until the ledger
/// changes. Every change to the ledger writes an audit entry in its own transaction, so the
/// audit log's mark (``WorkbenchQueries/changeMark()``) says exactly whether anything changed
/// since: a page reads the mark, and recomputes only when it moved.
///
/// On a ledger of a million invoices the dashboard's twelve months of metrics take many seconds
/// to compute, and every approval moves the mark. So a page waits for the new figures at most
/// its budget; past that it shows the figures it has, saying when they are from, while
/// the new ones are computed (once, however many requests ask).
actor LedgerSnapshotCache<Value: Sendable> {
    private struct Key: Hashable {
        var day: CalendarDate
        var mark: String
    }

    /// A figure and the moment it was computed.
    struct Snapshot: Sendable {
        var value: Value
        var computedAt: Date
        /// False when newer figures are being computed and these were shown meanwhile.
        var isCurrent: Bool
    }

    /// How long a page waits for new figures before it shows the ones it has (``ServerServices/freshnessBudget``).
    let budget: Duration

    init(budget: Duration = .milliseconds(800)) { self.budget = budget }

    private var current: (key: Key, value: Value, at: Date)?
    private var inFlight: (key: Key, task: Task<(Value, Date), any Error>)?

    func value(day: CalendarDate, mark: String, compute: @escaping @Sendable () async throws -> Value) async throws -> Value {
        try await snapshot(day: day, mark: mark, compute: compute).value
    }

    func snapshot(day: CalendarDate, mark: String, compute: @escaping @Sendable () async throws -> Value) async throws -> Snapshot {
        let key = Key(day: day, mark: mark)
        if let current, current.key == key { return Snapshot(value: current.value, computedAt: current.at, isCurrent: true) }
        // One computation at a time: while one runs (for this mark or an earlier one), no other
        // starts, so a ledger that changes every few seconds never has several running at once.
        let running: (key: Key, task: Task<(Value, Date), any Error>)
        if let inFlight {
            running = inFlight
        } else {
            let task = Task { (try await compute(), Date()) }
            running = (key, task)
            inFlight = running
            // Stored when done, whether anyone still waits for it or not.
            Task { await self.finish(key, task) }
        }
        // Figures of another day are never shown for today's: wait for them in full.
        guard let stale = current, stale.key.day == day else {
            let (value, at) = try await running.task.value
            return Snapshot(value: value, computedAt: at, isCurrent: running.key == key)
        }
        let task = running.task
        // Whichever comes first: the figures, or the end of the budget. (A task group would wait
        // for the computation anyway: awaiting a task's value cannot be cancelled.)
        let fresh: (Value, Date)? = await withCheckedContinuation { continuation in
            let once = Once()
            Task {
                let result = try? await task.value
                if once.claim() { continuation.resume(returning: result) }
            }
            Task {
                try? await Task.sleep(for: budget)
                if once.claim() { continuation.resume(returning: nil) }
            }
        }
        if let (value, at) = fresh { return Snapshot(value: value, computedAt: at, isCurrent: running.key == key) }
        return Snapshot(value: stale.value, computedAt: stale.at, isCurrent: false)
    }

    private func finish(_ key: Key, _ task: Task<(Value, Date), any Error>) async {
        if let (value, at) = try? await task.value {
            if current.map({ $0.at <= at }) ?? true { current = (key, value, at) }
        }
        if inFlight?.key == key { inFlight = nil }
    }
}

/// True for the first caller only.
final class Once: Sendable {
    private let claimed = Mutex(false)
    func claim() -> Bool { claimed.withLock { was in defer { was = true }; return !was } }
}

/// The server's caches, one per figure.
final class WorkbenchCaches: Sendable {
    let dashboard: LedgerSnapshotCache<Dashboard>
    let worklist: LedgerSnapshotCache<[WorklistEntry]>

    init(budget: Duration) {
        dashboard = LedgerSnapshotCache(budget: budget)
        worklist = LedgerSnapshotCache(budget: budget)
    }
}

extension ServerServices {
    /// Today's dashboard figures, from the cache (see ``LedgerSnapshotCache``).
    func dashboardSnapshot(_ today: CalendarDate) async throws -> LedgerSnapshotCache<Dashboard>.Snapshot {
        let ledger = self.ledger
        return try await caches.dashboard.snapshot(day: today, mark: try await ledger.changeMark()) {
            try await WorkbenchService(store: ledger).dashboard(asOf: today)
        }
    }

    /// Today's worklist, from the cache.
    func worklistSnapshot(_ today: CalendarDate) async throws -> LedgerSnapshotCache<[WorklistEntry]>.Snapshot {
        let ledger = self.ledger
        return try await caches.worklist.snapshot(day: today, mark: try await ledger.changeMark()) {
            try await WorkbenchService(store: ledger).worklist(asOf: today)
        }
    }
}
