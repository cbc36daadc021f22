#!/usr/bin/env python3
"""A stand-in SMS provider for tests: accepts POSTs like the common "Messages" HTTP API,
checks Basic authentication, and writes each accepted message as a JSON file into a folder.
Numbers starting with +1555000 are refused (400), +1555999 get 503, so tests can see both
kinds of failure. Usage: sms-test-server.py PORT FOLDER USER TOKEN"""
import base64, json, os, sys, time, urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port, folder, user, token = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
os.makedirs(folder, exist_ok=True)
expected = "Basic " + base64.b64encode(f"{user}:{token}".encode()).decode()

class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        if self.headers.get("Authorization") != expected:
            self.send_response(401); self.end_headers(); return
        length = int(self.headers.get("Content-Length", "0"))
        fields = {k: v[0] for k, v in urllib.parse.parse_qs(self.rfile.read(length).decode()).items()}
        to = fields.get("To", "")
        if to.startswith("+1555000"):
            self.send_response(400); self.end_headers(); return
        if to.startswith("+1555999"):
            self.send_response(503); self.end_headers(); return
        fields["Idempotency-Key"] = self.headers.get("Idempotency-Key", "")
        name = f"{time.time_ns()}.json"
        with open(os.path.join(folder, name + ".tmp"), "w") as f:
            json.dump(fields, f)
        os.rename(os.path.join(folder, name + ".tmp"), os.path.join(folder, name))
        body = json.dumps({"sid": name, "status": "queued"}).encode()
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
