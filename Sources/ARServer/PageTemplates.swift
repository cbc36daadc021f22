import Mustache

/// The server-rendered pages' templates. `{{name}}` escapes HTML, so text from customer data
/// (names, reasons, notes) can never become markup; no template uses the unescaped `{{{…}}}`.
enum PageTemplates {
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        for (name, text) in [("layout-head", head), ("login", login), ("approvals", approvals)] {
            // The templates are constants of this file, checked by every page test: one that does
            // not parse is a programming error, reported by name at the first page.
            if let template = try? MustacheTemplate(string: text) { library.register(template, named: name) }
        }
        return library
    }()

    static func render(_ name: String, _ object: [String: Any]) throws -> String {
        guard let html = library.render(object, withTemplate: name) else {
            throw Problem(.internalServerError, title: "Internal Server Error", detail: "the page template '\(name)' does not parse")
        }
        return html
    }

    static let head = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · ARAgent</title>
        <style>
        body{font-family:system-ui,sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
        header{background:#1d2430;color:#fff;padding:.6rem 1rem;display:flex;gap:1rem;align-items:center}
        header a,header button{color:#fff}main{padding:1rem;max-width:70rem;margin:auto}
        table{border-collapse:collapse;width:100%;background:#fff}td,th{padding:.4rem .5rem;border-bottom:1px solid #dde;text-align:left;vertical-align:top}
        .error{color:#a00;background:#fee;padding:.5rem;border:1px solid #f99}form.inline{display:inline}
        label{display:block;margin:.5rem 0}input[type=text],input[type=password]{padding:.4rem;width:16rem}
        </style></head><body>
        """

    static let login = """
        {{> layout-head}}
        <header><strong>ARAgent</strong></header>
        <main>
        <h1>Sign in</h1>
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        <form method="post" action="/login">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label>User name <input type="text" name="name" value="{{name}}" autocomplete="username" required autofocus></label>
        <label>Password <input type="password" name="password" autocomplete="current-password" required></label>
        <button type="submit">Sign in</button>
        </form>
        </main></body></html>
        """

    static let approvals = """
        {{> layout-head}}
        <header><strong>ARAgent</strong><span>{{user}} ({{role}})</span>
        <form class="inline" method="post" action="/logout"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">Sign out</button></form></header>
        <main>
        <h1>Approvals</h1>
        {{#notice}}<p role="status">{{notice}}</p>{{/notice}}
        {{^actions}}<p>Nothing waits for approval.</p>{{/actions}}
        {{#hasActions}}
        <table><thead><tr><th>Customer</th><th>Action</th><th>Invoices</th><th>Amount</th><th>Why</th><th></th></tr></thead><tbody>
        {{#actions}}
        <tr><td>{{customerName}} <small>{{customerID}}</small></td><td>{{kind}} by {{channel}} ({{tone}})</td><td>{{invoices}}</td><td>{{amount}}</td><td>{{reason}}</td>
        <td>{{#canDecide}}
        <form class="inline" method="post" action="/approvals/{{encodedID}}/approve"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">Approve</button></form>
        <form class="inline" method="post" action="/approvals/{{encodedID}}/reject"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">Reject</button></form>
        {{/canDecide}}</td></tr>
        {{/actions}}
        </tbody></table>
        {{/hasActions}}
        </main></body></html>
        """
}
