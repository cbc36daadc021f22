@testable import ARCommands
import ARAgent
import ARBootstrap
import ARStore
import ARTestSupport
import Foundation
import Testing

/// `aragent users` and `aragent tokens` as a person types them.
@Suite("users and tokens commands")
struct AccessCommandTests {
    func withStdin<T>(_ line: String?, _ body: () async throws -> T) async rethrows -> T {
        try await StandardInput.$readLine.withValue({ line }) { try await body() }
    }

    @Test("users add reads the password from stdin; a short one, a bad role or a taken name is refused and says why")
    func usersAdd() async throws {
        let cli = try CLIHarness()
        let added = await withStdin("correct horse") { await cli.run(["users", "add", "ana", "--role", "approver", "--password-stdin", "--db", cli.db]) }
        #expect(added.code == 0, "\(added.err)")
        let short = await withStdin("short") { await cli.run(["users", "add", "bo", "--role", "viewer", "--password-stdin", "--db", cli.db]) }
        #expect(short.code != 0)
        #expect(short.err.contains("at least 8"))
        let role = await withStdin("long enough") { await cli.run(["users", "add", "cy", "--role", "boss", "--password-stdin", "--db", cli.db]) }
        #expect(role.err.contains("admin, approver, collector") || role.err.contains("viewer, collector, approver, admin"))
        let taken = await withStdin("long enough") { await cli.run(["users", "add", "ana", "--role", "viewer", "--password-stdin", "--db", cli.db]) }
        #expect(taken.code != 0)
        #expect(taken.err.contains("already a user 'ana'"))
        let noFlag = await cli.run(["users", "add", "dee", "--role", "viewer", "--db", cli.db])
        #expect(noFlag.err.contains("--password-stdin"))
        let list = await cli.run(["users", "list", "--db", cli.db])
        #expect(list.out.contains("ana") && list.out.contains("approver") && list.out.contains("1 user(s)"))
    }

    @Test("passwd changes the password that signs in; disable stops sign-in; both are audited")
    func passwdAndDisable() async throws {
        let cli = try CLIHarness()
        _ = await withStdin("first password") { await cli.run(["users", "add", "ana", "--role", "collector", "--password-stdin", "--db", cli.db]) }
        let changed = await withStdin("second password") { await cli.run(["users", "passwd", "ana", "--password-stdin", "--db", cli.db]) }
        #expect(changed.code == 0, "\(changed.err)")
        let database = try await Database.open(cli.db)
        let store = SQLLedgerStore(database: database)
        let access = AccessService(store: store, hasher: BcryptHasher(cost: 4))
        do {
            await #expect(throws: AccessError.badCredentials) { _ = try await access.signIn(name: "ana", password: "first password", address: "t", now: Date()) }
            _ = try await access.signIn(name: "ana", password: "second password", address: "t", now: Date())
            let disabled = await cli.run(["users", "disable", "ana", "--db", cli.db])
            #expect(disabled.code == 0)
            await #expect(throws: AccessError.badCredentials) { _ = try await access.signIn(name: "ana", password: "second password", address: "t", now: Date()) }
            let audit = try await store.auditLog(limit: 100).filter { $0.event.entity == .user && $0.event.entityID == "ana" }.map(\.event.action)
            #expect(Set(audit).isSuperset(of: ["created", "password_changed", "signed_in", "disabled"]))
        } catch {
            await database.close()
            throw error
        }
        await database.close()
        let missing = await cli.run(["users", "disable", "nobody", "--db", cli.db])
        #expect(missing.err.contains("no user 'nobody'"))
    }

    @Test("tokens create prints the token alone on the last line, and that token is known with its role")
    func tokensCreate() async throws {
        let cli = try CLIHarness()
        let created = await cli.run(["tokens", "create", "--name", "erp", "--role", "viewer", "--db", cli.db])
        #expect(created.code == 0, "\(created.err)")
        let token = try #require(created.out.split(separator: "\n").last.map(String.init))
        #expect(token.hasPrefix(AccessPolicy.tokenPrefix))
        #expect(!token.contains(" "))
        let again = await cli.run(["tokens", "create", "--name", "erp", "--role", "viewer", "--db", cli.db])
        #expect(again.err.contains("already an API token named 'erp'"))
        let database = try await Database.open(cli.db)
        let found = try? await AccessService(store: SQLLedgerStore(database: database), hasher: BcryptHasher(cost: 4)).token(token)
        await database.close()
        #expect(found == APITokenRecord(name: "erp", role: .viewer))
    }
}

@Suite("configuration")
struct ConfigurationTests {
    @Test("a config file's keys are the environment variables; an unknown key is an error at its line")
    func configFile() throws {
        let file = try ConfigFile.parse("""
            db = "ledger.sqlite"   # the ledger
            [server]
            port = 9090
            public_url = "https://ar.example.com"
            [smtp]
            host = "mail.example.com"
            """, file: "aragent.toml")
        #expect(file.values == ["ARAGENT_DB": "ledger.sqlite", "ARAGENT_SERVER_PORT": "9090",
                                "ARAGENT_SERVER_PUBLIC_URL": "https://ar.example.com", "ARAGENT_SMTP_HOST": "mail.example.com"])
        #expect(throws: ConfigurationFileError(file: "aragent.toml", line: 2, message: "unknown setting 'server.prot'; the README's Server section lists every key")) {
            try ConfigFile.parse("[server]\nprot = 1\n", file: "aragent.toml")
        }
    }

    @Test("a flag beats the environment, which beats the file; a bad value names its flag and variable")
    func precedence() throws {
        let file = ConfigFile(values: ["ARAGENT_SERVER_PORT": "7000", "ARAGENT_SERVER_HOST": "0.0.0.0", "ARAGENT_SERVER_CYCLE_HOUR": "6"], path: "f")
        try Settings.$file.withValue(file) {
            try Settings.$overrides.withValue(["ARAGENT_SERVER_PORT": "7100"]) {
                let resolved = try ServerConfiguration.resolve(.init(cycleHour: 9))
                #expect(resolved.port == 7100)
                #expect(resolved.host == "0.0.0.0")
                #expect(resolved.cycleHour == 9)
                #expect(try ServerConfiguration.resolve(.init(port: 7200)).port == 7200)
            }
            try Settings.$overrides.withValue(["ARAGENT_SERVER_PORT": "eighty"]) {
                #expect(throws: ConfigurationError.self) { try ServerConfiguration.resolve(.init()) }
            }
        }
        #expect(throws: ConfigurationError.self) { try ServerConfiguration.resolve(.init(publicURL: "ar.example.com")) }
    }
}
