import ARAgent
import ARBootstrap
import ARStore
import ArgumentParser
import Foundation

/// Standard input, replaceable per task so that tests feed passwords without a terminal.
enum StandardInput {
    @TaskLocal static var readLine: @Sendable () -> String? = { Swift.readLine(strippingNewline: true) }

    /// One password from standard input: never a flag, which would show in `ps` and shell history.
    static func password() throws -> String {
        guard let line = readLine(), !line.isEmpty else {
            throw ValidationError("no password on standard input; pipe it in, e.g. `printf '%s' \"$PASSWORD\" | aragent users add …`")
        }
        return line
    }
}

/// The person running the CLI, for the audit log.
enum CLIActor {
    static var name: String { ProcessInfo.processInfo.environment["USER"].map { "cli:\($0)" } ?? "cli" }
}

extension AccessError {
    var validation: ValidationError { ValidationError(description) }
}

/// `aragent users add|passwd|disable|list`: the people who sign in to `serve`.
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "People who sign in to the server: add, passwd, disable, list.",
        subcommands: [Add.self, Passwd.self, Disable.self, List.self])

    static func service(_ store: SQLLedgerStore) -> AccessService { AccessService(store: store, hasher: BcryptHasher()) }

    struct Add: ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user with a role; the password is read from standard input.")
        @OptionGroup var database: DatabaseOptions
        @Argument var name: String
        @Option(help: "admin, approver, collector or viewer.") var role: String
        @Flag(help: "Read the password from standard input (required: passwords are never flags).") var passwordStdin = false

        func execute(console: Console) async throws {
            let role: Role
            do { role = try Role.parse(self.role, what: "--role") } catch { throw error.validation }
            guard passwordStdin else { throw ValidationError("pass --password-stdin and the password on standard input") }
            let password = try StandardInput.password(), name = self.name
            do {
                try await database.withStore { try await UsersCommand.service($0).addUser(name: name, role: role, password: password, actor: CLIActor.name) }
            } catch let error as AccessError { throw error.validation }
            console.out("User \(name) added with role \(role.rawValue).")
        }
    }

    struct Passwd: ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "Set a user's password (read from standard input); their sessions end.")
        @OptionGroup var database: DatabaseOptions
        @Argument var name: String
        @Flag(help: "Read the password from standard input (required).") var passwordStdin = false

        func execute(console: Console) async throws {
            guard passwordStdin else { throw ValidationError("pass --password-stdin and the password on standard input") }
            let password = try StandardInput.password(), name = self.name
            do {
                try await database.withStore { try await UsersCommand.service($0).changePassword(name: name, password: password, actor: CLIActor.name) }
            } catch let error as AccessError { throw error.validation }
            console.out("Password of \(name) changed; their sessions are signed out.")
        }
    }

    struct Disable: ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a user: they cannot sign in, and their sessions end.")
        @OptionGroup var database: DatabaseOptions
        @Argument var name: String

        func execute(console: Console) async throws {
            let name = self.name
            do {
                try await database.withStore { try await UsersCommand.service($0).disable(name: name, actor: CLIActor.name) }
            } catch let error as AccessError { throw error.validation }
            console.out("User \(name) disabled.")
        }
    }

    struct List: ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "The users and their roles.")
        @OptionGroup var database: DatabaseOptions

        func execute(console: Console) async throws {
            let users = try await database.withStore { try await $0.users() }
            var table = TextTable([("User", .left), ("Role", .left), ("State", .left)])
            for user in users { table.add([user.name, user.role.rawValue, user.disabled ? "disabled" : "active"]) }
            console.out(table.rendered() + "\n\(users.count) user(s)")
        }
    }
}

/// `aragent tokens create`: API tokens for `Authorization: Bearer`.
struct TokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tokens", abstract: "API tokens: create.", subcommands: [Create.self])

    struct Create: ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "Create an API token; it is printed once, alone on the last line.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "A name for the token (unique), for the audit log.") var name: String
        @Option(help: "admin, approver, collector or viewer.") var role: String

        func execute(console: Console) async throws {
            let role: Role
            do { role = try Role.parse(self.role, what: "--role") } catch { throw error.validation }
            let name = self.name
            let token: String
            do {
                token = try await database.withStore { try await UsersCommand.service($0).createToken(name: name, role: role, actor: CLIActor.name) }
            } catch let error as AccessError { throw error.validation }
            console.out("API token '\(name)' with role \(role.rawValue); it is shown only now, keep it secret:\n\(token)")
        }
    }
}
