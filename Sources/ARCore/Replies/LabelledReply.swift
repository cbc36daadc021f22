/// A reply with its known label (and promised date): one line of the shipped corpus or of a test set.
public struct LabelledReply: Sendable, Hashable {
    public let label: ReplyLabel
    /// ISO 639-1 code of the reply's main language ("en", "de", …).
    public let language: String
    public let messageDate: CalendarDate
    public let promiseDate: CalendarDate?
    public let text: String

    public init(label: ReplyLabel, language: String, messageDate: CalendarDate, promiseDate: CalendarDate?, text: String) {
        self.label = label
        self.language = language
        self.messageDate = messageDate
        self.promiseDate = promiseDate
        self.text = text
    }

    public enum ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        case fields(line: Int, count: Int)
        case label(line: Int, text: String)
        case date(line: Int, text: String)

        public var description: String {
            switch self {
            case .fields(let line, let count): "line \(line): \(count) tab-separated fields, expected 5 (label, language, message date, promise date or -, text)"
            case .label(let line, let text): "line \(line): unknown label '\(text)'"
            case .date(let line, let text): "line \(line): '\(text)' is not a date YYYY-MM-DD"
            }
        }
    }

    /// Parses `label<TAB>lang<TAB>YYYY-MM-DD<TAB>YYYY-MM-DD or -<TAB>text` lines, `\n` in the
    /// text standing for a line break; blank lines and lines starting with `#` are skipped.
    public static func parse(lines: String) throws(ParseError) -> [LabelledReply] {
        var replies: [LabelledReply] = []
        for (number, line) in lines.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", maxSplits: 4, omittingEmptySubsequences: false)
            guard fields.count == 5 else { throw .fields(line: number + 1, count: fields.count) }
            guard let label = ReplyLabel(rawValue: String(fields[0])) else { throw .label(line: number + 1, text: String(fields[0])) }
            guard let messageDate = CalendarDate(iso: String(fields[2])) else { throw .date(line: number + 1, text: String(fields[2])) }
            var promise: CalendarDate?
            if fields[3] != "-" {
                guard let date = CalendarDate(iso: String(fields[3])) else { throw .date(line: number + 1, text: String(fields[3])) }
                promise = date
            }
            let text = String(fields[4]).replacing("\\n", with: "\n")
            replies.append(LabelledReply(label: label, language: String(fields[1]), messageDate: messageDate, promiseDate: promise, text: text))
        }
        return replies
    }
}
