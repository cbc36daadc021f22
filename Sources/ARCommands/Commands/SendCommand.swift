import ARAgent
import ARCore
import ArgumentParser
import Foundation

/// `aragent send`: deliver the approved actions' messages now.
struct SendCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Deliver approved email actions: re-check each against the ledger, write it to the outbox, send what is due over SMTP.")
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var asOf: AsOfOptions
    @OptionGroup var smtp: SMTPOptions
    @Option(help: ArgumentHelp("A folder of your own templates.", valueName: "dir")) var templates: String?
    @Option(help: ArgumentHelp("Where approved letters (demand letters, notices by post) are written as printable pages.", valueName: "dir"))
    var letters: String = "letters"
    @Option(help: "SMS provider's messages endpoint (default $ARAGENT_SMS_URL); the token only from $ARAGENT_SMS_TOKEN.") var smsURL: String?
    @Option(help: "SMS provider account (default $ARAGENT_SMS_ACCOUNT).") var smsAccount: String?
    @Option(help: "SMS sender number or name (default $ARAGENT_SMS_FROM).") var smsFrom: String?

    func execute(console: Console) async throws {
        let day = try asOf.resolved()
        let sender = try smtp.sender()
        let folder = templates
        let report = try await Delivery.run(database: database, asOf: day, sender: sender, templates: folder)
        let written = try await Delivery.writeLetters(database: database, asOf: day, folder: letters, templates: folder)
        var texts = ""
        let environment = ProcessInfo.processInfo.environment
        if let url = (smsURL ?? environment["ARAGENT_SMS_URL"]).flatMap(URL.init(string:)) {
            guard let token = environment["ARAGENT_SMS_TOKEN"], let account = smsAccount ?? environment["ARAGENT_SMS_ACCOUNT"],
                  let from = smsFrom ?? environment["ARAGENT_SMS_FROM"] else {
                throw ValidationError("the SMS channel needs --sms-account (or ARAGENT_SMS_ACCOUNT), --sms-from (or ARAGENT_SMS_FROM) and ARAGENT_SMS_TOKEN")
            }
            let sms = try await Delivery.sendTexts(database: database, asOf: day, sender: HTTPSMSSender(endpoint: url, accountID: account, token: token, from: from),
                                                   templates: folder)
            texts = "; texts: \(sms.sent) sent, \(sms.retrying) to retry, \(sms.failed) failed"
        }
        console.out("Queued \(report.queued), sent \(report.sent), retrying \(report.retrying), failed \(report.failed), cancelled at re-check \(report.cancelled); \(written) letter(s) written to \(letters)\(texts).")
    }
}

/// `aragent worker`: the long-running agent — one cycle and one delivery a day at the configured
/// hour, and deliveries (retries) every few minutes in between. Several workers may share one
/// PostgreSQL: cycles take turns and each message is claimed by one worker.
struct WorkerCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run the agent continuously: the daily cycle at --hour (company time zone), deliveries every --every minutes.")
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var smtp: SMTPOptions
    @Option(help: "Hour of the day (0-23) for the daily cycle.") var hour: Int = 8
    @Option(help: "Minutes between delivery runs.") var every: Int = 5
    @Option(help: "The company's time zone (default $ARAGENT_TIMEZONE, else the system's).") var timezone: String?
    @Flag(help: "Run one cycle and one delivery now, then stop.") var once = false

    func validate() throws {
        guard (0...23).contains(hour) else { throw ValidationError("--hour must be 0 to 23") }
        guard every >= 1 else { throw ValidationError("--every must be at least 1 minute") }
    }

    func execute(console: Console) async throws {
        let sender = try smtp.sender()
        var lastCycle: CalendarDate?
        while true {
            let today = try Today.inTimeZone(timezone)
            var calendar = Calendar(identifier: .gregorian)
            if let zone = (timezone ?? ProcessInfo.processInfo.environment["ARAGENT_TIMEZONE"]).flatMap(TimeZone.init(identifier:)) { calendar.timeZone = zone }
            let currentHour = calendar.component(.hour, from: Date())
            if once || (lastCycle != today && currentHour >= hour) {
                let result = try await database.withStore { try await CollectionsService(store: $0).runCycle(asOf: today, dryRun: false) }
                console.out("\(today.iso): cycle planned \(result.actions.count) new action(s)")
                lastCycle = today
            }
            let report = try await Delivery.run(database: database, asOf: today, sender: sender, templates: nil)
            if report != DeliveryReport() {
                console.out("\(today.iso): queued \(report.queued), sent \(report.sent), retrying \(report.retrying), failed \(report.failed), cancelled \(report.cancelled)")
            }
            if once { return }
            try await Task.sleep(for: .seconds(60 * every))
        }
    }
}

