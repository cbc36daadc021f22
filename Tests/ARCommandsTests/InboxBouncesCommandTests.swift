import ARCore
import ARTestSupport
import Foundation
import Testing

/// `aragent inbox bounces --maildir DIR`: a DSN in the Maildir marks the customer's address, the
/// next step leaves email for another channel with the reason, reading again records nothing twice.
@Suite("Command line: bounces mark failing addresses")
struct InboxBouncesCommandTests {
    static func dsn(to recipient: String, status: String, id: String) -> String {
        """
        From: Mail Delivery System <MAILER-DAEMON@mx.example.net>\r
        To: ar@supplier.example\r
        Subject: Undelivered Mail Returned to Sender\r
        Message-ID: <\(id)@mx.example.net>\r
        Auto-Submitted: auto-replied\r
        MIME-Version: 1.0\r
        Content-Type: multipart/report; report-type=delivery-status; boundary="b"\r
        \r
        --b\r
        Content-Type: text/plain\r
        \r
        Your message could not be delivered to one or more recipients.\r
        --b\r
        Content-Type: message/delivery-status\r
        \r
        Reporting-MTA: dns; mx.example.net\r
        \r
        Final-Recipient: rfc822; \(recipient)\r
        Action: failed\r
        Status: \(status)\r
        Diagnostic-Code: smtp; 550 \(status) user unknown\r
        --b--\r

        """
    }

    @Test("a permanent bounce marks the customer, whose next step is a text instead of an email; a temporary one and a second read do nothing")
    func bounces() async throws {
        let cli = try CLIHarness()
        let today = try #require(CalendarDate(iso: String(ISO8601DateFormatter().string(from: Date()).prefix(10))))
        let due = today.adding(days: -4).iso, issued = today.adding(days: -40).iso
        let customers = try cli.write("customers.csv", """
            customer_id,name,email,phone
            C1,Acme,"ap@acme.example; boss@acme.example",+15551230000
            C2,Globex,ap@globex.example,

            """)
        let invoices = try cli.write("invoices.csv", """
            invoice_number,customer_id,issue_date,due_date,currency,amount
            A1,C1,\(issued),\(due),USD,500.00
            G1,C2,\(issued),\(due),USD,500.00

            """)
        #expect(await cli.run(["import", "customers", customers, "--db", cli.db]).code == 0)
        #expect(await cli.run(["import", "invoices", invoices, "--db", cli.db]).code == 0)
        let maildir = cli.folder.appendingPathComponent("Maildir")
        for folder in ["new", "cur", "tmp"] {
            try FileManager.default.createDirectory(at: maildir.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        try Data(Self.dsn(to: "AP@acme.example", status: "5.1.1", id: "b1").utf8).write(to: maildir.appendingPathComponent("new/1.eml"))
        try Data(Self.dsn(to: "ap@globex.example", status: "4.2.2", id: "b2").utf8).write(to: maildir.appendingPathComponent("new/2.eml"))
        try Data(Self.dsn(to: "nobody@else.example", status: "5.1.1", id: "b3").utf8).write(to: maildir.appendingPathComponent("cur/3.eml"))
        let first = await cli.run(["inbox", "bounces", "--maildir", maildir.path, "--db", cli.db])
        #expect(first.code == 0, "\(first.err)")
        #expect(first.out.lowercased().contains("marked ap@acme.example of customer c1 as failing."))
        #expect(first.out.contains("3 message(s) read, 3 bounce(s): 1 address(es) marked, 0 already known, 1 temporary failure(s) left alone, 1 address(es) of no customer (nobody@else.example)"))
        let again = await cli.run(["inbox", "bounces", "--maildir", maildir.path, "--db", cli.db])
        #expect(again.out.contains("0 address(es) marked, 1 already known"))
        // Tomorrow's plan (a weekday): no email to Acme's failing address, a text with the reason; Globex by email as before.
        var day = today.adding(days: 1)
        while day.weekdayIndex >= 5 { day = day.adding(days: 1) }
        let plan = await cli.run(["run", "--as-of", day.iso, "--dry-run", "--format", "json", "--db", cli.db])
        let actions = try #require(try JSONSerialization.jsonObject(with: Data(plan.out.utf8)) as? [[String: Any]])
        let acme = try #require(actions.first { $0["customer_id"] as? String == "C1" })
        #expect(acme["channel"] as? String == "sms")
        #expect((acme["reason"] as? String)?.contains("the email address bounced") == true)
        #expect(actions.first { $0["customer_id"] as? String == "C2" }?["channel"] as? String == "email")
        let audit = await cli.run(["audit", "--limit", "20", "--db", cli.db])
        #expect(audit.out.contains("signal:bounce"))
    }
}
