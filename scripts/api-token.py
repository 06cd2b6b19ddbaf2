"""Signs in to a Knotwork server with accounts and prints a new personal API token.

    api-token.py URL EMAIL PASSWORD

What a script does before it calls the API as an account: scripts/test uses it to run
schemathesis signed in. Only the standard library, so it runs wherever python3 does.
"""
import json
import sys
import urllib.request


def send(url, path, body, cookie=None):
    request = urllib.request.Request(url + path, data=json.dumps(body).encode(), method="POST")
    request.add_header("Content-Type", "application/json")
    if cookie:
        request.add_header("Cookie", cookie)
    with urllib.request.urlopen(request) as response:
        cookies = response.headers.get_all("Set-Cookie") or []
        return json.loads(response.read() or b"{}"), cookies


def main():
    url, email, password = sys.argv[1:4]
    _, cookies = send(url, "api/v1/account/sign-in", {"email": email, "password": password})
    cookie = next(c.split(";")[0] for c in cookies if c.startswith("knotwork_session="))
    made, _ = send(url, "api/v1/account/tokens", {"name": "scripts/test"}, cookie)
    print(made["token"])


if __name__ == "__main__":
    main()
