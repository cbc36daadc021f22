import ARAgent
import ARBootstrap
import ARCore
import ARServer
import ARStore
import ARTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Metrics
import NIOCore
import Prometheus

/// A server on a fresh ledger of one engine, driven through its real router: a small demo
/// company (one customer named `<script>…`), today's cycle run (shadow mode: every action
/// proposed), one user and one API token per role.
struct ServerFixture: Sendable {
    let store: SQLLedgerStore
    let services: ServerServices
    let tokens: [Role: String]
    /// Each role's user is named after the role and has the password `password-ROLE`.
    static func password(_ role: Role) -> String { "password-\(role.rawValue)" }
    static let asOf = CalendarDate(iso: "2026-11-30")!
    static let scriptName = "<script>alert('owned')</script>"

    /// Metrics go to one registry for the whole test process (swift-metrics is bootstrapped once).
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    static func with(_ engine: DatabaseEngine = .sqlite, publicURL: URL? = nil,
                     _ body: @Sendable (ServerFixture, any TestClientProtocol) async throws -> Void) async throws {
        try await TestEnvironment.withFreshDatabase(engine) { database in
            let store = SQLLedgerStore(database: database)
            var company = DemoCompany(seed: 7, size: .init(customers: 12, invoices: 90), asOf: asOf)
            for records in [ParsedImport.Records.customers(company.customers), .invoices(company.invoices, customerNames: [:])] {
                let kind: ImportKind = if case .customers = records { .customers } else { .invoices }
                _ = try await store.store(ImportBatch(kind: kind, source: "test", sourceFingerprint: "test", actor: "test", records: records))
            }
            _ = try await CollectionsService(store: store).runCycle(asOf: asOf, dryRun: false)
            // The customer of the first proposed action is renamed to markup, so the approvals page shows it.
            guard let first = try await store.actions(status: .proposed).first,
                  let index = company.customers.firstIndex(where: { $0.id == first.action.customerID }) else {
                throw TestSetupError("the demo cycle proposed no action")
            }
            company.customers[index].name = scriptName
            _ = try await store.store(ImportBatch(kind: .customers, source: "test", sourceFingerprint: "test-2", actor: "test",
                                                  records: .customers(company.customers)))
            // bcrypt's lowest cost: the tests check the rules, not the hash's strength.
            let access = AccessService(store: store, hasher: BcryptHasher(cost: 4))
            var tokens: [Role: String] = [:]
            for role in Role.allCases {
                try await access.addUser(name: role.rawValue, role: role, password: password(role), actor: "test")
                tokens[role] = try await access.createToken(name: "t-\(role.rawValue)", role: role, actor: "test")
            }
            let composer = MessageComposer(renderer: try ReminderRenderer(), settings: MessageSettings(), signingKey: try await store.signingKey())
            let services = ServerServices(access: access, ledger: store, metrics: registry, publicURL: publicURL, today: { asOf }, composer: composer,
                                          freshnessBudget: .seconds(3_600))
            let fixture = ServerFixture(store: store, services: services, tokens: tokens)
            let app = Application(router: ServerApp.router(services), logger: quietLogger)
            try await app.test(.router) { client in try await body(fixture, client) }
        }
    }

    func bearer(_ role: Role, _ extra: HTTPFields = [:]) -> HTTPFields {
        var fields = extra
        fields[.authorization] = "Bearer \(tokens[role]!)"
        return fields
    }

    /// A proposed action of the `<script>` customer, which the cycle always plans (its invoices are overdue).
    func proposedAction() async throws -> StoredAction {
        let proposed = try await store.actions(status: .proposed)
        guard let action = proposed.first else { throw TestSetupError("the demo cycle proposed no action") }
        return action
    }
}

/// Request logs only for warnings and worse, so a test run's output shows the tests.
let quietLogger: Logger = {
    var logger = Logger(label: "aragent.test")
    logger.logLevel = .warning
    return logger
}()

extension TestResponse {
    var text: String { String(buffer: body) }
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:] }
    var setCookies: [String] { headers[values: .setCookie] }

    /// `name=value` of a Set-Cookie of this name.
    func cookie(_ name: String) -> String? {
        setCookies.first { $0.hasPrefix("\(name)=") }.map { String($0.prefix { $0 != ";" }) }
    }
}

extension ByteBuffer {
    static func form(_ fields: [String: String]) -> ByteBuffer {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let text = fields.sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.value)" }.joined(separator: "&")
        return ByteBuffer(string: text)
    }
}

/// An action id as one URL path segment.
func encodedID(_ id: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return id.addingPercentEncoding(withAllowedCharacters: allowed) ?? id
}
