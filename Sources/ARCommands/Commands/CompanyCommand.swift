import ARAgent
import ARCore
import ArgumentParser
import Foundation

/// `aragent company show|set`: the company's identity and payment instructions, shown in every
/// message, letter and on the portal.
struct CompanyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "company", abstract: "Show or set the company's identity and payment instructions (messages, letters, the portal).",
        subcommands: [Show.self, Set.self], defaultSubcommand: Show.self)

    struct Show: ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "Print the company profile as JSON (the form `company set` reads).")
        @OptionGroup var database: DatabaseOptions

        func execute(console: Console) async throws {
            guard let profile = try await database.withStore({ try await $0.companyProfile() }) else {
                console.out("No company profile yet: messages show ARAGENT_COMPANY_NAME and the links only. Set one with `aragent company set FILE.json`.")
                return
            }
            console.out(try CompanyProfileFile.render(profile))
        }
    }

    struct Set: ConsoleCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set the company profile from a JSON file.",
            discussion: """
                Keys: legalName, address (newlines between lines), arContact, replyTo, logoURL (https), and payment: a list of \
                {currency, bankName, accountHolder, iban, bic, accountNumber, routingNumber, reference, paymentURL}. reference \
                defaults to "{invoices}" (the invoice numbers); paymentURL may hold {invoices}, {amount}, {amount_minor}, \
                {currency} and {customer}. `aragent company show` prints the current one in this form.
                """)
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: ReviewCommand.Actor
        @Argument(help: "The JSON file.") var file: String

        func execute(console: Console) async throws {
            let profile = try CompanyProfileFile.read(path: file)
            let person = actor.name
            try await database.withStore { try await $0.setCompanyProfile(profile, actor: person) }
            console.out("Company profile set: \(profile.legalName), payment instructions for \(profile.payment.map(\.currency).joined(separator: ", ")).")
        }
    }
}

/// The company profile's file form, checked field by field.
enum CompanyProfileFile {
    static func render(_ profile: CompanyProfile) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(profile), as: UTF8.self)
    }

    static func read(path: String) throws -> CompanyProfile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("\(path): cannot be read; give the path of a JSON file (see `aragent company set --help`)")
        }
        let profile: CompanyProfile
        do {
            profile = try JSONDecoder().decode(CompanyProfile.self, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw ValidationError("\(path): the key '\(key.stringValue)' is missing")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw ValidationError("\(path): \(context.codingPath.map(\.stringValue).joined(separator: ".")) has the wrong type: \(context.debugDescription)")
        } catch {
            throw ValidationError("\(path): not a company profile in JSON (\(error))")
        }
        guard !profile.legalName.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("\(path): legalName is empty") }
        if let logo = profile.logoURL, !logo.lowercased().hasPrefix("https://") {
            throw ValidationError("\(path): logoURL '\(logo)' must be an https URL (the portal loads no other)")
        }
        var seen: Swift.Set<String> = []
        for (index, instruction) in profile.payment.enumerated() {
            let place = "\(path): payment[\(index)]"
            guard Currency(code: instruction.currency) != nil else { throw ValidationError("\(place): '\(instruction.currency)' is not an ISO 4217 currency code") }
            guard seen.insert(instruction.currency.uppercased()).inserted else { throw ValidationError("\(place): \(instruction.currency) is given twice") }
            guard instruction.iban != nil || instruction.accountNumber != nil || instruction.paymentURL != nil else {
                throw ValidationError("\(place): give an iban, an accountNumber or a paymentURL, or customers cannot pay")
            }
            if let url = instruction.paymentURL, !url.lowercased().hasPrefix("https://") {
                throw ValidationError("\(place): paymentURL '\(url)' must be an https URL")
            }
        }
        return profile
    }
}
