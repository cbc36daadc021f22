import ARAgent
import ARMail
import Foundation

/// The outbox's sender over real SMTP: turns an outgoing email into an ARMail message and
/// SMTP's verdicts into retry-or-not.
struct SMTPMessageSender: MessageSender {
    let client: SMTPClient
    let from: EmailAddress

    func send(_ email: OutgoingEmail) async throws {
        let message: EmailMessage
        do {
            let recipients = try email.recipients.map { address throws(EmailMessageError) in try EmailAddress(address) }
            var unsubscribe: ListUnsubscribe?
            if let link = email.listUnsubscribe {
                let uri = link.trimmingCharacters(in: CharacterSet(charactersIn: "<>"))
                // One-click unsubscribe (RFC 8058) needs https; a plain http link is offered without it.
                unsubscribe = ListUnsubscribe(uris: [uri], oneClick: uri.hasPrefix("https://"))
            }
            var composed = EmailMessage(from: from, to: recipients, subject: email.subject, textBody: email.text, htmlBody: email.html,
                                        messageID: try MessageID(email.messageID), listUnsubscribe: unsubscribe)
            // The previous reminder to this customer: the conversation stays one thread.
            if let parent = email.inReplyTo { composed.follow(try MessageID(parent)) }
            message = composed
        } catch {
            throw SendFailure.permanent("the message cannot be written: \(error)")
        }
        do {
            _ = try await client.send(message)
        } catch let error as SMTPError {
            throw error.isPermanent ? SendFailure.permanent(error.description) : SendFailure.transient(error.description)
        }
    }
}

/// `--smtp-…` options, each falling back to its environment variable.
struct SMTPOptions: ParsableArguments {
    @Option(help: "SMTP server (default $ARAGENT_SMTP_HOST).") var smtpHost: String?
    @Option(help: "SMTP port (default $ARAGENT_SMTP_PORT, else 587).") var smtpPort: Int?
    @Option(help: "none, starttls, starttls-if-available or tls (default $ARAGENT_SMTP_TLS, else starttls).") var smtpTLS: String?
    @Option(help: "SMTP user (default $ARAGENT_SMTP_USER); the password comes from $ARAGENT_SMTP_PASSWORD only, never a flag.") var smtpUser: String?
    @Option(help: "A CA certificate file to trust (default $ARAGENT_SMTP_CA).") var smtpCA: String?
    @Option(help: "Sender address (default $ARAGENT_MAIL_FROM).") var from: String?
    @Option(help: "Sender name (default $ARAGENT_MAIL_FROM_NAME).") var fromName: String?

    func sender() throws -> SMTPMessageSender {
        let environment = ProcessInfo.processInfo.environment
        guard let host = smtpHost ?? environment["ARAGENT_SMTP_HOST"], !host.isEmpty else {
            throw ValidationError("no SMTP server: pass --smtp-host or set ARAGENT_SMTP_HOST")
        }
        guard let fromText = from ?? environment["ARAGENT_MAIL_FROM"] else {
            throw ValidationError("no sender address: pass --from or set ARAGENT_MAIL_FROM")
        }
        let port = smtpPort ?? environment["ARAGENT_SMTP_PORT"].flatMap(Int.init) ?? 587
        let tlsName = smtpTLS ?? environment["ARAGENT_SMTP_TLS"] ?? "starttls"
        let tls: SMTPConfiguration.TLSMode
        switch tlsName {
        case "none": tls = .none
        case "starttls": tls = .startTLS
        case "starttls-if-available": tls = .startTLSIfAvailable
        case "tls": tls = .implicitTLS
        default: throw ValidationError("--smtp-tls '\(tlsName)' is not none, starttls, starttls-if-available or tls")
        }
        var credentials: SMTPCredentials?
        if let user = smtpUser ?? environment["ARAGENT_SMTP_USER"] {
            guard let password = environment["ARAGENT_SMTP_PASSWORD"] else {
                throw ValidationError("an SMTP user without a password: set ARAGENT_SMTP_PASSWORD")
            }
            credentials = SMTPCredentials(username: user, password: password)
        }
        let configuration = SMTPConfiguration(host: host, port: port, tls: tls, trustedCAFile: smtpCA ?? environment["ARAGENT_SMTP_CA"],
                                              credentials: credentials)
        do {
            return SMTPMessageSender(client: try SMTPClient(configuration: configuration),
                                     from: try EmailAddress(fromText, name: fromName ?? environment["ARAGENT_MAIL_FROM_NAME"]))
        } catch {
            throw ValidationError("the mail settings are not usable: \(error)")
        }
    }
}

import ArgumentParser
