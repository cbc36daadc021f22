/// The SMTP conversation for one message as a pure state machine: a reply in, the next
/// step out. Nothing here touches a socket or a clock, so every branch (EHLO refused,
/// STARTTLS missing, AUTH LOGIN's prompts, a refused recipient) is tested with plain values,
/// and ``SMTPDialogueHandler`` only carries out the steps.
///
/// The order follows RFC 5321 §3 with RFC 3207 (STARTTLS) and RFC 4954 (AUTH):
/// greeting 220 → EHLO (HELO if EHLO is refused) → [STARTTLS → TLS → EHLO again] → [AUTH] →
/// MAIL FROM → RCPT TO for each recipient → DATA → message → QUIT.
///
/// A refused recipient ends the conversation without DATA: a reminder that reaches some of
/// a customer's contacts but not others would be recorded as sent, and a retry would send
/// the others a second copy. All or nothing keeps the outbox's record true.
struct SMTPDialogue {
    /// The parts of ``SMTPConfiguration`` the conversation needs.
    struct Settings: Equatable {
        var host: String
        var tls: SMTPConfiguration.TLSMode
        var credentials: SMTPCredentials?
        var mechanisms: [SMTPAuthenticationMechanism]
        var allowsPlaintextAuthentication: Bool
        var clientHostname: String

        init(_ configuration: SMTPConfiguration) {
            host = configuration.host
            tls = configuration.tls
            credentials = configuration.credentials
            mechanisms = configuration.authenticationMechanisms
            allowsPlaintextAuthentication = configuration.allowsPlaintextAuthentication
            clientHostname = configuration.clientHostname
        }
    }

    /// Sender, recipients and the dot-stuffed message.
    struct Envelope: Equatable {
        var sender: String
        var recipients: [String]
        var data: [UInt8]
    }

    /// Which timeout applies while waiting for the reply to what was just sent.
    enum Wait: Equatable {
        case reply
        case messageAcceptance
    }

    enum Action: Equatable {
        /// Write the command, then wait for its reply.
        case send(SMTPCommand, Wait)
        /// Put TLS under the connection now, then write the command (EHLO) through it.
        case startTLSThenSend(SMTPCommand)
        /// The server accepted the message: report success, then send QUIT and wait.
        case delivered(SMTPReply)
        /// Report the error; say QUIT first when the conversation is still in order.
        case fail(SMTPError, sendQuit: Bool)
        /// The conversation is over: close the connection.
        case close
    }

    private enum State: Equatable {
        case greeting
        case hello(afterTLS: Bool)
        case helo
        case startTLS
        case authPlain
        case authLoginUsername
        case authLoginPassword
        case authLoginResult
        case mailFrom
        case recipient(Int)
        case data
        case messageBody
        case quit
        case done
    }

    private let settings: Settings
    private let envelope: Envelope
    private var state = State.greeting
    private var tlsActive: Bool
    private var extensions = SMTPExtensions.none

    init(settings: Settings, envelope: Envelope) {
        self.settings = settings
        self.envelope = envelope
        self.tlsActive = settings.tls == .implicitTLS
    }

    /// Where the conversation is, for error messages and timeouts.
    var stage: SMTPStage {
        switch state {
        case .greeting: return .greeting
        case .hello(afterTLS: true): return .tlsHandshake
        case .hello, .helo: return .hello
        case .startTLS: return .startTLS
        case .authPlain, .authLoginUsername, .authLoginPassword, .authLoginResult: return .authentication
        case .mailFrom: return .mailFrom
        case .recipient: return .recipient
        case .data: return .data
        case .messageBody: return .messageBody
        case .quit, .done: return .quit
        }
    }

    /// True once the server has accepted the message (a later failure does not undo that).
    private(set) var isDelivered = false

