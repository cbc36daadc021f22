/// Proof that a server accepted a message: what the outbox stores beside the action.
public struct SMTPReceipt: Sendable, Hashable {
    /// The server's reply to the end of the message, e.g. `250 2.0.0 Ok: queued as 4F2A1`;
    /// its queue id is what a postmaster asks for when tracing a message.
    public let reply: SMTPReply
    /// The Message-ID the message was sent with (a customer's reply will quote it).
    public let messageID: MessageID
    /// The envelope recipients the server accepted.
    public let recipients: [String]

    public init(reply: SMTPReply, messageID: MessageID, recipients: [String]) {
        self.reply = reply
        self.messageID = messageID
        self.recipients = recipients
    }
}
