import ARTestSupport
import Foundation
import Testing

/// `aragent inbox parse FILE --format json` as outside checks call it (CONTRACTS.md).
@Suite("Command line: inbox parse")
struct InboxCommandTests {
    let cli: CLIHarness

    init() throws { cli = try CLIHarness() }

    func object(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("a reply: the contract's keys, decoded subject, visible text without the quote")
    func reply() async throws {
        let file = try cli.write("reply.eml", """
            From: =?UTF-8?Q?J=C3=BCrgen?= <buyer@customer.example>\r
            To: ar@example.org\r
            Subject: =?UTF-8?Q?Re:_Rechnung_4711_=E2=80=93_Zahlung?=\r
            Message-ID: <r1@customer.example>\r
            MIME-Version: 1.0\r
            Content-Type: multipart/mixed; boundary="m"\r
            \r
            --m\r
            Content-Type: text/plain; charset=utf-8\r
            Content-Transfer-Encoding: quoted-printable\r
            \r
            Wir haben heute =C3=BCberwiesen.\r
            \r
            Am 03.02.2025 um 10:00 schrieb AR <ar@example.org>:\r
            > Rechnung 4711 ist f=C3=A4llig.\r
            --m\r
            Content-Type: application/pdf\r
            Content-Disposition: attachment; filename="Beleg.pdf"\r
            Content-Transfer-Encoding: base64\r
            \r
            JVBERi0xLjQK\r
            --m--\r
            """)
        let result = await cli.run(["inbox", "parse", file, "--format", "json"])
        #expect(result.code == 0, "\(result.err)")
        let json = try object(result.out)
        #expect(Set(json.keys) == ["message_id", "from", "subject", "kind", "text", "visible_text", "bounces", "attachments"])
        #expect(json["message_id"] as? String == "r1@customer.example")
        #expect(json["from"] as? String == "buyer@customer.example")
        #expect(json["subject"] as? String == "Re: Rechnung 4711 – Zahlung")
        #expect(json["kind"] as? String == "reply")
        #expect((json["text"] as? String)?.contains("Rechnung 4711 ist fällig.") == true)
        #expect(json["visible_text"] as? String == "Wir haben heute überwiesen.")
        #expect((json["bounces"] as? [Any])?.isEmpty == true)
        let attachments = try #require(json["attachments"] as? [[String: Any]])
        #expect(attachments.count == 1)
        #expect(attachments.first?["filename"] as? String == "Beleg.pdf")
        #expect(attachments.first?["content_type"] as? String == "application/pdf")
        #expect(attachments.first?["size"] as? Int == 9)
    }

    @Test("a real bounce from the shared samples: recipient, status and SMTP code",
          .enabled(if: TestEnvironment.hasSharedData, "../shared/data is absent: skipped"))
    func sharedBounce() async throws {
        let file = try TestEnvironment.sharedFile("mail/bounces/sisimai/lhost-exim-02.eml").path
        let result = await cli.run(["inbox", "parse", file, "--format", "json"])
        #expect(result.code == 0, "\(result.err)")
        let json = try object(result.out)
        #expect(json["kind"] as? String == "bounce")
        let bounces = try #require(json["bounces"] as? [[String: Any]])
        #expect(bounces.map { $0["recipient"] as? String } == ["kijitora@example.jp", "sabatora@example.jp"])
        #expect(bounces.map { $0["status"] as? String } == ["5.1.1", "5.2.1"])
        #expect(bounces.map { $0["smtp_code"] as? String } == ["550", "550"])
        let text = await cli.run(["inbox", "parse", file])
        #expect(text.code == 0)
        #expect(text.out.contains("Kind:        bounce"))
        #expect(text.out.contains("kijitora@example.jp  status 5.1.1  SMTP 550"))
    }

    @Test("what is not mail, or not there, fails naming the file and the problem")
    func badInput() async throws {
        let notMail = try cli.write("notes.txt", "just some notes\nno headers here\n")
        let result = await cli.run(["inbox", "parse", notMail, "--format", "json"])
        #expect(result.code != 0)
        #expect(result.err.contains(notMail))
        #expect(result.err.contains("not an RFC 5322 message"))
        #expect(result.out.isEmpty)
        let missing = cli.folder.appendingPathComponent("missing.eml").path
        let absent = await cli.run(["inbox", "parse", missing])
        #expect(absent.code != 0)
        #expect(absent.err.contains(missing))
        #expect(absent.err.contains("cannot be read"))
        let empty = try cli.write("empty.eml", "")
        let nothing = await cli.run(["inbox", "parse", empty])
        #expect(nothing.code != 0)
        #expect(nothing.err.contains("it is empty"))
    }
}
