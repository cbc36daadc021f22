import ARCore
@testable import ARServer
import Synchronization
import Testing

/// Counts computations.
final class Runs: Sendable {
    private let count = Mutex(0)
    func next() -> Int { count.withLock { $0 += 1; return $0 } }
    var total: Int { count.withLock { $0 } }
}

@Suite("Ledger snapshot cache")
struct LedgerSnapshotCacheTests {
    @Test("a figure is computed once per ledger mark and day, again when either moves; concurrent requests share one computation")
    func computesOncePerMark() async throws {
        let cache = LedgerSnapshotCache<Int>()
        let runs = Runs()
        let day = CalendarDate(iso: "2026-06-15")!
        let compute: @Sendable () async throws -> Int = { runs.next() }
        async let a = cache.value(day: day, mark: "5:5", compute: compute)
        async let b = cache.value(day: day, mark: "5:5", compute: compute)
        let (first, second) = try await (a, b)
        #expect(first == second)
        #expect(try await cache.value(day: day, mark: "5:5", compute: compute) == first)
        #expect(runs.total == 1)
        #expect(try await cache.value(day: day, mark: "6:6", compute: compute) == 2)
        #expect(try await cache.value(day: day.advanced(by: 1), mark: "6:6", compute: compute) == 3)
    }
}

@Suite("Ledger snapshot cache, slow figures")
struct LedgerSnapshotCacheSlowTests {
    @Test("when new figures take long, the page gets the ones it has, marked as not current, and the new ones once they are done")
    func staleWhileComputing() async throws {
        let cache = LedgerSnapshotCache<String>(budget: .milliseconds(200))
        let day = CalendarDate(iso: "2026-06-15")!
        #expect(try await cache.snapshot(day: day, mark: "1:1") { "first" }.isCurrent)
        let (gate, opened) = AsyncStream<Void>.makeStream()
        let slow: @Sendable () async throws -> String = {
            for await _ in gate { break }
            return "second"
        }
        let meanwhile = try await cache.snapshot(day: day, mark: "2:2", compute: slow)
        #expect(meanwhile.value == "first")
        #expect(!meanwhile.isCurrent)
        // Another request while it runs starts no second computation (this one would fail the test).
        let again = try await cache.snapshot(day: day, mark: "2:2") { Issue.record("computed twice"); return "twice" }
        #expect(again.value == "first" && !again.isCurrent)
        opened.yield()
        opened.finish()
        var done = try await cache.snapshot(day: day, mark: "2:2", compute: slow)
        for _ in 0..<1_000 where done.value != "second" {
            await Task.yield()
            done = try await cache.snapshot(day: day, mark: "2:2", compute: slow)
        }
        #expect(done.value == "second" && done.isCurrent)
    }
}
