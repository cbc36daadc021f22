/// The OpenAPI 3.1 document served at `/openapi.json`, written by hand and held to the routes by
/// tests (OpenAPIConformanceTests): every route the router has appears here with its method,
/// and every documented required field is in the real answers. Hand-written rather than
/// generated: phase 1 has a handful of routes, and the generator's build plugin costs minutes
/// of every clean build on this machine.
enum OpenAPIDocument {
    static let json = #"""
    {
      "openapi": "3.1.0",
      "info": {"title": "ARAgent API", "version": "1.0.0",
               "description": "The accounts-receivable ledger and the agent's actions. Amounts are decimal strings with the currency's minor-unit digits; dates are YYYY-MM-DD. Lists are cursor-paginated: pass the answer's `next` as `cursor` until it is null."},
      "servers": [{"url": "/"}],
      "security": [{"bearer": []}],
      "paths": {
        "/health": {"get": {"operationId": "health", "security": [], "summary": "The process runs.",
          "responses": {"200": {"description": "Alive", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Status"}}}}}}},
        "/ready": {"get": {"operationId": "ready", "security": [], "summary": "The database is reachable and migrated.",
          "responses": {"200": {"description": "Ready", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Status"}}}},
                        "503": {"description": "Not ready", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Status"}}}}}}},
        "/api/v1/invoices": {"get": {"operationId": "listInvoices", "summary": "Invoices in invoice-number order (role viewer or higher).",
          "parameters": [
            {"name": "status", "in": "query", "schema": {"type": "string", "enum": ["open", "paid"]}},
            {"$ref": "#/components/parameters/cursor"}, {"$ref": "#/components/parameters/limit"}],
          "responses": {"200": {"description": "A page", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/InvoicePage"}}}},
                        "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"}}}},
        "/api/v1/customers": {"get": {"operationId": "listCustomers", "summary": "Customers in id order (role viewer or higher).",
          "parameters": [{"$ref": "#/components/parameters/cursor"}, {"$ref": "#/components/parameters/limit"}],
          "responses": {"200": {"description": "A page", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CustomerPage"}}}},
                        "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"}}}},
        "/api/v1/actions": {"get": {"operationId": "listActions", "summary": "The agent's actions in id order (role viewer or higher).",
          "parameters": [
            {"name": "status", "in": "query", "schema": {"type": "string", "enum": ["proposed", "approved", "rejected", "executed", "failed", "cancelled"]}},
            {"$ref": "#/components/parameters/cursor"}, {"$ref": "#/components/parameters/limit"}],
          "responses": {"200": {"description": "A page", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ActionPage"}}}},
                        "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"}}}},
        "/api/v1/actions/{id}/approve": {"post": {"operationId": "approveAction", "summary": "Approve a proposed action (role approver or admin).",
          "parameters": [{"$ref": "#/components/parameters/actionID"}, {"$ref": "#/components/parameters/idempotencyKey"}],
          "requestBody": {"$ref": "#/components/requestBodies/Decision"},
          "responses": {"200": {"description": "The action afterwards", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Action"}}}},
                        "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"},
                        "404": {"$ref": "#/components/responses/Problem"}, "409": {"$ref": "#/components/responses/Problem"}, "422": {"$ref": "#/components/responses/Problem"}}}},
        "/api/v1/actions/{id}/reject": {"post": {"operationId": "rejectAction", "summary": "Reject a proposed or approved action (role approver or admin); nothing queued for it is sent.",
          "parameters": [{"$ref": "#/components/parameters/actionID"}, {"$ref": "#/components/parameters/idempotencyKey"}],
          "requestBody": {"$ref": "#/components/requestBodies/Decision"},
          "responses": {"200": {"description": "The action afterwards", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Action"}}}},
                        "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"},
                        "404": {"$ref": "#/components/responses/Problem"}, "409": {"$ref": "#/components/responses/Problem"}, "422": {"$ref": "#/components/responses/Problem"}}}},
        "/api/v1/reports/aging": {"get": {"operationId": "agingReport", "summary": "Aging on a day, as `aragent report aging --format json` (role viewer or higher).",
          "parameters": [{"name": "as_of", "in": "query", "description": "YYYY-MM-DD; default today in the company's time zone", "schema": {"type": "string", "format": "date"}}],
          "responses": {"200": {"description": "The report", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AgingReport"}}}},
                        "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"}}}}
      },
      "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "description": "A token from `aragent tokens create --name N --role ROLE`."}},
        "parameters": {
          "cursor": {"name": "cursor", "in": "query", "description": "The `next` of the previous page, unchanged.", "schema": {"type": "string", "minLength": 1}},
          "limit": {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100}},
          "actionID": {"name": "id", "in": "path", "required": true, "description": "The action's id, URL-encoded (ids hold '/').", "schema": {"type": "string"}},
          "idempotencyKey": {"name": "Idempotency-Key", "in": "header", "description": "A repeat with the same key answers the first answer again and acts on nothing.",
                             "schema": {"type": "string", "minLength": 1, "maxLength": 255}}
        },
        "requestBodies": {
          "Decision": {"required": false, "content": {"application/json": {"schema": {"type": "object", "properties": {"note": {"type": "string"}}}}}}
        },
        "responses": {
          "Problem": {"description": "RFC 9457 problem details", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
        },
        "schemas": {
          "Status": {"type": "object", "required": ["status"], "properties": {"status": {"type": "string"}, "database": {"type": "string"}}},
          "Problem": {"type": "object", "required": ["type", "title", "status", "detail"],
            "properties": {"type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"}, "detail": {"type": "string"},
                           "field": {"type": "string", "description": "The parameter, header or body field at fault."}}},
          "Invoice": {"type": "object",
            "required": ["invoice_number", "customer_id", "currency", "amount", "open_amount", "issue_date", "due_date", "status", "disputed", "po_number", "paid_date"],
            "properties": {
              "invoice_number": {"type": "string"}, "customer_id": {"type": "string"}, "currency": {"type": "string", "minLength": 3, "maxLength": 3},
              "amount": {"type": "string", "pattern": "^-?[0-9]+(\\.[0-9]+)?$"}, "open_amount": {"type": "string", "pattern": "^-?[0-9]+(\\.[0-9]+)?$"},
              "issue_date": {"type": "string", "format": "date"}, "due_date": {"type": "string", "format": "date"},
              "status": {"type": "string", "enum": ["open", "paid"]}, "disputed": {"type": "boolean"},
              "po_number": {"type": ["string", "null"]}, "paid_date": {"type": ["string", "null"], "format": "date"}}},
          "Customer": {"type": "object",
            "required": ["customer_id", "name", "email", "phone", "payment_terms_days", "currency", "key_account", "credit_limit", "parent_customer_id", "account_owner"],
            "properties": {
              "customer_id": {"type": "string"}, "name": {"type": "string"}, "email": {"type": ["string", "null"]}, "phone": {"type": ["string", "null"]},
              "payment_terms_days": {"type": ["integer", "null"]}, "currency": {"type": ["string", "null"]}, "key_account": {"type": "boolean"},
              "credit_limit": {"type": ["string", "null"]}, "parent_customer_id": {"type": ["string", "null"]}, "account_owner": {"type": ["string", "null"]}}},
          "Action": {"type": "object",
            "required": ["id", "kind", "customer_id", "invoice_numbers", "channel", "template", "tone", "requires_approval", "status", "reason", "amount", "currency", "planned_for", "decided_by"],
            "properties": {
              "id": {"type": "string"},
              "kind": {"type": "string", "enum": ["reminder", "final_notice", "demand_letter", "collections_referral", "call_task", "credit_hold", "dispute_case", "promise_follow_up"]},
              "customer_id": {"type": "string"}, "invoice_numbers": {"type": "array", "items": {"type": "string"}},
              "channel": {"type": "string"}, "template": {"type": "string"}, "tone": {"type": "string"}, "requires_approval": {"type": "boolean"},
              "status": {"type": "string", "enum": ["proposed", "approved", "rejected", "executed", "failed", "cancelled"]},
              "reason": {"type": "string"}, "amount": {"type": "string"}, "currency": {"type": "string"}, "planned_for": {"type": "string", "format": "date"},
              "decided_by": {"type": ["string", "null"]}}},
          "InvoicePage": {"type": "object", "required": ["items", "next"],
            "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Invoice"}}, "next": {"type": ["string", "null"]}}},
          "CustomerPage": {"type": "object", "required": ["items", "next"],
            "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Customer"}}, "next": {"type": ["string", "null"]}}},
          "ActionPage": {"type": "object", "required": ["items", "next"],
            "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Action"}}, "next": {"type": ["string", "null"]}}},
          "AgingRow": {"type": "object", "required": ["currency", "not_due", "d1_30", "d31_60", "d61_90", "d91_120", "d120_plus", "total"],
            "properties": {"currency": {"type": "string"}, "not_due": {"type": "string"}, "d1_30": {"type": "string"}, "d31_60": {"type": "string"},
                           "d61_90": {"type": "string"}, "d91_120": {"type": "string"}, "d120_plus": {"type": "string"}, "total": {"type": "string"},
                           "customer_id": {"type": "string"}, "name": {"type": "string"}}},
          "AgingReport": {"type": "object", "required": ["as_of", "totals", "customers"],
            "properties": {"as_of": {"type": "string", "format": "date"}, "totals": {"type": "array", "items": {"$ref": "#/components/schemas/AgingRow"}},
                           "customers": {"type": "array", "items": {"$ref": "#/components/schemas/AgingRow"}}}}
        }
      }
    }
    """#
}
