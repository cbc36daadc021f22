import Logging
import NIOCore
import NIOSSL

/// Carries out an ``SMTPDialogue`` on a channel: feeds it the replies that
/// ``SMTPReplyDecoder`` produces, writes the commands it asks for, puts TLS under the
/// connection after STARTTLS, runs the reply timeouts, and reports the outcome once through
/// the promise.
///
/// It waits for ``Begin`` before touching the promise: the bootstrap may open more than one
/// connection (Happy Eyeballs tries IPv6 and IPv4), and only the one that wins is told to
/// begin; the others close without reporting.
final class SMTPDialogueHandler: ChannelInboundHandler {
    typealias InboundIn = SMTPReply
    typealias OutboundOut = ByteBuffer

    /// Sent by ``SMTPClient`` through the pipeline of the connection it kept.
    struct Begin: Sendable {}

    struct Timeouts {
        var reply: Duration
        var messageAcceptance: Duration
    }

    private var dialogue: SMTPDialogue
    private let promise: EventLoopPromise<SMTPReply>
    private let timeouts: Timeouts
    private let tlsContext: NIOSSLContext?
    /// The name to check the certificate against (and send as SNI); nil for an IP address,
    /// which NIOSSL then checks against the certificate's IP entries.
    private let tlsServerName: String?
    private let logger: Logger

    private var begun = false
    private var repliesBeforeBegin: [SMTPReply] = []
    private var timer: Scheduled<Void>?
    private var reported = false
    private var closing = false

    init(
        dialogue: SMTPDialogue,
        promise: EventLoopPromise<SMTPReply>,
        timeouts: Timeouts,
        tlsContext: NIOSSLContext?,
        tlsServerName: String?,
        logger: Logger
    ) {
        self.dialogue = dialogue
        self.promise = promise
        self.timeouts = timeouts
        self.tlsContext = tlsContext
        self.tlsServerName = tlsServerName
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let reply = Self.unwrapInboundIn(data)
        guard begun else {
            repliesBeforeBegin.append(reply)
            return
        }
        handle(reply, context: context)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is Begin else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        begun = true
        guard context.channel.isActive else {
            finish(.connectionClosed(stage: .greeting), sendQuit: false, context: context)
            return
        }
        arm(.reply, context: context)
        let early = repliesBeforeBegin
        repliesBeforeBegin = []
        for reply in early where !closing {
            handle(reply, context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard begun else {
            context.close(promise: nil)
            return
        }
        finish(translate(error), sendQuit: false, context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelTimer()
        if begun && !reported {
            report(.failure(.connectionClosed(stage: dialogue.stage)))
        }
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelTimer()
    }

    // MARK: Steps

    private func handle(_ reply: SMTPReply, context: ChannelHandlerContext) {
        cancelTimer()
        logger.debug("S: \(reply)", metadata: ["ar.smtp.stage": "\(dialogue.stage)"])
        perform(dialogue.receive(reply), context: context)
    }

    private func perform(_ action: SMTPDialogue.Action, context: ChannelHandlerContext) {
        switch action {
        case let .send(command, wait):
            write(command, context: context)
            arm(wait, context: context)

        case let .startTLSThenSend(command):
            guard let tlsContext else {
                finish(.invalidConfiguration("TLS was started without a TLS context"), sendQuit: false, context: context)
                return
            }
            do {
                let tls = try NIOSSLClientHandler(context: tlsContext, serverHostname: tlsServerName)
                try context.pipeline.syncOperations.addHandler(tls, position: .first)
            } catch {
                finish(.tlsFailed(reason: "\(error)"), sendQuit: false, context: context)
                return
            }
            // NIOSSL holds writes until the handshake is done, so EHLO goes out encrypted;
            // a failed handshake arrives as an error instead of the EHLO reply.
            write(command, context: context)
            arm(.reply, context: context)

        case let .delivered(reply):
            report(.success(reply))
            logger.debug("SMTP server accepted the message", metadata: ["ar.smtp.reply": "\(reply)"])
            write(.quit, context: context)
            arm(.reply, context: context)

        case let .fail(error, sendQuit):
            finish(error, sendQuit: sendQuit, context: context)

        case .close:
            close(context: context)
        }
    }

    private func write(_ command: SMTPCommand, context: ChannelHandlerContext) {
        logger.debug("C: \(command.logDescription)", metadata: ["ar.smtp.stage": "\(dialogue.stage)"])
        let buffer = context.channel.allocator.buffer(bytes: command.bytes)
        context.writeAndFlush(Self.wrapOutboundOut(buffer), promise: nil)
    }

    /// Reports `error` (unless an outcome was already reported), then ends the connection,
    /// politely with QUIT when the conversation is still in step.
    private func finish(_ error: SMTPError, sendQuit: Bool, context: ChannelHandlerContext) {
        cancelTimer()
        report(.failure(error))
        guard sendQuit, !closing, context.channel.isActive else {
            close(context: context)
            return
        }
        logger.debug("C: QUIT", metadata: ["ar.smtp.stage": "\(dialogue.stage)"])
        let buffer = context.channel.allocator.buffer(bytes: SMTPCommand.quit.bytes)
        context.writeAndFlush(Self.wrapOutboundOut(buffer)).assumeIsolated().whenComplete { _ in
            self.close(context: context)
        }
    }

    private func report(_ outcome: Result<SMTPReply, SMTPError>) {
        guard !reported else { return }
        reported = true
        switch outcome {
        case let .success(reply): promise.succeed(reply)
        case let .failure(error):
            logger.debug("SMTP send failed", metadata: ["ar.smtp.error": "\(error)"])
            promise.fail(error)
        }
    }

    private func close(context: ChannelHandlerContext) {
        cancelTimer()
        guard !closing else { return }
        closing = true
        context.close(promise: nil)
    }

    // MARK: Timeouts

    private func arm(_ wait: SMTPDialogue.Wait, context: ChannelHandlerContext) {
        cancelTimer()
        let duration = wait == .reply ? timeouts.reply : timeouts.messageAcceptance
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(duration)) {
            self.timer = nil
            if self.dialogue.isDelivered {
                // Only QUIT's reply is missing; the message is already accepted.
                self.close(context: context)
            } else {
                self.finish(.replyTimedOut(stage: self.dialogue.stage, after: duration), sendQuit: false, context: context)
            }
        }
    }

    private func cancelTimer() {
        timer?.cancel()
        timer = nil
    }

    // MARK: Errors

    private func translate(_ error: any Error) -> SMTPError {
        if let error = error as? SMTPError { return error }
        if let malformed = error as? SMTPReplyParser.MalformedReply {
            return .malformedReply(stage: dialogue.stage, line: malformed.line)
        }
        if case let .dataReceivedInErrorState(inner, _)? = error as? ByteToMessageDecoderError {
            return translate(inner)
        }
        if let tls = error as? NIOSSLError {
            switch tls {
            case .uncleanShutdown:
                return .connectionClosed(stage: dialogue.stage)
            default:
                return .tlsFailed(reason: "\(tls)")
            }
        }
        if error is NIOSSLExtraError {
            return .tlsFailed(reason: "\(error)")
        }
        return .connectionClosed(stage: dialogue.stage)
    }
}
