import ARCommands
import Foundation
import Testing

/// `aragent classify` from the command line: ids echoed exactly, order kept, bad lines named.
@Suite("Classify from the command line")
struct ClassifyCommandTests {
    let cli: CLIHarness
    init() throws { cli = try CLIHarness() }

    @Test("Labels each line in order, echoes ids as given, dates and date-times accepted")
    func classifies() async throws {
        let input = try cli.write("replies.jsonl", """
            {"id": 12345678901234567890, "date": "2026-11-04", "text": "We will pay invoice INV-2026-0042 on Friday."}
            {"id": "a-1", "date": "2026-11-04T09:30:00+01:00", "subject": "Automatic reply: reminder", "text": "I am out of the office until 16 November."}
            {"id":1.50,"date":"2026-11-04T08:00:00Z","text":"Die Rechnung haben wir bereits am 28.10.2026 bezahlt."}

            {"id": "\\u00e9", "date": "2026-11-04", "text": ""}
            """)
        let output = cli.folder.appendingPathComponent("labels.jsonl").path
        let run = await cli.run(["classify", "--in", input, "--out", output])
        #expect(run.code == 0, "\(run.err)")
        let lines = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix(#"{"id":12345678901234567890,"label":"promise_to_pay","confidence":"#))
        #expect(lines[0].hasSuffix(#","promise_date":"2026-11-06"}"#))
        #expect(lines[1].hasPrefix(#"{"id":"a-1","label":"auto_reply","#))
        #expect(lines[1].hasSuffix(#""promise_date":null}"#))
        #expect(lines[2].hasPrefix(#"{"id":1.50,"label":"already_paid","#))
        #expect(lines[3].hasPrefix(#"{"id":"\u00e9","label":"other","#))
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let confidence = try #require(object["confidence"] as? Double)
            #expect((0...1).contains(confidence))
        }
    }

    @Test("A bad line is named with file:line:column, and nothing is written")
    func badLine() async throws {
        let input = try cli.write("bad.jsonl", """
            {"id": 1, "date": "2026-11-04", "text": "ok"}
            {"id": 2, "date": "2026-11-04", "text": "unterminated}
            """)
        let output = cli.folder.appendingPathComponent("out.jsonl").path
        let run = await cli.run(["classify", "--in", input, "--out", output])
        #expect(run.code != 0)
        #expect(run.err.contains("bad.jsonl:2:"), "\(run.err)")
        #expect(run.err.contains("string is not closed"), "\(run.err)")
        #expect(!run.err.contains("Usage"), "\(run.err)")
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test("Missing members and bad dates say how to fix them", arguments: [
        (#"{"id": 1, "text": "x"}"#, "\"date\" is missing"),
        (#"{"id": 1, "date": "04.11.2026", "text": "x"}"#, "YYYY-MM-DD"),
        (#"{"date": "2026-11-04", "text": "x"}"#, "\"id\" is missing"),
        (#"{"id": 1, "date": "2026-11-04"}"#, "\"text\" is missing"),
        (#"[1, 2]"#, "one JSON object"),
    ])
    func missing(line: String, message: String) async throws {
        let input = try cli.write("in.jsonl", line + "\n")
        let run = await cli.run(["classify", "--in", input, "--out", cli.folder.appendingPathComponent("o.jsonl").path])
        #expect(run.code != 0)
        #expect(run.err.contains("in.jsonl:1:"), "\(run.err)")
        #expect(run.err.contains(message), "\(run.err)")
    }
}
