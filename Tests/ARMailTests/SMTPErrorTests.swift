import ARMail
import Testing

@Suite("SMTP errors: permanent or transient")
struct SMTPErrorTests {
    private static let reply550 = SMTPReply(code: 550, lines: ["5.1.1 unknown user"])
    private static let reply451 = SMTPReply(code: 451, lines: ["4.3.0 try again later"])

    @Test("each error says whether a retry can help", arguments: [
        (SMTPError.invalidMessage(.noRecipients), true),
        (.invalidConfiguration("x"), true),
        (.connectionFailed(host: "h", port: 25, reason: "refused"), false),
        (.connectTimedOut(host: "h", port: 25, after: .seconds(10)), false),
        (.replyTimedOut(stage: .greeting, after: .seconds(60)), false),
        (.connectionClosed(stage: .data), false),
        (.malformedReply(stage: .greeting, line: "HTTP/1.1"), false),
        (.startTLSNotOffered(host: "h"), true),
        (.tlsFailed(reason: "certificate verify failed"), true),
        (.authenticationNotOffered(offered: []), true),
        (.authenticationWouldBeUnencrypted, true),
        (.authenticationFailed(reply: SMTPReply(code: 535, lines: ["no"])), true),
        (.senderRejected(address: "a@x", reply: reply550), true),
        (.recipientRejected(address: "a@x", reply: reply550), true),
        (.recipientRejected(address: "a@x", reply: reply451), false),
        (.messageRejected(reply: reply451), false),
        (.messageTooLarge(size: 10, limit: 5), true),
        (.serverRejected(stage: .hello, reply: reply550), true),
        (.cancelled, false),
    ])
    func classification(error: SMTPError, permanent: Bool) {
        #expect(error.isPermanent == permanent)
        #expect(error.isTransient == !permanent)
        #expect(error.description.hasSuffix(permanent ? "Permanent: retrying will not help until this is fixed."
            : "Transient: the send may be retried later."))
    }

    @Test("descriptions say how to fix it")
    func descriptions() {
        #expect(SMTPError.recipientRejected(address: "ap@x.example", reply: Self.reply550).description
            .contains("Check the contact's address"))
        #expect(SMTPError.tlsFailed(reason: "x").description.contains("trustedCAFile"))
        #expect(SMTPError.authenticationWouldBeUnencrypted.description.contains("startTLS"))
    }
}

@Suite("RecordingMailer")
struct RecordingMailerTests {
    @Test("records what it is given and returns a receipt")
    func records() async throws {
        let mailer = RecordingMailer()
        let message = try Reminders.firstReminder()
        let receipt = try await mailer.send(message)
        #expect(receipt.messageID == message.messageID)
        #expect(receipt.recipients == ["ap@customer.example", "controller@customer.example"])
        #expect(await mailer.sentMessages == [message])
    }

    @Test("refuses loudly when told to")
    func refuses() async throws {
        let refusal = SMTPError.recipientRejected(address: "ap@customer.example", reply: SMTPReply(code: 550, lines: ["no"]))
        let mailer = RecordingMailer(refusingWith: refusal)
        let message = try Reminders.firstReminder()
        await #expect(throws: refusal) { try await mailer.send(message) }
        #expect(await mailer.sentMessages.isEmpty)
        #expect(await mailer.refusedMessages == [message])
        await mailer.refuse(with: nil)
        _ = try await mailer.send(message)
        #expect(await mailer.sentMessages.count == 1)
    }

    @Test("refuses a message SMTP would refuse")
    func validates() async throws {
        var message = try Reminders.firstReminder()
        message.subject = "a\nb"
        let mailer = RecordingMailer()
        await #expect(throws: SMTPError.invalidMessage(.headerValueContainsLineBreak(header: "Subject"))) {
            try await mailer.send(message)
        }
    }
}

@Suite("SMTPClient configuration")
struct SMTPClientConfigurationTests {
    @Test("a missing CA file is a permanent configuration error at start-up, not at the first send")
    func badCAFile() {
        let configuration = SMTPConfiguration(host: "smtp.example", tls: .startTLS, trustedCAFile: "/nonexistent/ca.pem")
        #expect(throws: SMTPError.invalidConfiguration("the trusted CA file /nonexistent/ca.pem does not exist or cannot be read")) {
            try SMTPClient(configuration: configuration)
        }
    }

    @Test("a bad port or EHLO name is refused at start-up", arguments: [
        SMTPConfiguration(host: "smtp.example", port: 0),
        SMTPConfiguration(host: "", port: 25),
        SMTPConfiguration(host: "smtp.example", clientHostname: "two words"),
        SMTPConfiguration(host: "smtp.example", clientHostname: "x\r\nRCPT TO:<evil@x>"),
    ])
    func badSettings(configuration: SMTPConfiguration) {
        let error = #expect(throws: SMTPError.self) { try SMTPClient(configuration: configuration) }
        #expect(error?.isPermanent == true)
    }

    @Test("a message that cannot be rendered is refused before any connection")
    func invalidMessageFirst() async throws {
        // If this tried to connect, the closed loopback port would fail it differently.
        let client = try SMTPClient(configuration: SMTPConfiguration(host: "127.0.0.1", port: 9, tls: .none))
        var message = try Reminders.firstReminder()
        message.subject = "x\r\nBcc: y@evil.example"
        await #expect(throws: SMTPError.invalidMessage(.headerValueContainsLineBreak(header: "Subject"))) {
            try await client.send(message)
        }
    }
}
