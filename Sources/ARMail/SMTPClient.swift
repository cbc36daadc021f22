import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// Sends ``EmailMessage``s to one SMTP relay over SwiftNIO: one connection per message,
/// the dialogue run by ``SMTPDialogueHandler``.
///
/// Why a connection per message: reminders go out in tens or hundreds per cycle, not
/// millions, and a fresh connection cannot be left in a half-known state by an earlier
/// failure; the outbox can send several messages at once by calling ``send(_:)`` concurrently.
///
/// Failures are always ``SMTPError``; see ``SMTPError/isPermanent`` for which ones to retry.
/// A message is either accepted for every recipient or not sent (see ``SMTPDialogue``).
/// ``send(_:)`` returns as soon as the server accepts the message; QUIT and closing the
/// connection finish in the background, bounded by the reply timeout.
public struct SMTPClient: Mailer {
    public let configuration: SMTPConfiguration
    private let eventLoopGroup: any EventLoopGroup
    private let tlsContext: NIOSSLContext?
    private let logger: Logger

    /// Checks the configuration and loads the TLS trust roots once, so a wrong CA path fails
    /// at start-up rather than at the first reminder.
    public init(
        configuration: SMTPConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "aragent.mail.smtp")
    ) throws(SMTPError) {
        guard !configuration.host.isEmpty else { throw .invalidConfiguration("the SMTP host is empty") }
        guard (1...65_535).contains(configuration.port) else {
            throw .invalidConfiguration("the SMTP port \(configuration.port) is not between 1 and 65535")
        }
        do {
            try MailSyntax.checkHeaderValue(configuration.clientHostname, header: "EHLO")
        } catch {
            throw .invalidConfiguration("the client host name for EHLO has a line break or control character")
        }
        guard !configuration.clientHostname.isEmpty, !configuration.clientHostname.contains(" ") else {
            throw .invalidConfiguration("the client host name for EHLO must be one word, such as mail.example.com")
        }
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.tlsContext = configuration.tls == .none ? nil : try Self.makeTLSContext(configuration)
        var logger = logger
        logger[metadataKey: "ar.smtp.host"] = "\(configuration.host)"
        logger[metadataKey: "ar.smtp.port"] = "\(configuration.port)"
        self.logger = logger
    }

    /// Sends `message` to all its recipients (To and Cc) and returns the server's receipt.
    /// - Throws: ``SMTPError``.
    public func send(_ message: EmailMessage) async throws -> SMTPReceipt {
        let rendered: String
        do {
            rendered = try MIMEWriter().render(message)
        } catch {
            throw SMTPError.invalidMessage(error)
        }
        let recipients = message.recipients.map(\.address)
        let envelope = SMTPDialogue.Envelope(
            sender: message.from.address,
            recipients: recipients,
            data: SMTPData.dotStuffed(rendered)
        )
        var logger = self.logger
        logger[metadataKey: "ar.mail.message_id"] = "\(message.messageID.value)"
        let reply = try await converse(envelope, logger: logger)
        return SMTPReceipt(reply: reply, messageID: message.messageID, recipients: recipients)
    }

    private func converse(_ envelope: SMTPDialogue.Envelope, logger: Logger) async throws -> SMTPReply {
        let configuration = self.configuration
        let eventLoop = eventLoopGroup.next()
        let promise = eventLoop.makePromise(of: SMTPReply.self)
        let dialogue = SMTPDialogue(settings: .init(configuration), envelope: envelope)
        let timeouts = SMTPDialogueHandler.Timeouts(
            reply: configuration.replyTimeout,
            messageAcceptance: configuration.messageAcceptanceTimeout
        )
        let tlsContext = self.tlsContext
        let serverName = Self.tlsServerName(for: configuration.host)
        let implicitTLS = configuration.tls == .implicitTLS

        let connected = ClientBootstrap(group: eventLoop)
            .connectTimeout(TimeAmount(configuration.connectTimeout))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if implicitTLS, let tlsContext {
                        try pipeline.addHandler(NIOSSLClientHandler(context: tlsContext, serverHostname: serverName))
                    }
                    try pipeline.addHandler(ByteToMessageHandler(SMTPReplyDecoder()))
                    try pipeline.addHandler(SMTPDialogueHandler(
                        dialogue: dialogue, promise: promise, timeouts: timeouts,
                        tlsContext: tlsContext, tlsServerName: serverName, logger: logger
                    ))
                }
            }
            .connect(host: configuration.host, port: configuration.port)

        connected.whenComplete { result in
            switch result {
            case let .success(channel):
                // The handler reports first; this only settles a promise it never saw
                // (the connection dropped before the handler was told to begin).
                channel.closeFuture.whenComplete { _ in
                    promise.fail(SMTPError.connectionClosed(stage: .greeting))
                }
                channel.pipeline.fireUserInboundEventTriggered(SMTPDialogueHandler.Begin())
            case let .failure(error):
                promise.fail(Self.connectError(error, configuration: configuration))
            }
        }

        do {
            return try await withTaskCancellationHandler {
                try await promise.futureResult.get()
            } onCancel: {
                promise.fail(SMTPError.cancelled)
                connected.whenSuccess { $0.close(promise: nil) }
            }
        } catch let error as SMTPError {
            throw error
        } catch {
            throw SMTPError.connectionClosed(stage: .connect)
        }
    }

    // MARK: Helpers

    private static func makeTLSContext(_ configuration: SMTPConfiguration) throws(SMTPError) -> NIOSSLContext {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        if !configuration.verifiesCertificates {
            tls.certificateVerification = .none
        }
        if let path = configuration.trustedCAFile {
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw .invalidConfiguration("the trusted CA file \(path) does not exist or cannot be read")
            }
            do {
                let certificates = try NIOSSLCertificate.fromPEMFile(path)
                guard !certificates.isEmpty else {
                    throw SMTPError.invalidConfiguration("the trusted CA file \(path) holds no PEM certificate")
                }
                tls.trustRoots = .certificates(certificates)
            } catch let error as SMTPError {
                throw error
            } catch {
                throw .invalidConfiguration("the trusted CA file \(path) is not a PEM certificate file (\(error))")
            }
        }
        do {
            return try NIOSSLContext(configuration: tls)
        } catch {
            throw .invalidConfiguration("TLS could not be set up (\(error))")
        }
    }

    /// SNI and certificate name checks need a host name; for an IP address NIOSSL checks the
    /// certificate's IP entries against the connected address instead.
    private static func tlsServerName(for host: String) -> String? {
        (try? SocketAddress(ipAddress: host, port: 0)) == nil ? host : nil
    }

    private static func connectError(_ error: any Error, configuration: SMTPConfiguration) -> SMTPError {
        if case ChannelError.connectTimeout? = error as? ChannelError {
            return .connectTimedOut(host: configuration.host, port: configuration.port, after: configuration.connectTimeout)
        }
        if let error = error as? NIOConnectionError {
            if let dns = error.dnsAError ?? error.dnsAAAAError {
                return .connectionFailed(host: configuration.host, port: configuration.port, reason: "DNS lookup failed: \(dns)")
            }
            let reasons = error.connectionErrors.map { "\($0.error)" }
            return .connectionFailed(
                host: configuration.host, port: configuration.port,
                reason: reasons.isEmpty ? "no address to connect to" : reasons.joined(separator: "; ")
            )
        }
        return .connectionFailed(host: configuration.host, port: configuration.port, reason: "\(error)")
    }
}
