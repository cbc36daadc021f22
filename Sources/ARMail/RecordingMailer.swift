/// A ``Mailer`` for tests: keeps every message instead of sending it, or refuses them all
/// with a given error so the caller's failure path can be tested.
///
/// It renders each message with ``MIMEWriter`` before recording it, so a test that sends a
/// message SMTP would refuse (a line break in the subject) fails here the same way.
public actor RecordingMailer: Mailer {
    /// Messages accepted, in order.
    public private(set) var sentMessages: [EmailMessage] = []
    /// Messages refused because a refusal was configured, in order.
    public private(set) var refusedMessages: [EmailMessage] = []
    private var refusal: SMTPError?

    /// - Parameter refusal: when set, every send throws this error (and records the message
    ///   in ``refusedMessages``).
    public init(refusingWith refusal: SMTPError? = nil) {
        self.refusal = refusal
    }

    /// Changes whether later sends are refused (nil: accept them).
    public func refuse(with refusal: SMTPError?) {
        self.refusal = refusal
    }

    public func send(_ message: EmailMessage) async throws -> SMTPReceipt {
        if let refusal {
            refusedMessages.append(message)
            throw refusal
        }
        do {
            _ = try MIMEWriter().render(message)
        } catch {
            throw SMTPError.invalidMessage(error)
        }
        sentMessages.append(message)
        return SMTPReceipt(
            reply: SMTPReply(code: 250, lines: ["2.0.0 Ok: recorded by RecordingMailer"]),
            messageID: message.messageID,
            recipients: message.recipients.map(\.address)
        )
    }
}
