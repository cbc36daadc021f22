@testable import ARCommands
import ARTestSupport
import Foundation
import Testing

/// The SMS channel through a real HTTP provider stand-in (scripts/start-sms-stub.sh).
@Suite("Reminders by text message",
       .enabled(if: ProcessInfo.processInfo.environment["ARAGENT_TEST_SMS_URL"] != nil && ProcessInfo.processInfo.environment["ARAGENT_TEST_SMTP_HOST"] != nil,
                "no test SMS provider or SMTP server (scripts/test.sh starts them)"))
struct SMSDeliveryTests {
    let environment = ProcessInfo.processInfo.environment
    let cli: CLIHarness
    var db: String { cli.db }

    init() throws { cli = try CLIHarness() }

    /// Runs the command with the provider's token in its environment only, never as a flag.
    func run(_ arguments: [String], token: String? = nil) async -> (out: String, err: String, code: Int32) {
        await CommandEnvironment.$overrides.withValue(token.map { ["ARAGENT_SMS_TOKEN": $0] } ?? [:]) { await cli.run(arguments) }
    }

    /// Two customers (one the provider refuses), a policy whose step texts them, both actions approved.
    func approvedTexts(_ unique: String) async throws -> [String] {
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
        #expect(await run(["policy", "set", try cli.write("policy.toml", policy), "--db", db]).code == 0)
        #expect(await run(["import", "customers", try cli.write("c.csv", "customer_id,name,phone\nC1,Acme,+4915112345\nC2,Globex,+15550001234\n"), "--db", db]).code == 0)
        let invoices = "invoice_number,customer_id,issue_date,due_date,currency,amount\nT\(unique)-1,C1,2026-05-01,2026-06-10,EUR,80.00\nT\(unique)-2,C2,2026-05-01,2026-06-10,EUR,90.00\n"
        #expect(await run(["import", "invoices", try cli.write("i.csv", invoices), "--db", db]).code == 0)
        let cycle = await run(["run", "--as-of", "2026-06-15", "--format", "json", "--db", db])
        let actions = try #require(try JSONSerialization.jsonObject(with: Data(cycle.out.utf8)) as? [[String: Any]])
        #expect(actions.count == 2)
        #expect(actions.allSatisfy { $0["channel"] as? String == "sms" })
        var ids: [String] = []
        for action in actions {
            let id = try #require(action["id"] as? String)
            #expect(await run(["actions", "approve", id, "--db", db]).code == 0)
            ids.append(id)
        }
        return ids
    }

    /// The test SMTP server (the suite runs only when scripts/test.sh started it).
    func smtp() -> [String] {
        ["--smtp-host", environment["ARAGENT_TEST_SMTP_HOST"] ?? "", "--smtp-port", environment["ARAGENT_TEST_SMTP_PORT"] ?? "",
         "--smtp-tls", "none", "--from", "ar@supplier.example"]
    }

    func sms(url: String? = nil) -> [String] {
        ["--sms-url", url ?? environment["ARAGENT_TEST_SMS_URL"] ?? "", "--sms-account", environment["ARAGENT_TEST_SMS_USER"] ?? "",
         "--sms-from", "ARAGENT"]
    }

