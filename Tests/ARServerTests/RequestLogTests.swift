@testable import ARServer
import Hummingbird
import Mustache
import HummingbirdTesting
import Logging
import Synchronization
import Testing

/// Collects what is logged, to check what a request log line carries.
final class CapturedLog: Sendable {
    let lines = Mutex<[String]>([])

    struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
            let all = self.metadata.merging(metadata ?? [:]) { $1 }
            let text = "\(level) \(message) " + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            log.lines.withLock { $0.append(text) }
        }
    }

    func logger(level: Logger.Level) -> Logger {
        var logger = Logger(label: "test") { _ in Handler(log: self) }
        logger.logLevel = level
        return logger
    }
}

@Suite("Request logs")
struct RequestLogTests {
    @Test("a request is logged with its route template, status and method; the token and the query in its path never are")
    func noTokensInLogs() async throws {
        let log = CapturedLog()
        let router = Router()
        router.add(middleware: RequestLogMiddleware())
        router.get("portal/{token}") { _, _ in "ok" }
        router.get("t/{token}") { _, _ in "gif" }
        let app = Application(router: router, logger: log.logger(level: .info))
        try await app.test(.router) { client in
            _ = try await client.execute(uri: "/portal/SECRET-PORTAL-TOKEN?email=ap%40acme.example", method: .get) { $0 }
            _ = try await client.execute(uri: "/t/SECRET-PIXEL-TOKEN", method: .get) { $0 }
        }
        let lines = log.lines.withLock { $0 }
        let requests = lines.filter { $0.contains("http.route") }
        #expect(requests.count == 1, "the open image logs at debug, below the info level: \(lines)")
        #expect(requests.first?.contains("http.route=/portal/{token}") == true && requests.first?.contains("http.status=200") == true, "\(requests)")
        #expect(!lines.joined().contains("SECRET") && !lines.joined().contains("acme.example"), "\(lines)")
    }
}

@Suite("Page escaping")
struct PageEscapingTests {
    @Test("the pages' escaping writes exactly what swift-mustache's HTML escaping writes, for markup, quotes, ampersands and any script")
    func sameAsMustache() throws {
        let samples = ["", "plain", "<script>alert('x')</script>", "Tom & Jerry \"Ltd\"", "O'Brien <o@x.example>", "Müller GmbH — 1 200 €",
                       "&amp; already", "日本語 <b>太字</b>", "emoji 👍🏽 & ' \" < >", String(repeating: "a<", count: 1_000)]
        let plain = try MustacheTemplate(string: "{{value}}")
        let fast = try #require(PageTemplates.library.getTemplate(named: "error"))
        _ = fast  // the library registers the content type
        let ours = try MustacheTemplate(string: "{{% CONTENT_TYPE: \(FastHTMLContentType.name)}}{{value}}")
        for sample in samples {
            #expect(ours.render(["value": sample]) == plain.render(["value": sample]), "\(sample)")
        }
    }
}
