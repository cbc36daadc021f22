import ARAgent
@testable import ARCommands
import ARCore
import ARMail
import ARStore
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

    // MARK: Settings that cannot work, and the re-check at the moment a message leaves

    var maildir: URL { URL(fileURLWithPath: environment["ARAGENT_TEST_MAILDIR"] ?? "/nonexistent").appendingPathComponent("new") }

    /// The messages in the Maildir that mention `marker`, looked for a bounded number of times
    /// (delivery into the Maildir may trail the SMTP reply).
    func delivered(containing marker: String, expecting count: Int = 1) async throws -> [String] {
        var found: [String] = []
        for _ in 0..<200 {
            found = ((try? FileManager.default.contentsOfDirectory(atPath: maildir.path)) ?? []).compactMap { name in
                (try? String(contentsOf: maildir.appendingPathComponent(name), encoding: .utf8)).flatMap { $0.contains(marker) ? $0 : nil }
            }
            if found.count >= count { break }
            try await Task.sleep(for: .milliseconds(25))
        }
        return found
    }

    /// One customer with a unique address, one overdue invoice, one approved reminder; returns its id.
    func approvedReminder(_ unique: String) async throws -> String {
        let policy = "version = \"always-\(unique)\"\nbusiness_days_only = false\nsend_hours = [0, 23]\n" + DunningPolicyFile.render(DunningPolicy())
            .split(separator: "\n").drop { !$0.hasPrefix("[[steps]]") }.joined(separator: "\n")
        #expect(await run(["policy", "set", try write("policy.toml", policy), "--db", db]).code == 0)
        #expect(await run(["import", "customers", try write("c.csv", "customer_id,name,email\nC1,Acme,ap-\(unique)@acme.example\n"), "--db", db]).code == 0)
        let invoices = "invoice_number,customer_id,issue_date,due_date,currency,amount\nINV-\(unique),C1,2026-05-01,2026-06-12,USD,1250.00\n"
        #expect(await run(["import", "invoices", try write("i.csv", invoices), "--db", db]).code == 0)
        let cycle = await run(["run", "--as-of", "2026-06-15", "--format", "json", "--db", db])
        let actions = try #require(try JSONSerialization.jsonObject(with: Data(cycle.out.utf8)) as? [[String: Any]])
        let id = try #require(actions.first?["id"] as? String)
        #expect(await run(["actions", "approve", id, "--db", db]).code == 0)
        return id
    }

    func status(of id: String) async throws -> String? {
        let listed = await run(["actions", "list", "--format", "json", "--db", db])
        let actions = try #require(try JSONSerialization.jsonObject(with: Data(listed.out.utf8)) as? [[String: Any]])
        return actions.first { $0["id"] as? String == id }?["status"] as? String
    }

    @Test("SMTP credentials over --smtp-tls none are refused before anything is sent, naming the flag")
    func plaintextCredentialsRefused() async throws {
        let host = try #require(environment["ARAGENT_TEST_SMTP_HOST"]), port = try #require(environment["ARAGENT_TEST_SMTP_PORT"])
        let unique = UUID().uuidString.prefix(8).lowercased()
        let id = try await approvedReminder(String(unique))
        for command in ["send", "worker"] {
            let result = await CommandEnvironment.$overrides.withValue(["ARAGENT_SMTP_PASSWORD": "secret"]) {
                await run([command] + (command == "worker" ? ["--once"] : ["--as-of", "2026-06-15"]) + ["--db", db, "--smtp-host", host,
                          "--smtp-port", port, "--smtp-tls", "none", "--smtp-user", "ar", "--from", "ar@supplier.example"])
            }
            #expect(result.code != 0)
            #expect(result.err.contains("--smtp-tls"), "\(result.err)")
            #expect(!result.err.contains("secret"))
        }
        #expect(try await status(of: id) == "approved")
        #expect(try await delivered(containing: "ap-\(unique)@", expecting: 0).isEmpty)
    }

    @Test("an SMTP server refusing the credentials stops the run and leaves the action approved; it goes out once the password is fixed",
          .enabled(if: ProcessInfo.processInfo.environment["ARAGENT_TEST_SMTP_TLS_PORT"] != nil, "no STARTTLS+AUTH test listener"))
    func authenticationFailure() async throws {
        let port = try #require(environment["ARAGENT_TEST_SMTP_TLS_PORT"]), ca = try #require(environment["ARAGENT_TEST_SMTP_CA"])
        let user = try #require(environment["ARAGENT_TEST_SMTP_USER"]), password = try #require(environment["ARAGENT_TEST_SMTP_PASSWORD"])
        let unique = UUID().uuidString.prefix(8).lowercased()
        let id = try await approvedReminder(String(unique))
        let arguments = ["send", "--as-of", "2026-06-15", "--db", db, "--smtp-host", "localhost", "--smtp-port", port, "--smtp-tls", "starttls",
                         "--smtp-ca", ca, "--smtp-user", user, "--from", "ar@supplier.example"]
        for _ in 0..<2 {
            let refused = await CommandEnvironment.$overrides.withValue(["ARAGENT_SMTP_PASSWORD": "not-the-password"]) { await run(arguments) }
            #expect(refused.code != 0)
            #expect(refused.err.contains("ARAGENT_SMTP_PASSWORD") && refused.err.contains("535"), "\(refused.err)")
            #expect(try await status(of: id) == "approved")
        }
        let fixed = await CommandEnvironment.$overrides.withValue(["ARAGENT_SMTP_PASSWORD": password]) { await run(arguments) }
        #expect(fixed.code == 0, "\(fixed.err)")
        #expect(fixed.out.contains("sent 1"), "\(fixed.out)")
        #expect(try await status(of: id) == "executed")
        let messages = try await delivered(containing: "ap-\(unique)@")
        #expect(messages.count == 1)
        #expect(messages.first?.contains("X-Test-Auth: \(user)") == true)
    }

    @Test("a final notice held back by a temporary SMTP failure is re-checked when it finally leaves: the invoice paid meanwhile is not in it, the address is the current one",
          arguments: TestEnvironment.engines)
    func finalNoticeAfterOutage(engine: DatabaseEngine) async throws {
        let host = try #require(environment["ARAGENT_TEST_SMTP_HOST"]), port = try #require(Int(environment["ARAGENT_TEST_SMTP_PORT"] ?? ""))
        let unique = UUID().uuidString.prefix(8).lowercased()
        let today = try #require(CalendarDate(iso: "2026-06-15"))
        let now = Date(timeIntervalSince1970: 1_781_517_600)  // Monday 10:00 UTC
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let store = SQLLedgerStore(database: database)
            func load(_ kind: ImportKind, _ text: String) async throws {
                _ = try await ImportService(store: store).importFile(bytes: Array(text.utf8), file: "\(kind).csv", kind: kind, options: ImportOptions())
            }
            // The test server answers 451 (try later) for addresses starting with "tempfail".
            try await load(.customers, "customer_id,name,email\nC1,Acme,tempfail-\(unique)@acme.example\n")
            try await load(.invoices, """
                invoice_number,customer_id,issue_date,due_date,currency,amount
                P-\(unique),C1,2026-04-01,2026-05-16,USD,700.00
                Q-\(unique),C1,2026-04-01,2026-05-16,USD,400.00

                """)
            let notice = try #require(try await CollectionsService(store: store).runCycle(asOf: today, dryRun: false).actions.first { $0.action.kind == .finalNotice })
            try await store.decide(actionID: notice.action.id, approve: true, actor: "jane", note: nil)
            func service() async throws -> DeliveryService {
                let sender = SMTPMessageSender(client: try SMTPClient(configuration: SMTPConfiguration(host: host, port: port, tls: .none)),
                                               from: try EmailAddress("ar@supplier.example"))
                var service = DeliveryService(store: store, sender: sender, composer: MessageComposer(renderer: try ReminderRenderer(), settings: MessageSettings(),
                                                                                                   signingKey: try await store.signingKey()), worker: "w1")
                service.companyTimeZone = TimeZone(identifier: "UTC")!
                return service
            }
            #expect(try await service().run(asOf: today, now: now).retrying == 1)
            try await load(.customers, "customer_id,name,email\nC1,Acme,ap-\(unique)@acme.example\n")
            try await load(.invoices, "invoice_number,customer_id,issue_date,due_date,currency,amount,open_amount,paid_date\nP-\(unique),C1,2026-04-01,2026-05-16,USD,700.00,0.00,2026-06-15\n")
            #expect(try await service().run(asOf: today, now: now.addingTimeInterval(120)).sent == 1)
            let messages = try await delivered(containing: "ap-\(unique)@")
            #expect(messages.count == 1)
            let body = decodeQuotedPrintable(try #require(messages.first))
            #expect(body.contains("Q-\(unique)") && body.contains("400.00 USD"))
            #expect(!body.contains("P-\(unique)"))
            #expect(try await store.action(id: notice.action.id)?.status == .executed)
        }
    }

    @Test("an address the SMTP server refuses (550 5.1.1) fails its message and marks the address: the next step goes by text; a German customer's reminder arrives in German",
          arguments: TestEnvironment.engines)
    func refusedAddressAndLanguage(engine: DatabaseEngine) async throws {
        let host = try #require(environment["ARAGENT_TEST_SMTP_HOST"]), port = try #require(Int(environment["ARAGENT_TEST_SMTP_PORT"] ?? ""))
        let unique = UUID().uuidString.prefix(8).lowercased()
        let today = try #require(CalendarDate(iso: "2026-06-15"))
        let now = Date(timeIntervalSince1970: 1_781_517_600)  // Monday 10:00 UTC
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let store = SQLLedgerStore(database: database)
            func load(_ kind: ImportKind, _ text: String) async throws {
                _ = try await ImportService(store: store).importFile(bytes: Array(text.utf8), file: "\(kind).csv", kind: kind, options: ImportOptions())
            }
            // The test server refuses addresses starting with "reject" at RCPT TO with 550 5.1.1.
            try await load(.customers, """
                customer_id,name,email,phone,language
                C1,Acme,reject-\(unique)@acme.example,+15550100,
                C2,Globex GmbH,ap-\(unique)@globex.example,,de

                """)
            try await load(.invoices, """
                invoice_number,customer_id,issue_date,due_date,currency,amount
                R-\(unique),C1,2026-05-20,2026-06-20,USD,700.00
                G-\(unique),C2,2026-04-01,2026-05-16,EUR,1250.00

                """)
            let planned = try await CollectionsService(store: store).runCycle(asOf: today, dryRun: false).actions
            #expect(planned.count == 2)
            for action in planned { try await store.decide(actionID: action.action.id, approve: true, actor: "jane", note: nil) }
            let sender = SMTPMessageSender(client: try SMTPClient(configuration: SMTPConfiguration(host: host, port: port, tls: .none)),
                                           from: try EmailAddress("ar@supplier.example"))
            var service = DeliveryService(store: store, sender: sender, composer: MessageComposer(renderer: try ReminderRenderer(), settings: MessageSettings(),
                                                                                               signingKey: try await store.signingKey()), worker: "w1")
            service.companyTimeZone = TimeZone(identifier: "UTC")!
            let report = try await service.run(asOf: today, now: now)
            #expect(report.sent == 1 && report.failed == 1 && report.bounced == 1, "\(report)")

            let signals = try await store.signals(customer: "C1", limit: 10)
            #expect(signals.contains { $0.kind == .bounce && $0.detail.contains("reject-\(unique)@acme.example") })
            let failed = try #require(try await store.actions(status: .failed).first { $0.action.customerID == "C1" })
            #expect(failed.note?.contains("5.1.1") == true)

            let german = decodeQuotedPrintable(try #require(try await delivered(containing: "ap-\(unique)@globex").first))
            #expect(german.contains("Guten Tag Globex GmbH,") && german.contains("1.250,00 EUR") && german.contains("letzte Mahnung"), "\(german)")

            // The firm follow-up falls due three days after the due date: by text, naming why.
            let next = try await CollectionsService(store: store).runCycle(asOf: try #require(CalendarDate(iso: "2026-06-23")), dryRun: true).actions
            let followUp = try #require(next.first { $0.action.customerID == "C1" })
            #expect(followUp.action.channel == .sms, "\(followUp.action)")
            #expect(followUp.action.reason.contains("bounced"), "\(followUp.action.reason)")
        }
    }

    @Test("replies in a Maildir: a promise answering a delivered reminder is recorded, a dispute naming an invoice is opened, an automatic reply is noted, a stranger's message waits for a person; reading again does nothing")
    func inboxProcess() async throws {
        let host = try #require(environment["ARAGENT_TEST_SMTP_HOST"]), port = try #require(environment["ARAGENT_TEST_SMTP_PORT"])
        let unique = UUID().uuidString.prefix(8).lowercased()
        _ = try await approvedReminder(unique)
        #expect(await run(["send", "--as-of", "2026-06-15", "--db", db, "--smtp-host", host, "--smtp-port", port, "--smtp-tls", "none",
                           "--from", "ar@supplier.example"]).out.contains("sent 1"))
        let raw = try #require(try await delivered(containing: "ap-\(unique)@acme").first)
        let reminderID = try #require(raw.split(separator: "\r\n").first { $0.hasPrefix("Message-ID: ") }?.dropFirst("Message-ID: ".count))
        #expect(await run(["import", "customers", try write("c2.csv", "customer_id,name,email\nC2,Globex,ap-\(unique)@globex.example\n"), "--db", db]).code == 0)
        #expect(await run(["import", "invoices", try write("i2.csv", "invoice_number,customer_id,issue_date,due_date,currency,amount\nGLX-\(unique)-7781,C2,2026-05-01,2026-06-01,USD,500.00\n"), "--db", db]).code == 0)

        let inbox = cli.folder.appendingPathComponent("inbox/new")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        func mail(_ name: String, _ text: String) throws {
            try Data(text.replacingOccurrences(of: "\n", with: "\r\n").utf8).write(to: inbox.appendingPathComponent(name))
        }
        try mail("1.promise", """
            From: Tom <ap-\(unique)@acme.example>
            To: ar@supplier.example
            Subject: Re: payment overdue
            Date: Mon, 15 Jun 2026 11:00:00 +0000
            Message-ID: <promise-\(unique)@acme.example>
            In-Reply-To: \(reminderID)

            Hello, we will pay this on Friday.
            Regards, Tom

            > Dear Acme, our records show a payment outstanding

            """)
        try mail("2.dispute", """
            From: ap-\(unique)@globex.example
            Subject: invoice question
            Date: Mon, 15 Jun 2026 12:00:00 +0000
            Message-ID: <dispute-\(unique)@globex.example>

            We never received the goods for invoice GLX-\(unique)-7781, please check the delivery.

            """)
        try mail("3.auto", """
            From: ap-\(unique)@acme.example
            Subject: Automatic reply: payment overdue
            Auto-Submitted: auto-replied
            Message-ID: <auto-\(unique)@acme.example>

            I am out of the office until Monday.

            """)
        try mail("4.stranger", """
            From: someone-\(unique)@elsewhere.example
            Subject: hello
            Message-ID: <stranger-\(unique)@elsewhere.example>

            Who are you and why do you write to me?

            """)
        let folder = cli.folder.appendingPathComponent("inbox").path
        let first = await run(["inbox", "process", "--maildir", folder, "--as-of", "2026-06-15", "--db", db])
        #expect(first.code == 0, "\(first.err)")
        #expect(first.out.contains("4 message(s) read: 2 acted on, 1 for a person, 1 ignored, 0 already processed."), "\(first.out)")
        #expect(first.out.contains("promise-\(unique)@acme.example: acted: promise to pay INV-\(unique) by 2026-06-19 recorded"), "\(first.out)")
        #expect(first.out.contains("dispute-\(unique)@globex.example: acted: dispute (not_received) opened on GLX-\(unique)-7781"), "\(first.out)")
        #expect(first.out.contains("stranger-\(unique)@elsewhere.example: needs_person"), "\(first.out)")

        let again = await run(["inbox", "process", "--maildir", folder, "--as-of", "2026-06-15", "--db", db])
        #expect(again.out.contains("4 message(s) read: 0 acted on, 0 for a person, 0 ignored, 4 already processed."), "\(again.out)")
        #expect(await run(["promise", "list", "--db", db]).out.contains("2026-06-19"))
        #expect(await run(["dispute", "list", "--db", db]).out.contains("GLX-\(unique)-7781"))
        let waiting = await run(["inbox", "list", "--status", "needs_person", "--db", db])
        #expect(waiting.out.contains("stranger-\(unique)@elsewhere.example") && !waiting.out.contains("promise-"), "\(waiting.out)")
        let shown = await run(["inbox", "show", "<promise-\(unique)@acme.example>", "--db", db])
        #expect(shown.out.contains("tied by a reply to the message of action") && shown.out.contains("promise_to_pay"), "\(shown.out)")

        // Neither the promised nor the disputed invoice is chased the next days.
        let cycle = await run(["run", "--as-of", "2026-06-18", "--format", "json", "--db", db])
        let actions = try #require(try JSONSerialization.jsonObject(with: Data(cycle.out.utf8)) as? [[String: Any]])
        let chased = actions.flatMap { ($0["invoice_numbers"] as? [String]) ?? [] }
        #expect(!chased.contains("INV-\(unique)") && !chased.contains("GLX-\(unique)-7781"), "\(actions)")
    }
}
