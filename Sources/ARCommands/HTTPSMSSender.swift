import ARAgent
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The SMS channel over an HTTP provider with the common "messages" API: a form-encoded POST of
/// `To`, `From` and `Body` with HTTP Basic authentication (Twilio's `…/Messages.json` and the
/// many providers that copy it). 2xx is sent; 429 and 5xx are temporary; 401 and 403 (the
/// account or token), 404 (the URL) and redirects are the settings, which stop the run; other
/// 4xx refuse this message.
struct HTTPSMSSender: SMSSender {
    let endpoint: URL
    let accountID: String
    let token: String
    let from: String

    /// Refuses an endpoint that would carry the token in clear text: https only, except plain
    /// http to this machine (127.0.0.0/8, ::1, localhost), where nothing crosses a network.
    init(endpoint: URL, accountID: String, token: String, from: String) throws {
        guard let scheme = endpoint.scheme?.lowercased(), let host = endpoint.host, !host.isEmpty, scheme == "https" || scheme == "http" else {
            throw ValidationError("--sms-url (or ARAGENT_SMS_URL) '\(endpoint.absoluteString)' is not an http(s) URL with a host")
        }
        guard scheme == "https" || Self.isLoopback(host) else {
            throw ValidationError("""
                --sms-url (or ARAGENT_SMS_URL) would send the SMS token over plain http to \(host); use the provider's https URL \
                (plain http is accepted only to 127.0.0.0/8, ::1 or localhost)
                """)
        }
        self.endpoint = endpoint
        self.accountID = accountID
        self.token = token
        self.from = from
    }

    static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if bare == "localhost" || bare == "::1" { return true }
        let parts = bare.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    func send(_ message: OutgoingSMS) async throws {
        var request = URLRequest(url: endpoint)
        request.httpMethod = "POST"
        request.timeoutInterval = 30
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        request.setValue(message.idempotencyKey, forHTTPHeaderField: "Idempotency-Key")
        let credentials = Data("\(accountID):\(token)".utf8).base64EncodedString()
        request.setValue("Basic \(credentials)", forHTTPHeaderField: "Authorization")
        request.httpBody = Data(Self.form(["To": message.to, "From": from, "Body": message.body]).utf8)
        let response: URLResponse
        do {
            (_, response) = try await Self.session.data(for: request)
        } catch {
            throw SendFailure.transient("the SMS provider at \(endpoint.host ?? "?") did not answer: \(error.localizedDescription)")
        }
        guard let status = (response as? HTTPURLResponse)?.statusCode else { throw SendFailure.transient("no HTTP status from the SMS provider") }
        switch status {
        case 200..<300: return
        case 401, 403:
            throw SendFailure.configuration("""
                the SMS provider refused the credentials (HTTP \(status)); check --sms-account (ARAGENT_SMS_ACCOUNT) and ARAGENT_SMS_TOKEN
                """)
        case 404:
            throw SendFailure.configuration("the SMS provider has no such endpoint (HTTP 404); check --sms-url (ARAGENT_SMS_URL)")
        case 300..<400:
            throw SendFailure.configuration("""
                the SMS provider redirects (HTTP \(status)); set --sms-url (ARAGENT_SMS_URL) to the address it names, the token is not sent on
                """)
        case 429, 500...: throw SendFailure.transient("the SMS provider answered HTTP \(status); retrying later")
        default: throw SendFailure.permanent("the SMS provider refused the message (HTTP \(status)); check the number and the account settings")
        }
    }

    /// A session that follows no redirect: the Authorization header must not travel to wherever
    /// a 3xx points (maybe plain http, maybe another host).
    static let session = URLSession(configuration: .ephemeral, delegate: RefuseRedirects(), delegateQueue: nil)

    static func form(_ fields: [String: String]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
            .joined(separator: "&")
    }
}

/// Answers every redirect with "do not follow": the 3xx response itself is returned.
final class RefuseRedirects: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}

import ArgumentParser
