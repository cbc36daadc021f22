@testable import ARCommands
import ARTestSupport
import Foundation
import Testing

/// `aragent inbox process` on a Maildir the test writes: what a customer's "already paid"
/// claim finds among the unapplied bank lines.
@Suite("Command line: inbox process")
struct InboxProcessCommandTests {
    let cli: CLIHarness
    var db: String { cli.db }

    init() throws { cli = try CLIHarness() }

    func run(_ arguments: [String]) async -> (out: String, err: String, code: Int32) { await cli.run(arguments) }

    func mail(_ folder: URL, _ name: String, _ text: String) throws {
        try Data(text.replacingOccurrences(of: "\n", with: "\r\n").utf8).write(to: folder.appendingPathComponent(name))
    }

    @Test("an 'already paid' claim names the unapplied bank line of the invoice's amount for a person to apply; without one it asks for the remittance details")
    func alreadyPaid() async throws {
        #expect(await run(["import", "customers", try cli.write("c.csv", "customer_id,name,email\nC1,Acme,ap@acme.example\n"), "--db", db]).code == 0)
        #expect(await run(["import", "invoices", try cli.write("i.csv", """
            invoice_number,customer_id,issue_date,due_date,currency,amount
            INV-7001,C1,2026-04-01,2026-05-01,USD,480.00
            INV-7002,C1,2026-04-01,2026-05-01,USD,120.00

            """), "--db", db]).code == 0)
        // A credit nobody can tie to a customer: it stays unapplied.
        let statement = await run(["import", "statement", try cli.write("s.csv", """
            transaction_id,value_date,amount,currency,payer_name,remittance
            T-1,2026-06-01,480.00,USD,J SMITH HOLDINGS,TRANSFER

            """), "--db", db])
        #expect(statement.code == 0, "\(statement.err)")
        let inbox = cli.folder.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        try mail(inbox, "1.eml", """
            From: ap@acme.example
            Subject: Re: payment overdue INV-7001
            Date: Mon, 15 Jun 2026 09:00:00 +0000
            Message-ID: <paid-1@acme.example>

            Hello, invoice INV-7001 was already paid on June 1st by bank transfer. Please check your account.

            """)
        try mail(inbox, "2.eml", """
            From: ap@acme.example
            Subject: INV-7002
            Date: Mon, 15 Jun 2026 09:05:00 +0000
            Message-ID: <paid-2@acme.example>

            We paid invoice INV-7002 last week, the money should be with you.

            """)
        let result = await run(["inbox", "process", "--maildir", inbox.path, "--as-of", "2026-06-15", "--db", db])
        #expect(result.code == 0, "\(result.err)")
        #expect(result.out.contains("paid-1@acme.example: needs_person: says it is paid (INV-7001); unapplied bank lines that may be it: #")
                && result.out.contains("480.00 USD on 2026-06-01 from J SMITH HOLDINGS"), "\(result.out)")
        #expect(result.out.contains("paid-2@acme.example: needs_person: says it is paid (INV-7002), and no unapplied bank line matches"), "\(result.out)")
    }
}
