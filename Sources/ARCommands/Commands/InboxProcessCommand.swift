import ARAgent
import ARCore
import ARMail
import ARServer
import ArgumentParser
import Crypto
import Foundation

/// `aragent inbox process --maildir DIR`: the replies, bounces and automatic replies in a
/// Maildir, each tied to its customer, classified and acted on (``InboxService``), each stored
/// once by its Message-ID: reading the folder again does nothing twice. The files are left where
/// they are.
struct InboxProcessCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "process",
        abstract: "Read customer replies from a Maildir or an IMAP mailbox: tie each to its customer, classify it, and act (promises, disputes, bounces) or pass it to a person.",
        discussion: """
            A message is tied to the reminder it answers (In-Reply-To or References naming a message ARAgent sent), else to the \
            invoice numbers it names, else to the sender's address. A promise to pay with a date is recorded for the invoices \
            (chasing pauses until the date plus the grace days); a dispute opens a dispute on them (no reminder until it is \
            resolved); a payment plan request holds the customer for a person; a bounce marks the failing address; an automatic \
            reply is noted. Anything read with low confidence, not tied to one customer, or asking what only a person can answer \
            (already paid, documents, a new contact) waits in `aragent inbox list --status needs_person` with the reader's guesses.
            """)
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var asOf: AsOfOptions
    @Option(help: "The Maildir (new/ and cur/), or a folder of message files.") var maildir: String?
    @Option(help: ArgumentHelp("An IMAP mailbox: imaps://USER@HOST/INBOX, or imap://USER@HOST/INBOX with STARTTLS (default $ARAGENT_IMAP_URL); the password comes from $ARAGENT_IMAP_PASSWORD.", valueName: "url")) var imap: String?
    @Option(help: "With --imap: move processed messages to this folder (else they are flagged $ARAgentProcessed and left where they are).") var moveTo: String?

    func execute(console: Console) async throws {
        let day = try asOf.resolved()
        let imapURL = imap ?? (maildir == nil ? CommandEnvironment["ARAGENT_IMAP_URL"] : nil)
        switch (maildir, imapURL) {
        case (nil, nil): throw ValidationError("say where the replies are: --maildir DIR or --imap URL (or set ARAGENT_IMAP_URL)")
        case (_?, _?): throw ValidationError("give --maildir or --imap, not both")
        case let (folder?, nil):
            guard moveTo == nil else { throw ValidationError("--move-to is for --imap; a Maildir's files are left where they are") }
            let (mails, problems) = try MaildirFolder.read(folder)
            let report = try await database.withStore { store in try await InboxService(store: store).process(mails.map(\.mail), asOf: day) }
            Self.print(report, console: console)
            for problem in problems { console.err("skipped \(problem)") }
        case let (nil, url?):
            let mailbox = try IMAPInbox.mailbox(url: url, moveTo: moveTo ?? CommandEnvironment["ARAGENT_IMAP_MOVE_TO"])
            let (report, problems) = try await database.withStore { store in try await IMAPInbox.read(mailbox, store: store, asOf: day) }
            Self.print(report, console: console)
            for problem in problems { console.err("skipped \(problem)") }
        }
    }

    static func print(_ report: InboxReport, console: Console) {
        for line in report.lines { console.out("\(line.messageID): \(line.status.rawValue): \(line.outcome)") }
        console.out("\(report.read) message(s) read: \(report.counts[.acted] ?? 0) acted on, \(report.counts[.needsPerson] ?? 0) for a person, "
                    + "\(report.counts[.ignored] ?? 0) ignored, \(report.alreadyStored) already processed.")
    }
}

/// Reading the IMAP mailbox failed: the address (without its password) and why. Not a usage
/// error: the flags were right, the server said no.
struct InboxMailboxError: Error, CustomStringConvertible {
    let description: String
}

/// One read of an IMAP mailbox into the ledger: `inbox process --imap` and the poller of
/// `serve` both run this, so a setting means the same in both.
enum IMAPInbox {
    /// Every message not yet processed, stored and acted on batch by batch; the report, and the
    /// messages that could not be parsed (left unflagged on the server, named here).
    static func read(_ mailbox: IMAPMailbox, store: any InboxService.Store, asOf day: CalendarDate) async throws -> (InboxReport, [String]) {
        let tally = InboxTally()
        do {
            try await mailbox.drain { fetched in
                var mails: [InboundMail] = [], done: [UInt32] = [], problems: [String] = []
                for message in fetched {
                    do {
                        let parsed = try InboundMessage(parsing: message.bytes)
                        mails.append(MaildirFolder.mail(parsed, bytes: message.bytes))
                        done.append(message.uid)
                    } catch {
                        problems.append("UID \(message.uid) in \(mailbox.configuration.mailbox): \(error) (left unflagged on the server)")
                    }
                }
                let report = try await InboxService(store: store).process(mails, asOf: day)
                await tally.add(report, problems: problems)
                return done
            }
        } catch let error as IMAPError {
            throw InboxMailboxError(description: "\(mailbox.configuration.redacted): \(error.description)")
        }
        return await tally.result
    }

