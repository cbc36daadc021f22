@testable import ARMail
import Foundation
import Testing

@Suite("MIME rendering")
struct MIMEWriterTests {
    private func render(_ message: EmailMessage) throws -> ParsedMessage {
        ParsedMessage(try MIMEWriter().render(message))
    }

    @Test("a reminder carries every header, correct and once")
    func headers() throws {
        let id = try MessageID(localPart: "reminder.act-0042", domain: "acme.example")
        let parsed = try render(try Reminders.firstReminder(messageID: id))

        #expect(parsed.header("Date") == "Sat, 29 Nov 2025 02:01:00 +0000")
        #expect(parsed.header("From") == "Acme Receivables <ar@acme.example>")
        #expect(parsed.header("To") == "ap@customer.example, controller@customer.example")
        #expect(parsed.header("Reply-To") == "Acme AR <replies@acme.example>")
        #expect(parsed.header("Subject") == "Payment reminder: 2 open invoices (1,324.46 EUR)")
        #expect(parsed.header("Message-ID") == "<reminder.act-0042@acme.example>")
        #expect(parsed.header("In-Reply-To") == "<first.act-0041@acme.example>")
        #expect(parsed.header("References") == "<statement.7@acme.example> <first.act-0041@acme.example>")
        #expect(parsed.header("List-Unsubscribe") == "<https://ar.acme.example/u/tok123>, <mailto:unsubscribe@acme.example?subject=tok123>")
        #expect(parsed.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click")
        #expect(parsed.header("X-ARAgent-Action") == "act-0042")
        #expect(parsed.header("MIME-Version") == "1.0")
        #expect(parsed.header("Cc") == nil)
        for name in ["Date", "From", "To", "Subject", "Message-ID", "MIME-Version", "Content-Type"] {
            #expect(parsed.count(of: name) == 1, "\(name) appears once")
        }
    }

    @Test("with an HTML body: multipart/alternative, text/plain then text/html, both UTF-8 quoted-printable")
    func bothParts() throws {
        let parsed = try render(try Reminders.firstReminder())
        #expect(parsed.mediaType == "multipart/alternative")
        let boundary = try #require(parsed.contentTypeParameter("boundary"))
        #expect(boundary.hasPrefix("=_ARAgent_") && boundary.count <= 70)
        #expect(parsed.body.contains("\r\n--\(boundary)--\r\n"), "the closing delimiter is there")

        let parts = parsed.parts
        try #require(parts.count == 2)
        #expect(parts[0].header("Content-Type") == "text/plain; charset=UTF-8")
        #expect(parts[1].header("Content-Type") == "text/html; charset=UTF-8")
        for part in parts {
            #expect(part.header("Content-Transfer-Encoding") == "quoted-printable")
            for invoice in Reminders.invoices {
                #expect(part.decodedBody.contains(invoice.number))
                #expect(part.decodedBody.contains(invoice.amount))
            }
        }
        #expect(parts[0].decodedBody.hasPrefix("Dear Customer Accounts Payable,\r\n\r\nour records show"))
        #expect(parts[1].decodedBody.contains("<table><tr><td>INV-2024-0042</td>"))
    }

    @Test("without an HTML body: a single text/plain part")
    func singlePart() throws {
        var message = try Reminders.firstReminder()
        message.htmlBody = nil
        let parsed = try render(message)
        #expect(parsed.header("Content-Type") == "text/plain; charset=UTF-8")
        #expect(parsed.header("Content-Transfer-Encoding") == "quoted-printable")
        #expect(parsed.parts.isEmpty)
        #expect(parsed.decodedBody.contains("INV-2024-0057   due 2025-10-31   89.90 EUR"))
        #expect(parsed.raw.hasSuffix("\r\n"))
    }

    @Test("every boundary is fresh")
    func randomBoundary() throws {
        let message = try Reminders.firstReminder()
        let boundaries = try (0..<5).map { _ in try render(message).contentTypeParameter("boundary") }
        #expect(Set(boundaries).count == 5)
    }

