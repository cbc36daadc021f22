@testable import ARMail
import Testing

/// The SMTP conversation without a network: replies in, commands out.
@Suite("SMTP dialogue")
struct SMTPDialogueTests {
    private static let credentials = SMTPCredentials(username: "ar-bot", password: "s3cret-Pa55")

    private func dialogue(
        tls: SMTPConfiguration.TLSMode = .none,
        credentials: SMTPCredentials? = nil,
        mechanisms: [SMTPAuthenticationMechanism] = [.plain, .login],
        plaintextAuth: Bool = false,
        recipients: [String] = ["a@x.example", "b@x.example"],
        data: [UInt8] = Array("Subject: t\r\n\r\nbody\r\n.\r\n".utf8)
    ) -> SMTPDialogue {
        var configuration = SMTPConfiguration(host: "smtp.example", tls: tls, credentials: credentials,
                                              authenticationMechanisms: mechanisms,
                                              allowsPlaintextAuthentication: plaintextAuth, clientHostname: "ar.acme.example")
        configuration.port = 587
        return SMTPDialogue(settings: .init(configuration), envelope: .init(sender: "ar@acme.example", recipients: recipients, data: data))
    }

    private func reply(_ code: Int, _ lines: String...) -> SMTPReply {
        SMTPReply(code: code, lines: lines)
    }

    private let ehloPlain = SMTPReply(code: 250, lines: ["smtp.example", "PIPELINING", "SIZE 1000", "8BITMIME"])
    private let ehloTLS = SMTPReply(code: 250, lines: ["smtp.example", "SIZE 1000", "STARTTLS"])
    private let ehloAuth = SMTPReply(code: 250, lines: ["smtp.example", "AUTH LOGIN PLAIN", "SIZE 0"])

    @Test("the plain path: EHLO, MAIL FROM with SIZE, RCPT for each, DATA, message, QUIT")
    func plainPath() {
        var d = dialogue()
        #expect(d.receive(reply(220, "smtp.example ESMTP")) == .send(.ehlo("ar.acme.example"), .reply))
        #expect(d.receive(ehloPlain) == .send(.mailFrom("ar@acme.example", size: 23), .reply))
        #expect(d.receive(reply(250, "2.1.0 Ok")) == .send(.rcptTo("a@x.example"), .reply))
        #expect(d.receive(reply(250, "2.1.5 Ok")) == .send(.rcptTo("b@x.example"), .reply))
        #expect(d.receive(reply(251, "2.1.5 will forward")) == .send(.data, .reply))
        #expect(d.receive(reply(354, "End data with <CR><LF>.<CR><LF>")) == .send(.messageData(Array("Subject: t\r\n\r\nbody\r\n.\r\n".utf8)), .messageAcceptance))
        #expect(!d.isDelivered)
        #expect(d.receive(reply(250, "2.0.0 Ok: queued as ABC")) == .delivered(reply(250, "2.0.0 Ok: queued as ABC")))
        #expect(d.isDelivered)
        #expect(d.receive(reply(221, "Bye")) == .close)
    }

    @Test("a server that refuses EHLO is greeted with HELO and has no extensions")
    func heloFallback() {
        var d = dialogue()
        _ = d.receive(reply(220, "old"))
        #expect(d.receive(reply(502, "5.5.2 command not recognized")) == .send(.helo("ar.acme.example"), .reply))
        #expect(d.receive(reply(250, "old")) == .send(.mailFrom("ar@acme.example", size: nil), .reply))
    }

    @Test("STARTTLS: upgrade, greet again, forget the old extensions")
    func startTLS() {
        var d = dialogue(tls: .startTLS, credentials: Self.credentials)
        _ = d.receive(reply(220, "hi"))
        #expect(d.receive(ehloTLS) == .send(.startTLS, .reply))
        #expect(d.receive(reply(220, "2.0.0 Ready to start TLS")) == .startTLSThenSend(.ehlo("ar.acme.example")))
        #expect(d.stage == .tlsHandshake)
        #expect(d.receive(ehloAuth) == .send(.authPlain(Self.credentials), .reply))
        #expect(d.receive(reply(235, "2.7.0 ok")) == .send(.mailFrom("ar@acme.example", size: 23), .reply))
    }

    @Test("STARTTLS required but not offered: permanent, and QUIT")
    func startTLSMissing() {
        var d = dialogue(tls: .startTLS)
        _ = d.receive(reply(220, "hi"))
        let action = d.receive(ehloPlain)
        #expect(action == .fail(.startTLSNotOffered(host: "smtp.example"), sendQuit: true))
        #expect(SMTPError.startTLSNotOffered(host: "smtp.example").isPermanent)
    }

