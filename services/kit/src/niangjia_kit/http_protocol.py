"""uvicorn's HTTP protocol, answering a request it cannot parse in the API's error shape.

A request line or header that is not HTTP/1.1 (a URL holding raw UTF-8 where percent-encoding belongs,
as `curl 'http://…/counts?region=江苏省'` sends it; a request line over the parser's limit; bytes that
are no request at all) never reaches the application: uvicorn answers it with a plain-text 400
("Invalid HTTP request received."). This protocol answers the same 400 with the body every other
refusal has, its stable code and a sentence that says what to do, in English as the API's default
(the request's Accept-Language was never read).
"""

from __future__ import annotations

import json

from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

MALFORMED = json.dumps(
    {
        "error": {
            "code": "malformed_http",
            "message": "the request is not valid HTTP/1.1 (a malformed request line or header); "
            "percent-encode characters outside ASCII in the URL, e.g. region=%E6%B1%9F%E8%8B%8F%E7%9C%81 "
            "for 江苏省 (curl -G --data-urlencode 'region=江苏省')",
        }
    },
    ensure_ascii=False,
).encode()


class JsonErrorsProtocol(HttpToolsProtocol):
    """`HttpToolsProtocol` whose answer to an unparsable request is the API's JSON error."""

    def send_400_response(self, msg: str) -> None:
        content = [STATUS_LINE[400]]
        for name, value in self.server_state.default_headers:
            content.extend([name, b": ", value, b"\r\n"])
        content.extend(
            [
                b"content-type: application/json\r\n",
                b"content-length: " + str(len(MALFORMED)).encode("ascii") + b"\r\n",
                b"connection: close\r\n",
                b"\r\n",
                MALFORMED,
            ]
        )
        self.transport.write(b"".join(content))
        self.transport.close()