    @Test("only ASCII, CRLF line ends, headers folded under 998 and QP lines at most 76")
    func lineDiscipline() throws {
        var message = try Reminders.firstReminder()
        message.textBody = String(repeating: "Müller GmbH schuldet 1.234,56 € ", count: 40) + "\n" + String(repeating: "x", count: 3000)
        message.subject = String(repeating: "Zahlungserinnerung für Rechnung INV-2024-0042 ", count: 8)
        message.to = try (1...12).map { try EmailAddress("contact\($0)@customer.example", name: "Contact Number \($0)") }
        let raw = try MIMEWriter().render(message)
        #expect(raw.utf8.allSatisfy { $0 < 0x80 })
        #expect(!raw.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "no bare LF")
        #expect(!raw.replacingOccurrences(of: "\r\n", with: "").contains("\r"), "no bare CR")
        let parsed = ParsedMessage(raw)
        for line in parsed.rawLines {
            #expect(line.utf8.count <= 998)
        }
        for part in parsed.parts {
            for line in part.body.split(separator: "\r\n", omittingEmptySubsequences: false) {
                #expect(line.utf8.count <= 76, "QP line of \(line.utf8.count)")
            }
        }
        let headerBlock = raw.components(separatedBy: "\r\n\r\n")[0]
        for line in headerBlock.split(separator: "\r\n") where !line.hasPrefix("Subject") && !line.hasPrefix(" =?") {
            #expect(line.utf8.count <= 78, "folded header line: \(line)")
        }
        #expect(parsed.decodedHeader("To")?.contains("Contact Number 12 <contact12@customer.example>") == true)
        #expect(parsed.decodedHeader("Subject") == message.subject)
    }

    @Test("long lines and non-ASCII round-trip through quoted-printable")
    func quotedPrintableBody() throws {
        var message = try Reminders.firstReminder()
        let long = String(repeating: "0123456789", count: 30)
        message.textBody = "Grüße aus Köln – offen: 1.234,56 €\n\(long)\ntrailing space \nend"
        let parsed = try render(message)
        let plain = parsed.parts[0]
        #expect(plain.body.contains("Gr=C3=BC=C3=9Fe aus K=C3=B6ln =E2=80=93 offen: 1.234,56 =E2=82=AC"))
        #expect(plain.body.contains("=\r\n"), "the 300-character line has soft breaks")
        #expect(plain.body.contains("trailing space=20\r\n"), "whitespace before a line end is encoded")
        #expect(plain.decodedBody == "Grüße aus Köln – offen: 1.234,56 €\r\n\(long)\r\ntrailing space \r\nend")
    }

    @Test("non-ASCII subjects and display names become RFC 2047 encoded-words")
    func encodedWords() throws {
        var message = try Reminders.firstReminder()
        message.subject = "Zahlungserinnerung: Rechnung INV-2024-0042 über 1.234,56 € – bitte prüfen"
        message.from = try EmailAddress("ar@acme.example", name: "Müller & Söhne Forderungsmanagement")
        message.to = [try EmailAddress("ap@customer.example", name: "Δημήτρης Παπαδόπουλος")]
        let parsed = try render(message)

        let subject = try #require(parsed.header("Subject"))
        #expect(subject.hasPrefix("=?UTF-8?B?"))
        let words = subject.split(separator: " ")
        #expect(words.count >= 2, "a long subject is split into several words")
        #expect(words.allSatisfy { $0.count <= 75 && $0.hasPrefix("=?UTF-8?B?") && $0.hasSuffix("?=") })
        #expect(parsed.decodedHeader("Subject") == message.subject)
        #expect(parsed.decodedHeader("From") == "Müller & Söhne Forderungsmanagement <ar@acme.example>")
        #expect(parsed.header("From")?.hasSuffix(" <ar@acme.example>") == true)
        #expect(parsed.decodedHeader("To") == "Δημήτρης Παπαδόπουλος <ap@customer.example>")
    }

    @Test("ASCII display names with specials are quoted; text that looks encoded is encoded")
    func quotedNames() throws {
        var message = try Reminders.firstReminder()
        message.from = try EmailAddress("ar@acme.example", name: "Acme, Inc. \"Receivables\"")
        message.subject = "about =?UTF-8?B?x?= literally"
        let parsed = try render(message)
        #expect(parsed.header("From") == #""Acme, Inc. \"Receivables\"" <ar@acme.example>"#)
        #expect(parsed.header("Subject")?.hasPrefix("=?UTF-8?B?") == true)
        #expect(parsed.decodedHeader("Subject") == "about =?UTF-8?B?x?= literally")
    }