enum Delivery {
    /// Approved SMS actions go out through the provider: a temporary failure leaves the action
    /// approved for the next run; a permanent one is recorded on it.
    static func sendTexts(database: DatabaseOptions, asOf: CalendarDate, sender: any SMSSender, templates: String?) async throws -> DeliveryReport {
        try await database.withStore { store in
            var report = DeliveryReport()
            let pending = try await store.actions(status: .approved).filter { $0.action.channel == .sms }
            guard !pending.isEmpty else { return report }
            let composer = try await ActionMaterial.composer(store, templates: templates)
            let recheck = try await SendingRecheck(store: store, asOf: asOf)
            let (customers, policy) = (recheck.customers, recheck.policy)
            let company = ProcessInfo.processInfo.environment["ARAGENT_TIMEZONE"].flatMap(TimeZone.init(identifier:)) ?? .current
            for stored in pending {
                let action = stored.action
                // Texts too wait for the send hours in the customer's time zone (the action stays approved).
                let zone = customers[action.customerID]?.timeZone.flatMap(TimeZone.init(identifier:)) ?? company
                if SendWindow(hours: policy.sendHours, businessDaysOnly: policy.businessDaysOnly, timeZone: zone).nextOpening(after: Date()) != nil {
                    report.deferred += 1
                    continue
                }
                let (open, dropped) = recheck.check(action)
                guard !open.isEmpty else {
                    try await store.close(actionID: action.id, status: .cancelled,
                                          note: "re-checked before texting: \(dropped.joined(separator: ", ")); nothing left to remind", actor: "agent")
                    report.cancelled += 1
                    continue
                }
                guard let customer = customers[action.customerID], let phone = customer.phone, !phone.isEmpty else {
                    try await store.close(actionID: action.id, status: .failed, note: "customer \(action.customerID) has no phone number; add one in customers.csv", actor: "agent")
                    report.failed += 1
                    continue
                }
                let text = try composer.sms(action, customer: customer, invoices: open, asOf: asOf, now: Int64(Date().timeIntervalSince1970))
                do {
                    try await sender.send(OutgoingSMS(to: phone, body: text, idempotencyKey: action.id))
                    try await store.close(actionID: action.id, status: .executed, note: "text sent to \(phone)", actor: "agent")
                    report.sent += 1
                } catch SendFailure.permanent(let why) {
                    try await store.close(actionID: action.id, status: .failed, note: why, actor: "agent")
                    report.failed += 1
                } catch {
                    report.retrying += 1
                }
            }
            return report
        }
    }

    /// Approved letter-channel actions become printable pages in `folder`; the action is done.
    static func writeLetters(database: DatabaseOptions, asOf: CalendarDate, folder: String, templates: String?) async throws -> Int {
        try await database.withStore { store in
            let pending = try await store.actions(status: .approved).filter { $0.action.channel == .letter }
            guard !pending.isEmpty else { return 0 }
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let composer = try await ActionMaterial.composer(store, templates: templates)
            let recheck = try await SendingRecheck(store: store, asOf: asOf)
            var written = 0
            for stored in pending {
                guard let customer = recheck.customers[stored.action.customerID] else { continue }
                let (open, dropped) = recheck.check(stored.action)
                guard !open.isEmpty else {
                    try await store.close(actionID: stored.action.id, status: .cancelled,
                                          note: "re-checked before writing: \(dropped.joined(separator: ", ")); nothing left to remind", actor: "agent")
                    continue
                }
                let page = try composer.letter(stored.action, customer: customer, invoices: open, asOf: asOf, now: Int64(Date().timeIntervalSince1970))
                let path = (folder as NSString).appendingPathComponent(stored.action.id.replacingOccurrences(of: "/", with: "_") + ".html")
                try Data(page.utf8).write(to: URL(fileURLWithPath: path))
                try await store.close(actionID: stored.action.id, status: .executed, note: "letter written to \(path)", actor: "agent")
                written += 1
            }
            return written
        }
    }

    static func run(database: DatabaseOptions, asOf: CalendarDate, sender: any MessageSender, templates: String?) async throws -> DeliveryReport {
        try await database.withStore { store in
            let composer = try await ActionMaterial.composer(store, templates: templates)
            let worker = "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
            var service = DeliveryService(store: store, sender: sender, composer: composer, worker: worker)
            if let zone = ProcessInfo.processInfo.environment["ARAGENT_TIMEZONE"].flatMap(TimeZone.init(identifier:)) { service.companyTimeZone = zone }
            return try await service.run(asOf: asOf, now: Date())
        }
    }
}
