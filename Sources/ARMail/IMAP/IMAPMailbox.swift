import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// A team's `ar@` mailbox read over IMAP (RFC 9051 / 3501), on SwiftNIO like ``SMTPClient``.
///
/// ``drain(batchSize:_:)`` fetches the messages not yet processed, in UID order and in batches,
/// hands each batch to the caller (which stores what it read in one transaction), and only then
/// marks the batch processed on the server: with the ``processedKeyword`` flag, or by moving it
/// to ``moveTo``. Why in that order: a crash between the two leaves the messages unmarked, and
/// the next run reads them again; the store keeps each message once by its Message-ID, so
/// nothing is acted on twice. Messages are fetched with `BODY.PEEK[]`, so a person reading the
/// same mailbox still sees them unread.
public struct IMAPMailbox: Sendable {
    /// The keyword that marks a message ARAgent has processed (a flag the server keeps).
    public static let processedKeyword = "$ARAgentProcessed"

    public let configuration: IMAPConfiguration
    /// The folder processed messages are moved to, or nil to flag them in place.
    public let moveTo: String?
    private let tlsContext: NIOSSLContext?
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger

    public struct Fetched: Sendable {
        public let uid: UInt32
        public let bytes: [UInt8]
    }

    public init(configuration: IMAPConfiguration, moveTo: String? = nil,
                eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                logger: Logger = Logger(label: "aragent.mail.imap")) throws(IMAPError) {
        if let moveTo {
            try IMAPConfiguration.checkMailboxName(moveTo)
            guard moveTo != configuration.mailbox else { throw .invalidConfiguration("moving processed messages to \(moveTo) would leave them where they are: name another folder") }
        }
        self.configuration = configuration
        self.moveTo = moveTo
        self.eventLoopGroup = eventLoopGroup
        self.tlsContext = configuration.security == .none ? nil : try Self.makeTLSContext(configuration)
        var logger = logger
        logger[metadataKey: "ar.imap.mailbox"] = "\(configuration.redacted)"
        self.logger = logger
    }

    /// Reads every message not yet processed, `batchSize` at a time, and returns how many were
    /// marked processed. `handle` returns the UIDs it is done with (stored, or refused for good):
    /// only those are marked; a message it leaves out stays for the next run.
    @discardableResult
    public func drain(batchSize: Int = 100, _ handle: @Sendable ([Fetched]) async throws -> [UInt32]) async throws -> Int {
        let channel = try await connect()
        let configuration = self.configuration, moveTo = self.moveTo, tlsContext = self.tlsContext, logger = self.logger
        return try await channel.executeThenClose { inbound, outbound in
            let session = IMAPSession(channel: channel, inbound: inbound, outbound: outbound)
            try await session.greeting()
            try await session.refreshCapabilities()
            if configuration.security == .startTLS, let tlsContext {
                try await session.startTLS(context: tlsContext, serverName: Self.tlsServerName(for: configuration.host))
            }
            try await session.logIn(user: configuration.user, password: configuration.password)
            let selected = try await session.run("SELECT \(try IMAPSession.quoted(configuration.mailbox))")
            if moveTo == nil {
                let permanent = selected.first { $0.text.uppercased().contains("[PERMANENTFLAGS") }?.text ?? ""
                guard permanent.contains("\\*") || permanent.contains(Self.processedKeyword) else {
                    throw IMAPError.refused(command: "keeping the flag \(Self.processedKeyword)",
                                            reply: "the mailbox keeps no keywords of its own; move processed messages to another folder instead")
                }
            }
            let criterion = moveTo == nil ? "UNKEYWORD \(Self.processedKeyword)" : "ALL"
            let found = try await session.run("UID SEARCH \(criterion)")
            let uids = found.filter { $0.status == "SEARCH" }.flatMap { $0.text.split(separator: " ").dropFirst().compactMap { UInt32($0) } }.sorted()
            logger.debug("messages to read", metadata: ["ar.imap.count": "\(uids.count)"])
            var marked = 0
            var start = 0
            while start < uids.count {
                let batch = Array(uids[start..<min(start + max(1, batchSize), uids.count)])
                start += batch.count
                let responses = try await session.run("UID FETCH \(Self.set(batch)) (UID BODY.PEEK[])")
                let fetched = responses.compactMap { response -> Fetched? in
                    guard response.name == "FETCH", let uid = response.uid, let body = response.literals.last else { return nil }
                    return Fetched(uid: uid, bytes: body)
                }
                let done = try await handle(fetched)
                guard !done.isEmpty else { continue }
                let set = Self.set(done.sorted())
                if let moveTo {
                    try await Self.move(set, to: moveTo, session: session)
                } else {
                    try await session.run("UID STORE \(set) +FLAGS.SILENT (\(Self.processedKeyword))")
                }
                marked += done.count
            }
            await session.logOut()
            return marked
        }
    }

