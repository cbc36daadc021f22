/// Sends email. The port the use cases depend on: ``SMTPClient`` in production,
/// ``RecordingMailer`` in tests.
///
/// Implementations throw ``SMTPError`` (or an error of the same meaning), whose
/// `isPermanent` tells the outbox whether a retry can help.
public protocol Mailer: Sendable {
    func send(_ message: EmailMessage) async throws -> SMTPReceipt
}
