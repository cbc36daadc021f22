import ARAgent
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The SMS channel over an HTTP provider with the common "messages" API: a form-encoded POST of
/// `To`, `From` and `Body` with HTTP Basic authentication (Twilio's `…/Messages.json` and the
/// many providers that copy it). 2xx is sent; 429 and 5xx are temporary; other 4xx permanent.
struct HTTPSMSSender: SMSSender {
    let endpoint: URL
    let accountID: String
    let token: String
    let from: String

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
            (_, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw SendFailure.transient("the SMS provider at \(endpoint.host ?? "?") did not answer: \(error.localizedDescription)")
        }
        guard let status = (response as? HTTPURLResponse)?.statusCode else { throw SendFailure.transient("no HTTP status from the SMS provider") }
        switch status {
        case 200..<300: return
        case 429, 500...: throw SendFailure.transient("the SMS provider answered HTTP \(status); retrying later")
        default: throw SendFailure.permanent("the SMS provider refused the message (HTTP \(status)); check the number and the account settings")
        }
    }

    static func form(_ fields: [String: String]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
            .joined(separator: "&")
    }
}
