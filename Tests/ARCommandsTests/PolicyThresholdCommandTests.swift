import ARCommands
import ARTestSupport
import Foundation
import Testing

/// `aragent policy set|show` and `run` with money thresholds per currency, as a controller uses them.
@Suite("Command line: policy thresholds per currency")
struct PolicyThresholdCommandTests {
    let cli: CLIHarness
    var db: String { cli.db }

    init() throws { cli = try CLIHarness() }

    func run(_ arguments: [String]) async -> (out: String, err: String, code: Int32) { await cli.run(arguments) }

    let steps = "\n[[steps]]\nid = \"nudge\"\noffset_days = 1\nkind = \"reminder\"\n"

    @Test("policy set refuses an amount with more digits than its currency, naming the file, line and key")
    func digitsFollowTheCurrency() async throws {
        let bad = try cli.write("policy.toml", "version = \"v1\"\nminimum_balance = \"50.00 USD\"\n\n[thresholds.JPY]\nminimum_balance = \"7500.5 JPY\"\n" + steps)
        let refused = await run(["policy", "set", bad, "--db", db])
        #expect(refused.code != 0)
        #expect(refused.err.contains("policy.toml:5: minimum_balance \"7500.5 JPY\" has 1 decimals, but JPY amounts have none"), "\(refused.err)")
        let wrong = try cli.write("usd.toml", "version = \"v1\"\nminimum_balance = \"50.001 USD\"\n" + steps)
        #expect(await run(["policy", "set", wrong, "--db", db]).err.contains("usd.toml:2: minimum_balance \"50.001 USD\" has 3 decimals, but USD amounts have 2"))
        // Nothing was activated: the defaults are still shown, in the new form.
        let shown = await run(["policy", "show", "--db", db])
        #expect(shown.out.contains("minimum_balance = \"50.00 USD\""))
        #expect(shown.out.contains("[thresholds.EUR]"))
    }

    @Test("policy set checks the ledger's currencies; run refuses a currency it cannot judge; a rate fixes both, and the reason says how")
    func ledgerCurrencies() async throws {
        let customers = try cli.write("c.csv", "customer_id,name,email\nC1,Acme,ap@acme.example\nC2,Helvetia AG,ap@helvetia.example\n")
        let invoices = try cli.write("i.csv", """
            invoice_number,customer_id,issue_date,due_date,currency,amount
            U1,C1,2026-05-01,2026-06-01,USD,1000.00
            F1,C2,2026-05-01,2026-06-01,CHF,48.00

            """)
        #expect(await run(["import", "customers", customers, "--db", db]).code == 0)
        #expect(await run(["import", "invoices", invoices, "--db", db]).code == 0)

        // The defaults have no CHF amounts and no rates: the cycle refuses, naming CHF and the fix.
        let refusedRun = await run(["run", "--as-of", "2026-06-15", "--db", db])
        #expect(refusedRun.code != 0)
        #expect(refusedRun.err.contains("the active policy 'default-1': the ledger holds amounts in CHF, but the policy has no amount for CHF (minimum_balance, small_balance, approval_above)"),
                "\(refusedRun.err)")
        #expect(refusedRun.err.contains("[thresholds.CHF]") && refusedRun.err.contains("CHF = \"1.08 USD\""))

        // A policy without CHF is refused when set, not at the next cycle.
        let withoutCHF = try cli.write("policy.toml", "version = \"v1\"\nminimum_balance = \"50.00 USD\"\n" + steps)
        let refusedSet = await run(["policy", "set", withoutCHF, "--db", db])
        #expect(refusedSet.code != 0)
        #expect(refusedSet.err.contains("policy.toml: the ledger holds amounts in CHF, USD, but the policy has no amount for CHF"), "\(refusedSet.err)")

        // With CHF's rate: 50.00 USD is 44.64 CHF, so the 48.00 CHF invoice is chased (the old code compared 4800 with 5000 and skipped it).
        let withRate = try cli.write("policy2.toml", """
            version = "v2"
            business_days_only = false
            minimum_balance = "50.00 USD"

            [rates]
            CHF = "1.12 USD"   # one CHF is worth 1.12 USD
            """ + steps)
        let set = await run(["policy", "set", withRate, "--db", db])
        #expect(set.code == 0, "\(set.err)")
        let cycle = await run(["run", "--as-of", "2026-06-15", "--format", "json", "--db", db])
        #expect(cycle.code == 0, "\(cycle.err)")
        let actions = try #require(try JSONSerialization.jsonObject(with: Data(cycle.out.utf8)) as? [[String: Any]])
        let chf = try #require(actions.first { $0["customer_id"] as? String == "C2" })
        let reason = try #require(chf["reason"] as? String)
        #expect(reason.contains("balance due 48.00 CHF is not below the minimum balance of 44.64 CHF (50.00 USD converted at 1 CHF = 1.12 USD, rounded half away from zero)"), "\(reason)")
        #expect(actions.contains { $0["customer_id"] as? String == "C1" })
    }

    @Test("a policy in the old form (no currencies) is accepted, read in USD, and policy show says so")
    func legacyForm() async throws {
        let old = try cli.write("old.toml", "version = \"old-1\"\nminimum_balance = \"25.00\"\n" + steps)
        let set = await run(["policy", "set", old, "--db", db])
        #expect(set.code == 0, "\(set.err)")
        #expect(set.out.contains("note: \(old) line 2: minimum_balance = \"25.00\" names no currency and is read as 25.00 USD"), "\(set.out)")
        let shown = await run(["policy", "show", "--db", db])
        #expect(shown.out.hasPrefix("# This policy was stored with amounts that name no currency"))
        #expect(shown.out.contains("minimum_balance = \"25.00 USD\""))
        // What show prints is itself a valid policy file in the new form.
        let copy = try cli.write("copy.toml", shown.out.replacingOccurrences(of: "version = \"old-1\"", with: "version = \"old-2\""))
        let copied = await run(["policy", "set", copy, "--db", db])
        #expect(copied.code == 0, "\(copied.err)")
        #expect(!copied.out.contains("note:"))
    }
}
