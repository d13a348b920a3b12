"""A notification bot as an IT admin would write it with Debian's python3-socketio.

Usage: python_socketio_bot.py URL TOKEN ROOM_ID CA_FILE
Prints one JSON line per step on stdout: joined, sent, received (a message:new whose body is
"hello bot"), then exits 0. Any failure prints {"step": "error", ...} and exits 1.
"""
import json
import sys
import threading

import requests
import socketio

url, token, room_id, ca_file = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]


def say(step, **data):
    print(json.dumps({"step": step, **data}), flush=True)


session = requests.Session()
session.verify = ca_file
sio = socketio.Client(http_session=session, reconnection=False)
received = threading.Event()


@sio.on("message:new")
def on_message(event):
    if event["message"]["body"] == "hello bot":
        say("received", message=event["message"])
        received.set()


try:
    sio.connect(url, auth={"token": token}, transports=["websocket"], wait_timeout=30)
    joined = sio.call("room:join", {"roomId": room_id}, timeout=30)
    say("joined", ack=joined)
    sent = sio.call(
        "message:send",
        {"roomId": room_id, "body": "hello from python", "clientMsgId": "py-bot-1"},
        timeout=30,
    )
    say("sent", ack=sent)
    if not received.wait(45):
        raise TimeoutError("no message:new 'hello bot' within 45 s")
    sio.disconnect()
except Exception as error:  # report anything, so the test shows why
    say("error", error=f"{type(error).__name__}: {error}")
    sys.exit(1)
