@testable import ARCommands
import ARMail
import ARTestSupport
import Foundation
import Testing

/// Replies read from a real IMAP server (Dovecot, started by scripts/test.sh): the customer's
/// answer to a delivered reminder goes through SMTP into the mailbox, and `inbox process --imap`
/// fetches it, ties it to the reminder, classifies it and records the promise; fetching again
/// reads nothing.
extension EmailDeliveryTests {
    var imapReady: Bool { environment["ARAGENT_TEST_IMAP_HOST"] != nil }

    /// A customer's reply sent through the SMTP server that delivers into the IMAP mailbox.
    func deliverToIMAP(from: String, subject: String, text: String, inReplyTo: String?, id: String) async throws {
        let port = try #require(Int(environment["ARAGENT_TEST_IMAP_SMTP_PORT"] ?? ""))
        let client = try SMTPClient(configuration: SMTPConfiguration(host: "127.0.0.1", port: port, tls: .none))
        let date = try #require(ISO8601DateFormatter().date(from: "2026-06-15T11:00:00Z"))
        let message = EmailMessage(from: try EmailAddress(from), to: [try EmailAddress("ar@supplier.example")], subject: subject, textBody: text,
                                   messageID: try MessageID(id), inReplyTo: try inReplyTo.map { try MessageID($0) }, date: date)
        _ = try await client.send(message)
    }

    @Test("a reply delivered through SMTP into a real IMAP mailbox is fetched, tied to its reminder, and its promise recorded; fetching again reads nothing; over IMAPS with --move-to the message lands in the folder",
          .enabled(if: ProcessInfo.processInfo.environment["ARAGENT_TEST_IMAP_HOST"] != nil, "no test IMAP server (scripts/test.sh starts Dovecot)"))
    func imapEndToEnd() async throws {
        let host = try #require(environment["ARAGENT_TEST_SMTP_HOST"]), port = try #require(environment["ARAGENT_TEST_SMTP_PORT"])
        let imapPort = try #require(environment["ARAGENT_TEST_IMAP_PORT"]), imapsPort = try #require(environment["ARAGENT_TEST_IMAP_TLS_PORT"])
        let ca = try #require(environment["ARAGENT_TEST_IMAP_CA"]), user = try #require(environment["ARAGENT_TEST_IMAP_USER"])
        let password = try #require(environment["ARAGENT_TEST_IMAP_PASSWORD"])
        let unique = UUID().uuidString.prefix(8).lowercased()
        _ = try await approvedReminder(unique)
        #expect(await run(["send", "--as-of", "2026-06-15", "--db", db, "--smtp-host", host, "--smtp-port", port, "--smtp-tls", "none",
                           "--from", "ar@supplier.example"]).out.contains("sent 1"))
        let raw = try #require(try await delivered(containing: "ap-\(unique)@acme").first)
        let reminderID = String(try #require(raw.split(separator: "\r\n").first { $0.hasPrefix("Message-ID: ") }?.dropFirst("Message-ID: ".count)))

        try await deliverToIMAP(from: "ap-\(unique)@acme.example", subject: "Re: payment overdue",
                                text: "Hello, we will pay this on Friday.\nRegards, Tom\n\n> Dear Acme, our records show a payment outstanding\n",
                                inReplyTo: reminderID, id: "<imap-promise-\(unique)@acme.example>")
        let starttls = "imap://\(user)@127.0.0.1:\(imapPort)/INBOX?ca=\(ca)"
        let first = await CommandEnvironment.$overrides.withValue(["ARAGENT_IMAP_PASSWORD": password]) {
            await run(["inbox", "process", "--imap", starttls, "--as-of", "2026-06-15", "--db", db])
        }
        #expect(first.code == 0, "\(first.err)")
        #expect(first.out.contains("imap-promise-\(unique)@acme.example: acted: promise to pay INV-\(unique) by 2026-06-19 recorded"), "\(first.out)")
        let shown = await run(["inbox", "show", "<imap-promise-\(unique)@acme.example>", "--db", db])
        #expect(shown.out.contains("tied by a reply to the message of action"), "\(shown.out)")
        #expect(!first.out.contains(password) && !first.err.contains(password))

        let again = await CommandEnvironment.$overrides.withValue(["ARAGENT_IMAP_PASSWORD": password]) {
            await run(["inbox", "process", "--imap", starttls, "--as-of", "2026-06-15", "--db", db])
        }
        #expect(again.code == 0, "\(again.err)")
        #expect(again.out.contains("0 message(s) read"), "\(again.out)")

        // The wrong password: a clear error naming the variable, the password nowhere in it.
        let refused = await CommandEnvironment.$overrides.withValue(["ARAGENT_IMAP_PASSWORD": "wrong-\(unique)"]) {
            await run(["inbox", "process", "--imap", starttls, "--as-of", "2026-06-15", "--db", db])
        }
        #expect(refused.code != 0)
        #expect(refused.err.contains("ARAGENT_IMAP_PASSWORD") && !refused.err.contains("wrong-\(unique)"), "\(refused.err)")

        // IMAPS, processed messages moved to a folder.
        try await deliverToIMAP(from: "ap-\(unique)@acme.example", subject: "invoice INV-\(unique)",
                                text: "We never received the goods for invoice INV-\(unique), please check the delivery.\n",
                                inReplyTo: nil, id: "<imap-dispute-\(unique)@acme.example>")
        let moved = await CommandEnvironment.$overrides.withValue(["ARAGENT_IMAP_PASSWORD": password]) {
            await run(["inbox", "process", "--imap", "imaps://\(user)@127.0.0.1:\(imapsPort)/INBOX?ca=\(ca)", "--move-to", "Processed",
                       "--as-of", "2026-06-15", "--db", db])
        }
        #expect(moved.code == 0, "\(moved.err)")
        #expect(moved.out.contains("imap-dispute-\(unique)@acme.example: acted: dispute"), "\(moved.out)")
        if let dir = environment["ARAGENT_IMAP_DIR"] {
            let folder = URL(fileURLWithPath: dir).appendingPathComponent("mail/\(user)/.Processed")
            let files = ["new", "cur"].flatMap { part in
                ((try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(part).path)) ?? []).map { folder.appendingPathComponent(part).appendingPathComponent($0) }
            }
            let names = files.map(\.lastPathComponent)
            let texts = files.compactMap { try? String(contentsOf: $0, encoding: .utf8) }
            #expect(texts.contains { $0.contains("imap-dispute-\(unique)@acme.example") }, "\(names)")
        }
        #expect(await run(["dispute", "list", "--db", db]).out.contains("INV-\(unique)"))
    }
}
