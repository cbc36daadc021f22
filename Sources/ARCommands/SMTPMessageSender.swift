import ARAgent
import ARMail
import Foundation

/// The outbox's sender over real SMTP: turns an outgoing email into an ARMail message and
/// SMTP's verdicts into what the outbox does next: retry later, fail this message, or stop the
/// run because the settings are wrong (then no message is failed for it).
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
            throw Self.failure(for: error)
        }
    }

    /// SMTP reply codes that mean the credentials are missing or refused (RFC 4954): 530
    /// authentication required, 534 mechanism too weak, 535 credentials invalid.
    static let authenticationCodes: Set<Int> = [530, 534, 535]

    /// Which SMTP errors are the installation's settings rather than the message: each would
    /// refuse every message the same way, so the run stops instead of failing them all.
    static func failure(for error: SMTPError) -> SendFailure {
        switch error {
        case .authenticationFailed(let reply) where !reply.isTransientFailure:
            return .configuration("the SMTP server refused the credentials (\(reply)); check --smtp-user (ARAGENT_SMTP_USER) and ARAGENT_SMTP_PASSWORD")
        case .senderRejected(_, let reply) where authenticationCodes.contains(reply.code),
             .serverRejected(_, let reply) where authenticationCodes.contains(reply.code):
            return .configuration("the SMTP server requires authentication (\(reply)); set --smtp-user (ARAGENT_SMTP_USER) and ARAGENT_SMTP_PASSWORD")
        case .senderRejected(let address, let reply) where reply.isPermanentFailure:
            return .configuration("the SMTP server refuses the sender <\(address)> (\(reply)); check --from (ARAGENT_MAIL_FROM) and that the account may send as it")
        case .tlsFailed:
            return .configuration("\(error) Check --smtp-host (ARAGENT_SMTP_HOST) and --smtp-ca (ARAGENT_SMTP_CA)")
        case .startTLSNotOffered, .authenticationWouldBeUnencrypted:
            return .configuration("\(error) Check --smtp-tls (ARAGENT_SMTP_TLS) and --smtp-port (ARAGENT_SMTP_PORT)")
        case .authenticationNotOffered:
            return .configuration("\(error) Check --smtp-user (ARAGENT_SMTP_USER) and --smtp-tls (ARAGENT_SMTP_TLS)")
        case .invalidConfiguration:
            return .configuration("\(error) Check the --smtp-… settings")
        case .recipientRejected(let address, let reply) where reply.refusesAddress:
            return .recipientRefused(address: address, why: "\(reply)")
        default:
            return error.isPermanent ? .permanent(error.description) : .transient(error.description)
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

    /// The sender, or an error naming the flag or variable to fix: checked before anything is
    /// sent, so that `send` and `worker` refuse to start on settings that cannot work.
    func sender() throws -> SMTPMessageSender {
        let environment = CommandEnvironment.self
        guard let host = smtpHost ?? environment["ARAGENT_SMTP_HOST"], !host.isEmpty else {
            throw ValidationError("no SMTP server: pass --smtp-host or set ARAGENT_SMTP_HOST")
        }
        guard let fromText = from ?? environment["ARAGENT_MAIL_FROM"], !fromText.isEmpty else {
            throw ValidationError("no sender address: pass --from or set ARAGENT_MAIL_FROM")
        }
        var port = 587
        if let given = smtpPort {
            port = given
        } else if let text = environment["ARAGENT_SMTP_PORT"] {
            guard let parsed = Int(text) else { throw ValidationError("ARAGENT_SMTP_PORT '\(text)' is not a port number") }
            port = parsed
        }
        guard (1...65_535).contains(port) else { throw ValidationError("--smtp-port \(port) is not a port (1 to 65535)") }
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
            guard tls != .none else {
                throw ValidationError("""
                    an SMTP user (--smtp-user or ARAGENT_SMTP_USER) with --smtp-tls none would send the password in clear text; \
                    use --smtp-tls starttls or tls (ARAGENT_SMTP_TLS), or remove the user for a relay that needs none
                    """)
            }
            guard let password = environment["ARAGENT_SMTP_PASSWORD"] else {
                throw ValidationError("an SMTP user without a password: set ARAGENT_SMTP_PASSWORD")
            }
            credentials = SMTPCredentials(username: user, password: password)
        }
        let configuration = SMTPConfiguration(host: host, port: port, tls: tls, trustedCAFile: smtpCA ?? environment["ARAGENT_SMTP_CA"],
                                              credentials: credentials)
        let client: SMTPClient
        do {
            client = try SMTPClient(configuration: configuration)
        } catch {
            throw ValidationError("the SMTP settings cannot work: \(error) (check --smtp-ca / ARAGENT_SMTP_CA and --smtp-tls)")
        }
        do {
            return SMTPMessageSender(client: client, from: try EmailAddress(fromText, name: fromName ?? environment["ARAGENT_MAIL_FROM_NAME"]))
        } catch {
            throw ValidationError("--from '\(fromText)' (or ARAGENT_MAIL_FROM) is not an email address: \(error)")
        }
    }
}

import ArgumentParser
