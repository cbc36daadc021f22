import ARAgent
import ARCommands
import ARCore
import ARTestSupport
import Foundation
import Testing

/// Reminders through a real SMTP server (aiosmtpd, started by scripts/test.sh), read back from
/// its Maildir: what a customer's mail server receives.
@Suite("Reminders delivered over SMTP", .enabled(if: ProcessInfo.processInfo.environment["ARAGENT_TEST_SMTP_HOST"] != nil,
                                                "no test SMTP server (scripts/test.sh starts one)"))
struct EmailDeliveryTests {
    let cli: CLIHarness
    var db: String { cli.db }
    let environment = ProcessInfo.processInfo.environment

    init() throws { cli = try CLIHarness() }

    func write(_ name: String, _ text: String) throws -> String { try cli.write(name, text) }

    func run(_ arguments: [String]) async -> (out: String, err: String, code: Int32) { await cli.run(arguments) }

    /// Quoted-printable decoded (soft line breaks joined, =XX bytes restored).
    func decodeQuotedPrintable(_ text: String) -> String {
        let joined = text.replacingOccurrences(of: "=\r\n", with: "").replacingOccurrences(of: "=\n", with: "")
        var bytes: [UInt8] = []
        var iterator = Array(joined.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "="), let high = iterator.next(), let low = iterator.next(),
               let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) {
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test("an approved reminder arrives once, with its headers, both parts, the invoices and amounts; nothing for the disputed one")
    func delivered() async throws {
        let host = try #require(environment["ARAGENT_TEST_SMTP_HOST"]), port = try #require(environment["ARAGENT_TEST_SMTP_PORT"])
        let maildir = URL(fileURLWithPath: try #require(environment["ARAGENT_TEST_MAILDIR"])).appendingPathComponent("new")
        let before = Set((try? FileManager.default.contentsOfDirectory(atPath: maildir.path)) ?? [])
        let unique = UUID().uuidString.prefix(8).lowercased()
        let customers = "customer_id,name,email\nC1,Acme Trading Inc.,ap-\(unique)@acme.example\nC2,Globex GmbH,ap-\(unique)@globex.example\n"
        let invoices = """
            invoice_number,customer_id,issue_date,due_date,currency,amount,disputed
            INV-\(unique)-1,C1,2026-05-01,2026-06-12,USD,1250.00,false
            INV-\(unique)-2,C1,2026-05-02,2026-06-11,USD,99.95,false
            INV-\(unique)-3,C2,2026-05-02,2026-06-11,USD,500.00,true

            """
        // Send at any hour, any day: the test must not depend on when it runs.
        let policy = "version = \"always-\(unique)\"\nbusiness_days_only = false\nsend_hours = [0, 23]\n" + DunningPolicyFile.render(DunningPolicy())
            .split(separator: "\n").drop { !$0.hasPrefix("[[steps]]") }.joined(separator: "\n")
        #expect(await run(["policy", "set", try write("policy.toml", policy), "--db", db]).code == 0)
        #expect(await run(["import", "customers", try write("c.csv", customers), "--db", db]).code == 0)
        #expect(await run(["import", "invoices", try write("i.csv", invoices), "--db", db]).code == 0)
        let cycle = await run(["run", "--as-of", "2026-06-15", "--format", "json", "--db", db])
        let actions = try #require(try JSONSerialization.jsonObject(with: Data(cycle.out.utf8)) as? [[String: Any]])
        #expect(actions.count == 1)  // Globex's only invoice is disputed
        let id = try #require(actions.first?["id"] as? String)
        #expect(actions.first?["requires_approval"] as? Bool == true)  // shadow mode
        // Nothing is sent before approval.
        let early = await run(["send", "--as-of", "2026-06-15", "--db", db, "--smtp-host", host, "--smtp-port", port, "--smtp-tls", "none",
                               "--from", "ar@supplier.example", "--from-name", "Supplier AR"])
        #expect(early.out.contains("sent 0"), "\(early.out) \(early.err)")
        #expect(await run(["actions", "approve", id, "--as", "jane", "--db", db]).code == 0)
        let sent = await run(["send", "--as-of", "2026-06-15", "--db", db, "--smtp-host", host, "--smtp-port", port, "--smtp-tls", "none",
                              "--from", "ar@supplier.example", "--from-name", "Supplier AR"])
        #expect(sent.out.contains("sent 1"), "\(sent.out) \(sent.err)")
        let again = await run(["send", "--as-of", "2026-06-15", "--db", db, "--smtp-host", host, "--smtp-port", port, "--smtp-tls", "none",
                               "--from", "ar@supplier.example"])
        #expect(again.out.contains("sent 0"))

        // Delivery into the Maildir may trail the SMTP reply: look a bounded number of times.
        var files: [String] = []
        for _ in 0..<200 {
            files = ((try? FileManager.default.contentsOfDirectory(atPath: maildir.path)) ?? []).filter { !before.contains($0) }
                .filter { name in
                    (try? String(contentsOf: maildir.appendingPathComponent(name), encoding: .utf8))?.contains("ap-\(unique)@") == true
                }
            if !files.isEmpty { break }
            await Task.yield()
            try await Task.sleep(for: .milliseconds(25))
        }
        #expect(files.count == 1)
        let raw = try String(contentsOf: maildir.appendingPathComponent(try #require(files.first)), encoding: .utf8)
        #expect(raw.contains("From: Supplier AR <ar@supplier.example>"))
        #expect(raw.contains("To: ap-\(unique)@acme.example"))
        #expect(raw.contains("Subject: "))
        #expect(raw.contains("Message-ID: <"))
        #expect(raw.contains("List-Unsubscribe: <"))
        #expect(raw.contains("multipart/alternative"))
        #expect(raw.contains("text/plain") && raw.contains("text/html"))
        let body = decodeQuotedPrintable(raw)
        #expect(body.contains("INV-\(unique)-1"))
        #expect(body.contains("INV-\(unique)-2"))
        #expect(body.contains("1250.00 USD"))
        #expect(body.contains("99.95 USD"))
        #expect(body.contains("Total: 1349.95 USD"))
        #expect(body.contains("<td>INV-\(unique)-1</td>"))
        #expect(!body.contains("INV-\(unique)-3"))
        let listed = await run(["actions", "list", "--status", "executed", "--format", "json", "--db", db])
        #expect(listed.out.contains(id))

        // Two weeks later (a Monday) the escalation notice is due; it threads onto the first reminder.
        let firstID = try #require(raw.split(separator: "\r\n").first { $0.hasPrefix("Message-ID: ") }?.dropFirst("Message-ID: ".count))
        let next = await run(["run", "--as-of", "2026-06-29", "--format", "json", "--db", db])
        let nextActions = try #require(try JSONSerialization.jsonObject(with: Data(next.out.utf8)) as? [[String: Any]])
        let nextID = try #require(nextActions.first?["id"] as? String)
        #expect(nextID.contains("escalation_notice"))
        #expect(await run(["actions", "approve", nextID, "--db", db]).code == 0)
        let known = Set((try? FileManager.default.contentsOfDirectory(atPath: maildir.path)) ?? [])
        #expect(await run(["send", "--as-of", "2026-06-29", "--db", db, "--smtp-host", host, "--smtp-port", port, "--smtp-tls", "none",
                           "--from", "ar@supplier.example"]).out.contains("sent 1"))
        var second: [String] = []
        for _ in 0..<200 {
            second = ((try? FileManager.default.contentsOfDirectory(atPath: maildir.path)) ?? []).filter { !known.contains($0) }
                .filter { (try? String(contentsOf: maildir.appendingPathComponent($0), encoding: .utf8))?.contains("ap-\(unique)@") == true }
            if !second.isEmpty { break }
            try await Task.sleep(for: .milliseconds(25))
        }
        let secondRaw = try String(contentsOf: maildir.appendingPathComponent(try #require(second.first)), encoding: .utf8)
        #expect(secondRaw.contains("In-Reply-To: \(firstID)"))
        #expect(secondRaw.contains("References: \(firstID)"))
    }
}