    @Test("STARTTLS if available: goes on in plain text when not offered")
    func startTLSIfAvailable() {
        var d = dialogue(tls: .startTLSIfAvailable)
        _ = d.receive(reply(220, "hi"))
        #expect(d.receive(ehloPlain) == .send(.mailFrom("ar@acme.example", size: 23), .reply))
        var offered = dialogue(tls: .startTLSIfAvailable)
        _ = offered.receive(reply(220, "hi"))
        #expect(offered.receive(ehloTLS) == .send(.startTLS, .reply))
    }

    @Test("credentials are never sent over plain text unless allowed")
    func noPlaintextPassword() {
        var d = dialogue(tls: .startTLSIfAvailable, credentials: Self.credentials)
        _ = d.receive(reply(220, "hi"))
        #expect(d.receive(ehloAuth) == .fail(.authenticationWouldBeUnencrypted, sendQuit: true))
        var allowed = dialogue(tls: .none, credentials: Self.credentials, plaintextAuth: true)
        _ = allowed.receive(reply(220, "hi"))
        #expect(allowed.receive(ehloAuth) == .send(.authPlain(Self.credentials), .reply))
    }

    @Test("AUTH LOGIN answers both prompts, then mails")
    func authLogin() {
        var d = dialogue(tls: .implicitTLS, credentials: Self.credentials, mechanisms: [.login])
        _ = d.receive(reply(220, "hi"))
        #expect(d.receive(ehloAuth) == .send(.authLogin, .reply))
        #expect(d.receive(reply(334, "VXNlcm5hbWU6")) == .send(.authResponse("YXItYm90"), .reply))
        #expect(d.receive(reply(334, "UGFzc3dvcmQ6")) == .send(.authResponse("czNjcmV0LVBhNTU="), .reply))
        #expect(d.receive(reply(235, "ok")) == .send(.mailFrom("ar@acme.example", size: 23), .reply), "SIZE 0 announced: no limit, but SIZE= is sent")
    }

    @Test("refused credentials are permanent; a temporary AUTH failure is transient")
    func authRefused() {
        var d = dialogue(tls: .implicitTLS, credentials: Self.credentials)
        _ = d.receive(reply(220, "hi"))
        _ = d.receive(ehloAuth)
        let refused = reply(535, "5.7.8 Authentication credentials invalid")
        #expect(d.receive(refused) == .fail(.authenticationFailed(reply: refused), sendQuit: true))
        #expect(SMTPError.authenticationFailed(reply: refused).isPermanent)
        #expect(SMTPError.authenticationFailed(reply: reply(454, "4.7.0 try later")).isTransient)
    }

    @Test("no configured mechanism offered: permanent, names what the server offers")
    func authNotOffered() {
        var d = dialogue(tls: .implicitTLS, credentials: Self.credentials, mechanisms: [.login])
        _ = d.receive(reply(220, "hi"))
        let action = d.receive(SMTPReply(code: 250, lines: ["x", "AUTH CRAM-MD5 XOAUTH2"]))
        #expect(action == .fail(.authenticationNotOffered(offered: ["CRAM-MD5", "XOAUTH2"]), sendQuit: true))
    }

    @Test("a refused recipient stops before DATA: 550 permanent, 451 transient")
    func recipientRefused() {
        for (code, permanent) in [(550, true), (451, false)] {
            var d = dialogue()
            _ = d.receive(reply(220, "hi"))
            _ = d.receive(ehloPlain)
            _ = d.receive(reply(250, "ok"))
            let refusal = reply(code, "no")
            guard case let .fail(error, sendQuit) = d.receive(refusal) else {
                Issue.record("expected a failure")
                continue
            }
            #expect(error == .recipientRejected(address: "a@x.example", reply: refusal))
            #expect(sendQuit)
            #expect(error.isPermanent == permanent)
        }
    }

    @Test("a message over the server's SIZE limit is not sent")
    func tooLarge() {
        var d = dialogue(data: Array(repeating: UInt8(ascii: "x"), count: 1001))
        _ = d.receive(reply(220, "hi"))
        #expect(d.receive(ehloPlain) == .fail(.messageTooLarge(size: 1001, limit: 1000), sendQuit: true))
    }

    @Test("a greeting other than 220 is refused: 554 permanent, 421 transient")
    func greetingRefused() {
        var d = dialogue()
        let busy = reply(421, "4.3.2 too busy")
        #expect(d.receive(busy) == .fail(.serverRejected(stage: .greeting, reply: busy), sendQuit: true))
        #expect(SMTPError.serverRejected(stage: .greeting, reply: busy).isTransient)
        #expect(SMTPError.serverRejected(stage: .greeting, reply: reply(554, "no")).isPermanent)
    }

