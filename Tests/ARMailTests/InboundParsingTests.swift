import ARAgent
import ARMail
import Foundation
import Testing

/// The inbound parser on small messages written for one rule each: encodings, charsets,
/// RFC 2231 parameters, nested multipart, HTML-only mail, bounces, auto-replies, replies,
/// and input that is damaged or not mail at all.
@Suite("Inbound parsing")
struct InboundParsingTests {
    func parse(_ text: String) throws -> InboundMessage {
        try InboundMessage(parsing: Array(text.utf8))
    }

    @Test("encoded-words: B and Q, several charsets, adjacent words joined, malformed kept")
    func encodedWords() {
        #expect(EncodedWord.decode("=?UTF-8?B?TcO8bGxlcg==?=") == "Müller")
        #expect(EncodedWord.decode("=?iso-8859-1?Q?Fr=F6sche?= und =?ISO-8859-15?Q?=A4?=") == "Frösche und €")
        #expect(EncodedWord.decode("=?koi8-r?B?8NLJ18XU?=") == "Привет")
        #expect(EncodedWord.decode("=?windows-1252?Q?caf=E9?= =?windows-1252?Q?_cr=E8me?=") == "café crème")
        #expect(EncodedWord.decode("=?iso-2022-jp?B?GyRCJCIbKEI=?=") == "あ")
        #expect(EncodedWord.decode("=?shift_jis?B?gqA=?=") == "あ")
        #expect(EncodedWord.decode("=?UTF-8?B?invalid") == "=?UTF-8?B?invalid")
        #expect(EncodedWord.decode("=?x-unknown?Q?plain?=") == "plain")
    }

    @Test("Subject and From decoded; folded headers unfolded; LF-only line ends")
    func headers() throws {
        let message = try parse("From: =?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <jm@example.de>\nSubject: Rechnung\n 4711 =?utf-8?b?4oKs?=\nMessage-ID: <abc@example.de>\n\nHallo\n")
        #expect(message.from == "jm@example.de")
        #expect(message.fromName == "Jürgen Müller")
        #expect(message.subject == "Rechnung 4711 €")
        #expect(message.messageID == "abc@example.de")
        #expect(message.text == "Hallo\n")
        #expect(message.kind == .reply)
    }

