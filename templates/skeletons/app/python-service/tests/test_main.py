import threading
import urllib.request

from app.main import create_server


def test_answers_the_health_probes():
    server = create_server(0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = server.server_address[1]
        for path in ("/healthz", "/readyz"):
            with urllib.request.urlopen(f"http://localhost:{port}{path}") as res:
                assert res.status == 200
    finally:
        server.shutdown()