    @Test("the message refused after its content is reported with the reply")
    func messageRefused() {
        var d = dialogue(recipients: ["a@x.example"])
        _ = d.receive(reply(220, "hi"))
        _ = d.receive(ehloPlain)
        _ = d.receive(reply(250, "ok"))
        _ = d.receive(reply(250, "ok"))
        _ = d.receive(reply(354, "go"))
        let spam = reply(554, "5.7.1 looks like spam")
        #expect(d.receive(spam) == .fail(.messageRejected(reply: spam), sendQuit: true))
        #expect(!d.isDelivered)
    }
}

@Suite("SMTP replies and commands")
struct SMTPWireTests {
    @Test("multi-line replies are gathered into one")
    func multiLine() throws {
        var parser = SMTPReplyParser()
        #expect(try parser.feed("250-smtp.example greets you") == nil)
        #expect(try parser.feed("250-AUTH PLAIN LOGIN") == nil)
        #expect(try parser.feed("250-STARTTLS") == nil)
        let reply = try #require(try parser.feed("250 SIZE 35882577"))
        #expect(reply.code == 250)
        #expect(reply.lines == ["smtp.example greets you", "AUTH PLAIN LOGIN", "STARTTLS", "SIZE 35882577"])
        let extensions = SMTPExtensions(ehloReply: reply)
        #expect(extensions.startTLS)
        #expect(extensions.authMechanisms == ["PLAIN", "LOGIN"])
        #expect(extensions.maximumSize == 35_882_577)
        #expect(try parser.feed("220") == SMTPReply(code: 220, lines: [""]))
    }

    @Test("the old AUTH= form is understood")
    func oldAuthForm() {
        let extensions = SMTPExtensions(ehloReply: SMTPReply(code: 250, lines: ["x", "AUTH=LOGIN PLAIN", "AUTH LOGIN"]))
        #expect(extensions.authMechanisms == ["LOGIN", "PLAIN"])
        #expect(extensions.maximumSize == nil)
    }

    @Test("lines that are not SMTP replies are refused", arguments: ["HTTP/1.1 400 Bad Request", "25", "250x", "", "600 no", "SSH-2.0-OpenSSH"])
    func malformed(line: String) {
        var parser = SMTPReplyParser()
        #expect(throws: SMTPReplyParser.MalformedReply.self) { try parser.feed(line) }
    }

    @Test("a multi-line reply whose codes disagree is refused")
    func disagreeingCodes() throws {
        var parser = SMTPReplyParser()
        _ = try parser.feed("250-one")
        #expect(throws: SMTPReplyParser.MalformedReply.self) { try parser.feed("251 two") }
    }

    @Test("enhanced status codes are read from the reply text")
    func enhancedStatus() {
        #expect(SMTPReply(code: 550, lines: ["5.1.1 <x@y>: unknown"]).enhancedStatus == "5.1.1")
        #expect(SMTPReply(code: 250, lines: ["ok"]).enhancedStatus == nil)
        #expect(SMTPReply(code: 550, lines: ["5.1.1 a"]).description == "550 5.1.1 a")
    }

    @Test("commands on the wire, and the log never shows a credential")
    func commandsAndLogs() {
        let credentials = SMTPCredentials(username: "ar-bot", password: "s3cret-Pa55")
        let plain = SMTPCommand.authPlain(credentials)
        #expect(String(decoding: plain.bytes, as: UTF8.self) == "AUTH PLAIN AGFyLWJvdABzM2NyZXQtUGE1NQ==\r\n")
        let secrets = ["s3cret-Pa55", "AGFyLWJvdABzM2NyZXQtUGE1NQ==", "czNjcmV0LVBhNTU=", "YXItYm90"]
        for command in [plain, .authResponse(encoding: "ar-bot"), .authResponse(encoding: "s3cret-Pa55")] {
            for secret in secrets {
                #expect(!command.logDescription.contains(secret))
            }
        }
        #expect(String(decoding: SMTPCommand.mailFrom("a@x.example", size: 12).bytes, as: UTF8.self) == "MAIL FROM:<a@x.example> SIZE=12\r\n")
        #expect(String(decoding: SMTPCommand.rcptTo("b@x.example").bytes, as: UTF8.self) == "RCPT TO:<b@x.example>\r\n")
        #expect(SMTPCommand.messageData([1, 2, 3]).logDescription == "<message, 3 bytes>")
    }

    @Test("credentials never print their password")
    func credentialsRedacted() {
        let credentials = SMTPCredentials(username: "ar-bot", password: "s3cret-Pa55")
        var dumped = ""
        dump(credentials, to: &dumped)
        let configuration = SMTPConfiguration(host: "smtp.example", credentials: credentials)
        var dumpedConfiguration = ""
        dump(configuration, to: &dumpedConfiguration)
        for text in ["\(credentials)", String(reflecting: credentials), dumped, "\(configuration)", dumpedConfiguration] {
            #expect(!text.contains("s3cret-Pa55"), "\(text)")
            #expect(text.contains("ar-bot"))
        }
    }
}
