"""HTTP entry point of ${{ values.name }}, on the standard library only."""

import json
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# Health endpoints the Helm chart's probes call (platform contract: probes).
ROUTES = {
    "/healthz": (200, "text/plain", b"ok"),
    "/readyz": (200, "text/plain", b"ok"),
    "/": (200, "application/json", json.dumps({"service": "${{ values.name }}"}).encode()),
}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        status, content_type, body = ROUTES.get(self.path, (404, "text/plain", b"not found"))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.end_headers()
        self.wfile.write(body)


def create_server(port: int) -> ThreadingHTTPServer:
    return ThreadingHTTPServer(("", port), Handler)


if __name__ == "__main__":
    create_server(int(os.environ.get("PORT", "${{ values.port }}"))).serve_forever()
