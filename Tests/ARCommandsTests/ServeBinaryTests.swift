import ARTestSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `aragent serve` as the real process an operator starts: it prints its one-time admin
/// password and the address it listens on, answers /health, and stops on SIGTERM with exit 0.
@Suite("aragent serve, the real binary")
struct ServeBinaryTests {
    /// The lines a child writes to a pipe, as they come (a blocking read on its own thread:
    /// the test waits for output, never for a clock).
    static func lines(of handle: FileHandle) -> AsyncStream<String> {
        AsyncStream { continuation in
            Thread.detachNewThread {
                var pending = Data()
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    pending.append(chunk)
                    while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                        continuation.yield(String(decoding: pending[pending.startIndex..<newline], as: UTF8.self))
                        pending = Data(pending[pending.index(after: newline)...])
                    }
                }
                if !pending.isEmpty { continuation.yield(String(decoding: pending, as: UTF8.self)) }
                continuation.finish()
            }
        }
    }

    @Test("serve on a free port from its config file: one-time admin password, GET /health 200, SIGTERM exits 0")
    func serveHealthSigterm() async throws {
        let binary = try RealBinary()
        // The ledger and the port come from the file, as an operator would configure them.
        _ = try binary.write("company.json", """
            {"legalName": "Config Trading GmbH", "address": "Hauptstr. 1, Berlin", "arContact": "ar@config.example",
             "payment": [{"currency": "EUR", "bankName": "Testbank", "iban": "DE89 3704 0044 0532 0130 00", "bic": "COBADEFFXXX"}]}
            """)
        let config = try binary.write("aragent.toml", "db = \"serve.sqlite\"\n[server]\nport = 0\n[company]\nprofile = \"company.json\"\n")
        let process = Process()
        process.executableURL = binary.executable
        process.arguments = ["serve", "--config", config]
        process.currentDirectoryURL = binary.folder
        var environment = ProcessInfo.processInfo.environment
        environment["ARAGENT_TIMEZONE"] = RealBinary.timeZone
        for name in ["ARAGENT_DB", "ARAGENT_SMTP_HOST", "ARAGENT_MAIL_FROM", "ARAGENT_SERVER_PORT"] { environment[name] = nil }
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        let (exits, exited) = AsyncStream<Void>.makeStream()
        process.terminationHandler = { _ in
            exited.yield()
            exited.finish()
        }
        try process.run()
        var printed: [String] = [], port: Int?
        for await line in Self.lines(of: out.fileHandleForReading) {
            printed.append(line)
            if let range = line.range(of: "Listening on http://127.0.0.1:") {
                port = Int(line[range.upperBound...].prefix { $0.isNumber })
                break
            }
        }
        guard let port else {
            process.terminate()
            Issue.record("serve printed no address: \(printed)")
            return
        }
        #expect(printed.contains { $0.contains("created 'admin' with the one-time password") })
        let (data, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/health")!)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: data, as: UTF8.self).contains("\"ok\""))
        kill(process.processIdentifier, SIGTERM)
        for await _ in exits {}
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
        #expect(FileManager.default.fileExists(atPath: binary.folder.appendingPathComponent("serve.sqlite").path))
        // The profile the configuration names is the ledger's now.
        #expect(printed.contains { $0.contains("Company profile set from company.json: Config Trading GmbH.") }, "\(printed)")
        let shown = try await binary.run(["company", "show", "--db", binary.folder.appendingPathComponent("serve.sqlite").path])
        #expect(shown.out.contains("Config Trading GmbH") && shown.out.contains("DE89 3704 0044 0532 0130 00"), "\(shown)")
    }

    @Test("serve with an IMAP mailbox configured reads the replies in it as `inbox process --imap` does, and says so",
          .enabled(if: ProcessInfo.processInfo.environment["ARAGENT_TEST_IMAP_SERVE_MAILDIR"] != nil, "no test IMAP server (scripts/test.sh starts Dovecot)"))
    func servePollsMailbox() async throws {
        let environment = ProcessInfo.processInfo.environment
        let maildir = URL(fileURLWithPath: try #require(environment["ARAGENT_TEST_IMAP_SERVE_MAILDIR"]))
        let imapPort = try #require(environment["ARAGENT_TEST_IMAP_PORT"]), ca = try #require(environment["ARAGENT_TEST_IMAP_CA"])
        let user = try #require(environment["ARAGENT_TEST_IMAP_USER"]), password = try #require(environment["ARAGENT_TEST_IMAP_PASSWORD"])
        let unique = UUID().uuidString.prefix(8).lowercased()
        // Delivered as a delivery agent does: written in tmp/, renamed into new/.
        let name = "serve-\(unique).eml"
        let message = "From: someone-\(unique)@elsewhere.example\r\nSubject: hello\r\nMessage-ID: <serve-\(unique)@elsewhere.example>\r\n\r\nWho are you?\r\n"
        try Data(message.utf8).write(to: maildir.appendingPathComponent("tmp/\(name)"))
        try FileManager.default.moveItem(at: maildir.appendingPathComponent("tmp/\(name)"), to: maildir.appendingPathComponent("new/\(name)"))

        let binary = try RealBinary()
        let config = try binary.write("aragent.toml", """
            db = "serve.sqlite"
            [server]
            port = 0
            [imap]
            url = "imap://\(user)@127.0.0.1:\(imapPort)/Serve?ca=\(ca)"
            minutes = 1

            """)
        let served = try await ServedProcess.start(binary: binary, arguments: ["serve", "--config", config], environment: ["ARAGENT_IMAP_PASSWORD": password])
        defer { served.terminate() }
        try await served.waitFor("Inbox imap://\(user)@127.0.0.1:\(imapPort)/Serve: ")
        served.terminate()
        #expect(await served.exitStatus() == 0)
        #expect(served.early.contains { $0.contains("Reading replies from imap://\(user)@127.0.0.1:\(imapPort)/Serve every 1 minute(s).") }, "\(served.early)")
        #expect(!served.early.contains { $0.contains(password) })
        let shown = try await binary.run(["inbox", "show", "<serve-\(unique)@elsewhere.example>", "--db", binary.folder.appendingPathComponent("serve.sqlite").path])
        #expect(shown.out.contains("needs_person"), "\(shown)")
    }

    @Test("POST /api/v1/inbound with a collector's token reads one raw message as `inbox process` does; the same message again is already processed; a body that is not mail is a 422; no token is a 401")
    func inboundWebhook() async throws {
        let binary = try RealBinary()
        let db = binary.folder.appendingPathComponent("hook.sqlite").path
        #expect(try await binary.run(["import", "customers", try binary.write("c.csv", "customer_id,name,email\nC1,Acme,ap@acme.example\n"), "--db", db]).status == 0)
        #expect(try await binary.run(["import", "invoices", try binary.write("i.csv", """
            invoice_number,customer_id,issue_date,due_date,currency,amount
            INV-8801,C1,2026-04-01,2026-05-01,USD,480.00

            """), "--db", db]).status == 0)
        let token = try #require(try await binary.run(["tokens", "create", "--name", "mail-provider", "--role", "collector", "--db", db])
            .out.split(separator: "\n").last.map(String.init))
        let served = try await ServedProcess.start(binary: binary, arguments: ["serve", "--db", db, "--port", "0"])
        defer { served.terminate() }
        let base = try #require(URL(string: "http://127.0.0.1:\(served.port)/api/v1/inbound"))
        func post(_ body: String, token: String?) async throws -> (Int, [String: Any]) {
            var request = URLRequest(url: base)
            request.httpMethod = "POST"
            request.setValue("message/rfc822", forHTTPHeaderField: "Content-Type")
            if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
            request.httpBody = Data(body.replacingOccurrences(of: "\n", with: "\r\n").utf8)
            let (data, response) = try await URLSession.shared.data(for: request)
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:])
        }
        let mail = """
            From: ap@acme.example
            Subject: INV-8801
            Date: Mon, 15 Jun 2026 09:00:00 +0000
            Message-ID: <hook-1@acme.example>

            We never received the goods for invoice INV-8801, please check the delivery.

            """
        let (status, first) = try await post(mail, token: token)
        #expect(status == 200, "\(first)")
        #expect(first["message_id"] as? String == "hook-1@acme.example" && first["status"] as? String == "acted", "\(first)")
        #expect((first["outcome"] as? String)?.contains("dispute") == true && first["already_processed"] as? Bool == false, "\(first)")
        let (again, second) = try await post(mail, token: token)
        #expect(again == 200 && second["already_processed"] as? Bool == true && second["status"] as? String == "acted", "\(second)")
        let (bad, problem) = try await post("just some words without any header\n", token: token)
        #expect(bad == 422, "\(problem)")
        #expect((problem["detail"] as? String)?.contains("header") == true, "\(problem)")
        #expect(try await post(mail, token: nil).0 == 401)
        served.terminate()
        #expect(await served.exitStatus() == 0)
        #expect(try await binary.run(["dispute", "list", "--db", db]).out.contains("INV-8801"))
    }
}
