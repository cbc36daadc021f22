import ARCore
import ArgumentParser
import Foundation

/// `aragent classify`: customer replies to reminders labelled from a JSON Lines file, with no
/// database (CONTRACTS.md).
struct ClassifyCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Label customer replies to payment reminders (promise, already paid, disputes, …) and read promised dates.",
        discussion: """
            Reads JSON Lines {"id", "date", "text"} (optional "subject"); "date" is the day the reply was written,
            YYYY-MM-DD or an ISO 8601 date-time (its date as written is used). Writes one line per input line, in the
            same order: {"id", "label", "confidence", "promise_date"}; the id is echoed exactly as given, confidence is
            0-1, promise_date is YYYY-MM-DD for a promise or a payment plan whose text commits to a date, else null.
            Labels: \(ReplyLabel.allCases.map(\.rawValue).joined(separator: ", ")).
            The output is written to a temporary file and renamed, so a bad input leaves no partial output.
            """)

    @Option(help: "Replies, one JSON object per line.") var `in`: String
    @Option(help: "Where to write the labelled replies (JSON Lines).") var out: String
    @Flag(help: "Add \"guesses\" (the best three labels with their confidence), \"review\", \"amounts\" and \"invoice_numbers\".")
    var explain = false

    /// An input line that cannot be read: `file:line:column: what is wrong` and how to fix it.
    struct BadLine: Error {
        let message: String
    }

    struct Reply {
        let id: String
        let date: CalendarDate
        let text: String
        let subject: String?
    }

    func execute(console: Console) async throws {
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: URL(fileURLWithPath: self.in)))
        } catch {
            throw ValidationError("cannot read '\(self.in)': \(error.localizedDescription)")
        }
        let replies: [Reply]
        do {
            replies = try Self.read(bytes, file: self.in)
        } catch let error as BadLine {
            // Said once, on standard error, without the usage text: the file is wrong, not the command.
            console.err(error.message)
            throw ExitCode(2)
        }
        let classifier = ReplyClassifier.standard
        var output: [UInt8] = []
        output.reserveCapacity(replies.count * 96)
        var counts: [ReplyLabel: Int] = [:]
        for reply in replies {
            let result = classifier.classify(text: reply.text, subject: reply.subject, messageDate: reply.date)
            counts[result.label, default: 0] += 1
            output.append(contentsOf: Self.line(reply.id, result, explain: explain).utf8)
            output.append(UInt8(ascii: "\n"))
        }
        do {
            try Data(output).write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch {
            throw ValidationError("cannot write '\(out)': \(error.localizedDescription)")
        }
        let summary = ReplyLabel.allCases.compactMap { label in counts[label].map { "\($0) \(label.rawValue)" } }.joined(separator: ", ")
        console.out("\(replies.count) replies classified\(summary.isEmpty ? "" : ": " + summary). Wrote \(out).")
    }

    static func line(_ id: String, _ result: ReplyClassification, explain: Bool) -> String {
        var members: [(String, JSONValue)] = [
            ("label", .string(result.label.rawValue)),
            ("confidence", .number(MoneyFormat.decimalString(minorUnits: Int64(result.confidencePermille), digits: 3))),
            ("promise_date", result.promiseDate.map { .string($0.iso) } ?? .null),
        ]
        if explain {
            members.append(("guesses", .array(result.guesses.map { guess in
                .object([("label", .string(guess.label.rawValue)), ("confidence", .number(MoneyFormat.decimalString(minorUnits: Int64(guess.permille), digits: 3)))])
            })))
            members.append(("review", .bool(result.needsReview)))
            members.append(("amounts", .array(result.facts.amounts.map { .object([("amount", .string(MoneyFormat.decimalString(minorUnits: $0.hundredths, digits: 2))), ("currency", $0.currencyCode.map { .string($0) } ?? .null)]) })))
            members.append(("invoice_numbers", .array(result.facts.references.map { .string($0.text) })))
        }
        // The id goes first exactly as written in the input.
        let rest = JSONValue.object(members).rendered(pretty: false)
        return "{\"id\":" + id + "," + rest.dropFirst()
    }

    /// Every line of `bytes` as a reply; the first bad line stops the command with
    /// `file:line:column: what is wrong` and how to fix it.
    static func read(_ bytes: [UInt8], file: String) throws -> [Reply] {
        var replies: [Reply] = []
        var lineNumber = 0
        for rawLine in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = rawLine[...]
            if lineNumber == 1, line.starts(with: [0xEF, 0xBB, 0xBF]) { line = line.dropFirst(3) }
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            func reject(_ column: Int, _ message: String) -> BadLine {
                BadLine(message: "\(file):\(lineNumber):\(column): \(message)")
            }
            guard String(validating: line, as: UTF8.self) != nil else {
                throw reject(1, "the line is not valid UTF-8; save the file as UTF-8")
            }
            let object: JSONLineObject
            do {
                object = try JSONLineObject.parse(line)
            } catch {
                throw reject(error.column, "\(error.message). Each line must be one JSON object such as {\"id\": 1, \"date\": \"2026-11-04\", \"text\": \"We will pay on Friday\"}")
            }
            guard let id = object.raw["id"] else { throw reject(1, "the member \"id\" is missing; give each reply an id (a number or a string)") }
            guard id.first == "\"" || id.first == "-" || (id.first?.isNumber ?? false) else {
                throw reject(1, "\"id\" is \(id); it must be a number or a string")
            }
            guard object.raw["text"] != nil else { throw reject(1, "the member \"text\" is missing; add the reply's text (an empty string if it has none)") }
            guard let text = object.strings["text"] else { throw reject(1, "\"text\" must be a string, found \(object.raw["text"]!)") }
            guard let dateText = object.strings["date"] else {
                throw reject(1, object.raw["date"] == nil ? "the member \"date\" is missing; add the day the reply was written, such as \"2026-11-04\""
                                                          : "\"date\" must be a string such as \"2026-11-04\", found \(object.raw["date"]!)")
            }
            guard let date = messageDate(dateText) else {
                throw reject(1, "\"date\" is \"\(dateText)\"; write it as YYYY-MM-DD or an ISO 8601 date-time such as 2026-11-04T09:30:00Z")
            }
            var subject: String?
            if let raw = object.raw["subject"], raw != "null" {
                guard let value = object.strings["subject"] else { throw reject(1, "\"subject\" must be a string, found \(raw)") }
                subject = value
            }
            replies.append(Reply(id: id, date: date, text: text, subject: subject))
        }
        return replies
    }

    /// `2026-11-04`, `2026-11-04T09:30:00Z`, `2026-11-04T09:30:00.123+01:00`, `2026-11-04 09:30`:
    /// the date as written (the writer's own day; an offset is not applied, because the day the
    /// customer wrote is the day their "tomorrow" counts from).
    static func messageDate(_ text: String) -> CalendarDate? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let utf8 = Array(trimmed.utf8)
        guard utf8.count >= 10, let date = CalendarDate.parseISO(utf8[0..<10]) else { return nil }
        if utf8.count == 10 { return date }
        guard utf8[10] == UInt8(ascii: "T") || utf8[10] == UInt8(ascii: "t") || utf8[10] == UInt8(ascii: " ") else { return nil }
        let time = utf8[11...]
        // HH:MM, then anything a date-time carries: seconds, fraction, Z or an offset.
        guard time.count >= 5, CalendarDate.digits(time, time.startIndex, 2) != nil, time[time.startIndex + 2] == UInt8(ascii: ":"),
              CalendarDate.digits(time, time.startIndex + 3, 2) != nil,
              time.allSatisfy({ ($0 >= 48 && $0 <= 57) || ":.+-Zz".utf8.contains($0) }) else { return nil }
        return date
    }
}