    /// MOVE when the server has it; else COPY, flag \Deleted and expunge only those (UIDPLUS),
    /// or leave them flagged \Deleted for the mail client's next expunge.
    private static func move(_ set: String, to folder: String, session: IMAPSession) async throws {
        let target = try IMAPSession.quoted(folder)
        if session.capabilities.contains("MOVE") {
            try await session.run("UID MOVE \(set) \(target)")
            return
        }
        try await session.run("UID COPY \(set) \(target)")
        try await session.run("UID STORE \(set) +FLAGS.SILENT (\\Deleted \(processedKeyword))")
        if session.capabilities.contains("UIDPLUS") { try await session.run("UID EXPUNGE \(set)") }
    }

    /// `1:3,7,9:10` for sorted UIDs.
    static func set(_ uids: [UInt32]) -> String {
        var parts: [String] = []
        var index = 0
        while index < uids.count {
            var end = index
            while end + 1 < uids.count && uids[end + 1] == uids[end] + 1 { end += 1 }
            parts.append(end == index ? "\(uids[index])" : "\(uids[index]):\(uids[end])")
            index = end + 1
        }
        return parts.joined(separator: ",")
    }

    private func connect() async throws -> NIOAsyncChannel<ByteBuffer, ByteBuffer> {
        let configuration = self.configuration
        let implicit = configuration.security == .implicitTLS ? tlsContext : nil
        let serverName = Self.tlsServerName(for: configuration.host)
        let idle = TimeAmount(configuration.replyTimeout)
        do {
            return try await ClientBootstrap(group: eventLoopGroup)
                .connectTimeout(TimeAmount(configuration.connectTimeout))
                .connect(host: configuration.host, port: configuration.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let pipeline = channel.pipeline.syncOperations
                        if let implicit {
                            try pipeline.addHandler(NIOSSLClientHandler(context: implicit, serverHostname: serverName))
                        }
                        try pipeline.addHandler(IdleStateHandler(readTimeout: idle))
                        try pipeline.addHandler(IMAPIdleCloser())
                        return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw IMAPError.connectionFailed(host: configuration.host, port: configuration.port, reason: "\(error)")
        }
    }

    private static func makeTLSContext(_ configuration: IMAPConfiguration) throws(IMAPError) -> NIOSSLContext {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        if let path = configuration.trustedCAFile {
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw .invalidConfiguration("the trusted CA file \(path) does not exist or cannot be read")
            }
            guard let certificates = try? NIOSSLCertificate.fromPEMFile(path), !certificates.isEmpty else {
                throw .invalidConfiguration("the trusted CA file \(path) holds no PEM certificate")
            }
            tls.trustRoots = .certificates(certificates)
        }
        do {
            return try NIOSSLContext(configuration: tls)
        } catch {
            throw .tls("TLS could not be set up (\(error))")
        }
    }

    private static func tlsServerName(for host: String) -> String? {
        (try? SocketAddress(ipAddress: host, port: 0)) == nil ? host : nil
    }
}

/// Closes the connection when the server has been silent for the reply timeout: the reader
/// then sees the end of the stream and reports which answer it was waiting for.
final class IMAPIdleCloser: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case IdleStateHandler.IdleStateEvent.read? = event as? IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}
