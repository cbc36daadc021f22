import ARCommands
import ARTestSupport
import Foundation
import Testing

/// The SMS channel through a real HTTP provider stand-in (scripts/start-sms-stub.sh).
@Suite("Reminders by text message",
       .enabled(if: ProcessInfo.processInfo.environment["ARAGENT_TEST_SMS_URL"] != nil && ProcessInfo.processInfo.environment["ARAGENT_TEST_SMTP_HOST"] != nil,
                "no test SMS provider or SMTP server (scripts/test.sh starts them)"))
struct SMSDeliveryTests {
    let environment = ProcessInfo.processInfo.environment


    @Test("a policy step by SMS texts the customer's phone with the invoices and total; a refused number fails the action")
    func texts() async throws {
        let cli = try CLIHarness()
        let db = cli.db
        func write(_ name: String, _ text: String) throws -> String { try cli.write(name, text) }
        func run(_ arguments: [String]) async -> (out: String, err: String, code: Int32) { await cli.run(arguments) }
        let unique = UUID().uuidString.prefix(6)
        let policy = """
            version = "sms-\(unique)"
            shadow_mode = true
            business_days_only = false
            send_hours = [0, 23]
            small_balance = "0.00 USD"
            [thresholds.EUR]
            small_balance = "0.00 EUR"
            [[steps]]
            id = "text_nudge"
            offset_days = 2
            kind = "reminder"
            channel = "sms"
            tone = "friendly"
            """
        #expect(await run(["policy", "set", try write("policy.toml", policy), "--db", db]).code == 0)
        #expect(await run(["import", "customers", try write("c.csv", "customer_id,name,phone\nC1,Acme,+4915112345\nC2,Globex,+15550001234\n"), "--db", db]).code == 0)
        let invoices = "invoice_number,customer_id,issue_date,due_date,currency,amount\nT\(unique)-1,C1,2026-05-01,2026-06-10,EUR,80.00\nT\(unique)-2,C2,2026-05-01,2026-06-10,EUR,90.00\n"
        #expect(await run(["import", "invoices", try write("i.csv", invoices), "--db", db]).code == 0)
        let cycle = await run(["run", "--as-of", "2026-06-15", "--format", "json", "--db", db])
        let actions = try #require(try JSONSerialization.jsonObject(with: Data(cycle.out.utf8)) as? [[String: Any]])
        #expect(actions.count == 2)
        #expect(actions.allSatisfy { $0["channel"] as? String == "sms" })
        for action in actions { #expect(await run(["actions", "approve", try #require(action["id"] as? String), "--db", db]).code == 0) }
        // The provider's token is read from the environment only, never from a flag.
        setenv("ARAGENT_SMS_TOKEN", try #require(environment["ARAGENT_TEST_SMS_TOKEN"]), 1)
        let sent = await run(["send", "--as-of", "2026-06-15", "--db", db, "--smtp-host", try #require(environment["ARAGENT_TEST_SMTP_HOST"]),
                              "--smtp-port", try #require(environment["ARAGENT_TEST_SMTP_PORT"]), "--smtp-tls", "none", "--from", "ar@supplier.example",
                              "--sms-url", try #require(environment["ARAGENT_TEST_SMS_URL"]), "--sms-account", try #require(environment["ARAGENT_TEST_SMS_USER"]),
                              "--sms-from", "ARAGENT"])
        #expect(sent.out.contains("texts: 1 sent, 0 to retry, 1 failed"), "\(sent.out) \(sent.err)")
        let box = URL(fileURLWithPath: try #require(environment["ARAGENT_TEST_SMS_DIR"]))
        let received = try FileManager.default.contentsOfDirectory(atPath: box.path).filter { $0.hasSuffix(".json") }.compactMap { name in
            try JSONSerialization.jsonObject(with: Data(contentsOf: box.appendingPathComponent(name))) as? [String: String]
        }.filter { $0["Body"]?.contains("T\(unique)-1") == true }
        #expect(received.count == 1)
        #expect(received.first?["To"] == "+4915112345")
        #expect(received.first?["From"] == "ARAGENT")
        #expect(received.first?["Body"]?.contains("80.00 EUR") == true)
        #expect(received.first?["Idempotency-Key"]?.contains("text_nudge") == true)
        let failed = await run(["actions", "list", "--status", "failed", "--format", "json", "--db", db])
        #expect(failed.out.contains("\"customer_id\": \"C2\""))
    }
}