    /// One message posted to the inbound-mail webhook, read as each of a mailbox's is.
    static func readOne(_ bytes: [UInt8], store: any InboxService.Store, asOf day: CalendarDate) async throws -> InboundMailOutcome {
        // RFC 5322 allows no NUL anywhere in a message; a body with one is not mail (and a NUL
        // could not be stored as PostgreSQL text).
        if let at = bytes.firstIndex(of: 0) {
            throw InboundMailRejected(reason: "the body has a NUL byte at offset \(at); a mail message has none")
        }
        let parsed: InboundMessage
        do {
            parsed = try InboundMessage(parsing: bytes)
        } catch {
            throw InboundMailRejected(reason: "the body is not a mail message that can be read: \(error)")
        }
        let mail = MaildirFolder.mail(parsed, bytes: bytes)
        let report = try await InboxService(store: store).process([mail], asOf: day)
        if let line = report.lines.first {
            return InboundMailOutcome(messageID: line.messageID, status: line.status.rawValue, outcome: line.outcome, alreadyProcessed: false)
        }
        let stored = try await store.inbound(messageID: mail.messageID)
        return InboundMailOutcome(messageID: mail.messageID, status: stored?.status.rawValue ?? InboundStatus.ignored.rawValue,
                                  outcome: stored?.outcome ?? "already processed", alreadyProcessed: true)
    }

    /// The mailbox `--imap`/`ARAGENT_IMAP_URL` names, with `ARAGENT_IMAP_PASSWORD`; checked
    /// (address, TLS trust file, folder name) before anything is read.
    static func mailbox(url: String, moveTo: String?) throws -> IMAPMailbox {
        try IMAPMailbox(configuration: IMAPConfiguration(url: url, password: CommandEnvironment["ARAGENT_IMAP_PASSWORD"]), moveTo: moveTo)
    }
}

/// The reports of an IMAP run's batches, added up.
actor InboxTally {
    private var report = InboxReport()
    private var problems: [String] = []

    func add(_ batch: InboxReport, problems more: [String]) {
        report.read += batch.read
        report.alreadyStored += batch.alreadyStored
        for (status, count) in batch.counts { report.counts[status, default: 0] += count }
        report.lines += batch.lines
        problems += more
    }

    var result: (InboxReport, [String]) { (report, problems) }
}

/// `aragent inbox list [--status STATUS]`: the messages read, newest first.
struct InboxListCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the messages read from the inbox, newest first.")
    @OptionGroup var database: DatabaseOptions
    @Option(help: "acted, needs_person or ignored.") var status: String?
    @Option(help: "At most this many.") var limit = 100

    func execute(console: Console) async throws {
        var wanted: InboundStatus?
        if let status {
            guard let parsed = InboundStatus(rawValue: status) else {
                throw ValidationError("--status '\(status)' is not one of \(InboundStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            wanted = parsed
        }
        let limit = self.limit
        let messages = try await database.withStore { try await $0.inbound(status: wanted, limit: max(1, limit)) }
        guard !messages.isEmpty else { console.out("No messages\(status.map { " with status \($0)" } ?? "")."); return }
        for message in messages {
            let read = message.label.map { " \($0)\(message.confidencePermille.map { " \($0 / 10)%" } ?? "")" } ?? ""
            console.out("\(message.receivedAt.prefix(19))  \(message.status.rawValue)  \(message.customerID?.rawValue ?? "-")  \(message.kind)\(read)  \(message.messageID)  \(message.outcome)")
        }
    }
}

/// `aragent inbox show MESSAGE_ID`: one message as it was read, and what was done.
struct InboxShowCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one message read from the inbox: how it was read and what was done.")
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "Its Message-ID (as `inbox list` prints it).") var messageID: String

    func execute(console: Console) async throws {
        let id = messageID.trimmingCharacters(in: CharacterSet(charactersIn: "<> "))
        guard let message = try await database.withStore({ try await $0.inbound(messageID: id) }) else {
            throw ValidationError("no message '\(id)' was read; `aragent inbox list` shows them")
        }
        console.out("""
            \(message.messageID)
            received \(message.receivedAt) from \(message.sender ?? "an unknown sender"): \(message.subject ?? "(no subject)")
            kind: \(message.kind); customer: \(message.customerID?.rawValue ?? "not known")\(message.threadedBy.map { ", tied by \($0)" } ?? "")
            invoices: \(message.invoices.isEmpty ? "none" : message.invoices.map(\.rawValue).joined(separator: ", "))
            read as: \(message.label ?? "-")\(message.confidencePermille.map { " (\($0 / 10)%)" } ?? "")\(message.guesses.map { "; guesses: \($0)" } ?? "")\(message.promiseDate.map { "; promised date \($0)" } ?? "")
            status: \(message.status.rawValue): \(message.outcome)

            \(message.visibleText)
            """)
    }
}

