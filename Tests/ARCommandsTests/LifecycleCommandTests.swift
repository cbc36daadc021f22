import ARCommands
import ARTestSupport
import Foundation
import Testing

/// `hold`, `unhold`, `dispute` and `promise` as a collector types them: what they print, what they
/// refuse, and what the next `run` does because of them.
@Suite("Command line: holds, disputes, promises")
struct LifecycleCommandTests {
    let cli: CLIHarness
    var db: String { cli.db }
    // A Monday.
    let day = "2026-06-15"

    init() throws { cli = try CLIHarness() }

    func run(_ arguments: [String]) async -> (out: String, err: String, code: Int32) { await cli.run(arguments + ["--db", db]) }

    func json(_ text: String) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
    }

    func importSample() async throws {
        let invoices = try cli.write("invoices.csv", """
            invoice_number,customer_id,issue_date,due_date,currency,amount,customer_name
            I1,C1,2026-04-01,2026-05-01,USD,100.00,Acme
            I2,C1,2026-04-01,2026-05-10,USD,200.00,Acme
            J1,C2,2026-04-01,2026-05-20,USD,400.00,Globex

            """)
        let result = await run(["import", "invoices", invoices])
        #expect(result.code == 0, "\(result.err)")
    }

    /// The invoices the dry-run cycle on `day` would chase, and its skip lines.
    func dryRun() async -> (planned: String, skips: String) {
        let result = await run(["run", "--as-of", day, "--dry-run", "--explain-skips"])
        return (result.out.components(separatedBy: "\n- ").first ?? "", result.out)
    }

    @Test("hold, hold list, unhold: the cycle skips the held customer naming the hold, and chases it again once released")
    func holdAndUnhold() async throws {
        try await importSample()
        let placed = await run(["hold", "--customer", "C1", "--reason", "payment plan agreed", "--until", "2099-01-31", "--as", "jane"])
        #expect(placed.code == 0, "\(placed.err)")
        #expect(placed.out.contains("on customer C1 placed by jane until 2099-01-31: payment plan agreed"))
        let skipped = await dryRun()
        #expect(skipped.skips.contains("C1 I1: customer C1 is on hold: payment plan agreed (placed by jane on"))
        #expect(skipped.skips.contains("until 2099-01-31)"))
        #expect(!skipped.planned.contains("I1") && skipped.planned.contains("J1"))

        let again = await run(["hold", "--customer", "C1", "--reason", "again"])
        #expect(again.code != 0)
        #expect(again.err.contains("customer C1 is already on hold"))
        let neither = await run(["hold", "--reason", "no target"])
        #expect(neither.code != 0 && neither.err.contains("exactly one of --customer C or --invoice N"))
        let both = await run(["hold", "--customer", "C1", "--invoice", "I1", "--reason", "two targets"])
        #expect(both.code != 0 && both.err.contains("exactly one of --customer C or --invoice N"))

        let list = try json(await run(["hold", "list", "--format", "json", "--as-of", day]).out)
        #expect(list.count == 1)
        #expect(list.first?["customer_id"] as? String == "C1")
        #expect(list.first?["invoice_number"] is NSNull)
        #expect(list.first?["state"] as? String == "active")
        #expect(list.first?["placed_by"] as? String == "jane")

        let released = await run(["unhold", "--customer", "C1", "--note", "plan cancelled", "--as", "omar"])
        #expect(released.code == 0, "\(released.err)")
        #expect(released.out.contains("released by omar"))
        #expect(await dryRun().planned.contains("I1"))
        #expect(await run(["unhold", "--customer", "C1"]).err.contains("customer C1 is not on hold"))
        #expect(try json(await run(["hold", "list", "--format", "json"]).out).isEmpty)
        #expect(try json(await run(["hold", "list", "--all", "--format", "json"]).out).first?["release_note"] as? String == "plan cancelled")
    }

    @Test("dispute open refuses a second open dispute and unknown types; dispute resolve write_off shows in aging; dispute list")
    func disputes() async throws {
        try await importSample()
        #expect(await run(["dispute", "open", "--invoice", "I1", "--type", "pricing", "--note", "wrong rate", "--as", "jane"]).code == 0)
        let second = await run(["dispute", "open", "--invoice", "I1", "--type", "quality"])
        #expect(second.code != 0)
        #expect(second.err.contains("invoice I1 already has an open dispute"))
        let unknown = await run(["dispute", "open", "--invoice", "I2", "--type", "bogus"])
        #expect(unknown.code != 0 && unknown.err.contains("unknown --type 'bogus'"))
        #expect(!(await dryRun().planned.contains("I1")))

        let badOutcome = await run(["dispute", "resolve", "--invoice", "I1", "--outcome", "erp_cleared"])
        #expect(badOutcome.code != 0 && badOutcome.err.contains("unknown --outcome 'erp_cleared'"))
        let resolved = await run(["dispute", "resolve", "--invoice", "I1", "--outcome", "write_off", "--amount", "40.00", "--note", "goodwill", "--as", "omar"])
        #expect(resolved.code == 0, "\(resolved.err)")
        #expect(resolved.out.contains("write_off of 40.00 USD; open 100.00 USD → 60.00 USD"))
        #expect(await dryRun().planned.contains("I1"))

        let aging = try #require(try JSONSerialization.jsonObject(with: Data(await run(["report", "aging", "--as-of", day, "--format", "json"]).out.utf8)) as? [String: Any])
        let totals = try #require(aging["totals"] as? [[String: String]])
        #expect(totals.first?["total"] == "660.00")   // 60.00 + 200.00 + 400.00

        let list = try json(await run(["dispute", "list", "--format", "json"]).out)
        #expect(list.count == 1)
        #expect(list.first?["outcome"] as? String == "write_off")
        #expect(list.first?["adjustment"] as? String == "40.00")
        #expect(list.first?["resolved_by"] as? String == "omar")
        #expect(try json(await run(["dispute", "list", "--status", "open", "--format", "json"]).out).isEmpty)
        #expect(await run(["dispute", "list", "--status", "closed"]).err.contains("unknown --status 'closed'; use open, resolved"))
    }

    @Test("promise add, list and cancel: a cancelled promise no longer pauses chasing")
    func promises() async throws {
        try await importSample()
        #expect(await run(["promise", "add", "--invoice", "J1", "--date", "2026-06-20", "--as", "jane"]).code == 0)
        #expect(!(await dryRun().planned.contains("J1")))
        let superseding = await run(["promise", "add", "--invoice", "J1", "--date", "2026-06-25", "--amount", "150.00"])
        #expect(superseding.out.contains("supersedes the promise of 2026-06-20"))
        let open = try json(await run(["promise", "list", "--status", "open", "--format", "json"]).out)
        #expect(open.map { $0["promised_date"] as? String } == ["2026-06-25"])
        #expect(open.first?["amount"] as? String == "150.00")

        let cancelled = await run(["promise", "cancel", "--invoice", "J1", "--note", "customer withdrew", "--as", "omar"])
        #expect(cancelled.code == 0, "\(cancelled.err)")
        #expect(await dryRun().planned.contains("J1"))
        let all = try json(await run(["promise", "list", "--format", "json"]).out)
        #expect(all.map { $0["status"] as? String } == ["cancelled", "cancelled"])
        #expect(all.last?["close_note"] as? String == "customer withdrew")
        #expect(await run(["promise", "cancel", "--invoice", "J1"]).err.contains("invoice J1 has no open promise"))
    }
}
