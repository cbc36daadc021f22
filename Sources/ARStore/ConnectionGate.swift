import Logging
import NIOCore
import SQLKit
import Synchronization

/// Turns on the one connection: a transaction holds it from `BEGIN` to `COMMIT`, and a statement
/// from outside the transaction waits until it ends.
///
/// Why: the server answers many requests at once over the ledger's one connection. Without the
/// gate, a page's read that arrives while an approval's transaction is open runs *inside* that
/// transaction: it sees rows that may yet be rolled back, and a write outside any transaction
/// would be rolled back with it. Statements of the holding transaction (and of the child tasks
/// it starts, such as an import's parallel inserts) pass straight through: the holder is known
/// by a task-local value, which child tasks inherit.
final class ConnectionGate: Sendable {
    private struct State {
        var busy = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// The gates the current task (or a parent) holds.
    @TaskLocal static var held: Set<ObjectIdentifier> = []

    var isHeldByCurrentTask: Bool { Self.held.contains(ObjectIdentifier(self)) }

    /// How many statements or transactions wait for the gate (for tests that start a read while a
    /// transaction is open and must know it is waiting before they let the transaction end).
    var waiting: Int { state.withLock { $0.waiters.count } }

    /// Runs `body` holding the gate, first in first served; re-entrant for the holder.
    func run<T>(_ body: () async throws -> T) async throws -> T {
        if isHeldByCurrentTask { return try await body() }
        await acquire()
        defer { release() }
        return try await Self.$held.withValue(Self.held.union([ObjectIdentifier(self)])) { try await body() }
    }

    private func acquire() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = state.withLock { state -> Bool in
                if state.busy {
                    state.waiters.append(continuation)
                    return false
                }
                state.busy = true
                return true
            }
            if now { continuation.resume() }
        }
    }

    private func release() {
        // Handed straight to the next waiter (busy stays true), so no newcomer overtakes it.
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.waiters.isEmpty {
                state.busy = false
                return nil
            }
            return state.waiters.removeFirst()
        }
        next?.resume()
    }
}

/// The connection's sql-kit face, with every statement through the ``ConnectionGate``.
struct GatedSQLDatabase: SQLDatabase {
    let base: any SQLDatabase
    let gate: ConnectionGate

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        if gate.isHeldByCurrentTask { return base.execute(sql: query, onRow) }
        let promise = base.eventLoop.makePromise(of: Void.self)
        let (base, gate) = (self.base, self.gate)
        promise.completeWithTask { try await gate.run { try await base.execute(sql: query, onRow) } }
        return promise.futureResult
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        try await gate.run { try await base.execute(sql: query, onRow) }
    }
}