/// The messages of a Maildir (`new/` and `cur/`) or a plain folder of message files, parsed.
enum MaildirFolder {
    struct Read: Sendable {
        let file: String
        let message: InboundMessage
        let mail: InboundMail
    }

    static func files(_ path: String) throws -> [URL] {
        let root = URL(fileURLWithPath: path)
        var folders = ["new", "cur"].map { root.appendingPathComponent($0) }.filter { FileManager.default.fileExists(atPath: $0.path) }
        if folders.isEmpty { folders = [root] }
        var files: [URL] = []
        for folder in folders {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else {
                throw ValidationError("\(folder.path): cannot be read; give a Maildir or a folder of message files with --maildir")
            }
            files += names.filter { !$0.hasPrefix(".") }.sorted().map { folder.appendingPathComponent($0) }
        }
        return files
    }

    /// Every message, and the files that could not be read (named, never silently skipped).
    static func read(_ path: String) throws -> (messages: [Read], problems: [String]) {
        var messages: [Read] = [], problems: [String] = []
        for file in try files(path) {
            guard let data = FileManager.default.contents(atPath: file.path) else { problems.append("\(file.path): cannot be read"); continue }
            let bytes = Array(data)
            do {
                let message = try InboundMessage(parsing: bytes)
                messages.append(Read(file: file.path, message: message, mail: mail(message, bytes: bytes)))
            } catch {
                problems.append("\(file.path): \(error.description)")
            }
        }
        return (messages, problems)
    }

    static func mail(_ message: InboundMessage, bytes: [UInt8]) -> InboundMail {
        let headers = message.root.headers
        let id = message.messageID ?? "sha256:" + SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        // In-Reply-To first, then References newest first: the reminder answered is usually the last one.
        let answered = ids(headers["In-Reply-To"]) + ids(headers["References"]).reversed()
        let kind: InboundMail.Kind = switch message.kind {
        case .reply: .reply
        case .bounce: .bounce
        case .autoReply: .autoReply
        }
        return InboundMail(messageID: id, from: message.from, subject: message.subject, date: headers["Date"].flatMap(MailDate.day), inReplyTo: answered,
                           kind: kind, visibleText: message.visibleText,
                           failures: message.bounces.map { DeliveryFailure(messageID: id, recipient: $0.recipient, status: $0.status, smtpCode: $0.smtpCode) },
                           attachmentNames: message.attachments.compactMap(\.filename))
    }

    /// The `<…>` message ids of a field, without their brackets.
    static func ids(_ field: String?) -> [String] {
        guard let field else { return [] }
        var result: [String] = []
        var rest = Substring(field)
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            let id = rest[rest.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
            if !id.isEmpty { result.append(id) }
            rest = rest[rest.index(after: close)...]
        }
        return result
    }
}

/// The day an RFC 5322 Date field names, as the sender wrote it (`Tue, 3 Nov 2026 10:00 +0100`
/// is 2026-11-03 whatever the zone: "this Friday" is read from the sender's day).
enum MailDate {
    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    static func day(_ field: String) -> CalendarDate? {
        let words = field.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }).map(String.init)
        for index in words.indices.dropLast(2) {
            guard let day = Int(words[index]), (1...31).contains(day),
                  let month = months.firstIndex(of: words[index + 1].prefix(3).lowercased()),
                  let year = Int(words[index + 2]), (1970...9999).contains(year) else { continue }
            return CalendarDate(year: year, month: month + 1, day: day)
        }
        return nil
    }
}