    @Test("a body line starting with '.' is dot-stuffed for DATA, and DATA ends with CRLF.CRLF")
    func dotStuffing() throws {
        var message = try Reminders.firstReminder()
        message.htmlBody = nil
        message.textBody = "first\n.second starts with a dot\n..third with two\n.\nlast"
        let rendered = try MIMEWriter().render(message)
        #expect(rendered.contains("\r\n.second starts with a dot\r\n"), "the writer leaves dots alone")
        let data = String(decoding: SMTPData.dotStuffed(rendered), as: UTF8.self)
        #expect(data.contains("\r\n..second starts with a dot\r\n"))
        #expect(data.contains("\r\n...third with two\r\n"))
        #expect(data.contains("\r\n..\r\nlast\r\n"), "a lone '.' line cannot end the message early")
        #expect(data.hasSuffix("last\r\n.\r\n"))
        #expect(!data.dropLast(3).contains("\r\n.\r\n"), "the only terminator is the last line")
        #expect(String(decoding: SMTPData.dotStuffed("no final newline"), as: UTF8.self) == "no final newline\r\n.\r\n")
    }

    @Test(
        "header injection is refused with a clear error",
        arguments: [
            ("Subject", "Reminder\r\nBcc: everyone@evil.example"),
            ("Subject", "Reminder\nX-Injected: 1"),
            ("Subject", "Reminder\rX-Injected: 1"),
            ("Subject", "Reminder\u{2028}X-Injected: 1"),
            ("From display name", "Acme\r\nBcc: x@evil.example"),
            ("X-ARAgent-Action", "act-1\r\nBcc: x@evil.example"),
        ]
    )
    func headerInjection(field: String, value: String) throws {
        var message = try Reminders.firstReminder()
        switch field {
        case "Subject": message.subject = value
        case "From display name": message.from = try EmailAddress("ar@acme.example", name: value)
        default: message.extraHeaders = [EmailHeader(field, value)]
        }
        #expect(throws: EmailMessageError.headerValueContainsLineBreak(header: field)) {
            try MIMEWriter().render(message)
        }
        let description = EmailMessageError.headerValueContainsLineBreak(header: field).description
        #expect(description.contains("line break") && description.contains(field))
    }

    @Test("other bad headers are refused by name")
    func badHeaders() throws {
        var message = try Reminders.firstReminder()
        message.extraHeaders = [EmailHeader("X-Bad: Header", "v")]
        #expect(throws: EmailMessageError.invalidHeaderName("X-Bad: Header")) { try MIMEWriter().render(message) }
        message.extraHeaders = [EmailHeader("bcc", "hidden@evil.example")]
        #expect(throws: EmailMessageError.reservedHeader("bcc")) { try MIMEWriter().render(message) }
        message.extraHeaders = [EmailHeader("X-Null", "a\u{0}b")]
        #expect(throws: EmailMessageError.headerValueContainsControlCharacter(header: "X-Null")) { try MIMEWriter().render(message) }
        message.extraHeaders = []
        message.listUnsubscribe = ListUnsubscribe(uris: ["mailto:u@acme.example"], oneClick: true)
        #expect(throws: EmailMessageError.oneClickUnsubscribeNeedsHTTPS) { try MIMEWriter().render(message) }
        message.listUnsubscribe = ListUnsubscribe(uris: ["https://x.example/a>b"], oneClick: true)
        #expect(throws: EmailMessageError.self) { try MIMEWriter().render(message) }
        message.listUnsubscribe = nil
        message.to = []
        message.cc = []
        #expect(throws: EmailMessageError.noRecipients) { try MIMEWriter().render(message) }
    }

    @Test("Cc is written and recipients are To then Cc, each once")
    func recipients() throws {
        var message = try Reminders.firstReminder(to: ["ap@customer.example"])
        message.cc = [try EmailAddress("AP@customer.example"), try EmailAddress("cfo@customer.example", name: "CFO")]
        #expect(message.recipients.map(\.address) == ["ap@customer.example", "cfo@customer.example"])
        #expect(try render(message).header("Cc") == "AP@customer.example, CFO <cfo@customer.example>")
    }

    @Test("dates are RFC 5322 in UTC", arguments: [
        (0.0, "Thu, 1 Jan 1970 00:00:00 +0000"),
        (951_782_400.0, "Tue, 29 Feb 2000 00:00:00 +0000"),
        (1_764_381_660.0, "Sat, 29 Nov 2025 02:01:00 +0000"),
        (-86_401.0, "Tue, 30 Dec 1969 23:59:59 +0000"),
        (4_102_444_799.0, "Thu, 31 Dec 2099 23:59:59 +0000"),
    ])
    func dates(seconds: Double, expected: String) {
        #expect(MIMEWriter.rfc5322Date(Date(timeIntervalSince1970: seconds)) == expected)
    }
}
