import ARAgent
import ARBootstrap
import ARCore
import ARStore
import ARTestSupport
import Foundation
import Testing

/// The access store's rules on both engines: the cycle's daily turn, and idempotency keys.
@Suite("Access store")
struct AccessStoreTests {
    static let day = CalendarDate(iso: "2026-12-01")!

    @Test("one instance takes the day's cycle; another takes it over only when the lease ran out unfinished", arguments: TestEnvironment.engines)
    func cycleTurns(engine: DatabaseEngine) async throws {
        let location = try await TestEnvironment.freshDatabaseLocation(engine)
        try await TestEnvironment.withConnections(to: location, count: 2) { connections in
            let a = SQLLedgerStore(database: connections[0]), b = SQLLedgerStore(database: connections[1])
            #expect(try await a.claimCycle(day: Self.day, worker: "a", now: "2026-12-01T08:00:00.000Z", leaseUntil: "2026-12-01T08:30:00.000Z"))
            #expect(try await b.claimCycle(day: Self.day, worker: "b", now: "2026-12-01T08:01:00.000Z", leaseUntil: "2026-12-01T08:31:00.000Z") == false)
            // a died without finishing: after its lease, b takes the turn.
            #expect(try await b.claimCycle(day: Self.day, worker: "b", now: "2026-12-01T08:40:00.000Z", leaseUntil: "2026-12-01T09:10:00.000Z"))
            try await b.finishCycle(day: Self.day, worker: "b", now: "2026-12-01T08:41:00.000Z")
            #expect(try await a.claimCycle(day: Self.day, worker: "a", now: "2026-12-01T10:00:00.000Z", leaseUntil: "2026-12-01T10:30:00.000Z") == false)
            // The next day is a new turn.
            #expect(try await a.claimCycle(day: Self.day.adding(days: 1), worker: "a", now: "2026-12-02T08:00:00.000Z", leaseUntil: "2026-12-02T08:30:00.000Z"))
        }
    }

    @Test("an idempotency key is reserved once; a repeat waits, then replays; another route is a mismatch", arguments: TestEnvironment.engines)
    func idempotencyKeys(engine: DatabaseEngine) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let store = SQLLedgerStore(database: database)
            let now = "2026-12-01T08:00:00.000Z"
            #expect(try await store.reserveIdempotency(key: "k", principal: "token:a", fingerprint: "POST /x", now: now) == .reserved)
            #expect(try await store.reserveIdempotency(key: "k", principal: "token:a", fingerprint: "POST /x", now: now) == .inProgress)
            // Keys are per principal: another token's "k" is its own.
            #expect(try await store.reserveIdempotency(key: "k", principal: "token:b", fingerprint: "POST /x", now: now) == .reserved)
            let answer = StoredResponse(status: 200, contentType: "application/json", body: "{}")
            try await store.completeIdempotency(key: "k", principal: "token:a", response: answer)
            #expect(try await store.reserveIdempotency(key: "k", principal: "token:a", fingerprint: "POST /x", now: now) == .replay(answer))
            guard case .mismatch = try await store.reserveIdempotency(key: "k", principal: "token:a", fingerprint: "POST /y", now: now) else {
                Issue.record("a key reused on another route must be refused")
                return
            }
            // A failed request frees its key for a retry.
            try await store.releaseIdempotency(key: "k", principal: "token:b")
            #expect(try await store.reserveIdempotency(key: "k", principal: "token:b", fingerprint: "POST /x", now: now) == .reserved)
        }
    }
}