    /// What the provider stand-in accepted with `marker` in the body.
    func received(_ marker: String) throws -> [[String: String]] {
        let box = URL(fileURLWithPath: try #require(environment["ARAGENT_TEST_SMS_DIR"]))
        return try FileManager.default.contentsOfDirectory(atPath: box.path).filter { $0.hasSuffix(".json") }.compactMap { name in
            try JSONSerialization.jsonObject(with: Data(contentsOf: box.appendingPathComponent(name))) as? [String: String]
        }.filter { $0["Body"]?.contains(marker) == true }
    }

    func statuses() async throws -> [String: String] {
        let listed = await run(["actions", "list", "--format", "json", "--db", db])
        let actions = try #require(try JSONSerialization.jsonObject(with: Data(listed.out.utf8)) as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: actions.compactMap { action in
            (action["customer_id"] as? String).flatMap { customer in (action["status"] as? String).map { (customer, $0) } }
        })
    }

    @Test("a policy step by SMS texts the customer's phone with the invoices and total; a refused number fails the action")
    func texts() async throws {
        let unique = String(UUID().uuidString.prefix(6))
        _ = try await approvedTexts(unique)
        let token = try #require(environment["ARAGENT_TEST_SMS_TOKEN"])
        let sent = await run(["send", "--as-of", "2026-06-15", "--db", db] + smtp() + sms(), token: token)
        #expect(sent.out.contains("texts: 1 sent, 0 to retry, 1 failed"), "\(sent.out) \(sent.err)")
        let texts = try received("T\(unique)-1")
        #expect(texts.count == 1)
        #expect(texts.first?["To"] == "+4915112345")
        #expect(texts.first?["From"] == "ARAGENT")
        #expect(texts.first?["Body"]?.contains("80.00 EUR") == true)
        #expect(texts.first?["Idempotency-Key"]?.contains("text_nudge") == true)
        #expect(try await statuses() == ["C1": "executed", "C2": "failed"])
        // Sent once: a second run sends nothing.
        #expect(await run(["send", "--as-of", "2026-06-15", "--db", db] + smtp() + sms(), token: token).out.contains("texts: 0 sent"))
        #expect(try received("T\(unique)-1").count == 1)
    }

    @Test("an SMS provider refusing the token (401) stops the run naming ARAGENT_SMS_TOKEN; the actions stay approved and go out once it is fixed")
    func refusedToken() async throws {
        let unique = String(UUID().uuidString.prefix(6))
        _ = try await approvedTexts(unique)
        for _ in 0..<2 {
            let refused = await run(["send", "--as-of", "2026-06-15", "--db", db] + smtp() + sms(), token: "not-the-token")
            #expect(refused.code != 0)
            #expect(refused.err.contains("ARAGENT_SMS_TOKEN") && refused.err.contains("401"), "\(refused.err)")
            #expect(!refused.err.contains("not-the-token"))
            #expect(try await statuses() == ["C1": "approved", "C2": "approved"])
        }
        #expect(try received("T\(unique)-1").isEmpty)
        let token = try #require(environment["ARAGENT_TEST_SMS_TOKEN"])
        let fixed = await run(["send", "--as-of", "2026-06-15", "--db", db] + smtp() + sms(), token: token)
        #expect(fixed.out.contains("texts: 1 sent, 0 to retry, 1 failed"), "\(fixed.out) \(fixed.err)")
        #expect(try received("T\(unique)-1").count == 1)
    }

    @Test("the SMS token is never sent over plain http to another host; partial SMS settings are refused; both before anything is sent")
    func refusedSettings() async throws {
        let unique = String(UUID().uuidString.prefix(6))
        _ = try await approvedTexts(unique)
        for command in [["send", "--as-of", "2026-06-15"], ["worker", "--once"]] {
            let plain = await run(command + ["--db", db] + smtp() + sms(url: "http://sms.example.com/2010-04-01/Accounts/AC1/Messages.json"), token: "tok")
            #expect(plain.code != 0)
            #expect(plain.err.contains("--sms-url") && plain.err.contains("plain http"), "\(plain.err)")
            let partial = await run(command + ["--db", db] + smtp() + ["--sms-account", "AC1"])
            #expect(partial.code != 0)
            #expect(partial.err.contains("--sms-url") && partial.err.contains("ARAGENT_SMS_TOKEN"), "\(partial.err)")
        }
        #expect(try await statuses() == ["C1": "approved", "C2": "approved"])
        #expect(HTTPSMSSender.isLoopback("127.0.0.1") && HTTPSMSSender.isLoopback("127.8.9.10") && HTTPSMSSender.isLoopback("[::1]")
                && HTTPSMSSender.isLoopback("localhost"))
        #expect(!HTTPSMSSender.isLoopback("127.0.0.1.example.com") && !HTTPSMSSender.isLoopback("128.0.0.1") && !HTTPSMSSender.isLoopback("10.0.0.1"))
    }

    @Test("the worker delivers texts too")
    func workerTexts() async throws {
        let unique = String(UUID().uuidString.prefix(6))
        _ = try await approvedTexts(unique)
        let token = try #require(environment["ARAGENT_TEST_SMS_TOKEN"])
        let once = await run(["worker", "--once", "--db", db] + smtp() + sms() + ["--letters", cli.folder.appendingPathComponent("letters").path],
                             token: token)
        #expect(once.code == 0, "\(once.err)")
        #expect(try received("T\(unique)-1").count == 1)
        #expect(try await statuses()["C1"] == "executed")
    }

    @Test("a provider's redirect is not followed with the token: the run stops naming --sms-url")
    func redirectNotFollowed() async throws {
        let unique = String(UUID().uuidString.prefix(6))
        _ = try await approvedTexts(unique)
        // A stand-in that answers every POST with a 307 to the real provider stand-in.
        let server = Process()
        // The interpreter itself (not a shim that forks it), so that terminating it stops the server.
        server.executableURL = URL(fileURLWithPath: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") ? "/usr/bin/python3" : "/usr/local/bin/python3")
        server.arguments = ["-c", """
            import http.server, sys
            class H(http.server.BaseHTTPRequestHandler):
                def do_POST(self):
                    self.send_response(307); self.send_header("Location", sys.argv[1]); self.send_header("Content-Length", "0"); self.end_headers()
                def log_message(self, *a): pass
            s = http.server.HTTPServer(("127.0.0.1", 0), H); print(s.server_address[1], flush=True); s.serve_forever()
            """, try #require(environment["ARAGENT_TEST_SMS_URL"])]
        let output = Pipe()
        server.standardOutput = output
        server.standardError = FileHandle.nullDevice
        try server.run()
        // SIGKILL: a child of the test runner may inherit a mask that blocks SIGTERM.
        defer { kill(server.processIdentifier, SIGKILL); server.waitUntilExit() }
        let line = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let port = try #require(Int(line))
        let token = try #require(environment["ARAGENT_TEST_SMS_TOKEN"])
        let redirected = await run(["send", "--as-of", "2026-06-15", "--db", db] + smtp() + sms(url: "http://127.0.0.1:\(port)/Messages.json"), token: token)
        #expect(redirected.code != 0)
        #expect(redirected.err.contains("redirects (HTTP 307)") && redirected.err.contains("--sms-url"), "\(redirected.err)")
        #expect(try received("T\(unique)-1").isEmpty)
        #expect(try await statuses()["C1"] == "approved")
    }
}
