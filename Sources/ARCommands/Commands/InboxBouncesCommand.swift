import ARAgent
import ARMail
import ArgumentParser
import Foundation

/// `aragent inbox bounces --maildir DIR`: delivery failure reports in a Maildir mark the
/// customers' failing addresses (``BounceService``). Reading the folder again records nothing
/// twice; the files are left where they are.
struct InboxBouncesCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "bounces",
        abstract: "Mark customers' failing email addresses from the bounces in a Maildir (new/ and cur/, or a folder of .eml files).",
        discussion: """
            Each permanent failure (DSN status 5.x.x) to a customer's address is recorded as a bounce signal on the customer \
            (once per report and address, however often the folder is read): from then on no email goes to that address; the \
            next step goes by text, or as a call task to fix the contact, and its reason says so. Temporary failures (4.x.x) \
            and messages that are not bounces are left alone. Fixing the customer's email (an import) ends it.
            """)
    @OptionGroup var database: DatabaseOptions
    @Option(help: "The Maildir (or a folder of message files).") var maildir: String

    func execute(console: Console) async throws {
        let files = try MaildirFolder.files(maildir)
        var failures: [DeliveryFailure] = []
        var bounces = 0, unreadable: [String] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file.path) else { unreadable.append("\(file.path): cannot be read"); continue }
            let message: InboundMessage
            do { message = try InboundMessage(parsing: Array(data)) } catch {
                unreadable.append("\(file.path): \(error.description)")
                continue
            }
            guard message.kind == .bounce else { continue }
            bounces += 1
            let id = message.messageID ?? "file:\(file.lastPathComponent)"
            failures += message.bounces.map { DeliveryFailure(messageID: id, recipient: $0.recipient, status: $0.status, smtpCode: $0.smtpCode) }
        }
        let outcome = try await database.withStore { try await BounceService(store: $0).record(failures, actor: "inbox") }
        for (customer, address) in outcome.marked { console.out("Marked \(address) of customer \(customer) as failing.") }
        console.out("\(files.count) message(s) read, \(bounces) bounce(s): \(outcome.marked.count) address(es) marked, \(outcome.alreadyKnown) already known, "
                    + "\(outcome.temporary) temporary failure(s) left alone, \(outcome.unknown.count) address(es) of no customer\(outcome.unknown.isEmpty ? "" : " (\(outcome.unknown.joined(separator: ", ")))").")
        for problem in unreadable { console.err("skipped \(problem)") }
    }
}