    @Test("RFC 2231: continuations, charset and language, percent-encoding")
    func rfc2231() {
        let parameters = HeaderParameters("attachment; filename*0*=UTF-8'de'Rechnung%20M; filename*1*=%C3%A4rz; filename*2=\".pdf\"")
        #expect(parameters.value == "attachment")
        #expect(parameters["filename"] == "Rechnung März.pdf")
        let simple = HeaderParameters("text/plain; charset=\"ISO-8859-1\"; format=flowed")
        #expect(simple["charset"] == "ISO-8859-1")
        #expect(simple["format"] == "flowed")
        let quoted = HeaderParameters(#"application/pdf; name="a \"b\"; c.pdf""#)
        #expect(quoted["name"] == #"a "b"; c.pdf"#)
    }

    @Test("charsets of the body: Latin-1, Windows-1252, KOI8-R, unknown falls back to UTF-8")
    func bodyCharsets() throws {
        let latin1: [UInt8] = Array("Content-Type: text/plain; charset=iso-8859-1\nFrom: a@example.com\n\nGr".utf8) + [0xFC, 0xDF, 0x65]
        #expect(try InboundMessage(parsing: latin1).text == "Grüße")
        let cp1252: [UInt8] = Array("Content-Type: text/plain; charset=windows-1252\nFrom: a@example.com\n\n".utf8) + [0x80, 0x20, 0x93, 0x6F, 0x6B, 0x94]
        #expect(try InboundMessage(parsing: cp1252).text == "€ “ok”")
        let koi8: [UInt8] = Array("Content-Type: text/plain; charset=koi8-r\nFrom: a@example.com\n\n".utf8) + [0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4]
        #expect(try InboundMessage(parsing: koi8).text == "Привет")
        let unknown = try parse("Content-Type: text/plain; charset=x-klingon\nFrom: a@example.com\n\nqapla' ✓")
        #expect(unknown.text == "qapla' ✓")
    }

    @Test("quoted-printable and base64, including bad padding and odd line lengths")
    func transferEncodings() throws {
        let qp = try parse("From: a@example.com\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\nZahlung erh=C3=A4lt=\n en, danke=3D\n")
        #expect(qp.text == "Zahlung erhält en, danke=\n")
        #expect(TransferEncoding.decodeBase64(Array("SGVsbG8".utf8)) == Array("Hello".utf8))
        #expect(TransferEncoding.decodeBase64(Array("SGVs\r\nbG8=\n".utf8)) == Array("Hello".utf8))
        #expect(TransferEncoding.decodeBase64(Array("SGVsbG8===!!".utf8)) == Array("Hello".utf8))
    }

    @Test("nested multipart: mixed › alternative › related, attachments with sizes, message/rfc822 not the text")
    func nestedMultipart() throws {
        let message = try parse("""
            From: Customer <c@example.com>
            Subject: Remittance
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="outer"

            preamble
            --outer
            Content-Type: multipart/alternative; boundary="alt"

            --alt
            Content-Type: text/plain; charset=utf-8

            Paid today.
            --alt
            Content-Type: multipart/related; boundary="rel"

            --rel
            Content-Type: text/html; charset=utf-8

            <p>Paid <b>today</b>.</p>
            --rel
            Content-Type: image/png; name="logo.png"
            Content-Transfer-Encoding: base64
            Content-ID: <logo>

            iVBORw0KGgo=
            --rel--
            --alt--
            --outer
            Content-Type: application/pdf; name="=?UTF-8?Q?Zahlungsbest=C3=A4tigung.pdf?="
            Content-Disposition: attachment; filename*=UTF-8''Zahlungsbest%C3%A4tigung.pdf
            Content-Transfer-Encoding: base64

            JVBERi0xLjQK
            --outer
            Content-Type: message/rfc822

            From: ar@example.org
            Subject: Invoice 1

            The original reminder.
            --outer--
            epilogue
            """)
        #expect(message.text == "Paid today.")
        #expect(message.attachments == [
            .init(filename: "logo.png", contentType: "image/png", size: 8),
            .init(filename: "Zahlungsbestätigung.pdf", contentType: "application/pdf", size: 9),
        ])
        #expect(message.root.children.count == 3)
        #expect(message.root.children[2].children.first?.headers["Subject"] == "Invoice 1")
    }

    @Test("HTML-only mail: tags, script and style dropped, entities decoded, block elements on their own lines")
    func htmlOnly() throws {
        let message = try parse("""
            From: a@example.com
            Content-Type: text/html; charset=utf-8

            <html><head><style>p { color: red }</style><script>alert(1)</script></head>
            <body><p>Dear AR&nbsp;team,</p><div>we paid &euro;1&#8239;200 &amp; more<br>on Monday.</div>
            <ul><li>INV-1</li><li>INV-2</li></ul><!-- hidden --></body></html>
            """)
        #expect(message.text == "Dear AR team,\nwe paid €1\u{202F}200 & more\non Monday.\nINV-1\nINV-2")
        let emptyPlain = try parse("From: a@example.com\nContent-Type: multipart/alternative; boundary=a\n\n--a\nContent-Type: text/plain\n\n\n--a\nContent-Type: text/html\n\n<p>Paid.</p>\n--a--\n")
        #expect(emptyPlain.text == "Paid.")
    }

    @Test("RFC 3464 report: per-recipient status and reply code; delivered recipients left out")
    func deliveryStatusReport() throws {
        let message = try parse("""
            From: MAILER-DAEMON@mx.example.net
            To: ar@example.org
            Subject: Undelivered Mail Returned to Sender
            Content-Type: multipart/report; report-type=delivery-status; boundary="b"

            --b
            Content-Type: text/plain

            Your message could not be delivered.
            --b
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.example.net

            Final-Recipient: rfc822; gone@example.com
            Action: failed
            Status: 5.1.1
            Diagnostic-Code: smtp; 550 5.1.1 <gone@example.com>: Recipient address rejected

            Final-Recipient: rfc822; ok@example.com
            Action: delivered
            Status: 2.0.0

            Final-Recipient: rfc822; <full@example.com>
            Action: delayed
            Status: 4.2.2
            --b--
            """)
        #expect(message.kind == .bounce)
        #expect(message.bounces == [
            BouncedRecipient(recipient: "gone@example.com", status: "5.1.1", smtpCode: "550"),
            BouncedRecipient(recipient: "full@example.com", status: "4.2.2", smtpCode: nil),
        ])
    }

    @Test("a non-standard bounce without a status gets one from its wording")
    func plainBounce() throws {
        let message = try parse("""
            From: Mail Delivery System <mailer-daemon@mx.example.de>
            To: ar@example.org
            Subject: Mail delivery failed: returning message to sender

            The following address failed:

               buyer@customer.example

            Mailbox is full.

            --- The header of the original message is following. ---
            To: buyer@customer.example
            """)
        #expect(message.kind == .bounce)
        #expect(message.bounces == [BouncedRecipient(recipient: "buyer@customer.example", status: "5.0.922", smtpCode: nil)])
    }

    @Test("auto-replies: Auto-Submitted, X-Autoreply, Precedence, subjects in several languages")
    func autoReplies() throws {
        for header in ["Auto-Submitted: auto-replied", "X-Autoreply: yes", "X-Autorespond: on", "Precedence: auto_reply",
                       "Subject: Abwesenheitsnotiz", "Subject: Réponse automatique : Facture", "Subject: Out of Office: Invoice 12"] {
            let message = try parse("From: a@example.com\n\(header)\n\nI am away.\n")
            #expect(message.kind == .autoReply, "\(header)")
        }
        #expect(try parse("From: a@example.com\nAuto-Submitted: no\nSubject: Re: Invoice\n\nPaid.\n").kind == .reply)
        #expect(try parse("From: a@example.com\nSubject: Re: Out of office next week?\n\nYes, from Monday.\n").kind == .reply)
    }

    @Test("a person's mail that only talks about delivery is not a bounce")
    func notABounce() throws {
        let reply = try parse("From: buyer@customer.example\nSubject: Re: Undeliverable invoice\n\nPlease send it to ap@customer.example instead.\n")
        #expect(reply.kind == .reply)
        #expect(reply.bounces.isEmpty)
        let question = try parse("From: buyer@customer.example\nSubject: Delivery failure?\n\nDid you get my mail to ar@example.org?\n")
        #expect(question.kind == .reply)
    }

    @Test("visible text: quotes, attributions in several languages, Outlook blocks, signatures and mobile footers removed")
    func visibleText() {
        #expect(ReplyText.visibleText("We paid yesterday.\n\nOn Mon, 3 Feb 2025 at 10:00, AR Team <ar@example.org>\nwrote:\n> Invoice 12 is overdue.\n") == "We paid yesterday.")
        #expect(ReplyText.visibleText("Bezahlt.\n\nAm 03.02.2025 um 10:00 schrieb AR Team <ar@example.org>:\n> Rechnung 12\n") == "Bezahlt.")
        #expect(ReplyText.visibleText("Payé.\n\nLe lun. 3 févr. 2025 à 10:00, AR <ar@example.org> a écrit :\n> Facture\n") == "Payé.")
        #expect(ReplyText.visibleText("Will pay Friday.\n\n-----Original Message-----\nFrom: AR\nSent: Monday\nSubject: Invoice\n\nold text") == "Will pay Friday.")
        #expect(ReplyText.visibleText("Disputed: wrong quantity.\n\nFrom: AR Team <ar@example.org>\nSent: Monday, 3 February 2025 10:00\nTo: Buyer\nSubject: Invoice 12\n\nold") == "Disputed: wrong quantity.")
        #expect(ReplyText.visibleText("Paid.\n\nSent from my iPhone") == "Paid.")
        #expect(ReplyText.visibleText("Paid.\n\n-- \nJane Doe\nAccounts Payable") == "Paid.")
        #expect(ReplyText.visibleText("Paid.\n\nThanks,\nJane") == "Paid.")
        #expect(ReplyText.visibleText("> question?\nanswer one\n> second?\nanswer two") == "answer one\nanswer two")
    }

    @Test("format=flowed is unwrapped; uuencoded blocks become attachments")
    func flowedAndUUEncoded() throws {
        let flowed = try parse("From: a@example.com\nContent-Type: text/plain; format=flowed\n\nThis is one \nparagraph.\n\nNext.\n")
        #expect(flowed.text == "This is one paragraph.\n\nNext.\n")
        let uu = try parse("From: a@example.com\n\nSee file.\nbegin 644 a.txt\n#86)C\n`\nend\nBye\n")
        #expect(uu.text == "See file.\nBye\n")
        #expect(uu.attachments == [.init(filename: "a.txt", contentType: "text/plain", size: 3)])
    }

    @Test("damaged and hostile input never crashes; what is not mail is refused with a reason")
    func malformed() throws {
        #expect(throws: InboundMailError.empty) { try InboundMessage(parsing: []) }
        #expect(throws: InboundMailError.self) { try InboundMessage(parsing: Array("just some words\nwithout headers\n".utf8)) }
        #expect(throws: InboundMailError.self) { try InboundMessage(parsing: [0x00, 0x01, 0xFF, 0x00, 0x00, 0x89, 0x50]) }
        // Unclosed multipart, missing boundary, bad encodings, deep nesting: parsed as far as they go.
        let unclosed = try parse("From: a@example.com\nContent-Type: multipart/mixed; boundary=x\n\n--x\nContent-Type: text/plain\n\nhello\n")
        #expect(unclosed.text == "hello\n")
        let noBoundary = try parse("From: a@example.com\nContent-Type: multipart/mixed\n\nbody text")
        #expect(noBoundary.text == "body text")
        _ = try parse("From: a@example.com\nContent-Transfer-Encoding: base64\nContent-Type: text/plain; charset=utf-8\n\n%%%%====\n")
        _ = try parse("From: a@example.com\nSubject: =?utf-8?q?=ZZ=?= =?utf-8?b?\n\n=\n")
        var deep = "From: a@example.com\n"
        for level in 0..<200 { deep += "Content-Type: multipart/mixed; boundary=b\(level)\n\n--b\(level)\n" }
        deep += "Content-Type: text/plain\n\ndeep\n"
        let nested = try parse(deep)
        #expect(nested.root.allParts.count <= MIMEPart.maximumDepth + 2)
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<200 {
            let noise = (0..<Int.random(in: 1...600, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            _ = try? InboundMessage(parsing: Array("From: a@example.com\nContent-Type: multipart/mixed; boundary=q\n\n--q\n".utf8) + noise)
        }
    }
}