    /// The next step after `reply`.
    mutating func receive(_ reply: SMTPReply) -> Action {
        switch state {
        case .greeting:
            guard reply.code == 220 else { return fail(.serverRejected(stage: .greeting, reply: reply)) }
            state = .hello(afterTLS: false)
            return .send(.ehlo(settings.clientHostname), .reply)

        case .hello(let afterTLS):
            if reply.code == 250 {
                extensions = SMTPExtensions(ehloReply: reply)
                return afterHello()
            }
            // An old server that does not know EHLO: greet it the old way, without extensions.
            if reply.isPermanentFailure && !afterTLS {
                state = .helo
                return .send(.helo(settings.clientHostname), .reply)
            }
            return fail(.serverRejected(stage: afterTLS ? .tlsHandshake : .hello, reply: reply))

        case .helo:
            guard reply.code == 250 else { return fail(.serverRejected(stage: .hello, reply: reply)) }
            extensions = .none
            return afterHello()

        case .startTLS:
            guard reply.code == 220 else { return fail(.serverRejected(stage: .startTLS, reply: reply)) }
            // RFC 3207 §4.2: forget what was learnt before TLS and greet again.
            tlsActive = true
            extensions = .none
            state = .hello(afterTLS: true)
            return .startTLSThenSend(.ehlo(settings.clientHostname))

        case .authPlain, .authLoginResult:
            guard reply.code == 235 else { return fail(.authenticationFailed(reply: reply)) }
            return beginMail()

        case .authLoginUsername, .authLoginPassword:
            guard reply.code == 334, let credentials = settings.credentials else {
                return fail(.authenticationFailed(reply: reply))
            }
            if state == .authLoginUsername {
                state = .authLoginPassword
                return .send(.authResponse(encoding: credentials.username), .reply)
            }
            state = .authLoginResult
            return .send(.authResponse(encoding: credentials.password), .reply)

        case .mailFrom:
            guard reply.code == 250 else { return fail(.senderRejected(address: envelope.sender, reply: reply)) }
            return nextRecipient(0)

        case .recipient(let index):
            guard reply.code == 250 || reply.code == 251 else {
                return fail(.recipientRejected(address: envelope.recipients[index], reply: reply))
            }
            return nextRecipient(index + 1)

        case .data:
            guard reply.code == 354 else { return fail(.messageRejected(reply: reply)) }
            state = .messageBody
            return .send(.messageData(envelope.data), .messageAcceptance)

        case .messageBody:
            guard reply.code == 250 else { return fail(.messageRejected(reply: reply)) }
            state = .quit
            isDelivered = true
            return .delivered(reply)

        case .quit, .done:
            state = .done
            return .close
        }
    }

    private mutating func afterHello() -> Action {
        let wantsTLS = settings.tls == .startTLS || (settings.tls == .startTLSIfAvailable && extensions.startTLS)
        if !tlsActive && wantsTLS {
            guard extensions.startTLS else { return fail(.startTLSNotOffered(host: settings.host)) }
            state = .startTLS
            return .send(.startTLS, .reply)
        }
        return authenticateOrBeginMail()
    }

    private mutating func authenticateOrBeginMail() -> Action {
        guard let credentials = settings.credentials else { return beginMail() }
        guard tlsActive || settings.allowsPlaintextAuthentication else { return fail(.authenticationWouldBeUnencrypted) }
        guard let mechanism = settings.mechanisms.first(where: { extensions.authMechanisms.contains($0.rawValue) }) else {
            return fail(.authenticationNotOffered(offered: extensions.authMechanisms))
        }
        switch mechanism {
        case .plain:
            state = .authPlain
            return .send(.authPlain(credentials), .reply)
        case .login:
            state = .authLoginUsername
            return .send(.authLogin, .reply)
        }
    }

    private mutating func beginMail() -> Action {
        let size = envelope.data.count
        if let limit = extensions.maximumSize, limit > 0, size > limit {
            return fail(.messageTooLarge(size: size, limit: limit))
        }
        state = .mailFrom
        return .send(.mailFrom(envelope.sender, size: extensions.maximumSize == nil ? nil : size), .reply)
    }

    private mutating func nextRecipient(_ index: Int) -> Action {
        guard index < envelope.recipients.count else {
            state = .data
            return .send(.data, .reply)
        }
        state = .recipient(index)
        return .send(.rcptTo(envelope.recipients[index]), .reply)
    }

    private mutating func fail(_ error: SMTPError) -> Action {
        state = .done
        return .fail(error, sendQuit: true)
    }
}
