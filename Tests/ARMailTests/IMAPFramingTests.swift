@testable import ARMail
import Testing

@Suite("IMAP: responses and the mailbox address")
struct IMAPFramingTests {
    @Test("a FETCH with a message literal is framed whole however the bytes arrive, and its UID and body are read")
    func literalAcrossChunks() throws {
        let body = "Subject: x\r\n\r\nline one\r\n{5}\r\nnot a literal\r\n"
        let wire = Array("* 3 FETCH (UID 41 BODY[] {\(body.utf8.count)}\r\n\(body))\r\nA7 OK Fetch completed.\r\n".utf8)
        for cut in [1, 7, 30, wire.count - 3] {
            var framer = IMAPResponseFramer()
            framer.append(wire[..<cut])
            var responses: [IMAPResponse] = []
            while let response = try framer.next() { responses.append(response) }
            framer.append(wire[cut...])
            while let response = try framer.next() { responses.append(response) }
            #expect(responses.count == 2)
            #expect(responses.first?.name == "FETCH" && responses.first?.uid == 41)
            #expect(responses.first?.literals == [Array(body.utf8)])
            #expect(responses.last?.kind == .tagged("A7") && responses.last?.status == "OK")
        }
    }

    @Test("a literal larger than the limit is refused, not held")
    func hugeLiteral() {
        var framer = IMAPResponseFramer()
        framer.append(Array("* 1 FETCH (UID 1 BODY[] {99999999999}\r\n".utf8))
        #expect(throws: IMAPError.self) { try framer.next() }
    }

    @Test("UID sets are written as ranges")
    func uidSet() {
        #expect(IMAPMailbox.set([1, 2, 3, 7, 9, 10]) == "1:3,7,9:10")
        #expect(IMAPMailbox.set([5]) == "5")
    }

    @Test("the address: STARTTLS by default, the password only from the environment in what is printed, plain IMAP only to loopback")
    func address() throws {
        let config = try IMAPConfiguration(url: "imap://ar%40acme.example@mail.acme.example/AR%20Inbox", password: "s3cret")
        #expect(config.security == .startTLS && config.port == 143 && config.user == "ar@acme.example" && config.mailbox == "AR Inbox")
        #expect(!config.redacted.contains("s3cret"))
        let tls = try IMAPConfiguration(url: "imaps://ar:inurl@mail.acme.example", password: nil)
        #expect(tls.security == .implicitTLS && tls.port == 993 && tls.mailbox == "INBOX" && tls.password == "inurl" && !tls.redacted.contains("inurl"))
        #expect(throws: IMAPError.self) { try IMAPConfiguration(url: "imap://ar@mail.acme.example?tls=none", password: "x") }
        #expect(try IMAPConfiguration(url: "imap://ar@127.0.0.1:3143?tls=none", password: "x").security == .none)
        #expect(throws: IMAPError.self) { try IMAPConfiguration(url: "imap://ar@mail.acme.example", password: nil) }
        #expect(throws: IMAPError.self) { try IMAPConfiguration(url: "pop3://ar@mail.acme.example", password: "x") }
    }
}
